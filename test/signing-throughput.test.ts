import { createHash, createPrivateKey } from 'node:crypto';
import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { issueCertificate } from '../src/modules/signatures/certificates.js';
import { cmsSigner, nodeRsa } from '../src/modules/signatures/cms.js';
import { signPdfHashed, type SignRequest } from '../src/modules/signatures/pades.js';
import { byteRanges, verifyPdf } from '../src/modules/signatures/verify.js';
import { locateLayout } from '../src/modules/signatures/layout.js';
import { renderOfficialPdf } from '../src/modules/pdf/render.js';

/**
 * Issue 19's throughput: a file signed at issue is hashed once. The signer's one pass gives
 * the range it signs, the ranges of the signatures already in the file and the SHA-256 of
 * the whole signed file (its name in the store); the verification that follows takes those
 * range hashes instead of reading the file again. They must be exactly those of the bytes.
 */

const root = issueCertificate({ CN: 'CA thu nghiem', O: 'Test CA' }, null, { ca: true, notBefore: new Date(Date.now() - 10 * 86400_000) });
const leader = issueCertificate({ CN: 'Nguyễn Văn Ký', O: 'Sở Thử nghiệm' }, root, { notBefore: new Date(Date.now() - 5 * 86400_000) });
const agency = issueCertificate({ CN: 'Sở Thử nghiệm', O: 'Sở Thử nghiệm' }, root, { notBefore: new Date(Date.now() - 5 * 86400_000) });

const request = (pdf: Buffer, who: typeof leader, field: string): SignRequest => ({
  pdf,
  signer: cmsSigner([who.certificate, root.certificate], nodeRsa(createPrivateKey(who.keyPem))),
  field,
  name: field,
  reason: 'Thử',
  location: 'Đồng Nai',
  signingTime: new Date(),
  visible: { box: { page: 0, x: 340, y: 150, width: 170, height: 60 }, lines: [field], color: 'blue' },
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest();

describe('a PDF signed with its hashes found on the way', () => {
  it('names the file by the SHA-256 of its bytes and gives each byte range its own hash, the earlier signature included', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    // A megabyte stream, as a scan would be: what the one pass saves hashing again.
    doc.catalog.set(PDFName.of('Filler'), doc.context.register(doc.context.stream(Buffer.alloc(1 << 20, 7))));
    const blank = Buffer.from(await doc.save({ useObjectStreams: false }));
    const first = await signPdfHashed(request(blank, leader, 'KyDuyet'));
    expect(first.sha256).toBe(sha(first.pdf).toString('hex'));
    const second = await signPdfHashed({ ...request(first.pdf, agency, 'KyCoQuan'), texts: [{ page: 0, x: 100, y: 780, size: 13, text: '12' }] });
    expect(second.pdf.subarray(0, first.pdf.length).equals(first.pdf)).toBe(true);
    expect(second.sha256).toBe(sha(second.pdf).toString('hex'));
    const ranges = byteRanges(second.pdf);
    expect(ranges).toHaveLength(2);
    const expected = ranges.map(([a, b, c, d]) => sha(Buffer.concat([second.pdf.subarray(a, a! + b!), second.pdf.subarray(c, c! + d!)])));
    expect(second.rangeHashes.map((h) => h.toString('hex'))).toEqual(expected.map((h) => h.toString('hex')));

    const v = verifyPdf(second.pdf, [root.pem], second.rangeHashes);
    expect(v.verdict, JSON.stringify(v.signatures)).toBe('valid');
    expect(v.signatures.map((s) => s.signer)).toEqual(['Nguyễn Văn Ký', 'Sở Thử nghiệm']);
    expect(verifyPdf(second.pdf, [root.pem]).signatures).toEqual(v.signatures);
    // The hashes given are the ones checked: a wrong one is a broken signature, not ignored.
    expect(verifyPdf(second.pdf, [root.pem], [second.rangeHashes[0]!, sha(Buffer.from('x'))]).verdict).toBe('broken');
  });
});

describe('the signer’s block located with PDF.js', () => {
  it('leaves the engine’s own JSON and Array.prototype.push in place (core-js in PDF.js’s legacy build replaces them for the whole process)', async () => {
    const own = { parse: JSON.parse, stringify: JSON.stringify, push: Array.prototype.push };
    const pdf = await renderOfficialPdf({ issuer: 'SỞ THỬ NGHIỆM', symbol: 'Số:        /STN', placeDate: 'Đồng Nai, ngày      tháng      năm 2026', title: 'CÔNG VĂN', subtitle: 'V/v thử', paragraphs: ['Nội dung.'], signer: { position: 'Giám đốc', name: 'Nguyễn Văn Ký' } });
    const layout = await locateLayout(pdf, 'Nguyễn Văn Ký');
    expect(layout.number).not.toBeNull();
    expect(layout.day).not.toBeNull();
    expect(JSON.parse).toBe(own.parse);
    expect(JSON.stringify).toBe(own.stringify);
    expect(Array.prototype.push).toBe(own.push);
    // What PDF.js needs that Node 20 lacks stays.
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function');
  });
});
