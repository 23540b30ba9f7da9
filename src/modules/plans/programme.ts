import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { hasRole } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { requiredText } from '../../domain/validate.js';
import { localYear } from '../../domain/numbering.js';
import { appendAudit } from '../audit/service.js';
import { listIndicators } from '../indicators/service.js';

/**
 * The provincial IT / digital-transformation programme for a period: goals, and targets each
 * tied to an indicator code of the catalogue (read through the indicators module), with a
 * baseline, a value per year and the unit. The IT department (it_officer) edits it; every
 * signed-in user reads it (agencies pick the targets their plan items serve).
 */

const MAX_GOALS = 50;
const MAX_TARGETS = 300;

export function assertProgrammeEditor(actor: Actor) {
  if (!actor.isProvinceAdmin && !hasRole(actor, 'it_officer')) throw forbidden('Chỉ cán bộ quản lý CNTT của Sở KH&CN sửa chương trình.', "Only the IT department's officers edit the programme.");
}

export interface TargetInput {
  goalId?: unknown;
  indicatorCode?: unknown;
  title?: unknown;
  unit?: unknown;
  baseline?: unknown;
  baselineYear?: unknown;
  yearly?: unknown;
}

const finite = (v: unknown, field: string, label: string): number | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 1e12) throw invalid(field, `${label} phải là số.`, `${field} must be a number.`);
  return v;
};

function yearlyOf(raw: unknown, yearFrom: number, yearTo: number): Record<string, number> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('yearly', 'Chỉ tiêu theo năm không hợp lệ.', 'yearly must be an object of year → value.');
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) {
    const y = Number(k);
    if (!Number.isInteger(y) || y < yearFrom || y > yearTo) throw invalid('yearly', `Năm ${k} ngoài giai đoạn ${yearFrom}–${yearTo}.`, `Year ${k} is outside ${yearFrom}–${yearTo}.`);
    const n = finite(v, 'yearly', `Chỉ tiêu năm ${k}`);
    if (n !== null) out[String(y)] = n;
  }
  return out;
}

/**
 * On PostgreSQL, holds the programme's row till the end of the transaction: item writers share
 * it, the deletion of a goal or a target takes it alone — so an item cannot come to serve a
 * target while that target is being deleted. (SQLite's transactions already run one at a time.)
 */
export async function holdProgramme(trx: Executor, pg: boolean, programmeId: number, alone: boolean): Promise<void> {
  if (!pg) return;
  const q = trx.selectFrom('programmes').select('id').where('id', '=', programmeId);
  await (alone ? q.forUpdate() : q.forShare()).execute();
}

export async function programmeCovering(db: Executor, year: number) {
  return db.selectFrom('programmes').selectAll().where('year_from', '<=', year).where('year_to', '>=', year).orderBy('id', 'desc').executeTakeFirst();
}

/** Every programme, newest period first, with how many goals and targets each has. */
export async function listProgrammes(ctx: AppContext, actor: Actor) {
  const db = ctx.db.kysely;
  const [rows, goals, targets] = await Promise.all([
    db.selectFrom('programmes').select(['id', 'title', 'year_from', 'year_to']).orderBy('year_from', 'desc').orderBy('id', 'desc').limit(100).execute(),
    db.selectFrom('programme_goals').select(['programme_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('programme_id').execute(),
    db.selectFrom('programme_targets').select(['programme_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('programme_id').execute(),
  ]);
  const count = (list: { programme_id: number; n: number | string }[], id: number) => Number(list.find((x) => x.programme_id === id)?.n ?? 0);
  return {
    canEdit: actor.isProvinceAdmin || hasRole(actor, 'it_officer'),
    items: rows.map((r) => ({ id: r.id, title: r.title, yearFrom: r.year_from, yearTo: r.year_to, goals: count(goals, r.id), targets: count(targets, r.id) })),
  };
}

export async function getProgramme(ctx: AppContext, actor: Actor, id?: number) {
  const db = ctx.db.kysely;
  // Without an id: the programme of this year (Asia/Ho_Chi_Minh), else the latest one.
  const p = id
    ? await db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst()
    : ((await programmeCovering(db, localYear(ctx.now()))) ?? (await db.selectFrom('programmes').selectAll().orderBy('year_from', 'desc').orderBy('id', 'desc').executeTakeFirst()));
  if (!p) throw notFound('programme');
  const [goals, targets, indicators, org] = await Promise.all([
    db.selectFrom('programme_goals').selectAll().where('programme_id', '=', p.id).orderBy('position').orderBy('id').execute(),
    db.selectFrom('programme_targets').selectAll().where('programme_id', '=', p.id).orderBy('position').orderBy('id').execute(),
    listIndicators(ctx, actor),
    db.selectFrom('organizations').select(['id', 'name']).where('id', '=', p.it_org_id).executeTakeFirst(),
  ]);
  const names = new Map(indicators.map((i) => [i.code, i.nameVi]));
  const decision = p.decision_document_id
    ? await db.selectFrom('documents').select(['id', 'symbol', 'doc_date', 'summary', 'signer_name']).where('id', '=', p.decision_document_id).executeTakeFirst()
    : undefined;
  return {
    id: p.id,
    title: p.title,
    yearFrom: p.year_from,
    yearTo: p.year_to,
    itOrgId: p.it_org_id,
    itOrgName: org?.name ?? '',
    decision: decision ? { id: decision.id, symbol: decision.symbol, docDate: decision.doc_date, summary: decision.summary, signerName: decision.signer_name } : null,
    canEdit: actor.isProvinceAdmin || hasRole(actor, 'it_officer'),
    goals: goals.map((g) => ({
      id: g.id,
      position: g.position,
      title: g.title,
      targets: targets
        .filter((t) => t.goal_id === g.id)
        .map((t) => ({
          id: t.id,
          goalId: t.goal_id,
          indicatorCode: t.indicator_code,
          indicatorName: names.get(t.indicator_code) ?? null,
          title: t.title,
          unit: t.unit,
          baseline: t.baseline,
          baselineYear: t.baseline_year,
          yearly: JSON.parse(t.yearly) as Record<string, number>,
        })),
    })),
  };
}

export async function createProgramme(ctx: AppContext, actor: Actor, input: { title?: unknown; yearFrom?: unknown; yearTo?: unknown; itOrgId?: unknown }) {
  assertProgrammeEditor(actor);
  const title = requiredText(input.title, 'title', 'Tên chương trình', 500);
  const yearFrom = Number(input.yearFrom);
  const yearTo = Number(input.yearTo);
  if (!Number.isInteger(yearFrom) || !Number.isInteger(yearTo) || yearFrom < 2000 || yearTo < yearFrom || yearTo - yearFrom > 10) {
    throw invalid('yearTo', 'Giai đoạn không hợp lệ (tối đa 10 năm).', 'The period is not valid (at most 10 years).');
  }
  const itOrgId = input.itOrgId === undefined ? actor.agencyId : Number(input.itOrgId);
  const at = ctx.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    // Plans find their programme by year: two programmes covering one year would make that ambiguous.
    const overlap = await trx.selectFrom('programmes').select(['title', 'year_from', 'year_to']).where('year_from', '<=', yearTo).where('year_to', '>=', yearFrom).executeTakeFirst();
    if (overlap) {
      throw conflict('programme_overlap', `Giai đoạn ${yearFrom}–${yearTo} trùng với chương trình "${overlap.title}" (${overlap.year_from}–${overlap.year_to}).`, `${yearFrom}–${yearTo} overlaps the programme "${overlap.title}" (${overlap.year_from}–${overlap.year_to}).`);
    }
    const row = await trx.insertInto('programmes').values({ title, year_from: yearFrom, year_to: yearTo, it_org_id: itOrgId, decision_document_id: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.create', entityType: 'programme', entityId: row.id, data: { title, yearFrom, yearTo } });
    return row.id;
  });
  return getProgramme(ctx, actor, id);
}

export async function addGoal(ctx: AppContext, actor: Actor, programmeId: number, input: { title?: unknown }) {
  assertProgrammeEditor(actor);
  const title = requiredText(input.title, 'title', 'Mục tiêu', 1000);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await trx.selectFrom('programmes').select('id').where('id', '=', programmeId).executeTakeFirst();
    if (!p) throw notFound('programme');
    const n = await trx.selectFrom('programme_goals').select((eb) => eb.fn.countAll<number>().as('n')).where('programme_id', '=', programmeId).executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_GOALS) throw invalid('title', `Tối đa ${MAX_GOALS} mục tiêu.`, `At most ${MAX_GOALS} goals.`);
    const row = await trx.insertInto('programme_goals').values({ programme_id: programmeId, position: Number(n.n) + 1, title }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.goal', entityType: 'programme', entityId: programmeId, data: { goalId: row.id, title } });
  });
  return getProgramme(ctx, actor, programmeId);
}

async function targetValues(ctx: AppContext, actor: Actor, p: { year_from: number; year_to: number }, input: TargetInput) {
  const code = requiredText(input.indicatorCode, 'indicatorCode', 'Mã chỉ số', 60);
  const indicators = await listIndicators(ctx, actor);
  const ind = indicators.find((i) => i.code === code);
  if (!ind) throw invalid('indicatorCode', `Chỉ số ${code} không có trong danh mục.`, `Indicator ${code} is not in the catalogue.`);
  const baselineYear = input.baselineYear === undefined || input.baselineYear === null ? null : Number(input.baselineYear);
  if (baselineYear !== null && (!Number.isInteger(baselineYear) || baselineYear < 2000 || baselineYear > p.year_to)) throw invalid('baselineYear', 'Năm cơ sở không hợp lệ.', 'baselineYear is not valid.');
  return {
    indicator_code: code,
    title: input.title === undefined || input.title === null || input.title === '' ? ind.nameVi : requiredText(input.title, 'title', 'Tên chỉ tiêu', 500),
    unit: input.unit === undefined || input.unit === null || input.unit === '' ? ind.unit : requiredText(input.unit, 'unit', 'Đơn vị tính', 50),
    baseline: finite(input.baseline, 'baseline', 'Giá trị cơ sở'),
    baseline_year: baselineYear,
    yearly: JSON.stringify(yearlyOf(input.yearly, p.year_from, p.year_to)),
  };
}

export async function addTarget(ctx: AppContext, actor: Actor, programmeId: number, input: TargetInput) {
  assertProgrammeEditor(actor);
  const db = ctx.db.kysely;
  const p = await db.selectFrom('programmes').selectAll().where('id', '=', programmeId).executeTakeFirst();
  if (!p) throw notFound('programme');
  const goalId = Number(input.goalId);
  const goal = Number.isInteger(goalId) ? await db.selectFrom('programme_goals').select('id').where('id', '=', goalId).where('programme_id', '=', programmeId).executeTakeFirst() : undefined;
  if (!goal) throw invalid('goalId', 'Hãy chọn mục tiêu của chương trình.', 'goalId is not a goal of this programme.');
  const v = await targetValues(ctx, actor, p, input);
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const n = await trx.selectFrom('programme_targets').select((eb) => eb.fn.countAll<number>().as('n')).where('programme_id', '=', programmeId).executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_TARGETS) throw invalid('indicatorCode', `Tối đa ${MAX_TARGETS} chỉ tiêu.`, `At most ${MAX_TARGETS} targets.`);
    const row = await trx.insertInto('programme_targets').values({ ...v, programme_id: programmeId, goal_id: goalId, position: Number(n.n) + 1 }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.target', entityType: 'programme', entityId: programmeId, data: { targetId: row.id, ...v } });
  });
  return getProgramme(ctx, actor, programmeId);
}

export async function updateTarget(ctx: AppContext, actor: Actor, targetId: number, input: TargetInput) {
  assertProgrammeEditor(actor);
  const db = ctx.db.kysely;
  const t = await db.selectFrom('programme_targets').selectAll().where('id', '=', targetId).executeTakeFirst();
  if (!t) throw notFound('target');
  const p = await db.selectFrom('programmes').selectAll().where('id', '=', t.programme_id).executeTakeFirstOrThrow();
  // What the body leaves out stays as it was (a body with only the yearly values keeps the title and unit).
  const given = Object.fromEntries(Object.entries(input).filter(([, x]) => x !== undefined)) as TargetInput;
  const kept: TargetInput = { indicatorCode: t.indicator_code, title: t.title, unit: t.unit, baseline: t.baseline, baselineYear: t.baseline_year, yearly: JSON.parse(t.yearly) };
  const v = await targetValues(ctx, actor, p, { ...kept, ...given });
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('programme_targets').set(v).where('id', '=', targetId).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.target', entityType: 'programme', entityId: p.id, data: { targetId, ...v } });
  });
  return getProgramme(ctx, actor, p.id);
}

/** Renames the programme (its period does not change: plans found their programme by year). */
export async function renameProgramme(ctx: AppContext, actor: Actor, programmeId: number, input: { title?: unknown }) {
  assertProgrammeEditor(actor);
  const title = requiredText(input.title, 'title', 'Tên chương trình', 500);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await trx.selectFrom('programmes').select(['id', 'title']).where('id', '=', programmeId).executeTakeFirst();
    if (!p) throw notFound('programme');
    if (p.title === title) return;
    await trx.updateTable('programmes').set({ title, updated_at: at }).where('id', '=', programmeId).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.rename', entityType: 'programme', entityId: programmeId, data: { from: p.title, title } });
  });
  return getProgramme(ctx, actor, programmeId);
}

export async function renameGoal(ctx: AppContext, actor: Actor, goalId: number, input: { title?: unknown }) {
  assertProgrammeEditor(actor);
  const title = requiredText(input.title, 'title', 'Mục tiêu', 1000);
  const at = ctx.now().toISOString();
  const programmeId = await ctx.db.kysely.transaction().execute(async (trx) => {
    const g = await trx.selectFrom('programme_goals').selectAll().where('id', '=', goalId).executeTakeFirst();
    if (!g) throw notFound('goal');
    if (g.title !== title) {
      await trx.updateTable('programme_goals').set({ title }).where('id', '=', goalId).execute();
      await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.goal.rename', entityType: 'programme', entityId: g.programme_id, data: { goalId, from: g.title, title } });
    }
    return g.programme_id;
  });
  return getProgramme(ctx, actor, programmeId);
}

/**
 * The plan items (of any agency, any version) that name one of these targets, as "plan title
 * (version n)" — a target a plan item serves cannot be deleted, or that plan would point at nothing.
 */
async function plansUsing(db: Executor, programmeId: number, targetIds: number[]): Promise<string[]> {
  if (!targetIds.length) return [];
  const wanted = new Set(targetIds);
  const rows = await db
    .selectFrom('plan_items as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select(['p.id', 'p.title', 'p.version', 'i.target_ids'])
    .where('p.programme_id', '=', programmeId)
    .where('i.target_ids', '!=', '[]')
    .orderBy('p.id')
    .execute();
  const out = new Map<number, string>();
  for (const r of rows) if ((JSON.parse(r.target_ids) as number[]).some((t) => wanted.has(t))) out.set(r.id, `${r.title} (v${r.version})`);
  return [...out.values()];
}

function usedConflict(what: { vi: string; en: string }, plans: string[]) {
  const named = plans.slice(0, 3).join('; ') + (plans.length > 3 ? ` (+${plans.length - 3})` : '');
  return conflict('target_in_use', `Không xóa được ${what.vi}: nhiệm vụ của ${plans.length} kế hoạch phục vụ chỉ tiêu này — ${named}. Hãy bỏ chỉ tiêu khỏi các nhiệm vụ đó trước.`, `${what.en} cannot be deleted: items of ${plans.length} plan(s) serve it — ${named}. Remove the target from those items first.`);
}

/** Deletes a goal with its targets, unless a plan item serves one of them (409); the goals after it move up. */
export async function deleteGoal(ctx: AppContext, actor: Actor, goalId: number) {
  assertProgrammeEditor(actor);
  const at = ctx.now().toISOString();
  const programmeId = await ctx.db.kysely.transaction().execute(async (trx) => {
    const g = await trx.selectFrom('programme_goals').selectAll().where('id', '=', goalId).executeTakeFirst();
    if (!g) throw notFound('goal');
    await holdProgramme(trx, ctx.db.dialect === 'postgres', g.programme_id, true);
    const targets = await trx.selectFrom('programme_targets').select(['id', 'indicator_code']).where('goal_id', '=', goalId).execute();
    const used = await plansUsing(trx, g.programme_id, targets.map((t) => t.id));
    if (used.length) throw usedConflict({ vi: `mục tiêu "${g.title}"`, en: `The goal "${g.title}"` }, used);
    await trx.deleteFrom('programme_targets').where('goal_id', '=', goalId).execute();
    await trx.deleteFrom('programme_goals').where('id', '=', goalId).execute();
    await trx.updateTable('programme_goals').set((eb) => ({ position: eb('position', '-', 1) })).where('programme_id', '=', g.programme_id).where('position', '>', g.position).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.goal.delete', entityType: 'programme', entityId: g.programme_id, data: { goalId, title: g.title, targets: targets.map((t) => t.indicator_code) } });
    return g.programme_id;
  });
  return getProgramme(ctx, actor, programmeId);
}

/** Deletes a target, unless a plan item serves it (409). */
export async function deleteTarget(ctx: AppContext, actor: Actor, targetId: number) {
  assertProgrammeEditor(actor);
  const at = ctx.now().toISOString();
  const programmeId = await ctx.db.kysely.transaction().execute(async (trx) => {
    const t = await trx.selectFrom('programme_targets').selectAll().where('id', '=', targetId).executeTakeFirst();
    if (!t) throw notFound('target');
    await holdProgramme(trx, ctx.db.dialect === 'postgres', t.programme_id, true);
    const used = await plansUsing(trx, t.programme_id, [t.id]);
    if (used.length) throw usedConflict({ vi: `chỉ tiêu ${t.indicator_code}`, en: `The target ${t.indicator_code}` }, used);
    await trx.deleteFrom('programme_targets').where('id', '=', targetId).execute();
    await trx.updateTable('programme_targets').set((eb) => ({ position: eb('position', '-', 1) })).where('programme_id', '=', t.programme_id).where('position', '>', t.position).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.target.delete', entityType: 'programme', entityId: t.programme_id, data: { targetId, indicatorCode: t.indicator_code, title: t.title } });
    return t.programme_id;
  });
  return getProgramme(ctx, actor, programmeId);
}
