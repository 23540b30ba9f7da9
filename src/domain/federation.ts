import { createHmac, createSign, createVerify, timingSafeEqual } from 'node:crypto';
import { isAgencyCode } from './agency-code.js';
import { invalid } from './errors.js';

/**
 * Exchange between Liên Thông nodes: how a push is authenticated and how organisation codes
 * route to nodes. A push carries the sender node's id, a timestamp and the consignment id in
 * headers, and a signature over all three and the body: HMAC-SHA256 with the secret the two
 * nodes share, or RSA-SHA256 with the node's key (verified with its certificate).
 */
export const PUSH_HEADERS = {
  node: 'x-lienthong-node',
  timestamp: 'x-lienthong-timestamp',
  consignment: 'x-lienthong-consignment',
  signature: 'x-lienthong-signature',
} as const;

/** How far a push's timestamp may be from our clock (both ways): a replay outside it is refused. */
export const DEFAULT_REPLAY_WINDOW_MS = 5 * 60_000;

/** A consignment id: what a sender keeps across retries (a UUID here; other nodes may differ). */
export const CONSIGNMENT_ID = /^[A-Za-z0-9._:-]{8,100}$/;

const LEVEL1 = /^[A-Z]\d{2}$/;

/** A route is a full agency code (000.00.05.H41) or a level-1 code (H41: every code under it). */
export function routeCode(raw: unknown, field = 'code'): string {
  const c = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!isAgencyCode(c) && !LEVEL1.test(c)) {
    throw invalid(field, `Mã "${String(raw ?? '')}" phải là mã định danh (000.00.05.H41) hoặc mã cấp 1 (H41).`, `The code "${String(raw ?? '')}" must be an agency code (000.00.05.H41) or a level-1 code (H41).`);
  }
  return c;
}

/** The routes that may carry a code, most specific first. */
export function routeKeysOf(code: string): string[] {
  const c = code.trim().toUpperCase();
  if (!isAgencyCode(c)) return [c];
  return [c, c.slice(-3)];
}

function signedInput(timestamp: string, consignmentId: string): Buffer {
  return Buffer.from(`${timestamp}\n${consignmentId}\n`, 'utf8');
}

export function hmacSignature(secret: string, timestamp: string, consignmentId: string, body: Buffer): string {
  return `hmac-sha256=${createHmac('sha256', secret).update(signedInput(timestamp, consignmentId)).update(body).digest('hex')}`;
}

export function rsaSignature(privateKeyPem: string, timestamp: string, consignmentId: string, body: Buffer): string {
  return `rsa-sha256=${createSign('sha256').update(signedInput(timestamp, consignmentId)).update(body).sign(privateKeyPem, 'base64')}`;
}

/** Whether the signature header is right for the body (constant time for HMAC). */
export function verifyPushSignature(
  key: { secret: string | null; certificatePem: string | null },
  header: string,
  timestamp: string,
  consignmentId: string,
  body: Buffer,
): boolean {
  if (header.startsWith('hmac-sha256=') && key.secret) {
    const a = Buffer.from(header);
    const b = Buffer.from(hmacSignature(key.secret, timestamp, consignmentId, body));
    return a.length === b.length && timingSafeEqual(a, b);
  }
  if (header.startsWith('rsa-sha256=') && key.certificatePem) {
    try {
      return createVerify('sha256').update(signedInput(timestamp, consignmentId)).update(body).verify(key.certificatePem, header.slice('rsa-sha256='.length), 'base64');
    } catch {
      return false;
    }
  }
  return false;
}

/** The timestamp header (milliseconds since 1970) read, or null when it is not one. */
export function readPushTimestamp(raw: string | undefined): number | null {
  if (!raw || !/^\d{10,16}$/.test(raw)) return null;
  return Number(raw);
}
