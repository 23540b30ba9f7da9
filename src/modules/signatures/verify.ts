import { createHash, verify as rsaVerify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { SignatureCheck, SignatureVerdict } from '../../domain/signatures.js';
import { certificateDer, readableCertificate, SIGNING_CERTIFICATE_V2 } from './cms.js';
import { pendingRevocation, revocationText, worstVerdict } from '../../domain/signatures.js';
import { chainNamesRevocation } from './revocation.js';

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
  const r = pendingRevocation(!trusted ? 'untrusted_chain' : chainNamesRevocation(certs) ? 'pending' : 'no_url');
  const text = revocationText(r);
  return { revocationCheck: r, revocation: `${text.vi} / ${text.en}` };
}

/** signing-certificate-v2 names this certificate (its SHA-256); null when the attribute is absent. */
function essMatches(attrs: forge.asn1.Asn1[], cert: forge.pki.Certificate): boolean | null {
  const v = attrValue(attrs, SIGNING_CERTIFICATE_V2);
  if (!v) return null;
  try {
    const first = ((v.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
    const hash = first.find((x) => x.type === forge.asn1.Type.OCTETSTRING)!;
    return Buffer.from(hash.value as string, 'binary').equals(createHash('sha256').update(certificateDer(cert)).digest());
  } catch {
    return false;
  }
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
  let p7: forge.pkcs7.PkcsSignedData & { rawCapture: Record<string, unknown> };
  try {
    // The placeholder is padded with zeros after the CMS; its DER says its own length, so the
    // whole placeholder is read and the padding left unparsed. (Stripping trailing zeros took
    // the CMS's own last byte whenever it was 0x00 — one signature in 256 read as broken.)
    const der = latin1(Buffer.from(latin1(pdf.subarray(b + 1, c - 1)), 'hex'));
    p7 = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(der, { parseAllBytes: false } as never)) as typeof p7;
  } catch {
    return only({ ...base, problem: 'cms_unreadable' });
  }
  const attrs = (p7.rawCapture.authenticatedAttributes as forge.asn1.Asn1[] | undefined) ?? [];
  const signature = Buffer.from((p7.rawCapture.signature as string | undefined) ?? '', 'binary');
  const md = attrValue(attrs, forge.pki.oids.messageDigest!);
  const integrityOfContent = !!md && Buffer.from(md.value as string, 'binary').equals(hash);
  const t = attrValue(attrs, forge.pki.oids.signingTime!);
  // PAdES B-B keeps the claimed time in /M of the signature dictionary; older CMS in the signing-time attribute.
  const signingTime = t ? (t.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(t.value as string) : forge.asn1.generalizedTimeToDate(t.value as string)).toISOString() : dictionaryTime(pdf, b, c);
  const setDer = Buffer.from(forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs)).getBytes(), 'binary');
  const certs = (p7.certificates ?? []).map(readableCertificate).map((x) => ({ forge: x, x509: new X509Certificate(forge.pki.certificateToPem(x)) }));
  const signer = certs.find((x) => {
    try {
      return rsaVerify('sha256', setDer, x.x509.publicKey, signature);
    } catch {
      return false;
    }
  });
  const checked: SignatureCheck = { ...base, signingTime };
  if (!signer) return only({ ...checked, problem: certs.length ? 'signature_does_not_verify' : 'no_certificate' });
  const who = { signer: subjectField(signer.forge, 'CN'), organization: subjectField(signer.forge, 'O') };
  if (!integrityOfContent) return only({ ...checked, ...who, problem: 'content_altered' });
  if (essMatches(attrs, signer.forge) === false) return only({ ...checked, ...who, problem: 'signing_certificate_mismatch' });
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
 * copied at each signature's /Contents and finished with the bytes after it.
 */
function rangeHashes(pdf: Buffer, ranges: number[][]): Buffer[] {
  const nested = ranges.every((r, i) => validRange(pdf, r) && (i === 0 || r[1]! >= ranges[i - 1]![2]! + ranges[i - 1]![3]!));
  if (!nested) return ranges.map(([a, b, c, d]) => createHash('sha256').update(pdf.subarray(a, a! + b!)).update(pdf.subarray(c, c! + d!)).digest());
  const running = createHash('sha256');
  let at = 0;
  return ranges.map(([, b, c, d]) => {
    running.update(pdf.subarray(at, b));
    at = b!;
    return running.copy().update(pdf.subarray(c, c! + d!)).digest();
  });
}

/** The byte ranges of the signatures in the file, in file order. */
export function byteRanges(pdf: Buffer): number[][] {
  const out: number[][] = [];
  for (let at = pdf.indexOf('/ByteRange'); at >= 0; at = pdf.indexOf('/ByteRange', at + 10)) {
    const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(latin1(pdf.subarray(at, at + 80)));
    if (m) out.push([Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]);
  }
  return out;
}

export function verifyPdf(pdf: Buffer, anchorsPem: string[]): PdfVerification {
  return verifyWithChains(pdf, anchorsPem).verification;
}

/** The verification, and for each signature the chain its revocation is checked along (null when it was not intact). */
export function verifyWithChains(pdf: Buffer, anchorsPem: string[]): { verification: PdfVerification; chains: (X509Certificate[] | null)[] } {
  const anchors = anchorsPem.map((p) => new X509Certificate(p));
  const ranges = byteRanges(pdf);
  const hashes = rangeHashes(pdf, ranges);
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
