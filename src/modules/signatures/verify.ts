import { createHash, verify as rsaVerify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { SignatureCheck, SignatureVerdict } from '../../domain/signatures.js';
import { readableCertificate } from './cms.js';
import { worstVerdict } from '../../domain/signatures.js';

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

/** Builds the chain from the signer to an anchor; answers the anchor's subject or null. */
function chainToAnchor(signer: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): { trusted: boolean; chain: string[]; note: string | null } {
  const chain = [signer.subject];
  let cur = signer;
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => a.fingerprint256 === cur.fingerprint256 || (cur.checkIssued(a) && cur.verify(a.publicKey)));
    if (anchor) {
      if (anchor.fingerprint256 !== cur.fingerprint256) chain.push(anchor.subject);
      const expired = [signer, anchor].find((c) => at < new Date(c.validFrom) || at > new Date(c.validTo));
      return { trusted: !expired, chain, note: expired ? 'certificate_not_valid_at_signing_time' : null };
    }
    const issuer = pool.find((c) => c.fingerprint256 !== cur.fingerprint256 && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (!issuer) break;
    chain.push(issuer.subject);
    cur = issuer;
  }
  return { trusted: false, chain, note: 'no_chain_to_trust_anchor' };
}

function revocationOf(cert: X509Certificate): string {
  const ocsp = /OCSP - URI:(\S+)/.exec(cert.infoAccess ?? '')?.[1];
  if (ocsp) return `not_checked: OCSP ${ocsp} (chưa hỏi được từ máy chủ này / not queried from this server)`;
  return 'not_checked: chứng thư không nêu địa chỉ OCSP / the certificate names no OCSP responder';
}

function checkOne(pdf: Buffer, range: number[], anchors: X509Certificate[]): SignatureCheck {
  const [a, b, c, d] = range as [number, number, number, number];
  const base: SignatureCheck = { verdict: 'broken', signer: null, organization: null, signingTime: null, integrity: false, trusted: false, coversWholeFile: c + d === pdf.length, chain: [], revocation: null, problem: null };
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return { ...base, problem: 'byte_range_invalid' };
  let p7: forge.pkcs7.PkcsSignedData & { rawCapture: Record<string, unknown> };
  try {
    const der = latin1(Buffer.from(latin1(pdf.subarray(b + 1, c - 1)).replace(/(00)+$/, ''), 'hex'));
    p7 = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(der, { parseAllBytes: false } as never)) as typeof p7;
  } catch {
    return { ...base, problem: 'cms_unreadable' };
  }
  const attrs = (p7.rawCapture.authenticatedAttributes as forge.asn1.Asn1[] | undefined) ?? [];
  const signature = Buffer.from((p7.rawCapture.signature as string | undefined) ?? '', 'binary');
  const hash = createHash('sha256').update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest();
  const md = attrValue(attrs, forge.pki.oids.messageDigest!);
  const integrityOfContent = !!md && Buffer.from(md.value as string, 'binary').equals(hash);
  const t = attrValue(attrs, forge.pki.oids.signingTime!);
  const signingTime = t ? (t.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(t.value as string) : forge.asn1.generalizedTimeToDate(t.value as string)).toISOString() : null;
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
  if (!signer) return { ...checked, problem: certs.length ? 'signature_does_not_verify' : 'no_certificate' };
  const who = { signer: subjectField(signer.forge, 'CN'), organization: subjectField(signer.forge, 'O') };
  if (!integrityOfContent) return { ...checked, ...who, problem: 'content_altered' };
  const chain = chainToAnchor(
    signer.x509,
    certs.map((x) => x.x509),
    anchors,
    signingTime ? new Date(signingTime) : new Date(),
  );
  return { ...checked, ...who, integrity: true, trusted: chain.trusted, chain: chain.chain, revocation: revocationOf(signer.x509), verdict: chain.trusted ? 'valid' : 'untrusted', problem: chain.note };
}

/** The byte ranges of the signatures in the file, in file order. */
export function byteRanges(pdf: Buffer): number[][] {
  const text = latin1(pdf);
  return [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]);
}

export function verifyPdf(pdf: Buffer, anchorsPem: string[]): PdfVerification {
  const anchors = anchorsPem.map((p) => new X509Certificate(p));
  const signatures = byteRanges(pdf).map((r) => checkOne(pdf, r, anchors));
  if (!signatures.length) return { verdict: 'unsigned', signatures };
  // The last signature must cover the file to its end: bytes added after it are not signed.
  const last = signatures.at(-1)!;
  if (last.verdict !== 'broken' && !last.coversWholeFile) last.problem = 'bytes_after_last_signature';
  return { verdict: worstVerdict(signatures.map((s) => (s === last && !s.coversWholeFile ? 'broken' : s.verdict))), signatures };
}
