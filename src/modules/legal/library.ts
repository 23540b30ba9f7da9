import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { LegalTextTable } from '../../db/schema-legal.js';
import { conflict, DomainError, invalid, notFound } from '../../domain/errors.js';
import { fold, searchTerms } from '../../domain/fold.js';
import { LEGAL_STATUSES, LEGAL_TYPES, LEGAL_TYPE_LABELS, statusLinkProblem, type LegalStatus, type LegalType } from '../../domain/legal.js';
import { oneOf, optionalDate, optionalText, requiredText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { checkUpload, storeUpload, type UploadedFile } from '../documents/index.js';
import { assertKeepsLibrary, keepsLibrary } from './access.js';
import { campaignsOfText } from './campaigns.js';

/**
 * The IT legal library: texts with their number, type, issuer, dates, status and the text
 * that replaces or amends them, a summary and the PDF. Read by every signed-in user, kept by
 * the provincial IT department; search folds Vietnamese marks (đ≈d) like document search.
 */

type Row = Omit<LegalTextTable, 'id'> & { id: number };

export interface LegalTextInput {
  number?: unknown;
  type?: unknown;
  issuer?: unknown;
  title?: unknown;
  summary?: unknown;
  issuedOn?: unknown;
  effectiveOn?: unknown;
  status?: unknown;
  linkedId?: unknown;
}

export interface LegalQuery {
  q?: string;
  type?: LegalType;
  status?: LegalStatus;
  limit?: number;
  offset?: number;
}

const searchTextOf = (v: { number: string; type: LegalType; issuer: string; title: string; summary: string | null }) =>
  fold([v.number, LEGAL_TYPE_LABELS[v.type].vi, v.issuer, v.title, v.summary ?? ''].join(' '));

function view(r: Row, linked: Map<number, { id: number; number: string; title: string }>) {
  return {
    id: r.id,
    number: r.number,
    type: r.type,
    issuer: r.issuer,
    title: r.title,
    summary: r.summary,
    issuedOn: r.issued_on,
    effectiveOn: r.effective_on,
    status: r.status,
    linked: r.linked_id ? (linked.get(r.linked_id) ?? null) : null,
    file: r.file_sha256 ? { fileName: r.file_name ?? 'van-ban.pdf', size: r.file_size ?? 0 } : null,
    updatedAt: r.updated_at,
  };
}
export type LegalTextView = ReturnType<typeof view>;

async function linkedNames(db: Executor, rows: Row[]) {
  const ids = [...new Set(rows.map((r) => r.linked_id).filter((x): x is number => x !== null))];
  const out = new Map<number, { id: number; number: string; title: string }>();
  if (ids.length) for (const l of await db.selectFrom('legal_texts').select(['id', 'number', 'title']).where('id', 'in', ids).execute()) out.set(l.id, l);
  return out;
}

/** Texts this one replaces or amends (the reverse of their `linked`), for its detail. */
export async function successors(db: Executor, id: number) {
  return db.selectFrom('legal_texts').select(['id', 'number', 'title', 'status']).where('linked_id', '=', id).orderBy('issued_on').execute();
}

/** The library, newest first; `q` matches every folded word anywhere in the number, issuer, title or summary. */
export async function listLegalTexts(db: Executor, q: LegalQuery) {
  let query = db.selectFrom('legal_texts').selectAll();
  for (const term of searchTerms(q.q ?? '', 8)) query = query.where('search_text', 'like', `%${term}%`);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.status) query = query.where('status', '=', q.status);
  const total = Number((await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await query.orderBy('issued_on', 'desc').orderBy('id', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  const linked = await linkedNames(db, rows);
  return { total, items: rows.map((r) => view(r, linked)) };
}

/** One text of the library, with the texts it replaces or amends. */
export async function legalTextDetail(db: Executor, id: number) {
  const row = await db.selectFrom('legal_texts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return { ...view(row, await linkedNames(db, [row])), successors: await successors(db, id) };
}

/** A text for the back office: also the dissemination campaigns that include it, of those the caller sees. */
export async function getLegalText(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const text = await legalTextDetail(db, id);
  if (!text) throw notFound('legal text');
  return { ...text, campaigns: await campaignsOfText(db, actor, id) };
}

/** The stored file of a text, for its download. */
export async function legalTextFile(ctx: AppContext, id: number, onlyInForce = false) {
  const row = await ctx.db.kysely.selectFrom('legal_texts').select(['file_sha256', 'file_name', 'file_size', 'status']).where('id', '=', id).executeTakeFirst();
  if (!row?.file_sha256 || (onlyInForce && row.status !== 'in_force' && row.status !== 'amended')) return null;
  return { sha256: row.file_sha256, fileName: row.file_name ?? 'van-ban.pdf', mime: 'application/pdf', size: row.file_size ?? 0 };
}

async function validated(db: Executor, input: LegalTextInput, selfId?: number) {
  const number = requiredText(input.number, 'number', 'Số ký hiệu', 100);
  const type = oneOf(input.type, LEGAL_TYPES, 'type', 'Loại văn bản');
  const issuer = requiredText(input.issuer, 'issuer', 'Cơ quan ban hành', 300);
  const title = requiredText(input.title, 'title', 'Trích yếu', 1000);
  const summary = optionalText(input.summary, 'summary', 'Tóm tắt', 10_000);
  const issuedOn = optionalDate(input.issuedOn, 'issuedOn', 'Ngày ban hành');
  if (!issuedOn) throw invalid('issuedOn', 'Ngày ban hành không được để trống.', 'issuedOn is required.');
  const effectiveOn = optionalDate(input.effectiveOn, 'effectiveOn', 'Ngày hiệu lực');
  if (effectiveOn && effectiveOn < issuedOn) throw invalid('effectiveOn', 'Ngày hiệu lực không thể trước ngày ban hành.', 'The effective date cannot be before the issue date.');
  const status = oneOf(input.status, LEGAL_STATUSES, 'status', 'Tình trạng hiệu lực', 'in_force');
  const linkedRaw = input.linkedId ?? null;
  if (linkedRaw !== null && (!Number.isInteger(linkedRaw) || (linkedRaw as number) < 1)) throw invalid('linkedId', 'Văn bản liên kết không hợp lệ.', 'linkedId must be a text id.');
  const linkedId = linkedRaw as number | null;
  const problem = statusLinkProblem(status, linkedId, selfId);
  if (problem) throw invalid('linkedId', problem.vi, problem.en);
  if (linkedId !== null && !(await db.selectFrom('legal_texts').select('id').where('id', '=', linkedId).executeTakeFirst())) {
    throw invalid('linkedId', `Không có văn bản ${linkedId} trong thư viện.`, `Text ${linkedId} is not in the library.`);
  }
  return { number, type, issuer, title, summary, issued_on: issuedOn, effective_on: effectiveOn, status, linked_id: linkedId, search_text: searchTextOf({ number, type, issuer, title, summary }) };
}

const duplicate = (number: string) => conflict('legal_text_exists', `Văn bản số ${number} đã có trong thư viện.`, `Text ${number} is already in the library.`);

export async function createLegalText(ctx: AppContext, actor: Actor, input: LegalTextInput) {
  assertKeepsLibrary(actor);
  const at = ctx.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const v = await validated(trx, input);
    if (await trx.selectFrom('legal_texts').select('id').where('number', '=', v.number).executeTakeFirst()) throw duplicate(v.number);
    const row = await trx.insertInto('legal_texts').values({ ...v, file_sha256: null, file_name: null, file_size: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'legal.text.create', entityType: 'legal_text', entityId: row.id, data: { number: v.number, status: v.status } });
    return row.id;
  });
  return getLegalText(ctx, actor, id);
}

export async function updateLegalText(ctx: AppContext, actor: Actor, id: number, input: LegalTextInput) {
  assertKeepsLibrary(actor);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('legal_texts').select(['id', 'number', 'status', 'linked_id']).where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('legal text');
    const v = await validated(trx, input, id);
    if (await trx.selectFrom('legal_texts').select('id').where('number', '=', v.number).where('id', '!=', id).executeTakeFirst()) throw duplicate(v.number);
    // A chain of replacements must not loop back here.
    for (let cur = v.linked_id, hops = 0; cur !== null && hops < 100; hops++) {
      if (cur === id) throw invalid('linkedId', 'Liên kết thay thế tạo thành vòng lặp.', 'The replacement links would form a loop.');
      cur = (await trx.selectFrom('legal_texts').select('linked_id').where('id', '=', cur).executeTakeFirst())?.linked_id ?? null;
    }
    await trx.updateTable('legal_texts').set({ ...v, updated_at: at }).where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'legal.text.update', entityType: 'legal_text', entityId: id, data: { number: v.number, status: v.status, fromStatus: before.status, linkedId: v.linked_id } });
  });
  return getLegalText(ctx, actor, id);
}

/** Attaches the text's PDF (checked by its content; anything else is a 415). */
export async function attachLegalFile(ctx: AppContext, actor: Actor, id: number, file: UploadedFile) {
  assertKeepsLibrary(actor);
  if (!(await ctx.db.kysely.selectFrom('legal_texts').select('id').where('id', '=', id).executeTakeFirst())) throw notFound('legal text');
  const checked = checkUpload(ctx, file);
  if (checked.kind !== 'pdf') {
    throw new DomainError('unsupported_media', 'file_type', 'Văn bản pháp luật chỉ nhận tệp PDF.', 'Legal texts take a PDF file only.', 'file');
  }
  const sha = await storeUpload(ctx, file);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('blobs').values({ sha256: sha, size: checked.size, kind: checked.kind, mime: checked.mime, created_at: at }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    const done = await trx.updateTable('legal_texts').set({ file_sha256: sha, file_name: checked.fileName, file_size: checked.size, updated_at: at }).where('id', '=', id).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw notFound('legal text');
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'legal.text.file', entityType: 'legal_text', entityId: id, data: { fileName: checked.fileName, sha256: sha, size: checked.size } });
  });
  return getLegalText(ctx, actor, id);
}

export const mayKeepLibrary = keepsLibrary;
