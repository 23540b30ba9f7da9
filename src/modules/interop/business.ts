import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { refused } from '../../domain/errors.js';
import { STATUS } from '../../domain/statuses.js';
import type { ParsedPackage } from '../../domain/edxml/parse.js';
import type { SignatureCheck } from '../../domain/edxml/signature.js';
import type { documentFactsOf } from '../../domain/edxml/mapping.js';
import { child, children, textOf, treeToJson, type Group } from '../../domain/edxml/tree.js';
import { storedForm } from '../../domain/edxml/stored.js';
import { appendAudit } from '../audit/service.js';
import { sha256 } from '../blobs/store.js';
import { insertIncomingPackage, isUniqueViolation } from './repo.js';

/**
 * Revoke, update and replace (Bussiness/BussinessDocType 1, 2, 3). The sender asks each
 * recipient about a document it sent before: like a recall, the recipient's item of that
 * original document waits for the clerk's answer (recall_state 13), given through the recall
 * answer; 15 (agreed: the original is withdrawn — revoked, or superseded by the new version)
 * or 16 (refused) goes back as a status package about the original. An update or a
 * replacement also arrives as a new document linked to the original (its reply_to).
 */
type Facts = ReturnType<typeof documentFactsOf>;

export const BUSINESS_LABELS: Record<string, { vi: string; en: string }> = {
  '1': { vi: 'thu hồi', en: 'revoke' },
  '2': { vi: 'cập nhật', en: 'update' },
  '3': { vi: 'thay thế', en: 'replace' },
};

export interface Original {
  orgId: number;
  documentId: number;
  itemId: number;
  withdrawn: boolean;
}

/** The DocumentId(s) of the document(s) the package is about: Bussiness/DocumentId, ReplacementInfo, else its own. */
export function affectedDocumentIds(trace: Group | undefined, f: Facts): string[] {
  const business = child(trace, 'Bussiness');
  const ids = [textOf(business, 'DocumentId') ?? ''];
  for (const r of children(child(business, 'ReplacementInfoList'), 'ReplacementInfo')) ids.push(textOf(r, 'DocumentId') ?? '');
  const out = [...new Set(ids.filter((id) => id && id !== f.documentId))];
  // A revocation names the revoked document as its own DocumentId.
  return out.length ? out : f.businessDocType === '1' ? [f.documentId] : [];
}

/** The recipients' items of the original document(s), received before from this sender. */
export async function originalsOf(db: Executor, senderCode: string, documentIds: string[], orgIds: number[]): Promise<Original[]> {
  if (!documentIds.length || !orgIds.length) return [];
  const rows = await db
    .selectFrom('edxml_packages as p')
    .innerJoin('inbox_items as i', 'i.id', 'p.inbox_item_id')
    .select(['p.org_id', 'p.document_id', 'p.inbox_item_id', 'i.withdrawn'])
    .where('p.direction', '=', 'in')
    .where('p.kind', '=', 'document')
    .where('p.state', '=', 'imported')
    .where('p.sender_code', '=', senderCode)
    .where('p.edxml_document_id', 'in', documentIds)
    .where('p.org_id', 'in', orgIds)
    .orderBy('p.id')
    .execute();
  const seen = new Set<number>();
  return rows
    .filter((r) => !seen.has(r.org_id) && seen.add(r.org_id))
    .map((r) => ({ orgId: r.org_id, documentId: r.document_id!, itemId: r.inbox_item_id!, withdrawn: Number(r.withdrawn) === 1 }));
}

export const originalUnknown = (f: Facts, ids: string[]) =>
  refused(
    'edxml_original_unknown',
    `Gói ${BUSINESS_LABELS[f.businessDocType]!.vi} văn bản nói về văn bản ${ids.join(', ') || f.documentId} mà ${f.senderName} chưa từng gửi tới nơi nhận (TraceHeaderList/Bussiness/DocumentId).`,
    `The ${BUSINESS_LABELS[f.businessDocType]!.en} package is about the document ${ids.join(', ') || f.documentId}, which ${f.senderName} never sent to the recipient (TraceHeaderList/Bussiness/DocumentId).`,
  );

/**
 * In the import's transaction: each original still held waits for the clerk's answer, with
 * a 13 on its trail saying what the sender asks and why.
 */
export async function askAboutOriginals(trx: Executor, originals: Original[], f: Facts, at: string, newSymbol: string | null) {
  if (!originals.length) return [];
  const what = BUSINESS_LABELS[f.businessDocType]!.vi;
  const note = [`Nơi gửi đề nghị ${what} văn bản${newSymbol ? ` (văn bản mới ${newSymbol})` : ''}.`, f.businessReason ? `Lý do: ${f.businessReason}` : ''].filter(Boolean).join(' ').slice(0, 1000);
  const open = originals.filter((o) => !o.withdrawn);
  for (const o of open) {
    await trx.updateTable('inbox_items').set({ recall_state: STATUS.RECALL_REQUESTED, updated_at: at }).where('id', '=', o.itemId).execute();
    await trx
      .insertInto('status_events')
      .values({ inbox_item_id: o.itemId, document_id: o.documentId, org_id: o.orgId, status: STATUS.RECALL_REQUESTED, actor_user_id: null, actor_name: f.senderName.slice(0, 300), at, note })
      .execute();
  }
  return open;
}

export interface RevocationResult {
  kind: 'document';
  duplicate: boolean;
  documentId: number;
  items: { itemId: number; orgId: number }[];
  signature: SignatureCheck;
  business: 'revoke';
}

/** A revocation: no new document; the recipients' items of the original wait for 15 or 16. */
export async function applyRevocation(
  ctx: AppContext,
  actor: Actor | null,
  pkg: ParsedPackage,
  bytes: Buffer,
  f: Facts,
  trace: Group | undefined,
  targets: number[],
  check: SignatureCheck,
  opts: { peerId?: number; withinTransaction?: (trx: Executor, r: RevocationResult) => Promise<void> },
): Promise<RevocationResult> {
  const db = ctx.db.kysely;
  const ids = affectedDocumentIds(trace, f);
  const originals = await originalsOf(db, f.senderCode, ids, targets);
  if (!originals.length) throw originalUnknown(f, ids);
  const dedupe = (orgId: number) => `in:document:${orgId}:${f.senderCode}:1:${f.documentId}`;
  const result = (duplicate: boolean): RevocationResult => ({ kind: 'document', duplicate, documentId: originals[0]!.documentId, items: originals.map((o) => ({ itemId: o.itemId, orgId: o.orgId })), signature: check, business: 'revoke' });
  const seen = await db.selectFrom('edxml_packages').select('id').where('dedupe_key', 'in', originals.map((o) => dedupe(o.orgId))).execute();
  if (seen.length) return result(true);
  const sha = sha256(bytes);
  const body = storedForm(pkg.input, new Map());
  if (body === null) await ctx.blobs.put(bytes);
  const header = JSON.stringify(treeToJson(pkg.tree));
  const at = ctx.now().toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      await askAboutOriginals(trx, originals, f, at, null);
      for (const o of originals) {
        await insertIncomingPackage(trx, {
          consignment: sha,
          kind: 'document',
          state: 'applied',
          orgId: o.orgId,
          documentId: o.documentId,
          itemId: o.itemId,
          edxmlDocumentId: f.documentId,
          senderCode: f.senderCode,
          receiverCodes: f.toCodes.join(','),
          businessDocType: 1,
          statusCode: null,
          check,
          sha256: sha,
          size: bytes.length,
          body,
          header,
          dedupeKey: dedupe(o.orgId),
          peerId: opts.peerId ?? null,
          at,
        });
        await appendAudit(trx, { at, actorUserId: actor?.userId ?? null, orgId: o.orgId, action: 'edxml.revoke', entityType: 'inbox_item', entityId: o.itemId, data: { sender: f.senderCode, documentId: f.documentId, reason: f.businessReason, signature: check.result, sha256: sha } });
      }
      const r = result(false);
      await opts.withinTransaction?.(trx, r);
      return r;
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return result(true);
  }
}
