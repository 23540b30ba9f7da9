import type { AppContext, Actor } from '../context.js';
import type { DialectName, Executor } from '../../db/connect.js';
import { insertRows } from '../../db/insert-rows.js';
import { isSecret, type Confidentiality } from '../../domain/classification.js';
import { conflict, notFound, refused, invalid } from '../../domain/errors.js';
import { buildNotation, buildSymbol, localDate, localYear } from '../../domain/numbering.js';
import { COPY_KINDS, isCopyKind, type CopyKind } from '../../domain/document-types.js';
import { STATUS } from '../../domain/statuses.js';
import { optionalText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { buildAccessTokens, buildSearchText, loadVisibleDocument, requireRole } from './access.js';
import { chooseRegister, nextNumber } from './numbering-repo.js';
import { recordStatus } from './incoming.js';

const secretDispatchRefused = () =>
  refused(
    'secret_not_transmitted',
    'Văn bản mật (Mật, Tối mật, Tuyệt mật) không được gửi qua mạng. Hãy phát hành bản giấy theo quy định bảo vệ bí mật nhà nước.',
    'Secret documents (Mật, Tối mật, Tuyệt mật) are never transmitted electronically. Deliver the paper copy under the state-secrets rules.',
  );

/** The recipients' inbox items at status 01, each with the first entry of its trail. */
/** `note`: on the 01 entry (how it came: edXML, mail). */
export async function createItems(trx: Executor, dialect: DialectName, doc: { id: number; due_date: string | null }, recipients: number[], at: string, note: string | null = null) {
  if (!recipients.length) return [];
  const rows = recipients.map((org_id) => ({ document_id: doc.id, org_id, status: STATUS.ARRIVED, withdrawn: 0, recall_state: null, is_paper: 0, register_id: null, arrival_number: null, arrival_year: null, arrived_at: at, registered_at: null, deadline: doc.due_date, result_note: null, reply_document_id: null, completed_at: null, updated_at: at }));
  const actorName = 'Hệ thống';
  if (dialect === 'postgres') {
    // The items and their 01 events in one statement: one round trip.
    const { rows: items } = await insertRows(trx, dialect, 'inbox_items', rows, {
      returning: ['id', 'org_id'],
      followedBy: { table: 'status_events', columns: ['inbox_item_id', 'document_id', 'org_id', 'status', 'actor_user_id', 'actor_name', 'at', 'note'], select: 'r.id, r.document_id, r.org_id, r.status, NULL, $1, r.arrived_at, $2', params: [actorName, note] },
    });
    return items.map((i) => ({ itemId: i.id, orgId: i.org_id }));
  }
  const { rows: items } = await insertRows(trx, dialect, 'inbox_items', rows, { returning: ['id', 'org_id'] });
  await insertRows(
    trx,
    dialect,
    'status_events',
    items.map((i) => ({ inbox_item_id: i.id, document_id: doc.id, org_id: i.org_id, status: STATUS.ARRIVED, actor_user_id: null, actor_name: actorName, at, note })),
  );
  return items.map((i) => ({ itemId: i.id, orgId: i.org_id }));
}

type Numbered = { type_code: string; confidentiality: string; register_id: number | null; drafting_unit: string | null };

/** What numbering needs besides the number: the register, the year and the notation (no lock taken). */
async function prepareNumber(trx: Executor, agencyId: number, doc: Numbered, series: 'main' | CopyKind, now: Date) {
  const agency = (await getOrg(trx, agencyId))!;
  const secret = isSecret(doc.confidentiality as Confidentiality);
  const register = await chooseRegister(trx, agencyId, 'outgoing', secret, doc.type_code, doc.register_id);
  const type = await trx.selectFrom('document_types').select(['abbr', 'name']).where('code', '=', doc.type_code).executeTakeFirstOrThrow();
  const typeAbbr = series === 'main' ? type.abbr : COPY_KINDS[series].abbr;
  const notation = buildNotation(typeAbbr, agency.short_name, series === 'main' ? doc.drafting_unit : null);
  return { registerId: register.id, year: localYear(now), series, notation, typeName: type.name };
}

/** Takes the number: the register's counter row stays locked until the transaction ends. */
async function takeNumber(trx: Executor, p: Awaited<ReturnType<typeof prepareNumber>>) {
  const number = await nextNumber(trx, p.registerId, p.year, p.series);
  return { registerId: p.registerId, year: p.year, number, notation: p.notation, symbol: buildSymbol(number, p.notation), typeName: p.typeName };
}

/** Numbers the document in its register for the year (Vietnam time) and builds its symbol. */
async function assignNumber(trx: Executor, agencyId: number, doc: Numbered, series: 'main' | CopyKind, now: Date) {
  return takeNumber(trx, await prepareNumber(trx, agencyId, doc, series, now));
}

const mainPdfRequired = () =>
  refused(
    'main_pdf_required',
    'Phát hành điện tử phải có văn bản chính là tệp PDF (Nghị định 30/2020). Hãy đính kèm văn bản chính dạng PDF, hoặc phát hành bản giấy.',
    'An electronic issue needs the main document (văn bản chính) as a PDF file (Decree 30/2020). Attach the main document as PDF, or issue it on paper only.',
  );

export interface IssueOptions {
  /** Registered as paper-only: numbered and registered, sent on paper, not transmitted; no file needed. */
  paperOnly?: boolean;
  /**
   * The caller's own change, made in the issue's transaction after the number is taken: when
   * it throws, nothing is issued (another module's record and its letter stand or fall together).
   */
  within?: (trx: Executor, issued: { id: number; number: number; symbol: string; issuedAt: string; dispatched: { orgId: number; itemId: number }[] }) => Promise<void>;
}

export async function issueDocument(ctx: AppContext, actor: Actor, id: number, options: IssueOptions = {}) {
  requireRole(actor, 'clerk');
  return ctx.db.kysely.transaction().execute((trx) => issueDocumentIn(ctx, trx, actor, id, options));
}

/** The same inside the caller's transaction (an official letter written, numbered and sent at once). */
export async function issueDocumentIn(ctx: AppContext, trx: Executor, actor: Actor, id: number, options: IssueOptions = {}) {
  requireRole(actor, 'clerk');
  const doc = await trx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!doc || doc.org_id !== actor.agencyId) throw notFound('document');
  if (doc.state !== 'draft') throw conflict('already_issued', `Văn bản đã được phát hành với số ${doc.symbol}.`, `The document was already issued as ${doc.symbol}.`);
  const now = ctx.now();
  const at = now.toISOString();
  // Claim the draft first: a second issue of it waits on this row, then finds it taken.
  const claimed = await trx.updateTable('documents').set({ updated_at: at }).where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw conflict('already_issued', 'Văn bản vừa được phát hành bởi người khác.', 'The document was just issued by someone else.');
  const rows = await trx
    .selectFrom('document_recipients as r')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .select(['r.org_id', 'o.active', 'o.name'])
    .where('r.document_id', '=', id)
    .execute();
  // An agency merged or dissolved since the draft was written no longer receives.
  const gone = rows.filter((r) => Number(r.active) !== 1).map((r) => r.name).join(', ');
  if (gone) throw invalid('recipients', `Nơi nhận đã ngừng hoạt động: ${gone}. Hãy sửa danh sách nơi nhận.`, `Recipients no longer active: ${gone}. Edit the recipient list.`);
  const recipients = rows.map((r) => r.org_id);
  const secret = isSecret(doc.confidentiality as Confidentiality);
  // Secret documents, and those registered as paper-only, are numbered and registered,
  // never transmitted: the recipients stay as the printed "Nơi nhận" for the paper copies.
  const paperOnly = secret || options.paperOnly === true;
  if (!paperOnly) {
    const main = await trx.selectFrom('attachments').select('id').where('document_id', '=', id).where('role', '=', 'main').where('mime', '=', 'application/pdf').executeTakeFirst();
    if (!main) throw mainPdfRequired();
  }
  const numbering = await prepareNumber(trx, actor.agencyId, doc, 'main', now);
  if (!paperOnly) await ctx.hooks.run(trx, ctx, 'preparing', { documentId: id, orgId: actor.agencyId, actorUserId: actor.userId, at });
  const dispatched = paperOnly ? [] : await createItems(trx, ctx.db.dialect, doc, recipients, at);
  // The number comes last: its counter row stays locked until commit, so the less that
  // follows it, the more issues per second one register takes.
  const n = await takeNumber(trx, numbering);
  if (!paperOnly) await ctx.hooks.run(trx, ctx, 'issuing', { documentId: id, orgId: actor.agencyId, actorUserId: actor.userId, symbol: n.symbol, number: n.number, docDate: localDate(now), at });
  await trx
    .updateTable('documents')
    .set({
      state: 'issued',
      register_id: n.registerId,
      number: n.number,
      notation: n.notation,
      symbol: n.symbol,
      issue_year: n.year,
      issued_at: at,
      doc_date: localDate(now),
      search_text: buildSearchText({ ...doc, symbol: n.symbol, typeName: n.typeName }),
      access_tokens: buildAccessTokens([actor.agencyId, ...dispatched.map((d) => d.orgId)]),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
  await ctx.hooks.run(trx, ctx, 'dispatched', { documentId: id, recipientOrgIds: dispatched.map((d) => d.orgId), at });
  if (doc.reply_to_id !== null) await completeAnswered(ctx, trx, actor, doc.reply_to_id, id, n.symbol, at);
  await appendAudit(trx, {
    at,
    actorUserId: actor.userId,
    orgId: actor.agencyId,
    action: 'document.issue',
    entityType: 'document',
    entityId: id,
    data: { registerId: n.registerId, year: n.year, number: n.number, symbol: n.symbol, dispatchedTo: dispatched.map((d) => d.orgId), ...(paperOnly ? { paperOnly: true } : {}) },
  });
  if (options.within) await options.within(trx, { id, number: n.number, symbol: n.symbol, issuedAt: at, dispatched: dispatched.map((d) => ({ orgId: d.orgId, itemId: d.itemId })) });
  return { id, number: n.number, symbol: n.symbol, year: n.year, registerId: n.registerId, issuedAt: at, dispatched, paperOnly };
}

/**
 * A reply issued completes the agency's item of the document it answers (06), naming the
 * reply: the original sender's trail shows "Đã trả lời bằng văn bản số 12/STC-KHTC".
 */
async function completeAnswered(ctx: AppContext, trx: Executor, actor: Actor, answeredId: number, replyId: number, symbol: string, at: string) {
  const item = await trx.selectFrom('inbox_items').select(['id', 'document_id', 'org_id', 'status']).where('document_id', '=', answeredId).where('org_id', '=', actor.agencyId).where('withdrawn', '=', 0).executeTakeFirst();
  if (!item || !['03', '04', '05'].includes(item.status)) return;
  await trx.updateTable('inbox_items').set({ status: STATUS.COMPLETED, reply_document_id: replyId, completed_at: at, updated_at: at }).where('id', '=', item.id).execute();
  await trx.updateTable('assignments').set({ done_at: at }).where('inbox_item_id', '=', item.id).where('done_at', 'is', null).execute();
  await recordStatus(ctx, trx, item, STATUS.COMPLETED, actor, at, `Đã trả lời bằng văn bản số ${symbol} (#${replyId})`);
  await ctx.hooks.run(trx, ctx, 'itemChanged', { itemId: item.id });
}

async function checkRecipients(trx: Executor, actor: Actor, recipientsIn: unknown): Promise<number[]> {
  if (!Array.isArray(recipientsIn) || !recipientsIn.length || !recipientsIn.every((r) => Number.isInteger(r) && r > 0)) {
    throw invalid('recipients', 'Phải chọn ít nhất một nơi nhận.', 'Choose at least one recipient.');
  }
  const recipients = [...new Set(recipientsIn as number[])];
  const valid = await trx.selectFrom('organizations').select('id').where('id', 'in', recipients).where('kind', 'in', ['agency', 'external']).where('active', '=', 1).execute();
  if (valid.length !== recipients.length || recipients.includes(actor.agencyId)) {
    throw invalid('recipients', 'Nơi nhận không hợp lệ: chỉ gửi cho cơ quan khác đang hoạt động.', 'Some recipients are not other active agencies.');
  }
  return recipients;
}

async function dispatchMore(ctx: AppContext, trx: Executor, actor: Actor, doc: { id: number; due_date: string | null; confidentiality: string; org_id: number | null }, recipientsIn: unknown, at: string) {
  if (isSecret(doc.confidentiality as Confidentiality)) throw secretDispatchRefused();
  const recipients = await checkRecipients(trx, actor, recipientsIn);
  await trx.insertInto('document_recipients').values(recipients.map((org_id) => ({ document_id: doc.id, org_id }))).onConflict((oc) => oc.doNothing()).execute();
  const already = await trx.selectFrom('inbox_items').select('org_id').where('document_id', '=', doc.id).execute();
  const items = await createItems(trx, ctx.db.dialect, doc, recipients.filter((r) => !already.some((a) => a.org_id === r)), at);
  if (items.length) {
    const holders = await trx.selectFrom('inbox_items').select('org_id').where('document_id', '=', doc.id).where('withdrawn', '=', 0).execute();
    await trx
      .updateTable('documents')
      .set({ access_tokens: buildAccessTokens([doc.org_id ?? actor.agencyId, ...holders.map((h) => h.org_id)]) })
      .where('id', '=', doc.id)
      .execute();
  }
  await ctx.hooks.run(trx, ctx, 'dispatched', { documentId: doc.id, recipientOrgIds: items.map((i) => i.orgId), at });
  return items;
}

/** Sends an issued document to more agencies (e.g. a recipient forgotten at issue). */
export async function dispatchDocument(ctx: AppContext, actor: Actor, id: number, recipientsIn: unknown) {
  requireRole(actor, 'clerk');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const doc = await trx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!doc || doc.org_id !== actor.agencyId) throw notFound('document');
    if (isSecret(doc.confidentiality as Confidentiality)) throw secretDispatchRefused();
    if (doc.state !== 'issued') throw conflict('not_issued', 'Văn bản chưa được phát hành.', 'The document is not issued yet.');
    const at = ctx.now().toISOString();
    const dispatched = await dispatchMore(ctx, trx, actor, doc, recipientsIn, at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'document.dispatch', entityType: 'document', entityId: id, data: { dispatchedTo: dispatched.map((d) => d.orgId) } });
    return { id, dispatched };
  });
}

export interface CopyInput {
  kind?: unknown;
  summary?: unknown;
  signerName?: unknown;
  signerPosition?: unknown;
  signerCompetence?: unknown;
  recipients?: unknown;
  notes?: unknown;
}

/**
 * Sao y, sao lục or trích sao of a document the agency holds: a new document numbered in
 * its own SY / SL / TrS series, pointing at what it copies. A sao lục is made from a sao y.
 */
export async function copyDocument(ctx: AppContext, actor: Actor, sourceId: number, input: CopyInput) {
  requireRole(actor, 'clerk');
  if (typeof input.kind !== 'string' || !isCopyKind(input.kind)) {
    throw invalid('kind', 'Hình thức sao phải là SY (sao y), SL (sao lục) hoặc TrS (trích sao).', 'kind must be SY, SL or TrS.');
  }
  const kind = input.kind;
  const { doc: source } = await loadVisibleDocument(ctx.db.kysely, actor, sourceId);
  if (source.state !== 'issued') throw conflict('not_issued', 'Chỉ sao văn bản đã phát hành.', 'Only issued documents can be copied.');
  if (kind === 'SL' && source.copy_kind !== 'SY') {
    throw refused('sao_luc_from_sao_y', 'Bản sao lục được thực hiện từ bản sao y.', 'A sao lục is made from a sao y copy.');
  }
  const wantsDispatch = Array.isArray(input.recipients) && input.recipients.length > 0;
  const summary = optionalText(input.summary, 'summary', 'Trích yếu', 500) ?? source.summary;
  const now = ctx.now();
  const at = now.toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const n = await assignNumber(trx, actor.agencyId, { ...source, register_id: null, drafting_unit: null }, kind, now);
    const signerName = optionalText(input.signerName, 'signerName', 'Người ký', 200);
    const row = await trx
      .insertInto('documents')
      .values({
        origin: 'internal',
        org_id: actor.agencyId,
        external_sender: null,
        created_by: actor.userId,
        state: 'issued',
        type_code: source.type_code,
        summary,
        content: source.content,
        signer_name: signerName,
        signer_position: optionalText(input.signerPosition, 'signerPosition', 'Chức vụ người ký', 200),
        signer_competence: optionalText(input.signerCompetence, 'signerCompetence', 'Thẩm quyền ký', 10),
        urgency: source.urgency,
        confidentiality: source.confidentiality,
        due_date: null,
        reply_to_id: null,
        drafting_unit: null,
        register_id: n.registerId,
        number: n.number,
        notation: n.notation,
        symbol: n.symbol,
        issue_year: n.year,
        issued_at: at,
        doc_date: localDate(now),
        copy_kind: kind,
        copy_of_id: source.id,
        copies_count: null,
        record_keeper: null,
        notes: optionalText(input.notes, 'notes', 'Ghi chú', 1000),
        search_text: buildSearchText({ symbol: n.symbol, summary, signer_name: signerName, typeName: `${COPY_KINDS[kind].name} ${n.typeName}` }),
        access_tokens: buildAccessTokens([actor.agencyId]),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A trích sao re-creates part of the content: the files are not carried over.
    if (kind !== 'TrS') {
      const files = await trx.selectFrom('attachments').selectAll().where('document_id', '=', source.id).execute();
      if (files.length) {
        await trx.insertInto('attachments').values(files.map((f) => ({ document_id: row.id, sha256: f.sha256, file_name: f.file_name, role: f.role, size: f.size, mime: f.mime, created_at: at }))).execute();
      }
    }
    const copyDoc = { id: row.id, due_date: null, confidentiality: source.confidentiality, org_id: actor.agencyId };
    const dispatched = wantsDispatch ? await dispatchMore(ctx, trx, actor, copyDoc, input.recipients, at) : [];
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'document.copy', entityType: 'document', entityId: row.id, data: { kind, copyOf: source.id, symbol: n.symbol, dispatchedTo: dispatched.map((d) => d.orgId) } });
    return { id: row.id, kind, number: n.number, symbol: n.symbol, copyOf: source.id, dispatched };
  });
}
