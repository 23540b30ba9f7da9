import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DomainError, conflict, invalid, refused } from '../../domain/errors.js';
import { optionalDate, optionalText, oneOf, requiredText } from '../../domain/validate.js';
import { PRIORITIES, RECURRENCES, type TaskEventKind } from '../../domain/tasks.js';
import { localDate } from '../../domain/numbering.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { loadVisibleDocument } from '../documents/index.js';
import { assertAssigner, assertLead, assertMayCreate, loadVisibleTask } from './access.js';
import { getTask } from './queries.js';
import { keepTaskStatus } from './status-store.js';

/** Every change to a task: authorize, one transaction, its history row and its audit event. */

const MAX_COOPERATING = 50;
const MAX_EVIDENCE = 10;
const TASK_AGENCY_KINDS = new Set(['agency', 'enterprise']);

export interface TaskInput {
  documentId?: unknown;
  pointRef?: unknown;
  content?: unknown;
  leadOrgId?: unknown;
  cooperatingOrgIds?: unknown;
  expectedOutput?: unknown;
  priority?: unknown;
  recurrence?: unknown;
  deadline?: unknown;
}

async function agencyIds(db: Executor, ids: unknown[], field: string): Promise<number[]> {
  const out: number[] = [];
  for (const raw of ids) {
    const org = Number.isInteger(raw) ? await getOrg(db, raw as number) : undefined;
    if (!org || !TASK_AGENCY_KINDS.has(org.kind) || Number(org.active) !== 1) {
      throw invalid(field, `Cơ quan ${String(raw)} không có trong danh bạ (hoặc không phải cơ quan, doanh nghiệp).`, `Organisation ${String(raw)} is not an agency or enterprise of the directory.`);
    }
    out.push(org.id);
  }
  return out;
}

/** Breaks an issued document into a task for a lead agency (the UBND Office's task officers). */
export async function createTask(ctx: AppContext, actor: Actor, input: TaskInput) {
  assertMayCreate(actor);
  const db = ctx.db.kysely;
  const documentId = Number(input.documentId);
  if (!Number.isInteger(documentId) || documentId < 1) throw invalid('documentId', 'Hãy chọn văn bản giao nhiệm vụ.', 'documentId is required.');
  const { doc } = await loadVisibleDocument(db, actor, documentId);
  if (doc.state !== 'issued') throw refused('document_not_issued', 'Chỉ giao nhiệm vụ từ văn bản đã ban hành.', 'Tasks come only from an issued document.');
  if (doc.confidentiality !== 'thuong') throw refused('document_secret', 'Không giao nhiệm vụ trên hệ thống từ văn bản mật.', 'Tasks are not made from secret documents in the system.');
  const content = requiredText(input.content, 'content', 'Nội dung nhiệm vụ', 10_000);
  const [leadOrgId] = await agencyIds(db, [input.leadOrgId], 'leadOrgId');
  const coopRaw = input.cooperatingOrgIds ?? [];
  if (!Array.isArray(coopRaw) || coopRaw.length > MAX_COOPERATING) throw invalid('cooperatingOrgIds', `Tối đa ${MAX_COOPERATING} cơ quan phối hợp.`, `At most ${MAX_COOPERATING} co-operating agencies.`);
  const cooperating = [...new Set(await agencyIds(db, coopRaw, 'cooperatingOrgIds'))].filter((id) => id !== leadOrgId);
  const recurrence = oneOf(input.recurrence, RECURRENCES, 'recurrence', 'Loại thời hạn', 'none');
  const deadline = optionalDate(input.deadline, 'deadline', 'Hạn hoàn thành');
  if (recurrence === 'none' && !deadline) throw invalid('deadline', 'Nhiệm vụ theo hạn cần hạn hoàn thành.', 'A dated task needs a deadline.');
  if (recurrence !== 'none' && deadline) throw invalid('deadline', 'Nhiệm vụ định kỳ hoặc thường xuyên không có hạn cố định.', 'A recurring or ongoing task has no fixed deadline.');
  const v = {
    document_id: documentId,
    assigned_by_org_id: actor.agencyId,
    point_ref: optionalText(input.pointRef, 'pointRef', 'Điểm, khoản', 100),
    content,
    lead_org_id: leadOrgId!,
    expected_output: optionalText(input.expectedOutput, 'expectedOutput', 'Sản phẩm', 2000),
    priority: oneOf(input.priority, PRIORITIES, 'priority', 'Mức ưu tiên', 'normal'),
    recurrence,
    deadline,
    original_deadline: deadline,
  };
  const at = ctx.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tasks')
      .values({ ...v, percent: 0, last_report_at: null, done_at: null, accepted_at: null, returned_at: null, extension_asked: 0, created_day: localDate(new Date(at)), last_report_day: null, done_day: null, created_by: actor.userId, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('task_orgs')
      .values([{ task_id: row.id, org_id: v.lead_org_id, role: 'lead' as const }, ...cooperating.map((org_id) => ({ task_id: row.id, org_id, role: 'cooperate' as const }))])
      .execute();
    await keepTaskStatus(trx, row.id, new Date(at), true);
    await addEvent(trx, actor, row.id, at, { kind: 'created', text: v.expected_output });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'task.create', entityType: 'task', entityId: row.id, data: { documentId, leadOrgId: v.lead_org_id, cooperating, deadline, recurrence } });
    return row.id;
  });
  return getTask(ctx, actor, id);
}

interface EventFields {
  kind: TaskEventKind;
  text?: string | null;
  percent?: number | null;
  deadlineFrom?: string | null;
  deadlineTo?: string | null;
}

async function addEvent(trx: Executor, actor: Actor, taskId: number, at: string, e: EventFields): Promise<number> {
  const row = await trx
    .insertInto('task_events')
    .values({ task_id: taskId, kind: e.kind, org_id: actor.agencyId, user_id: actor.userId, user_name: actor.fullName, at, text: e.text ?? null, percent: e.percent ?? null, deadline_from: e.deadlineFrom ?? null, deadline_to: e.deadlineTo ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Evidence: documents the actor's agency may see (its own registers), issued or received. */
async function evidenceIds(db: Executor, actor: Actor, raw: unknown): Promise<number[]> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > MAX_EVIDENCE) throw invalid('evidenceDocumentIds', `Tối đa ${MAX_EVIDENCE} văn bản kiểm chứng.`, `At most ${MAX_EVIDENCE} evidence documents.`);
  const ids = [...new Set(raw.map(Number))];
  for (const id of ids) {
    const missing = invalid('evidenceDocumentIds', `Văn bản ${id} không có trong sổ của cơ quan.`, `Document ${id} is not in your agency's registers.`);
    if (!Number.isInteger(id) || id < 1) throw missing;
    try {
      const { doc } = await loadVisibleDocument(db, { ...actor, isProvinceAdmin: false }, id);
      if (doc.state === 'draft') throw missing;
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'not_found') throw missing;
      throw e;
    }
  }
  return ids;
}

const alreadyAccepted = () => conflict('task_accepted', 'Nhiệm vụ đã được xác nhận hoàn thành.', 'The task was already accepted as done.');
const alreadyDeclared = () => conflict('task_declared_done', 'Nhiệm vụ đã báo cáo hoàn thành, đang chờ xác nhận.', 'The task was declared done and awaits acceptance.');

function percentOf(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) throw invalid('percent', 'Tiến độ là số nguyên từ 0 đến 100.', 'percent must be an integer from 0 to 100.');
  return v;
}

/** Runs a change on a visible task in one transaction with its audit event, and answers the task. */
async function change(
  ctx: AppContext,
  actor: Actor,
  id: number,
  action: string,
  apply: (trx: Executor, task: Awaited<ReturnType<typeof loadVisibleTask>>['task'], at: string) => Promise<Record<string, unknown>>,
) {
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    // Read again inside the transaction: two officers deciding at once see each other's answer.
    const { task } = await loadVisibleTask(trx, actor, id);
    const data = await apply(trx, task, at);
    await trx.updateTable('tasks').set({ updated_at: at }).where('id', '=', id).execute();
    await keepTaskStatus(trx, id, new Date(at));
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action, entityType: 'task', entityId: id, data });
  });
  return getTask(ctx, actor, id);
}

export async function reportProgress(ctx: AppContext, actor: Actor, id: number, input: { text?: unknown; percent?: unknown; evidenceDocumentIds?: unknown }) {
  const text = requiredText(input.text, 'text', 'Nội dung báo cáo', 10_000);
  const percent = percentOf(input.percent);
  return change(ctx, actor, id, 'task.progress', async (trx, task, at) => {
    assertLead(actor, task);
    if (task.accepted_at) throw alreadyAccepted();
    if (task.done_at) throw alreadyDeclared();
    const evidence = await evidenceIds(trx, actor, input.evidenceDocumentIds);
    const eventId = await addEvent(trx, actor, id, at, { kind: 'progress', text, percent });
    if (evidence.length) await trx.insertInto('task_evidence').values(evidence.map((document_id) => ({ event_id: eventId, task_id: id, document_id }))).execute();
    await trx.updateTable('tasks').set({ percent, last_report_at: at, last_report_day: localDate(new Date(at)) }).where('id', '=', id).execute();
    return { percent, evidence };
  });
}

export async function addContribution(ctx: AppContext, actor: Actor, id: number, input: { text?: unknown; evidenceDocumentIds?: unknown }) {
  const text = requiredText(input.text, 'text', 'Nội dung phối hợp', 10_000);
  return change(ctx, actor, id, 'task.contribution', async (trx, task, at) => {
    const coop = await trx.selectFrom('task_orgs').select('role').where('task_id', '=', id).where('org_id', '=', actor.agencyId).where('role', '=', 'cooperate').executeTakeFirst();
    if (!coop || actor.agencyId === task.lead_org_id) {
      throw new DomainError('forbidden', 'forbidden', 'Chỉ cơ quan phối hợp ghi phần phối hợp của mình.', 'Only a co-operating agency adds its contribution.');
    }
    if (task.accepted_at) throw alreadyAccepted();
    const evidence = await evidenceIds(trx, actor, input.evidenceDocumentIds);
    const eventId = await addEvent(trx, actor, id, at, { kind: 'contribution', text });
    if (evidence.length) await trx.insertInto('task_evidence').values(evidence.map((document_id) => ({ event_id: eventId, task_id: id, document_id }))).execute();
    return { evidence };
  });
}

export async function askExtension(ctx: AppContext, actor: Actor, id: number, input: { until?: unknown; reason?: unknown }) {
  const reason = requiredText(input.reason, 'reason', 'Lý do gia hạn', 2000);
  const until = optionalDate(input.until, 'until', 'Hạn đề nghị');
  if (!until) throw invalid('until', 'Hãy nêu hạn mới đề nghị.', 'until is required.');
  return change(ctx, actor, id, 'task.extension.ask', async (trx, task, at) => {
    assertLead(actor, task);
    if (task.accepted_at) throw alreadyAccepted();
    if (task.done_at) throw alreadyDeclared();
    if (task.recurrence !== 'none' || !task.deadline) throw refused('task_not_dated', 'Nhiệm vụ định kỳ, thường xuyên không gia hạn.', 'A recurring or ongoing task has no deadline to extend.');
    if (Number(task.extension_asked) === 1) throw conflict('extension_pending', 'Đã có đề nghị gia hạn đang chờ quyết định.', 'An extension request is already waiting for a decision.');
    if (until <= task.deadline || until < localDate(new Date(at))) throw invalid('until', 'Hạn đề nghị phải sau hạn hiện tại và không ở quá khứ.', 'The requested date must be after the current deadline and not in the past.');
    await addEvent(trx, actor, id, at, { kind: 'extension_asked', text: reason, deadlineFrom: task.deadline, deadlineTo: until });
    await trx.updateTable('tasks').set({ extension_asked: 1 }).where('id', '=', id).execute();
    return { until, reason };
  });
}

export async function decideExtension(ctx: AppContext, actor: Actor, id: number, input: { grant?: unknown; reason?: unknown; until?: unknown }) {
  if (typeof input.grant !== 'boolean') throw invalid('grant', 'Hãy chọn đồng ý hoặc không đồng ý gia hạn.', 'grant must be true or false.');
  const grant = input.grant;
  const reason = grant ? optionalText(input.reason, 'reason', 'Ý kiến', 2000) : requiredText(input.reason, 'reason', 'Lý do không đồng ý', 2000);
  const untilOverride = optionalDate(input.until, 'until', 'Hạn mới');
  return change(ctx, actor, id, grant ? 'task.extension.grant' : 'task.extension.refuse', async (trx, task, at) => {
    assertAssigner(actor, task);
    if (Number(task.extension_asked) !== 1) throw conflict('no_extension_pending', 'Không có đề nghị gia hạn nào đang chờ.', 'No extension request is waiting.');
    const asked = await trx.selectFrom('task_events').select(['deadline_to']).where('task_id', '=', id).where('kind', '=', 'extension_asked').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const until = untilOverride ?? asked.deadline_to!;
    if (grant && task.deadline && until <= task.deadline) throw invalid('until', 'Hạn mới phải sau hạn hiện tại.', 'The new deadline must be after the current one.');
    await addEvent(trx, actor, id, at, { kind: grant ? 'extension_granted' : 'extension_refused', text: reason, deadlineFrom: task.deadline, deadlineTo: grant ? until : null });
    await trx.updateTable('tasks').set(grant ? { extension_asked: 0, deadline: until } : { extension_asked: 0 }).where('id', '=', id).execute();
    return { grant, until: grant ? until : null, reason };
  });
}

export async function declareDone(ctx: AppContext, actor: Actor, id: number, input: { text?: unknown; evidenceDocumentIds?: unknown }) {
  const text = requiredText(input.text, 'text', 'Kết quả thực hiện', 10_000);
  return change(ctx, actor, id, 'task.done', async (trx, task, at) => {
    assertLead(actor, task);
    if (task.accepted_at) throw alreadyAccepted();
    if (task.done_at) throw alreadyDeclared();
    const evidence = await evidenceIds(trx, actor, input.evidenceDocumentIds);
    const eventId = await addEvent(trx, actor, id, at, { kind: 'done', text, percent: 100 });
    if (evidence.length) await trx.insertInto('task_evidence').values(evidence.map((document_id) => ({ event_id: eventId, task_id: id, document_id }))).execute();
    // A pending extension request is moot once the work is declared done.
    await trx.updateTable('tasks').set({ done_at: at, done_day: localDate(new Date(at)), percent: 100, last_report_at: at, last_report_day: localDate(new Date(at)), extension_asked: 0 }).where('id', '=', id).execute();
    return { evidence };
  });
}

export async function decideCompletion(ctx: AppContext, actor: Actor, id: number, input: { accept?: unknown; reason?: unknown }) {
  if (typeof input.accept !== 'boolean') throw invalid('accept', 'Hãy chọn xác nhận hoặc trả lại.', 'accept must be true or false.');
  const accept = input.accept;
  const reason = accept ? optionalText(input.reason, 'reason', 'Ý kiến', 2000) : requiredText(input.reason, 'reason', 'Lý do trả lại', 2000);
  return change(ctx, actor, id, accept ? 'task.accept' : 'task.return', async (trx, task, at) => {
    assertAssigner(actor, task);
    if (task.accepted_at) throw alreadyAccepted();
    if (!task.done_at) throw conflict('task_not_declared', 'Cơ quan chủ trì chưa báo cáo hoàn thành.', 'The lead agency has not declared the task done.');
    await addEvent(trx, actor, id, at, { kind: accept ? 'accepted' : 'returned', text: reason });
    await trx.updateTable('tasks').set(accept ? { accepted_at: at } : { done_at: null, done_day: null, returned_at: at }).where('id', '=', id).execute();
    return { accept, reason };
  });
}
