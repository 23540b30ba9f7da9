import type { Executor } from '../../db/connect.js';
import { sha256 } from '../blobs/store.js';
import { buildPackage, packageBytes } from '../../domain/edxml/build.js';
import { statusPackageTree, type OrganFacts } from '../../domain/edxml/mapping.js';
import { signPackage, type SigningKey } from '../../domain/edxml/signature.js';
import { toLocalTimestamp } from '../../domain/edxml/dates.js';
import { child, textOf, treeToJson, type Group } from '../../domain/edxml/tree.js';
import { STATUS_LABELS, type StatusCode, PROCESSING_STATUSES, STATUS } from '../../domain/statuses.js';
import { organFacts } from './organs.js';
import { insertOutgoingPackage, signingKeyOf, type OutgoingPackage } from './repo.js';
import { peerIdOfCode } from './federation/repo.js';
import { enqueueDelivery } from './federation/queue.js';

/** What a receiver tells the sender on the wire; 13 (recall asked) goes the other way. */
const RECEIVER_CODES = new Set<string>([...PROCESSING_STATUSES, STATUS.RECALL_ACCEPTED, STATUS.RECALL_REFUSED]);

/** What the status package answers: the document package received, as logged. */
export interface ReceivedPackage {
  senderCode: string;
  documentId: string;
  /** number/notation and date of the document, from its MessageHeader. */
  code: string;
  date: string;
  /** The peer node it came through, which the answer goes back through. */
  peerId: number | null;
}

async function receivedFor(trx: Executor, itemId: number): Promise<ReceivedPackage | null> {
  const row = await trx
    .selectFrom('edxml_packages')
    .select(['sender_code', 'edxml_document_id', 'header', 'peer_id'])
    .where('inbox_item_id', '=', itemId)
    .where('direction', '=', 'in')
    .where('kind', '=', 'document')
    .orderBy('id')
    .executeTakeFirst();
  if (!row?.sender_code || !row.edxml_document_id) return null;
  const header = child(child(child(JSON.parse(row.header) as Group, 'edXMLEnvelope'), 'edXMLHeader'), 'MessageHeader');
  const code = child(header, 'Code');
  return {
    senderCode: row.sender_code,
    documentId: row.edxml_document_id,
    code: `${textOf(code, 'CodeNumber') ?? ''}/${textOf(code, 'CodeNotation') ?? ''}`,
    date: textOf(child(header, 'PromulgationInfo'), 'PromulgationDate') ?? '',
    peerId: row.peer_id,
  };
}

/**
 * Called in the transaction of every status change of an inbox item: when the item came
 * by edXML, the status package for its sender is built, signed when the organisation has
 * a key, and queued (direction out, state pending); when the sender is reachable through a
 * peer node (the one the document came through, or the one its code routes to) its delivery
 * is queued in the outbox in the same transaction.
 */
export async function queueStatusPackage(trx: Executor, item: { id: number; document_id: number; org_id: number }, status: string, actorName: string, at: string, note: string | null): Promise<void> {
  const built = await statusPackageFor(trx, item, status, actorName, at, note);
  if (!built) return;
  const row = await insertOutgoingPackage(trx, built);
  await queueDeliveries(trx, [{ ...built, id: row.id }]);
}

/** Queues in the outbox the delivery of each package written that goes through a peer node. */
export async function queueDeliveries(trx: Executor, written: (OutgoingPackage & { id: number })[]): Promise<void> {
  for (const p of written) if (p.peerId !== null) await enqueueDelivery(trx, { id: p.id, org_id: p.orgId, document_id: p.documentId }, p.peerId, p.at);
}

/**
 * The status package of an item's status change, built and signed, ready to be written;
 * null when the code does not travel or the item did not come by edXML. The importer
 * passes what it has just received, saving the lookups.
 */
export async function statusPackageFor(
  trx: Executor,
  item: { id: number; document_id: number; org_id: number },
  status: string,
  actorName: string,
  at: string,
  note: string | null,
  known?: { received: ReceivedPackage; from: OrganFacts; key: SigningKey | null; /** The peer the answer goes through, looked up already. */ route: number | null },
): Promise<OutgoingPackage | null> {
  if (!RECEIVER_CODES.has(status)) return null;
  const received = known?.received ?? (await receivedFor(trx, item.id));
  if (!received) return null;
  const from = known?.from ?? (await organFacts(trx, item.org_id));
  const statusTree = statusPackageTree({
    from,
    responseFor: { organId: received.senderCode, code: received.code, date: received.date, documentId: received.documentId },
    staff: { department: from.name, staff: actorName, email: '' },
    statusCode: status,
    description: (note ?? STATUS_LABELS[status as StatusCode]?.vi ?? '').slice(0, 2000),
    timestamp: toLocalTimestamp(new Date(at)),
  });
  const key = known ? known.key : await signingKeyOf(trx, item.org_id);
  let built = buildPackage(statusTree, 'status');
  if (key) built = signPackage(built, key);
  const bytes = packageBytes(built);
  return {
    kind: 'status',
    orgId: item.org_id,
    documentId: item.document_id,
    itemId: item.id,
    edxmlDocumentId: received.documentId,
    senderCode: from.code || null,
    receiverCodes: received.senderCode,
    businessDocType: null,
    statusCode: status,
    signed: key !== null,
    sha256: sha256(bytes),
    size: bytes.length,
    body: bytes.toString('utf8'),
    header: JSON.stringify(treeToJson(statusTree)),
    peerId: known ? known.route : (received.peerId ?? (await peerIdOfCode(trx, received.senderCode))),
    at,
  };
}
