import { createHash, createPrivateKey, verify as cryptoVerify, webcrypto, X509Certificate } from 'node:crypto';
import { C14nCanonicalization, C14nCanonicalizationWithComments, ExclusiveCanonicalization, ExclusiveCanonicalizationWithComments, SignedXml } from 'xml-crypto';
import { findAncestorNsForElement } from 'xml-crypto/lib/utils.js';
import { DSIG_NS, isEdxmlNs } from './namespaces.js';
import { runPattern, type XmlInput } from './read.js';
import type { BuiltPackage } from './build.js';

/**
 * The package signature (enveloped XML-DSig over the whole package, Reference URI=""),
 * separate from the PDF signature that gives a document its legal value. Emitted with
 * RSA-SHA256 and inclusive c14n; RSA-SHA1 of legacy senders is accepted on input.
 */
export type SignatureResult = 'none' | 'valid' | 'invalid';

export interface SignatureCheck {
  result: SignatureResult;
  /** Why it is none or invalid, in English (logged and shown with the Vietnamese label). */
  reason?: string;
  algorithm?: string;
  subject?: string;
  issuer?: string;
  serialNumber?: string;
  fingerprint256?: string;
  validFrom?: string;
  validTo?: string;
}

const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};
const SHA256_URI = 'http://www.w3.org/2001/04/xmlenc#sha256';
const WEBCRYPTO_DIGESTS: Record<string, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

export const SIGNATURE_LABELS: Record<SignatureResult, { vi: string; en: string }> = {
  none: { vi: 'Không có chữ ký số', en: 'Not signed' },
  valid: { vi: 'Chữ ký số hợp lệ', en: 'Valid signature' },
  invalid: { vi: 'Chữ ký số không hợp lệ', en: 'Invalid signature' },
};

/**
 * Hash classes that hash the text with the attachment runs put back in place, so the
 * digest covers the real package while the canonical text stays small.
 */
function expandingHashes(token: string, runs: Buffer[]) {
  const out: Record<string, new () => { getHash(xml: string): string; getAlgorithmName(): string }> = {};
  for (const [uri, algo] of Object.entries(DIGESTS)) {
    out[uri] = class {
      getHash(xml: string) {
        const h = createHash(algo);
        let last = 0;
        if (runs.length) {
          for (const m of xml.matchAll(runPattern(token))) {
            h.update(xml.slice(last, m.index), 'utf8');
            h.update(runs[Number(m[1])]!);
            last = m.index! + m[0].length;
          }
        }
        h.update(xml.slice(last), 'utf8');
        return h.digest('base64');
      }
      getAlgorithmName() {
        return uri;
      }
    };
  }
  return out;
}

const childElements = (el: Element, ns: string, name: string) => {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && (c as Element).namespaceURI === ns && (c as Element).localName === name) out.push(c as Element);
  return out;
};

// Senders sign many packages with one certificate: read each certificate once.
const certificates = new Map<string, Omit<SignatureCheck, 'result'> & { cert?: X509Certificate }>();

function certificateFacts(sig: Element): Omit<SignatureCheck, 'result'> & { cert?: X509Certificate } {
  const certEl = sig.getElementsByTagNameNS(DSIG_NS, 'X509Certificate')[0];
  const b64 = certEl?.textContent?.replace(/\s+/g, '') ?? '';
  if (!b64) return { reason: 'no X509Certificate in KeyInfo' };
  const known = certificates.get(b64);
  if (known) return known;
  let facts: Omit<SignatureCheck, 'result'> & { cert?: X509Certificate };
  try {
    const cert = new X509Certificate(Buffer.from(b64, 'base64'));
    facts = { subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', '), serialNumber: cert.serialNumber, fingerprint256: cert.fingerprint256, validFrom: new Date(cert.validFrom).toISOString(), validTo: new Date(cert.validTo).toISOString(), cert };
  } catch {
    facts = { reason: 'the X509Certificate cannot be read' };
  }
  if (certificates.size >= 200) certificates.delete(certificates.keys().next().value!);
  certificates.set(b64, facts);
  return facts;
}

const CANONICALIZERS: Record<string, new () => { process(node: Node, options: object): string }> = {
  [C14N]: C14nCanonicalization,
  [`${C14N}#WithComments`]: C14nCanonicalizationWithComments,
  'http://www.w3.org/2001/10/xml-exc-c14n#': ExclusiveCanonicalization,
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': ExclusiveCanonicalizationWithComments,
};
const SIGNATURE_HASHES: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'sha1',
  [RSA_SHA256]: 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'sha512',
};

/**
 * The digest of the whole package without its signature (Reference URI="" with the
 * enveloped-signature transform), canonicalised as the Reference says. The signature is
 * taken out of the DOM for the time of the canonicalisation and put back.
 */
function referenceDigest(input: XmlInput, sig: Element, ref: Element, digest: Digester): Promise<string> | { error: string } {
  const transforms = childElements(ref, DSIG_NS, 'Transforms')[0];
  const list = transforms ? childElements(transforms, DSIG_NS, 'Transform') : [];
  const names = list.map((t) => t.getAttribute('Algorithm') ?? '');
  if (!names.includes(ENVELOPED)) return { error: 'the Reference lacks the enveloped-signature transform' };
  const c14ns = names.filter((n) => n !== ENVELOPED);
  if (c14ns.length > 1 || c14ns.some((n) => !CANONICALIZERS[n])) return { error: `transform not accepted: ${c14ns.join(', ')}` };
  const digestUri = childElements(ref, DSIG_NS, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
  const hash = DIGESTS[digestUri];
  if (!hash) return { error: `digest method not accepted: ${digestUri || 'none'}` };
  const prefixList = list.flatMap((t) => Array.from(t.getElementsByTagName('*')).filter((e) => e.localName === 'InclusiveNamespaces')).map((e) => e.getAttribute('PrefixList') ?? '')[0];
  // Comments never count in a same-document reference: the plain canonicaliser drops them.
  const algo = (c14ns[0] ?? C14N).replace('#WithComments', '');
  const canonicaliser = new CANONICALIZERS[algo]!();
  const parent = sig.parentNode!;
  const next = sig.nextSibling;
  parent.removeChild(sig);
  let canonical: string;
  try {
    canonical = canonicaliser.process(input.doc.documentElement, { defaultNsForPrefix: { ds: DSIG_NS }, ancestorNamespaces: [], inclusiveNamespacesPrefixList: prefixList ? prefixList.split(' ').filter(Boolean) : [] });
  } finally {
    parent.insertBefore(sig, next);
  }
  return digestWithRuns(digest, hash as 'sha1' | 'sha256' | 'sha512', canonical, input.token, input.runs);
}

/**
 * Computes the digest of the parts joined, off the thread that serves requests (some parts
 * are the package's base64 runs, of megabytes).
 */
export type Digester = (algorithm: 'sha1' | 'sha256' | 'sha512', parts: (string | Buffer)[]) => Promise<Buffer>;

/** On a thread of the pool (WebCrypto). */
const poolDigest: Digester = async (algorithm, parts) => Buffer.from(await webcrypto.subtle.digest(WEBCRYPTO_DIGESTS[algorithm]!, Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))));

/** The digest of the canonical text with the attachment runs put back. */
async function digestWithRuns(digest: Digester, algorithm: 'sha1' | 'sha256' | 'sha512', canonical: string, token: string, runs: Buffer[]): Promise<string> {
  const parts: (string | Buffer)[] = [];
  let last = 0;
  if (runs.length) {
    for (const m of canonical.matchAll(runPattern(token))) {
      parts.push(canonical.slice(last, m.index), runs[Number(m[1])]!);
      last = m.index! + m[0].length;
    }
  }
  parts.push(canonical.slice(last));
  return (await digest(algorithm, parts)).toString('base64');
}

/** Verifies the package signature against the certificate the package carries. */
export async function verifyPackageSignature(input: XmlInput, digest: Digester = poolDigest): Promise<SignatureCheck> {
  const sigs = Array.from(input.doc.getElementsByTagNameNS(DSIG_NS, 'Signature'));
  if (!sigs.length) {
    const other = Array.from(input.doc.getElementsByTagName('*')).some((e) => e.localName === 'Signature' && isEdxmlNs(e.namespaceURI));
    return { result: 'none', reason: other ? 'a Signature element outside the XML-DSig namespace is not an XML signature' : undefined };
  }
  if (sigs.length > 1) return { result: 'invalid', reason: 'more than one Signature' };
  const sig = sigs[0]!;
  if (!Array.from(sig.childNodes).some((c) => c.nodeType === 1)) return { result: 'none', reason: 'empty Signature element' };
  const facts = certificateFacts(sig);
  const { cert, ...shown } = facts;
  const fail = (reason: string): SignatureCheck => ({ result: 'invalid', ...shown, reason });
  if (!cert) return fail(facts.reason ?? 'no certificate');
  const signedInfo = childElements(sig, DSIG_NS, 'SignedInfo');
  if (signedInfo.length !== 1) return fail('there must be one SignedInfo');
  const info = signedInfo[0]!;
  const algorithm = childElements(info, DSIG_NS, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
  const signatureHash = SIGNATURE_HASHES[algorithm];
  if (!signatureHash) return fail(`signature method not accepted: ${algorithm || 'none'}`);
  const c14nUri = childElements(info, DSIG_NS, 'CanonicalizationMethod')[0]?.getAttribute('Algorithm') ?? '';
  if (!CANONICALIZERS[c14nUri]) return fail(`canonicalization not accepted: ${c14nUri || 'none'}`);
  const refs = childElements(info, DSIG_NS, 'Reference');
  // Only a signature over the whole package says the whole package is the sender's.
  if (refs.length !== 1 || (refs[0]!.getAttribute('URI') ?? '') !== '') return fail('the signature must have one Reference with URI="" (the whole package)');
  try {
    const pending = referenceDigest(input, sig, refs[0]!, digest);
    if ('error' in pending) return fail(pending.error);
    const computed = await pending;
    const expected = (childElements(refs[0]!, DSIG_NS, 'DigestValue')[0]?.textContent ?? '').replace(/\s+/g, '');
    if (computed !== expected) return fail('digest mismatch: the package was changed after signing');
    const canonicalInfo = new CANONICALIZERS[c14nUri]!().process(info, { defaultNsForPrefix: { ds: DSIG_NS }, ancestorNamespaces: findAncestorNsForElement(info) });
    const value = Buffer.from((childElements(sig, DSIG_NS, 'SignatureValue')[0]?.textContent ?? '').replace(/\s+/g, ''), 'base64');
    const ok = cryptoVerify(signatureHash, Buffer.from(canonicalInfo, 'utf8'), cert.publicKey, value);
    return ok ? { result: 'valid', ...shown, algorithm } : fail('the signature value does not match: the package was changed after signing or signed with another key');
  } catch (e) {
    return fail(((e as Error).message ?? String(e)).slice(0, 200));
  }
}

export interface SigningKey {
  privateKeyPem: string;
  certificatePem: string;
}

/** Signs a built package (RSA-SHA256, c14n, Reference URI=""), the signature after TraceHeaderList. */
export function signPackage(p: BuiltPackage, key: SigningKey): BuiltPackage {
  const signer = new SignedXml({ privateKey: createPrivateKey(key.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }) as string, publicCert: key.certificatePem, signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: C14N });
  Object.assign(signer.HashAlgorithms, expandingHashes(p.token, p.runs));
  signer.addReference({ xpath: '/*', transforms: [ENVELOPED, C14N], digestAlgorithm: SHA256_URI, isEmptyUri: true });
  const inHeader = "/*/*[local-name()='edXMLEnvelope']/*[local-name()='edXMLHeader']";
  const hasTrace = p.skeleton.includes('TraceHeaderList');
  signer.computeSignature(p.skeleton, { location: { reference: `${inHeader}/*[local-name()='${hasTrace ? 'TraceHeaderList' : 'MessageHeader'}']`, action: 'after' } });
  return { ...p, skeleton: signer.getSignedXml() };
}
