import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { issueCertificate } from '../src/modules/signatures/certificates.js';
import { cmsSigner, nodeRsa, type CmsSigner } from '../src/modules/signatures/cms.js';
import { signPdf } from '../src/modules/signatures/pades.js';
import { verifyPdf } from '../src/modules/signatures/verify.js';

/**
 * Issue 19: reading a signature's CMS out of its /Contents. The placeholder is padded with
 * zeros after the CMS; a CMS whose own last byte is 0x00 (the RSA value's last byte, one
 * signature in 256, or an unsigned attribute ending so) must be read whole, not taken for
 * padding. It once was: such a signature was shown as broken ("cms_unreadable"), which made
 * test/signing-revocation.test.ts fail now and then (the signer missing from the check).
 */

const { asn1 } = forge;
const root = issueCertificate({ CN: 'CA thu nghiem', O: 'Test CA' }, null, { ca: true, notBefore: new Date(Date.now() - 10 * 86400_000) });
const person = issueCertificate({ CN: 'Nguyễn Văn Ký', O: 'Sở Thử nghiệm' }, root, { notBefore: new Date(Date.now() - 5 * 86400_000) });

/** The CMS with an unsigned attribute appended to its SignerInfo (as a time-stamp token would be): its DER then ends with the byte 0x00. */
function endingInZero(signer: CmsSigner): CmsSigner {
  return {
    ...signer,
    async signDigest(hash, signingTime) {
      const cms = asn1.fromDer(forge.util.createBuffer((await signer.signDigest(hash, signingTime)).toString('binary')), { decodeBitStrings: false } as never);
      const signedData = (cms.value[1] as forge.asn1.Asn1).value[0] as forge.asn1.Asn1;
      const signerInfo = ((signedData.value as forge.asn1.Asn1[]).at(-1)!.value as forge.asn1.Asn1[])[0]!;
      const attribute = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.2.840.113549.1.9.16.2.14').getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, '\u0000')]),
      ]);
      (signerInfo.value as forge.asn1.Asn1[]).push(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, true, [attribute]));
      return Buffer.from(asn1.toDer(cms).getBytes(), 'binary');
    },
    sign(data, signingTime) {
      return this.signDigest(Buffer.from(forge.md.sha256.create().update(data.toString('binary')).digest().getBytes(), 'binary'), signingTime);
    },
  };
}

describe('a signature whose CMS ends with a zero byte', () => {
  it('is read whole and verifies: signer, integrity, chain', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const pdf = Buffer.from(await doc.save());
    let cms: Buffer = Buffer.alloc(0);
    const inner = endingInZero(cmsSigner([person.certificate, root.certificate], nodeRsa(createPrivateKey(person.keyPem))));
    const signer: CmsSigner = { ...inner, signDigest: async (h, t) => (cms = await inner.signDigest(h, t)) };
    const signed = await signPdf({ pdf, signer, field: 'Ky', name: 'Nguyễn Văn Ký', reason: 'Ký duyệt', location: 'Đồng Nai', signingTime: new Date(), visible: { box: { page: 0, x: 340, y: 150, width: 170, height: 60 }, lines: ['Nguyễn Văn Ký'], color: 'blue' } });
    expect(cms.at(-1)).toBe(0);
    const v = verifyPdf(signed, [root.pem]);
    expect(v.verdict, JSON.stringify(v.signatures)).toBe('valid');
    expect(v.signatures[0]).toMatchObject({ signer: 'Nguyễn Văn Ký', organization: 'Sở Thử nghiệm', integrity: true, trusted: true, problem: null });
    // One byte of the signed range changed: still reported broken, not read differently.
    const at = signed.indexOf('/Type /Page') + 1;
    const altered = Buffer.from(signed);
    altered[at] = altered[at]! ^ 1;
    expect(verifyPdf(altered, [root.pem]).verdict).toBe('broken');
  });
});
