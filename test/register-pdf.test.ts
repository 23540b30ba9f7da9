import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { localYear } from '../src/domain/numbering.js';
import { OUTGOING_COLUMNS, INCOMING_COLUMNS } from '../src/modules/documents/registers.js';

let s: TestServer;
let clerk: Client, clerkStc: Client;
let work: string;
const issued: { id: number; symbol: string; summary: string }[] = [];
const LONG = 'Về việc triển khai thực hiện Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 – 2025, tầm nhìn đến năm 2030 trên địa bàn tỉnh Đồng Nai, bảo đảm đồng bộ, thống nhất, hiệu quả';

beforeAll(async () => {
  s = await startServer();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-book-'));
  [clerk, clerkStc] = await Promise.all([signIn(s.url, 'vanthu.snv'), signIn(s.url, 'vanthu.stc')]);
  // Enough rows, some long, for the book to run over several pages.
  for (let i = 1; i <= 45; i++) {
    const summary = i % 5 === 0 ? `${LONG} (đợt ${i})` : `Về việc góp ý dự thảo quy chế làm việc của Sở Nội vụ lần ${i}`;
    const d = await clerk.post('/api/v1/documents', { typeCode: i % 3 ? 'CV' : 'KH', summary, signerName: 'Phạm Đình Đông', signerPosition: 'Giám đốc', recipients: [s.ids.get('stc')!, s.ids.get('syt')!], recordKeeper: 'VT, Phòng TCCB', copiesCount: 4 });
    expect(d.status).toBe(201);
    const r = await clerk.issue(d.body.id);
    expect(r.status).toBe(200);
    issued.push({ id: d.body.id, symbol: r.body.symbol, summary });
  }
}, 120_000);
afterAll(async () => {
  await s?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const pdfText = (bytes: ArrayBuffer, name: string, args: string[] = []) => {
  const file = path.join(work, name);
  fs.writeFileSync(file, Buffer.from(bytes));
  return { file, text: execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' }) };
};
/** The text in drawing order, lines joined: a wrapped summary reads as one again. */
const flat = (t: string) => t.replace(/\s+/g, ' ');

describe('the register as a printable book (PDF)', () => {
  it('prints the yearly outgoing register: cover, ten columns on every landscape page, page numbers, wrapped rows', async () => {
    const year = localYear(new Date());
    const res = await clerk.get(`/api/v1/registers/outgoing?format=pdf&year=${year}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`so-van-ban-di-${year}-01-01-${year}-12-31.pdf`);
    const { file, text } = pdfText(res.raw, 'di.pdf', ['-raw']);

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(4); // the cover and at least three pages of rows
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/); // landscape

    const cover = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    expect(cover).toContain('SỞ NỘI VỤ');
    expect(cover).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(cover).toContain(`Năm ${year}`);

    for (let p = 2; p <= pages; p++) {
      const page = flat(execFileSync('pdftotext', ['-raw', '-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' }));
      expect(page, `page ${p}`).toContain(flat(OUTGOING_COLUMNS.join(' ')));
      expect(page).toContain('(1) (2) (3) (4) (5) (6) (7) (8) (9) (10)');
      expect(page).toContain(`Trang ${p - 1}/${pages - 1}`);
    }
    const all = flat(text);
    for (const d of issued) {
      expect(all).toContain(d.symbol);
      expect(all).toContain(d.summary); // whole, with its diacritics, across its wrapped lines
    }
    expect(all).toContain('Sở Tài chính; Sở Y tế');
  });

  it('prints the incoming register with arrival numbers; a bad year is a 400', async () => {
    const inbox = (await clerkStc.get('/api/v1/inbox?limit=200')).body.items.filter((i: any) => issued.some((d) => d.id === i.documentId)).slice(0, 3);
    const numbers: number[] = [];
    for (const i of inbox) numbers.push((await clerkStc.post(`/api/v1/inbox/${i.itemId}/receive`)).body.arrivalNumber);
    const res = await clerkStc.get(`/api/v1/registers/incoming?format=pdf&year=${localYear(new Date())}`);
    expect(res.status).toBe(200);
    const all = flat(pdfText(res.raw, 'den.pdf', ['-raw']).text);
    expect(all).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(all).toContain(flat(INCOMING_COLUMNS.join(' ')));
    for (const [k, i] of inbox.entries()) {
      expect(all).toContain(` ${numbers[k]} Sở Nội vụ ${i.symbol}`); // (2) arrival number, (3) author, (4) number and symbol
      expect(all).toContain(i.summary);
    }
    expect((await clerkStc.get('/api/v1/registers/incoming?format=pdf&year=99')).status).toBe(400);
  });
});
