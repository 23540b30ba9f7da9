import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { loadActor } from '../src/modules/auth/service.js';
import { issueOfficialLetter } from '../src/modules/documents/index.js';
import type { Actor } from '../src/modules/context.js';
import { addDisbursement, allocateCapital, registerProject } from '../src/modules/projects/service.js';
import { provinceDisbursement } from '../src/modules/projects/queries.js';
import { PROJECT_STAGES } from '../src/domain/projects.js';

/**
 * IT projects as the investing agency (Sở Y tế), Finance, the IT department (CIO) and
 * outsiders meet them: a project through every stage on decisions of the exchange, a
 * re-baseline and the variance against both baselines, ratings, flags that appear and clear
 * as the clock moves, exact money at 10^15 đồng, who may do what, and what the public sees.
 */

let s: TestServer;
let syt: Client, sytClerk: Client, finance: Client, cio: Client, outsider: Client;
const actors = new Map<string, Actor>();

beforeAll(async () => {
  // Sessions outlive the months the clock jumps through here.
  s = await startServer({ env: { SESSION_HOURS: String(24 * 400) } });
  [syt, sytClerk, finance, cio, outsider] = await Promise.all([signIn(s.url, 'chuyenvien.syt'), signIn(s.url, 'vanthu.syt'), signIn(s.url, 'taichinh.stc'), signIn(s.url, 'cntt.skhcn'), signIn(s.url, 'chuyenvien.snv')]);
  for (const u of ['vanthu.ubnd', 'lanhdao.skhcn', 'chuyenvien.syt', 'taichinh.stc']) {
    const row = await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow();
    actors.set(u, (await loadActor(s.ctx, row.id, 'system'))!);
  }
});
afterAll(() => s.close());

const org = (key: string) => s.ids.get(key)!;
async function at(iso: string) {
  s.clock.now = new Date(iso);
}

/** A decision of the People's Committee sent to the health department and Finance through the exchange. */
async function ubndDecision(summary: string, typeCode = 'QD'): Promise<number> {
  const l = await issueOfficialLetter(s.ctx, actors.get('vanthu.ubnd')!, { typeCode, summary, recipients: [org('syt'), org('stc')], signerName: 'Võ Tấn Đức', signerPosition: 'Phó Chủ tịch', signerCompetence: 'KT.', files: [] });
  return l.documentId;
}

const SCHEDULE = [
  { code: 'M1', name: 'Khảo sát, thiết kế chi tiết', plannedStart: '01/01/2027', plannedEnd: '31/03/2027', plannedCost: '1.000.000.000' },
  { code: 'M2', name: 'Xây dựng phần mềm', plannedStart: '01/04/2027', plannedEnd: '30/09/2027', plannedCost: '3.000.000.000' },
  { code: 'M3', name: 'Triển khai, nghiệm thu', plannedStart: '01/10/2027', plannedEnd: '30/06/2028', plannedCost: '6.000.000.000' },
];

describe('an IT project', () => {
  let id: number;

  it('goes through every stage, each on a decision picked from the exchange, with appraisal asked and answered', async () => {
    await at('2027-01-05T02:00:00Z');
    const policy = await ubndDecision('Phê duyệt chủ trương đầu tư dự án Hệ thống thông tin y tế cơ sở');
    const newProject = {
      code: 'DA-2027-YTCS',
      name: 'Hệ thống thông tin y tế cơ sở',
      investingOrgId: org('syt'),
      managingOrgId: org('skhcn'),
      group: 'C',
      kind: 'investment',
      sources: ['public_investment'],
      totalInvestment: '12.000.000.000',
      startYear: 2027,
      endYear: 2028,
    };
    // A letter (công văn) is no policy decision: refused in both languages, nothing registered.
    const letter = await ubndDecision('Về việc chuẩn bị đầu tư dự án Hệ thống thông tin y tế cơ sở', 'CV');
    const unfit = await syt.post('/api/v1/projects', { ...newProject, policyDocumentId: letter });
    expect(unfit.status).toBe(422);
    expect(unfit.body.error).toMatchObject({ code: 'document_type_unfit', field: 'policyDocumentId' });
    expect(unfit.body.error.message).toContain('loại Quyết định, Nghị quyết');
    expect(unfit.body.error.messageEn).toContain('of type Quyết định (QĐ), Nghị quyết (NQ)');
    expect((await syt.get('/api/v1/projects?q=DA-2027-YTCS')).body.total).toBe(0);
    const created = await syt.post('/api/v1/projects', { ...newProject, policyDocumentId: policy });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    expect(created.body.stage).toBe('policy');
    const policyDoc = (await syt.get(`/api/v1/documents/${policy}`)).body;
    // Number, date and signer come from the document, never retyped.
    expect(created.body.stages[0].document).toMatchObject({ id: policy, symbol: policyDoc.symbol, signerName: 'Võ Tấn Đức' });

    const move = (stage: string, documentId: number) => syt.post(`/api/v1/projects/${id}/stages`, { stage, documentId });
    // A stage cannot be skipped; a document the agency never received cannot be used.
    expect((await move('appraisal', policy)).status).toBe(400);
    const foreign = await issueOfficialLetter(s.ctx, actors.get('vanthu.ubnd')!, { typeCode: 'QD', summary: 'Quyết định gửi Sở Nội vụ', recipients: [org('snv')], signerName: 'Võ Tấn Đức', files: [] });
    expect((await move('feasibility', foreign.documentId)).status).toBe(400);

    // A stage takes a document of a type that fits it: a report (báo cáo) does not assign the feasibility report.
    const report = await move('feasibility', await ubndDecision('Báo cáo tình hình chuẩn bị đầu tư', 'BC'));
    expect(report.status).toBe(422);
    expect(report.body.error).toMatchObject({ code: 'document_type_unfit', field: 'documentId' });
    expect(report.body.error.message).toMatch(/cần văn bản giao lập báo cáo nghiên cứu khả thi .* — loại Công văn, Quyết định, Kế hoạch\.$/);
    expect((await syt.get(`/api/v1/projects/${id}`)).body.stages).toHaveLength(1);
    expect((await move('feasibility', await ubndDecision('Giao lập báo cáo kinh tế - kỹ thuật', 'CV'))).status).toBe(200);
    expect((await move('appraisal', await ubndDecision('Trình thẩm định báo cáo kinh tế - kỹ thuật', 'CV'))).status).toBe(200);

    // The appraisal request is a real letter: numbered in the health department's register, in the IT department's inbox.
    const asked = await syt.post(`/api/v1/projects/${id}/appraisals`, { kind: 'technical', appraisingOrgId: org('skhcn'), content: 'Đề nghị thẩm định thiết kế cơ sở.', signerName: 'Nguyễn Văn Đức' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.symbol).toMatch(/\/TTr-SYT$/);
    const itClerk = await signIn(s.url, 'vanthu.skhcn');
    const inbox = await itClerk.get('/api/v1/inbox?limit=20');
    expect(inbox.body.items.some((i: { documentId: number }) => i.documentId === asked.body.documentId)).toBe(true);
    // Not past appraisal before the answer.
    expect((await move('investment_decision', policy)).status).toBe(422);
    const reply = await issueOfficialLetter(s.ctx, actors.get('lanhdao.skhcn')!, { typeCode: 'CV', summary: 'Kết quả thẩm định thiết kế cơ sở', recipients: [org('syt')], signerName: 'Lê Minh Đạt', replyToId: asked.body.documentId, files: [] });
    let detail = (await syt.get(`/api/v1/projects/${id}`)).body;
    const appraisalId = detail.appraisals[0].id;
    // The request itself (a tờ trình) is no answer; nor a letter the appraiser did not issue.
    const ownRequest = await cio.post(`/api/v1/projects/${id}/appraisals/${appraisalId}/answer`, { documentId: asked.body.documentId, conclusion: 'Đạt' });
    expect(ownRequest.status).toBe(422);
    expect(ownRequest.body.error.messageEn).toContain('of type Công văn, Thông báo (TB), Báo cáo (BC)');
    const ubndLetter = await issueOfficialLetter(s.ctx, actors.get('vanthu.ubnd')!, { typeCode: 'CV', summary: 'Ý kiến về dự án', recipients: [org('skhcn')], signerName: 'Võ Tấn Đức', files: [] });
    expect((await cio.post(`/api/v1/projects/${id}/appraisals/${appraisalId}/answer`, { documentId: ubndLetter.documentId, conclusion: 'Đạt' })).status).toBe(400);
    const closed = await cio.post(`/api/v1/projects/${id}/appraisals/${appraisalId}/answer`, { documentId: reply.documentId, conclusion: 'Thiết kế cơ sở phù hợp Kiến trúc chính quyền số.' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.appraisals[0]).toMatchObject({ closedAt: expect.any(String), reply: { id: reply.documentId, symbol: reply.symbol } });

    const decision = await ubndDecision('Phê duyệt dự án Hệ thống thông tin y tế cơ sở');
    // The investment decision is a decision (QĐ): the appraisal's letter does not open that stage.
    expect((await move('investment_decision', reply.documentId)).status).toBe(422);
    expect((await move('investment_decision', decision)).status).toBe(200);
    // The approved schedule comes before the work.
    expect((await move('detailed_design', decision)).status).toBe(422);
    // The approved schedule stands on a decision too.
    expect((await syt.post(`/api/v1/projects/${id}/baselines`, { documentId: reply.documentId, milestones: SCHEDULE })).status).toBe(422);
    const b1 = await syt.post(`/api/v1/projects/${id}/baselines`, { documentId: decision, milestones: SCHEDULE });
    expect(b1.status, JSON.stringify(b1.body)).toBe(200);
    expect(b1.body.baselineVersion).toBe(1);
    for (const stage of PROJECT_STAGES.slice(PROJECT_STAGES.indexOf('detailed_design'))) {
      const r = await move(stage, await ubndDecision(`Quyết định giai đoạn ${stage}`));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    detail = (await syt.get(`/api/v1/projects/${id}`)).body;
    expect(detail.stages.map((x: { stage: string }) => x.stage)).toEqual([...PROJECT_STAGES]);
    expect(detail.stages.every((x: { document: { symbol: string } | null }) => x.document?.symbol)).toBe(true);
    expect(detail.nextStage).toBeNull();
    expect((await move('final_accounts', decision)).status).toBe(409);
    // Some forty documents issued and as many requests: room for a busy machine.
  }, 180_000);

  it('computes variance against the current and the original baseline after a re-baseline', async () => {
    // A second project, at implementation, so milestones and flags are live.
    await at('2027-01-05T02:00:00Z');
    const sytActor = actors.get('chuyenvien.syt')!;
    const pid = await registerProject(s.ctx, sytActor, { code: 'DA-2027-HSSK', name: 'Hồ sơ sức khỏe điện tử', investingOrgId: org('syt'), group: 'C', kind: 'investment', sources: ['public_investment'], totalInvestment: '12.000.000.000', startYear: 2027, endYear: 2028 });
    const decision = await ubndDecision('Phê duyệt dự án Hồ sơ sức khỏe điện tử');
    expect((await syt.post(`/api/v1/projects/${pid}/baselines`, { documentId: decision, milestones: SCHEDULE })).status).toBe(200);

    // 1 May: M1 (due 31 March) not reported: late.
    await at('2027-05-01T02:00:00Z');
    let p = (await syt.get(`/api/v1/projects/${pid}`)).body;
    expect(p.flags).toContain('milestone_late');
    const done = await syt.post(`/api/v1/projects/${pid}/progress`, { milestones: [{ code: 'M1', actualStart: '01/01/2027', actualEnd: '20/04/2027', actualCost: '1.200.000.000' }] });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    p = done.body;
    expect(p.flags).not.toContain('milestone_late');
    expect(p.varianceCurrent.milestones[0]).toMatchObject({ code: 'M1', scheduleDays: 20, costDong: '200000000', costBp: 2000 });
    expect(p.varianceCurrent).toMatchObject({ plannedCost: '10000000000', projectedCost: '10200000000', costDong: '200000000', costBp: 200, scheduleDays: 0 });

    // Re-baseline: needs a reason; keeps the original.
    const rebase = await ubndDecision('Phê duyệt điều chỉnh tiến độ dự án Hồ sơ sức khỏe điện tử');
    const v2 = [SCHEDULE[0]!, { ...SCHEDULE[1]!, plannedStart: '01/05/2027', plannedEnd: '31/10/2027', plannedCost: '3.500.000.000' }, { ...SCHEDULE[2]!, plannedStart: '01/11/2027', plannedEnd: '31/08/2028', plannedCost: '6.500.000.000' }];
    expect((await syt.post(`/api/v1/projects/${pid}/baselines`, { documentId: rebase, milestones: v2 })).status).toBe(400);
    const r = await syt.post(`/api/v1/projects/${pid}/baselines`, { documentId: rebase, reason: 'Bổ sung phân hệ tiêm chủng theo yêu cầu của Bộ Y tế.', milestones: v2 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    p = r.body;
    expect(p.baselines.map((b: { version: number; current: boolean }) => [b.version, b.current])).toEqual([[1, false], [2, true]]);
    expect(p.baselines[1].reason).toContain('tiêm chủng');
    // Against the current baseline: 11 tỷ planned, 11,2 tỷ projected (M1 cost 1,2 tỷ): +200 triệu, 1,82 %.
    expect(p.varianceCurrent).toMatchObject({ plannedCost: '11000000000', projectedCost: '11200000000', costDong: '200000000', costBp: 182, scheduleDays: 0 });
    // Against the original: 10 tỷ planned: +1,2 tỷ (12 %); the end moved from 30/06/2028 to 31/08/2028: 62 days of 547.
    expect(p.varianceOriginal).toMatchObject({ plannedCost: '10000000000', projectedCost: '11200000000', costDong: '1200000000', costBp: 1200, scheduleDays: 62, scheduleBp: 1133 });
    expect(p.varianceOriginal.milestones[1]).toMatchObject({ code: 'M2', scheduleDays: 31, costDong: '500000000' });
    expect(p.variance).toMatchObject({ costPct: 1.82, scheduleDays: 0, costBand: 'green' });
    expect(p.originalVariance).toMatchObject({ costPct: 12, scheduleDays: 62 });

    // The register sorts by the stored figures.
    const list = (await finance.get('/api/v1/projects?sort=cost_variance&limit=500')).body;
    const bps = list.items.map((x: { variance: { costPct: number } }) => x.variance.costPct);
    expect(bps).toEqual([...bps].sort((a, b) => b - a));

    // Capital plan 2027 of 2,4 tỷ, spread evenly (200 triệu a month) by Finance.
    const capital = await ubndDecision('Giao kế hoạch vốn năm 2027');
    const alloc = await finance.post(`/api/v1/projects/${pid}/capital-plans`, { year: 2027, amount: '2.400.000.000', documentId: capital });
    expect(alloc.status, JSON.stringify(alloc.body)).toBe(200);
    expect(alloc.body.capitalPlans[0].monthly[0]).toBe('200000000');

    // 15 July: nothing disbursed (1,2 tỷ planned by June) and no update since 1 May.
    await at('2027-07-15T02:00:00Z');
    p = (await syt.get(`/api/v1/projects/${pid}`)).body;
    expect(p.flags).toEqual(expect.arrayContaining(['disbursement_below_plan', 'no_update']));
    const paid = await syt.post(`/api/v1/projects/${pid}/disbursements`, { paidOn: '10/07/2027', amount: '1.200.000.000', paymentRef: 'GRV-0712/2027' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.flags).toEqual([]);
    expect(paid.body.spent).toBe('1200000000');
    expect(paid.body.capitalPlans[0]).toMatchObject({ disbursed: '1200000000', rate: 50 });
    // Never beyond the year's plan.
    expect((await syt.post(`/api/v1/projects/${pid}/disbursements`, { paidOn: '11/07/2027', amount: '1.200.000.001', paymentRef: 'X' })).status).toBe(422);

    // The CIO's ratings are a history; the newest is the project's.
    expect((await cio.post(`/api/v1/projects/${pid}/ratings`, { rating: 3, comment: 'Khảo sát chậm 20 ngày.' })).status).toBe(200);
    await at('2027-07-20T02:00:00Z');
    const rated = await cio.post(`/api/v1/projects/${pid}/ratings`, { rating: 2, comment: 'Điều chỉnh tiến độ, chi phí tăng 12% so với ban đầu.' });
    expect(rated.body.ratings.map((x: { rating: number }) => x.rating)).toEqual([2, 3]);
    expect(rated.body).toMatchObject({ rating: 2, ratingBand: 'red', ratingAt: '2027-07-20T02:00:00.000Z' });
    expect((await cio.post(`/api/v1/projects/${pid}/ratings`, { rating: 6, comment: 'x' })).status).toBe(400);

    // The province table and its XLSX.
    const table = (await finance.get('/api/v1/projects/disbursement?year=2027')).body;
    const row = table.items.find((x: { projectId: number }) => x.projectId === pid);
    expect(row).toMatchObject({ plan: '2400000000', disbursed: '1200000000', rate: 50 });
    expect(table.disbursedByMonth[6]).toBe('1200000000');
    const xlsx = await finance.get(`/api/v1/projects/disbursement.xlsx?year=2027`);
    expect(xlsx.status).toBe(200);
    const pdf = await syt.get(`/api/v1/projects/${pid}/report.pdf`);
    expect(pdf.status).toBe(200);
  });

  it('keeps sums exact at 10^15 đồng where floating point does not', async () => {
    await at('2027-02-01T02:00:00Z');
    const financeActor = actors.get('taichinh.stc')!;
    const decision = await ubndDecision('Giao kế hoạch vốn năm 2027 (bổ sung)');
    const ids: number[] = [];
    for (let i = 0; i < 11; i++) {
      const pid = await registerProject(s.ctx, financeActor, { code: `BIG-${i}`, name: `Dự án lớn ${i}`, investingOrgId: org('stc'), group: 'A', kind: 'investment', sources: ['public_investment'], totalInvestment: '1.000.000.000.000.000', startYear: 2027, endYear: 2027 });
      await allocateCapital(s.ctx, financeActor, pid, { year: 2027, amount: i === 10 ? '1' : '999999999999999', documentId: decision });
      ids.push(pid);
    }
    await addDisbursement(s.ctx, financeActor, ids[0]!, { paidOn: '2027-01-20', amount: '999999999999998', paymentRef: 'A' });
    await addDisbursement(s.ctx, financeActor, ids[0]!, { paidOn: '2027-01-21', amount: '1', paymentRef: 'B' });
    const t = await provinceDisbursement(s.ctx, financeActor, 2027, org('stc'));
    // Ten plans of 999.999.999.999.999 ₫ and one of 1 ₫: a float drops the last đồng.
    expect(t.totals.plan).toBe('9999999999999991');
    expect(String(10 * 999999999999999 + 1)).not.toBe('9999999999999991');
    expect(t.items.find((x) => x.projectId === ids[0])).toMatchObject({ disbursed: '999999999999999', rate: 100 });
    expect(t.totals.disbursed).toBe('999999999999999');
  });

  it('answers 403 or 404 to what a role may not do, and changes nothing', async () => {
    await at('2027-07-21T02:00:00Z');
    const pid = (await finance.get('/api/v1/projects?q=HSSK')).body.items[0].id;
    const before = (await finance.get(`/api/v1/projects/${pid}`)).body;
    const doc = await ubndDecision('Quyết định bất kỳ');
    const cases: [Client, string, unknown, number][] = [
      [outsider, `/api/v1/projects/${pid}/progress`, { milestones: [{ code: 'M2', percent: 50 }] }, 404],
      [outsider, `/api/v1/projects/${pid}/ratings`, { rating: 5, comment: 'Tốt' }, 404],
      [syt, `/api/v1/projects/${pid}/ratings`, { rating: 5, comment: 'Tự đánh giá' }, 403],
      [syt, `/api/v1/projects/${pid}/capital-plans`, { year: 2028, amount: '1.000', documentId: doc }, 403],
      [sytClerk, `/api/v1/projects/${pid}/progress`, { milestones: [{ code: 'M2', percent: 50 }] }, 403],
      [finance, `/api/v1/projects/${pid}/stages`, { stage: 'detailed_design', documentId: doc }, 403],
      [finance, `/api/v1/projects/${pid}/baselines`, { documentId: doc, reason: 'x', milestones: SCHEDULE }, 403],
      [cio, `/api/v1/projects/${pid}/disbursements`, { paidOn: '01/07/2027', amount: '1.000', paymentRef: 'X' }, 403],
      [cio, `/api/v1/projects/${pid}/capital-plans/2027/adjust`, { amount: '1.000', documentId: doc, reason: 'x' }, 403],
      [outsider, '/api/v1/projects', { code: 'X-1', name: 'Dự án của cơ quan khác', investingOrgId: org('syt'), group: 'C', kind: 'investment', sources: ['other'], totalInvestment: '1', startYear: 2027, endYear: 2027 }, 403],
    ];
    for (const [client, path, body, status] of cases) {
      const r = await client.post(path, body);
      expect(r.status, `${client.user.username} ${path}: ${JSON.stringify(r.body)}`).toBe(status);
    }
    expect((await outsider.get(`/api/v1/projects/${pid}`)).status).toBe(404);
    expect((await outsider.get('/api/v1/projects?limit=500')).body.items.map((x: { id: number }) => x.id)).not.toContain(pid);
    const after = (await finance.get(`/api/v1/projects/${pid}`)).body;
    expect(after).toEqual(before);
  });

  it("offers a disbursement only the investing agency's documents, found without diacritics, to its officers and to Finance; refuses another agency's", async () => {
    await at('2027-07-22T02:00:00Z');
    const pid = (await finance.get('/api/v1/projects?q=HSSK')).body.items[0].id;
    const letter = async (actor: string, summary: string, to: string) =>
      (await issueOfficialLetter(s.ctx, actors.get(actor)!, { typeCode: 'CV', summary, recipients: [org(to)], signerName: 'Trần Thị Mai', files: [] })).documentId;
    // The health department's own payment request (sent to Finance), a decision sent to it, and a letter of Finance's own that it never saw.
    const request = await letter('chuyenvien.syt', 'Đề nghị thanh toán đợt 2 dự án Hồ sơ sức khỏe điện tử', 'stc');
    const advance = await ubndDecision('Quyết định tạm ứng vốn dự án Hồ sơ sức khỏe điện tử');
    const financeOwn = await letter('taichinh.stc', 'Đề nghị thanh toán chi phí thuê phần mềm kế toán', 'snv');
    type Offered = { id: number; direction: 'outgoing' | 'incoming'; symbol: string | null; summary: string };
    const offered = async (c: Client, q?: string) => {
      const r = await c.get(`/api/v1/projects/${pid}/payment-documents${q ? `?q=${encodeURIComponent(q)}` : ''}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.items as Offered[];
    };
    for (const c of [syt, finance]) {
      const all = await offered(c);
      expect(all.map((d) => d.id)).toEqual(expect.arrayContaining([request, advance]));
      expect(all.map((d) => d.id)).not.toContain(financeOwn);
      expect(all.find((d) => d.id === request)?.direction).toBe('outgoing');
      expect(all.find((d) => d.id === advance)?.direction).toBe('incoming');
      // Typed without marks ("đợt" as "dot"), the number and summary searched as everywhere.
      expect((await offered(c, 'de nghi thanh toan dot 2')).map((d) => d.id)).toEqual([request]);
      expect((await offered(c, 'thanh toan')).map((d) => d.id)).not.toContain(financeOwn);
    }
    // Who may not record a disbursement is not offered the documents either.
    expect((await cio.get(`/api/v1/projects/${pid}/payment-documents`)).status).toBe(403);
    expect((await outsider.get(`/api/v1/projects/${pid}/payment-documents`)).status).toBe(404);

    // Finance records a disbursement: on a letter of its own the health department never had, refused by name.
    const refused = await finance.post(`/api/v1/projects/${pid}/disbursements`, { paidOn: '22/07/2027', amount: '100.000.000', paymentRef: 'UNC-0722/2027', documentId: financeOwn });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ field: 'documentId' });
    expect(refused.body.error.message).toBe(`Văn bản ${financeOwn} không phải văn bản của chủ đầu tư (do chủ đầu tư ban hành hoặc gửi đến chủ đầu tư).`);
    expect(refused.body.error.messageEn).toBe(`Document ${financeOwn} is not the investing agency's (issued by it or sent to it).`);
    const paid = await finance.post(`/api/v1/projects/${pid}/disbursements`, { paidOn: '22/07/2027', amount: '100.000.000', paymentRef: 'UNC-0722/2027', documentId: request });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.disbursements.find((d: { paymentRef: string }) => d.paymentRef === 'UNC-0722/2027').document.id).toBe(request);
  });

  it('imports milestones from XLSX all or nothing, with the row and column of each error', async () => {
    const pid = (await finance.get('/api/v1/projects?q=HSSK')).body.items[0].id;
    const decision = await ubndDecision('Điều chỉnh tiến độ lần 2');
    const file = async (rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Tien do');
      ws.addRow(['Mã mốc', 'Tên mốc', 'Bắt đầu', 'Kết thúc', 'Chi phí (đồng)']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    };
    const bad = await syt.post(`/api/v1/projects/${pid}/milestones/import`, {
      file: await file([['M1', 'Khảo sát', '01/01/2027', '31/03/2027', 1_000_000_000], ['M2', 'Phần mềm', '01/05/2027', '30/02/2027', '3.000.000.000'], ['M3', '', '01/11/2027', '31/08/2028', '6,5']]),
      documentId: decision,
      reason: 'Điều chỉnh lần 2',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/Dòng 3, cột D/);
    expect(bad.body.error.message).toMatch(/Dòng 4, cột B/);
    expect(bad.body.error.message).toMatch(/Dòng 4, cột E/);
    expect((await syt.get(`/api/v1/projects/${pid}`)).body.baselineVersion).toBe(2);
    const ok = await syt.post(`/api/v1/projects/${pid}/milestones/import`, {
      file: await file([['M1', 'Khảo sát', '01/01/2027', '31/03/2027', 1_000_000_000], ['M2', 'Phần mềm', new Date(Date.UTC(2027, 4, 1)), '30/11/2027', '3.500.000.000'], ['M3', 'Triển khai', '01/12/2027', '30/09/2028', '6.500.000.000']]),
      documentId: decision,
      reason: 'Điều chỉnh lần 2',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.rows).toBe(3);
    expect((await syt.get(`/api/v1/projects/${pid}`)).body.baselineVersion).toBe(3);
    expect((await syt.post(`/api/v1/projects/${pid}/milestones/import`, { file: Buffer.from('not a workbook').toString('base64'), documentId: decision, reason: 'x' })).status).toBe(415);
  });

  it('shows the public only public fields, on the portal and in the open data', async () => {
    const list = await fetch(`${s.url}/du-an`);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Hồ sơ sức khỏe điện tử');
    expect(html).not.toContain('<script');
    const pid = (await finance.get('/api/v1/projects?q=HSSK')).body.items[0].id;
    const page = await (await fetch(`${s.url}/du-an/${pid}`)).text();
    expect(page).toContain('2/5');
    // Not the CIO's comment, not the payment voucher, not who typed what.
    for (const secret of ['chi phí tăng 12%', 'GRV-0712/2027', 'Lê Hoàng Nam', 'Đặng Minh Khoa', 'tiêm chủng']) {
      expect(page).not.toContain(secret);
      expect(html).not.toContain(secret);
    }
    const json = await (await fetch(`${s.url}/du-lieu-mo/du-an.json`)).json();
    expect(Object.keys(json[0]).sort()).toEqual(
      ['agency', 'baselineVersion', 'code', 'costVarianceDong', 'costVariancePct', 'endYear', 'group', 'id', 'kind', 'name', 'rating', 'ratingDate', 'scheduleVarianceDays', 'scheduleVariancePct', 'spent', 'stage', 'stageLabel', 'startYear', 'totalInvestment', 'url'].sort(),
    );
    const csv = await (await fetch(`${s.url}/du-lieu-mo/du-an.csv`)).text();
    expect(csv.split('\n')[0]).toContain('total_investment');
    expect(csv).not.toContain('GRV-0712/2027');
    expect((await fetch(`${s.url}/du-an/999999`)).status).toBe(404);
  });

  it('has the same public pages in English, each linked to its Vietnamese twin', async () => {
    const pid = (await finance.get('/api/v1/projects?q=HSSK')).body.items[0].id;
    const list = await (await fetch(`${s.url}/en/projects?giai-doan=implementation`)).text();
    expect(list).toContain('<html lang="en"');
    expect(list).toContain('Information technology projects');
    expect(list).toContain('href="/du-an?giai-doan=implementation"');
    const page = await (await fetch(`${s.url}/en/projects/${pid}`)).text();
    expect(page).toContain('Total investment');
    expect(page).toContain(`href="/du-an/${pid}"`);
    expect(page).not.toContain('chi phí tăng 12%');
    expect(await (await fetch(`${s.url}/du-an/${pid}`)).text()).toContain(`href="/en/projects/${pid}"`);
    const missing = await fetch(`${s.url}/en/projects/999999`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There is no such project.');
    // Reached from the English home page and from every page's menu; listed in the sitemap in both languages.
    expect(await (await fetch(`${s.url}/en/`)).text()).toMatch(/<li><a href="\/en\/projects">IT investment projects/);
    expect(await (await fetch(`${s.url}/`)).text()).toContain('<li><a href="/du-an">Dự án CNTT</a></li>');
    expect(list).toContain('<a href="/en/projects" aria-current="page">IT projects</a>');
    const map = await (await fetch(`${s.url}/sitemap.xml`)).text();
    for (const path of ['/du-an', '/en/projects', `/du-an/${pid}`, `/en/projects/${pid}`]) expect(map).toContain(`${path}</loc>`);
  });
});

describe('a project and the IT plan it carries out', () => {
  it("points at an item of its agency's approved plan and the programme target it serves; refuses what does not fit in both languages; keeps older free text", async () => {
    await at('2027-02-01T02:00:00Z');
    const snnmt = await signIn(s.url, 'chuyenvien.snnmt');
    // The items of the Department of Agriculture and Environment's approved plan (the demo's), with their targets.
    const items = (await snnmt.get(`/api/v1/projects/plan-items?orgId=${org('snnmt')}`)).body.items as { id: number; planId: number; planTitle: string; content: string; targets: { id: number; indicatorCode: string; title: string; programmeId: number }[] }[];
    const land = items.find((i) => i.content.startsWith('Xây dựng cơ sở dữ liệu đất đai'))!;
    expect(land.planTitle).toContain('Kế hoạch ứng dụng công nghệ thông tin');
    expect(land.targets.map((t) => t.indicatorCode)).toEqual(['VB.XULY_DUNGHAN', 'TTHC.CONGKHAI_DU']);
    const training = items.find((i) => i.content.startsWith('Đào tạo kỹ năng số'))!;
    // Another agency's items are not offered to it; Finance sees any agency's.
    expect((await snnmt.get(`/api/v1/projects/plan-items?orgId=${org('syt')}`)).body.items).toEqual([]);
    expect((await finance.get(`/api/v1/projects/plan-items?orgId=${org('snnmt')}`)).body.items.map((i: { id: number }) => i.id)).toContain(land.id);
    // The ward's plan is submitted, not approved: its items do not fit, nor another agency's.
    const ward = await s.ctx.db.kysely.selectFrom('plan_items as i').innerJoin('plans as p', 'p.id', 'i.plan_id').select('i.id').where('p.status', '!=', 'approved').executeTakeFirstOrThrow();

    const base = { name: 'Nền tảng dữ liệu đất đai dùng chung', investingOrgId: org('snnmt'), group: 'C', kind: 'investment', sources: ['public_investment'], totalInvestment: '9.000.000.000', startYear: 2027, endYear: 2028 };
    const count = async () => Number((await s.ctx.db.kysely.selectFrom('projects').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const refusals: [Record<string, unknown>, number, string, string, string][] = [
      [{ planItemId: 99_999_999 }, 404, 'plan_item_not_found', 'Không có nhiệm vụ kế hoạch', 'There is no plan item'],
      [{ planItemId: ward.id }, 422, 'plan_item_unfit', 'kế hoạch của cơ quan khác', "another agency's plan"],
      [{ planItemId: land.id, targetId: 99_999_999 }, 404, 'plan_target_not_found', 'Không có chỉ tiêu chương trình', 'There is no programme target'],
      [{ planItemId: land.id, targetId: training.targets[0]!.id }, 422, 'plan_target_unfit', 'không phục vụ chỉ tiêu này', 'does not serve this target'],
      [{ targetId: land.targets[0]!.id }, 422, 'plan_item_missing', 'Chọn nhiệm vụ kế hoạch trước', 'Pick the plan item first'],
    ];
    for (const [link, status, code, vi, en] of refusals) {
      const r = await snnmt.post('/api/v1/projects', { ...base, code: 'DA-2027-DDDC', ...link });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toContain(vi);
      expect(r.body.error.messageEn).toContain(en);
    }
    expect(await count()).toBe(before);

    const target = land.targets.find((t) => t.indicatorCode === 'TTHC.CONGKHAI_DU')!;
    const made = await snnmt.post('/api/v1/projects', { ...base, code: 'DA-2027-DDDC', planItemId: land.id, targetId: target.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.planItem).toMatchObject({ id: land.id, planId: land.planId, inForce: true, content: land.content });
    expect(made.body.target).toEqual({ id: target.id, programmeId: target.programmeId, indicatorCode: 'TTHC.CONGKHAI_DU', title: target.title });

    // Changing the link: the investing agency only; another agency's officer gets 404, Finance 403; nothing changes.
    const pid = made.body.id as number;
    expect((await syt.request('PUT', `/api/v1/projects/${pid}/plan-item`, { planItemId: training.id })).status).toBe(404);
    expect((await finance.request('PUT', `/api/v1/projects/${pid}/plan-item`, { planItemId: training.id })).status).toBe(403);
    const moved = await snnmt.request('PUT', `/api/v1/projects/${pid}/plan-item`, { planItemId: training.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // An item serving one target brings it along.
    expect(moved.body.planItem.id).toBe(training.id);
    expect(moved.body.target.indicatorCode).toBe('NL.DAOTAO');
    const cleared = await snnmt.request('PUT', `/api/v1/projects/${pid}/plan-item`, { planItemId: null });
    expect([cleared.body.planItem, cleared.body.target]).toEqual([null, null]);
    const logged = await s.ctx.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'project.plan_item').where('entity_type', '=', 'project').where('entity_id', '=', String(pid)).orderBy('seq').execute();
    expect(logged).toHaveLength(2);

    // A project registered with the older free text keeps it, readable, with no link.
    const old = await snnmt.post('/api/v1/projects', { ...base, code: 'DA-2027-CU', planItemRef: 'Nhiệm vụ 2, KH 125/KH-SNNMT', targetCode: 'Chỉ tiêu 3' });
    expect(old.status).toBe(201);
    expect(old.body).toMatchObject({ planItemRef: 'Nhiệm vụ 2, KH 125/KH-SNNMT', targetCode: 'Chỉ tiêu 3', planItem: null, target: null });

    // The demo's land database project carries out the same item.
    const demo = (await finance.get('/api/v1/projects?q=CSDLDD')).body.items[0];
    expect((await finance.get(`/api/v1/projects/${demo.id}`)).body.planItem.id).toBe(land.id);
  });
});

describe('the recurrent IT budget', () => {
  it('goes estimate → allocated → adjusted → spent by quarter → settled; Finance sees the province, an agency its own', async () => {
    await at('2027-03-01T02:00:00Z');
    const line = await syt.post('/api/v1/budget', { year: 2027, name: 'Thuê phần mềm quản lý bệnh viện', estimate: '2.000.000.000' });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
    expect(line.body).toMatchObject({ status: 'estimated', estimate: '2000000000', current: '2000000000' });
    const decision = await ubndDecision('Giao dự toán chi thường xuyên CNTT năm 2027');
    // Only Finance allocates; the agency reports spending only once allocated.
    expect((await syt.post(`/api/v1/budget/${line.body.id}/allocate`, { amount: '1.800.000.000', documentId: decision })).status).toBe(403);
    expect((await syt.post(`/api/v1/budget/${line.body.id}/spending`, { quarter: 1, amount: '100' })).status).toBe(422);
    // Finance allocates by a decision (QĐ), not by a letter; the line stays an estimate.
    const letter = await ubndDecision('Về dự toán chi thường xuyên CNTT năm 2027', 'CV');
    expect((await finance.post(`/api/v1/budget/${line.body.id}/allocate`, { amount: '1.800.000.000', documentId: letter })).status).toBe(422);
    const allocated = await finance.post(`/api/v1/budget/${line.body.id}/allocate`, { amount: '1.800.000.000', documentId: decision });
    expect(allocated.status, JSON.stringify(allocated.body)).toBe(200);
    expect(allocated.body.allocatedDocument.id).toBe(decision);
    expect((await finance.post(`/api/v1/budget/${line.body.id}/adjust`, { amount: '1.900.000.000', documentId: decision })).body.current).toBe('1900000000');
    expect((await syt.post(`/api/v1/budget/${line.body.id}/spending`, { quarter: 1, amount: '450.000.000' })).status).toBe(200);
    const q2 = await syt.post(`/api/v1/budget/${line.body.id}/spending`, { quarter: 2, amount: '500.000.000' });
    expect(q2.body).toMatchObject({ spent: '950000000', rate: 50, spentByQuarter: ['450000000', '500000000', null, null] });
    expect((await finance.post(`/api/v1/budget/${line.body.id}/settle`, { amount: '950.000.000', documentId: decision })).body.status).toBe('settled');
    expect((await syt.post(`/api/v1/budget/${line.body.id}/spending`, { quarter: 3, amount: '1' })).status).toBe(409);
    const mine = (await syt.get('/api/v1/budget?year=2027')).body;
    expect(mine.items.every((l: { orgName: string }) => l.orgName === 'Sở Y tế')).toBe(true);
    expect((await outsider.get('/api/v1/budget?year=2027')).body.items.map((l: { id: number }) => l.id)).not.toContain(line.body.id);
    expect((await finance.get('/api/v1/budget?year=2027')).body.items.map((l: { id: number }) => l.id)).toContain(line.body.id);
    const xlsx = await finance.get('/api/v1/budget/export.xlsx?year=2027');
    expect(xlsx.status).toBe(200);
  });

  it('imports a year of capital plans from XLSX all or nothing (Finance)', async () => {
    const decision = await ubndDecision('Giao kế hoạch vốn năm 2028');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ke hoach von');
    ws.addRow(['Mã dự án', 'Kế hoạch vốn năm (đồng)']);
    ws.addRow(['DA-2027-YTCS', '3.000.000.000']);
    ws.addRow(['KHONG-CO', '1.000']);
    const bad = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const r = await finance.post('/api/v1/projects/capital-plans/import', { file: bad, year: 2028, documentId: decision });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/Dòng 3, cột A/);
    expect((await finance.get('/api/v1/projects/disbursement?year=2028')).body.items).toEqual([]);
    ws.spliceRows(3, 1);
    const good = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    expect((await syt.post('/api/v1/projects/capital-plans/import', { file: good, year: 2028, documentId: decision })).status).toBe(403);
    const ok = await finance.post('/api/v1/projects/capital-plans/import', { file: good, year: 2028, documentId: decision });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await finance.get('/api/v1/projects/disbursement?year=2028')).body.totals.plan).toBe('3000000000');
  });
});
