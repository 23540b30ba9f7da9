import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { insertRows } from '../../db/insert-rows.js';
import { appendAudit } from '../audit/service.js';
import { agencies, openPeriod, type Period } from './periods.js';
import { indicatorProviders } from './registry.js';

/**
 * Computes every registered automatic indicator for every agency for one month and replaces
 * that month's stored values in one transaction: the dashboard reads what is stored, the
 * drill-down asks the provider again for the records.
 */
/** Agencies per statement. */
const BATCH = 10;

export async function computeMonth(ctx: AppContext, month: string, actor: Actor | null = null): Promise<{ period: Period; values: number; ms: number }> {
  const started = Date.now();
  const period = await openPeriod(ctx, month);
  const db = ctx.db.kysely;
  const orgIds = new Set((await agencies(db)).map((a) => a.id));
  const at = ctx.now().toISOString();
  const rows: { month: string; org_id: number; code: string; value: number; numerator: number; denominator: number | null; extra: string | null; computed_at: string }[] = [];
  // Small batches of agencies, the event loop let go between them: on SQLite every statement
  // holds the one connection (and the process) while it runs; inbox pages go in between.
  const ids = [...orgIds];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    for (const p of indicatorProviders()) {
      for (const v of await p.compute(db, period, batch)) {
        if (!orgIds.has(v.orgId)) continue;
        rows.push({ month, org_id: v.orgId, code: p.code, value: v.value, numerator: v.numerator, denominator: v.denominator, extra: v.extra ? JSON.stringify(v.extra) : null, computed_at: at });
      }
      await new Promise((r) => setImmediate(r));
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('indicator_values').where('month', '=', month).execute();
    for (let i = 0; i < rows.length; i += 500) await insertRows(trx, ctx.db.dialect, 'indicator_values', rows.slice(i, i + 500));
    await trx.updateTable('monitoring_periods').set({ computed_at: at }).where('month', '=', month).execute();
    if (actor) await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'monitoring.compute', entityType: 'monitoring_period', entityId: month, data: { values: rows.length } });
  });
  return { period: { ...period, computedAt: at }, values: rows.length, ms: Date.now() - started };
}

export async function storedValues(db: Executor, month: string, orgId?: number) {
  let q = db.selectFrom('indicator_values').selectAll().where('month', '=', month);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  return q.execute();
}
