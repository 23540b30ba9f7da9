import { createHash, verify as rsaVerify, X509Certificate, type Hash, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import type { SignatureCheck, SignatureVerdict } from '../../domain/signatures.js';
import { readableCertificate, SIGNING_CERTIFICATE_V2 } from './cms.js';
import { pendingRevocation, revocationText, worstVerdict } from '../../domain/signatures.js';
import { revocationUrls } from './revocation.js';

/**
 * Verifies every signature of a PDF: integrity of the signed byte range (the messageDigest
 * attribute against SHA-256 of the ranges, then the RSA signature over the signed
 * attributes with the signer's certificate), the signer's certificate and organisation,
 * the signing time, the chain to the trust anchors, and what can be said of revocation.
 */

export interface PdfVerification {
  verdict: SignatureVerdict;
  signatures: SignatureCheck[];
}

const latin1 = (b: Buffer) => b.toString('latin1');

function subjectField(cert: forge.pki.Certificate, short: string): string | null {
  const f = cert.subject.getField(short) as { value?: string } | null;
  if (!f?.value) return null;
  // forge keeps UTF-8 strings as bytes in a JS string.
  try {
    return forge.util.decodeUtf8(f.value);
  } catch {
    return f.value;
  }
}

function attrValue(attrs: forge.asn1.Asn1[], oid: string): forge.asn1.Asn1 | null {
  for (const a of attrs) {
    const seq = a.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(seq[0]!.value as string) === oid) return (seq[1]!.value as forge.asn1.Asn1[])[0] ?? null;
  }
  return null;
}

/** Builds the chain from the signer to an anchor; answers its subjects and certificates (signer first, anchor last). */
function chainToAnchor(signer: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): { trusted: boolean; chain: string[]; certs: X509Certificate[]; note: string | null } {
  const certs = [signer];
  let cur = signer;
  const subjects = () => certs.map((c) => c.subject);
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => a.fingerprint256 === cur.fingerprint256 || (cur.checkIssued(a) && cur.verify(a.publicKey)));
    if (anchor) {
      if (anchor.fingerprint256 !== cur.fingerprint256) certs.push(anchor);
      const expired = [signer, anchor].find((c) => at < new Date(c.validFrom) || at > new Date(c.validTo));
      return { trusted: !expired, chain: subjects(), certs, note: expired ? 'certificate_not_valid_at_signing_time' : null };
    }
    const issuer = pool.find((c) => c.fingerprint256 !== cur.fingerprint256 && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (!issuer) break;
    certs.push(issuer);
    cur = issuer;
  }
  return { trusted: false, chain: subjects(), certs, note: 'no_chain_to_trust_anchor' };
}

/**
 * What can be said of revocation while verifying (inside the arrival's transaction, so with
 * no network): a trusted chain that names an OCSP responder or a CRL is checked after the
 * commit (revocation-job.ts); the others are said not checked, and why.
 */
function revocationAtArrival(trusted: boolean, certs: X509Certificate[]) {
  // As chainNamesRevocation (revocation.ts): a certificate of the chain but its anchor names an OCSP responder or a CRL.
  const r = pendingRevocation(!trusted ? 'untrusted_chain' : certs.slice(0, -1).some(namesRevocation) ? 'pending' : 'no_url');
  const text = revocationText(r);
  return { revocationCheck: r, revocation: `${text.vi} / ${text.en}` };
}

/** Whether a certificate names an OCSP responder or a CRL, read once per certificate object (those of the cache below, the anchors). */
const namesRevocationOf = new WeakMap<X509Certificate, boolean>();
function namesRevocation(cert: X509Certificate): boolean {
  let names = namesRevocationOf.get(cert);
  if (names === undefined) {
    const u = revocationUrls(cert);
    namesRevocationOf.set(cert, (names = u.ocsp.length + u.crl.length > 0));
  }
  return names;
}

/** signing-certificate-v2 names this certificate (its SHA-256); null when the attribute is absent. */
function essMatches(attrs: forge.asn1.Asn1[], cert: CertInfo): boolean | null {
  const v = attrValue(attrs, SIGNING_CERTIFICATE_V2);
  if (!v) return null;
  try {
    const first = ((v.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
    const hash = first.find((x) => x.type === forge.asn1.Type.OCTETSTRING)!;
    return Buffer.from(hash.value as string, 'binary').equals(cert.sha256);
  } catch {
    return false;
  }
}

/** A certificate carried in a CMS: forge's reading (names), Node's (keys, chain) and the SHA-256 of its DER. */
interface CertInfo {
  forge: forge.pki.Certificate;
  x509: X509Certificate;
  publicKey: KeyObject;
  sha256: Buffer;
}

/**
 * Certificates read once per process, by their DER: the same signers' certificates and
 * chains come with every signature (the agency's own at each issue, the leaders', the
 * senders' of the province), and reading one costs more than checking the signature.
 */
const certificates = new Map<string, CertInfo>();
function certificateOf(a: forge.asn1.Asn1): CertInfo {
  const der = forge.asn1.toDer(a).getBytes();
  let known = certificates.get(der);
  if (!known) {
    const bytes = Buffer.from(der, 'binary');
    const x509 = new X509Certificate(bytes);
    known = { forge: readableCertificate(forge.pki.certificateFromAsn1(a)), x509, publicKey: x509.publicKey, sha256: createHash('sha256').update(bytes).digest() };
    if (certificates.size >= 512) certificates.delete(certificates.keys().next().value!);
    certificates.set(der, known);
  }
  return known;
}

const p7asn1 = (forge.pkcs7 as unknown as { asn1: { contentInfoValidator: object; signedDataValidator: object } }).asn1;

/**
 * A CMS SignedData read with forge's own PKCS#7 validators (what pkcs7.messageFromAsn1
 * checks: a ContentInfo of SignedData over Data), its certificates taken from the cache.
 */
function readCms(der: string): { attrs: forge.asn1.Asn1[]; signature: Buffer; certs: CertInfo[] } {
  const { asn1 } = forge;
  const { validate } = asn1 as unknown as { validate: (obj: forge.asn1.Asn1, v: object, capture: Record<string, any>, errors: unknown[]) => boolean };
  const outer: Record<string, any> = {};
  if (!validate(asn1.fromDer(der, { parseAllBytes: false } as never), p7asn1.contentInfoValidator, outer, []) || asn1.derToOid(outer.contentType) !== forge.pki.oids.signedData) throw new Error('not a CMS SignedData');
  const capture: Record<string, any> = {};
  if (!validate((outer.content as forge.asn1.Asn1).value[0] as forge.asn1.Asn1, p7asn1.signedDataValidator, capture, []) || asn1.derToOid(capture.contentType) !== forge.pki.oids.data) throw new Error('not a CMS SignedData over data');
  const certs = ((capture.certificates as forge.asn1.Asn1 | undefined)?.value ?? []) as forge.asn1.Asn1[];
  return { attrs: (capture.authenticatedAttributes as forge.asn1.Asn1[] | undefined) ?? [], signature: Buffer.from((capture.signature as string | undefined) ?? '', 'binary'), certs: certs.map(certificateOf) };
}

/** The claimed signing time of a PAdES signature: /M of its signature dictionary, around its /Contents. */
function dictionaryTime(pdf: Buffer, b: number, c: number): string | null {
  const around = latin1(pdf.subarray(Math.max(0, b - 1024), b)) + ' ' + latin1(pdf.subarray(c, c + 1024));
  const m = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(around);
  if (!m) return null;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5) || '00'}`;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A signature's check, and its chain of certificates when it was intact (signer first). */
type Checked = { check: SignatureCheck; certs: X509Certificate[] | null };

function checkOne(pdf: Buffer, range: number[], hash: Buffer, anchors: X509Certificate[]): Checked {
  const only = (check: SignatureCheck): Checked => ({ check, certs: null });
  const [, b, c, d] = range as [number, number, number, number];
  const base: SignatureCheck = { verdict: 'broken', signer: null, organization: null, signingTime: null, integrity: false, trusted: false, coversWholeFile: c + d === pdf.length, chain: [], revocation: null, problem: null };
  if (!validRange(pdf, range)) return only({ ...base, problem: 'byte_range_invalid' });
  let cms: ReturnType<typeof readCms>;
  try {
    // The placeholder is padded with zeros after the CMS; its DER says its own length, so the
    // whole placeholder is read and the padding left unparsed. (Stripping trailing zeros took
    // the CMS's own last byte whenever it was 0x00 — one signature in 256 read as broken.)
    cms = readCms(latin1(Buffer.from(latin1(pdf.subarray(b + 1, c - 1)), 'hex')));
  } catch {
    return only({ ...base, problem: 'cms_unreadable' });
  }
  const { attrs, signature, certs } = cms;
  const md = attrValue(attrs, forge.pki.oids.messageDigest!);
  const integrityOfContent = !!md && Buffer.from(md.value as string, 'binary').equals(hash);
  const t = attrValue(attrs, forge.pki.oids.signingTime!);
  // PAdES B-B keeps the claimed time in /M of the signature dictionary; older CMS in the signing-time attribute.
  const signingTime = t ? (t.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(t.value as string) : forge.asn1.generalizedTimeToDate(t.value as string)).toISOString() : dictionaryTime(pdf, b, c);
  const setDer = Buffer.from(forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs)).getBytes(), 'binary');
  const signer = certs.find((x) => {
    try {
      return rsaVerify('sha256', setDer, x.publicKey, signature);
    } catch {
      return false;
    }
  });
  const checked: SignatureCheck = { ...base, signingTime };
  if (!signer) return only({ ...checked, problem: certs.length ? 'signature_does_not_verify' : 'no_certificate' });
  const who = { signer: subjectField(signer.forge, 'CN'), organization: subjectField(signer.forge, 'O') };
  if (!integrityOfContent) return only({ ...checked, ...who, problem: 'content_altered' });
  if (essMatches(attrs, signer) === false) return only({ ...checked, ...who, problem: 'signing_certificate_mismatch' });
  const chain = chainToAnchor(
    signer.x509,
    certs.map((x) => x.x509),
    anchors,
    signingTime ? new Date(signingTime) : new Date(),
  );
  return {
    check: { ...checked, ...who, integrity: true, trusted: chain.trusted, chain: chain.chain, ...revocationAtArrival(chain.trusted, chain.certs), verdict: chain.trusted ? 'valid' : 'untrusted', problem: chain.note },
    certs: chain.trusted ? chain.certs : null,
  };
}

const validRange = (pdf: Buffer, [a, b, c, d]: number[]) => a === 0 && b! > 0 && c! > b! && c! + d! <= pdf.length && pdf[b!] === 0x3c && pdf[c! - 1] === 0x3e;

/**
 * SHA-256 of each signature's byte range. An incremental signature's range starts with the
 * range of the one before it, so one pass over the file serves all: the running hash is
 * copied at each signature's /Contents and finished with the bytes after it. `running` is
 * that hash left at the last signature's /Contents (`at`): the signer finishes the file's
 * own hash with it once the CMS is written (null when the ranges are not nested).
 */
export function rangeHashPass(pdf: Buffer, ranges: number[][]): { hashes: Buffer[]; running: Hash | null; at: number } {
  const nested = ranges.every((r, i) => validRange(pdf, r) && (i === 0 || r[1]! >= ranges[i - 1]![2]! + ranges[i - 1]![3]!));
  if (!nested) return { hashes: ranges.map(([a, b, c, d]) => createHash('sha256').update(pdf.subarray(a, a! + b!)).update(pdf.subarray(c, c! + d!)).digest()), running: null, at: 0 };
  const running = createHash('sha256');
  let at = 0;
  const hashes = ranges.map(([, b, c, d]) => {
    running.update(pdf.subarray(at, b));
    at = b!;
    return running.copy().update(pdf.subarray(c, c! + d!)).digest();
  });
  return { hashes, running, at };
}

const BYTE_RANGE = Buffer.from('/ByteRange', 'latin1');

/**
 * The byte ranges of the signatures in the file, in file order. Found by their middle
 * ("eRan", then the whole key checked): Buffer.indexOf runs several times faster on a
 * needle this short than on "/ByteRange" itself, and the file is a megabyte.
 */
export function byteRanges(pdf: Buffer): number[][] {
  const out: number[][] = [];
  for (let mid = pdf.indexOf('eRan', 4, 'latin1'); mid >= 0; mid = pdf.indexOf('eRan', mid + 1, 'latin1')) {
    const at = mid - 4;
    if (at + BYTE_RANGE.length > pdf.length || pdf.compare(BYTE_RANGE, 0, BYTE_RANGE.length, at, at + BYTE_RANGE.length) !== 0) continue;
    const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(latin1(pdf.subarray(at, at + 80)));
    if (m) out.push([Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]);
  }
  return out;
}

/**
 * `rangeHashes`: the SHA-256 of each byte range, in file order, when the caller already has
 * them (the signer hashed them while signing: the file is not read again).
 */
export function verifyPdf(pdf: Buffer, anchorsPem: string[], rangeHashes?: Buffer[]): PdfVerification {
  return verifyWithChains(pdf, anchorsPem, rangeHashes).verification;
}

/** Parsed trust anchors, by their PEM (the province keeps a handful). */
const anchorCache = new Map<string, X509Certificate>();
function anchorOf(pem: string): X509Certificate {
  let x = anchorCache.get(pem);
  if (!x) {
    if (anchorCache.size >= 256) anchorCache.delete(anchorCache.keys().next().value!);
    anchorCache.set(pem, (x = new X509Certificate(pem)));
  }
  return x;
}

/** The verification, and for each signature the chain its revocation is checked along (null when it was not intact). */
export function verifyWithChains(pdf: Buffer, anchorsPem: string[], rangeHashes?: Buffer[]): { verification: PdfVerification; chains: (X509Certificate[] | null)[] } {
  const anchors = anchorsPem.map(anchorOf);
  const ranges = byteRanges(pdf);
  const hashes = rangeHashes?.length === ranges.length ? rangeHashes : rangeHashPass(pdf, ranges).hashes;
  const checked = ranges.map((r, i) => checkOne(pdf, r, hashes[i]!, anchors));
  return { verification: verdictOf(checked.map((c) => c.check)), chains: checked.map((c) => c.certs) };
}

function verdictOf(signatures: SignatureCheck[]): PdfVerification {
  if (!signatures.length) return { verdict: 'unsigned', signatures };
  // The last signature must cover the file to its end: bytes added after it are not signed.
  const last = signatures.at(-1)!;
  if (last.verdict !== 'broken' && !last.coversWholeFile) last.problem = 'bytes_after_last_signature';
  return { verdict: worstVerdict(signatures.map((s) => (s === last && !s.coversWholeFile ? 'broken' : s.verdict))), signatures };
}
