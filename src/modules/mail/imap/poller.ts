import type { AppContext } from '../../context.js';
import { pollAccount } from './fetch.js';

export { pollAccount, type PollResult } from './fetch.js';

/**
 * Every IMAP_POLL_SECONDS, polls each active account that is due. Every server process runs
 * one; the lease taken on the account row keeps two of them off the same mailbox. Errors of
 * one account are kept on that account (last_error) and never stop the others or the server.
 * IMAP_POLL_SECONDS=0 turns fetching off.
 */
export function startImapPoller(ctx: AppContext): { stop(): Promise<void> } {
  const intervalMs = ctx.config.mail.imapPollSeconds * 1000;
  if (intervalMs <= 0) return { stop: async () => {} };
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      const accounts = await ctx.db.kysely.selectFrom('imap_accounts').select('id').where('active', '=', 1).orderBy('id').execute();
      for (const { id } of accounts) {
        if (stopping) return;
        // Due when the last poll ended half an interval ago or more: one process's tick always
        // finds it due, and two processes ticking out of step do not poll it twice as often.
        const dueBefore = new Date(ctx.now().getTime() - intervalMs / 2).toISOString();
        await pollAccount(ctx, id, { dueBefore, shouldStop: () => stopping });
      }
    } catch (err) {
      // The database is unreachable for now: the next tick tries again.
      ctx.log.warn({ err }, 'IMAP: a poll failed; retried at the next tick');
    }
  };

  const schedule = (delay: number) => {
    if (stopping) return;
    timer = setTimeout(() => {
      running = tick().finally(() => schedule(intervalMs));
    }, delay);
    timer.unref();
  };
  schedule(Math.min(intervalMs, 1000));

  return {
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
