import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { CONFIDENTIALITIES, URGENCIES, isSecret, SIGNER_COMPETENCES, type Confidentiality } from '../../domain/classification.js';
import { DomainError, invalid, conflict, notFound, refused } from '../../domain/errors.js';
import { detectFileKind, fileKindOf, MIME_TYPES, ACCEPTED_KINDS_TEXT } from '../../domain/file-kinds.js';
import type { StagedFile } from '../blobs/thread.js';
import { requiredText, optionalText, optionalDate, oneOf } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { buildAccessTokens, buildSearchText, requireRole } from './access.js';

export interface DraftInput {
  typeCode?: unknown;
  summary?: unknown;
  content?: unknown;
  signerName?: unknown;
  signerPosition?: unknown;
  signerCompetence?: unknown;
  urgency?: unknown;
  confidentiality?: unknown;
  dueDate?: unknown;
  replyToId?: unknown;
  recipients?: unknown;
  draftingUnit?: unknown;
  registerId?: unknown;
  recordKeeper?: unknown;
  copiesCount?: unknown;
  notes?: unknown;
}

async function typeOf(db: Executor, code: unknown) {
  const t = typeof code === 'string' ? await db.selectFrom('document_types').selectAll().where('code', '=', code).where('active', '=', 1).executeTakeFirst() : undefined;
  if (!t) throw invalid('typeCode', 'Loại văn bản không hợp lệ.', 'Unknown document type.');
  return t;
}

async function validRecipients(db: Executor, actor: Actor, value: unknown): Promise<number[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && v > 0)) {
    throw invalid('recipients', 'Nơi nhận phải là danh sách mã tổ chức.', 'recipients must be a list of organisation ids.');
  }
  const ids = [...new Set(value as number[])];
  if (ids.length > 2000) throw invalid('recipients', 'Quá nhiều nơi nhận (tối đa 2000).', 'Too many recipients (at most 2000).');
  if (ids.includes(actor.agencyId)) throw invalid('recipients', 'Không gửi văn bản cho chính cơ quan mình.', 'An agency cannot send a document to itself.');
  if (!ids.length) return [];
  // Organisations of kind external are hosted on a peer node: documents reach them by edXML.
  const found = await db.selectFrom('organizations').select(['id']).where('id', 'in', ids).where('kind', 'in', ['agency', 'external']).where('active', '=', 1).execute();
  if (found.length !== ids.length) {
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    throw invalid('recipients', `Nơi nhận không phải cơ quan đang hoạt động: ${missing.join(', ')}.`, `Not active agencies: ${missing.join(', ')}.`);
  }
  return ids;
}

async function validate(db: Executor, actor: Actor, input: DraftInput) {
  const type = await typeOf(db, input.typeCode);
  const confidentiality = oneOf(input.confidentiality, CONFIDENTIALITIES, 'confidentiality', 'Độ mật', 'thuong');
  const recipients = await validRecipients(db, actor, input.recipients);
  let replyToId: number | null = null;
  if (input.replyToId !== undefined && input.replyToId !== null) {
    if (!Number.isInteger(input.replyToId)) throw invalid('replyToId', 'Văn bản được trả lời không hợp lệ.', 'replyToId must be a document id.');
    const visible = await db
      .selectFrom('documents')
      .select('id')
      .where('id', '=', input.replyToId as number)
      .where((eb) =>
        eb.or([
          eb('org_id', '=', actor.agencyId),
          eb.exists(eb.selectFrom('inbox_items').select('id').whereRef('inbox_items.document_id', '=', 'documents.id').where('inbox_items.org_id', '=', actor.agencyId).where('withdrawn', '=', 0)),
        ]),
      )
      .executeTakeFirst();
    if (!visible) throw invalid('replyToId', 'Không tìm thấy văn bản được trả lời.', 'The document answered was not found.');
    replyToId = visible.id;
  }
  let registerId: number | null = null;
  if (input.registerId !== undefined && input.registerId !== null) {
    const reg = Number.isInteger(input.registerId)
      ? await db.selectFrom('registers').selectAll().where('id', '=', input.registerId as number).where('org_id', '=', actor.agencyId).where('kind', '=', 'outgoing').executeTakeFirst()
      : undefined;
    if (!reg) throw invalid('registerId', 'Sổ văn bản đi không hợp lệ.', 'Unknown outgoing register.');
    if ((Number(reg.secret) === 1) !== isSecret(confidentiality)) {
      throw invalid('registerId', 'Văn bản mật phải vào sổ mật và ngược lại.', 'Secret documents go in a secret register, others not.');
    }
    registerId = reg.id;
  }
  const copies = input.copiesCount === undefined || input.copiesCount === null ? null : Number(input.copiesCount);
  if (copies !== null && (!Number.isInteger(copies) || copies < 0 || copies > 10000)) {
    throw invalid('copiesCount', 'Số lượng bản không hợp lệ.', 'copiesCount must be a whole number.');
  }
  const summary = requiredText(input.summary, 'summary', 'Trích yếu', 500);
  if (isSecret(confidentiality) && typeof input.content === 'string' && input.content.trim()) {
    throw refused('secret_no_content', 'Văn bản mật chỉ được lưu thông tin đăng ký, không lưu nội dung trên hệ thống nối mạng.', 'For a secret document only the register entry is kept: no content on a networked system.');
  }
  const signerName = optionalText(input.signerName, 'signerName', 'Người ký', 200);
  return {
    type,
    recipients,
    values: {
      type_code: type.code,
      summary,
      content: optionalText(input.content, 'content', 'Nội dung', 5000),
      signer_name: signerName,
      signer_position: optionalText(input.signerPosition, 'signerPosition', 'Chức vụ người ký', 200),
      signer_competence: oneOf(input.signerCompetence ?? '', SIGNER_COMPETENCES, 'signerCompetence', 'Thẩm quyền ký', ''),
      urgency: oneOf(input.urgency, URGENCIES, 'urgency', 'Độ khẩn', 'thuong'),
      confidentiality,
      due_date: optionalDate(input.dueDate, 'dueDate', 'Hạn trả lời'),
      reply_to_id: replyToId,
      drafting_unit: optionalText(input.draftingUnit, 'draftingUnit', 'Đơn vị soạn thảo', 30),
      register_id: registerId,
      record_keeper: optionalText(input.recordKeeper, 'recordKeeper', 'Đơn vị lưu hồ sơ', 200),
      copies_count: copies,
      notes: optionalText(input.notes, 'notes', 'Ghi chú', 1000),
      search_text: buildSearchText({ summary, signer_name: signerName, typeName: type.name }),
    },
  };
}

/** A new outgoing draft of the actor's agency. */
export async function createDocument(ctx: AppContext, actor: Actor, input: DraftInput) {
  requireRole(actor, 'clerk', 'specialist', 'leader');
  const { values, recipients } = await validate(ctx.db.kysely, actor, input);
  return ctx.db.kysely.transaction().execute((trx) => insertDraft(ctx, trx, actor, values, recipients));
}

/** The same inside the caller's transaction (an official letter written, numbered and sent at once). */
export async function createDocumentIn(ctx: AppContext, trx: Executor, actor: Actor, input: DraftInput) {
  requireRole(actor, 'clerk', 'specialist', 'leader');
  const { values, recipients } = await validate(trx, actor, input);
  return insertDraft(ctx, trx, actor, values, recipients);
}

async function insertDraft(ctx: AppContext, trx: Executor, actor: Actor, values: Awaited<ReturnType<typeof validate>>['values'], recipients: number[]) {
  const at = ctx.now().toISOString();
  const doc = await trx
    .insertInto('documents')
    .values({
      ...values,
      origin: 'internal',
      org_id: actor.agencyId,
      external_sender: null,
      created_by: actor.userId,
      state: 'draft',
      number: null,
      notation: null,
      symbol: null,
      issue_year: null,
      issued_at: null,
      doc_date: null,
      copy_kind: null,
      copy_of_id: null,
      access_tokens: buildAccessTokens([actor.agencyId]),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (recipients.length) await trx.insertInto('document_recipients').values(recipients.map((org_id) => ({ document_id: doc.id, org_id }))).execute();
  await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'document.create', entityType: 'document', entityId: doc.id, data: { summary: values.summary, type: values.type_code, recipients } });
  return doc.id;
}

async function loadOwnDraft(db: Executor, actor: Actor, id: number) {
  const doc = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!doc || doc.org_id !== actor.agencyId) throw notFound('document');
  if (doc.state !== 'draft') throw conflict('already_issued', 'Văn bản đã phát hành, không sửa được nữa.', 'The document is already issued and cannot be changed.');
  return doc;
}

export async function updateDraft(ctx: AppContext, actor: Actor, id: number, input: DraftInput) {
  requireRole(actor, 'clerk', 'specialist', 'leader');
  const current = await loadOwnDraft(ctx.db.kysely, actor, id);
  const currentRecipients = await ctx.db.kysely.selectFrom('document_recipients').select('org_id').where('document_id', '=', id).execute();
  const merged: DraftInput = {
    typeCode: current.type_code,
    summary: current.summary,
    content: current.content,
    signerName: current.signer_name,
    signerPosition: current.signer_position,
    signerCompetence: current.signer_competence,
    urgency: current.urgency,
    confidentiality: current.confidentiality,
    dueDate: current.due_date,
    replyToId: current.reply_to_id,
    recipients: currentRecipients.map((r) => r.org_id),
    draftingUnit: current.drafting_unit,
    registerId: current.register_id,
    recordKeeper: current.record_keeper,
    copiesCount: current.copies_count,
    notes: current.notes,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  };
  if (isSecret(current.confidentiality as Confidentiality) !== isSecret(oneOf(merged.confidentiality, CONFIDENTIALITIES, 'confidentiality', 'Độ mật', 'thuong'))) {
    // The content of an ordinary draft must not stay behind when it becomes secret.
    merged.content = input.content ?? null;
  }
  const { values, recipients } = await validate(ctx.db.kysely, actor, merged);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await loadOwnDraft(trx, actor, id);
    if (isSecret(values.confidentiality) && (await trx.selectFrom('attachments').select('id').where('document_id', '=', id).executeTakeFirst())) {
      throw refused('secret_no_files', 'Dự thảo đã có tệp đính kèm: văn bản mật không được lưu tệp trên hệ thống nối mạng. Hãy tạo dự thảo mới.', 'The draft has files: a secret document keeps no files on a networked system. Start a new draft.');
    }
    await trx.updateTable('documents').set({ ...values, updated_at: at }).where('id', '=', id).execute();
    await trx.deleteFrom('document_recipients').where('document_id', '=', id).execute();
    if (recipients.length) await trx.insertInto('document_recipients').values(recipients.map((org_id) => ({ document_id: id, org_id }))).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'document.update', entityType: 'document', entityId: id, data: { fields: Object.keys(input) } });
  });
}

/** A file sent: held whole (mail, edXML), or streamed to a temporary file (an upload). */
export type UploadedFile = { fileName: string; role?: string } & ({ bytes: Buffer } | { staged: StagedFile });

const ATTACHMENT_ROLES = ['main', 'appendix', 'scan'] as const;

const sizeOf = (file: UploadedFile) => ('bytes' in file ? file.bytes.length : file.staged.size);

/** Checks a file by its content; answers the detected kind or a 415 with a clear message. */
export function checkUpload(ctx: AppContext, file: UploadedFile) {
  const size = sizeOf(file);
  if (size === 0) throw invalid('file', 'Tệp rỗng.', 'The file is empty.');
  if (size > ctx.config.maxUploadBytes) {
    const mb = Math.round(ctx.config.maxUploadBytes / 1048576);
    throw new DomainError('too_large', 'file_too_large', `Tệp vượt quá giới hạn ${mb} MB.`, `The file is larger than the ${mb} MB limit.`, 'file');
  }
  const kind = 'bytes' in file ? detectFileKind(file.bytes) : fileKindOf(file.staged.head, (m) => file.staged.found.has(m));
  if (!kind) {
    throw new DomainError(
      'unsupported_media',
      'file_type',
      `Định dạng tệp không được chấp nhận. Chỉ nhận: ${ACCEPTED_KINDS_TEXT}.`,
      `This kind of file is not accepted. Accepted: ${ACCEPTED_KINDS_TEXT}.`,
      'file',
    );
  }
  const fileName = requiredText(file.fileName.replace(/[\\/\0]/g, '_'), 'fileName', 'Tên tệp', 255);
  return { kind, mime: MIME_TYPES[kind], fileName, size };
}

/** Puts a checked file into the store (flushed), answering its hash. Bytes held whole are not read again by the caller. */
export function storeUpload(ctx: AppContext, file: UploadedFile): Promise<string> {
  return 'bytes' in file ? ctx.blobs.put(file.bytes, undefined, true) : file.staged.commit();
}

/** Stores the bytes once by hash, then links them in one transaction. */
export async function storeAttachment(ctx: AppContext, trx: Executor, documentId: number, file: { role?: (typeof ATTACHMENT_ROLES)[number] }, checked: ReturnType<typeof checkUpload>, sha: string, at: string) {
  const blob = { sha256: sha, size: checked.size, kind: checked.kind, mime: checked.mime, created_at: at };
  const attachment = { document_id: documentId, sha256: sha, file_name: checked.fileName, role: file.role ?? 'main', size: checked.size, mime: checked.mime, created_at: at };
  if (ctx.db.dialect === 'postgres') {
    // One round trip: the file's row, if new, and the link in one statement.
    return trx
      .with('blob', (db) => db.insertInto('blobs').values(blob).onConflict((oc) => oc.column('sha256').doNothing()))
      .insertInto('attachments')
      .values(attachment)
      .returning(['id'])
      .executeTakeFirstOrThrow();
  }
  await trx.insertInto('blobs').values(blob).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  return trx.insertInto('attachments').values(attachment).returning(['id']).executeTakeFirstOrThrow();
}

export async function addAttachment(ctx: AppContext, actor: Actor, documentId: number, file: UploadedFile) {
  requireRole(actor, 'clerk', 'specialist', 'leader');
  const role = attachable(await loadOwnDraft(ctx.db.kysely, actor, documentId), file);
  const checked = checkUpload(ctx, file);
  const sha = await storeUpload(ctx, file);
  return ctx.db.kysely.transaction().execute((trx) => linkAttachment(ctx, trx, actor, documentId, role, checked, sha));
}

/** The same inside the caller's transaction; the bytes are stored (by hash) before the link. */
export async function addAttachmentIn(ctx: AppContext, trx: Executor, actor: Actor, documentId: number, file: UploadedFile) {
  requireRole(actor, 'clerk', 'specialist', 'leader');
  const role = attachable(await loadOwnDraft(trx, actor, documentId), file);
  const checked = checkUpload(ctx, file);
  const sha = await storeUpload(ctx, file);
  return linkAttachment(ctx, trx, actor, documentId, role, checked, sha);
}

function attachable(doc: { confidentiality: string }, file: UploadedFile) {
  if (doc.confidentiality !== 'thuong') {
    throw refused('secret_no_files', 'Văn bản mật không được lưu tệp trên hệ thống nối mạng; chỉ lưu thông tin đăng ký.', 'Files of secret documents are not stored on a networked system; only the register entry is kept.');
  }
  return oneOf(file.role, ATTACHMENT_ROLES, 'role', 'Loại tệp', 'main');
}

async function linkAttachment(ctx: AppContext, trx: Executor, actor: Actor, documentId: number, role: (typeof ATTACHMENT_ROLES)[number], checked: ReturnType<typeof checkUpload>, sha: string) {
  await loadOwnDraft(trx, actor, documentId);
  const at = ctx.now().toISOString();
  const row = await storeAttachment(ctx, trx, documentId, { role }, checked, sha, at);
  await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'document.attach', entityType: 'document', entityId: documentId, data: { attachmentId: row.id, sha256: sha, fileName: checked.fileName, size: checked.size } });
  return { id: row.id, sha256: sha, fileName: checked.fileName, mime: checked.mime, size: checked.size, role };
}
