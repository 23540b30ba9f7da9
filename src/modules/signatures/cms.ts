import { createHash, createPrivateKey, privateEncrypt, constants, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/**
 * CMS (PKCS#7 SignedData, detached) built with node-forge. The RSA operation itself is done
 * by whoever holds the key: Node's crypto for a key opened from a PKCS#12 file, the token
 * for a PKCS#11 key. Both get the DigestInfo of the signed attributes (PKCS#1 v1.5).
 */
export interface CmsSigner {
  /** Signer's certificate first, then the chain it came with. */
  certificates: forge.pki.Certificate[];
  /** The CMS over data whose SHA-256 is `hash` (the signed byte range, hashed by the caller as it streams). */
  signDigest(hash: Buffer, signingTime: Date): Promise<Buffer>;
  sign(data: Buffer, signingTime: Date): Promise<Buffer>;
}

/** Signs a DigestInfo with RSA PKCS#1 v1.5 (raw RSA with padding): a Node key or a token. */
export type RawRsa = (digestInfo: Buffer) => Buffer;

const { asn1 } = forge;
const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (id: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (b: Buffer) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b.toString('binary'));
const integer = (hex: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(hex.length % 2 ? `0${hex}` : hex));
const algorithm = (id: string) => seq([oid(id), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]);
const der = (a: forge.asn1.Asn1) => Buffer.from(asn1.toDer(a).getBytes(), 'binary');
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

/** id-aa-signingCertificateV2 (RFC 5035): the signed attribute that binds the signer's certificate (PAdES B-B). */
export const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

/** The DigestInfo of a SHA-256 hash, encoded by forge's ASN.1 encoder. */
export function digestInfo(hash: Buffer): Buffer {
  return der(seq([algorithm(forge.pki.oids.sha256!), octets(hash)]));
}

export function certificateDer(cert: forge.pki.Certificate): Buffer {
  return der(forge.pki.certificateToAsn1(cert));
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with SHA-256 (the default, so omitted) and the issuer and serial. */
function signingCertificateV2(cert: forge.pki.Certificate) {
  const certHash = createHash('sha256').update(certificateDer(cert)).digest();
  const issuerSerial = seq([seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [forge.pki.distinguishedNameToAsn1(cert.issuer)])]), integer(cert.serialNumber)]);
  return seq([seq([seq([octets(certHash), issuerSerial])])]);
}

/**
 * CMS SignedData (detached) for PAdES B-B: signed attributes content-type, message-digest
 * and signing-certificate-v2 (the claimed signing time is the signature dictionary's /M, as
 * ETSI EN 319 142-1 asks, and the signing-time attribute is not used). Built with forge's
 * ASN.1 objects; the RSA operation is done by whoever holds the key.
 */
export function cmsSigner(certificates: forge.pki.Certificate[], rsa: RawRsa): CmsSigner {
  const signer = certificates[0]!;
  const essAttribute = der(attribute(SIGNING_CERTIFICATE_V2, signingCertificateV2(signer)));
  const certs = certificates.map((c) => forge.pki.certificateToAsn1(c));
  const signDigest = async (hash: Buffer) => {
    // DER orders a SET OF by the encodings of its members.
    const attrs = [der(attribute(forge.pki.oids.contentType!, oid(forge.pki.oids.data!))), der(attribute(forge.pki.oids.messageDigest!, octets(hash))), essAttribute].sort(Buffer.compare);
    const attrAsn1 = attrs.map((a) => asn1.fromDer(a.toString('binary')));
    const signature = rsa(digestInfo(createHash('sha256').update(der(set(attrAsn1))).digest()));
    const signerInfo = seq([
      integer('01'),
      seq([forge.pki.distinguishedNameToAsn1(signer.issuer), integer(signer.serialNumber)]),
      algorithm(forge.pki.oids.sha256!),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attrAsn1),
      algorithm(forge.pki.oids.rsaEncryption!),
      octets(signature),
    ]);
    const signedData = seq([integer('01'), set([algorithm(forge.pki.oids.sha256!)]), seq([oid(forge.pki.oids.data!)]), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, certs), set([signerInfo])]);
    return der(seq([oid(forge.pki.oids.signedData!), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
  };
  return {
    certificates,
    signDigest,
    sign: (data) => signDigest(createHash('sha256').update(data).digest()),
  };
}

export const nodeRsa =
  (key: KeyObject): RawRsa =>
  (di) =>
    privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, di);

/**
 * forge reads UTF8String names as their UTF-8 bytes but writes them encoding again: a
 * certificate read from a file is decoded here so that it is written back byte for byte.
 */
export function readableCertificate(cert: forge.pki.Certificate): forge.pki.Certificate {
  for (const attr of [...cert.subject.attributes, ...cert.issuer.attributes]) {
    if ((attr.valueTagClass as unknown) === forge.asn1.Type.UTF8 && typeof attr.value === 'string') {
      try {
        attr.value = forge.util.decodeUtf8(attr.value);
      } catch {
        // already text
      }
    }
  }
  return cert;
}

export interface OpenedP12 {
  key: KeyObject;
  certificates: forge.pki.Certificate[];
}

/** Opens a PKCS#12 file: the private key and the certificates, the one matching the key first. */
export function openPkcs12(der: Buffer, password: string): OpenedP12 {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), false, password);
  const keyBag = [...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []), ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? [])][0];
  if (!keyBag?.key) throw new Error('PKCS#12 without a private key');
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c).map(readableCertificate);
  const rsaKey = keyBag.key as forge.pki.rsa.PrivateKey;
  const mine = certs.findIndex((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(rsaKey.n));
  if (mine < 0) throw new Error('PKCS#12 without the certificate of its key');
  const ordered = [certs[mine]!, ...certs.filter((_, i) => i !== mine)];
  return { key: createPrivateKey(forge.pki.privateKeyToPem(rsaKey)), certificates: ordered };
}
