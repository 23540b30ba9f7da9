import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { campaignOrgState, regulationState, statusLinkProblem } from '../src/domain/legal.js';

/**
 * The IT legal library, its dissemination campaigns and the agencies' internal regulations,
 * as the IT department (cntt.skhcn), agencies and the public portal meet them over HTTP, on
 * the demo province.
 */

let s: TestServer;
let itDept: Client, sytSpecialist: Client, sytLeader: Client, catSpecialist: Client, sytClerk: Client;

beforeAll(async () => {
  s = await startServer();
  [itDept, sytSpecialist, sytLeader, catSpecialist, sytClerk] = await Promise.all([
    signIn(s.url, 'cntt.skhcn'),
    signIn(s.url, 'chuyenvien.syt'),
    signIn(s.url, 'lanhdao.syt'),
    signIn(s.url, 'chuyenvien.cat'),
    signIn(s.url, 'vanthu.syt'),
  ]);
});
afterAll(() => s.close());

const org = (key: string) => s.ids.get(key)!;
const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);
async function sheetRows(raw: ArrayBuffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe('the legal library', () => {
  it('lists the starting set to any signed-in user and finds texts without their marks', async () => {
    const all = await catSpecialist.get('/api/v1/legal/texts');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(13);
    expect(all.body.items.map((t: any) => t.number)).toEqual(expect.arrayContaining(['67/2006/QH11', '20/2023/QH15', '30/2020/NĐ-CP', '42/2022/NĐ-CP', '85/2016/NĐ-CP']));
    const amended = all.body.items.find((t: any) => t.number === '73/2019/NĐ-CP');
    expect(amended).toMatchObject({ status: 'amended', linked: { number: '82/2024/NĐ-CP' } });
    const folded = await catSpecialist.get(`/api/v1/legal/texts?q=${encodeURIComponent('giao dich dien tu')}`);
    expect(folded.body.items.map((t: any) => t.number)).toEqual(['20/2023/QH15']);
    // đ ≈ d, either way round, and the number's own letters.
    const byNumber = await catSpecialist.get(`/api/v1/legal/texts?q=${encodeURIComponent('85/2016/ND-CP')}`);
    expect(byNumber.body.items.map((t: any) => t.number)).toEqual(['85/2016/NĐ-CP']);
    const decrees = await catSpecialist.get('/api/v1/legal/texts?type=decree&status=in_force');
    expect(decrees.body.items.every((t: any) => t.type === 'decree' && t.status === 'in_force')).toBe(true);
    const file = await catSpecialist.get(`/api/v1/legal/texts/${byNumber.body.items[0].id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(file.raw).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is kept by the IT department only; a replaced text names its replacement and shows on it', async () => {
    const body = { number: '53/2022/NĐ-CP', type: 'decree', issuer: 'Chính phủ', title: 'Nghị định thử nghiệm thay thế', issuedOn: '15/08/2022', effectiveOn: '01/10/2022' };
    expect((await sytLeader.post('/api/v1/legal/texts', body)).status).toBe(403);
    const created = await itDept.post('/api/v1/legal/texts', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ issuedOn: '2022-08-15', effectiveOn: '2022-10-01', status: 'in_force', file: null });
    expect((await itDept.post('/api/v1/legal/texts', body)).status).toBe(409);
    expect((await itDept.post('/api/v1/legal/texts', { ...body, number: 'x/1', effectiveOn: '2022-01-01' })).status).toBe(400);

    // The file is checked by its content: a PNG named .pdf is refused, a PDF kept.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
    const refused = await itDept.upload(`/api/v1/legal/texts/${created.body.id}/file`, 'nghi-dinh.pdf', png);
    expect(refused.status).toBe(415);
    expect(refused.body.error.message).toContain('PDF');
    expect((await sytLeader.upload(`/api/v1/legal/texts/${created.body.id}/file`, 'nghi-dinh.pdf', pdfBytes())).status).toBe(403);
    const uploaded = await itDept.upload(`/api/v1/legal/texts/${created.body.id}/file`, 'Nghị định 53.pdf', pdfBytes('53/2022'));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    expect(uploaded.body.file).toMatchObject({ fileName: 'Nghị định 53.pdf' });

    const old = (await itDept.get(`/api/v1/legal/texts?q=${encodeURIComponent('85/2016')}`)).body.items[0];
    const textOf = (t: any) => ({ number: t.number, type: t.type, issuer: t.issuer, title: t.title, summary: t.summary, issuedOn: t.issuedOn, effectiveOn: t.effectiveOn });
    const noLink = await put(itDept, `/api/v1/legal/texts/${old.id}`, { ...textOf(old), status: 'replaced' });
    expect(noLink.status).toBe(400);
    expect(noLink.body.error.field).toBe('linkedId');
    const replaced = await put(itDept, `/api/v1/legal/texts/${old.id}`, { ...textOf(old), status: 'replaced', linkedId: created.body.id });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.linked).toMatchObject({ id: created.body.id, number: '53/2022/NĐ-CP' });
    const successor = await catSpecialist.get(`/api/v1/legal/texts/${created.body.id}`);
    expect(successor.body.successors).toEqual([expect.objectContaining({ id: old.id, number: '85/2016/NĐ-CP', status: 'replaced' })]);
    // A loop of replacements is refused.
    const loop = await put(itDept, `/api/v1/legal/texts/${created.body.id}`, { ...textOf(created.body), status: 'replaced', linkedId: old.id });
    expect(loop.status).toBe(400);

    // The public portal lists texts in force with their files, not the replaced one; no script needed.
    const page = await fetch(`${s.url}/van-ban-phap-luat`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('53/2022/NĐ-CP');
    expect(html).toContain('20/2023/QH15');
    expect(html).not.toContain('85/2016/NĐ-CP');
    expect(html).not.toContain('<script');
    expect(html).toContain('href="/van-ban-phap-luat" aria-current="page"');
    const searched = await (await fetch(`${s.url}/van-ban-phap-luat?q=${encodeURIComponent('an toan thong tin')}`)).text();
    expect(searched).toContain('86/2015/QH13');
    expect(searched).not.toContain('67/2006/QH11');
    const link = /href="(\/van-ban-phap-luat\/\d+\/tep\/[^"]+)"/.exec(html)![1]!;
    const download = await fetch(s.url + link);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(`${s.url}/van-ban-phap-luat/${old.id}/tep/x.pdf`)).status).toBe(404);
    expect((await fetch(`${s.url}/van-ban-phap-luat?loai=bogus`)).status).toBe(400);
    expect((await fetch(`${s.url}/api/v1/legal/texts`)).status).toBe(401);
  });
});

describe('dissemination campaigns', () => {
  it('shows the demo campaign: who reported, late or not at all, and exports it', async () => {
    const list = await itDept.get('/api/v1/legal/campaigns');
    expect(list.body.items).toHaveLength(1);
    const c = await itDept.get(`/api/v1/legal/campaigns/${list.body.items[0].id}`);
    expect(c.status).toBe(200);
    expect(c.body.letter.symbol).toMatch(/\/SKHCN$/);
    const state = Object.fromEntries(c.body.agencies.map((a: any) => [a.name, a.state]));
    expect(state['Sở Y tế']).toBe('reported');
    expect(state['Ủy ban nhân dân phường Trấn Biên']).toBe('reported_late');
    expect(state['Sở Công Thương']).toBe('overdue');
    expect(c.body.counts).toEqual({ reported: 3, reported_late: 1, pending: 0, overdue: 6 });
    expect(c.body.agencies.find((a: any) => a.name === 'Sở Y tế').peopleReached).toBe(180);
    const xlsx = await itDept.get(`/api/v1/legal/campaigns/${c.body.id}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    const rows = await sheetRows(xlsx.raw);
    expect(rows[0]![0]).toContain('KẾT QUẢ PHỔ BIẾN');
    expect(rows.find((r) => r[1] === 'Sở Công Thương')![2]).toBe('Quá hạn chưa báo cáo');
    expect(rows.find((r) => r[1] === 'Sở Y tế')![4]).toBe('Hội nghị');
    // An agency not asked does not see it; one asked sees only its own row.
    expect((await catSpecialist.get(`/api/v1/legal/campaigns/${c.body.id}`)).status).toBe(404);
    expect((await catSpecialist.get('/api/v1/legal/campaigns')).body.items).toEqual([]);
    const own = await sytSpecialist.get(`/api/v1/legal/campaigns/${c.body.id}`);
    expect(own.body.agencies.map((a: any) => a.name)).toEqual(['Sở Y tế']);
  });

  it('sends the request as an official letter; an agency reports with evidence from its own registers', async () => {
    const texts = (await itDept.get('/api/v1/legal/texts?q=luat')).body.items.map((t: any) => t.id).slice(0, 2);
    expect((await sytLeader.post('/api/v1/legal/campaigns', { title: 'x', deadline: '2099-01-01', textIds: texts, orgIds: [org('syt')] })).status).toBe(403);
    const past = await itDept.post('/api/v1/legal/campaigns', { title: 'x', deadline: '01/01/2020', textIds: texts, orgIds: [org('syt')] });
    expect(past.status).toBe(400);
    const created = await itDept.post('/api/v1/legal/campaigns', { title: 'Phổ biến Luật An toàn thông tin mạng', deadline: '2099-12-31', textIds: texts, orgIds: [org('syt'), org('stc')] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.counts).toMatchObject({ pending: 2 });
    // The letter is an issued document of the IT department, in the recipients' inboxes with its PDF.
    const letterId = created.body.letter.documentId;
    const inbox = await s.ctx.db.kysely.selectFrom('inbox_items').select('org_id').where('document_id', '=', letterId).execute();
    expect(inbox.map((i) => i.org_id).sort()).toEqual([org('syt'), org('stc')].sort());
    const letter = await sytClerk.get(`/api/v1/documents/${letterId}`);
    expect(letter.status).toBe(200);
    expect(letter.body.attachments[0].fileName).toBe('cong-van-pho-bien-van-ban.pdf');

    // Evidence: a document of another agency's registers is refused; the letter received is in syt's.
    const foreign = await s.ctx.db.kysely
      .selectFrom('documents')
      .select('id')
      .where('org_id', '=', org('cat'))
      .where('state', '=', 'issued')
      .where('id', 'not in', s.ctx.db.kysely.selectFrom('inbox_items').select('document_id').where('org_id', '=', org('syt')))
      .executeTakeFirst();
    if (foreign) {
      const bad = await sytSpecialist.post(`/api/v1/legal/campaigns/${created.body.id}/reports`, { heldOn: '2026-01-01', form: 'training', peopleReached: 10, evidenceDocumentId: foreign.id });
      expect(bad.status).toBe(400);
    }
    const today = new Date().toISOString().slice(0, 10);
    const future = await sytSpecialist.post(`/api/v1/legal/campaigns/${created.body.id}/reports`, { heldOn: '2099-01-01', form: 'training', peopleReached: 10 });
    expect(future.status).toBe(400);
    const report = await sytSpecialist.post(`/api/v1/legal/campaigns/${created.body.id}/reports`, { heldOn: today, form: 'training', peopleReached: 40, note: 'Tập huấn', evidenceDocumentId: letterId });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const syt = report.body.agencies.find((a: any) => a.orgId === org('syt'));
    expect(syt).toMatchObject({ state: 'reported', peopleReached: 40 });
    expect(syt.reports[0].evidence).toMatchObject({ documentId: letterId, symbol: created.body.letter.symbol });
    expect((await catSpecialist.post(`/api/v1/legal/campaigns/${created.body.id}/reports`, { heldOn: today, form: 'training', peopleReached: 1 })).status).toBe(404);
    expect((await itDept.post(`/api/v1/legal/campaigns/${created.body.id}/reports`, { heldOn: today, form: 'training', peopleReached: 1 })).status).toBe(403);
    expect((await sytSpecialist.post(`/api/v1/legal/campaigns/${created.body.id}/reports`, { heldOn: today, form: 'radio', peopleReached: 1 })).status).toBe(400);
    const progress = await itDept.get(`/api/v1/legal/campaigns/${created.body.id}`);
    expect(progress.body.counts).toMatchObject({ reported: 1, pending: 1 });
  });
});

describe('internal regulations', () => {
  it('lists every agency for the IT department; those without one or overdue for review are one filter away', async () => {
    const all = await itDept.get('/api/v1/legal/regulations');
    expect(all.status).toBe(200);
    const syt = all.body.items.find((r: any) => r.orgId === org('syt'));
    expect(syt.attention).toBe(false);
    expect(syt.regulations.map((c: any) => c.state)).toEqual(['issued', 'issued', 'issued']);
    // Number and date come from the decision, a document of the exchange.
    const decision = await sytLeader.get(`/api/v1/documents/${syt.regulations[0].decision.documentId}`);
    expect(syt.regulations[0].decision).toMatchObject({ symbol: decision.body.symbol, docDate: decision.body.docDate });
    const stc = all.body.items.find((r: any) => r.orgId === org('stc'));
    expect(stc.regulations.map((c: any) => c.state)).toEqual(['missing', 'review_overdue', 'issued']);
    const attention = await itDept.get('/api/v1/legal/regulations?attention=true');
    expect(attention.body.items.length).toBe(attention.body.attention);
    expect(attention.body.items.map((r: any) => r.orgId)).toContain(org('stc'));
    expect(attention.body.items.map((r: any) => r.orgId)).not.toContain(org('syt'));
    expect(attention.body.items.map((r: any) => r.orgId)).not.toContain(org('vpubnd'));
    const xlsx = await itDept.get('/api/v1/legal/regulations/export.xlsx?attention=true');
    const rows = await sheetRows(xlsx.raw);
    expect(rows[0]![0]).toContain('CHƯA CÓ QUY CHẾ');
    expect(rows.find((r) => r[1] === 'Sở Tài chính')!.slice(2, 6)).toEqual(['Chưa ban hành', '', '', 'Quá hạn rà soát']);
    // An agency sees its own row only.
    expect((await catSpecialist.get('/api/v1/legal/regulations')).body.items.map((r: any) => r.orgId)).toEqual([org('cat')]);
  });

  it("an agency records its regulation on its own issued decision; another agency's is 404", async () => {
    const catLeader = await signIn(s.url, 'lanhdao.cat');
    const draft = await catLeader.post('/api/v1/documents', { typeCode: 'QD', summary: 'Ban hành Quy chế sử dụng mạng nội bộ', signerName: 'Nguyễn Văn Đức', signerPosition: 'Giám đốc', recipients: [] });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const notIssued = await put(catLeader, `/api/v1/legal/regulations/${org('cat')}/intranet`, { decisionDocumentId: draft.body.id });
    expect(notIssued.status).toBe(422);
    const catClerk = await signIn(s.url, 'vanthu.cat');
    expect((await catClerk.issue(draft.body.id)).status).toBe(200);
    const sytDecision = (await itDept.get('/api/v1/legal/regulations')).body.items.find((r: any) => r.orgId === org('syt')).regulations[0].decision.documentId;
    expect((await put(catLeader, `/api/v1/legal/regulations/${org('cat')}/intranet`, { decisionDocumentId: sytDecision })).status).toBe(400);
    expect((await put(catLeader, `/api/v1/legal/regulations/${org('syt')}/intranet`, { decisionDocumentId: draft.body.id })).status).toBe(404);
    expect((await put(itDept, `/api/v1/legal/regulations/${org('cat')}/intranet`, { decisionDocumentId: draft.body.id })).status).toBe(403);
    const set = await put(catLeader, `/api/v1/legal/regulations/${org('cat')}/intranet`, { decisionDocumentId: draft.body.id, nextReview: '31/12/2099' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.regulations[0]).toMatchObject({ kind: 'intranet', state: 'issued', nextReview: '2099-12-31', decision: { documentId: draft.body.id } });
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select('action').where('action', '=', 'legal.regulation.set').where('org_id', '=', org('cat')).execute();
    expect(audit).toHaveLength(1);
  });
});

describe("a text's own page", () => {
  it('shows its status both ways (what replaces it, what it replaces), its file and the campaigns the caller sees', async () => {
    const demo = (await itDept.get('/api/v1/legal/campaigns')).body.items.at(-1);
    const campaign = (await itDept.get(`/api/v1/legal/campaigns/${demo.id}`)).body;
    const textId = campaign.texts[0].id;
    const forIt = await itDept.get(`/api/v1/legal/texts/${textId}`);
    expect(forIt.status).toBe(200);
    expect(forIt.body.campaigns).toEqual(expect.arrayContaining([expect.objectContaining({ id: demo.id, title: campaign.title, deadline: campaign.deadline })]));
    // An agency asked in the campaign sees it on the text; one not asked reads the text without it.
    expect((await sytSpecialist.get(`/api/v1/legal/texts/${textId}`)).body.campaigns.map((c: any) => c.id)).toContain(demo.id);
    const forCat = await catSpecialist.get(`/api/v1/legal/texts/${textId}`);
    expect(forCat.status).toBe(200);
    expect(forCat.body.campaigns).toEqual([]);
    expect((await catSpecialist.get('/api/v1/legal/texts/99999999')).status).toBe(404);

    const [oldT, newT] = await Promise.all(['85/2016', '53/2022'].map(async (n) => (await itDept.get(`/api/v1/legal/texts?q=${encodeURIComponent(n)}`)).body.items[0]));
    expect(oldT).toMatchObject({ status: 'replaced', linked: { id: newT.id } });
    expect((await catSpecialist.get(`/api/v1/legal/texts/${newT.id}`)).body.successors).toEqual([expect.objectContaining({ id: oldT.id, status: 'replaced' })]);

    // The portal: each text in force links to its page; a page says what replaces it and what it replaces, no script.
    const list = await (await fetch(`${s.url}/van-ban-phap-luat`)).text();
    expect(list).toContain(`href="/van-ban-phap-luat/${newT.id}"`);
    const page = await fetch(`${s.url}/van-ban-phap-luat/${newT.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Nghị định 53/2022/NĐ-CP</h1>');
    expect(html).toContain('<dt>Văn bản này thay thế</dt>');
    expect(html).toContain(`<a href="/van-ban-phap-luat/${oldT.id}">85/2016/NĐ-CP</a>`);
    expect(html).toMatch(new RegExp(`href="/van-ban-phap-luat/${newT.id}/tep/[^"]+" download`));
    expect(html).toContain(`hreflang="en" href="/en/legal-texts/${newT.id}"`);
    expect(html).not.toContain('<script');
    const old = await (await fetch(`${s.url}/van-ban-phap-luat/${oldT.id}`)).text();
    expect(old).toContain('<dt>Được thay thế bởi</dt>');
    expect(old).toContain(`<a href="/van-ban-phap-luat/${newT.id}">53/2022/NĐ-CP</a>`);
    expect(old).toContain('Văn bản đã hết hiệu lực');
    expect(old).not.toContain('/tep/');
    expect((await fetch(`${s.url}/van-ban-phap-luat/abc`)).status).toBe(404);
    expect((await fetch(`${s.url}/van-ban-phap-luat/99999999`)).status).toBe(404);
  });

  it('the portal library in English: labels in English, titles as issued, a language switch both ways', async () => {
    const vi = await (await fetch(`${s.url}/van-ban-phap-luat`)).text();
    expect(vi).toMatch(/<a class="lang" href="\/en\/legal-texts"/);
    const res = await fetch(`${s.url}/en/legal-texts`);
    expect(res.status).toBe(200);
    const en = await res.text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h1>IT legal texts</h1>');
    expect(en).toContain('href="/en/legal-texts" aria-current="page"');
    expect(en).toMatch(/<a class="lang" href="\/van-ban-phap-luat"/);
    expect(en).toContain('<th scope="col">Issued by</th>');
    // The texts' own titles stay Vietnamese, marked as such.
    expect(en).toContain('<span lang="vi">Luật Giao dịch điện tử</span>');
    expect(en).toContain('>Law 20/2023/QH15</a>');
    expect(en).not.toContain('85/2016/NĐ-CP');
    const searched = await (await fetch(`${s.url}/en/legal-texts?q=${encodeURIComponent('giao dich dien tu')}`)).text();
    expect(searched).toContain('1 text in force.');
    const id = /href="\/en\/legal-texts\/(\d+)"/.exec(en)![1]!;
    const one = await (await fetch(`${s.url}/en/legal-texts/${id}`)).text();
    expect(one).toContain('<dt>Issued by</dt>');
    expect(one).toMatch(new RegExp(`<a class="lang" href="/van-ban-phap-luat/${id}"`));
    expect(await (await fetch(`${s.url}/en/`)).text()).toContain('href="/en/legal-texts"');
    const missing = await fetch(`${s.url}/en/legal-texts/99999999`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<html lang="en">');
  });
});

describe('the sitemap', () => {
  it('names the library in both languages and every text\'s page; a text added shows at once', async () => {
    const locs = async () => [...(await (await fetch(`${s.url}/sitemap.xml`)).text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    const before = await locs();
    expect(before).toEqual(expect.arrayContaining(['/van-ban-phap-luat', '/en/legal-texts', '/thu-tuc']));
    const all = (await itDept.get('/api/v1/legal/texts?limit=200')).body.items as { id: number; status: string }[];
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const t of all) expect(before).toEqual(expect.arrayContaining([`/van-ban-phap-luat/${t.id}`, `/en/legal-texts/${t.id}`]));
    // Every page it names answers 200, a replaced text's page too (it says what replaces it).
    const named = before.filter((p) => p.startsWith('/van-ban-phap-luat/') || p.startsWith('/en/legal-texts/'));
    const codes = await Promise.all(named.map(async (p) => (await fetch(`${s.url}${p}`)).status));
    expect(codes.every((c) => c === 200), named.filter((_, i) => codes[i] !== 200).join(' ')).toBe(true);

    const created = await itDept.post('/api/v1/legal/texts', { number: '99/2026/TT-BKHCN', type: 'circular', issuer: 'Bộ Khoa học và Công nghệ', title: 'Thông tư thử sơ đồ trang', issuedOn: '01/02/2026', effectiveOn: '15/03/2026' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const after = await locs();
    expect(after).toEqual(expect.arrayContaining([`/van-ban-phap-luat/${created.body.id}`, `/en/legal-texts/${created.body.id}`]));
    expect(after.length).toBe(before.length + 2);
  });
});

describe('the rules', () => {
  it('campaign and regulation states, and which status needs a link', () => {
    expect(campaignOrgState('2026-03-31', '2026-03-31', '2026-04-05')).toBe('reported');
    expect(campaignOrgState('2026-03-31', '2026-04-01', '2026-04-05')).toBe('reported_late');
    expect(campaignOrgState('2026-03-31', null, '2026-03-31')).toBe('pending');
    expect(campaignOrgState('2026-03-31', null, '2026-04-01')).toBe('overdue');
    expect(regulationState(false, null, '2026-01-01')).toBe('missing');
    expect(regulationState(true, null, '2026-01-01')).toBe('issued');
    expect(regulationState(true, '2025-12-31', '2026-01-01')).toBe('review_overdue');
    expect(regulationState(true, '2026-01-20', '2026-01-01')).toBe('review_due');
    expect(regulationState(true, '2026-06-01', '2026-01-01')).toBe('issued');
    expect(statusLinkProblem('replaced', null)).not.toBeNull();
    expect(statusLinkProblem('amended', 3)).toBeNull();
    expect(statusLinkProblem('in_force', 3)).not.toBeNull();
    expect(statusLinkProblem('replaced', 3, 3)).not.toBeNull();
  });
});
