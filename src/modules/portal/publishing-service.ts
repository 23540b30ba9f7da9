import type { AppContext, Actor } from '../context.js';
import { conflict, notFound, refused } from '../../domain/errors.js';
import { isSecret, type Confidentiality } from '../../domain/classification.js';
import { optionalDate } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { assertManages, touchPages } from './access.js';

/**
 * An agency publishes documents it issued on its public pages (Decree 42/2022): only
 * issued, never secret, and only its own. Unpublishing withdraws the document from every
 * page, feed and export at once; the row stays as the record of what was public when.
 */
async function loadOwnIssued(ctx: AppContext, actor: Actor, documentId: number) {
  const doc = await ctx.db.kysely.selectFrom('documents').select(['id', 'org_id', 'origin', 'state', 'confidentiality', 'symbol']).where('id', '=', documentId).executeTakeFirst();
  // Other agencies' documents answer 404, as everywhere: ids reveal nothing.
  if (!doc || doc.origin !== 'internal' || doc.org_id === null || (!actor.isProvinceAdmin && doc.org_id !== actor.agencyId)) throw notFound('document');
  await assertManages(ctx.db.kysely, actor, doc.org_id);
  return { ...doc, org_id: doc.org_id };
}

export async function publishDocument(ctx: AppContext, actor: Actor, documentId: number, input: { effectiveDate?: unknown }) {
  const doc = await loadOwnIssued(ctx, actor, documentId);
  if (isSecret(doc.confidentiality as Confidentiality)) {
    throw refused('secret_not_public', 'Văn bản mật không được công bố trên cổng thông tin.', 'A secret document is never published on the portal.');
  }
  if (doc.state !== 'issued') throw conflict('not_issued', 'Chỉ công bố văn bản đã phát hành.', 'Only issued documents can be published.');
  const effectiveDate = optionalDate(input.effectiveDate, 'effectiveDate', 'Ngày có hiệu lực');
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('published_documents').selectAll().where('document_id', '=', documentId).executeTakeFirst();
    if (existing && existing.unpublished_at === null) {
      throw conflict('already_published', 'Văn bản đã được công bố.', 'The document is already published.');
    }
    const values = { org_id: doc.org_id, effective_date: effectiveDate, published_at: at, published_by: actor.userId, unpublished_at: null, updated_at: at };
    if (existing) await trx.updateTable('published_documents').set(values).where('document_id', '=', documentId).execute();
    else await trx.insertInto('published_documents').values({ document_id: documentId, ...values }).execute();
    await touchPages(trx, [doc.org_id], at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: doc.org_id, action: 'portal.publish', entityType: 'document', entityId: documentId, data: { symbol: doc.symbol, effectiveDate } });
    return { documentId, published: true, publishedAt: at, effectiveDate };
  });
}

export async function unpublishDocument(ctx: AppContext, actor: Actor, documentId: number) {
  const doc = await loadOwnIssued(ctx, actor, documentId);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('published_documents')
      .set({ unpublished_at: at, updated_at: at })
      .where('document_id', '=', documentId)
      .where('unpublished_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('not_published', 'Văn bản chưa được công bố.', 'The document is not published.');
    await touchPages(trx, [doc.org_id], at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: doc.org_id, action: 'portal.unpublish', entityType: 'document', entityId: documentId, data: { symbol: doc.symbol } });
    return { documentId, published: false, unpublishedAt: at };
  });
}

export async function updatePublication(ctx: AppContext, actor: Actor, documentId: number, input: { effectiveDate?: unknown }) {
  const doc = await loadOwnIssued(ctx, actor, documentId);
  const effectiveDate = optionalDate(input.effectiveDate, 'effectiveDate', 'Ngày có hiệu lực');
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const res = await trx.updateTable('published_documents').set({ effective_date: effectiveDate, updated_at: at }).where('document_id', '=', documentId).where('unpublished_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('not_published', 'Văn bản chưa được công bố.', 'The document is not published.');
    await touchPages(trx, [doc.org_id], at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: doc.org_id, action: 'portal.publication.update', entityType: 'document', entityId: documentId, data: { effectiveDate } });
    return { documentId, effectiveDate };
  });
}

/** The agency's publications, live and withdrawn; every agency's for the province. */
export async function listPublications(ctx: AppContext, actor: Actor) {
  let q = ctx.db.kysely
    .selectFrom('published_documents as p')
    .innerJoin('documents as d', 'd.id', 'p.document_id')
    .select(['p.document_id', 'p.org_id', 'p.effective_date', 'p.published_at', 'p.unpublished_at', 'd.symbol', 'd.summary', 'd.type_code', 'd.doc_date'])
    .orderBy('p.published_at', 'desc')
    .limit(5000);
  if (!actor.isProvinceAdmin) q = q.where('p.org_id', '=', actor.agencyId);
  return (await q.execute()).map((r) => ({
    documentId: r.document_id,
    orgId: r.org_id,
    symbol: r.symbol,
    summary: r.summary,
    typeCode: r.type_code,
    docDate: r.doc_date,
    effectiveDate: r.effective_date,
    publishedAt: r.published_at,
    unpublishedAt: r.unpublished_at,
    live: r.unpublished_at === null,
  }));
}
