import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { loadActor } from '../src/modules/auth/service.js';
import { reportProgress } from '../src/modules/tasks/service.js';
import { queueTaskReminders } from '../src/modules/tasks/reminders.js';
import { DomainError } from '../src/domain/errors.js';

/**
 * Directive tasks as the UBND Office, a lead agency, a co-operating agency and outsiders
 * meet them over HTTP: the directive's nine points loaded by the demo, a task followed from
 * assignment to accepted completion, and who may see and do what.
 */

let s: TestServer;
let officer: Client, itOfficer: Client, sytSpecialist: Client, sytClerk: Client, stcSpecialist: Client, snvSpecialist: Client, vpSpecialist: Client;
let directiveId: number;

beforeAll(async () => {
  s = await startServer();
  [officer, itOfficer, sytSpecialist, sytClerk, stcSpecialist, snvSpecialist, vpSpecialist] = await Promise.all([
    signIn(s.url, 'nhiemvu.vpubnd'),
    signIn(s.url, 'cntt.skhcn'),
    signIn(s.url, 'chuyenvien.syt'),
    signIn(s.url, 'vanthu.syt'),
    signIn(s.url, 'chuyenvien.stc'),
    signIn(s.url, 'chuyenvien.snv'),
    signIn(s.url, 'chuyenvien.vpubnd'),
  ]);
  directiveId = (await s.ctx.db.kysely.selectFrom('documents').select('id').where('type_code', '=', 'CT').executeTakeFirstOrThrow()).id;
});
afterAll(() => s.close());

const org = (key: string) => s.ids.get(key)!;
const at = (iso: string) => (s.clock.now = new Date(iso));

/** A report the agency issues to the People's Committee: evidence in its own outgoing register. */
async function issueReport(clerk: Client, summary: string): Promise<number> {
  const draft = await clerk.post('/api/v1/documents', { typeCode: 'BC', summary, signerName: 'Nguyễn Văn Đức', signerPosition: 'Giám đốc', recipients: [org('ubnd')] });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  expect((await clerk.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'bao-cao.pdf', pdfBytes())).status).toBe(201);
  expect((await clerk.post(`/api/v1/documents/${draft.body.id}/issue`)).status).toBe(200);
  return draft.body.id;
}

describe("the directive's tasks", () => {
  it('the UBND Office sees the nine points as tasks of their agencies, overdue first, with the counts per status', async () => {
    const r = await officer.get('/api/v1/tasks');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(13);
    const points = new Set(r.body.items.map((t: any) => t.pointRef));
    expect(points.size).toBe(9);
    const directive = await officer.get(`/api/v1/documents/${directiveId}`);
    for (const t of r.body.items) {
      // Number and date come from the document, never retyped.
      expect(t.document).toMatchObject({ id: directiveId, symbol: directive.body.symbol, docDate: directive.body.docDate });
    }
    expect(r.body.overdue).toBeGreaterThanOrEqual(2);
    expect(r.body.items[0].overdue).toBe(true);
    const firstNotOverdue = r.body.items.findIndex((t: any) => !t.overdue);
    expect(r.body.items.slice(firstNotOverdue).every((t: any) => !t.overdue)).toBe(true);
    expect(r.body.counts).toMatchObject({ done_on_time: 1, awaiting_acceptance: 1, returned: 1, extension_asked: 1 });
    const point2 = r.body.items.find((t: any) => t.pointRef === 'Điểm 2');
    expect(point2.leadOrgName).toBe('Văn phòng Ủy ban nhân dân tỉnh');
    expect(point2.content).toContain('Kể từ ngày 01/01/2008');
    const byAgency = await officer.get(`/api/v1/tasks?orgId=${org('skhcn')}&sort=agency`);
    expect(byAgency.body.items.map((t: any) => t.pointRef).sort()).toEqual(['Điểm 2', 'Điểm 4', 'Điểm 5', 'Điểm 7', 'Điểm 9']);
  });

  it('an agency sees only the tasks it leads or co-operates on; the IT department sees all', async () => {
    const mine = await stcSpecialist.get('/api/v1/tasks');
    expect(mine.body.items.map((t: any) => t.pointRef).sort()).toEqual(['Điểm 4', 'Điểm 5', 'Điểm 6']);
    expect(mine.body.items.find((t: any) => t.pointRef === 'Điểm 4').myRole).toBe('cooperate');
    expect((await itOfficer.get('/api/v1/tasks')).body.total).toBe(13);
  });

  it('follows a task from assignment to accepted completion: progress, extension, return, acceptance', async () => {
    at('2026-01-20T02:00:00Z');
    const created = await officer.post('/api/v1/tasks', {
      documentId: directiveId,
      pointRef: 'Điểm 1',
      content: 'Xây dựng kế hoạch ứng dụng CNTT năm 2026 của ngành y tế.',
      leadOrgId: org('syt'),
      cooperatingOrgIds: [org('stc'), org('syt')],
      expectedOutput: 'Kế hoạch được phê duyệt',
      priority: 'high',
      deadline: '31/01/2026',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'not_started', deadline: '2026-01-31', leadOrgId: org('syt'), cooperating: [{ orgId: org('stc') }] });

    // Outsiders: another agency does not learn it exists; roles that cannot decide get 403.
    expect((await snvSpecialist.get(`/api/v1/tasks/${id}`)).status).toBe(404);
    expect((await snvSpecialist.post(`/api/v1/tasks/${id}/progress`, { text: 'Báo cáo thay', percent: 50 })).status).toBe(404);
    expect((await stcSpecialist.post(`/api/v1/tasks/${id}/progress`, { text: 'Không phải chủ trì', percent: 50 })).status).toBe(403);

    // 31/01 23:59 in Vietnam: still on time. 01/02 00:00 in Vietnam (31/01 17:00 UTC): overdue.
    at('2026-01-31T16:59:00Z');
    expect((await sytSpecialist.get(`/api/v1/tasks/${id}`)).body).toMatchObject({ status: 'not_started', overdue: false });
    at('2026-01-31T17:00:00Z');
    expect((await sytSpecialist.get(`/api/v1/tasks/${id}`)).body).toMatchObject({ status: 'overdue', overdue: true });
    const overdueList = await sytSpecialist.get('/api/v1/tasks?status=overdue');
    expect(overdueList.body.items.map((t: any) => t.id)).toContain(id);

    at('2026-02-02T02:00:00Z');
    const asked = await sytSpecialist.post(`/api/v1/tasks/${id}/extension`, { until: '15/02/2026', reason: 'Chờ số liệu của các bệnh viện.' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.status).toBe('extension_asked');
    expect((await sytSpecialist.post(`/api/v1/tasks/${id}/extension`, { until: '20/02/2026', reason: 'Lần nữa' })).status).toBe(409);
    expect((await sytSpecialist.post(`/api/v1/tasks/${id}/extension/decision`, { grant: true })).status).toBe(403);
    expect((await officer.post(`/api/v1/tasks/${id}/extension/decision`, { grant: false })).status).toBe(400); // refusing needs a reason
    const granted = await officer.post(`/api/v1/tasks/${id}/extension/decision`, { grant: true, reason: 'Đồng ý gia hạn.' });
    expect(granted.body).toMatchObject({ status: 'not_started', overdue: false, deadline: '2026-02-15', originalDeadline: '2026-01-31' });

    const report = await issueReport(sytClerk, 'Báo cáo tiến độ xây dựng kế hoạch ứng dụng CNTT năm 2026');
    const progress = await sytSpecialist.post(`/api/v1/tasks/${id}/progress`, { text: 'Đã hoàn thành dự thảo kế hoạch.', percent: 60, evidenceDocumentIds: [report] });
    expect(progress.status, JSON.stringify(progress.body)).toBe(200);
    expect(progress.body).toMatchObject({ status: 'in_progress', percent: 60 });
    // Evidence comes from the agency's own registers: another agency's document is refused.
    const notMine = await snvSpecialist.post(`/api/v1/tasks/${(await snvSpecialist.get('/api/v1/tasks')).body.items[0].id}/progress`, { text: 'x', percent: 10, evidenceDocumentIds: [report] });
    expect(notMine.status).toBe(400);
    expect(notMine.body.error.field).toBe('evidenceDocumentIds');
    expect((await sytSpecialist.post(`/api/v1/tasks/${id}/progress`, { text: 'Sai', percent: 120 })).status).toBe(400);

    const contributed = await stcSpecialist.post(`/api/v1/tasks/${id}/contributions`, { text: 'Sở Tài chính đã cho ý kiến về kinh phí.' });
    expect(contributed.status).toBe(200);

    const done = await sytSpecialist.post(`/api/v1/tasks/${id}/done`, { text: 'Kế hoạch đã được ban hành.', evidenceDocumentIds: [report] });
    expect(done.body.status).toBe('awaiting_acceptance');
    expect((await sytSpecialist.post(`/api/v1/tasks/${id}/completion`, { accept: true })).status).toBe(403);
    expect((await vpSpecialist.post(`/api/v1/tasks/${id}/completion`, { accept: true })).status).toBe(403);
    const returned = await officer.post(`/api/v1/tasks/${id}/completion`, { accept: false, reason: 'Thiếu danh mục nhiệm vụ cụ thể.' });
    expect(returned.body).toMatchObject({ status: 'returned', doneAt: null });

    at('2026-02-10T02:00:00Z');
    expect((await sytSpecialist.post(`/api/v1/tasks/${id}/done`, { text: 'Đã bổ sung danh mục nhiệm vụ.' })).body.status).toBe('awaiting_acceptance');
    const accepted = await officer.post(`/api/v1/tasks/${id}/completion`, { accept: true, reason: 'Đạt yêu cầu.' });
    expect(accepted.body).toMatchObject({ status: 'done_on_time', percent: 100 });
    expect((await sytSpecialist.post(`/api/v1/tasks/${id}/progress`, { text: 'Thêm', percent: 100 })).status).toBe(409);

    const history = (await officer.get(`/api/v1/tasks/${id}`)).body.events;
    expect(history.map((e: any) => e.kind)).toEqual(['created', 'extension_asked', 'extension_granted', 'progress', 'contribution', 'done', 'returned', 'done', 'accepted']);
    expect(history[3].evidence[0]).toMatchObject({ documentId: report, summary: 'Báo cáo tiến độ xây dựng kế hoạch ứng dụng CNTT năm 2026' });
    expect(history[4].orgName).toBe('Sở Tài chính');
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select('action').where('entity_type', '=', 'task').where('entity_id', '=', String(id)).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['task.create', 'task.extension.ask', 'task.extension.grant', 'task.progress', 'task.contribution', 'task.done', 'task.return', 'task.done', 'task.accept']);
  });

  it('grades a completion declared after the deadline as done late', async () => {
    at('2026-03-01T02:00:00Z');
    const t = await officer.post('/api/v1/tasks', { documentId: directiveId, content: 'Báo cáo kết quả rà soát hộp thư công vụ.', leadOrgId: org('syt'), deadline: '2026-03-31' });
    at('2026-03-31T17:30:00Z'); // 01/04 in Vietnam
    await sytSpecialist.post(`/api/v1/tasks/${t.body.id}/done`, { text: 'Đã rà soát.' });
    expect((await officer.post(`/api/v1/tasks/${t.body.id}/completion`, { accept: true })).body.status).toBe('done_late');
  });

  it('only the UBND Office task officers create tasks, from an issued document, with clear errors', async () => {
    const body = { documentId: directiveId, content: 'Nội dung', leadOrgId: org('syt'), deadline: '2026-12-31' };
    expect((await sytSpecialist.post('/api/v1/tasks', body)).status).toBe(403);
    expect((await vpSpecialist.post('/api/v1/tasks', body)).status).toBe(403);
    const noDeadline = await officer.post('/api/v1/tasks', { ...body, deadline: null });
    expect(noDeadline.status).toBe(400);
    expect(noDeadline.body.error).toMatchObject({ field: 'deadline', message: 'Nhiệm vụ theo hạn cần hạn hoàn thành.' });
    expect((await officer.post('/api/v1/tasks', { ...body, deadline: '31/02/2026' })).status).toBe(400);
    expect((await officer.post('/api/v1/tasks', { ...body, leadOrgId: 999999 })).body.error.field).toBe('leadOrgId');
    const monthly = await officer.post('/api/v1/tasks', { ...body, deadline: undefined, recurrence: 'monthly' });
    expect(monthly.status).toBe(201);
    expect(monthly.body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const draft = await sytClerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Dự thảo', recipients: [org('ubnd')] });
    expect((await officer.post('/api/v1/tasks', { ...body, documentId: draft.body.id })).status).toBe(404);
  });

  it('exports the list as XLSX with the document number and date, in the order of the screen', async () => {
    const r = await officer.get('/api/v1/tasks/export.xlsx?sort=document');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(1).getCell(1).value)).toContain('DANH SÁCH NHIỆM VỤ');
    expect(ws.getRow(3).getCell(4).value).toBe('Nội dung nhiệm vụ');
    const list = await officer.get('/api/v1/tasks?sort=document&limit=500');
    expect(ws.rowCount).toBe(3 + list.body.total);
    expect(String(ws.getRow(4).getCell(2).value)).toContain(list.body.items[0].document.symbol ?? '');
  });

  it('reminds the lead agency before the deadline and when overdue, once each, through the outbox', async () => {
    at('2026-05-04T02:00:00Z');
    const t = await officer.post('/api/v1/tasks', { documentId: directiveId, pointRef: 'Điểm 3', content: 'Cập nhật thủ tục hành chính trên trang thông tin.', leadOrgId: org('syt'), deadline: '05/05/2026' });
    const mailsOf = () => s.ctx.db.kysely.selectFrom('outbox').select(['dedupe_key', 'to_address', 'subject']).where('dedupe_key', 'like', `%:task:${t.body.id}:%`).orderBy('id').execute();
    await queueTaskReminders(s.ctx);
    await queueTaskReminders(s.ctx); // a second pass, or another process: nothing twice
    let mails = await mailsOf();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ dedupe_key: `deadline:task:${t.body.id}:2026-05-05`, to_address: 'syt@dongnai.gov.vn' });
    expect(mails[0]!.subject).toContain('Nhiệm vụ còn 1 ngày đến hạn: Điểm 3');
    at('2026-05-05T17:30:00Z'); // 06/05 in Vietnam
    await queueTaskReminders(s.ctx);
    mails = await mailsOf();
    expect(mails.map((m) => m.dedupe_key)).toEqual([`deadline:task:${t.body.id}:2026-05-05`, `overdue:task:${t.body.id}:2026-05-05`]);
    expect(mails[1]!.subject).toContain('Nhiệm vụ quá hạn 1 ngày');
    // Declared done: no more reminders.
    await sytSpecialist.post(`/api/v1/tasks/${t.body.id}/done`, { text: 'Đã cập nhật.' });
    at('2026-05-06T17:30:00Z');
    await queueTaskReminders(s.ctx);
    expect(await mailsOf()).toHaveLength(2);
  });

  it('a refused change writes nothing: no history row, no audit event', async () => {
    const before = await s.ctx.db.kysely.selectFrom('task_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const snv = (await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'chuyenvien.snv').executeTakeFirstOrThrow()).id;
    const other = (await s.ctx.db.kysely.selectFrom('tasks').select('id').where('lead_org_id', '=', org('syt')).executeTakeFirstOrThrow()).id;
    const err = await reportProgress(s.ctx, (await loadActor(s.ctx, snv, 'system'))!, other, { text: 'x', percent: 5 }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).kind).toBe('not_found');
    const after = await s.ctx.db.kysely.selectFrom('task_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('the indicator catalogue', () => {
  it('starts with the 18 indicators of the governance catalogue (and the recall rate monitoring adds), readable by any signed-in user', async () => {
    const r = await snvSpecialist.get('/api/v1/indicators');
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(19);
    expect(r.body.map((i: any) => i.code)).toContain('VB.THUHOI');
    const qh = r.body.find((i: any) => i.code === 'NV.QUAHAN');
    expect(qh).toMatchObject({ scoringRule: 'step_table', source: 'automatic', group: 'the_che_so' });
    expect(qh.steps[0]).toEqual({ min: null, max: 0, points: 10 });
    expect(r.body.find((i: any) => i.code === 'DA.GIAINGAN')).toMatchObject({ source: 'automatic', verifyingOrgName: null }); // computed by the projects module (migration 027)
    expect((await fetch(`${s.url}/api/v1/indicators`)).status).toBe(401);
  });

  it('only the provincial IT department changes it; bad definitions are refused naming the field', async () => {
    const body = { code: 'CD.HOP_GIAOBAN', nameVi: 'Số cuộc họp giao ban trực tuyến', nameEn: 'Online briefing meetings', group: 'chinh_quyen_so', unit: 'cuộc', numerator: 'Số cuộc họp trực tuyến trong kỳ', scoringRule: 'step_table', steps: [{ min: 4, points: 20 }, { min: 1, max: 3, points: 10 }], maxPoints: 20, source: 'reported', evidence: 'Biên bản họp' };
    expect((await snvSpecialist.post('/api/v1/indicators', body)).status).toBe(403);
    const created = await itOfficer.post('/api/v1/indicators', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.steps).toEqual([{ min: 4, max: null, points: 20 }, { min: 1, max: 3, points: 10 }]);
    expect((await itOfficer.post('/api/v1/indicators', body)).status).toBe(409);
    const bad = await itOfficer.post('/api/v1/indicators', { ...body, code: 'CD.KHAC', steps: [{ min: 5, max: 1, points: 5 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('steps[0]');
    expect((await itOfficer.post('/api/v1/indicators', { ...body, code: 'CD.KHAC2', source: 'verified' })).body.error.field).toBe('verifyingOrgId');
    const changed = await itOfficer.patch(`/api/v1/indicators/${created.body.id}`, { scoringRule: 'yes_no', maxPoints: 5 });
    expect(changed.body).toMatchObject({ scoringRule: 'yes_no', steps: [], maxPoints: 5 });
    expect((await stcSpecialist.patch(`/api/v1/indicators/${created.body.id}`, { active: false })).status).toBe(403);
    expect((await itOfficer.get('/api/v1/indicators/999999')).status).toBe(404);
  });
});

describe('the API description of tasks and indicators', () => {
  it('declares a request and a response schema for every new operation', async () => {
    const spec = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string; parameters?: unknown[]; requestBody?: unknown; responses: Record<string, { content?: unknown }> }>> };
    const ops = Object.entries(spec.paths)
      .filter(([p]) => p.startsWith('/api/v1/tasks') || p.startsWith('/api/v1/indicators'))
      .flatMap(([p, methods]) => Object.entries(methods).map(([m, o]) => ({ name: `${m.toUpperCase()} ${p}`, m, o })));
    expect(ops.map((o) => o.o.operationId).sort()).toEqual(
      ['addTaskContribution', 'askTaskExtension', 'createIndicator', 'createTask', 'decideTaskCompletion', 'decideTaskExtension', 'declareTaskDone', 'exportTasks', 'exportTasksPdf', 'getIndicator', 'getTask', 'listIndicators', 'listTasks', 'reportTaskProgress', 'updateIndicator'].sort(),
    );
    for (const { name, m, o } of ops) {
      const ok = o.responses['200'] ?? o.responses['201'];
      expect(ok?.content, `${name}: success response schema`).toBeTruthy();
      expect(o.responses['404']?.content, `${name}: error schema`).toBeTruthy();
      if (m !== 'get') expect(o.requestBody, `${name}: request body schema`).toBeTruthy();
      else if (name.includes('{id}') || name.endsWith('/tasks') || name.endsWith('/indicators')) expect(o.parameters?.length, `${name}: parameters`).toBeGreaterThan(0);
    }
  });
});

