import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { readableCertificate } from './cms.js';

/**
 * Certificates made here stand in for those of a licensed CA: for the demo province and the
 * tests (a root, then a certificate for a person or an agency, and its PKCS#12 file). In
 * production the CA issues them and the province loads the root with `lienthong trust add`.
 */
export interface Issued {
  certificate: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
  keyPem: string;
}

/**
 * `ocspUrl` writes the Authority Information Access extension (id-ad-ocsp), `crlUrl` the CRL
 * distribution point: where a verifier asks whether the certificate was revoked.
 * `ocspSigning` makes the certificate of a responder the CA delegated (extended key usage
 * id-kp-OCSPSigning, RFC 6960 4.2.2.2).
 */
export function issueCertificate(
  subject: { CN: string; O: string; OU?: string },
  issuer: Issued | null,
  opts: { ca?: boolean; years?: number; notBefore?: Date; keyPem?: string; ocspUrl?: string; crlUrl?: string; ocspSigning?: boolean } = {},
): Issued {
  const keyPem = opts.keyPem ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  const from = opts.notBefore ?? new Date(Date.now() - 86400_000);
  cert.validity.notBefore = from;
  cert.validity.notAfter = new Date(from.getTime() + (opts.years ?? 5) * 365 * 86400_000);
  const attrs = [
    { shortName: 'C', value: 'VN' },
    { shortName: 'O', value: subject.O, valueTagClass: forge.asn1.Type.UTF8 },
    ...(subject.OU ? [{ shortName: 'OU', value: subject.OU, valueTagClass: forge.asn1.Type.UTF8 }] : []),
    { shortName: 'CN', value: subject.CN, valueTagClass: forge.asn1.Type.UTF8 },
  ];
  cert.setSubject(attrs as forge.pki.CertificateField[]);
  cert.setIssuer(issuer ? readableCertificate(issuer.certificate).subject.attributes : (attrs as forge.pki.CertificateField[]));
  cert.setExtensions([
    { name: 'basicConstraints', cA: !!opts.ca, critical: true },
    { name: 'keyUsage', critical: true, ...(opts.ca ? { keyCertSign: true, cRLSign: true } : { digitalSignature: true, nonRepudiation: true }) },
    { name: 'subjectKeyIdentifier' },
    ...(opts.ocspSigning ? [{ name: 'extKeyUsage', [OCSP_SIGNING]: true }] : []),
    ...(opts.ocspUrl ? [{ name: 'authorityInfoAccess', value: authorityInfoAccess(opts.ocspUrl) }] : []),
    // A URI is GeneralName [6].
    ...(opts.crlUrl ? [{ name: 'cRLDistributionPoints', altNames: [{ type: 6, value: opts.crlUrl }] }] : []),
  ]);
  cert.sign(issuer?.key ?? key, forge.md.sha256.create());
  return { certificate: cert, key, pem: forge.pki.certificateToPem(cert), keyPem };
}

const OCSP_ACCESS_METHOD = '1.3.6.1.5.5.7.48.1';
/** id-kp-OCSPSigning. */
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

/** AuthorityInfoAccessSyntax with one id-ad-ocsp access description (RFC 5280 4.2.2.1), built with forge's ASN.1 writer. */
function authorityInfoAccess(url: string): forge.asn1.Asn1 {
  const { asn1 } = forge;
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(OCSP_ACCESS_METHOD).getBytes()),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, url),
    ]),
  ]);
}

/** A PKCS#12 file of the key and its chain (AES-256 as current tokens export; 3DES is quicker to make). */
export function toPkcs12(issued: Issued, chain: forge.pki.Certificate[], password: string, algorithm: 'aes256' | '3des' = 'aes256'): Buffer {
  const asn = forge.pkcs12.toPkcs12Asn1(issued.key, [issued.certificate, ...chain], password, { algorithm, friendlyName: 'lienthong' });
  return Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
}
