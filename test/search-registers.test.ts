import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { SEARCH_WINDOWS } from '../src/modules/documents/queries.js';

let s: TestServer;
let clerkA: Client, clerkB: Client, leaderB: Client, clerkOther: Client;
const ids: Record<string, number> = {};

async function issue(c: Client, body: Record<string, unknown>) {
  const d = await c.post('/api/v1/documents', body);
  expect(d.status).toBe(201);
  const r = await c.issue(d.body.id);
  expect(r.status).toBe(200);
  return { id: d.body.id as number, ...r.body };
}

beforeAll(async () => {
  s = await startServer();
  ids.directive = (await s.ctx.db.kysely.selectFrom('documents').select('id').where('type_code', '=', 'CT').executeTakeFirstOrThrow()).id;
  [clerkA, clerkB, leaderB, clerkOther] = await Promise.all([signIn(s.url, 'vanthu.snv'), signIn(s.url, 'vanthu.stc'), signIn(s.url, 'lanhdao.stc'), signIn(s.url, 'vanthu.syt')]);
  const stc = s.ids.get('stc')!;
  ids.ct = (await issue(clerkA, { typeCode: 'CT', summary: 'Chỉ thị về đẩy mạnh ứng dụng CNTT trong cơ quan nhà nước', signerName: 'Phạm Đình Đông', urgency: 'hoa_toc', recipients: [stc] })).id;
  ids.dn = (await issue(clerkA, { typeCode: 'CV', summary: 'Về việc tổ chức hội nghị tại tỉnh Đồng Nai', signerName: 'Hoàng Văn Đạo', dueDate: '2020-01-15', recipients: [stc] })).id;
  ids.own = (await issue(clerkA, { typeCode: 'KH', summary: 'Kế hoạch đào tạo nội bộ', signerName: 'Đặng Minh Khoa' })).id;
});
afterAll(() => s.close());

// The demo's directive (a Chỉ thị on CNTT sent to every agency) is left out of the comparisons.
const found = async (c: Client, query: string) => {
  const res = await c.get(`/api/v1/search?${query}`);
  expect(res.status).toBe(200);
  return (res.body.items as any[]).map((i) => i.id).filter((id) => id !== ids.directive);
};

describe('search', () => {
  it('ignores diacritics and case: "chi thi cntt" finds "Chỉ thị … CNTT", "dong nai" finds "Đồng Nai"', async () => {
    expect(await found(clerkA, 'q=chi%20thi%20cntt')).toEqual([ids.ct]);
    expect(await found(clerkA, 'q=dong%20nai')).toEqual([ids.dn]);
    expect(await found(clerkA, 'q=%C4%90%E1%BB%92NG%20NAI')).toEqual([ids.dn]); // "ĐỒNG NAI"
    expect(await found(clerkB, 'q=dong%20nai')).toEqual([ids.dn]); // the recipient too
  });

  it('matches number, symbol and signer, and a word being typed', async () => {
    const doc = await clerkA.get(`/api/v1/documents/${ids.ct}`);
    const [num] = doc.body.symbol.split('/');
    expect(await found(clerkA, `q=${encodeURIComponent(doc.body.symbol)}`)).toContain(ids.ct);
    expect(await found(clerkA, `q=${num}%20CT-SNV`)).toContain(ids.ct);
    expect(await found(clerkA, 'q=dang%20minh%20khoa')).toEqual([ids.own]);
    expect(await found(clerkA, 'q=hoi%20ngh')).toEqual([ids.dn]);
  });

  it('never shows what the agency may not see', async () => {
    expect(await found(clerkOther, 'q=dong%20nai')).toEqual([]);
    expect(await found(clerkB, 'q=dao%20tao')).toEqual([]); // SNV kept it to itself
    expect(await found(clerkOther, 'typeCode=CT')).toEqual([]);
    const all = await clerkOther.get('/api/v1/search?q=chi%20thi%20cntt');
    expect(all.body.items.map((i: any) => i.id)).toEqual([ids.directive]); // what SYT did receive
  });

  it('filters by type, urgency, direction, sender, recipient, dates and overdue', async () => {
    expect(await found(clerkA, 'typeCode=CT')).toEqual([ids.ct]);
    expect(await found(clerkB, 'urgency=hoa_toc')).toEqual([ids.ct]);
    expect((await found(clerkA, 'direction=outgoing')).sort()).toEqual([ids.ct, ids.dn, ids.own].sort());
    expect(await found(clerkA, 'direction=incoming')).toEqual([]);
    const draft = await clerkA.post('/api/v1/documents', { typeCode: 'TB', summary: 'Thông báo còn là dự thảo' });
    expect(await found(clerkA, 'state=draft')).toEqual([draft.body.id]);
    expect(await found(clerkB, 'q=du%20thao')).toEqual([]);
    expect((await found(clerkB, `senderOrgId=${s.ids.get('snv')}`)).sort()).toEqual([ids.ct, ids.dn].sort());
    expect((await found(clerkA, `recipientOrgId=${s.ids.get('stc')}`)).sort()).toEqual([ids.ct, ids.dn].sort());
    expect(await found(clerkB, 'overdue=true')).toEqual([ids.dn]);
    expect(await found(clerkB, 'status=01&q=chi%20thi')).toEqual([ids.ct]);
    expect(await found(clerkA, 'from=01/01/2000&to=02/01/2000')).toEqual([]);
    const bad = await clerkA.get('/api/v1/search?from=32/13/2026');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('from');
  });

  it('gives the same pages when the newest documents are searched first, in windows of ids widened until a page is full', async () => {
    for (let n = 1; n <= 5; n++) expect((await clerkA.post('/api/v1/documents', { typeCode: 'TB', summary: `Thông báo lịch trực cơ quan tuần ${n}` })).status).toBe(201);
    const queries = ['q=lich%20truc&limit=2', 'q=lich%20truc&limit=2&offset=2', 'q=lich%20truc&limit=2&offset=4', 'q=dong%20nai', 'q=chi%20thi&limit=1'];
    const pages = () => Promise.all(queries.map(async (q) => (await clerkA.get(`/api/v1/search?${q}`)).body));
    const whole = await pages();
    expect(whole.slice(0, 3).map((p) => p.items.length)).toEqual([2, 2, 1]); // a page needs more than one window
    expect(whole[0].hasMore).toBe(true);
    const saved = [...SEARCH_WINDOWS];
    SEARCH_WINDOWS.splice(0, saved.length, 1, 4); // windows of 1 and 4 ids: every query widens at least once
    try {
      expect(await pages()).toEqual(whole);
    } finally {
      SEARCH_WINDOWS.splice(0, SEARCH_WINDOWS.length, ...saved);
    }
  });
});

describe('registers and overdue work', () => {
  it('lists the outgoing register in the ten-column book and exports CSV and XLSX', async () => {
    const book = await clerkA.get('/api/v1/registers/outgoing');
    expect(book.status).toBe(200);
    expect(book.body.columns).toHaveLength(10);
    const row = book.body.rows.find((r: string[]) => r[2]!.includes('Chỉ thị về đẩy mạnh'));
    expect(row[0]).toMatch(/\/CT-SNV$/);
    expect(row[1]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(row[3]).toContain('Phạm Đình Đông');
    expect(row[4]).toBe('Sở Tài chính');

    const csv = await clerkA.get('/api/v1/registers/outgoing?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = Buffer.from(csv.raw).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('(1) Số, ký hiệu văn bản');
    expect(text).toContain('Kế hoạch đào tạo nội bộ');

    const xlsx = await clerkA.get('/api/v1/registers/outgoing?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw);
    const ws = wb.worksheets[0]!;
    const values = ws.getSheetValues().flat().map(String);
    expect(values.some((v) => v.includes('Về việc tổ chức hội nghị tại tỉnh Đồng Nai'))).toBe(true);
  });

  it('writes the incoming register with arrival numbers and the lead handler', async () => {
    const inbox = await clerkB.get('/api/v1/inbox');
    const item = inbox.body.items.find((i: any) => i.documentId === ids.ct);
    const reg = await clerkB.post(`/api/v1/inbox/${item.itemId}/receive`);
    const users = await leaderB.get('/api/v1/users');
    const cv = users.body.find((u: any) => u.username === 'chuyenvien.stc');
    await leaderB.post(`/api/v1/inbox/${item.itemId}/assign`, { assignees: [{ userId: cv.id, role: 'lead', deadline: '2020-02-01' }] });
    const book = await clerkB.get('/api/v1/registers/incoming');
    const row = book.body.rows.find((r: string[]) => r[1] === String(reg.body.arrivalNumber));
    expect(row[2]).toBe('Sở Nội vụ');
    expect(row[6]).toBe(cv.fullName);
    expect(row[9]).toBe('Văn bản điện tử');
    const other = await clerkOther.get('/api/v1/registers/incoming');
    expect(other.body.rows.some((r: string[]) => r[5]!.includes('Chỉ thị về đẩy mạnh'))).toBe(false);
  });

  it('lists overdue items per organisation and per person', async () => {
    const od = await leaderB.get('/api/v1/overdue');
    expect(od.body.organisation.items.map((i: any) => i.documentId).sort()).toEqual([ids.ct, ids.dn].sort());
    const person = od.body.people.find((p: any) => p.items.some((i: any) => i.documentId === ids.ct));
    expect(person.fullName).toBeTruthy();
    expect(person.items[0].daysLate).toBeGreaterThan(0);
    expect((await clerkA.get('/api/v1/overdue')).body.organisation.count).toBe(0);
  });
});
