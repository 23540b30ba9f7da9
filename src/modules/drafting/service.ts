import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { hasRole } from '../context.js';
import { conflict, forbidden, invalid, notFound, refused } from '../../domain/errors.js';
import { optionalText, requiredText } from '../../domain/validate.js';
import { STAGE_LABELS, type DraftAction, type DraftStage } from '../../domain/signatures.js';
import { appendAudit } from '../audit/service.js';
import { agencyOf } from '../directory/repo.js';
import { checkUpload, createDocument, documentFacts, getDocument, loadVisibleDocument, requireRole, storeAttachment, storeUpload, updateDraft, type DraftInput, type UploadedFile } from '../documents/index.js';
import { signAsPerson } from '../signatures/index.js';

/**
 * Drafting and approval (trình ký): a specialist drafts (from scratch or as the reply to an
 * incoming item), uploads versions of the draft file, submits it to a head of unit or to the
 * leader; each holder comments, returns it to the drafter or passes it on; the leader signs
 * (PAdES, src/modules/signatures) and the clerk numbers, agency-signs and issues with the
 * documents module's issue. The draft is an ordinary draft document of the agency; this
 * module keeps its stage, holder, versions and steps.
 */

const DRAFT_KINDS = new Set(['pdf', 'docx', 'doc', 'odt']);

async function userInAgency(db: Executor, agencyId: number, userId: unknown) {
  if (!Number.isInteger(userId)) throw invalid('toUserId', 'Hãy chọn người nhận dự thảo.', 'Choose who receives the draft.');
  const u = await db.selectFrom('users').select(['id', 'full_name', 'org_id', 'active']).where('id', '=', userId as number).executeTakeFirst();
  if (!u || Number(u.active) !== 1 || (await agencyOf(db, u.org_id)) !== agencyId) throw invalid('toUserId', 'Người nhận không thuộc cơ quan.', 'The recipient is not in your agency.');
  const roles = (await db.selectFrom('user_roles').select('role').where('user_id', '=', u.id).execute()).map((r) => r.role);
  return { id: u.id, name: u.full_name, roles };
}

async function loadFlow(db: Executor, actor: Actor, documentId: number) {
  const flow = await db.selectFrom('draft_flows').selectAll().where('document_id', '=', documentId).executeTakeFirst();
  if (!flow || flow.org_id !== actor.agencyId) throw notFound('draft');
  return flow;
}

async function step(trx: Executor, actor: Actor, documentId: number, action: DraftAction, at: string, extra: { toUserId?: number | null; version?: number | null; note?: string | null } = {}) {
  await trx.insertInto('draft_steps').values({ document_id: documentId, action, actor_id: actor.userId, actor_name: actor.fullName, to_user_id: extra.toUserId ?? null, version: extra.version ?? null, note: extra.note ?? null, at }).execute();
  await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: `draft.${action}`, entityType: 'document', entityId: documentId, data: { toUserId: extra.toUserId ?? null, version: extra.version ?? null, note: extra.note ?? null } });
}

export interface StartInput extends DraftInput {
  replyToItemId?: unknown;
}

/** A new draft under approval; as a reply, the recipient, the link and the subject come from the incoming item. */
export async function startDraft(ctx: AppContext, actor: Actor, input: StartInput) {
  requireRole(actor, 'specialist', 'clerk', 'leader');
  const db = ctx.db.kysely;
  let replyItemId: number | null = null;
  const pre: DraftInput = {};
  if (input.replyToItemId !== undefined && input.replyToItemId !== null) {
    const item = Number.isInteger(input.replyToItemId)
      ? await db.selectFrom('inbox_items').select(['id', 'document_id']).where('id', '=', input.replyToItemId as number).where('org_id', '=', actor.agencyId).where('withdrawn', '=', 0).executeTakeFirst()
      : undefined;
    if (!item) throw notFound('item');
    const { doc } = await loadVisibleDocument(db, actor, item.document_id);
    replyItemId = item.id;
    pre.replyToId = doc.id;
    pre.typeCode = 'CV';
    pre.summary = `V/v trả lời văn bản số ${doc.symbol ?? ''} ${doc.summary.replace(/^V(ề|\/v) việc\s*/i, 'về việc ')}`.replace(/\s+/g, ' ').trim().slice(0, 500);
    if (doc.org_id !== null) pre.recipients = [doc.org_id];
  }
  const id = await createDocument(ctx, actor, { ...pre, ...Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'replyToItemId')) });
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('draft_flows').values({ document_id: id, org_id: actor.agencyId, stage: 'drafting', drafter_id: actor.userId, holder_id: actor.userId, signer_id: null, reply_to_item_id: replyItemId, layout: null, updated_at: at }).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'draft.start', entityType: 'document', entityId: id, data: { replyToItemId: replyItemId } });
  });
  return getDraft(ctx, actor, id);
}

/** A new version of the draft file (DOCX or PDF), by the drafter while the draft is with them. */
export async function addVersion(ctx: AppContext, actor: Actor, documentId: number, file: UploadedFile) {
  const flow = await loadFlow(ctx.db.kysely, actor, documentId);
  if (flow.stage !== 'drafting' || flow.holder_id !== actor.userId) throw conflict('draft_not_with_you', 'Dự thảo không ở bước soạn thảo của bạn: chỉ người soạn thảo tải phiên bản mới khi dự thảo được trả lại.', 'The draft is not with you for drafting: only the drafter uploads a new version while it is being drafted.');
  const checked = checkUpload(ctx, file);
  if (!DRAFT_KINDS.has(checked.kind)) throw invalid('file', 'Tệp dự thảo phải là PDF hoặc DOCX/DOC/ODT.', 'A draft file is a PDF or a DOCX/DOC/ODT.');
  const sha = await storeUpload(ctx, file);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('draft_versions').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', documentId).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await trx.insertInto('blobs').values({ sha256: sha, size: checked.size, kind: checked.kind, mime: checked.mime, created_at: at }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    await trx.insertInto('draft_versions').values({ document_id: documentId, version, sha256: sha, file_name: checked.fileName, mime: checked.mime, size: checked.size, author_id: actor.userId, author_name: actor.fullName, signed: 0, created_at: at }).execute();
    await trx.updateTable('draft_flows').set({ updated_at: at }).where('document_id', '=', documentId).execute();
    await step(trx, actor, documentId, 'version', at, { version });
    return { version, fileName: checked.fileName, size: checked.size, mime: checked.mime };
  });
}

/**
 * Sends the draft on: the drafter submits it, a reviewer passes it on. To a leader it goes
 * for signing; to anyone else (a head of unit) for review.
 */
export async function submitDraft(ctx: AppContext, actor: Actor, documentId: number, input: { toUserId?: unknown; note?: unknown }) {
  const note = optionalText(input.note, 'note', 'Ý kiến', 2000);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const flow = await loadFlow(trx, actor, documentId);
    if (flow.holder_id !== actor.userId || (flow.stage !== 'drafting' && flow.stage !== 'review')) throw conflict('draft_not_with_you', 'Dự thảo không ở bước của bạn.', 'The draft is not with you.');
    const versions = await trx.selectFrom('draft_versions').select('id').where('document_id', '=', documentId).executeTakeFirst();
    if (!versions) throw refused('draft_without_file', 'Hãy tải lên tệp dự thảo trước khi trình.', 'Upload the draft file before submitting it.');
    const to = await userInAgency(trx, actor.agencyId, input.toUserId);
    if (to.id === actor.userId) throw invalid('toUserId', 'Không trình cho chính mình.', 'You cannot submit to yourself.');
    const stage: DraftStage = to.roles.includes('leader') ? 'signing' : 'review';
    if (stage === 'review' && !to.roles.includes('unit_head')) throw invalid('toUserId', 'Chỉ trình lãnh đạo phòng (cho ý kiến) hoặc lãnh đạo cơ quan (ký).', 'Submit to a head of unit (review) or a leader (signing).');
    await trx.updateTable('draft_flows').set({ stage, holder_id: to.id, signer_id: stage === 'signing' ? to.id : flow.signer_id, updated_at: at }).where('document_id', '=', documentId).execute();
    await step(trx, actor, documentId, flow.stage === 'drafting' ? 'submit' : 'pass', at, { toUserId: to.id, note });
    return { stage, holderId: to.id, holderName: to.name };
  });
}

export async function commentDraft(ctx: AppContext, actor: Actor, documentId: number, noteIn: unknown) {
  const note = requiredText(noteIn, 'note', 'Ý kiến', 2000);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await loadFlow(trx, actor, documentId);
    await step(trx, actor, documentId, 'comment', at, { note });
  });
}

/** The holder (head of unit or leader) sends the draft back to the drafter with the reason. */
export async function returnDraft(ctx: AppContext, actor: Actor, documentId: number, noteIn: unknown) {
  const note = requiredText(noteIn, 'note', 'Lý do trả lại', 2000);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const flow = await loadFlow(trx, actor, documentId);
    if (flow.holder_id !== actor.userId || (flow.stage !== 'review' && flow.stage !== 'signing')) throw conflict('draft_not_with_you', 'Dự thảo không ở bước của bạn.', 'The draft is not with you.');
    await trx.updateTable('draft_flows').set({ stage: 'drafting', holder_id: flow.drafter_id, updated_at: at }).where('document_id', '=', documentId).execute();
    await step(trx, actor, documentId, 'return', at, { toUserId: flow.drafter_id, note });
    return { stage: 'drafting' as DraftStage, holderId: flow.drafter_id };
  });
}

/**
 * The leader approves and signs the latest version (a PDF) with their own key: the signed
 * PDF becomes the document's main file and the draft goes to the clerks to number and issue.
 */
export async function approveAndSign(ctx: AppContext, actor: Actor, documentId: number, noteIn: unknown) {
  requireRole(actor, 'leader');
  const note = optionalText(noteIn, 'note', 'Ý kiến', 2000);
  const db = ctx.db.kysely;
  const flow = await loadFlow(db, actor, documentId);
  if (flow.holder_id !== actor.userId || flow.stage !== 'signing') throw conflict('draft_not_with_you', 'Dự thảo không chờ bạn ký.', 'The draft is not waiting for your signature.');
  const latest = await db.selectFrom('draft_versions').selectAll().where('document_id', '=', documentId).orderBy('version', 'desc').executeTakeFirstOrThrow();
  if (latest.mime !== 'application/pdf') throw refused('sign_pdf_only', 'Chỉ ký số tệp PDF: hãy trả lại để chuyên viên tải phiên bản PDF của dự thảo.', 'Only a PDF can be signed: return the draft so the drafter uploads it as PDF.');
  const { doc } = await loadVisibleDocument(db, actor, documentId);
  const { signed, layout } = await signAsPerson(ctx, actor, await ctx.blobs.read(latest.sha256), doc.signer_name);
  if (!doc.signer_name) await updateDraft(ctx, actor, documentId, { signerName: actor.fullName });
  const sha = await ctx.blobs.put(signed);
  const at = ctx.now().toISOString();
  const checked = { kind: 'pdf' as const, mime: 'application/pdf', fileName: latest.file_name.replace(/\.pdf$/i, '') + '.signed.pdf', size: signed.length };
  return db.transaction().execute(async (trx) => {
    const again = await loadFlow(trx, actor, documentId);
    if (again.stage !== 'signing' || again.holder_id !== actor.userId) throw conflict('draft_not_with_you', 'Dự thảo vừa được chuyển bước.', 'The draft has just moved on.');
    const version = latest.version + 1;
    await trx.insertInto('draft_versions').values({ document_id: documentId, version, sha256: sha, file_name: checked.fileName, mime: checked.mime, size: checked.size, author_id: actor.userId, author_name: actor.fullName, signed: 1, created_at: at }).execute();
    await storeAttachment(ctx, trx, documentId, { role: 'main' }, checked, sha, at);
    await trx.updateTable('draft_flows').set({ stage: 'signed', holder_id: null, signer_id: actor.userId, layout: JSON.stringify(layout), updated_at: at }).where('document_id', '=', documentId).execute();
    await step(trx, actor, documentId, 'sign', at, { version, note });
    return { stage: 'signed' as DraftStage, version };
  });
}

/** At issue (hook `issuing`): the draft under approval, if any, is issued. */
export async function markIssued(trx: Executor, e: { documentId: number; actorUserId: number; at: string }) {
  const flow = await trx.selectFrom('draft_flows').select(['stage']).where('document_id', '=', e.documentId).executeTakeFirst();
  if (!flow) return;
  await trx.updateTable('draft_flows').set({ stage: 'issued', holder_id: null, updated_at: e.at }).where('document_id', '=', e.documentId).execute();
  const user = await trx.selectFrom('users').select('full_name').where('id', '=', e.actorUserId).executeTakeFirst();
  const issued: DraftAction = 'issue';
  await trx.insertInto('draft_steps').values({ document_id: e.documentId, action: issued, actor_id: e.actorUserId, actor_name: user?.full_name ?? 'Văn thư', to_user_id: null, version: null, note: null, at: e.at }).execute();
}

const canSeeAll = (actor: Actor) => hasRole(actor, 'clerk', 'leader');

export async function getDraft(ctx: AppContext, actor: Actor, documentId: number) {
  const db = ctx.db.kysely;
  const flow = await loadFlow(db, actor, documentId);
  const steps = await db.selectFrom('draft_steps').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
  const involved = flow.drafter_id === actor.userId || flow.holder_id === actor.userId || steps.some((s) => s.actor_id === actor.userId || s.to_user_id === actor.userId);
  if (!involved && !canSeeAll(actor)) throw notFound('draft');
  const versions = await db.selectFrom('draft_versions').selectAll().where('document_id', '=', documentId).orderBy('version').execute();
  const names = new Map((await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', [flow.drafter_id, ...(flow.holder_id ? [flow.holder_id] : []), ...steps.flatMap((s) => (s.to_user_id ? [s.to_user_id] : []))]).execute()).map((u) => [u.id, u.full_name]));
  const document = await getDocument(ctx, actor, documentId);
  const mine = flow.holder_id === actor.userId;
  const replied = document.replyToId ? await documentFacts(db, document.replyToId) : null;
  return {
    documentId,
    stage: flow.stage,
    stageLabel: STAGE_LABELS[flow.stage].vi,
    stageLabelEn: STAGE_LABELS[flow.stage].en,
    drafter: { id: flow.drafter_id, name: names.get(flow.drafter_id) ?? '' },
    holder: flow.holder_id ? { id: flow.holder_id, name: names.get(flow.holder_id) ?? '' } : null,
    replyToItemId: flow.reply_to_item_id,
    updatedAt: flow.updated_at,
    document: { id: documentId, summary: document.summary, typeCode: document.typeCode, state: document.state, symbol: document.symbol ?? null, replyToId: document.replyToId ?? null, replyToSymbol: replied?.symbol ?? null, recipients: document.recipients.map((r: { orgId: number; name: string }) => ({ orgId: r.orgId, name: r.name })) },
    versions: versions.map((v) => ({ version: v.version, fileName: v.file_name, mime: v.mime, size: v.size, author: v.author_name, createdAt: v.created_at, signed: Number(v.signed) === 1 })),
    steps: steps.map((s) => ({ action: s.action, by: s.actor_name, to: s.to_user_id ? (names.get(s.to_user_id) ?? null) : null, version: s.version, note: s.note, at: s.at })),
    can: {
      upload: mine && flow.stage === 'drafting',
      submit: mine && (flow.stage === 'drafting' || flow.stage === 'review') && versions.length > 0,
      return: mine && (flow.stage === 'review' || flow.stage === 'signing'),
      sign: mine && flow.stage === 'signing' && hasRole(actor, 'leader'),
      issue: flow.stage === 'signed' && hasRole(actor, 'clerk'),
    },
  };
}

export const DRAFT_BOXES = ['waiting', 'mine', 'to_issue', 'all'] as const;
export type DraftBox = (typeof DRAFT_BOXES)[number];

/** Drafts waiting for the actor, drafted by them, signed and waiting for a clerk, or all of the agency (clerks, leaders). */
export async function listDrafts(ctx: AppContext, actor: Actor, box: DraftBox) {
  const db = ctx.db.kysely;
  if ((box === 'all' || box === 'to_issue') && !canSeeAll(actor)) throw forbidden('Chỉ văn thư và lãnh đạo xem mọi dự thảo của cơ quan.', 'Only clerks and leaders see every draft of the agency.');
  let q = db
    .selectFrom('draft_flows as f')
    .innerJoin('users as d', 'd.id', 'f.drafter_id')
    .leftJoin('users as h', 'h.id', 'f.holder_id')
    .select(['f.document_id', 'f.stage', 'f.updated_at', 'd.full_name as drafter', 'h.full_name as holder'])
    .where('f.org_id', '=', actor.agencyId);
  if (box === 'waiting') q = q.where('f.holder_id', '=', actor.userId);
  if (box === 'mine') q = q.where('f.drafter_id', '=', actor.userId);
  if (box === 'to_issue') q = q.where('f.stage', '=', 'signed');
  const rows = await q.orderBy('f.updated_at', 'desc').limit(200).execute();
  const summaries = new Map<number, string>();
  for (const r of rows) summaries.set(r.document_id, (await getDocument(ctx, actor, r.document_id)).summary);
  return {
    items: rows.map((r) => ({ documentId: r.document_id, summary: summaries.get(r.document_id) ?? '', stage: r.stage, stageLabel: STAGE_LABELS[r.stage].vi, drafter: r.drafter, holder: r.holder ?? null, updatedAt: r.updated_at })),
  };
}

export async function readVersion(ctx: AppContext, actor: Actor, documentId: number, version: number) {
  await getDraft(ctx, actor, documentId);
  const v = await ctx.db.kysely.selectFrom('draft_versions').selectAll().where('document_id', '=', documentId).where('version', '=', version).executeTakeFirst();
  if (!v) throw notFound('version');
  return { bytes: await ctx.blobs.read(v.sha256), mime: v.mime, fileName: v.file_name };
}

/** People of the agency a draft can be submitted to: heads of unit (review) and leaders (signing). */
export async function reviewers(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.kysely
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.full_name', 'u.org_id', 'r.role'])
    .where('r.role', 'in', ['leader', 'unit_head'])
    .where('u.active', '=', 1)
    .execute();
  const out = new Map<number, { id: number; name: string; role: 'leader' | 'unit_head' }>();
  for (const r of rows) {
    if (r.id === actor.userId || (await agencyOf(ctx.db.kysely, r.org_id)) !== actor.agencyId) continue;
    const prev = out.get(r.id);
    if (!prev || r.role === 'leader') out.set(r.id, { id: r.id, name: r.full_name, role: r.role as 'leader' | 'unit_head' });
  }
  return { items: [...out.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi')) };
}
