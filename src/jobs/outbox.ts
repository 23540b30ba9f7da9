import type { AppContext } from '../modules/context.js';
// PLACEHOLDER — to be written (issue 4, outbound helper).
export function startOutboxWorker(_ctx: AppContext): { stop(): Promise<void>; kick(): void } {
  return { stop: async () => {}, kick: () => {} };
}
