import type { AppContext } from '../../context.js';
// PLACEHOLDER — to be written (issue 4, IMAP helper).
export function startImapPoller(_ctx: AppContext): { stop(): Promise<void> } {
  return { stop: async () => {} };
}
