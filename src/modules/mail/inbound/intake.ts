import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { MailInboundTable } from '../../../db/schema.js';
import type { Executor } from '../../../db/connect.js';
import { DomainError } from '../../../domain/errors.js';
import { executableReason } from '../../../domain/executables.js';
import { autoReplyReason } from '../../../domain/auto-replies.js';
import { detectFileKind } from '../../../domain/file-kinds.js';
import { applyRules } from '../../../domain/mail-rules.js';
import { formatDateVi, localDate } from '../../../domain/numbering.js';
import { appendAudit } from '../../audit/service.js';
import { sha256 } from '../../blobs/store.js';
import { subtreeIds } from '../../directory/repo.js';
import { buildAccessTokens, buildSearchText, checkUpload, createItems, storeAttachment } from '../../documents/index.js';
import { normalizeAddress, resolveMailbox, senderOrganization, type Mailbox } from '../addresses.js';
import { cleanText, factsFor, parseMessage, type ParsedMessage } from './parse.js';
import { UnreadableMessage } from './parse-pool.js';
import { relatedDocument, sentByUs } from './replies.js';
import { activeRules } from './rules.js';

export interface Envelope {
  source: 'smtp' | 'lmtp' | 'imap';
  /** MAIL FROM (null for the null sender or when unknown, as with IMAP). */
  from: string | null;
  /** The recipient addresses this copy is for (RCPT TO; for IMAP, the account's organisation address or the To/Cc headers). */
  to: string[];
  /** The SHA-256 of the raw message when the transport hashed it as it arrived. */
  rawSha256?: string;
}

export interface IntakeResult {
  address: string;
  orgId: number | null;
  outcome: 'accepted' | 'duplicate' | 'refused';
  reason: string | null;
  documentId: number | null;
  itemId: number | null;
}

/** Why a whole message was refused: the listener answers each with its own SMTP reply. */
export interface Refusal {
  code: 'too_large' | 'malformed' | 'executable' | 'auto_reply';
  detail: string;
}

export interface IntakeReport {
  results: IntakeResult[];
  refusal: Refusal | null;
}

const MAX_TARGETS = 1000;
const MAX_ATTACHMENTS = 100;
const CONTENT_CHARS = 20_000;
const SIGNATURES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature']);

/**
 * Turns one message into incoming documents: for each recipient address that is an official
 * mailbox, a mail_inbound row and (unless it repeats a message already received there) a
 * document with its attachments and an item at 01 in that agency's inbox — all recipients of
 * the message in one transaction, with their audit events. Called by the SMTP/LMTP listener
 * and by the IMAP poller.
 */
export async function intakeMessage(ctx: AppContext, raw: Buffer, envelope: Envelope): Promise<IntakeResult[]> {
  return (await intake(ctx, raw, envelope)).results;
}

interface Target {
  address: string;
  mailbox: Mailbox | null;
}

/** `resolved`: the mailboxes the listener already looked up at RCPT TO, by address. */
export async function intake(ctx: AppContext, raw: Buffer, envelope: Envelope, resolved?: Map<string, Mailbox | null>): Promise<IntakeReport> {
  const db = ctx.db.kysely;
  const targets: Target[] = [];
  for (const address of envelope.to.slice(0, MAX_TARGETS)) {
    const known = resolved?.get(address);
    targets.push({ address, mailbox: known !== undefined ? known : await resolveMailbox(db, address) });
  }
  const envelopeFrom = normalizeAddress(envelope.from);
  const limit = ctx.config.mail.maxMessageBytes;

  const refuse = (refusal: Refusal, msg: ParsedMessage | null) => logRefusal(ctx, targets, envelope, envelopeFrom, sha256(raw), msg, refusal);
  if (raw.length > limit) {
    return refuse({ code: 'too_large', detail: `Thư ${mb(raw.length)} vượt giới hạn ${mb(limit)}.` }, null);
  }
  let msg: ParsedMessage;
  try {
    msg = await parseMessage(raw, limit);
  } catch (e) {
    if (!(e instanceof UnreadableMessage)) throw e;
    return refuse({ code: 'malformed', detail: `Không đọc được thư: ${cleanText((e as Error).message, 200)}` }, null);
  }
  const auto = autoReplyReason(msg.headers);
  if (auto) return refuse({ code: 'auto_reply', detail: `Thư trả lời tự động (${auto}): không phải văn bản, không tạo văn bản đến.` }, msg);
  for (const a of msg.attachments) {
    const why = executableReason(a.bytes, a.fileName);
    if (why) return refuse({ code: 'executable', detail: `Thư có tệp chương trình (${why}).` }, msg);
  }
  if (!targets.some((t) => t.mailbox)) return { results: targets.map((t) => unknownResult(t.address)), refusal: null };

  const rawSha = await ctx.blobs.put(raw, envelope.rawSha256);
  const files = await prepareAttachments(ctx, msg);
  const sender = await senderOrganization(db, msg.fromAddress ?? envelopeFrom);
  const fromAddress = msg.fromAddress ?? envelopeFrom;
  const externalSender = sender?.name ?? (fromAddress ? (msg.fromName ? `${msg.fromName} <${fromAddress}>` : fromAddress) : 'Không rõ người gửi');
  const ours = await sentByUs(db, msg.messageId);
  const at = ctx.now().toISOString();

  const results = await db.transaction().execute(async (trx) => {
    await lockAgencies(ctx, trx, targets);
    await trx
      .insertInto('blobs')
      .values({ sha256: rawSha, size: raw.length, kind: 'eml', mime: 'message/rfc822', created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    const out: IntakeResult[] = [];
    for (const t of targets) {
      if (!t.mailbox) {
        out.push(unknownResult(t.address));
        continue;
      }
      const row = { source: envelope.source, message_id: msg.messageId, raw_sha256: rawSha, envelope_from: envelopeFrom, from_address: fromAddress, to_address: t.mailbox.address, org_id: t.mailbox.agencyId, sender_org_id: sender?.id ?? null, subject: msg.subject || null, received_at: at };
      const earlier = ours ? null : await earlierCopy(trx, t.mailbox.agencyId, msg.messageId, rawSha);
      if (ours || earlier) {
        const reason = ours ? 'Thư do chính hệ thống Liên Thông gửi: văn bản đã có trên hệ thống, không tạo lại.' : `Trùng thư đã nhận (#${earlier!.id}): cùng Message-ID và cùng nội dung.`;
        const log = await insertLog(trx, { ...row, outcome: 'duplicate', reason, document_id: null, inbox_item_id: null, related_document_id: null });
        await appendAudit(trx, { at, actorUserId: null, orgId: t.mailbox.agencyId, action: 'mail.duplicate', entityType: 'mail_inbound', entityId: log, data: { messageId: msg.messageId, sha256: rawSha, earlier: earlier?.id ?? null } });
        out.push({ address: t.address, orgId: t.mailbox.agencyId, outcome: 'duplicate', reason, documentId: earlier?.document_id ?? null, itemId: earlier?.inbox_item_id ?? null });
        continue;
      }
      const made = await createIncoming(ctx, trx, t.mailbox, msg, files, { envelope, envelopeFrom, externalSender, at, rawSha });
      const log = await insertLog(trx, { ...row, outcome: 'accepted', reason: made.note, document_id: made.documentId, inbox_item_id: made.itemId, related_document_id: made.relatedId });
      await appendAudit(trx, {
        at,
        actorUserId: null,
        orgId: t.mailbox.agencyId,
        action: 'mail.receive',
        entityType: 'inbox_item',
        entityId: made.itemId,
        data: { mailInboundId: log, documentId: made.documentId, from: fromAddress, to: t.mailbox.address, subject: msg.subject, messageId: msg.messageId, sha256: rawSha, rules: made.rules, relatedDocumentId: made.relatedId },
      });
      out.push({ address: t.address, orgId: t.mailbox.agencyId, outcome: 'accepted', reason: made.note, documentId: made.documentId, itemId: made.itemId });
    }
    return out;
  });
  return { results, refusal: null };
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

const unknownResult = (address: string): IntakeResult => ({
  address,
  orgId: null,
  outcome: 'refused',
  reason: 'Không phải hộp thư công vụ của cơ quan nào trên hệ thống.',
  documentId: null,
  itemId: null,
});

/**
 * Intake of one agency's mail runs one message at a time, so that the duplicate check
 * sees the copy another process is storing (SQLite already runs one writer at a time).
 */
async function lockAgencies(ctx: AppContext, trx: Executor, targets: Target[]) {
  if (ctx.db.dialect !== 'postgres') return;
  const ids = [...new Set(targets.flatMap((t) => (t.mailbox ? [t.mailbox.agencyId] : [])))];
  if (ids.length) await trx.selectFrom('organizations').select('id').where('id', 'in', ids).orderBy('id').forNoKeyUpdate().execute();
}

async function earlierCopy(trx: Executor, agencyId: number, messageId: string | null, rawSha: string) {
  let q = trx.selectFrom('mail_inbound').select(['id', 'document_id', 'inbox_item_id']).where('org_id', '=', agencyId).where('raw_sha256', '=', rawSha).where('outcome', '=', 'accepted');
  q = messageId === null ? q.where('message_id', 'is', null) : q.where('message_id', '=', messageId);
  return q.orderBy('id').limit(1).executeTakeFirst();
}

async function insertLog(trx: Executor, row: Insertable<MailInboundTable>): Promise<number> {
  const r = await trx.insertInto('mail_inbound').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

interface PreparedFile {
  fileName: string;
  sha: string;
  checked: ReturnType<typeof checkUpload>;
}

/** Attachments checked like any upload and stored once; what cannot be kept is named in the notes. */
async function prepareAttachments(ctx: AppContext, msg: ParsedMessage): Promise<{ kept: PreparedFile[]; skipped: string[] }> {
  const kept: PreparedFile[] = [];
  const skipped: string[] = [];
  for (const [i, a] of msg.attachments.entries()) {
    if (a.inline || SIGNATURES.has(a.contentType.toLowerCase())) continue;
    const fileName = a.fileName || `tep-dinh-kem-${i + 1}.${detectFileKind(a.bytes) ?? 'bin'}`;
    if (kept.length >= MAX_ATTACHMENTS) {
      skipped.push(`${fileName}: quá ${MAX_ATTACHMENTS} tệp`);
      continue;
    }
    try {
      const checked = checkUpload(ctx, { fileName, bytes: a.bytes });
      // Nothing reads the file's bytes after this (its size is in `checked`): they are handed over.
      kept.push({ fileName, checked, sha: await ctx.blobs.put(a.bytes, undefined, true) });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      skipped.push(`${fileName}: ${e.messageVi}`);
    }
  }
  return { kept, skipped };
}

interface IntakeContext {
  envelope: Envelope;
  envelopeFrom: string | null;
  externalSender: string;
  at: string;
  rawSha: string;
}

/** The rules' settings, each checked again now: a type retired or an assignee gone since is left out. */
async function settingsFor(trx: Executor, mailbox: Mailbox, msg: ParsedMessage, envelopeFrom: string | null) {
  const rules = await activeRules(trx, mailbox.agencyId);
  const r = applyRules(rules, factsFor(msg, mailbox.address, envelopeFrom));
  const type = await trx.selectFrom('document_types').select(['code', 'name']).where('code', '=', r.typeCode ?? 'CV').where('active', '=', 1).executeTakeFirst();
  let assignee: number | null = null;
  if (r.assigneeUserId !== null) {
    const user = await trx.selectFrom('users').select('org_id').where('id', '=', r.assigneeUserId).where('active', '=', 1).executeTakeFirst();
    if (user && (await subtreeIds(trx, mailbox.agencyId)).includes(user.org_id)) assignee = r.assigneeUserId;
  }
  const register =
    r.registerId === null
      ? undefined
      : await trx.selectFrom('registers').select('id').where('id', '=', r.registerId).where('org_id', '=', mailbox.agencyId).where('kind', '=', 'incoming').where('secret', '=', 0).where('active', '=', 1).executeTakeFirst();
  return {
    type: type ?? (await trx.selectFrom('document_types').select(['code', 'name']).where('code', '=', 'CV').executeTakeFirstOrThrow()),
    urgency: r.urgency ?? 'thuong',
    assignee,
    registerId: register?.id ?? null,
    rules: r.matched,
  };
}

/** The date the message carries, when it is a believable one; else the day it arrived. */
function docDate(msg: ParsedMessage, at: string): string {
  const arrived = new Date(at);
  const d = msg.date;
  const ok = d && d.getTime() > Date.UTC(2000, 0, 1) && d.getTime() < arrived.getTime() + 86_400_000;
  return localDate(ok ? d : arrived);
}

async function createIncoming(ctx: AppContext, trx: Executor, mailbox: Mailbox, msg: ParsedMessage, files: { kept: PreparedFile[]; skipped: string[] }, c: IntakeContext) {
  const s = await settingsFor(trx, mailbox, msg, c.envelopeFrom);
  const relatedId = await relatedDocument(trx, mailbox.agencyId, msg);
  const summary = cleanText(msg.subject, 500) || cleanText(`Thư điện tử không có tiêu đề của ${c.externalSender}`, 500);
  const via = c.envelope.source === 'imap' ? 'IMAP' : c.envelope.source.toUpperCase();
  const notes = [
    `Nhận qua thư điện tử (${via}) gửi tới ${mailbox.address} ngày ${formatDateVi(c.at)}.`,
    ...(files.skipped.length ? [`Tệp không nhận: ${files.skipped.join('; ')}.`] : []),
    ...(s.rules.length ? [`Quy tắc áp dụng: ${s.rules.join(', ')}.`] : []),
  ].join(' ');
  const doc = await trx
    .insertInto('documents')
    .values({
      origin: 'email', org_id: null, external_sender: c.externalSender, created_by: null, state: 'issued', type_code: s.type.code, summary,
      content: cleanText(msg.text.trim(), CONTENT_CHARS) || null, signer_name: null, signer_position: null, signer_competence: null,
      urgency: s.urgency, confidentiality: 'thuong', due_date: null, reply_to_id: relatedId, drafting_unit: null, register_id: null, number: null, notation: null,
      symbol: null, issue_year: null, issued_at: null, doc_date: docDate(msg, c.at), copy_kind: null, copy_of_id: null, copies_count: null, record_keeper: null,
      notes: cleanText(notes, 2000), search_text: buildSearchText({ summary, external_sender: c.externalSender, typeName: s.type.name }),
      access_tokens: buildAccessTokens([mailbox.agencyId]), created_at: c.at, updated_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, f] of files.kept.entries()) {
    await storeAttachment(ctx, trx, doc.id, { role: i === 0 ? 'main' : 'appendix' }, f.checked, f.sha, c.at);
  }
  const [item] = await createItems(trx, ctx.db.dialect, { id: doc.id, due_date: null }, [mailbox.agencyId], c.at);
  await ctx.hooks.run(trx, ctx, 'arrived', { documentId: doc.id, recipientOrgIds: [mailbox.agencyId], at: c.at });
  if (s.registerId !== null) await trx.updateTable('inbox_items').set({ register_id: s.registerId }).where('id', '=', item!.itemId).execute();
  if (s.assignee !== null) {
    await trx
      .insertInto('assignments')
      .values({ inbox_item_id: item!.itemId, assignee_user_id: s.assignee, assignee_org_id: null, role: 'lead', deadline: null, direction: `Giao tự động theo quy tắc thư đến: ${s.rules.join(', ')}`.slice(0, 2000), assigned_by: s.assignee, assigned_at: c.at, done_at: null })
      .execute();
  }
  return { documentId: doc.id, itemId: item!.itemId, relatedId, rules: s.rules, note: files.skipped.length ? `Tệp không nhận: ${files.skipped.join('; ')}`.slice(0, 1000) : null };
}

/** A refused message: a log row for each official mailbox it was for, its raw content not kept. */
async function logRefusal(ctx: AppContext, targets: Target[], envelope: Envelope, envelopeFrom: string | null, rawSha: string, msg: ParsedMessage | null, refusal: Refusal): Promise<IntakeReport> {
  const at = ctx.now().toISOString();
  const results = await ctx.db.kysely.transaction().execute(async (trx) => {
    const out: IntakeResult[] = [];
    for (const t of targets) {
      if (!t.mailbox) {
        out.push(unknownResult(t.address));
        continue;
      }
      const id = await insertLog(trx, {
        source: envelope.source, message_id: msg?.messageId ?? null, raw_sha256: rawSha, envelope_from: envelopeFrom, from_address: msg?.fromAddress ?? envelopeFrom,
        to_address: t.mailbox.address, org_id: t.mailbox.agencyId, sender_org_id: null, subject: msg?.subject || null, outcome: 'refused', reason: refusal.detail,
        document_id: null, inbox_item_id: null, related_document_id: null, received_at: at,
      });
      await appendAudit(trx, { at, actorUserId: null, orgId: t.mailbox.agencyId, action: 'mail.refuse', entityType: 'mail_inbound', entityId: id, data: { code: refusal.code, detail: refusal.detail, from: envelopeFrom } });
      out.push({ address: t.address, orgId: t.mailbox.agencyId, outcome: 'refused', reason: refusal.detail, documentId: null, itemId: null });
    }
    return out;
  });
  return { results, refusal };
}
