import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { hasRole } from '../context.js';
import { forbidden, invalid, notFound } from '../../domain/errors.js';
import { requiredText } from '../../domain/validate.js';
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

export async function programmeCovering(db: Executor, year: number) {
  return db.selectFrom('programmes').selectAll().where('year_from', '<=', year).where('year_to', '>=', year).orderBy('id', 'desc').executeTakeFirst();
}

export async function getProgramme(ctx: AppContext, actor: Actor, id?: number) {
  const db = ctx.db.kysely;
  const p = id ? await db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst() : await db.selectFrom('programmes').selectAll().orderBy('year_from', 'desc').orderBy('id', 'desc').executeTakeFirst();
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
  const v = await targetValues(ctx, actor, p, { ...input, indicatorCode: input.indicatorCode ?? t.indicator_code });
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('programme_targets').set(v).where('id', '=', targetId).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'programme.target', entityType: 'programme', entityId: p.id, data: { targetId, ...v } });
  });
  return getProgramme(ctx, actor, p.id);
}
