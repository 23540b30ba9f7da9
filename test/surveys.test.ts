import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { Client, signIn } from './helpers/client.js';
import { checkAnswers, suppressedGroups, type QuestionDef } from '../src/domain/surveys.js';
import { surveyResponseRates } from '../src/modules/surveys/index.js';
import { rebuildTallies } from '../src/modules/surveys/repo.js';

/**
 * The IT-adoption survey as the IT department, enterprises and a portal visitor meet it:
 * the demo's periods, drafting, validation, submitting, returning and resubmitting; versions
 * that never change given answers; aggregates checked against hand computation; the open data
 * that holds no single enterprise's answer.
 */

let s: TestServer;
let it_: Client, hotel: Client, minhphat: Client, admin: Client, specialist: Client;

beforeAll(async () => {
  s = await startServer();
  [it_, hotel, minhphat, admin, specialist] = await Promise.all([signIn(s.url, 'cntt.skhcn'), signIn(s.url, 'dn.khachsanhoabinh'), signIn(s.url, 'dn.minhphat'), signIn(s.url, 'admin'), signIn(s.url, 'chuyenvien.syt')]);
});
afterAll(() => s.close());

const client = (name: string) => signIn(s.url, name);
async function myOpen(c: Client) {
  const list = (await c.get('/api/v1/surveys/my-responses')).body as { id: number; status: string; period: { status: string; code: string } }[];
  return list.find((r) => r.period.status === 'open')!;
}

describe('rules', () => {
  const qs: QuestionDef[] = [
    { code: 'P', section: '', kind: 'percent', textVi: 'Tỷ lệ', textEn: 'Share', required: true },
    { code: 'N', section: '', kind: 'number', textVi: 'Số máy', textEn: 'Computers', required: false },
    { code: 'C', section: '', kind: 'choice', textVi: 'Đám mây', textEn: 'Cloud', required: false, choices: [{ code: 'a', vi: 'A', en: 'A' }, { code: 'b', vi: 'B', en: 'B' }] },
  ];
  it('names the question in Vietnamese and English for each problem', () => {
    const { problems } = checkAnswers(qs, { P: 101, N: -1, C: 'z', X: 1 }, true);
    expect(problems.map((p) => p.code).sort()).toEqual(['C', 'N', 'P', 'X']);
    expect(problems.find((p) => p.code === 'P')!.vi).toBe('Câu 1 "Tỷ lệ": tỷ lệ phải từ 0 đến 100%.');
    expect(problems.find((p) => p.code === 'N')!.en).toContain('Question 2 "Computers": must not be negative');
    expect(checkAnswers(qs, {}, false).problems).toEqual([]);
    expect(checkAnswers(qs, {}, true).problems.map((p) => p.vi)).toEqual(['Câu 1 "Tỷ lệ": bắt buộc trả lời.']);
  });
  it('hides groups under 3 and, when one alone is hidden, the next smallest too', () => {
    expect([...suppressedGroups([{ key: 'a', n: 5 }, { key: 'b', n: 4 }, { key: 'c', n: 2 }])]).toEqual(['c', 'b']);
    expect([...suppressedGroups([{ key: 'a', n: 5 }, { key: 'b', n: 1 }, { key: 'c', n: 2 }, { key: 'd', n: 0 }])].sort()).toEqual(['b', 'c']);
    expect(suppressedGroups([{ key: 'a', n: 3 }, { key: 'b', n: 0 }]).size).toBe(0);
  });
});

describe('the demo province', () => {
  it('has last half-year closed and this one open with a spread of responses', async () => {
    const periods = (await it_.get('/api/v1/surveys/periods')).body;
    expect(periods).toHaveLength(2);
    const [open, closed] = [periods.find((p: any) => p.status === 'open'), periods.find((p: any) => p.status === 'closed')];
    expect(open.asked).toBe(20);
    expect(open.counts).toEqual({ not_started: 3, draft: 4, submitted: 11, returned: 2 });
    expect(open.responseRate).toBe(55);
    expect(open.questionnaire.version).toBe(2);
    expect(closed.counts.submitted).toBe(18);
    expect(closed.questionnaire.version).toBe(1);
    const rates = await surveyResponseRates(s.ctx.db.kysely, 'enterprise');
    expect(rates.map((r) => [r.asked, r.submitted, r.rate])).toEqual([[20, 18, 90], [20, 11, 55]]);
  });

  it('lets only the IT department manage periods and see responses', async () => {
    expect((await hotel.get('/api/v1/surveys/periods')).status).toBe(403);
    expect((await specialist.post('/api/v1/surveys/periods', { code: '2030', name: 'x', questionnaireId: 1, closesOn: '2030-12-31' })).status).toBe(403);
    expect((await new Client(s.url).get('/api/v1/surveys/my-responses')).status).toBe(401);
  });
});

describe('an enterprise answering', () => {
  it('saves a draft, is told exactly what is wrong, submits, is returned and resubmits', async () => {
    const mine = await myOpen(hotel);
    expect(mine.status).toBe('draft');
    const r0 = (await hotel.get(`/api/v1/surveys/responses/${mine.id}`)).body;
    expect(r0.questionnaire.version).toBe(2);
    expect(r0.can).toEqual({ edit: true, submit: true, return: false });

    const bad = await hotel.request('PUT', `/api/v1/surveys/responses/${mine.id}/answers`, { answers: { ...r0.answers, LAO_DONG_KNS: 150 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Câu 4 "Tỷ lệ lao động sử dụng thành thạo máy tính, Internet trong công việc": tỷ lệ phải từ 0 đến 100%.');
    expect(bad.body.error.messageEn).toContain('a percentage must be from 0 to 100');
    const neg = await hotel.request('PUT', `/api/v1/surveys/responses/${mine.id}/answers`, { answers: { MAY_TINH: -3 } });
    expect(neg.body.error.message).toContain('Câu 3 "Số máy tính đang sử dụng": phải là số không âm');
    const choice = await hotel.request('PUT', `/api/v1/surveys/responses/${mine.id}/answers`, { answers: { DIEN_TOAN_DAM_MAY: 'tat_ca' } });
    expect(choice.body.error.message).toContain('phải chọn một trong: Không sử dụng;');

    const missing = await hotel.post(`/api/v1/surveys/responses/${mine.id}/submit`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^Câu \d+ ".+": bắt buộc trả lời\./);

    const full = { LAO_DONG: 40, NV_CNTT: 1, MAY_TINH: 12, THUE_DT: true, HOADON_DT: true, HOPDONG_DT: false, CHU_KY_SO: true, NEN_TANG_SO: true, DIEN_TOAN_DAM_MAY: 'luu_tru', WEBSITE: true, TMDT: true, DOANH_THU_TMDT: 12.5, DN_CONG_NGHE_SO: false, ATTT_PHAN_MEM: true, ATTT_SAO_LUU: false };
    const saved = await hotel.request('PUT', `/api/v1/surveys/responses/${mine.id}/answers`, { answers: full });
    expect(saved.status).toBe(200);
    expect(saved.body.answers.DOANH_THU_TMDT).toBe(12.5);
    const sent = await hotel.post(`/api/v1/surveys/responses/${mine.id}/submit`, {});
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('submitted');
    expect((await hotel.request('PUT', `/api/v1/surveys/responses/${mine.id}/answers`, { answers: full })).status).toBe(409);

    expect((await hotel.post(`/api/v1/surveys/responses/${mine.id}/return`, { comment: 'x' })).status).toBe(403);
    const back = await it_.post(`/api/v1/surveys/responses/${mine.id}/return`, { comment: 'Đề nghị kiểm tra lại số máy tính.' });
    expect(back.body.status).toBe('returned');
    const seen = (await hotel.get(`/api/v1/surveys/responses/${mine.id}`)).body;
    expect(seen.returnComment).toBe('Đề nghị kiểm tra lại số máy tính.');
    expect(seen.can.edit).toBe(true);
    const again = await hotel.post(`/api/v1/surveys/responses/${mine.id}/submit`, { answers: { ...full, MAY_TINH: 14 } });
    expect(again.body.status).toBe('submitted');
    expect(again.body.answers.MAY_TINH).toBe(14);

    // The tallies kept through submit, return and resubmit equal a recount from the answers.
    const period = (await hotel.get(`/api/v1/surveys/responses/${mine.id}`)).body.period.id;
    const kept = (await it_.get(`/api/v1/surveys/periods/${period}/aggregates`)).body;
    await s.ctx.db.kysely.transaction().execute((trx) => rebuildTallies(trx, period));
    expect((await it_.get(`/api/v1/surveys/periods/${period}/aggregates`)).body).toEqual(kept);
    const prov = kept.groups.find((g: any) => g.dimension === 'province');
    expect(prov.questions.find((x: any) => x.code === 'THUE_DT').answered).toBe(12);
  });

  it("answers 404 on another enterprise's response, to read or to write", async () => {
    const theirs = await myOpen(hotel);
    for (const res of [
      await minhphat.get(`/api/v1/surveys/responses/${theirs.id}`),
      await minhphat.request('PUT', `/api/v1/surveys/responses/${theirs.id}/answers`, { answers: {} }),
      await minhphat.post(`/api/v1/surveys/responses/${theirs.id}/submit`, {}),
      await specialist.get(`/api/v1/surveys/responses/${theirs.id}`),
      await minhphat.get(`/api/v1/surveys/responses/999999`),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await new Client(s.url).get(`/api/v1/surveys/responses/${theirs.id}`)).status).toBe(401);
  });
});

describe('versions', () => {
  it('a new version never changes answers given to the earlier one, nor its aggregates', async () => {
    const periods = (await it_.get('/api/v1/surveys/periods')).body;
    const closed = periods.find((p: any) => p.status === 'closed');
    const dntech = await client('dn.dntech');
    const lastOne = ((await dntech.get('/api/v1/surveys/my-responses')).body as any[]).find((r) => r.period.id === closed.id);
    const before = (await dntech.get(`/api/v1/surveys/responses/${lastOne.id}`)).body;
    const aggBefore = (await it_.get(`/api/v1/surveys/periods/${closed.id}/aggregates`)).body;
    expect(before.questionnaire.version).toBe(1);

    const v1 = (await it_.get(`/api/v1/surveys/questionnaires/${closed.questionnaire.id}`)).body;
    const changed = v1.questions
      .filter((q: any) => q.code !== 'MAY_TINH')
      .map((q: any) => ({ code: q.code, section: q.section, kind: q.kind, textVi: q.code === 'NV_CNTT' ? 'Số người làm CNTT (kể cả kiêm nhiệm)' : q.textVi, required: q.required, ...(q.kind === 'choice' ? { choices: q.code === 'DIEN_TOAN_DAM_MAY' ? [{ code: 'co', vi: 'Có' }, { code: 'khong', vi: 'Không' }] : q.choices } : {}) }));
    const v3 = await it_.post('/api/v1/surveys/questionnaires', { code: 'DN-CDS', audience: 'enterprise', titleVi: v1.titleVi, questions: changed });
    expect(v3.status).toBe(201);
    expect(v3.body.version).toBe(3);

    const after = (await dntech.get(`/api/v1/surveys/responses/${lastOne.id}`)).body;
    expect(after.questionnaire).toEqual(before.questionnaire);
    expect(after.answers).toEqual(before.answers);
    expect(after.answers.MAY_TINH).toBeTypeOf('number');
    expect((await it_.get(`/api/v1/surveys/periods/${closed.id}/aggregates`)).body).toEqual(aggBefore);
    const list = (await it_.get('/api/v1/surveys/questionnaires')).body.filter((q: any) => q.code === 'DN-CDS').map((q: any) => q.version);
    expect(list).toEqual([3, 2, 1]);
  });
});

describe('aggregates and open data', () => {
  it('match hand computation, and the public export shows no single enterprise nor groups under 3', async () => {
    const q = await it_.post('/api/v1/surveys/questionnaires', {
      code: 'TEST-AGG',
      audience: 'enterprise',
      titleVi: 'Phiếu thử tổng hợp',
      questions: [
        { code: 'HD', kind: 'yes_no', textVi: 'Dùng hóa đơn điện tử', required: true },
        { code: 'MT', kind: 'number', textVi: 'Số máy tính', required: true },
        { code: 'TL', kind: 'percent', textVi: 'Tỷ lệ doanh thu TMĐT', required: false },
        { code: 'DM', kind: 'choice', textVi: 'Đám mây', required: true, choices: [{ code: 'khong', vi: 'Không' }, { code: 'co', vi: 'Có' }] },
        { code: 'YK', kind: 'text', textVi: 'Ý kiến', required: false },
      ],
    });
    expect(q.status).toBe(201);
    const period = await it_.post('/api/v1/surveys/periods', { code: '2027', name: 'Khảo sát thử năm 2027', questionnaireId: q.body.id, closesOn: '31/12/2027' });
    expect(period.status).toBe(201);
    expect(period.body.asked).toBe(20);
    const pid = period.body.id;
    // sector J: dntech, viettel (Trấn Biên), vnpt, phanmemdongxanh (Tam Hiệp); sector G: coopdn (Trấn Biên)
    const given: [string, Record<string, unknown>][] = [
      ['dn.dntech', { HD: true, MT: 50, TL: 10, DM: 'co', YK: 'Bí mật của DNTECH' }],
      ['dn.viettel', { HD: true, MT: 401, TL: 30, DM: 'co' }],
      ['dn.vnpt', { HD: false, MT: 300, DM: 'khong' }],
      ['dn.phanmemdongxanh', { HD: true, MT: 9, TL: 50, DM: 'co' }],
      ['dn.coopdn', { HD: false, MT: 777, TL: 2, DM: 'khong' }],
    ];
    for (const [user, answers] of given) {
      const c = await client(user);
      const r = ((await c.get('/api/v1/surveys/my-responses')).body as any[]).find((x) => x.period.id === pid);
      const res = await c.post(`/api/v1/surveys/responses/${r.id}/submit`, { answers });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // One draft never counts.
    const draftOf = ((await minhphat.get('/api/v1/surveys/my-responses')).body as any[]).find((x) => x.period.id === pid);
    await minhphat.request('PUT', `/api/v1/surveys/responses/${draftOf.id}/answers`, { answers: { HD: true, MT: 100000 } });

    const agg = (await it_.get(`/api/v1/surveys/periods/${pid}/aggregates`)).body;
    expect([agg.asked, agg.submitted, agg.responseRate]).toEqual([20, 5, 25]);
    const group = (dim: string, key: string) => agg.groups.find((g: any) => g.dimension === dim && g.key === key);
    const qa = (g: any, code: string) => g.questions.find((x: any) => x.code === code);
    const prov = group('province', '');
    expect(qa(prov, 'HD')).toMatchObject({ answered: 5, yes: 3, yesShare: 60 });
    expect(qa(prov, 'MT')).toMatchObject({ answered: 5, total: 1537, mean: 307.4 }); // 50+401+300+9+777
    expect(qa(prov, 'TL')).toMatchObject({ answered: 4, mean: 23 }); // (10+30+50+2)/4
    expect(qa(prov, 'DM').choices).toEqual([{ code: 'khong', count: 2, share: 40 }, { code: 'co', count: 3, share: 60 }]);
    expect(prov.questions.map((x: any) => x.code)).not.toContain('YK');
    const j = group('sector', 'J');
    expect([j.asked, j.submitted, j.responseRate]).toEqual([4, 4, 100]);
    expect(qa(j, 'MT')).toMatchObject({ total: 760, mean: 190 });
    expect(qa(j, 'TL')).toMatchObject({ answered: 3, mean: 30 });
    expect(group('sector', 'G')).toMatchObject({ asked: 3, submitted: 1, small: true });
    expect(qa(group('commune', 'Phường Trấn Biên'), 'MT')).toMatchObject({ answered: 3, total: 1228 });

    // Not published while open.
    const openJson = (await new Client(s.url).get('/du-lieu-mo/khao-sat.json')).body;
    expect(openJson.periods.map((p: any) => p.code)).not.toContain('2027');
    await it_.post(`/api/v1/surveys/periods/${pid}/close`, {});

    const pub = await new Client(s.url).get('/du-lieu-mo/khao-sat.json');
    expect(pub.status).toBe(200);
    const mine = pub.body.periods.find((p: any) => p.code === '2027');
    const pg = (dim: string, key: string) => mine.groups.find((g: any) => g.dimension === dim && g.key === key);
    expect(pg('province', '').questions.find((x: any) => x.code === 'MT')).toMatchObject({ total: 1537 });
    // G has one enterprise: hidden; J would give G away by subtraction from the total: hidden too.
    expect(pg('sector', 'G')).toMatchObject({ suppressed: true, questions: [] });
    expect(pg('sector', 'J')).toMatchObject({ suppressed: true, questions: [] });
    // Tam Hiệp has two: hidden, and Trấn Biên with it.
    expect(pg('commune', 'Phường Tam Hiệp').suppressed).toBe(true);
    expect(pg('commune', 'Phường Trấn Biên').suppressed).toBe(true);
    for (const g of mine.groups) for (const x of g.questions) expect(x.suppressed || x.answered === 0 || x.answered >= 3).toBe(true);

    const csv = await new Client(s.url).get('/du-lieu-mo/khao-sat.csv');
    const page = await new Client(s.url).get('/du-lieu-mo/khao-sat');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const texts = [JSON.stringify(pub.body), Buffer.from(csv.raw).toString('utf8'), String(page.body)];
    const names = (await it_.get('/api/v1/surveys/enterprises')).body as any[];
    expect(names).toHaveLength(20);
    for (const t of texts) {
      for (const e of names) {
        expect(t).not.toContain(e.taxCode);
        expect(t).not.toContain(e.name);
      }
      expect(t).not.toContain('Bí mật của DNTECH');
      // Single answers (777 computers of one enterprise, 401 of another) appear only summed.
      expect(t).not.toMatch(/\b(777|401)\b/);
    }
    // The demo's closed period is published with its groups of 3 or more.
    const demo = pub.body.periods.find((p: any) => p.code !== '2027');
    expect(demo.groups.filter((g: any) => !g.suppressed && g.dimension === 'sector').length).toBeGreaterThan(0);
    for (const g of demo.groups) if (!g.suppressed && g.dimension !== 'province') expect(g.submitted).toBeGreaterThanOrEqual(3);
  });

  it('are published in English too, with the language switch both ways and the same groups hidden; reclosing republishes', async () => {
    const visitor = new Client(s.url);
    const en = await visitor.get('/en/open-data/it-survey');
    expect(en.status).toBe(200);
    expect(en.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = String(en.body);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>IT adoption and digital transformation survey</h1>');
    expect(page).toContain('<a class="lang" href="/du-lieu-mo/khao-sat" lang="vi" hreflang="vi">Tiếng Việt</a>');
    const vi = String((await visitor.get('/du-lieu-mo/khao-sat')).body);
    expect(vi).toContain('<a class="lang" href="/en/open-data/it-survey" lang="en" hreflang="en">English</a>');
    expect(String((await visitor.get('/en/')).body)).toContain('href="/en/open-data/it-survey"');

    // The test period: province figures in English number format, G and J hidden as in the JSON.
    const section = page.slice(page.indexOf('<section aria-labelledby="ky-2027">'));
    const period = section.slice(0, section.indexOf('</section>'));
    expect(period).toContain('Asked: 20; responded: 5; response rate: 25%.');
    expect(period).toContain('total 1,537, average 307.4');
    expect(period).toContain('60% answered yes');
    const row = (label: string) => period.slice(period.indexOf(`<th scope="row">${label}`)).split('</tr>')[0]!;
    expect(row('G — Wholesale and retail trade')).toContain('hidden (fewer than 3 responses)');
    expect(row('J — Information and communication')).toContain('hidden (fewer than 3 responses)');
    expect(row('Tam Hiep Ward')).toContain('hidden (fewer than 3 responses)');
    expect(row('Tran Bien Ward')).toContain('hidden (fewer than 3 responses)');
    const names = (await it_.get('/api/v1/surveys/enterprises')).body as any[];
    for (const e of names) {
      expect(page).not.toContain(e.taxCode);
      expect(page).not.toContain(e.name);
    }
    expect(page).not.toMatch(/\b(777|401)\b/);

    // Reopened, one more response, closed again: the portal publishes the new figures, not the first closing's.
    const pid = (await it_.get('/api/v1/surveys/periods')).body.find((p: any) => p.code === '2027').id;
    expect((await it_.post(`/api/v1/surveys/periods/${pid}/reopen`, { closesOn: '31/12/2027' })).status).toBe(200);
    expect(String((await visitor.get('/en/open-data/it-survey')).body)).not.toContain('ky-2027');
    const draft = ((await minhphat.get('/api/v1/surveys/my-responses')).body as any[]).find((x) => x.period.id === pid);
    expect((await minhphat.post(`/api/v1/surveys/responses/${draft.id}/submit`, { answers: { HD: true, MT: 100000, DM: 'co' } })).status).toBe(200);
    expect((await it_.post(`/api/v1/surveys/periods/${pid}/close`, {})).status).toBe(200);
    const again = String((await visitor.get('/en/open-data/it-survey')).body);
    expect(again).toContain('Asked: 20; responded: 6; response rate: 30%.');
    expect(again).toContain('total 101,537');
    const json = (await visitor.get('/du-lieu-mo/khao-sat.json')).body.periods.find((p: any) => p.code === '2027');
    expect(json.submitted).toBe(6);
    // Minh Phát joins Co.op in G: two, still hidden.
    expect(json.groups.find((g: any) => g.dimension === 'sector' && g.key === 'G')).toMatchObject({ submitted: 2, suppressed: true, questions: [] });
  });
});

describe('registration', () => {
  it('the province administrator registers an enterprise and its user, who then sees only its own', async () => {
    const bad = await admin.post('/api/v1/surveys/enterprises', { name: 'Công ty TNHH Mới', shortName: 'MOI', taxCode: '123', sectorCode: 'C', commune: 'Xã Long Thành', size: 'small' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Mã số thuế gồm 10 chữ số');
    expect((await it_.post('/api/v1/surveys/enterprises', { name: 'X', shortName: 'X', taxCode: '3600999999', sectorCode: 'C', commune: 'Xã Long Thành', size: 'small' })).status).toBe(403);
    const made = await admin.post('/api/v1/surveys/enterprises', {
      name: 'Công ty TNHH Gốm Biên Hòa', shortName: 'GOMBH', taxCode: '3600999999', sectorCode: 'C', commune: 'Phường Trấn Biên', size: 'small', employees: 30,
      user: { username: 'dn.gombienhoa', fullName: 'Nguyễn Văn Gốm', password: 'Gom-BienHoa-2026!' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ taxCode: '3600999999', sectorCode: 'C', active: true });
    expect((await admin.post('/api/v1/surveys/enterprises', { name: 'Trùng', shortName: 'TRUNG', taxCode: '3600999999', sectorCode: 'C', commune: 'x', size: 'small' })).status).toBe(409);
    const gom = await signIn(s.url, 'dn.gombienhoa', 'Gom-BienHoa-2026!');
    expect((await gom.get(`/api/v1/surveys/enterprises/${made.body.orgId}`)).status).toBe(200);
    expect((await minhphat.get(`/api/v1/surveys/enterprises/${made.body.orgId}`)).status).toBe(404);
    expect((await gom.get('/api/v1/surveys/my-responses')).body).toEqual([]);
  });
});

describe('enterprise import (lienthong enterprise import)', () => {
  it('registers each line with its user, skips known tax codes and names the bad line', async () => {
    const { importEnterprisesCsv } = await import('../src/modules/surveys/import.js');
    const { loadActor } = await import('../src/modules/auth/service.js');
    const adminId = (await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    const adminActor = (await loadActor(s.ctx, adminId, 'system'))!;
    const csv = [
      'name,short_name,tax_code,sector,commune,size,employees,username,full_name,password',
      'Công ty TNHH Nội thất Tân Hòa,TANHOA,3601111111,C,Xã Trảng Bom,small,22,dn.tanhoa,Lê Văn Hòa,',
      'Công ty Cổ phần Du lịch Sông Đồng Nai,DLSDN,3601111112,I,Phường Trấn Biên,medium,,,,',
      'Công ty TNHH Thương mại Minh Phát,MINHPHAT,3600123461,G,Phường Long Bình,micro,8,,,',
    ].join('\n');
    const r = await importEnterprisesCsv(s.ctx, adminActor, csv);
    expect(r.created.map((c) => c.taxCode)).toEqual(['3601111111', '3601111112']);
    expect(r.skipped).toBe(1);
    expect(r.created[0]!.password).toMatch(/.{16,}/);
    await signIn(s.url, 'dn.tanhoa', r.created[0]!.password!);
    await expect(importEnterprisesCsv(s.ctx, adminActor, 'name,short_name,tax_code,sector,commune,size\nCông ty X,X,3601111113,Z,Xã A,small\n')).rejects.toMatchObject({ messageVi: expect.stringMatching(/^Dòng 2: Ngành kinh tế \(VSIC\) phải là một trong/) });
  });
});

describe('public units', () => {
  it('answer their own questionnaire on the same engine: leaders and specialists, not clerks', async () => {
    const dv = ((await it_.get('/api/v1/surveys/questionnaires')).body as any[]).find((q) => q.code === 'DV-CNTT');
    const period = await it_.post('/api/v1/surveys/periods', { code: '2026', name: 'Khảo sát cơ quan năm 2026', questionnaireId: dv.id, closesOn: '2026-12-31' });
    expect(period.status).toBe(201);
    expect(period.body.audience).toBe('public_unit');
    expect(period.body.asked).toBeGreaterThan(15);
    const mine = ((await specialist.get('/api/v1/surveys/my-responses')).body as any[]).find((r) => r.period.id === period.body.id);
    const clerk = await client('vanthu.syt');
    expect((await clerk.post(`/api/v1/surveys/responses/${mine.id}/submit`, { answers: {} })).status).toBe(403);
    expect((await hotel.get(`/api/v1/surveys/responses/${mine.id}`)).status).toBe(404);
    const done = await specialist.post(`/api/v1/surveys/responses/${mine.id}/submit`, { answers: { CAN_BO: 120, CHUYEN_TRACH: 2, MAY_TINH: 130, KY_SO: true, DAM_MAY: true, ATTT_CAP_DO: false } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const agg = (await it_.get(`/api/v1/surveys/periods/${period.body.id}/aggregates`)).body;
    expect(agg.groups.map((g: any) => g.dimension)).toEqual(['province']);
    expect(agg.submitted).toBe(1);
  });
});

describe('registration in one transaction, and the profile kept up to date', () => {
  it('a refused first user leaves no organisation behind', async () => {
    const before = ((await admin.get('/api/v1/organizations?kind=enterprise&includeInactive=true')).body as any[]).length;
    const taken = await admin.post('/api/v1/surveys/enterprises', {
      name: 'Công ty TNHH Trùng Tên', shortName: 'TRUNGTEN', taxCode: '3600888888', sectorCode: 'G', commune: 'Xã Long Thành', size: 'micro',
      user: { username: 'dn.minhphat', fullName: 'Người Trùng', password: 'Trung-Ten-2026!' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('dn.minhphat');
    expect(((await admin.get('/api/v1/organizations?kind=enterprise&includeInactive=true')).body as any[]).length).toBe(before);
    // The tax code is free again: nothing of the refused registration stayed.
    expect((await admin.post('/api/v1/surveys/enterprises', { name: 'Công ty TNHH Trùng Tên', shortName: 'TRUNGTEN', taxCode: '3600888888', sectorCode: 'G', commune: 'Xã Long Thành', size: 'micro' })).status).toBe(201);
  });

  it('the enterprise edits its own profile, not its tax code nor its name; the IT department may; others get 404', async () => {
    const mine = ((await it_.get('/api/v1/surveys/enterprises')).body as any[]).find((e) => e.taxCode === '3600123461');
    expect(mine.name).toContain('Minh Phát');
    const edited = await minhphat.patch(`/api/v1/surveys/enterprises/${mine.orgId}`, { sectorCode: 'J', employees: 12, phone: '0251 3822 999' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ sectorCode: 'J', employees: 12, phone: '0251 3822 999', taxCode: '3600123461' });
    expect((await minhphat.patch(`/api/v1/surveys/enterprises/${mine.orgId}`, { taxCode: '3600123469' })).status).toBe(403);
    expect((await minhphat.patch(`/api/v1/surveys/enterprises/${mine.orgId}`, { name: 'Tên khác' })).status).toBe(403);
    const bad = await minhphat.patch(`/api/v1/surveys/enterprises/${mine.orgId}`, { employees: -1 });
    expect(bad.status).toBe(400);
    expect((await hotel.patch(`/api/v1/surveys/enterprises/${mine.orgId}`, { sectorCode: 'C' })).status).toBe(404);
    expect((await it_.patch(`/api/v1/surveys/enterprises/${mine.orgId}`, { sectorCode: 'G' })).body.sectorCode).toBe('G');
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select('action').where('action', '=', 'enterprise.update').execute();
    expect(audit.length).toBe(2);
  });
});

describe('periods: reopening, the responses a page at a time, the aggregates as files', () => {
  it('reopens a closed period with a new closing date; only the IT department; not an open one', async () => {
    const periods = (await it_.get('/api/v1/surveys/periods')).body as any[];
    const closed = periods.find((p) => p.status === 'closed' && p.code === '2026-H1') ?? periods.find((p) => p.status === 'closed');
    expect((await hotel.post(`/api/v1/surveys/periods/${closed.id}/reopen`, {})).status).toBe(403);
    expect((await it_.post(`/api/v1/surveys/periods/${closed.id}/reopen`, { closesOn: '01/01/2020' })).status).toBe(400);
    const again = await it_.post(`/api/v1/surveys/periods/${closed.id}/reopen`, { closesOn: '31/12/2030' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ status: 'open', closesOn: '2030-12-31', closedAt: null });
    expect((await it_.post(`/api/v1/surveys/periods/${closed.id}/reopen`, {})).status).toBe(409);
    expect((await it_.post(`/api/v1/surveys/periods/${closed.id}/close`, {})).body.status).toBe('closed');
  });

  it('pages the responses with the total the filters leave', async () => {
    const open = ((await it_.get('/api/v1/surveys/periods')).body as any[]).find((p) => p.status === 'open' && p.audience === 'enterprise');
    const first = (await it_.get(`/api/v1/surveys/periods/${open.id}/responses?limit=7`)).body;
    expect(first.total).toBe(open.asked);
    expect(first.items).toHaveLength(7);
    const rest = (await it_.get(`/api/v1/surveys/periods/${open.id}/responses?limit=7&offset=7`)).body;
    expect(new Set([...first.items, ...rest.items].map((r: any) => r.id)).size).toBe(14);
    const submitted = (await it_.get(`/api/v1/surveys/periods/${open.id}/responses?status=submitted&limit=200`)).body;
    expect(submitted.total).toBe(open.counts.submitted);
    expect(submitted.items.every((r: any) => r.status === 'submitted')).toBe(true);
    expect((await it_.get(`/api/v1/surveys/periods/${open.id}/responses?limit=500`)).status).toBe(400);
  });

  it('exports the aggregates as XLSX and PDF, to the IT department only', async () => {
    const closed = ((await it_.get('/api/v1/surveys/periods')).body as any[]).find((p) => p.status === 'closed' && p.questionnaire.code === 'DN-CDS');
    const x = await it_.get(`/api/v1/surveys/periods/${closed.id}/aggregates.xlsx`);
    expect(x.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Toan tinh', 'Theo nganh', 'Theo xa phuong']);
    const agg = (await it_.get(`/api/v1/surveys/periods/${closed.id}/aggregates`)).body;
    const province = agg.groups.find((g: any) => g.dimension === 'province');
    const sheet = wb.getWorksheet('Toan tinh')!;
    expect(sheet.getRow(5).getCell(3).value).toBe(province.submitted);
    const head = Array.from(sheet.getRow(4).values as unknown[], (h) => String(h ?? ''));
    const col = head.findIndex((h) => h.startsWith('Doanh nghiệp sử dụng hóa đơn điện tử — tỷ lệ Có'));
    expect(sheet.getRow(5).getCell(col).value).toBe(province.questions.find((q: any) => q.code === 'HOADON_DT').yesShare);
    const p = await it_.get(`/api/v1/surveys/periods/${closed.id}/aggregates.pdf`);
    expect(p.status).toBe(200);
    expect(Buffer.from(p.raw).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await hotel.get(`/api/v1/surveys/periods/${closed.id}/aggregates.xlsx`)).status).toBe(403);
  });
});

describe('migration 027', () => {
  it('gives an enterprise registered before the surveys an incomplete profile, which it completes, and is then asked', async () => {
    const at = new Date().toISOString();
    const org = await s.ctx.db.kysely.insertInto('organizations').values({ code: null, name: 'Công ty TNHH Cũ Trước Khảo Sát', short_name: 'CUTRUOC', kind: 'enterprise', parent_id: null, email: null, address: null, phone: null, website: null, active: 1, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    const { up } = await import('../src/db/migrations/028-enterprise-profiles-backfill.js');
    await up(s.ctx.db.kysely, s.ctx.db.dialect);
    await up(s.ctx.db.kysely, s.ctx.db.dialect); // again: nothing twice
    const listed = ((await it_.get('/api/v1/surveys/enterprises')).body as any[]).filter((e) => e.orgId === org.id);
    expect(listed).toEqual([expect.objectContaining({ complete: false, taxCode: '', sectorCode: '', commune: '' })]);
    const done = await it_.patch(`/api/v1/surveys/enterprises/${org.id}`, { taxCode: '3609999001', sectorCode: 'F', commune: 'Xã Trảng Bom', size: 'small' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.complete).toBe(true);
  });
});

describe('an enterprise added in the directory', () => {
  it('gets its survey profile whichever screen adds it: the organisation tree, a CSV import, the enterprises screen', async () => {
    const asked = async () => ((await it_.get('/api/v1/surveys/enterprises')).body as any[]).map((e) => e.orgId);
    const before = await asked();

    // The organisation tree's API (POST /organizations, kind enterprise): an incomplete profile in the same transaction.
    const province = ((await admin.get('/api/v1/organizations')).body as any[]).find((o) => o.kind === 'province').id;
    const tree = await admin.post('/api/v1/organizations', { name: 'Công ty CP Cơ khí Hố Nai', shortName: 'CKHONAI', kind: 'enterprise', parentId: province, email: 'lienhe@ckhonai.vn' });
    expect(tree.status, JSON.stringify(tree.body)).toBe(201);
    const fromTree = ((await it_.get('/api/v1/surveys/enterprises')).body as any[]).find((e) => e.orgId === tree.body.id);
    expect(fromTree).toMatchObject({ name: 'Công ty CP Cơ khí Hố Nai', email: 'lienhe@ckhonai.vn', complete: false, taxCode: '', sectorCode: '', commune: '' });

    // An agency or a unit gets none.
    const unit = await admin.post('/api/v1/organizations', { name: 'Phòng Thử nghiệm', shortName: 'PTN', kind: 'unit', parentId: s.ids.get('skhcn') });
    expect(unit.status).toBe(201);
    expect((await asked()).includes(unit.body.id)).toBe(false);

    // A CSV import of the directory: the same.
    const csv = 'code,name,short_name,kind,parent_id,parent_code,email\n,Công ty TNHH Nhập Tệp,NHAPTEP,enterprise,,,\n';
    const imported = await admin.request('POST', '/api/v1/organizations/import', csv, { 'content-type': 'text/csv' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const fromCsv = ((await it_.get('/api/v1/surveys/enterprises')).body as any[]).find((e) => e.name === 'Công ty TNHH Nhập Tệp');
    expect(fromCsv).toMatchObject({ complete: false });

    // The enterprises screen over the same hook: one complete profile, not two.
    const reg = await admin.post('/api/v1/surveys/enterprises', { name: 'Công ty TNHH Đăng Ký Đủ', shortName: 'DANGKYDU', taxCode: '3600888001', sectorCode: 'J', commune: 'Phường Trấn Biên', size: 'small' });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    expect(reg.body).toMatchObject({ complete: true, taxCode: '3600888001' });
    expect((await asked()).filter((id) => id === reg.body.orgId)).toHaveLength(1);
    expect((await asked()).length).toBe(before.length + 3);

    // Completed by the IT department, the tree's enterprise is asked by the next period opened.
    expect((await it_.patch(`/api/v1/surveys/enterprises/${tree.body.id}`, { taxCode: '3600888002', sectorCode: 'C', commune: 'Phường Hố Nai', size: 'medium' })).status).toBe(200);
    const qid = ((await it_.get('/api/v1/surveys/questionnaires')).body as any[]).find((x) => x.code === 'DN-CDS').id;
    const period = await it_.post('/api/v1/surveys/periods', { code: '2031', name: 'Khảo sát năm 2031', questionnaireId: qid, closesOn: '31/12/2031' });
    expect(period.status, JSON.stringify(period.body)).toBe(201);
    const responses = (await it_.get(`/api/v1/surveys/periods/${period.body.id}/responses?limit=200`)).body.items as any[];
    expect(responses.find((r) => r.orgId === tree.body.id)).toMatchObject({ sectorCode: 'C', commune: 'Phường Hố Nai' });
    // The CSV's enterprise, still incomplete, is not asked yet.
    expect(responses.find((r) => r.orgId === fromCsv.orgId)).toBeUndefined();
  });
});

describe('the portal links the survey pages', () => {
  it('from the English menu, the open data pages and the sitemap', async () => {
    const visitor = new Client(s.url);
    const home = String((await visitor.get('/en/')).body);
    expect(home).toContain('<li><a href="/en/open-data">Open data</a></li>');
    expect(home).not.toContain('(Vietnamese)</a></li></ul></nav>');
    const open = await visitor.get('/en/open-data');
    expect(open.status).toBe(200);
    const page = String(open.body);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<a href="/en/open-data" aria-current="page">Open data</a>');
    expect(page).toContain('<a href="/en/open-data/it-survey">Page</a>');
    expect(page).toContain('<a class="lang" href="/du-lieu-mo" lang="vi" hreflang="vi">Tiếng Việt</a>');
    expect(String((await visitor.get('/du-lieu-mo')).body)).toContain('<a class="lang" href="/en/open-data" lang="en" hreflang="en">English</a>');
    // The survey's English page sits under Open data in the menu and the breadcrumb.
    const survey = String((await visitor.get('/en/open-data/it-survey')).body);
    expect(survey).toContain('<a href="/en/open-data" aria-current="page">Open data</a>');
    expect(survey).toContain('<li><a href="/en/open-data">Open data</a></li><li aria-current="page">IT adoption and digital transformation survey</li>');
    const map = String((await visitor.get('/sitemap.xml')).body);
    for (const path of ['/du-lieu-mo/khao-sat', '/en/open-data/it-survey', '/en/open-data']) expect(map).toMatch(new RegExp(`<loc>https?://[^<]+${path}</loc>`));
  });
});
