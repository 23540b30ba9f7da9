import { hmacSignature, PUSH_HEADERS, rsaSignature } from '../../../domain/federation.js';
import { openSecret, SecretUnavailable } from '../../secrets/seal.js';
import { PEER_SECRET, type PeerRow } from './repo.js';

/** How a delivery attempt ended: a receipt, or an error and whether retrying can help. */
export type DeliveryOutcome = { ok: true; receipt: Record<string, unknown> } | { ok: false; permanent: boolean; error: string };

const PUSH_PATH = '/api/v1/federation/push';

/** The answer's error message, in the language it was given (ours give both). */
function errorOf(status: number, text: string): string {
  try {
    const e = (JSON.parse(text) as { error?: { code?: string; message?: string; messageEn?: string } }).error;
    if (e && typeof e === 'object') return `HTTP ${status} ${e.code ?? ''}: ${e.message ?? ''}${e.messageEn ? ` / ${e.messageEn}` : ''}`.slice(0, 1000);
  } catch {
    /* not JSON */
  }
  return `HTTP ${status}: ${text.slice(0, 300)}`;
}

/**
 * Pushes a package to a peer node under its consignment id, signed for that peer. 2xx with
 * the consignment id echoed is the transport receipt; 4xx other than 408/429 will not get
 * better by retrying; anything else (5xx, no answer, a cut connection) is retried.
 */
export async function pushToPeer(peer: PeerRow, consignmentId: string, bytes: Buffer, timeoutMs: number, now = Date.now()): Promise<DeliveryOutcome> {
  const timestamp = String(now);
  let signature: string;
  try {
    signature =
      peer.auth === 'certificate' && peer.our_private_key_pem
        ? rsaSignature(openSecret(peer.our_private_key_pem, PEER_SECRET.privateKey), timestamp, consignmentId, bytes)
        : hmacSignature(openSecret(peer.outbound_secret, PEER_SECRET.outbound) ?? '', timestamp, consignmentId, bytes);
  } catch (e) {
    // Another SECRETS_KEY here: retried, so the package goes once the key is set right.
    if (e instanceof SecretUnavailable) return { ok: false, permanent: false, error: e.message };
    throw e;
  }
  let res: Response;
  try {
    res = await fetch(`${peer.base_url.replace(/\/+$/, '')}${PUSH_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        [PUSH_HEADERS.node]: peer.our_node_id,
        [PUSH_HEADERS.timestamp]: timestamp,
        [PUSH_HEADERS.consignment]: consignmentId,
        [PUSH_HEADERS.signature]: signature,
      },
      body: new Uint8Array(bytes),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    return { ok: false, permanent: false, error: `Không kết nối được nút ${peer.name} / peer unreachable: ${err.cause?.code ?? err.cause?.message ?? err.message}` };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) {
    let body: { consignmentId?: unknown; received?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      /* checked below */
    }
    if (body.consignmentId !== consignmentId || (body.received !== true && body.received !== 'duplicate')) {
      return { ok: false, permanent: false, error: `Nút ${peer.name} trả lời không đúng biên nhận / not a receipt: ${text.slice(0, 200)}` };
    }
    return { ok: true, receipt: { ...(body as Record<string, unknown>), status: res.status } };
  }
  const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
  return { ok: false, permanent, error: errorOf(res.status, text) };
}
