import type { AppContext } from '../context.js';
import { computeMonth } from './compute.js';
import { currentMonth } from './periods.js';

/**
 * Recomputes the current month's automatic indicators every `everyMs` (MONITORING_COMPUTE_MS,
 * 3 minutes by default), so the dashboard is at most that far behind: the process that takes
 * the lease (background_leases 'monitoring.compute', moved on by the interval) computes, the
 * others find it taken. Opening the month's period on the way opens periods automatically.
 */
export function startMonitoringJob(ctx: AppContext, everyMs: number, log: (line: string) => void = () => {}): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  async function tick() {
    const now = ctx.now();
    const claimed = await ctx.db.kysely
      .updateTable('background_leases')
      .set({ until: new Date(now.getTime() + everyMs - 1000).toISOString() })
      .where('name', '=', 'monitoring.compute')
      .where('until', '<=', now.toISOString())
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const month = await currentMonth(ctx);
    const r = await computeMonth(ctx, month);
    const line = `monitoring: ${month} computed, ${r.values} values in ${r.ms} ms`;
    await ctx.db.kysely.updateTable('background_leases').set({ last_result: line }).where('name', '=', 'monitoring.compute').execute();
    log(line);
  }
  const pass = () => {
    if (running) return;
    running = tick()
      .catch((err) => ctx.log.warn({ err }, 'monitoring: a pass failed; retried at the next one'))
      .finally(() => (running = null));
  };
  const first = setTimeout(pass, 3000);
  const timer = setInterval(pass, Math.max(10_000, Math.min(everyMs, 60_000)));
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
