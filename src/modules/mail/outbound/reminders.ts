import type { AppContext } from '../../context.js';
// PLACEHOLDER — to be written (issue 4, outbound helper).
export function startReminderScheduler(_ctx: AppContext): { stop(): Promise<void> } {
  return { stop: async () => {} };
}
