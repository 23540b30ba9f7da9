import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { ASSIGNMENT_ROLES, type AssignmentRole } from '../../domain/roles.js';
import { forbidden, invalid, refused } from '../../domain/errors.js';
import { localYear } from '../../domain/numbering.js';
import { nextStatus, STATUS, type ProcessingStatus, type IncomingAction, type StatusCode } from '../../domain/statuses.js';
import { requiredText, optionalText, optionalDate, oneOf } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { subtreeIds } from '../directory/repo.js';
import { buildAccessTokens, buildSearchText, loadOwnItem, requireRole } from './access.js';
import { checkUpload, storeAttachment, storeUpload, type UploadedFile } from './drafts.js';
import { isLeadHandler } from './views.js';
import { CONFIDENTIALITIES, URGENCIES } from '../../domain/classification.js';
import { chooseRegister, nextNumber } from './numbering-repo.js';

type Item = Awaited<ReturnType<typeof loadOwnItem>>;

/**
 * One status change of an item; the modules that follow it (edXML status packages) run on the
 * hook. `note` is read by the sender too; `internalNote` (the leader's direction) stays inside
 * the recipient's agency.
 */
export async function recordStatus(ctx: AppContext, trx: Executor, item: { id: number; document_id: number; org_id: number }, status: StatusCode, actor: Actor | null, at: string, note: string | null, internalNote: string | null = null) {
  await trx
    .insertInto('status_events')
    .values({ inbox_item_id: item.id, document_id: item.document_id, org_id: item.org_id, status, actor_user_id: actor?.userId ?? null, actor_name: actor?.fullName ?? 'Hệ thống', at, note, internal_note: internalNote })
    .execute();
  await ctx.hooks.run(trx, ctx, 'statusRecorded', { item, status, actorName: actor?.fullName ?? 'Hệ thống', at, note });
}

/** Runs one step of the incoming flow on the actor's own item, in one transaction. */
async function step<T extends object = Record<never, never>>(
  ctx: AppContext,
  actor: Actor,
  itemId: number,
  action: IncomingAction,
  apply: (trx: Executor, item: Item, to: ProcessingStatus, at: string) => Promise<{ note: string | null; internalNote?: string | null; data?: Record<string, unknown>; result?: T }>,
) {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const item = await loadOwnItem(trx, actor, itemId);
    const to = nextStatus(item.status as ProcessingStatus, action, Number(item.withdrawn) === 1);
    const at = ctx.now().toISOString();
    const out = await apply(trx, item, to, at);
    await trx.updateTable('inbox_items').set({ status: to, updated_at: at }).where('id', '=', item.id).execute();
    await recordStatus(ctx, trx, item, to, actor, at, out.note, out.internalNote ?? null);
    await ctx.hooks.run(trx, ctx, 'itemChanged', { itemId: item.id });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: `incoming.${action}`, entityType: 'inbox_item', entityId: item.id, data: { status: to, note: out.note, ...out.data } });
    const result: Partial<T> = out.result ?? {};
    return { itemId: item.id, status: to, ...result };
  });
}

/** Takes the next arrival number: one yearly series for paper and electronic, secret apart. */
async function arrivalNumber(trx: Executor, agencyId: number, secret: boolean, at: Date, wanted: number | null = null) {
  // The book set on the item (by a mail rule) when it still fits, else the agency's first.
  const register = (wanted ? await chooseRegister(trx, agencyId, 'incoming', secret, null, wanted).catch(() => null) : null) ?? (await chooseRegister(trx, agencyId, 'incoming', secret, null));
  const year = localYear(at);
  return { registerId: register.id, year, number: await nextNumber(trx, register.id, year, 'main') };
}

export async function receiveIncoming(ctx: AppContext, actor: Actor, itemId: number) {
  requireRole(actor, 'clerk');
  return step(ctx, actor, itemId, 'register', async (trx, item, _to, at) => {
    const doc = await trx.selectFrom('documents').select('confidentiality').where('id', '=', item.document_id).executeTakeFirstOrThrow();
    const n = await arrivalNumber(trx, actor.agencyId, doc.confidentiality !== 'thuong', new Date(at), item.register_id);
    await trx.updateTable('inbox_items').set({ register_id: n.registerId, arrival_number: n.number, arrival_year: n.year, registered_at: at }).where('id', '=', item.id).execute();
    return { note: `Số đến ${n.number}`, data: { arrivalNumber: n.number, year: n.year }, result: { arrivalNumber: n.number, arrivalYear: n.year } };
  });
}

export async function rejectIncoming(ctx: AppContext, actor: Actor, itemId: number, reasonIn: unknown) {
  requireRole(actor, 'clerk');
  const reason = requiredText(reasonIn, 'reason', 'Lý do từ chối', 1000);
  return step(ctx, actor, itemId, 'reject', async () => ({ note: reason }));
}

export interface AssignmentInput {
  userId?: number;
  orgId?: number;
  role?: string;
  deadline?: string;
}

export async function assignIncoming(ctx: AppContext, actor: Actor, itemId: number, input: { assignees?: unknown; direction?: unknown; deadline?: unknown }) {
  requireRole(actor, 'leader');
  if (!Array.isArray(input.assignees) || input.assignees.length === 0 || input.assignees.length > 200) {
    throw invalid('assignees', 'Phải chọn người hoặc đơn vị xử lý.', 'Choose at least one person or unit.');
  }
  const direction = optionalText(input.direction, 'direction', 'Ý kiến chỉ đạo', 2000);
  const deadline = optionalDate(input.deadline, 'deadline', 'Hạn xử lý');
  const scope = await subtreeIds(ctx.db.kysely, actor.agencyId);
  const rows: { userId: number | null; orgId: number | null; role: AssignmentRole; deadline: string | null }[] = [];
  for (const [i, a] of (input.assignees as AssignmentInput[]).entries()) {
    const field = `assignees[${i}]`;
    if (!a || typeof a !== 'object') throw invalid(field, 'Người xử lý không hợp lệ.', 'Invalid assignee.');
    const role = oneOf(a.role, ASSIGNMENT_ROLES, `${field}.role`, 'Vai trò xử lý');
    const userId = Number.isInteger(a.userId) ? (a.userId as number) : null;
    const orgId = Number.isInteger(a.orgId) ? (a.orgId as number) : null;
    if ((userId === null) === (orgId === null)) throw invalid(field, 'Chọn một người hoặc một đơn vị.', 'Give either userId or orgId.');
    if (userId !== null) {
      const u = await ctx.db.kysely.selectFrom('users').select(['org_id']).where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
      if (!u || !scope.includes(u.org_id)) throw invalid(`${field}.userId`, 'Người được giao không thuộc cơ quan.', 'The assignee is not in your agency.');
    }
    if (orgId !== null && !scope.includes(orgId)) throw invalid(`${field}.orgId`, 'Đơn vị được giao không thuộc cơ quan.', 'The unit is not in your agency.');
    rows.push({ userId, orgId, role, deadline: optionalDate(a.deadline, `${field}.deadline`, 'Hạn xử lý') ?? deadline });
  }
  if (!rows.some((r) => r.role === 'lead')) throw invalid('assignees', 'Phải có một đơn vị hoặc người chủ trì.', 'One assignee must lead (chủ trì).');
  return step(ctx, actor, itemId, 'assign', async (trx, item, _to, at) => {
    await trx.deleteFrom('assignments').where('inbox_item_id', '=', item.id).where('done_at', 'is', null).execute();
    await trx
      .insertInto('assignments')
      .values(rows.map((r) => ({ inbox_item_id: item.id, assignee_user_id: r.userId, assignee_org_id: r.orgId, role: r.role, deadline: r.deadline, direction, assigned_by: actor.userId, assigned_at: at, done_at: null })))
      .execute();
    const leadDeadline = rows.find((r) => r.role === 'lead')?.deadline ?? item.deadline;
    await trx.updateTable('inbox_items').set({ deadline: leadDeadline }).where('id', '=', item.id).execute();
    // The sender learns that and when it was assigned, and by whom; the direction is internal.
    return { note: null, internalNote: direction, data: { direction, assignees: rows } };
  });
}

/** The lead handler (the person, or anyone of the lead unit) or a leader may work the item. */
async function requireHandler(trx: Executor, actor: Actor, itemId: number) {
  if (hasRole(actor, 'leader') || (await isLeadHandler(trx, actor, itemId))) return;
  throw forbidden('Chỉ người chủ trì xử lý mới thực hiện được thao tác này.', 'Only the lead handler can do this.');
}

export async function startProcessing(ctx: AppContext, actor: Actor, itemId: number) {
  return step(ctx, actor, itemId, 'start', async (trx, item) => {
    await requireHandler(trx, actor, item.id);
    return { note: null };
  });
}

export async function completeIncoming(ctx: AppContext, actor: Actor, itemId: number, input: { resultNote?: unknown; replyDocumentId?: unknown }) {
  const resultNote = optionalText(input.resultNote, 'resultNote', 'Kết quả xử lý', 4000);
  const replyId = input.replyDocumentId === undefined || input.replyDocumentId === null ? null : Number(input.replyDocumentId);
  if (!resultNote && replyId === null) {
    throw invalid('resultNote', 'Hãy ghi kết quả xử lý hoặc chọn văn bản trả lời.', 'Give a result note or the reply document.');
  }
  return step(ctx, actor, itemId, 'complete', async (trx, item, _to, at) => {
    await requireHandler(trx, actor, item.id);
    if (replyId !== null) {
      const reply = Number.isInteger(replyId)
        ? await trx.selectFrom('documents').select('id').where('id', '=', replyId).where('org_id', '=', actor.agencyId).executeTakeFirst()
        : undefined;
      if (!reply) throw invalid('replyDocumentId', 'Văn bản trả lời không thuộc cơ quan.', 'The reply document is not one of your agency.');
    }
    await trx.updateTable('inbox_items').set({ result_note: resultNote, reply_document_id: replyId, completed_at: at }).where('id', '=', item.id).execute();
    await trx.updateTable('assignments').set({ done_at: at }).where('inbox_item_id', '=', item.id).where('done_at', 'is', null).execute();
    return { note: resultNote ?? `Trả lời bằng văn bản #${replyId}`, data: { replyDocumentId: replyId } };
  });
}

export interface PaperInput {
  sender?: unknown;
  symbol?: unknown;
  docDate?: unknown;
  typeCode?: unknown;
  summary?: unknown;
  signerName?: unknown;
  urgency?: unknown;
  confidentiality?: unknown;
  deadline?: unknown;
}

/**
 * A paper document that arrived by post or by hand: recorded as an external document and
 * registered at once in the same arrival series as electronic ones.
 */
export async function registerPaper(ctx: AppContext, actor: Actor, input: PaperInput) {
  requireRole(actor, 'clerk');
  const sender = requiredText(input.sender, 'sender', 'Cơ quan ban hành', 300);
  const summary = requiredText(input.summary, 'summary', 'Trích yếu', 500);
  const symbol = optionalText(input.symbol, 'symbol', 'Số, ký hiệu', 60);
  const docDate = optionalDate(input.docDate, 'docDate', 'Ngày văn bản');
  const deadline = optionalDate(input.deadline, 'deadline', 'Hạn xử lý');
  const type = typeof input.typeCode === 'string' ? await ctx.db.kysely.selectFrom('document_types').selectAll().where('code', '=', input.typeCode).executeTakeFirst() : undefined;
  if (!type) throw invalid('typeCode', 'Loại văn bản không hợp lệ.', 'Unknown document type.');
  const urgency = oneOf(input.urgency, URGENCIES, 'urgency', 'Độ khẩn', 'thuong');
  const confidentiality = oneOf(input.confidentiality, CONFIDENTIALITIES, 'confidentiality', 'Độ mật', 'thuong');
  const signerName = optionalText(input.signerName, 'signerName', 'Người ký', 200);
  const now = ctx.now();
  const at = now.toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const num = symbol ? Number.parseInt(symbol, 10) : NaN;
    const doc = await trx
      .insertInto('documents')
      .values({
        origin: 'external', org_id: null, external_sender: sender, created_by: actor.userId, state: 'issued', type_code: type.code, summary, content: null,
        signer_name: signerName, signer_position: null, signer_competence: null, urgency, confidentiality, due_date: deadline, reply_to_id: null, drafting_unit: null,
        register_id: null, number: Number.isFinite(num) ? num : null, notation: null, symbol, issue_year: docDate ? Number(docDate.slice(0, 4)) : null, issued_at: null,
        doc_date: docDate, copy_kind: null, copy_of_id: null, copies_count: null, record_keeper: null, notes: null,
        search_text: buildSearchText({ symbol, summary, signer_name: signerName, external_sender: sender, typeName: type.name }),
        access_tokens: buildAccessTokens([actor.agencyId]), created_at: at, updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const n = await arrivalNumber(trx, actor.agencyId, confidentiality !== 'thuong', now);
    const item = await trx
      .insertInto('inbox_items')
      .values({ document_id: doc.id, org_id: actor.agencyId, status: STATUS.REGISTERED, withdrawn: 0, recall_state: null, is_paper: 1, register_id: n.registerId, arrival_number: n.number, arrival_year: n.year, arrived_at: at, registered_at: at, deadline, result_note: null, reply_document_id: null, completed_at: null, updated_at: at })
      .returning(['id', 'document_id', 'org_id'])
      .executeTakeFirstOrThrow();
    await recordStatus(ctx, trx, item, STATUS.REGISTERED, actor, at, `Văn bản giấy — số đến ${n.number}`);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'incoming.paper', entityType: 'inbox_item', entityId: item.id, data: { documentId: doc.id, sender, symbol, arrivalNumber: n.number } });
    return { itemId: item.id, documentId: doc.id, status: STATUS.REGISTERED, arrivalNumber: n.number, arrivalYear: n.year };
  });
}

/** The scan of a paper document, attached to its external record. */
export async function addScan(ctx: AppContext, actor: Actor, itemId: number, file: UploadedFile) {
  requireRole(actor, 'clerk');
  const item = await loadOwnItem(ctx.db.kysely, actor, itemId);
  if (Number(item.is_paper) !== 1) throw refused('not_paper', 'Chỉ văn bản giấy mới cần tệp quét.', 'Only paper documents take a scan.');
  const doc = await ctx.db.kysely.selectFrom('documents').select('confidentiality').where('id', '=', item.document_id).executeTakeFirstOrThrow();
  if (doc.confidentiality !== 'thuong') throw refused('secret_no_files', 'Văn bản mật không được lưu tệp trên hệ thống nối mạng.', 'Files of secret documents are not stored on a networked system.');
  const checked = checkUpload(ctx, file);
  const sha = await storeUpload(ctx, file);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await storeAttachment(ctx, trx, item.document_id, { ...file, role: 'scan' }, checked, sha, at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'incoming.scan', entityType: 'inbox_item', entityId: item.id, data: { sha256: sha, fileName: checked.fileName } });
    return { id: row.id, sha256: sha, fileName: checked.fileName, mime: checked.mime, size: checked.size, role: 'scan' as const };
  });
}

