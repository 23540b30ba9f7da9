import { performance } from 'node:perf_hooks';
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
 *
 * On SQLite every statement holds the one connection, and the process, while it runs; the
 * server answers inbox pages only between statements. So the agencies go to each provider in
 * batches sized to keep a statement near SLICE_MS (halved when one took longer, doubled when
 * well under: a province's documents sit with a few large agencies, whose batch shrinks to
 * one, while hundreds of communes with little go together), and the event loop is let go
 * between statements. PostgreSQL holds no process: one statement per provider.
 */
const SLICE_MS = 8;
const MAX_BATCH = 64;

export async function computeMonth(ctx: AppContext, month: string, actor: Actor | null = null): Promise<{ period: Period; values: number; ms: number }> {
  const started = Date.now();
  const period = await openPeriod(ctx, month);
  const db = ctx.db.kysely;
  const ids = (await agencies(db)).map((a) => a.id);
  const orgIds = new Set(ids);
  const at = ctx.now().toISOString();
  const rows: { month: string; org_id: number; code: string; value: number; numerator: number; denominator: number | null; extra: string | null; computed_at: string }[] = [];
  const sqlite = ctx.db.dialect === 'sqlite';
  for (const p of indicatorProviders()) {
    let size = sqlite ? 4 : Math.max(ids.length, 1);
    for (let i = 0; i < ids.length; ) {
      const batch = ids.slice(i, i + size);
      const t0 = performance.now();
      for (const v of await p.compute(db, period, batch)) {
        if (!orgIds.has(v.orgId)) continue;
        rows.push({ month, org_id: v.orgId, code: p.code, value: v.value, numerator: v.numerator, denominator: v.denominator, extra: v.extra ? JSON.stringify(v.extra) : null, computed_at: at });
      }
      i += batch.length;
      if (!sqlite) continue;
      const took = performance.now() - t0;
      size = took > SLICE_MS ? Math.max(1, size >> 1) : took < SLICE_MS / 4 ? Math.min(MAX_BATCH, size * 2) : size;
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
