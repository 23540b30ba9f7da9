import { createPrivateKey, privateEncrypt, constants, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/**
 * CMS (PKCS#7 SignedData, detached) built with node-forge. The RSA operation itself is done
 * by whoever holds the key: Node's crypto for a key opened from a PKCS#12 file, the token
 * for a PKCS#11 key. Both get the DigestInfo of the signed attributes (PKCS#1 v1.5).
 */
export interface CmsSigner {
  /** Signer's certificate first, then the chain it came with. */
  certificates: forge.pki.Certificate[];
  sign(data: Buffer, signingTime: Date): Promise<Buffer>;
}

/** Signs a DigestInfo with RSA PKCS#1 v1.5 (raw RSA with padding): a Node key or a token. */
export type RawRsa = (digestInfo: Buffer) => Buffer;

/** The DigestInfo of a SHA-256 hash, encoded by forge's ASN.1 encoder. */
export function digestInfo(hash: Buffer): Buffer {
  const { asn1 } = forge;
  const der = asn1.toDer(
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(forge.pki.oids.sha256!).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, hash.toString('binary')),
    ]),
  );
  return Buffer.from(der.getBytes(), 'binary');
}

export function cmsSigner(certificates: forge.pki.Certificate[], rsa: RawRsa): CmsSigner {
  return {
    certificates,
    async sign(data: Buffer, signingTime: Date) {
      const p7 = forge.pkcs7.createSignedData();
      p7.content = forge.util.createBuffer(data.toString('binary'));
      for (const c of certificates) p7.addCertificate(c);
      // forge calls key.sign(md) with the digest of the signed attributes.
      const key = { sign: (md: forge.md.MessageDigest) => rsa(digestInfo(Buffer.from(md.digest().getBytes(), 'binary'))).toString('binary') };
      p7.addSigner({
        key: key as unknown as forge.pki.rsa.PrivateKey,
        certificate: certificates[0]!,
        digestAlgorithm: forge.pki.oids.sha256!,
        authenticatedAttributes: [
          { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
          { type: forge.pki.oids.messageDigest! },
          { type: forge.pki.oids.signingTime!, value: signingTime as unknown as string },
        ],
      });
      p7.sign({ detached: true });
      return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
    },
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
