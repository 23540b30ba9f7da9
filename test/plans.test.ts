import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { itemsOnTrack } from '../src/modules/plans/index.js';
import { planImportCommand } from '../src/modules/plans/cli.js';
import { loadActor } from '../src/modules/auth/service.js';

/**
 * Agencies' IT plans as the agency, the IT department (Sở KH&CN), the UBND Office and
 * outsiders meet them over HTTP: a plan from draft through review (letters both ways, in both
 * registers) to approval by a decision and an adjustment as version 2; who may see and do what;
 * the all-or-nothing import; progress and late items computed.
 */

let s: TestServer;
let stp: Client, stpLeader: Client, stpClerk: Client, itOff: Client, itClerk: Client, syt: Client, officer: Client;

beforeAll(async () => {
  s = await startServer();
  [stp, stpLeader, stpClerk, itOff, itClerk, syt, officer] = await Promise.all([
    signIn(s.url, 'chuyenvien.stp'),
    signIn(s.url, 'lanhdao.stp'),
    signIn(s.url, 'vanthu.stp'),
    signIn(s.url, 'cntt.skhcn'),
    signIn(s.url, 'vanthu.skhcn'),
    signIn(s.url, 'chuyenvien.syt'),
    signIn(s.url, 'nhiemvu.vpubnd'),
  ]);
});
afterAll(() => s.close());

const org = (key: string) => s.ids.get(key)!;
const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);

async function targetIds(): Promise<Map<string, number>> {
  const p = await stp.get('/api/v1/programme');
  expect(p.status).toBe(200);
  return new Map(p.body.goals.flatMap((g: any) => g.targets.map((t: any) => [t.indicatorCode, t.id])));
}

async function inboxHas(c: Client, documentId: number) {
  const inbox = await c.get('/api/v1/inbox?limit=50');
  return inbox.body.items.some((i: { documentId: number }) => i.documentId === documentId);
}

async function xlsxBody(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ke hoach');
  ws.addRow(['STT', 'Nội dung', 'Mục tiêu', 'Chỉ tiêu', 'Chủ trì', 'Phối hợp', 'Bắt đầu', 'Kết thúc', 'Sản phẩm', 'Kinh phí', 'Nguồn vốn', 'Ưu tiên']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const importXlsx = async (c: Client, planId: number, bytes: Buffer) => {
  const res = await fetch(`${s.url}/api/v1/plans/${planId}/import`, { method: 'POST', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, body: new Uint8Array(bytes) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('the provincial programme', () => {
  it('has goals and targets tied to indicator codes of the catalogue; only the IT department edits it', async () => {
    const p = await stp.get('/api/v1/programme');
    expect(p.body).toMatchObject({ yearFrom: 2026, yearTo: 2030, itOrgId: org('skhcn'), canEdit: false });
    const t = p.body.goals[0].targets.find((x: any) => x.indicatorCode === 'VB.DI_DIENTU');
    expect(t).toMatchObject({ unit: '%', baseline: 82, indicatorName: expect.any(String) });
    expect(t.yearly['2030']).toBe(100);
    expect((await put(stp, `/api/v1/programme-targets/${t.id}`, { baseline: 50 })).status).toBe(403);
    const bad = await itOff.post(`/api/v1/programmes/${p.body.id}/targets`, { goalId: p.body.goals[0].id, indicatorCode: 'KHONG.CO' });
    expect(bad.status).toBe(400);
    const ok = await put(itOff, `/api/v1/programme-targets/${t.id}`, { yearly: { '2026': 91, '2030': 100 } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});

describe('a new programme from the web API', () => {
  it('the IT department creates a period, adds goals and targets tied to the catalogue and edits their yearly values; others read it', async () => {
    const form = { title: 'Chương trình chuyển đổi số tỉnh giai đoạn 2031–2035', yearFrom: 2031, yearTo: 2035 };
    expect((await stpLeader.post('/api/v1/programmes', form)).status).toBe(403);
    const long = await itOff.post('/api/v1/programmes', { ...form, yearTo: 2045 });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ field: 'yearTo', message: expect.stringContaining('tối đa 10 năm') });
    // A period overlapping the programme in force would make a plan's programme ambiguous.
    const overlap = await itOff.post('/api/v1/programmes', { ...form, yearFrom: 2030 });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.message).toContain('2026–2030');
    const created = await itOff.post('/api/v1/programmes', form);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ title: form.title, yearFrom: 2031, yearTo: 2035, itOrgId: org('skhcn'), canEdit: true, goals: [] });
    const id = created.body.id;

    expect((await stp.post(`/api/v1/programmes/${id}/goals`, { title: 'x' })).status).toBe(403);
    expect((await itOff.post(`/api/v1/programmes/${id}/goals`, { title: '   ' })).status).toBe(400);
    const goal = await itOff.post(`/api/v1/programmes/${id}/goals`, { title: 'Hoàn thiện chính quyền số' });
    expect(goal.status, JSON.stringify(goal.body)).toBe(200);
    const goalId = goal.body.goals[0].id;
    expect(goal.body.goals[0]).toMatchObject({ position: 1, title: 'Hoàn thiện chính quyền số', targets: [] });

    // The target takes the indicator's name and unit from the catalogue when none are given.
    const outside = await itOff.post(`/api/v1/programmes/${id}/targets`, { goalId, indicatorCode: 'VB.DI_DIENTU', yearly: { '2030': 90 } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.field).toBe('yearly');
    expect((await itOff.post(`/api/v1/programmes/${id}/targets`, { goalId: 999999, indicatorCode: 'VB.DI_DIENTU' })).status).toBe(400);
    const target = await itOff.post(`/api/v1/programmes/${id}/targets`, { goalId, indicatorCode: 'VB.DI_DIENTU', baseline: 95, baselineYear: 2030, yearly: { '2031': 96, '2035': 100 } });
    expect(target.status, JSON.stringify(target.body)).toBe(200);
    const t = target.body.goals[0].targets[0];
    expect(t).toMatchObject({ indicatorCode: 'VB.DI_DIENTU', unit: '%', baseline: 95, baselineYear: 2030, yearly: { '2031': 96, '2035': 100 }, indicatorName: expect.any(String) });
    expect(t.title).toBe(t.indicatorName);
    // Editing the yearly values keeps what the body leaves out; a null clears.
    const edited = await put(itOff, `/api/v1/programme-targets/${t.id}`, { yearly: { '2031': 97, '2032': 98, '2035': 100 } });
    expect(edited.status).toBe(200);
    expect(edited.body.goals[0].targets[0]).toMatchObject({ baseline: 95, baselineYear: 2030, unit: '%', yearly: { '2031': 97, '2032': 98, '2035': 100 } });
    const cleared = await put(itOff, `/api/v1/programme-targets/${t.id}`, { baseline: null, baselineYear: null });
    expect(cleared.body.goals[0].targets[0]).toMatchObject({ baseline: null, baselineYear: null, yearly: { '2031': 97, '2032': 98, '2035': 100 } });

    // Everyone signed in reads it, and the list of periods; only the IT department may edit.
    const list = await stp.get('/api/v1/programmes');
    expect(list.status).toBe(200);
    expect(list.body.canEdit).toBe(false);
    expect(list.body.items.slice(0, 2)).toEqual([
      { id, title: form.title, yearFrom: 2031, yearTo: 2035, goals: 1, targets: 1 },
      expect.objectContaining({ yearFrom: 2026, yearTo: 2030 }),
    ]);
    expect((await itOff.get('/api/v1/programmes')).body.canEdit).toBe(true);
    const read = await syt.get(`/api/v1/programmes/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ canEdit: false, goals: [{ title: 'Hoàn thiện chính quyền số' }] });
    expect((await syt.get('/api/v1/programmes/999999')).status).toBe(404);
    // The programme of this year stays the default one; plans of 2026 keep theirs.
    expect((await stp.get('/api/v1/programme')).body.yearFrom).toBe(2026);
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select('action').where('entity_type', '=', 'programme').where('entity_id', '=', String(id)).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['programme.create', 'programme.goal', 'programme.target', 'programme.target', 'programme.target']);
  });
});

describe('renaming and deleting goals and targets', () => {
  it('the IT department renames and deletes; a target a plan item serves cannot be deleted (409, vi/en); all audited', async () => {
    const created = await itOff.post('/api/v1/programmes', { title: 'Chương trình thử 2041–2045', yearFrom: 2041, yearTo: 2045 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    await itOff.post(`/api/v1/programmes/${id}/goals`, { title: 'Mục tiêu một' });
    await itOff.post(`/api/v1/programmes/${id}/goals`, { title: 'Mục tiêu hai' });
    const three = await itOff.post(`/api/v1/programmes/${id}/goals`, { title: 'Mục tiêu ba' });
    const [g1, g2, g3] = three.body.goals;
    await itOff.post(`/api/v1/programmes/${id}/targets`, { goalId: g1.id, indicatorCode: 'VB.DI_DIENTU' });
    await itOff.post(`/api/v1/programmes/${id}/targets`, { goalId: g1.id, indicatorCode: 'NL.DAOTAO' });
    const withTargets = await itOff.post(`/api/v1/programmes/${id}/targets`, { goalId: g2.id, indicatorCode: 'VB.DI_DIENTU', title: 'Văn bản điện tử của cấp xã' });
    const [served, spare] = withTargets.body.goals[0].targets;
    const g2Target = withTargets.body.goals[1].targets[0];

    // Renamed: the programme (its period stays), a goal, a target; only by the IT department.
    expect((await put(stp, `/api/v1/programmes/${id}`, { title: 'x' })).status).toBe(403);
    expect((await put(itOff, `/api/v1/programmes/${id}`, { title: '  ' })).status).toBe(400);
    const renamed = await put(itOff, `/api/v1/programmes/${id}`, { title: 'Chương trình chuyển đổi số 2041–2045' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Chương trình chuyển đổi số 2041–2045', yearFrom: 2041, yearTo: 2045 });
    expect((await put(stp, `/api/v1/programme-goals/${g1.id}`, { title: 'x' })).status).toBe(403);
    expect((await put(itOff, `/api/v1/programme-goals/999999`, { title: 'x' })).status).toBe(404);
    const goalRenamed = await put(itOff, `/api/v1/programme-goals/${g1.id}`, { title: 'Văn bản điện tử toàn trình' });
    expect(goalRenamed.status).toBe(200);
    expect(goalRenamed.body.goals[0]).toMatchObject({ id: g1.id, position: 1, title: 'Văn bản điện tử toàn trình' });
    const targetRenamed = await put(itOff, `/api/v1/programme-targets/${served.id}`, { title: 'Văn bản đi điện tử toàn trình của tỉnh' });
    expect(targetRenamed.body.goals[0].targets[0]).toMatchObject({ id: served.id, title: 'Văn bản đi điện tử toàn trình của tỉnh', indicatorCode: 'VB.DI_DIENTU' });

    // An agency's plan of 2041 finds this programme, and an item serves the first target.
    const plan = await stp.post('/api/v1/plans', { kind: 'annual', yearFrom: 2041, title: 'Kế hoạch ứng dụng CNTT năm 2041' });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect(plan.body.programmeId).toBe(id);
    const item = await stp.post(`/api/v1/plans/${plan.body.id}/items`, { content: 'Số hóa hồ sơ', leadUnit: 'Văn phòng Sở', startDate: '01/03/2041', endDate: '30/11/2041', cost: '0', fundSource: 'recurrent', targetIds: [served.id] });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    expect(item.body.items[0].targets).toEqual([{ id: served.id, indicatorCode: 'VB.DI_DIENTU', title: 'Văn bản đi điện tử toàn trình của tỉnh' }]);

    // That target, and its goal, cannot be deleted: 409 naming the plan, in both languages.
    expect((await stp.delete(`/api/v1/programme-targets/${served.id}`)).status).toBe(403);
    const refused = await itOff.delete(`/api/v1/programme-targets/${served.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'target_in_use', message: expect.stringContaining('Kế hoạch ứng dụng CNTT năm 2041 (v1)'), messageEn: expect.stringContaining('cannot be deleted') });
    expect(refused.body.error.message).toContain('Không xóa được chỉ tiêu VB.DI_DIENTU');
    const goalRefused = await itOff.delete(`/api/v1/programme-goals/${g1.id}`);
    expect(goalRefused.status).toBe(409);
    expect(goalRefused.body.error.message).toContain('Không xóa được mục tiêu "Văn bản điện tử toàn trình"');
    const still = await itOff.get(`/api/v1/programmes/${id}`);
    expect(still.body.goals.map((g: any) => g.targets.length)).toEqual([2, 1, 0]);

    // A target no item serves goes; a goal goes with its targets and the goals after it move up.
    const noSpare = await itOff.delete(`/api/v1/programme-targets/${spare.id}`);
    expect(noSpare.status, JSON.stringify(noSpare.body)).toBe(200);
    expect(noSpare.body.goals[0].targets.map((t: any) => t.id)).toEqual([served.id]);
    expect((await itOff.delete(`/api/v1/programme-targets/${spare.id}`)).status).toBe(404);
    const noG2 = await itOff.delete(`/api/v1/programme-goals/${g2.id}`);
    expect(noG2.status, JSON.stringify(noG2.body)).toBe(200);
    expect(noG2.body.goals.map((g: any) => [g.id, g.position])).toEqual([[g1.id, 1], [g3.id, 2]]);
    expect(await s.ctx.db.kysely.selectFrom('programme_targets').select('id').where('id', '=', g2Target.id).executeTakeFirst()).toBeUndefined();
    // Once the item no longer serves it, the target and then the goal can go.
    const freed = await put(stp, `/api/v1/plan-items/${item.body.items[0].id}`, { content: 'Số hóa hồ sơ', leadUnit: 'Văn phòng Sở', startDate: '01/03/2041', endDate: '30/11/2041', cost: '0', fundSource: 'recurrent', targetIds: [] });
    expect(freed.status, JSON.stringify(freed.body)).toBe(200);
    const noG1 = await itOff.delete(`/api/v1/programme-goals/${g1.id}`);
    expect(noG1.status, JSON.stringify(noG1.body)).toBe(200);
    expect(noG1.body.goals).toEqual([expect.objectContaining({ id: g3.id, position: 1, title: 'Mục tiêu ba', targets: [] })]);

    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_type', '=', 'programme').where('entity_id', '=', String(id)).orderBy('seq').execute();
    expect(audit.map((a) => a.action).filter((a) => a.endsWith('rename') || a.endsWith('delete'))).toEqual(['programme.rename', 'programme.goal.rename', 'programme.target.delete', 'programme.goal.delete', 'programme.goal.delete']);
  });
});

describe("an agency's plan from draft to version 2", () => {
  it('goes draft → submitted → revision asked → resubmitted → approved → adjusted, letters both ways', async () => {
    const targets = await targetIds();
    const created = await stp.post('/api/v1/plans', { kind: 'annual', yearFrom: 2028, title: 'Kế hoạch ứng dụng công nghệ thông tin năm 2028' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', version: 1, agencyId: org('stp'), can: { edit: true, submit: true, approve: false } });
    const item = (content: string, cost: string, extra = {}) => ({ content, leadUnit: 'Văn phòng Sở', startDate: '01/03/2028', endDate: '30/11/2028', cost, fundSource: 'recurrent', targetIds: [targets.get('VB.DI_DIENTU')], ...extra });
    expect((await stp.post(`/api/v1/plans/${id}/items`, item('Số hóa sổ hộ tịch giai đoạn 1995–2005', '1.250.000.000'))).status).toBe(201);
    const two = await stp.post(`/api/v1/plans/${id}/items`, item('Đào tạo kỹ năng số cho công chức tư pháp', '80000000', { fundSource: 'other', priority: 'low' }));
    expect(two.body.items.map((i: any) => i.cost)).toEqual(['1250000000', '80000000']);
    expect(two.body.totalCostText).toBe('1.330.000.000 ₫');
    const wrongTime = await stp.post(`/api/v1/plans/${id}/items`, item('Ngoài kỳ', '0', { endDate: '31/01/2029' }));
    expect(wrongTime.status).toBe(400);

    // Submitted: a tờ trình in the IT department's inbox with the plan as PDF and XLSX.
    const submitted = await stp.post(`/api/v1/plans/${id}/submit`, { signerName: 'Phạm Đình Đông', signerPosition: 'Giám đốc' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    const letter = submitted.body.letter;
    expect(letter.symbol).toMatch(/^\d+\/TTr-STP$/);
    expect(await inboxHas(itClerk, letter.id)).toBe(true);
    const doc = await itClerk.get(`/api/v1/documents/${letter.id}`);
    const files = doc.body.attachments.map((a: { fileName: string }) => a.fileName);
    expect(files).toEqual(['ke-hoach-2028-v1.pdf', 'ke-hoach-2028-v1.xlsx']);
    const pdf = await itClerk.get(`/api/v1/documents/${letter.id}/attachments/${doc.body.attachments[0].id}`);
    expect(Buffer.from(pdf.raw).subarray(0, 5).toString()).toBe('%PDF-');
    // Nothing is edited while it is with the reviewer.
    expect((await put(stp, `/api/v1/plan-items/${two.body.items[0].id}`, item('Sửa', '1'))).status).toBe(409);

    // In the review queue; a comment on the second item, then revision asked: a CV back.
    const queue = await itOff.get('/api/v1/plans?queue=review');
    expect(queue.body.items.map((p: any) => p.id)).toContain(id);
    expect((await stp.post(`/api/v1/plans/${id}/comments`, { text: 'Tự góp ý' })).status).toBe(403);
    const commented = await itOff.post(`/api/v1/plans/${id}/comments`, { itemId: two.body.items[1].id, text: 'Đề nghị nêu số lượt cán bộ được đào tạo.' });
    expect(commented.status).toBe(201);
    expect(commented.body.status).toBe('under_review');
    const revise = await itOff.post(`/api/v1/plans/${id}/review`, { agree: false, text: 'Đề nghị bổ sung chỉ tiêu đào tạo.' });
    expect(revise.status, JSON.stringify(revise.body)).toBe(200);
    expect(revise.body.status).toBe('revision_requested');
    expect(revise.body.answer.symbol).toMatch(/^\d+\/SKHCN/);
    expect(await inboxHas(stpClerk, revise.body.answer.id)).toBe(true);
    const comment = revise.body.events.find((e: any) => e.kind === 'comment');
    expect(comment).toMatchObject({ itemId: two.body.items[1].id, orgId: org('skhcn') });

    // Revised and resubmitted: a second tờ trình answering the CV.
    const fixed = await put(stp, `/api/v1/plan-items/${two.body.items[1].id}`, item('Đào tạo kỹ năng số cho 120 lượt công chức tư pháp', '80.000.000', { targetIds: [targets.get('NL.DAOTAO')] }));
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    const again = await stp.post(`/api/v1/plans/${id}/submit`, {});
    expect(again.body.status).toBe('submitted');
    expect(again.body.letter.id).not.toBe(letter.id);
    const agreed = await itOff.post(`/api/v1/plans/${id}/review`, { agree: true });
    expect(agreed.body.status).toBe('agreed');

    // The decision: an issued QĐ of the agency, picked by id. A specialist cannot approve.
    const draft = await stpClerk.post('/api/v1/documents', { typeCode: 'QD', summary: 'Phê duyệt Kế hoạch ứng dụng CNTT năm 2028 của Sở Tư pháp', signerName: 'Phạm Đình Đông', signerPosition: 'Giám đốc', recipients: [org('skhcn')] });
    expect((await stpClerk.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'qd.pdf', pdfBytes())).status).toBe(201);
    const issued = await stpClerk.post(`/api/v1/documents/${draft.body.id}/issue`);
    expect(issued.status).toBe(200);
    expect((await stp.post(`/api/v1/plans/${id}/approve`, { decisionDocumentId: draft.body.id })).status).toBe(403);
    expect((await stpLeader.post(`/api/v1/plans/${id}/approve`, { decisionDocumentId: letter.id })).status).toBe(400); // a tờ trình is not a decision
    const approved = await stpLeader.post(`/api/v1/plans/${id}/approve`, { decisionDocumentId: draft.body.id, effectiveFrom: '2028-01-01' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const qd = await stpClerk.get(`/api/v1/documents/${draft.body.id}`);
    expect(approved.body).toMatchObject({ status: 'approved', decision: { id: draft.body.id, symbol: qd.body.symbol, docDate: qd.body.docDate, signerName: 'Phạm Đình Đông' } });

    // Approved: never edited in place.
    const itemId = approved.body.items[0].id;
    expect((await put(stp, `/api/v1/plan-items/${itemId}`, item('Sửa sau phê duyệt', '1'))).status).toBe(409);
    expect((await stp.delete(`/api/v1/plan-items/${itemId}`)).status).toBe(409);
    expect((await stp.post(`/api/v1/plans/${id}/items`, item('Thêm sau phê duyệt', '1'))).status).toBe(409);
    expect((await importXlsx(stp, id, await xlsxBody([[1, 'X', '', '', 'VP', '', '01/03/2028', '30/03/2028', '', '0', 'Khác', 'Cao']]))).status).toBe(409);

    // Adjusted as version 2: change a cost, drop an item, add one; the diff names each.
    const v2 = await stp.post(`/api/v1/plans/${id}/adjust`, { reason: 'Bổ sung nhiệm vụ theo Chỉ thị' });
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, status: 'draft', seriesId: id, reason: 'Bổ sung nhiệm vụ theo Chỉ thị' });
    expect((await stp.post(`/api/v1/plans/${id}/adjust`, { reason: 'Lần nữa' })).status).toBe(409);
    const [a, b] = v2.body.items;
    expect(a.key).toBe(approved.body.items[0].key);
    await put(stp, `/api/v1/plan-items/${a.id}`, { ...item(a.content, '1.500.000.000'), targetIds: a.targetIds, endDate: '15/12/2028' });
    await stp.delete(`/api/v1/plan-items/${b.id}`);
    const added = await stp.post(`/api/v1/plans/${v2.body.id}/items`, item('Triển khai ký số cho công chứng viên', '300.000.000'));
    const diff = await stp.get(`/api/v1/plans/${v2.body.id}/diff?from=${id}`);
    expect(diff.status).toBe(200);
    expect(diff.body.rows).toEqual([
      { key: a.key, change: 'changed', content: a.content, fields: [{ field: 'endDate', from: '2028-11-30', to: '2028-12-15' }, { field: 'cost', from: '1250000000', to: '1500000000' }] },
      { key: added.body.items.at(-1).key, change: 'added', content: 'Triển khai ký số cho công chứng viên', fields: [] },
      { key: b.key, change: 'removed', content: b.content, fields: [] },
    ]);
    // The approved version 1 is untouched and still the one in force.
    const v1 = await stp.get(`/api/v1/plans/${id}`);
    expect(v1.body.items.map((i: any) => i.cost)).toEqual(['1250000000', '80000000']);
    expect(v1.body.versions.map((v: any) => v.version)).toEqual([1, 2]);
  });
});

describe('a plan and its letter in one transaction', () => {
  it('two submissions of one plan at once issue one tờ trình, the one the plan names; two answers at once, one công văn', async () => {
    const targets = await targetIds();
    const title = 'Kế hoạch chuyển đổi số năm 2029';
    const created = await stp.post('/api/v1/plans', { kind: 'annual', yearFrom: 2029, title });
    const id = created.body.id;
    expect((await stp.post(`/api/v1/plans/${id}/items`, { content: 'Nâng cấp cổng thông tin', leadUnit: 'Văn phòng Sở', startDate: '01/03/2029', endDate: '30/11/2029', cost: '100000000', fundSource: 'recurrent', targetIds: [targets.get('VB.DI_DIENTU')] })).status).toBe(201);
    const letters = async (typeCode: string, orgId: number) =>
      (await s.ctx.db.kysely.selectFrom('documents').select(['id', 'state']).where('org_id', '=', orgId).where('type_code', '=', typeCode).where('summary', 'like', `%${title.slice(1)}%`).execute());
    const both = await Promise.all([stp.post(`/api/v1/plans/${id}/submit`, {}), stp.post(`/api/v1/plans/${id}/submit`, {})]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const issued = (await letters('TTR', org('stp'))).filter((d) => d.state === 'issued');
    expect(issued.map((d) => d.id)).toEqual([both.find((r) => r.status === 200)!.body.letter.id]);

    const answers = await Promise.all([itOff.post(`/api/v1/plans/${id}/review`, { agree: true }), itOff.post(`/api/v1/plans/${id}/review`, { agree: false, text: 'Bổ sung.' })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const answered = (await letters('CV', org('skhcn'))).filter((d) => d.state === 'issued');
    const plan = await stp.get(`/api/v1/plans/${id}`);
    expect(answered.map((d) => d.id)).toEqual([plan.body.answer.id]);
  });
});

describe('who may see and do what', () => {
  it("an agency cannot read or change another agency's plan (404); the IT department and the UBND Office see all", async () => {
    const stpPlans = await stp.get('/api/v1/plans');
    const plan = stpPlans.body.items[0];
    expect(stpPlans.body.items.every((p: any) => p.agencyId === org('stp'))).toBe(true);
    expect((await syt.get(`/api/v1/plans/${plan.id}`)).status).toBe(404);
    expect((await syt.get(`/api/v1/plans/${plan.id}/export.pdf`)).status).toBe(404);
    const detail = await stp.get(`/api/v1/plans/${plan.id}`);
    expect((await put(syt, `/api/v1/plan-items/${detail.body.items[0].id}`, { content: 'x', leadUnit: 'x', startDate: '2027-01-01', endDate: '2027-02-01' })).status).toBe(404);
    expect((await syt.post(`/api/v1/plans/${plan.id}/submit`, {})).status).toBe(404);
    expect((await officer.get(`/api/v1/plans/${plan.id}`)).status).toBe(200);
    const all = await itOff.get('/api/v1/plans');
    expect(new Set(all.body.items.map((p: any) => p.agencyId)).size).toBeGreaterThanOrEqual(3);
    // The UBND Office reads but does not review.
    const wardPlan = all.body.items.find((p: any) => p.agencyName.includes('Long Khánh'));
    expect((await officer.post(`/api/v1/plans/${wardPlan.id}/review`, { agree: true })).status).toBe(403);
  });

  it("the leaders of the People's Committee and of its Office read every agency's plan, and change none", async () => {
    const all = (await itOff.get('/api/v1/plans?limit=200')).body.items as { id: number; agencyId: number }[];
    const stpPlan = all.find((p) => p.agencyId === org('stp'))!;
    for (const username of ['lanhdao.ubnd', 'lanhdao.vpubnd']) {
      const leader = await signIn(s.url, username);
      const list = await leader.get('/api/v1/plans?limit=200');
      expect(new Set(list.body.items.map((p: any) => p.agencyId)), username).toEqual(new Set(all.map((p) => p.agencyId)));
      const detail = await leader.get(`/api/v1/plans/${stpPlan.id}`);
      expect(detail.status, username).toBe(200);
      expect(detail.body.can).toMatchObject({ edit: false, submit: false, approve: false });
      expect((await leader.post(`/api/v1/plans/${stpPlan.id}/items`, { content: 'Thêm', leadUnit: 'x', startDate: '01/03/2028', endDate: '30/11/2028' })).status, username).toBe(403);
      expect((await leader.post(`/api/v1/plans/${stpPlan.id}/review`, { agree: true })).status, username).toBe(403);
    }
    // A leader of another department still sees only its own.
    const sytLeader = await signIn(s.url, 'lanhdao.syt');
    expect((await sytLeader.get(`/api/v1/plans/${stpPlan.id}`)).status).toBe(404);
  });
});

describe('XLSX import of the items', () => {
  it('refuses a file with three bad rows whole, naming the three rows and their columns; a good file goes in', async () => {
    const created = await stp.post('/api/v1/plans', { kind: 'annual', yearFrom: 2029, title: 'Kế hoạch ứng dụng CNTT năm 2029' });
    const id = created.body.id;
    const good = (n: number) => [n, `Nhiệm vụ ${n}`, 'Mục tiêu', 'VB.DI_DIENTU; NL.DAOTAO', 'Văn phòng Sở', 'Phòng Hộ tịch', '01/02/2029', '30/06/2029', 'Sản phẩm', '1.250.000.000', 'Chi thường xuyên', 'Cao'];
    const rows = [good(1), good(2), good(3), good(4), good(5)];
    rows[1] = [2, 'Sai ngày', '', '', 'Văn phòng Sở', '', '31/02/2029', '30/06/2029', '', '0', 'Khác', 'Thấp'];
    rows[2] = [3, 'Sai nguồn vốn và chỉ số', '', 'KHONG.CO', 'Văn phòng Sở', '', '01/02/2029', '30/06/2029', '', '0', 'Vay ODA', 'Thấp'];
    rows[4] = [5, '', '', '', '', '', '01/02/2029', '30/06/2029', '', '12,5', 'Khác', 'Thấp'];
    const refused = await importXlsx(stp, id, await xlsxBody(rows));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('import_refused');
    expect([...new Set(refused.body.problems.map((p: any) => p.row))]).toEqual([3, 4, 6]);
    expect(refused.body.problems.map((p: any) => `${p.row}${p.column}`)).toEqual(['3G', '4D', '4K', '6B', '6E', '6J']);
    expect((await stp.get(`/api/v1/plans/${id}`)).body.items).toHaveLength(0);

    const ok = await importXlsx(stp, id, await xlsxBody([good(1), good(2)]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.imported).toBe(2);
    const plan = (await stp.get(`/api/v1/plans/${id}`)).body;
    expect(plan.items[0]).toMatchObject({ cost: '1250000000', fundSource: 'recurrent', priority: 'high', startDate: '2029-02-01' });
    expect(plan.items[0].targets.map((t: any) => t.indicatorCode)).toEqual(['VB.DI_DIENTU', 'NL.DAOTAO']);
    const notXlsx = await importXlsx(stp, id, pdfBytes());
    expect(notXlsx.status).toBe(415);
    const template = await stp.get('/api/v1/plans/import-template.xlsx');
    expect(template.status).toBe(200);
    const exported = await stp.get(`/api/v1/plans/${id}/export.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.raw);
    const ws = wb.worksheets[0]!;
    // The administrative header above the table, as on the PDF: agency and number on the
    // left, Quốc hiệu and tiêu ngữ on the right, place and date, then the title.
    expect(ws.getCell('A1').value).toBe(plan.agencyName.toUpperCase());
    expect(ws.getCell('A2').value).toBe('Số:        /KH'); // a draft has no number yet
    expect(ws.getCell('F1').value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(ws.getCell('F2').value).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(String(ws.getCell('F3').value)).toMatch(/^\S.*, ngày \d{1,2} tháng \d{1,2} năm \d{4}$/);
    expect(ws.getCell('A5').value).toBe('KẾ HOẠCH');
    expect(String(ws.getCell('A6').value)).toContain(plan.title);
    expect(ws.getCell('A1').isMerged && ws.getCell('N1').isMerged).toBe(true);
    expect(ws.getRow(9).getCell(2).value).toBe('Nội dung nhiệm vụ');
    expect(ws.getRow(10).getCell(2).value).toBe('Nhiệm vụ 1');
  });
});

describe('lienthong plan import', () => {
  it("loads an agency's items into a new draft of that year, or prints every fault and loads nothing", async () => {
    const admin = (await loadActor(s.ctx, (await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id, 'system'))!;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plan-import-'));
    const bad = path.join(dir, 'bad.xlsx');
    await fs.writeFile(bad, await xlsxBody([[1, 'Một', '', '', 'VP', '', '01/02/2030', '01/01/2030', '', '0', 'Khác', 'Cao']]));
    const lines: string[] = [];
    expect(await planImportCommand(s.ctx, admin, bad, { agency: String(org('stp')), year: '2030' }, (l) => lines.push(l))).toBe(1);
    expect(lines[1]).toMatch(/dòng 2, cột H/);
    const good = path.join(dir, 'good.xlsx');
    await fs.writeFile(good, await xlsxBody([[1, 'Một', '', 'VB.KYSO', 'VP', '', '01/02/2030', '01/03/2030', '', '5.000.000', 'Khác', 'Cao']]));
    expect(await planImportCommand(s.ctx, admin, good, { agency: String(org('stp')), year: '2030' }, (l) => lines.push(l))).toBe(0);
    const plans = (await stp.get('/api/v1/plans?year=2030')).body.items;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ status: 'draft', itemCount: 1, totalCost: '5000000' });
    await fs.rm(dir, { recursive: true });
  });
});

describe('progress', () => {
  it('an item past its end and not done is late, computed in Asia/Ho_Chi_Minh; on track per agency for a month', async () => {
    const snv = await signIn(s.url, 'chuyenvien.snnmt');
    const list = await snv.get('/api/v1/plans');
    const plan = (await snv.get(`/api/v1/plans/${list.body.items[0].id}`)).body;
    expect(plan.status).toBe('in_force');
    const security = plan.items[3];
    expect(security.endDate).toBe('2026-09-30');
    s.clock.now = new Date('2026-09-30T16:59:00Z'); // 23:59 on 30/09 in Việt Nam: still on its last day
    expect((await snv.get(`/api/v1/plans/${plan.id}`)).body.items[3].progress.status).toBe('not_started');
    s.clock.now = new Date('2026-09-30T17:01:00Z'); // 00:01 on 01/10 in Việt Nam: late
    expect((await snv.get(`/api/v1/plans/${plan.id}`)).body.items[3].progress.status).toBe('late');
    // Evidence from the agency's own register; a document of another agency is refused.
    const decisionId = plan.decision.id;
    const r = await snv.post(`/api/v1/plan-items/${security.id}/progress`, { percent: 100, status: 'done', note: 'Đã phê duyệt cấp độ 2 cho 3 hệ thống.', evidenceDocumentIds: [decisionId] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.plan.items[3].progress).toMatchObject({ status: 'done', percent: 100 });
    const history = await snv.get(`/api/v1/plan-items/${security.id}/progress`);
    // The answer names the report it saved.
    expect(r.body.progressId).toBe(history.body.items[0].id);
    expect(history.body.items[0].evidence[0].documentId).toBe(decisionId);
    const foreign = (await stp.get('/api/v1/plans')).body.items.find((p: any) => p.letter)?.letter.id;
    expect((await snv.post(`/api/v1/plan-items/${security.id}/progress`, { percent: 100, status: 'done', evidenceDocumentIds: [foreign] })).status).toBe(400);
    // The plan in force prints its decision's number in the XLSX header.
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load((await snv.get(`/api/v1/plans/${plan.id}/export.xlsx`)).raw);
    expect(xlsx.worksheets[0]!.getCell('A2').value).toBe(`Số: ${plan.decision.symbol}`);
    // Files that prove it: a PDF goes in, listed on the report with its name and size.
    const reportId = history.body.items[0].id;
    const minutes = pdfBytes('Biên bản nghiệm thu');
    const up = await snv.upload(`/api/v1/plan-items/${security.id}/progress/${reportId}/files`, 'Biên bản nghiệm thu.pdf', minutes);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ fileName: 'Biên bản nghiệm thu.pdf', size: minutes.length, mime: 'application/pdf' });
    const listed = (await snv.get(`/api/v1/plan-items/${security.id}/progress`)).body.items[0].files;
    expect(listed).toEqual([{ id: up.body.id, fileName: 'Biên bản nghiệm thu.pdf', size: minutes.length, mime: 'application/pdf' }]);
    // A PNG named as a PDF lies about itself: 422 in both languages, nothing stored.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const lie = await snv.upload(`/api/v1/plan-items/${security.id}/progress/${reportId}/files`, 'bien-ban.pdf', png);
    expect(lie.status).toBe(422);
    expect(lie.body.error).toMatchObject({ code: 'file_name_mismatch', message: expect.stringContaining('không khớp'), messageEn: expect.stringContaining('does not match') });
    expect((await snv.upload(`/api/v1/plan-items/${security.id}/progress/${reportId}/files`, 'anh-chup.png', png)).status).toBe(201);
    expect((await snv.get(`/api/v1/plan-items/${security.id}/progress`)).body.items[0].files.map((f: any) => f.fileName)).toEqual(['Biên bản nghiệm thu.pdf', 'anh-chup.png']);
    // Downloaded by whoever reads the plan; another agency gets 404, and cannot add one either.
    for (const reader of [snv, itOff, officer]) {
      const d = await reader.get(`/api/v1/plan-items/${security.id}/progress-files/${up.body.id}`);
      expect(d.status).toBe(200);
      expect(Buffer.from(d.raw).equals(minutes)).toBe(true);
    }
    expect((await stp.get(`/api/v1/plan-items/${security.id}/progress-files/${up.body.id}`)).status).toBe(404);
    expect((await stp.upload(`/api/v1/plan-items/${security.id}/progress/${reportId}/files`, 'x.pdf', minutes)).status).toBe(404);
    const fileAudit = await s.ctx.db.kysely.selectFrom('audit_events').select(['action', 'data']).where('action', '=', 'plan.progress.file').where('entity_id', '=', String(plan.id)).execute();
    expect(fileAudit).toHaveLength(2);
    // Each download is in the audit log with who took which file; the refused one is not.
    const downloads = await s.ctx.db.kysely.selectFrom('audit_events as a').innerJoin('users as u', 'u.id', 'a.actor_user_id').select(['u.username', 'a.data']).where('a.action', '=', 'plan.progress.file.download').where('a.entity_id', '=', String(plan.id)).orderBy('a.seq').execute();
    expect(downloads.map((d) => d.username)).toEqual(['chuyenvien.snnmt', 'cntt.skhcn', 'nhiemvu.vpubnd']);
    for (const d of downloads) expect(JSON.parse(String(d.data))).toMatchObject({ itemId: security.id, progressId: reportId, fileId: up.body.id, fileName: 'Biên bản nghiệm thu.pdf' });
    // Two planners reporting one after the other: the first one's files go to the first
    // report (named by its answer) even though a newer report exists by the time they are sent.
    const first = await snv.post(`/api/v1/plan-items/${security.id}/progress`, { percent: 100, status: 'done', note: 'Báo cáo A' });
    const second = await snv.post(`/api/v1/plan-items/${security.id}/progress`, { percent: 100, status: 'done', note: 'Báo cáo B' });
    expect(first.body.progressId).not.toBe(second.body.progressId);
    const onFirst = await snv.upload(`/api/v1/plan-items/${security.id}/progress/${first.body.progressId}/files`, 'bao-cao-a.pdf', pdfBytes('Báo cáo A'));
    expect(onFirst.status, JSON.stringify(onFirst.body)).toBe(201);
    const reports = (await snv.get(`/api/v1/plan-items/${security.id}/progress`)).body.items;
    expect(reports[0]).toMatchObject({ id: second.body.progressId, note: 'Báo cáo B', files: [] });
    expect(reports[1]).toMatchObject({ id: first.body.progressId, note: 'Báo cáo A', files: [{ id: onFirst.body.id, fileName: 'bao-cao-a.pdf' }] });
    const month = await itemsOnTrack(s.ctx.db.kysely, '2026-10');
    const snvRow = month.find((m) => m.agencyId === org('snnmt'));
    expect(snvRow).toEqual({ agencyId: org('snnmt'), onTrack: 4, total: 4 });
    const before = await itemsOnTrack(s.ctx.db.kysely, '2026-01');
    expect(before.find((m) => m.agencyId === org('snnmt'))).toEqual({ agencyId: org('snnmt'), onTrack: 1, total: 1 });
  });
});
