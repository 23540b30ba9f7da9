import type { AppContext } from '../../context.js';
import type { Executor } from '../../../db/connect.js';
import { DomainError, forbidden, invalid } from '../../../domain/errors.js';
import { CONSIGNMENT_ID, PUSH_HEADERS, readPushTimestamp, verifyPushSignature } from '../../../domain/federation.js';
import { importEdxml, type ImportResult } from '../import.js';
import { isUniqueViolation } from '../repo.js';
import { openSecret } from '../../secrets/seal.js';
import { PEER_SECRET, peerByNodeId, peerHostsCode, type PeerRow } from './repo.js';

export interface PushReceipt {
  consignmentId: string;
  received: true | 'duplicate';
  kind?: 'document' | 'status';
  documentId?: number;
  statusCode?: string;
  items?: { itemId: number; orgId: number }[];
}

const unauthenticated = (code: string, vi: string, en: string) => new DomainError('unauthenticated', code, vi, en);

type Headers = Record<string, string | string[] | undefined>;
const header = (h: Headers, name: string) => {
  const v = h[name];
  return typeof v === 'string' ? v.trim() : undefined;
};

/** Who pushes: a known, active peer node whose signature over the request is right, in time. */
async function authenticate(ctx: AppContext, h: Headers, body: Buffer, replayWindowMs: number): Promise<{ peer: PeerRow; consignmentId: string }> {
  const nodeId = header(h, PUSH_HEADERS.node);
  const signature = header(h, PUSH_HEADERS.signature);
  if (!nodeId || !signature) {
    throw unauthenticated('federation_unauthenticated', `Thiếu header ${PUSH_HEADERS.node} hoặc ${PUSH_HEADERS.signature}: nút gửi phải xưng danh và ký yêu cầu.`, `Missing ${PUSH_HEADERS.node} or ${PUSH_HEADERS.signature}: the sending node must name itself and sign the request.`);
  }
  const peer = await peerByNodeId(ctx.db.kysely, nodeId.slice(0, 200));
  if (!peer || peer.transport !== 'node' || Number(peer.active) !== 1) {
    throw unauthenticated('federation_unknown_peer', `Nút "${nodeId.slice(0, 100)}" không phải nút liên thông đã khai báo (hoặc đã ngừng).`, `"${nodeId.slice(0, 100)}" is not a configured (active) peer node.`);
  }
  const rawTs = header(h, PUSH_HEADERS.timestamp);
  const ts = readPushTimestamp(rawTs);
  if (ts === null) throw invalid(PUSH_HEADERS.timestamp, `Header ${PUSH_HEADERS.timestamp} phải là thời điểm tính bằng mili giây từ 1970.`, `${PUSH_HEADERS.timestamp} must be the time in milliseconds since 1970.`);
  const consignmentId = header(h, PUSH_HEADERS.consignment) ?? '';
  if (!CONSIGNMENT_ID.test(consignmentId)) {
    throw invalid(PUSH_HEADERS.consignment, `Header ${PUSH_HEADERS.consignment} phải là mã lô gửi (8–100 ký tự chữ, số, . _ : -).`, `${PUSH_HEADERS.consignment} must be a consignment id (8–100 letters, digits, . _ : -).`);
  }
  // A secret this process cannot open answers 503 (the sender retries), never a check against an empty one.
  if (!verifyPushSignature({ secret: openSecret(peer.inbound_secret, PEER_SECRET.inbound), certificatePem: peer.peer_certificate_pem }, signature, rawTs!, consignmentId, body)) {
    throw unauthenticated('federation_bad_signature', `Chữ ký yêu cầu của nút ${peer.name} không đúng (${peer.auth === 'certificate' ? 'RSA-SHA256 với chứng thư đã khai báo' : 'HMAC-SHA256 với khóa chung'}).`, `The request signature of ${peer.name} is wrong (${peer.auth === 'certificate' ? 'RSA-SHA256 with the configured certificate' : 'HMAC-SHA256 with the shared secret'}).`);
  }
  // Checked after the signature, so a stale timestamp cannot be probed without the key.
  if (Math.abs(ctx.now().getTime() - ts) > replayWindowMs) {
    throw unauthenticated('federation_stale', `Thời điểm của yêu cầu lệch quá ${Math.round(replayWindowMs / 1000)} giây so với đồng hồ của nút nhận: yêu cầu cũ bị từ chối.`, `The request's timestamp is more than ${Math.round(replayWindowMs / 1000)} s away from our clock: a replayed request is refused.`);
  }
  return { peer, consignmentId };
}

function receiptOf(consignmentId: string, r: ImportResult): PushReceipt {
  return { consignmentId, received: r.duplicate ? 'duplicate' : true, kind: r.kind, documentId: r.documentId, ...('statusCode' in r ? { statusCode: r.statusCode } : {}), items: r.items };
}

async function recordConsignment(db: Executor, peerId: number, receipt: PushReceipt, at: string, ignoreRepeat: boolean) {
  const q = db.insertInto('federation_consignments').values({ peer_id: peerId, consignment_id: receipt.consignmentId, kind: receipt.kind ?? 'document', result: JSON.stringify(receipt), received_at: at });
  await (ignoreRepeat ? q.onConflict((oc) => oc.columns(['peer_id', 'consignment_id']).doNothing()) : q).execute();
}

/**
 * A package pushed by a peer node: authenticated, then taken once per consignment id — the
 * consignment is recorded in the import's own transaction, so a repeat (the sender retrying
 * after a lost answer) is acknowledged as a duplicate, never imported twice.
 */
export async function receivePush(ctx: AppContext, headers: Headers, body: Buffer, replayWindowMs: number): Promise<PushReceipt> {
  const { peer, consignmentId } = await authenticate(ctx, headers, body, replayWindowMs);
  const db = ctx.db.kysely;
  const seen = await db.selectFrom('federation_consignments').select('result').where('peer_id', '=', peer.id).where('consignment_id', '=', consignmentId).executeTakeFirst();
  if (seen) return { ...(JSON.parse(seen.result) as PushReceipt), consignmentId, received: 'duplicate' };
  const at = ctx.now().toISOString();
  try {
    const r = await importEdxml(ctx, null, body, {
      peerId: peer.id,
      checkSender: async (code) => {
        if (!(await peerHostsCode(db, peer.id, code))) {
          throw forbidden(`Nút ${peer.name} không được gửi thay cho mã ${code} (From/OrganId): mã này không thuộc nút đó.`, `The peer ${peer.name} may not send for ${code} (From/OrganId): that code is not routed to it.`);
        }
      },
      withinTransaction: (trx, res) => recordConsignment(trx, peer.id, receiptOf(consignmentId, res), at, false),
    });
    // Already imported (the same document under another consignment): noted, acknowledged.
    if (r.duplicate) await recordConsignment(db, peer.id, receiptOf(consignmentId, r), at, true);
    return receiptOf(consignmentId, r);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // The same consignment at the same moment through another request or process: that one took it.
    const row = await db.selectFrom('federation_consignments').select('result').where('peer_id', '=', peer.id).where('consignment_id', '=', consignmentId).executeTakeFirst();
    if (!row) throw e;
    return { ...(JSON.parse(row.result) as PushReceipt), consignmentId, received: 'duplicate' };
  }
}
