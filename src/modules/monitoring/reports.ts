import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { ReportEventKind } from '../../db/schema-monitoring.js';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { isLate, type ReportStatus } from '../../domain/monitoring.js';
import { localDate } from '../../domain/numbering.js';
import { optionalText, requiredText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { assertItOfficer, assertReporter, assertSeesAgency, isItOfficer, reportsFor } from './access.js';
import { loadSettings, openPeriod } from './periods.js';
import { providerFor } from './registry.js';
import { agencyGives, scoreMonth } from './scores.js';

/**
 * An agency's monthly report: its automatic values filled in by the platform, the figures it
 * gives itself and its narrative (results, problems, proposals); sent by the deadline, then
 * returned with comments or accepted by the provincial IT department. One row per agency and
 * month, made when first saved; its history in monitoring_report_events.
 */
export interface ReportInput {
  reported?: Record<string, { value?: number | null; numerator?: number | null; denominator?: number | null; note?: string | null }>;
  results?: string | null;
  problems?: string | null;
  proposals?: string | null;
}

const MAX_TEXT = 20_000;

async function loadRow(db: Executor, month: string, orgId: number) {
  return db.selectFrom('monitoring_reports').selectAll().where('month', '=', month).where('org_id', '=', orgId).executeTakeFirst();
}

export async function getReport(ctx: AppContext, actor: Actor, month: string, orgId: number) {
  const db = ctx.db.kysely;
  const settings = await loadSettings(db);
  assertSeesAgency(actor, settings, orgId);
  const org = await db.selectFrom('organizations').select(['id', 'name', 'kind']).where('id', '=', orgId).executeTakeFirst();
  if (!org || org.kind !== 'agency') throw notFound('report');
  const period = await openPeriod(ctx, month);
  const scores = await scoreMonth(ctx, actor, month);
  const mine = scores.agencies.find((a) => a.orgId === orgId);
  const row = await loadRow(db, month, orgId);
  const events = row ? await db.selectFrom('monitoring_report_events').selectAll().where('report_id', '=', row.id).orderBy('id').execute() : [];
  const status: ReportStatus = row?.status ?? 'draft';
  const today = localDate(ctx.now());
  const reported = row ? (JSON.parse(row.reported) as NonNullable<ReportInput['reported']>) : {};
  const indicators = scores.catalogue.map((i) => {
    const m = mine?.values[i.code];
    const gives = agencyGives(i);
    return {
      code: i.code,
      nameVi: i.nameVi,
      nameEn: i.nameEn,
      group: i.group,
      unit: i.unit,
      numeratorDef: i.numerator,
      denominatorDef: i.denominator,
      evidence: i.evidence,
      maxPoints: i.maxPoints,
      origin: gives ? ('reported' as const) : ('automatic' as const),
      method: gives ? null : (providerFor(i.code)?.method ?? null),
      value: gives ? (reported[i.code]?.value ?? null) : (m?.value ?? null),
      numerator: gives ? (reported[i.code]?.numerator ?? null) : (m?.numerator ?? null),
      denominator: gives ? (reported[i.code]?.denominator ?? null) : (m?.denominator ?? null),
      p90: m?.extra?.p90 ?? null,
      note: gives ? (reported[i.code]?.note ?? null) : null,
      points: m?.points ?? null,
    };
  });
  const editable = status === 'draft' || status === 'returned';
  return {
    month,
    orgId,
    orgName: org.name,
    period: { from: period.from, to: period.to, deadline: period.deadline, computedAt: period.computedAt },
    status,
    late: Number(row?.late ?? 0) === 1,
    overdue: status !== 'submitted' && status !== 'accepted' && today > period.deadline,
    submittedAt: row?.submitted_at ?? null,
    comment: row?.comment ?? null,
    results: row?.results ?? null,
    problems: row?.problems ?? null,
    proposals: row?.proposals ?? null,
    score: mine?.score ?? null,
    band: mine?.band ?? null,
    rank: mine?.rank ?? null,
    indicators,
    events: events.map((e) => ({ kind: e.kind, at: e.at, userName: e.user_name, text: e.text })),
    can: {
      edit: editable && reportsFor(actor, orgId),
      submit: editable && reportsFor(actor, orgId),
      decide: status === 'submitted' && isItOfficer(actor),
    },
  };
}
export type ReportView = Awaited<ReturnType<typeof getReport>>;

function validReported(input: unknown, gives: Set<string>) {
  if (input === undefined) return undefined;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid('reported', 'Số liệu báo cáo phải là một bảng theo mã chỉ tiêu.', 'reported is an object keyed by indicator code.');
  const out: NonNullable<ReportInput['reported']> = {};
  for (const [code, v] of Object.entries(input as Record<string, unknown>)) {
    if (!gives.has(code)) throw invalid(`reported.${code}`, `Chỉ tiêu ${code} được tính tự động hoặc không có trong danh mục; cơ quan không nhập.`, `${code} is computed automatically or not in the catalogue; the agency does not give it.`);
    const o = (v ?? {}) as Record<string, unknown>;
    const numberOrNull = (x: unknown, f: string) => {
      if (x === undefined || x === null) return null;
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1e12) throw invalid(`reported.${code}.${f}`, `${code}: ${f} phải là số không âm.`, `${code}: ${f} must be a non-negative number.`);
      return x;
    };
    out[code] = { value: numberOrNull(o.value, 'value'), numerator: numberOrNull(o.numerator, 'numerator'), denominator: numberOrNull(o.denominator, 'denominator'), note: optionalText(o.note, `reported.${code}.note`, 'Ghi chú', 1000) };
  }
  return out;
}

async function addEvent(trx: Executor, reportId: number, kind: ReportEventKind, actor: Actor, at: string, text: string | null) {
  await trx.insertInto('monitoring_report_events').values({ report_id: reportId, kind, user_id: actor.userId, user_name: actor.fullName, at, text }).execute();
}

/** Saves the draft (or a returned report being corrected). */
export async function saveReport(ctx: AppContext, actor: Actor, month: string, orgId: number, input: ReportInput) {
  assertReporter(actor, orgId);
  await openPeriod(ctx, month);
  const { catalogue } = await scoreMonth(ctx, actor, month);
  const reported = validReported(input.reported, new Set(catalogue.filter(agencyGives).map((i) => i.code)));
  const text = (v: unknown, f: string, label: string) => (v === undefined ? undefined : optionalText(v, f, label, MAX_TEXT));
  const results = text(input.results, 'results', 'Kết quả đạt được');
  const problems = text(input.problems, 'problems', 'Khó khăn, vướng mắc');
  const proposals = text(input.proposals, 'proposals', 'Đề xuất, kiến nghị');
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    let row = await loadRow(trx, month, orgId);
    if (row && row.status !== 'draft' && row.status !== 'returned') throw conflict('report_sent', 'Báo cáo đã gửi; chỉ sửa được khi Sở KH&CN trả lại.', 'The report was sent; it can be changed only once returned.');
    if (!row) {
      row = await trx
        .insertInto('monitoring_reports')
        .values({ month, org_id: orgId, status: 'draft', reported: '{}', results: null, problems: null, proposals: null, submitted_at: null, late: 0, comment: null, decided_at: null, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    await trx
      .updateTable('monitoring_reports')
      .set({
        ...(reported !== undefined ? { reported: JSON.stringify({ ...(JSON.parse(row.reported) as object), ...reported }) } : {}),
        ...(results !== undefined ? { results } : {}),
        ...(problems !== undefined ? { problems } : {}),
        ...(proposals !== undefined ? { proposals } : {}),
        updated_at: at,
      })
      .where('id', '=', row.id)
      .execute();
    await addEvent(trx, row.id, 'saved', actor, at, null);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'monitoring.report.save', entityType: 'monitoring_report', entityId: row.id, data: { month, codes: Object.keys(reported ?? {}) } });
  });
  return getReport(ctx, actor, month, orgId);
}

/** Sends the report; late when sent after the deadline day (the first sending decides). */
export async function submitReport(ctx: AppContext, actor: Actor, month: string, orgId: number) {
  assertReporter(actor, orgId);
  const period = await openPeriod(ctx, month);
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    let row = await loadRow(trx, month, orgId);
    if (row && row.status !== 'draft' && row.status !== 'returned') throw conflict('report_sent', 'Báo cáo đã được gửi.', 'The report was already sent.');
    if (!row) {
      row = await trx
        .insertInto('monitoring_reports')
        .values({ month, org_id: orgId, status: 'draft', reported: '{}', results: null, problems: null, proposals: null, submitted_at: null, late: 0, comment: null, decided_at: null, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const late = row.submitted_at ? Number(row.late) : isLate(localDate(now), period.deadline) ? 1 : 0;
    const claimed = await trx.updateTable('monitoring_reports').set({ status: 'submitted', submitted_at: row.submitted_at ?? at, late, updated_at: at }).where('id', '=', row.id).where('status', 'in', ['draft', 'returned']).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw conflict('report_sent', 'Báo cáo vừa được gửi.', 'The report was just sent.');
    await addEvent(trx, row.id, 'submitted', actor, at, late ? `Gửi sau hạn ${period.deadline}` : null);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'monitoring.report.submit', entityType: 'monitoring_report', entityId: row.id, data: { month, late: late === 1 } });
  });
  return getReport(ctx, actor, month, orgId);
}

/** The IT department returns a sent report with its comments, or accepts it. */
export async function decideReport(ctx: AppContext, actor: Actor, month: string, orgId: number, decision: 'return' | 'accept', commentIn?: unknown) {
  assertItOfficer(actor);
  const comment = decision === 'return' ? requiredText(commentIn, 'comment', 'Ý kiến khi trả lại', 5000) : optionalText(commentIn, 'comment', 'Ý kiến', 5000);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadRow(trx, month, orgId);
    if (!row) throw notFound('report');
    const status: ReportStatus = decision === 'return' ? 'returned' : 'accepted';
    const done = await trx.updateTable('monitoring_reports').set({ status, comment, decided_at: at, updated_at: at }).where('id', '=', row.id).where('status', '=', 'submitted').executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw conflict('report_not_submitted', 'Chỉ báo cáo đã gửi (chờ xem xét) mới được trả lại hoặc tiếp nhận.', 'Only a submitted report is returned or accepted.');
    await addEvent(trx, row.id, decision === 'return' ? 'returned' : 'accepted', actor, at, comment);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: decision === 'return' ? 'monitoring.report.return' : 'monitoring.report.accept', entityType: 'monitoring_report', entityId: row.id, data: { month, orgId } });
  });
  return getReport(ctx, actor, month, orgId);
}
