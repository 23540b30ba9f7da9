import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { notFound, refused } from '../../domain/errors.js';
import type { ParsedPackage } from '../../domain/edxml/parse.js';
import type { SignatureCheck } from '../../domain/edxml/signature.js';
import { statusFactsOf } from '../../domain/edxml/mapping.js';
import { localTimestampToIso } from '../../domain/edxml/dates.js';
import { treeToJson } from '../../domain/edxml/tree.js';
import { storedForm } from '../../domain/edxml/stored.js';
import { STATUS, isStatusCode, type StatusCode, PROCESSING_STATUSES } from '../../domain/statuses.js';
import { appendAudit } from '../audit/service.js';
import { buildAccessTokens } from '../documents/index.js';
import { insertIncomingPackage, isUniqueViolation, receivedDocumentPackages } from './repo.js';
import { signatureRefused } from './signature-view.js';

export interface StatusImportResult {
  kind: 'status';
  duplicate: boolean;
  statusCode: string;
  documentId: number;
  items: { itemId: number; orgId: number }[];
  signature: SignatureCheck;
}

type Facts = ReturnType<typeof statusFactsOf>;
interface Target {
  orgId: number; // ours: the issuing agency (sender side) or the receiving agency
  documentId: number;
  itemId: number;
}

// Processing order of the receiver's statuses; the item never moves back.
const RANK: Record<string, number> = { [STATUS.ARRIVED]: 1, [STATUS.REJECTED]: 2, [STATUS.REGISTERED]: 2, [STATUS.ASSIGNED]: 3, [STATUS.PROCESSING]: 4, [STATUS.COMPLETED]: 5 };
const FROM_RECEIVER = new Set<string>([...PROCESSING_STATUSES, STATUS.RECALL_ACCEPTED, STATUS.RECALL_REFUSED]);

const unmatched = (f: Facts) =>
  refused(
    'edxml_status_unmatched',
    `Không tìm thấy văn bản ${f.responseFor.code} (${f.responseFor.documentId}) đã gửi cho ${f.senderName} (${f.senderCode}) để cập nhật trạng thái.`,
    `No document ${f.responseFor.code} (${f.responseFor.documentId}) sent to ${f.senderName} (${f.senderCode}) to update.`,
  );

/** Our document a receiver reports on: by the sender code and date of its DocumentId, and its symbol. */
async function issuedTargets(db: Executor, f: Facts): Promise<Target[]> {
  const [idCode, idDate] = f.responseFor.documentId.split(',');
  const ownerCode = f.responseFor.organId ?? idCode ?? '';
  const symbol = f.responseFor.code;
  const docs = await db
    .selectFrom('documents')
    .innerJoin('organizations', 'organizations.id', 'documents.org_id')
    .select(['documents.id', 'documents.org_id', 'documents.doc_date'])
    .where('organizations.code', '=', ownerCode)
    .where('documents.symbol', '=', symbol)
    .where('documents.state', '=', 'issued')
    .execute();
  const date = idDate?.replace(/\//g, '-');
  const doc = docs.find((d) => !date || d.doc_date === date) ?? (docs.length === 1 ? docs[0] : undefined);
  if (!doc) return [];
  const item = await db
    .selectFrom('inbox_items')
    .innerJoin('organizations', 'organizations.id', 'inbox_items.org_id')
    .select(['inbox_items.id'])
    .where('inbox_items.document_id', '=', doc.id)
    .where('organizations.code', '=', f.senderCode)
    .executeTakeFirst();
  return item ? [{ orgId: doc.org_id!, documentId: doc.id, itemId: item.id }] : [];
}

async function applyToIssued(trx: Executor, t: Target, f: Facts, at: string) {
  const item = await trx.selectFrom('inbox_items').selectAll().where('id', '=', t.itemId).executeTakeFirstOrThrow();
  const code = f.statusCode;
  const set: Record<string, unknown> = { updated_at: at };
  if (RANK[code] !== undefined && RANK[code]! > (RANK[item.status] ?? 0)) {
    set.status = code;
    if (code === STATUS.REGISTERED) set.registered_at = at;
    if (code === STATUS.COMPLETED) set.completed_at = at;
  }
  if (code === STATUS.RECALL_ACCEPTED || code === STATUS.RECALL_REFUSED) {
    set.recall_state = code;
    if (code === STATUS.RECALL_ACCEPTED) set.withdrawn = 1;
  }
  await trx.updateTable('inbox_items').set(set).where('id', '=', item.id).execute();
  if (code === STATUS.RECALL_ACCEPTED) {
    const holders = await trx.selectFrom('inbox_items').select('org_id').where('document_id', '=', t.documentId).where('withdrawn', '=', 0).execute();
    await trx.updateTable('documents').set({ access_tokens: buildAccessTokens([t.orgId, ...holders.map((h) => h.org_id)]) }).where('id', '=', t.documentId).execute();
  }
  return item;
}

/**
 * A status package: from a recipient of a document we issued (01–06, 15, 16: its trail
 * moves on), or from the sender of a document we received by edXML (13: recall asked).
 */
export async function applyStatusPackage(
  ctx: AppContext,
  actor: Actor | null,
  pkg: ParsedPackage,
  bytes: Buffer,
  sha: string,
  check: SignatureCheck,
  logRefusal: (orgId: number, f: { senderCode: string; documentId: string; statusCode: string }) => Promise<void>,
  opts: { peerId?: number; withinTransaction?: (trx: Executor, r: StatusImportResult) => Promise<void> } = {},
): Promise<StatusImportResult> {
  const db = ctx.db.kysely;
  const f = statusFactsOf(pkg.header);
  const received = (await receivedDocumentPackages(db, f.senderCode, f.responseFor.documentId)).filter((p) => p.inbox_item_id !== null);
  const asReceiver = received.length > 0;
  const targets: Target[] = asReceiver ? received.map((p) => ({ orgId: p.org_id, documentId: p.document_id!, itemId: p.inbox_item_id! })) : await issuedTargets(db, f);
  // Other agencies' documents answer as unknown ones do.
  const mine = !actor || actor.isProvinceAdmin ? targets : targets.filter((t) => t.orgId === actor.agencyId);
  if (!mine.length) {
    if (targets.length) throw notFound('document');
    throw unmatched(f);
  }
  if (asReceiver ? f.statusCode !== STATUS.RECALL_REQUESTED : !FROM_RECEIVER.has(f.statusCode)) {
    throw refused(
      'edxml_status_direction',
      asReceiver ? `Nơi gửi chỉ gửi trạng thái 13 (yêu cầu thu hồi), không gửi ${f.wireCode}.` : `Nơi nhận không gửi trạng thái ${f.wireCode} (13 là của nơi gửi).`,
      asReceiver ? `A sender only sends status 13 (recall requested), not ${f.wireCode}.` : `A recipient does not send status ${f.wireCode} (13 is the sender's).`,
    );
  }
  if (check.result === 'invalid') {
    await logRefusal(mine[0]!.orgId, { senderCode: f.senderCode, documentId: f.responseFor.documentId, statusCode: f.wireCode });
    throw signatureRefused(check);
  }
  const dedupe = (orgId: number) => `in:status:${orgId}:${sha}`;
  const seen = await db.selectFrom('edxml_packages').select('id').where('dedupe_key', 'in', mine.map((t) => dedupe(t.orgId))).execute();
  const result = { kind: 'status' as const, statusCode: f.statusCode, documentId: mine[0]!.documentId, items: mine.map((t) => ({ itemId: t.itemId, orgId: t.orgId })), signature: check };
  if (seen.length) return { ...result, duplicate: true };
  const body = storedForm(pkg.input, new Map());
  if (body === null) await ctx.blobs.put(bytes);
  const at = ctx.now().toISOString();
  const eventAt = f.timestamp ? localTimestampToIso(f.timestamp) : at;
  const actorName = f.staffName ? `${f.staffName} — ${f.senderName}` : f.senderName;
  const header = JSON.stringify(treeToJson(pkg.tree));
  try {
    await db.transaction().execute(async (trx) => {
      for (const t of mine) await recordOne(trx, t, { f, asReceiver, at, eventAt, actorName, header, body, sha, size: bytes.length, check, actor, dedupeKey: dedupe(t.orgId), peerId: opts.peerId ?? null });
      await opts.withinTransaction?.(trx, { ...result, duplicate: false });
    });
  } catch (e) {
    // The same status package applied at the same moment by another request.
    if (!isUniqueViolation(e)) throw e;
    return { ...result, duplicate: true };
  }
  return { ...result, duplicate: false };
}

interface RecordInput {
  f: Facts;
  asReceiver: boolean;
  at: string;
  eventAt: string;
  actorName: string;
  header: string;
  body: string | null;
  sha: string;
  size: number;
  check: SignatureCheck;
  actor: Actor | null;
  dedupeKey: string;
  peerId: number | null;
}

/** Checked against FROM_RECEIVER / 13 before anything is recorded; this only narrows the type. */
function statusCodeOf(code: string): StatusCode {
  if (!isStatusCode(code)) throw new Error(`unexpected status code ${code}`);
  return code;
}

async function recordOne(trx: Executor, t: Target, r: RecordInput) {
  const { f } = r;
  let statusOrg: number;
  if (r.asReceiver) {
    // The sender asks for the document back: the item waits for the clerk's answer (15/16).
    await trx.updateTable('inbox_items').set({ recall_state: STATUS.RECALL_REQUESTED, updated_at: r.at }).where('id', '=', t.itemId).where('withdrawn', '=', 0).execute();
    statusOrg = t.orgId;
  } else {
    statusOrg = (await applyToIssued(trx, t, f, r.at)).org_id;
  }
  await trx
    .insertInto('status_events')
    .values({ inbox_item_id: t.itemId, document_id: t.documentId, org_id: statusOrg, status: statusCodeOf(f.statusCode), actor_user_id: null, actor_name: r.actorName.slice(0, 300), at: r.eventAt, note: f.description })
    .execute();
  await insertIncomingPackage(trx, {
    consignment: r.sha,
    kind: 'status',
    state: 'applied',
    orgId: t.orgId,
    documentId: t.documentId,
    itemId: t.itemId,
    edxmlDocumentId: f.responseFor.documentId,
    senderCode: f.senderCode,
    receiverCodes: f.responseFor.organId,
    businessDocType: null,
    statusCode: f.wireCode,
    check: r.check,
    sha256: r.sha,
    size: r.size,
    body: r.body,
    header: r.header,
    dedupeKey: r.dedupeKey,
    peerId: r.peerId,
    at: r.at,
  });
  await appendAudit(trx, {
    at: r.at,
    actorUserId: r.actor?.userId ?? null,
    orgId: t.orgId,
    action: 'edxml.status',
    entityType: 'inbox_item',
    entityId: t.itemId,
    data: { status: f.statusCode, sender: f.senderCode, documentId: f.responseFor.documentId, signature: r.check.result, sha256: r.sha },
  });
}
