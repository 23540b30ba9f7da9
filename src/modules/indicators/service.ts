import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { IndicatorTable } from '../../db/schema-indicators-tasks.js';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { optionalText, oneOf, requiredText } from '../../domain/validate.js';
import { DATA_SOURCES, INDICATOR_CODE, INDICATOR_GROUPS, SCORING_RULES, validScoring, type IndicatorGroup, type ScoreStep } from '../../domain/indicators.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';

/** The indicator catalogue: every signed-in user reads it, the provincial IT department edits it. */
export interface IndicatorInput {
  code?: unknown;
  nameVi?: unknown;
  nameEn?: unknown;
  group?: unknown;
  unit?: unknown;
  numerator?: unknown;
  denominator?: unknown;
  scoringRule?: unknown;
  steps?: unknown;
  maxPoints?: unknown;
  source?: unknown;
  verifyingOrgId?: unknown;
  evidence?: unknown;
  active?: unknown;
}

type Row = Omit<IndicatorTable, 'id'> & { id: number; verifying_org_name?: string | null };

const view = (r: Row) => ({
  id: r.id,
  code: r.code,
  nameVi: r.name_vi,
  nameEn: r.name_en,
  group: r.group_code,
  unit: r.unit,
  numerator: r.numerator,
  denominator: r.denominator,
  scoringRule: r.scoring_rule,
  steps: JSON.parse(r.steps) as ScoreStep[],
  maxPoints: Number(r.max_points),
  source: r.source,
  verifyingOrgId: r.verifying_org_id,
  verifyingOrgName: r.verifying_org_name ?? null,
  evidence: r.evidence,
  active: Number(r.active) === 1,
  updatedAt: r.updated_at,
});
export type IndicatorView = ReturnType<typeof view>;

function assertEditor(actor: Actor) {
  if (!actor.isProvinceAdmin && !hasRole(actor, 'it_officer')) {
    throw forbidden('Danh mục chỉ tiêu do Sở Khoa học và Công nghệ (vai trò Quản lý CNTT tỉnh) cập nhật.', 'The indicator catalogue is edited by the provincial IT department (role it_officer).');
  }
}

async function load(db: Executor, id: number): Promise<Row | undefined> {
  return db
    .selectFrom('indicators as i')
    .leftJoin('organizations as o', 'o.id', 'i.verifying_org_id')
    .selectAll('i')
    .select('o.name as verifying_org_name')
    .where('i.id', '=', id)
    .executeTakeFirst();
}

/** The fields of a create (all required but denominator and evidence) or of a change (only those sent). */
async function validate(db: Executor, input: IndicatorInput, current: Row | null) {
  const pick = <T>(sent: unknown, fallback: T) => (sent === undefined && current ? fallback : sent);
  const code = requiredText(pick(input.code, current?.code), 'code', 'Mã chỉ tiêu', 40).toUpperCase();
  if (!INDICATOR_CODE.test(code)) throw invalid('code', 'Mã chỉ tiêu gồm chữ in hoa, số, dấu gạch dưới, các phần cách nhau bằng dấu chấm (VB.DI_DIENTU).', 'A code is upper-case letters, digits and underscores in dotted parts (VB.DI_DIENTU).');
  const rule = oneOf(pick(input.scoringRule, current?.scoring_rule), SCORING_RULES, 'scoringRule', 'Cách tính điểm');
  const stepsSent = input.steps !== undefined ? input.steps : input.scoringRule !== undefined && rule !== 'step_table' ? [] : current ? JSON.parse(current.steps) : undefined;
  const scoring = validScoring(rule, pick(input.maxPoints, current ? Number(current.max_points) : undefined), stepsSent);
  const source = oneOf(pick(input.source, current?.source), DATA_SOURCES, 'source', 'Nguồn dữ liệu');
  const verifyingRaw = pick(input.verifyingOrgId, current?.verifying_org_id ?? null);
  let verifyingOrgId: number | null = null;
  if (source === 'verified') {
    if (verifyingRaw === null || verifyingRaw === undefined) throw invalid('verifyingOrgId', 'Chỉ tiêu do cơ quan thẩm định xác nhận phải nêu cơ quan đó.', 'A verified indicator names its verifying agency.');
    const org = await getOrg(db, Number(verifyingRaw));
    if (!org || !['agency', 'province'].includes(org.kind)) throw invalid('verifyingOrgId', 'Cơ quan thẩm định không có trong danh bạ.', 'The verifying agency is not in the directory.');
    verifyingOrgId = org.id;
  }
  const active = input.active ?? (current ? Number(current.active) === 1 : true);
  if (typeof active !== 'boolean') throw invalid('active', 'active phải là true hoặc false.', 'active must be true or false.');
  return {
    code,
    name_vi: requiredText(pick(input.nameVi, current?.name_vi), 'nameVi', 'Tên chỉ tiêu', 300),
    name_en: requiredText(pick(input.nameEn, current?.name_en), 'nameEn', 'Tên tiếng Anh', 300),
    group_code: oneOf(pick(input.group, current?.group_code), INDICATOR_GROUPS, 'group', 'Nhóm chỉ số'),
    unit: requiredText(pick(input.unit, current?.unit), 'unit', 'Đơn vị tính', 40),
    numerator: requiredText(pick(input.numerator, current?.numerator), 'numerator', 'Tử số', 1000),
    denominator: optionalText(pick(input.denominator, current?.denominator ?? null), 'denominator', 'Mẫu số', 1000),
    scoring_rule: rule,
    steps: JSON.stringify(scoring.steps),
    max_points: scoring.maxPoints,
    source,
    verifying_org_id: verifyingOrgId,
    evidence: optionalText(pick(input.evidence, current?.evidence ?? null), 'evidence', 'Tài liệu kiểm chứng', 1000),
    active: active ? 1 : 0,
  };
}

export async function listIndicators(ctx: AppContext, _actor: Actor, q: { group?: IndicatorGroup; active?: boolean } = {}) {
  let query = ctx.db.kysely
    .selectFrom('indicators as i')
    .leftJoin('organizations as o', 'o.id', 'i.verifying_org_id')
    .selectAll('i')
    .select('o.name as verifying_org_name')
    .orderBy('i.group_code')
    .orderBy('i.code')
    .limit(2000);
  if (q.group) query = query.where('i.group_code', '=', q.group);
  if (q.active !== undefined) query = query.where('i.active', '=', q.active ? 1 : 0);
  return (await query.execute()).map(view);
}

export async function getIndicator(ctx: AppContext, _actor: Actor, id: number) {
  const row = await load(ctx.db.kysely, id);
  if (!row) throw notFound('indicator');
  return view(row);
}

const codeTaken = (code: string) => conflict('indicator_code_taken', `Mã chỉ tiêu ${code} đã có trong danh mục.`, `The indicator code ${code} is already in the catalogue.`);

export async function createIndicator(ctx: AppContext, actor: Actor, input: IndicatorInput) {
  assertEditor(actor);
  const v = await validate(ctx.db.kysely, input, null);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (await trx.selectFrom('indicators').select('id').where('code', '=', v.code).executeTakeFirst()) throw codeTaken(v.code);
    const row = await trx.insertInto('indicators').values({ ...v, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'indicator.create', entityType: 'indicator', entityId: row.id, data: { code: v.code } });
    return view((await load(trx, row.id))!);
  });
}

export async function updateIndicator(ctx: AppContext, actor: Actor, id: number, input: IndicatorInput) {
  assertEditor(actor);
  const current = await load(ctx.db.kysely, id);
  if (!current) throw notFound('indicator');
  const v = await validate(ctx.db.kysely, input, current);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (v.code !== current.code && (await trx.selectFrom('indicators').select('id').where('code', '=', v.code).executeTakeFirst())) throw codeTaken(v.code);
    await trx.updateTable('indicators').set({ ...v, updated_at: at }).where('id', '=', id).execute();
    const changed = Object.keys(v).filter((k) => String(v[k as keyof typeof v]) !== String(current[k as keyof Row]));
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'indicator.update', entityType: 'indicator', entityId: id, data: { code: v.code, changed } });
    return view((await load(trx, id))!);
  });
}
