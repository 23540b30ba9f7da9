import { createHash, randomBytes, verify as verifySignature, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { RevocationCheck, RevocationOfCertificate, RevocationWhy } from '../../domain/signatures.js';
import { revocationOfChain } from '../../domain/signatures.js';

/**
 * Revocation of the certificates of a signature: OCSP (RFC 6960) to the responder the
 * certificate names in its Authority Information Access, else the CRL (RFC 5280) at its
 * distribution point. Each answer is believed only when signed by the certificate's issuer
 * (or, for OCSP, a responder the issuer delegated with id-kp-OCSPSigning), fresh (thisUpdate
 * not in the future, nextUpdate not past) and, for OCSP, echoing our nonce when it carries
 * one. A CRL is kept in memory until its nextUpdate. Every fetch has `timeoutMs`; none may run
 * inside a database transaction (the job in revocation-job.ts calls this before opening one).
 *
 * The messages are read and written with node-forge's ASN.1 reader and writer (no OCSP/CRL
 * library is among the dependencies; PKI.js would be the one to take).
 */

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;
const U = asn1.Class.UNIVERSAL;
const CTX = asn1.Class.CONTEXT_SPECIFIC;
const T = asn1.Type;

const OID = {
  sha1: '1.3.14.3.2.26',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  crlDistributionPoints: '2.5.29.31',
  reasonCode: '2.5.29.21',
};

/** Signature algorithms of OCSP responses and CRLs, as Node's verify names their hash. */
const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** CRLReason (RFC 5280 5.3.1). */
const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', '', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

/** How far the responder's clock may be ahead of ours. */
const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_OCSP_BYTES = 64 * 1024;
const MAX_CRL_BYTES = 20 * 1024 * 1024;

class BadResponse extends Error {}

const fromDer = (b: Buffer): Asn1 => asn1.fromDer(forge.util.createBuffer(b.toString('binary')), { decodeBitStrings: false } as never);
const toDer = (a: Asn1): Buffer => Buffer.from(asn1.toDer(a).getBytes(), 'binary');
const kids = (a: Asn1 | undefined): Asn1[] => (a && Array.isArray(a.value) ? a.value : []);
const bytes = (a: Asn1 | undefined): Buffer => Buffer.from(typeof a?.value === 'string' ? a.value : '', 'binary');
const oidOf = (a: Asn1 | undefined) => (a && typeof a.value === 'string' ? asn1.derToOid(a.value) : '');
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest();
const isTime = (a: Asn1 | undefined) => !!a && a.tagClass === U && (a.type === T.UTCTIME || a.type === T.GENERALIZEDTIME);
const timeOf = (a: Asn1): Date => (a.type === T.UTCTIME ? asn1.utcTimeToDate(a.value as string) : asn1.generalizedTimeToDate(a.value as string));
/** An INTEGER's bytes as hex without leading zeros, to compare serial numbers. */
const serialHex = (b: Buffer) => b.toString('hex').toUpperCase().replace(/^0+(?=.)/, '');

/** The parts of a certificate a revocation check needs, read from its DER. */
function partsOf(cert: X509Certificate) {
  const tbs = kids(kids(fromDer(cert.raw))[0]);
  const at = tbs[0]?.tagClass === CTX ? 1 : 0; // [0] version
  const serial = bytes(tbs[at]);
  const issuerName = toDer(tbs[at + 2]!);
  const subjectName = toDer(tbs[at + 4]!);
  const keyBits = bytes(kids(tbs[at + 5])[1]).subarray(1); // BIT STRING: unused-bits byte first
  const exts = kids(kids(tbs.find((x) => x.tagClass === CTX && x.type === 3))[0]);
  return { serial, issuerName, subjectName, keyBits, exts };
}

/** The OCSP responders (AIA id-ad-ocsp) and CRL distribution points a certificate names. */
export function revocationUrls(cert: X509Certificate): { ocsp: string[]; crl: string[] } {
  const ocsp = [...(cert.infoAccess ?? '').matchAll(/OCSP - URI:(\S+)/g)].map((m) => m[1]!).filter((u) => /^https?:\/\//i.test(u));
  const crl: string[] = [];
  for (const ext of partsOf(cert).exts) {
    const [id, ...rest] = kids(ext);
    if (oidOf(id) !== OID.crlDistributionPoints) continue;
    const value = rest.at(-1)!;
    // Every uniformResourceIdentifier [6] in the distribution points.
    const walk = (a: Asn1) => {
      if (a.tagClass === CTX && a.type === 6 && typeof a.value === 'string') crl.push(a.value);
      else kids(a).forEach(walk);
    };
    walk(fromDer(bytes(value)));
  }
  return { ocsp, crl: crl.filter((u) => /^https?:\/\//i.test(u)) };
}

async function fetchBytes(url: string, init: RequestInit, timeoutMs: number, max: number): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const name = (e as Error).name;
    throw Object.assign(new Error(String((e as Error).message)), { why: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable' });
  }
  if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { why: 'bad_response' });
  if (Number(res.headers.get('content-length') ?? 0) > max) throw Object.assign(new Error('too large'), { why: 'bad_response' });
  try {
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > max) throw new BadResponse('too large');
    return body;
  } catch (e) {
    const name = (e as Error).name;
    throw Object.assign(new Error(String((e as Error).message)), { why: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'bad_response' });
  }
}

function signedBy(tbs: Asn1, algorithm: Asn1, signature: Asn1, keys: X509Certificate[]): X509Certificate | null {
  const hash = SIGNATURE_HASH[oidOf(kids(algorithm)[0])];
  if (!hash) return null;
  const data = toDer(tbs);
  const sig = bytes(signature).subarray(1);
  return keys.find((k) => {
    try {
      return verifySignature(hash, data, k.publicKey, sig);
    } catch {
      return false;
    }
  }) ?? null;
}

type Answer = { status: 'good' | 'revoked' | 'unknown'; revokedAt: string | null; reason: string | null };

/** One OCSP exchange for `cert` issued by `issuer`. */
export async function askOcsp(url: string, cert: X509Certificate, issuer: X509Certificate, now: Date, timeoutMs: number): Promise<Answer> {
  const c = partsOf(cert);
  const i = partsOf(issuer);
  const nonce = randomBytes(16);
  const certId = asn1.create(U, T.SEQUENCE, true, [
    asn1.create(U, T.SEQUENCE, true, [asn1.create(U, T.OID, false, asn1.oidToDer(OID.sha1).getBytes()), asn1.create(U, T.NULL, false, '')]),
    asn1.create(U, T.OCTETSTRING, false, sha1(c.issuerName).toString('binary')),
    asn1.create(U, T.OCTETSTRING, false, sha1(i.keyBits).toString('binary')),
    asn1.create(U, T.INTEGER, false, c.serial.toString('binary')),
  ]);
  const nonceExt = asn1.create(U, T.SEQUENCE, true, [
    asn1.create(U, T.OID, false, asn1.oidToDer(OID.ocspNonce).getBytes()),
    asn1.create(U, T.OCTETSTRING, false, asn1.toDer(asn1.create(U, T.OCTETSTRING, false, nonce.toString('binary'))).getBytes()),
  ]);
  const request = asn1.create(U, T.SEQUENCE, true, [
    asn1.create(U, T.SEQUENCE, true, [asn1.create(U, T.SEQUENCE, true, [asn1.create(U, T.SEQUENCE, true, [certId])]), asn1.create(CTX, 2, true, [asn1.create(U, T.SEQUENCE, true, [nonceExt])])]),
  ]);
  const body = await fetchBytes(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' }, body: new Uint8Array(toDer(request)) }, timeoutMs, MAX_OCSP_BYTES);
  try {
    return readOcsp(body, c, i, issuer, nonce, now);
  } catch (e) {
    throw Object.assign(new Error((e as Error).message), { why: 'bad_response' });
  }
}

function readOcsp(body: Buffer, c: ReturnType<typeof partsOf>, i: ReturnType<typeof partsOf>, issuer: X509Certificate, nonce: Buffer, now: Date): Answer {
  const [status, responseBytes] = kids(fromDer(body));
  const code = bytes(status)[0];
  if (code !== 0) throw new BadResponse(`responseStatus ${code}`);
  const [type, octets] = kids(kids(responseBytes)[0]);
  if (oidOf(type) !== OID.ocspBasic) throw new BadResponse('not a basic OCSP response');
  const [tbs, algorithm, signature, certsTagged] = kids(fromDer(bytes(octets)));
  if (!tbs || !algorithm || !signature) throw new BadResponse('incomplete response');
  // The issuer signs, or a responder it certified for OCSP signing (carried in the response).
  const delegated = kids(kids(certsTagged)[0])
    .map((x) => {
      try {
        return new X509Certificate(toDer(x));
      } catch {
        return null;
      }
    })
    .filter((x): x is X509Certificate => !!x && x.checkIssued(issuer) && x.verify(issuer.publicKey) && (x.keyUsage ?? []).includes(OID.ocspSigning) && now >= new Date(x.validFrom) && now <= new Date(x.validTo));
  if (!signedBy(tbs, algorithm, signature, [issuer, ...delegated])) throw new BadResponse('response not signed by the issuer or its delegated responder');
  const parts = kids(tbs).filter((x) => !(x.tagClass === CTX && x.type === 0)); // [0] version
  const responses = parts.find((x) => x.tagClass === U && x.type === T.SEQUENCE);
  const extensions = parts.find((x) => x.tagClass === CTX && x.type === 1 && parts.indexOf(x) > 0);
  for (const ext of kids(kids(extensions)[0])) {
    const [id, ...rest] = kids(ext);
    if (oidOf(id) !== OID.ocspNonce) continue;
    const value = bytes(rest.at(-1));
    // The nonce as an OCTET STRING inside extnValue (RFC 8954), or bare as some responders send it.
    const echoed = value[0] === T.OCTETSTRING ? bytes(fromDer(value)) : value;
    if (!echoed.equals(nonce)) throw new BadResponse('nonce does not match');
  }
  for (const single of kids(responses)) {
    const [id, certStatus, thisUpdate, ...more] = kids(single);
    const [, nameHash, keyHash, serial] = kids(id);
    if (!bytes(nameHash).equals(sha1(c.issuerName)) || !bytes(keyHash).equals(sha1(i.keyBits)) || serialHex(bytes(serial)) !== serialHex(c.serial)) continue;
    if (!thisUpdate || !isTime(thisUpdate) || timeOf(thisUpdate).getTime() > now.getTime() + CLOCK_SKEW_MS) throw new BadResponse('thisUpdate in the future');
    const next = more.find((x) => x.tagClass === CTX && x.type === 0);
    if (next && timeOf(kids(next)[0]!).getTime() < now.getTime() - CLOCK_SKEW_MS) throw new BadResponse('nextUpdate has passed');
    if (certStatus?.tagClass !== CTX) throw new BadResponse('certStatus unreadable');
    if (certStatus.type === 0) return { status: 'good', revokedAt: null, reason: null };
    if (certStatus.type === 2) return { status: 'unknown', revokedAt: null, reason: null };
    const [when, reasonTagged] = kids(certStatus);
    const reason = reasonTagged ? REASONS[bytes(kids(reasonTagged)[0])[0] ?? 0] || 'unspecified' : null;
    return { status: 'revoked', revokedAt: timeOf(when!).toISOString(), reason };
  }
  throw new BadResponse('no answer for this certificate');
}

type Crl = { issuerName: Buffer; revoked: Map<string, { at: string; reason: string | null }>; nextUpdate: Date | null; tbs: Asn1; algorithm: Asn1; signature: Asn1 };

/** CRLs by address, kept until their nextUpdate (an hour when they name none). */
const crls = new Map<string, { crl: Crl; until: number }>();

function readCrl(body: Buffer): Crl {
  const der = body.subarray(0, 16).toString('latin1').includes('-----BEGIN') ? Buffer.from(body.toString('latin1').replace(/-----[^-]+-----|\s/g, ''), 'base64') : body;
  const [tbs, algorithm, signature] = kids(fromDer(der));
  if (!tbs || !algorithm || !signature) throw new BadResponse('not a CRL');
  const f = kids(tbs);
  let at = f[0]?.type === T.INTEGER && f[0].tagClass === U ? 1 : 0; // version
  at++; // signature algorithm
  const issuerName = toDer(f[at++]!);
  if (!isTime(f[at])) throw new BadResponse('CRL thisUpdate unreadable');
  const thisUpdate = timeOf(f[at++]!);
  const nextUpdate = isTime(f[at]) ? timeOf(f[at++]!) : null;
  const revoked = new Map<string, { at: string; reason: string | null }>();
  const list = f[at]?.tagClass === U && f[at]!.type === T.SEQUENCE ? f[at] : undefined;
  for (const entry of kids(list)) {
    const [serial, when, exts] = kids(entry);
    let reason: string | null = null;
    for (const ext of kids(exts)) {
      const [id, ...rest] = kids(ext);
      if (oidOf(id) === OID.reasonCode) reason = REASONS[bytes(fromDer(bytes(rest.at(-1))))[0] ?? 0] || 'unspecified';
    }
    revoked.set(serialHex(bytes(serial)), { at: timeOf(when!).toISOString(), reason });
  }
  void thisUpdate;
  return { issuerName, revoked, nextUpdate, tbs, algorithm, signature };
}

/** The CRL at `url` for certificates of `issuer`: from memory while fresh, else fetched and checked. */
export async function askCrl(url: string, cert: X509Certificate, issuer: X509Certificate, now: Date, timeoutMs: number): Promise<Answer> {
  const c = partsOf(cert);
  let kept = crls.get(url);
  if (!kept || kept.until <= now.getTime()) {
    const body = await fetchBytes(url, { method: 'GET', headers: { accept: 'application/pkix-crl' } }, timeoutMs, MAX_CRL_BYTES);
    let crl: Crl;
    try {
      crl = readCrl(body);
      if (!signedBy(crl.tbs, crl.algorithm, crl.signature, [issuer])) throw new BadResponse('CRL not signed by the issuer');
    } catch (e) {
      throw Object.assign(new Error((e as Error).message), { why: 'bad_response' });
    }
    if (crl.nextUpdate && crl.nextUpdate.getTime() < now.getTime() - CLOCK_SKEW_MS) throw Object.assign(new Error('CRL nextUpdate has passed'), { why: 'bad_response' });
    kept = { crl, until: crl.nextUpdate?.getTime() ?? now.getTime() + 3600_000 };
    if (crls.size >= 64) crls.delete(crls.keys().next().value!);
    crls.set(url, kept);
  }
  if (!kept.crl.issuerName.equals(c.issuerName)) throw Object.assign(new Error('CRL of another issuer'), { why: 'bad_response' });
  const entry = kept.crl.revoked.get(serialHex(c.serial));
  return entry ? { status: 'revoked', revokedAt: entry.at, reason: entry.reason } : { status: 'good', revokedAt: null, reason: null };
}

/** Forgets the CRLs kept in memory (tests that change a CRL). */
export const forgetCrls = () => crls.clear();

/** One certificate: OCSP first, then the CRL; the first definite answer (good or revoked) wins. */
export async function checkCertificate(cert: X509Certificate, issuer: X509Certificate, now: Date, timeoutMs: number): Promise<RevocationOfCertificate> {
  const urls = revocationUrls(cert);
  const base = { subject: cert.subject.replace(/\n/g, ', '), checkedAt: now.toISOString() };
  if (!urls.ocsp.length && !urls.crl.length) return { ...base, status: 'not_checked', source: null, why: 'no_url', revokedAt: null, reason: null, url: null, error: null };
  let last: RevocationOfCertificate | null = null;
  for (const [source, list] of [['ocsp', urls.ocsp], ['crl', urls.crl]] as const) {
    for (const url of list) {
      try {
        const a = source === 'ocsp' ? await askOcsp(url, cert, issuer, now, timeoutMs) : await askCrl(url, cert, issuer, now, timeoutMs);
        const r: RevocationOfCertificate = { ...base, status: a.status, source, why: null, revokedAt: a.revokedAt, reason: a.reason, url, error: null };
        if (a.status !== 'unknown') return r;
        last = r;
      } catch (e) {
        const why = ((e as { why?: RevocationWhy }).why ?? 'bad_response') as RevocationWhy;
        if (!last || last.status === 'not_checked') last = { ...base, status: 'not_checked', source, why, revokedAt: null, reason: null, url, error: String((e as Error).message).slice(0, 200) };
      }
    }
  }
  return last!;
}

/**
 * Every certificate of a signer's chain but the anchor (signer, then intermediates), each
 * against the one above it; the signing time tells a revocation before it from one after.
 */
export async function checkChain(chain: X509Certificate[], signingTime: string | null, now: Date, timeoutMs: number): Promise<RevocationCheck> {
  const results: RevocationOfCertificate[] = [];
  for (let k = 0; k + 1 < chain.length; k++) results.push(await checkCertificate(chain[k]!, chain[k + 1]!, now, timeoutMs));
  return revocationOfChain(results, signingTime);
}

/** Whether any certificate of the chain (but the anchor) names where to ask. */
export const chainNamesRevocation = (chain: X509Certificate[]) => chain.slice(0, -1).some((c) => {
  const u = revocationUrls(c);
  return u.ocsp.length + u.crl.length > 0;
});
