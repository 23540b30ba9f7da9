import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { renderOfficialPdf } from '../src/modules/pdf/render.js';
import { drainTextJobs } from '../src/modules/documents/text-job.js';

/** A letter whose PDF says what its summary does not. */
const letterPdf = (paragraph: string) =>
  renderOfficialPdf({ issuer: 'SỞ NỘI VỤ', symbol: 'Số: 12/CV-SNV', placeDate: 'Đồng Nai, ngày 05 tháng 12 năm 2026', title: 'CÔNG VĂN', paragraphs: [paragraph], signer: { position: 'GIÁM ĐỐC', name: 'Trần Văn Bình' } });

/** A Word file as Word writes one: the text in runs of word/document.xml. */
function docx(paragraphs: string[]): Buffer {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`).join('');
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
    }),
  );
}

/** A scan: a page with no text on it. */
async function scanPdf() {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 400, height: 600, borderWidth: 2 });
  return Buffer.from(await pdf.save());
}

let s: TestServer;
let snv: Client, stc: Client, syt: Client;
const ids: Record<string, number> = {};

async function draftWith(c: Client, summary: string, files: [string, Buffer][], recipients: number[] = []) {
  const d = await c.post('/api/v1/documents', { typeCode: 'CV', summary, signerName: 'Trần Văn Bình', recipients });
  expect(d.status).toBe(201);
  for (const [name, bytes] of files) expect((await c.upload(`/api/v1/documents/${d.body.id}/attachments`, name, bytes)).status).toBe(201);
  return d.body.id as number;
}

// The demo's directive (on CNTT, with its PDF, sent to every agency) is left out of the comparisons.
const search = async (c: Client, q: string) => {
  const res = await c.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (res.body.items as any[]).filter((i) => i.id !== ids.directive);
};

beforeAll(async () => {
  s = await startServer();
  ids.directive = (await s.ctx.db.kysely.selectFrom('documents').select('id').where('type_code', '=', 'CT').executeTakeFirstOrThrow()).id;
  [snv, stc, syt] = await Promise.all([signIn(s.url, 'vanthu.snv'), signIn(s.url, 'vanthu.stc'), signIn(s.url, 'vanthu.syt')]);
  const stcId = s.ids.get('stc')!;
  ids.sent = await draftWith(snv, 'Về việc triển khai phần mềm', [['cong-van.pdf', await letterPdf('Đề nghị các cơ quan cập nhật Kho dữ liệu dùng chung cấp tỉnh và báo cáo về Sở trước ngày 15/12/2026.')]], [stcId]);
  expect((await snv.issue(ids.sent)).status).toBe(200);
  ids.internal = await draftWith(snv, 'Kế hoạch nội bộ', [
    ['ke-hoach.docx', docx(['Phụ lục kèm theo', `Nâng cấp hạ tầng CNTT của trung tâm tích hợp; mã o${stcId}.`])],
    ['ban-quet.pdf', await scanPdf()],
  ]);
  ids.other = await draftWith(syt, 'Văn bản của Sở Y tế', [['syt.pdf', await letterPdf('Kho dữ liệu dùng chung cấp tỉnh của ngành y tế.')]]);
  // The background job reads the files (what `serve` runs every few seconds).
  await drainTextJobs(s.ctx);
}, 240_000);
afterAll(() => s.close());

describe('search inside the files', () => {
  it('finds a phrase that is only in a PDF attachment, typed without diacritics, with the place shown', async () => {
    const hits = await search(snv, 'kho du lieu dung chung');
    expect(hits.map((h) => h.id)).toEqual([ids.sent]);
    const match = hits[0].contentMatch;
    expect(match.fileName).toBe('cong-van.pdf');
    expect(match.parts.filter((p: any) => p.match).map((p: any) => p.text)).toEqual(['Kho dữ liệu dùng chung']);
    expect(match.parts.map((p: any) => p.text).join('')).toContain('cập nhật Kho dữ liệu dùng chung cấp tỉnh');
    // The agency it was sent to finds it too.
    expect((await search(stc, 'KHO DỮ LIỆU DÙNG CHUNG')).map((h) => h.id)).toEqual([ids.sent]);
  });

  it('finds a word of a DOCX attachment ("CNTT", "ha tang")', async () => {
    expect((await search(snv, 'cntt trung tam tich hop')).map((h) => h.id)).toEqual([ids.internal]);
    const [hit] = await search(snv, 'ha tang');
    expect(hit.id).toBe(ids.internal);
    expect(hit.contentMatch.fileName).toBe('ke-hoach.docx');
    expect(hit.contentMatch.parts.find((p: any) => p.match).text).toBe('hạ tầng');
  });

  it('never shows a document the agency may not see, whatever its files say', async () => {
    // SYT's own letter says the same phrase: each agency finds its own only.
    expect((await search(syt, 'kho du lieu dung chung')).map((h) => h.id)).toEqual([ids.other]);
    expect((await search(stc, 'trung tam tich hop')).map((h) => h.id)).toEqual([]);
    // A file's words cannot pose as the agency's access token.
    expect((await search(stc, `o${s.ids.get('stc')}`)).map((h) => h.id)).not.toContain(ids.internal);
    // Nor does the search leak through the inbox filter.
    const inbox = await stc.get(`/api/v1/inbox?q=${encodeURIComponent('ha tang trung tam tich hop')}`);
    expect(inbox.body.items.filter((i: any) => i.documentId !== ids.directive)).toEqual([]);
  });

  it('reads the files of documents that were there before (the demo directive)', async () => {
    const all = await snv.get(`/api/v1/search?q=${encodeURIComponent('chi thi')}`);
    expect(all.body.items.map((i: any) => i.id)).toContain(ids.directive);
    const doc = await snv.get(`/api/v1/documents/${ids.directive}`);
    expect(doc.body.attachments[0].text.state).toBe('text');
  });

  it('says on the document which file has no text layer', async () => {
    const doc = await snv.get(`/api/v1/documents/${ids.internal}`);
    const byName = Object.fromEntries(doc.body.attachments.map((a: any) => [a.fileName, a.text]));
    expect(byName['ke-hoach.docx'].state).toBe('text');
    expect(byName['ban-quet.pdf'].state).toBe('none');
    expect(byName['ban-quet.pdf'].label).toContain('Không có lớp chữ');
  });

  it('reads a file added later to a document already read', async () => {
    const more = docx(['Bổ sung: danh mục thiết bị camera giám sát giao thông']);
    expect((await snv.upload(`/api/v1/documents/${ids.internal}/attachments`, 'bo-sung.docx', more)).status).toBe(201);
    expect(await search(snv, 'camera giam sat')).toEqual([]);
    await drainTextJobs(s.ctx);
    expect((await search(snv, 'camera giam sat')).map((h) => h.id)).toEqual([ids.internal]);
    // The earlier files are still searched.
    expect((await search(snv, 'ha tang')).map((h) => h.id)).toEqual([ids.internal]);
  });
});
