import type { AppContext, Actor } from '../context.js';
import type { Updateable } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { SecurityIncidentTable } from '../../db/schema-security.js';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { optionalText, oneOf, requiredText } from '../../domain/validate.js';
import { localDate } from '../../domain/numbering.js';
import { INCIDENT_STATUSES, SEVERITIES, incidentDeadlines, mayMove, summaryYearOf, type IncidentEventKind, type IncidentStatus, type Severity } from '../../domain/security.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { checkUpload, storeUpload, type UploadedFile } from '../documents/index.js';
import { assertMayReport, assertResponder, isResponder, mayReadIncident, seesAllIncidents } from './access.js';
import { incidentFile, incidentFileCount, incidentParts, incidentReads, incidentRow, incidentRows, insertIncident, insertIncidentEvent, insertIncidentFile, insertIncidentRead, updateIncidentRow, type IncidentRow } from './incidents-repo.js';
import { systemIdsOf } from './systems-repo.js';

/**
 * Security incidents (sự cố an toàn thông tin mạng): the initial report, then acknowledged →
 * handling (updates) → resolved → final report, each step timed and audited. Every read of an
 * incident (its page, a file, its PDF) is written to its access log and the audit log.
 */

const MAX_SYSTEMS = 20;
const MAX_FILES = 20;

export type IncidentSummary = {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  detectedAt: string;
  reportedAt: string;
  acknowledgedAt: string | null;
  handlingAt: string | null;
  resolvedAt: string | null;
  finalReportAt: string | null;
  initialDue: string;
  initialOnTime: boolean;
  finalDue: string | null;
  finalOverdue: boolean;
  overdue: boolean;
};

type Row = IncidentRow;

function summary(r: Row, now: Date): IncidentSummary {
  const d = incidentDeadlines({ status: r.status, detectedAt: r.detected_at, reportedAt: r.reported_at, resolvedAt: r.resolved_at, finalReportAt: r.final_report_at }, now);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    title: r.title,
    severity: r.severity,
    status: r.status,
    detectedAt: r.detected_at,
    reportedAt: r.reported_at,
    acknowledgedAt: r.acknowledged_at,
    handlingAt: r.handling_at,
    resolvedAt: r.resolved_at,
    finalReportAt: r.final_report_at,
    ...d,
  };
}

/** The incident the actor may read, or 404 (need to know). */
async function loadIncident(db: Executor, actor: Actor, id: number): Promise<Row> {
  const r = await incidentRow(db, id);
  if (!r || !mayReadIncident(actor, r.org_id)) throw notFound('incident');
  return r;
}

export interface IncidentQuery {
  status?: IncidentStatus;
  severity?: Severity;
  orgId?: number;
  overdue?: boolean;
  limit?: number;
}

/** The incidents the actor may see, newest first, with counts by status and the overdue ones. */
export async function listIncidents(ctx: AppContext, actor: Actor, q: IncidentQuery = {}) {
  const db = ctx.db.kysely;
  let orgId: number | null = q.orgId || null;
  if (!seesAllIncidents(actor)) {
    if (!actor.roles.includes('security_officer')) return { total: 0, counts: Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, 0])), overdue: 0, items: [] as IncidentSummary[] };
    orgId = actor.agencyId;
  }
  const now = ctx.now();
  const all = (await incidentRows(db, { orgId, severity: q.severity, limit: 5000 })).map((r) => summary(r, now));
  const counts = Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, all.filter((i) => i.status === s).length]));
  const overdue = all.filter((i) => i.overdue).length;
  const items = all.filter((i) => (!q.status || i.status === q.status) && (!q.overdue || i.overdue));
  return { total: items.length, counts, overdue, items: items.slice(0, q.limit ?? 500) };
}

/** Records who read what of an incident (its access log) and the audit event, in one transaction. */
async function logRead(ctx: AppContext, actor: Actor, incidentId: number, what: string) {
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await insertIncidentRead(trx, { incidentId, userId: actor.userId, userName: actor.fullName, orgId: actor.agencyId, what, at });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'security.incident.read', entityType: 'security_incident', entityId: incidentId, data: { what } });
  });
}

async function detail(ctx: AppContext, actor: Actor, r: Row) {
  const db = ctx.db.kysely;
  const { systems, events, files } = await incidentParts(db, r.id);
  const s = summary(r, ctx.now());
  const mine = actor.agencyId === r.org_id && actor.roles.includes('security_officer');
  const responder = isResponder(actor);
  return {
    ...s,
    description: r.description,
    reporterName: r.reporter_name,
    reporterPhone: r.reporter_phone,
    actionsTaken: r.actions_taken,
    helpWanted: r.help_wanted,
    cause: r.cause,
    damage: r.damage,
    lessons: r.lessons,
    systems: systems.map((x) => ({ id: x.id, name: x.name, level: Number(x.level) })),
    events: events.map((e) => ({ id: e.id, kind: e.kind, at: e.at, userName: e.user_name, orgName: e.org_name, text: e.text })),
    files: files.map((f) => ({ id: f.id, fileName: f.file_name, size: Number(f.size), mime: f.mime, createdAt: f.created_at })),
    can: {
      acknowledge: responder && mayMove(s.status, 'acknowledged'),
      update: (responder || mine) && mayMove(s.status, 'handling'),
      resolve: responder && mayMove(s.status, 'resolved'),
      finalReport: (responder || mine) && mayMove(s.status, 'closed'),
      attach: (responder || mine) && s.status !== 'closed',
      accessLog: responder,
    },
  };
}

export type IncidentDetail = Awaited<ReturnType<typeof detail>>;

/** One incident, to whom need to know admits; the read is logged. */
export async function getIncident(ctx: AppContext, actor: Actor, id: number): Promise<IncidentDetail> {
  const r = await loadIncident(ctx.db.kysely, actor, id);
  await logRead(ctx, actor, id, 'incident');
  return detail(ctx, actor, r);
}

/** The incident as the PDF export reads it (the read logged as "pdf"). */
export async function incidentForExport(ctx: AppContext, actor: Actor, id: number): Promise<IncidentDetail> {
  const r = await loadIncident(ctx.db.kysely, actor, id);
  await logRead(ctx, actor, id, 'pdf');
  return detail(ctx, actor, r);
}

export interface ReportInput {
  title?: string;
  description?: string;
  detectedAt?: string;
  severity?: string;
  systemIds?: number[];
  actionsTaken?: string | null;
  helpWanted?: string | null;
  reporterPhone?: string | null;
  orgId?: number;
}

/** The initial report (báo cáo ban đầu): one transaction with its first step, the mails to the team and the Police, and the audit event. */
export async function reportIncident(ctx: AppContext, actor: Actor, input: ReportInput): Promise<IncidentDetail> {
  assertMayReport(actor);
  const db = ctx.db.kysely;
  const orgId = input.orgId && seesAllIncidents(actor) ? input.orgId : actor.agencyId;
  const org = await getOrg(db, orgId);
  if (!org || !['agency', 'province'].includes(org.kind)) throw invalid('orgId', 'Cơ quan gặp sự cố không có trong danh bạ.', 'The affected agency is not in the directory.');
  const title = requiredText(input.title, 'title', 'Tóm tắt sự cố', 300);
  const description = requiredText(input.description, 'description', 'Mô tả sự cố', 10_000);
  const severity = oneOf(input.severity, SEVERITIES, 'severity', 'Mức độ');
  const now = ctx.now();
  const detected = typeof input.detectedAt === 'string' ? new Date(input.detectedAt) : new Date(NaN);
  if (Number.isNaN(detected.getTime())) throw invalid('detectedAt', 'Thời điểm phát hiện không hợp lệ.', 'detectedAt is not a valid date and time.');
  if (detected.getTime() > now.getTime() + 5 * 60_000) throw invalid('detectedAt', 'Thời điểm phát hiện không thể ở tương lai.', 'detectedAt cannot be in the future.');
  if (detected.getTime() < now.getTime() - 366 * 86_400_000) throw invalid('detectedAt', 'Thời điểm phát hiện quá xa (hơn một năm).', 'detectedAt is more than a year ago.');
  const systemIds = [...new Set(input.systemIds ?? [])];
  if (systemIds.length > MAX_SYSTEMS) throw invalid('systemIds', `Tối đa ${MAX_SYSTEMS} hệ thống bị ảnh hưởng.`, `At most ${MAX_SYSTEMS} affected systems.`);
  if (systemIds.length) {
    const found = await systemIdsOf(db, orgId, systemIds);
    if (found.length !== systemIds.length) throw invalid('systemIds', 'Hệ thống bị ảnh hưởng phải thuộc danh mục của cơ quan báo cáo.', "Affected systems must be in the reporting agency's register.");
  }
  const actionsTaken = optionalText(input.actionsTaken, 'actionsTaken', 'Biện pháp đã thực hiện', 5000);
  const helpWanted = optionalText(input.helpWanted, 'helpWanted', 'Đề nghị hỗ trợ', 2000);
  const reporterPhone = optionalText(input.reporterPhone, 'reporterPhone', 'Điện thoại liên hệ', 30);
  const at = now.toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const incidentId = await insertIncident(trx, {
        org_id: orgId, title, description, detected_at: detected.toISOString(), reported_at: at, reported_by: actor.userId, reporter_name: actor.fullName, reporter_phone: reporterPhone,
        severity, actions_taken: actionsTaken, help_wanted: helpWanted, status: 'reported', acknowledged_at: null, handling_at: null, resolved_at: null, final_report_at: null,
        cause: null, damage: null, lessons: null, updated_at: at,
    }, systemIds);
    await addEvent(trx, actor, incidentId, 'reported', at, actionsTaken);
    // The mails to the incident team and the Police are the mail gateway's: announced, not imported.
    await ctx.hooks.run(trx, ctx, 'incidentReported', { incidentId, orgName: org.name, title, severity, detectedAt: detected.toISOString(), reporterName: actor.fullName, helpWanted: !!helpWanted });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'security.incident.report', entityType: 'security_incident', entityId: incidentId, data: { severity, systems: systemIds, detectedAt: detected.toISOString() } });
    return incidentId;
  });
  const r = await loadIncident(db, actor, id);
  return detail(ctx, actor, r);
}

async function addEvent(trx: Executor, actor: Actor, incidentId: number, kind: IncidentEventKind, at: string, text: string | null) {
  await insertIncidentEvent(trx, { incidentId, kind, at, userId: actor.userId, userName: actor.fullName, orgId: actor.agencyId, text });
}

export type StepKind = 'acknowledge' | 'update' | 'resolve' | 'final_report';

export interface StepInput {
  text?: string | null;
  cause?: string;
  damage?: string;
  lessons?: string;
}

const STEP: Record<StepKind, { to: IncidentStatus; event: IncidentEventKind; action: string; column: 'acknowledged_at' | 'handling_at' | 'resolved_at' | 'final_report_at' }> = {
  acknowledge: { to: 'acknowledged', event: 'acknowledged', action: 'security.incident.acknowledge', column: 'acknowledged_at' },
  update: { to: 'handling', event: 'update', action: 'security.incident.update', column: 'handling_at' },
  resolve: { to: 'resolved', event: 'resolved', action: 'security.incident.resolve', column: 'resolved_at' },
  final_report: { to: 'closed', event: 'final_report', action: 'security.incident.final_report', column: 'final_report_at' },
};

/** One step of the response: authorized, read again in the transaction, timed, audited. */
export async function incidentStep(ctx: AppContext, actor: Actor, id: number, kind: StepKind, input: StepInput): Promise<IncidentDetail> {
  const step = STEP[kind];
  const db = ctx.db.kysely;
  const text = optionalText(input.text, 'text', 'Nội dung', 5000);
  if (kind === 'update' && !text) throw invalid('text', 'Hãy ghi các biện pháp đã thực hiện.', 'Describe the actions taken.');
  const final = kind === 'final_report'
    ? { cause: requiredText(input.cause, 'cause', 'Nguyên nhân', 5000), damage: requiredText(input.damage, 'damage', 'Thiệt hại', 5000), lessons: requiredText(input.lessons, 'lessons', 'Bài học kinh nghiệm', 5000) }
    : null;
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const r = await loadIncident(trx, actor, id);
    const mine = actor.agencyId === r.org_id && actor.roles.includes('security_officer');
    if (kind === 'acknowledge' || kind === 'resolve') assertResponder(actor);
    else if (!isResponder(actor) && !mine) throw forbidden();
    if (!mayMove(r.status, step.to)) {
      throw conflict('incident_step', `Sự cố đang ở bước "${r.status}", không thể chuyển sang "${step.to}".`, `The incident is at "${r.status}"; it cannot move to "${step.to}".`);
    }
    const set: Updateable<SecurityIncidentTable> = { status: step.to, updated_at: at };
    // The first update starts the handling; later updates keep its time.
    if (!(kind === 'update' && r.handling_at)) set[step.column] = at;
    if (final) Object.assign(set, final);
    await updateIncidentRow(trx, id, set);
    await addEvent(trx, actor, id, step.event, at, final ? `Nguyên nhân: ${final.cause}` : text);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: r.org_id, action: step.action, entityType: 'security_incident', entityId: id, data: { from: r.status, to: step.to } });
  });
  return detail(ctx, actor, await loadIncident(db, actor, id));
}

/** A log, a screenshot: checked by content, stored once by hash, linked to the incident. */
export async function addIncidentFile(ctx: AppContext, actor: Actor, id: number, file: UploadedFile) {
  const db = ctx.db.kysely;
  const r = await loadIncident(db, actor, id);
  const mine = actor.agencyId === r.org_id && actor.roles.includes('security_officer');
  if (!isResponder(actor) && !mine) throw forbidden();
  if (r.status === 'closed') throw conflict('incident_closed', 'Sự cố đã có báo cáo kết thúc, không thêm tệp.', 'The incident has its final report; no more files.');
  const checked = checkUpload(ctx, file);
  const sha = await storeUpload(ctx, file);
  const at = ctx.now().toISOString();
  const fileId = await db.transaction().execute(async (trx) => {
    if ((await incidentFileCount(trx, id)) >= MAX_FILES) throw conflict('too_many_files', `Tối đa ${MAX_FILES} tệp cho một sự cố.`, `At most ${MAX_FILES} files per incident.`);
    const newId = await insertIncidentFile(trx, { incidentId: id, sha256: sha, fileName: checked.fileName, size: checked.size, mime: checked.mime, userId: actor.userId, at });
    await addEvent(trx, actor, id, 'file', at, checked.fileName);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: r.org_id, action: 'security.incident.file', entityType: 'security_incident', entityId: id, data: { fileId: newId, fileName: checked.fileName, sha256: sha } });
    return newId;
  });
  return { id: fileId, fileName: checked.fileName, size: checked.size, mime: checked.mime, createdAt: at };
}

/** A file of an incident, to whom need to know admits (404 otherwise); the read is logged. */
export async function readIncidentFile(ctx: AppContext, actor: Actor, id: number, fileId: number) {
  const db = ctx.db.kysely;
  await loadIncident(db, actor, id);
  const f = await incidentFile(db, id, fileId);
  if (!f) throw notFound('file');
  await logRead(ctx, actor, id, `file:${f.id}`);
  return { fileName: f.file_name, mime: f.mime, bytes: await ctx.blobs.read(f.sha256) };
}

/** Who read the incident, when, and what (the incident team and administrators). */
export async function incidentAccessLog(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  await loadIncident(db, actor, id);
  if (!isResponder(actor)) throw forbidden('Nhật ký truy cập sự cố dành cho đội ứng cứu sự cố.', "The incident's access log is for the incident response team.");
  const rows = await incidentReads(db, id);
  return { items: rows.map((r) => ({ id: r.id, userId: r.user_id, userName: r.user_name, orgName: r.org_name, what: r.what, at: r.at })) };
}

/** Incidents by month (Vietnamese calendar) and severity, for the chart; the same need to know as the list. */
export async function incidentStats(ctx: AppContext, actor: Actor, months = 12) {
  const { items } = await listIncidents(ctx, actor, { limit: 5000 });
  const now = ctx.now();
  const keys: string[] = [];
  const [y, m] = localDate(now).split('-').map(Number) as [number, number];
  for (let k = months - 1; k >= 0; k--) {
    const d = new Date(Date.UTC(y, m - 1 - k, 1));
    keys.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  const rows = keys.map((month) => ({ month, ...Object.fromEntries(SEVERITIES.map((s) => [s, 0])) }) as { month: string } & Record<Severity, number>);
  for (const i of items) {
    const row = rows.find((r) => r.month === localDate(new Date(i.detectedAt)).slice(0, 7));
    if (row) row[i.severity]++;
  }
  // The report years that have incidents (and this one), newest first: the summaries to offer.
  const years = new Set([summaryYearOf(localDate(now))]);
  for (const i of items) years.add(summaryYearOf(localDate(new Date(i.detectedAt))));
  return { months: rows, years: [...years].sort((a, b) => b - a) };
}

/** All incidents of a range of reporting days, for the periodic summary (form 05). */
export async function incidentsBetween(ctx: AppContext, actor: Actor, from: string, to: string): Promise<IncidentSummary[]> {
  const { items } = await listIncidents(ctx, actor, { limit: 5000 });
  return items.filter((i) => {
    const d = localDate(new Date(i.detectedAt));
    return d >= from && d <= to;
  });
}
