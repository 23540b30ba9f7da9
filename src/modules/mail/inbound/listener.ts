import type { AppContext } from '../../context.js';
// PLACEHOLDER — to be written (issue 4, inbound helper).
export async function startSmtpListener(_ctx: AppContext, opts: { port: number; host: string }): Promise<{ port: number; close(): Promise<void> }> {
  return { port: opts.port, close: async () => {} };
}
