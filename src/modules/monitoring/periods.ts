import type { AppContext } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DEFAULT_SETTINGS, monthOfDay, periodWindow, submitDeadline, type BandThresholds, type MonitoringSettings, type PeriodWindow } from '../../domain/monitoring.js';
import { localDate } from '../../domain/numbering.js';
import type { Recipients } from './access.js';

export type Settings = MonitoringSettings & Recipients;

/** The settings row (migration 025 writes it); the People's Committee found by name when not set. */
export async function loadSettings(db: Executor): Promise<Settings> {
  const row = await db.selectFrom('monitoring_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  const base: Settings = row
    ? { cutoffDay: row.cutoff_day, submitWorkingDays: row.submit_working_days, bands: JSON.parse(row.bands) as BandThresholds, publicCodes: JSON.parse(row.public_codes) as string[], ubndOrgId: row.ubnd_org_id, officeOrgId: row.office_org_id }
    : { ...DEFAULT_SETTINGS, ubndOrgId: null, officeOrgId: null };
  if (base.ubndOrgId === null) {
    const ubnd = await db
      .selectFrom('organizations as o')
      .innerJoin('organizations as p', 'p.id', 'o.parent_id')
      .select('o.id')
      .where('o.kind', '=', 'agency')
      .where('p.kind', '=', 'province')
      .where('o.short_name', '=', 'UBND')
      .orderBy('o.id')
      .executeTakeFirst();
    base.ubndOrgId = ubnd?.id ?? null;
  }
  return base;
}

export interface Period extends PeriodWindow {
  deadline: string;
  openedAt: string;
  computedAt: string | null;
}

const toPeriod = (r: { month: string; cutoff_day: number; deadline: string; opened_at: string; computed_at: string | null }): Period => ({ ...periodWindow(r.month, r.cutoff_day), deadline: r.deadline, openedAt: r.opened_at, computedAt: r.computed_at });

export async function findPeriod(db: Executor, month: string): Promise<Period | null> {
  const r = await db.selectFrom('monitoring_periods').selectAll().where('month', '=', month).executeTakeFirst();
  return r ? toPeriod(r) : null;
}

/**
 * The period of a month, opened (its window and deadline frozen with the settings of the
 * day) if it was not; idempotent, so every process may call it.
 */
export async function openPeriod(ctx: AppContext, month: string): Promise<Period> {
  const found = await findPeriod(ctx.db.kysely, month);
  if (found) return found;
  const s = await loadSettings(ctx.db.kysely);
  const w = periodWindow(month, s.cutoffDay);
  const at = ctx.now().toISOString();
  await ctx.db.kysely
    .insertInto('monitoring_periods')
    .values({ month, from_date: w.from, to_date: w.to, cutoff_day: s.cutoffDay, deadline: submitDeadline(w.to, s.submitWorkingDays), opened_at: at, computed_at: null })
    .onConflict((oc) => oc.column('month').doNothing())
    .execute();
  return (await findPeriod(ctx.db.kysely, month))!;
}

/** The month whose period holds today (Vietnam time). */
export async function currentMonth(ctx: AppContext): Promise<string> {
  const s = await loadSettings(ctx.db.kysely);
  return monthOfDay(localDate(ctx.now()), s.cutoffDay);
}

export async function listPeriods(db: Executor): Promise<Period[]> {
  return (await db.selectFrom('monitoring_periods').selectAll().orderBy('month', 'desc').limit(240).execute()).map(toPeriod);
}

export async function agencies(db: Executor): Promise<{ id: number; name: string; shortName: string }[]> {
  const rows = await db.selectFrom('organizations').select(['id', 'name', 'short_name']).where('kind', '=', 'agency').where('active', '=', 1).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, shortName: r.short_name }));
}
