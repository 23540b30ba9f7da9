import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { factories } from './helpers/factories.js';
import { completeIncoming, startProcessing } from '../src/modules/documents/incoming.js';

let s: TestServer;
let clerkA: Client, clerkB: Client, leaderB: Client, specialistB: Client, clerkC: Client;

beforeAll(async () => {
  s = await startServer();
  [clerkA, clerkB, leaderB, specialistB, clerkC] = await Promise.all([
    signIn(s.url, 'vanthu.skhcn'),
    signIn(s.url, 'vanthu.stc'),
    signIn(s.url, 'lanhdao.stc'),
    signIn(s.url, 'chuyenvien.stc'),
    signIn(s.url, 'vanthu.syt'),
  ]);
});
afterAll(() => s.close());

const stc = () => s.ids.get('stc')!;
const syt = () => s.ids.get('syt')!;

async function composeAndIssue(summary: string, extra: Record<string, unknown> = {}) {
  const draft = await clerkA.post('/api/v1/documents', {
    typeCode: 'CV',
    summary,
    signerName: 'Lê Minh Đạt',
    signerPosition: 'Giám đốc',
    urgency: 'khan',
    dueDate: '31/12/2099',
    recipients: [stc(), syt()],
    draftingUnit: 'CNTT',
    ...extra,
  });
  expect(draft.status).toBe(201);
  const up = await clerkA.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'bao-cao.pdf', pdfBytes());
  expect(up.status).toBe(201);
  const issued = await clerkA.post(`/api/v1/documents/${draft.body.id}/issue`);
  expect(issued.status).toBe(200);
  return { id: draft.body.id as number, issued: issued.body };
}

const itemOf = (issued: any, orgId: number) => issued.dispatched.find((d: any) => d.orgId === orgId).itemId as number;

describe('the document exchange flow through HTTP', () => {
  it('numbers a công văn with the agency and drafting unit, and dispatches to every recipient at status 01', async () => {
    const { id, issued } = await composeAndIssue('Về việc triển khai hộp thư điện tử công vụ');
    expect(issued.symbol).toMatch(/^\d{2,}\/SKHCN-CNTT$/);
    expect(issued.dispatched).toHaveLength(2);
    const inboxB = await clerkB.get('/api/v1/inbox');
    const row = inboxB.body.items.find((i: any) => i.documentId === id);
    expect(row.status.code).toBe('01');
    expect(row.senderName).toBe('Sở Khoa học và Công nghệ');
    expect(row.urgency).toBe('khan');
    const trail = await clerkA.get(`/api/v1/documents/${id}/trail`);
    expect(trail.body.recipients.map((r: any) => r.current.code).sort()).toEqual(['01', '01']);
  });

  it('carries a document from arrival to completion, and the sender sees every status with who and when', async () => {
    const { id, issued } = await composeAndIssue('Về việc báo cáo tình hình ứng dụng CNTT tháng 11');
    const item = itemOf(issued, stc());

    const reg = await clerkB.post(`/api/v1/inbox/${item}/receive`);
    expect(reg.status).toBe(200);
    expect(reg.body.status).toBe('03');
    expect(reg.body.arrivalNumber).toBeGreaterThan(0);

    const users = await leaderB.get(`/api/v1/users?orgId=${stc()}`);
    const specialist = users.body.find((u: any) => u.username === 'chuyenvien.stc');
    const assign = await leaderB.post(`/api/v1/inbox/${item}/assign`, {
      direction: 'Đề nghị đồng chí chủ trì tham mưu báo cáo.',
      deadline: '15/12/2099',
      assignees: [{ userId: specialist.id, role: 'lead' }, { orgId: s.ids.get('stc')!, role: 'info' }],
    });
    expect(assign.status).toBe(200);
    expect(assign.body.status).toBe('04');

    const mine = await specialistB.get('/api/v1/inbox?mine=true');
    expect(mine.body.items.find((i: any) => i.itemId === item).myRole).toBe('lead');

    expect((await specialistB.post(`/api/v1/inbox/${item}/start`)).body.status).toBe('05');
    const done = await specialistB.post(`/api/v1/inbox/${item}/complete`, { resultNote: 'Đã gửi báo cáo số liệu tháng 11.' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('06');

    const trail = await clerkA.get(`/api/v1/documents/${id}/trail`);
    const forB = trail.body.recipients.find((r: any) => r.orgId === stc());
    expect(forB.current.code).toBe('06');
    expect(forB.events.map((e: any) => e.status.code)).toEqual(['01', '03', '04', '05', '06']);
    expect(forB.events[3].by).toBe(specialistB.user.fullName);
    expect(forB.events[4].note).toBe('Đã gửi báo cáo số liệu tháng 11.');
    expect(Date.parse(forB.events[4].at)).not.toBeNaN();
    // The other recipient is untouched.
    expect(trail.body.recipients.find((r: any) => r.orgId === syt()).current.code).toBe('01');
  });

  it('a recipient rejects with a reason and the sender reads it; completing a rejected item is a conflict', async () => {
    const { id, issued } = await composeAndIssue('Về việc gửi nhầm nơi nhận');
    const item = itemOf(issued, syt());
    const noReason = await clerkC.post(`/api/v1/inbox/${item}/reject`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const rej = await clerkC.post(`/api/v1/inbox/${item}/reject`, { reason: 'Không thuộc thẩm quyền của Sở Y tế' });
    expect(rej.body.status).toBe('02');
    const trail = await clerkA.get(`/api/v1/documents/${id}/trail`);
    const forC = trail.body.recipients.find((r: any) => r.orgId === syt());
    expect(forC.current.code).toBe('02');
    expect(forC.events.at(-1).note).toBe('Không thuộc thẩm quyền của Sở Y tế');
    const again = await clerkC.post(`/api/v1/inbox/${item}/complete`, { resultNote: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/Từ chối/);
  });

  it('issuing twice is a conflict and keeps the first number', async () => {
    const { id, issued } = await composeAndIssue('Về việc phát hành hai lần');
    const again = await clerkA.post(`/api/v1/documents/${id}/issue`);
    expect(again.status).toBe(409);
    const doc = await clerkA.get(`/api/v1/documents/${id}`);
    expect(doc.body.symbol).toBe(issued.symbol);
  });

  it('recall: the sender asks, one recipient agrees and loses the item, the other refuses and keeps it', async () => {
    const { id, issued } = await composeAndIssue('Về việc thu hồi văn bản');
    const itemB = itemOf(issued, stc());
    const itemC = itemOf(issued, syt());
    const ask = await clerkA.post(`/api/v1/documents/${id}/recall`, { reason: 'Sai số liệu tại phụ lục' });
    expect(ask.status).toBe(200);
    expect(ask.body.requested).toHaveLength(2);
    const detailB = await clerkB.get(`/api/v1/documents/${id}`);
    expect(detailB.body.actions).toContain('answerRecall');

    expect((await clerkB.post(`/api/v1/inbox/${itemB}/recall-answer`, { agree: true })).body.recallState).toBe('15');
    const refuse = await clerkC.post(`/api/v1/inbox/${itemC}/recall-answer`, { agree: false, reason: 'Đã triển khai theo văn bản' });
    expect(refuse.body.recallState).toBe('16');

    expect((await clerkB.get(`/api/v1/documents/${id}`)).status).toBe(404);
    expect((await clerkB.get('/api/v1/inbox')).body.items.some((i: any) => i.documentId === id)).toBe(false);
    expect((await clerkC.get(`/api/v1/documents/${id}`)).status).toBe(200);

    const trail = await clerkA.get(`/api/v1/documents/${id}/trail`);
    const codes = (org: number) => trail.body.recipients.find((r: any) => r.orgId === org).events.map((e: any) => e.status.code);
    expect(codes(stc())).toEqual(['01', '13', '15']);
    expect(codes(syt())).toEqual(['01', '13', '16']);
    // A withdrawn item cannot be processed any further.
    const late = await clerkB.post(`/api/v1/inbox/${itemB}/assign`, { assignees: [] });
    expect(late.status).toBe(403); // a clerk may not assign
    const lateRegister = await clerkB.post(`/api/v1/inbox/${itemB}/receive`);
    expect(lateRegister.status).toBe(409);
    expect(lateRegister.body.error.code).toBe('withdrawn');
  });

  it('copies: sao y numbered SY in its own series, sao lục only from a sao y, linked to the original', async () => {
    const { id, issued } = await composeAndIssue('Về việc sao văn bản');
    const item = itemOf(issued, stc());
    await clerkB.post(`/api/v1/inbox/${item}/receive`);
    const sy = await clerkB.post(`/api/v1/documents/${id}/copies`, { kind: 'SY', signerName: 'Trần Quốc Dũng' });
    expect(sy.status).toBe(201);
    expect(sy.body.symbol).toMatch(/^\d{2,}\/SY-STC$/);
    const sy2 = await clerkB.post(`/api/v1/documents/${id}/copies`, { kind: 'SY' });
    expect(sy2.body.number).toBe(sy.body.number + 1);
    const slFromOriginal = await clerkB.post(`/api/v1/documents/${id}/copies`, { kind: 'SL' });
    expect(slFromOriginal.status).toBe(422);
    const sl = await clerkB.post(`/api/v1/documents/${sy.body.id}/copies`, { kind: 'SL', recipients: [s.ids.get('snv')!] });
    expect(sl.status).toBe(201);
    expect(sl.body.symbol).toMatch(/^01\/SL-STC$/);
    expect(sl.body.dispatched).toHaveLength(1);
    const copy = await clerkB.get(`/api/v1/documents/${sy.body.id}`);
    expect(copy.body.copyOfId).toBe(id);
    expect(copy.body.copyKind).toBe('SY');
    expect(copy.body.attachments).toHaveLength(1);
  });

  it('registers a paper document in the same arrival series as electronic ones', async () => {
    const before = await clerkB.get('/api/v1/inbox?limit=200');
    const maxArrival = Math.max(0, ...before.body.items.map((i: any) => i.arrivalNumber ?? 0));
    const paper = await clerkB.post('/api/v1/inbox/paper', { sender: 'Bộ Tài chính', symbol: '1234/BTC-NSNN', docDate: '20/11/2026', typeCode: 'CV', summary: 'Về việc hướng dẫn lập dự toán ngân sách năm 2027' });
    expect(paper.status).toBe(201);
    expect(paper.body.arrivalNumber).toBe(maxArrival + 1);
    const scan = await clerkB.upload(`/api/v1/inbox/${paper.body.itemId}/scan`, 'scan.pdf', pdfBytes('scan'));
    expect(scan.status).toBe(201);
    const detail = await clerkB.get(`/api/v1/documents/${paper.body.documentId}`);
    expect(detail.body.incoming.isPaper).toBe(true);
    expect(detail.body.senderName).toBe('Bộ Tài chính');
    expect(detail.body.attachments[0].role).toBe('scan');
  });

  it('stores an attachment once however many recipients and documents use it', async () => {
    const a = await composeAndIssue('Về việc lưu tệp một lần (1)');
    const b = await composeAndIssue('Về việc lưu tệp một lần (2)');
    const da = await clerkA.get(`/api/v1/documents/${a.id}`);
    const db = await clerkA.get(`/api/v1/documents/${b.id}`);
    expect(da.body.attachments[0].sha256).toBe(db.body.attachments[0].sha256);
    const blobs = await s.ctx.db.kysely.selectFrom('blobs').select('sha256').where('sha256', '=', da.body.attachments[0].sha256).execute();
    expect(blobs).toHaveLength(1);
    const dl = await clerkB.get(`/api/v1/documents/${a.id}/attachments/${da.body.attachments[0].id}`);
    expect(dl.status).toBe(200);
    expect(Buffer.from(dl.raw).equals(pdfBytes())).toBe(true);
  });
});

describe('the incoming flow through its services', () => {
  it('only the lead specialist (or a leader) works an assigned item; the sender follows it to completion', async () => {
    const f = factories(s);
    const doc = await f.issuedDocument({ from: 'skhcn', to: 3, summary: 'Về việc thử luồng văn bản đến qua dịch vụ' });
    expect(doc.recipientOrgIds).toHaveLength(3);
    const item = await f.receivedItem({ document: doc, org: doc.recipientOrgIds[0], deadline: '31/12/2099' });

    const colleague = await f.user({ org: item.orgId, roles: ['specialist'] });
    await expect(startProcessing(s.ctx, colleague.actor, item.itemId)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await startProcessing(s.ctx, item.specialist, item.itemId)).toMatchObject({ status: '05' });
    expect(await completeIncoming(s.ctx, item.specialist, item.itemId, { resultNote: 'Đã xử lý xong.' })).toMatchObject({ status: '06' });

    const trail = await clerkA.ok(clerkA.GET('/api/v1/documents/{id}/trail', { path: { id: doc.id } }));
    const worked = trail.recipients.find((r) => r.orgId === item.orgId)!;
    expect(worked.events.map((e) => e.status.code)).toEqual(['01', '03', '04', '05', '06']);
    expect(worked.events.at(-1)).toMatchObject({ by: item.specialist.fullName, note: 'Đã xử lý xong.' });
    for (const other of doc.recipientOrgIds.slice(1)) expect(trail.recipients.find((r) => r.orgId === other)?.current.code).toBe('01');
  });
});

describe('rules checked again at the last moment', () => {
  it('refuses to issue to an agency deactivated since the draft was written', async () => {
    const admin = await signIn(s.url, 'admin');
    const snnmt = s.ids.get('snnmt')!;
    const d = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc gửi cơ quan sắp sáp nhập', recipients: [snnmt, stc()] });
    expect((await admin.patch(`/api/v1/organizations/${snnmt}`, { active: false })).status).toBe(200);
    const r = await clerkA.issue(d.body.id);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('recipients');
    expect(r.body.error.message).toContain('Sở Nông nghiệp và Môi trường');
    expect((await clerkA.get(`/api/v1/documents/${d.body.id}`)).body.state).toBe('draft');
    await admin.patch(`/api/v1/organizations/${snnmt}`, { active: true });
  });

  it('keeps no file and no content for a document made secret', async () => {
    const d = await clerkA.post('/api/v1/documents', { typeCode: 'BC', summary: 'Báo cáo sẽ thành mật', content: 'Nội dung thường' });
    await clerkA.upload(`/api/v1/documents/${d.body.id}/attachments`, 'bc.pdf', pdfBytes());
    const toSecret = await clerkA.patch(`/api/v1/documents/${d.body.id}`, { confidentiality: 'mat' });
    expect(toSecret.status).toBe(422);
    expect(toSecret.body.error.code).toBe('secret_no_files');
    const withContent = await clerkA.post('/api/v1/documents', { typeCode: 'BC', summary: 'Báo cáo mật', confidentiality: 'toi_mat', content: 'NỘI DUNG MẬT' });
    expect(withContent.status).toBe(422);
    const plain = await clerkA.post('/api/v1/documents', { typeCode: 'BC', summary: 'Báo cáo chuyển mật', content: 'Nội dung thường' });
    const changed = await clerkA.patch(`/api/v1/documents/${plain.body.id}`, { confidentiality: 'mat' });
    expect(changed.status).toBe(200);
    expect(changed.body.content).toBeNull();
  });
});

describe('what the back office asks of the API', () => {
  it('previews the next number and symbol, then issue takes exactly that one', async () => {
    const preview = await clerkA.get('/api/v1/registers/next-number?typeCode=CV&draftingUnit=CNTT');
    expect(preview.status).toBe(200);
    const { issued } = await composeAndIssue('Về việc xem trước số');
    expect(issued.symbol).toBe(preview.body.symbol);
    expect(issued.number).toBe(preview.body.number);
    expect((await clerkA.get('/api/v1/registers/next-number?typeCode=NOPE')).status).toBe(400);
  });

  it('filters the inbox by text and by pending recall, and a completed document can still be recalled', async () => {
    const { id, issued } = await composeAndIssue('Về việc kiểm kê tài sản công nghệ thông tin');
    const item = itemOf(issued, stc());
    const byText = await clerkB.get('/api/v1/inbox?q=kiem%20ke%20tai%20san');
    expect(byText.body.items.map((i: any) => i.documentId)).toEqual([id]);
    await clerkB.post(`/api/v1/inbox/${item}/receive`);
    const users = await leaderB.get('/api/v1/users');
    const cv = users.body.find((u: any) => u.username === 'chuyenvien.stc');
    await leaderB.post(`/api/v1/inbox/${item}/assign`, { assignees: [{ userId: cv.id, role: 'lead' }] });
    await specialistB.post(`/api/v1/inbox/${item}/complete`, { resultNote: 'Đã kiểm kê.' });
    const ask = await clerkA.post(`/api/v1/documents/${id}/recall`, { reason: 'Văn bản ban hành sai thẩm quyền', recipients: [stc()] });
    expect(ask.status).toBe(200);
    const pending = await clerkB.get('/api/v1/inbox?recall=pending');
    expect(pending.body.items.map((i: any) => i.documentId)).toContain(id);
    expect(pending.body.items.every((i: any) => i.recallState === '13')).toBe(true);
    expect((await clerkB.post(`/api/v1/inbox/${item}/recall-answer`, { agree: true })).body.withdrawn).toBe(true);
  });
});
