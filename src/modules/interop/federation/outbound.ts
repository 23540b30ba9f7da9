import type { AppContext } from '../../context.js';
import type { Executor } from '../../../db/connect.js';
import { buildPackage, packageBytes } from '../../../domain/edxml/build.js';
import { documentIdOf, statusPackageTree } from '../../../domain/edxml/mapping.js';
import { signPackage } from '../../../domain/edxml/signature.js';
import { toLocalTimestamp } from '../../../domain/edxml/dates.js';
import { storedForm } from '../../../domain/edxml/stored.js';
import { treeToJson } from '../../../domain/edxml/tree.js';
import { STATUS } from '../../../domain/statuses.js';
import { sha256 } from '../../blobs/store.js';
import { enqueueDelivery } from './queue.js';
import { issuedPackage } from '../export.js';
import { organFacts } from '../organs.js';
import { insertOutgoingPackage, signingKeyOf } from '../repo.js';
import { hostedRecipients } from './repo.js';

/** The package's text with each file as a reference to the stored file (as received ones are kept). */
function keptForm(built: { skeleton: string; runs: Buffer[]; token: string }, fileShas: string[]): string | null {
  return storedForm(built, new Map(fileShas.map((sha, i) => [i, sha])));
}

/**
 * Called in the transaction that issues or dispatches a document: the recipients hosted on
 * a peer node (or the national axis) get the document as an edXML package — one package per
 * node, To = the recipients it hosts, signed with the agency's key when it has one — logged
 * and queued for delivery in the same transaction. Their inbox items here follow the trail
 * the node sends back.
 */
export async function queueFederatedDocument(trx: Executor, ctx: AppContext, documentId: number, recipientOrgIds: number[], at: string): Promise<void> {
  const hosted = await hostedRecipients(trx, recipientOrgIds);
  if (!hosted.length) return;
  const doc = await trx.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirstOrThrow();
  const senderCode = (await organFacts(trx, doc.org_id!)).code;
  const byPeer = new Map<number, { name: string; orgIds: number[] }>();
  for (const h of hosted) {
    const p = byPeer.get(h.peer_id) ?? { name: h.peer_name, orgIds: [] };
    p.orgIds.push(h.org_id!);
    byPeer.set(h.peer_id, p);
  }
  for (const [peerId, { name, orgIds }] of byPeer) {
    const p = await issuedPackage(ctx, trx, doc, orgIds);
    const kept = keptForm(p.built, p.fileShas);
    const sha = kept === null ? await ctx.blobs.put(p.bytes) : sha256(Buffer.from(kept, 'utf8'));
    const row = await insertOutgoingPackage(trx, {
      kind: 'document',
      orgId: doc.org_id!,
      documentId: doc.id,
      itemId: null,
      edxmlDocumentId: documentIdOf(senderCode, doc.doc_date ?? '', doc.symbol ?? ''),
      senderCode: senderCode || null,
      receiverCodes: p.toCodes.join(','),
      businessDocType: 0,
      statusCode: null,
      signed: p.signed,
      sha256: sha,
      size: p.bytes.length,
      body: kept,
      header: JSON.stringify(treeToJson(p.tree)),
      peerId,
      at,
    });
    await enqueueDelivery(trx, { id: row.id, org_id: doc.org_id!, document_id: doc.id }, peerId, at);
    // The recipient's trail starts with the hand-over to its node; its own statuses follow.
    await trx
      .updateTable('status_events')
      .set({ note: `Gửi liên thông qua ${name}; chờ nơi nhận báo đã đến.`.slice(0, 1000) })
      .where('document_id', '=', doc.id)
      .where('org_id', 'in', orgIds)
      .where('status', '=', STATUS.ARRIVED)
      .where('at', '=', at)
      .execute();
  }
}

/**
 * Called in the transaction of a recall: recipients hosted on a peer node are asked by a
 * status package 13 (From = the issuing agency, ResponseFor = the document), one per node.
 */
export async function queueRecallPackages(trx: Executor, documentId: number, items: { org_id: number }[], reason: string, actorName: string, at: string): Promise<void> {
  const hosted = await hostedRecipients(trx, items.map((i) => i.org_id));
  if (!hosted.length) return;
  const doc = await trx.selectFrom('documents').select(['id', 'org_id', 'symbol', 'doc_date']).where('id', '=', documentId).executeTakeFirstOrThrow();
  const from = await organFacts(trx, doc.org_id!);
  const key = await signingKeyOf(trx, doc.org_id!);
  const edxmlDocumentId = documentIdOf(from.code, doc.doc_date ?? '', doc.symbol ?? '');
  for (const peerId of new Set(hosted.map((h) => h.peer_id))) {
    const codes = (await trx.selectFrom('organizations').select('code').where('id', 'in', hosted.filter((h) => h.peer_id === peerId).map((h) => h.org_id!)).execute()).map((o) => o.code!).filter(Boolean);
    const tree = statusPackageTree({
      from,
      responseFor: { organId: from.code, code: doc.symbol ?? '', date: doc.doc_date ?? '', documentId: edxmlDocumentId },
      staff: { department: from.name, staff: actorName, email: '' },
      statusCode: STATUS.RECALL_REQUESTED,
      description: reason.slice(0, 2000),
      timestamp: toLocalTimestamp(new Date(at)),
    });
    let built = buildPackage(tree, 'status');
    if (key) built = signPackage(built, key);
    const bytes = packageBytes(built);
    const row = await insertOutgoingPackage(trx, {
      kind: 'status',
      orgId: doc.org_id!,
      documentId: doc.id,
      itemId: null,
      edxmlDocumentId,
      senderCode: from.code || null,
      receiverCodes: codes.join(','),
      businessDocType: null,
      statusCode: STATUS.RECALL_REQUESTED,
      signed: key !== null,
      sha256: sha256(bytes),
      size: bytes.length,
      body: bytes.toString('utf8'),
      header: JSON.stringify(treeToJson(tree)),
      peerId,
      at,
    });
    await enqueueDelivery(trx, { id: row.id, org_id: doc.org_id!, document_id: doc.id }, peerId, at);
  }
}
