import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, Client } from './helpers/client.js';
import { incidentFeed } from '../src/modules/security/incident-feed.js';
import { securityCommand } from '../src/modules/security/cli.js';
import { loadActor } from '../src/modules/auth/service.js';
import { systemsByAgency } from '../src/modules/security/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summaryYearOf } from '../src/domain/security.js';
import { localDate } from '../src/domain/numbering.js';

/**
 * Information security over HTTP, as the demo province's people meet it: an incident from
 * its initial report to its final report with the deadlines (the clock moved), need to know
 * (404 for everyone else, the access log), the live event and the mails to the incident team
 * and the Police, and an inspection whose recommendations are closed or reopened.
 */

let s: TestServer;
let stcOfficer: Client, stcSpecialist: Client, sytOfficer: Client, responder: Client, police: Client, inspector: Client, admin: Client;

async function signInAll() {
  [stcOfficer, stcSpecialist, sytOfficer, responder, police, inspector, admin] = await Promise.all([
    signIn(s.url, 'attt.stc'),
    signIn(s.url, 'chuyenvien.stc'),
    signIn(s.url, 'attt.syt'),
    signIn(s.url, 'ungcuu.skhcn'),
    signIn(s.url, 'pa05.cat'),
    signIn(s.url, 'kiemtra.cat'),
    signIn(s.url, 'admin'),
  ]);
}

beforeAll(async () => {
  s = await startServer();
  await signInAll();
});
afterAll(() => s.close());

const org = (key: string) => s.ids.get(key)!;
const HOUR = 3_600_000;
async function move(ms: number) {
  s.clock.now = new Date(s.clock.now.getTime() + ms);
  // Sessions end 12 hours after sign-in: keep them alive across the jump (signing in again costs an argon2 each).
  if (ms >= 6 * HOUR) await s.ctx.db.kysely.updateTable('sessions').set({ expires_at: new Date(s.clock.now.getTime() + 12 * HOUR).toISOString() }).execute();
}

/** The first `event` of that name on the user's event stream, after `act` ran. */
async function nextEvent(c: Client, name: string, act: () => Promise<unknown>): Promise<any> {
  const ac = new AbortController();
  const res = await fetch(`${s.url}/api/v1/events`, { headers: { cookie: c.cookie }, signal: ac.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let acted = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buf += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const ev = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (ev === 'ready' && !acted) {
          acted = true;
          await act();
        } else if (ev === name) return JSON.parse(data!);
      }
    }
  } finally {
    ac.abort();
  }
}

describe('systems register', () => {
  it('an agency sees its own systems; the incident team all, with the approving decision read from the document', async () => {
    const own = await stcOfficer.get('/api/v1/security/systems');
    expect(own.status).toBe(200);
    expect(own.body.items.every((x: any) => x.orgId === org('stc'))).toBe(true);
    const all = await responder.get('/api/v1/security/systems');
    expect(all.body.total).toBeGreaterThanOrEqual(8);
    const approved = all.body.items.find((x: any) => x.dossierState === 'approved');
    const doc = await admin.get(`/api/v1/documents/${approved.approvalDocument.id}`);
    expect(approved.approvalDocument).toMatchObject({ symbol: doc.body.symbol, typeCode: 'QD' });
    // An approved dossier needs its decision; another agency's system cannot be edited.
    const bad = await stcOfficer.post('/api/v1/security/systems', { name: 'Hệ thống thử', hosting: 'cloud', level: 2, dossierState: 'approved' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('approvalDocumentId');
    // What the monitoring reads: per agency, the level approved (none while not approved).
    const byAgency = await systemsByAgency(s.ctx.db.kysely);
    const syt = byAgency.get(org('syt'))!;
    expect(syt.map((x) => x.approvedLevel)).toEqual([null, null]);
    expect(byAgency.get(org('vpubnd'))!.map((x) => x.approvedLevel)).toEqual([3, 3]);
    const foreign = all.body.items.find((x: any) => x.orgId === org('syt'));
    expect((await stcOfficer.patch(`/api/v1/security/systems/${foreign.id}`, { level: 1 })).status).toBe(404);
  });

  it('a province-wide role narrows the register to one agency; the filter never widens what an agency sees', async () => {
    const all = (await responder.get('/api/v1/security/systems')).body;
    const sytOnly = await responder.get(`/api/v1/security/systems?orgId=${org('syt')}`);
    expect(sytOnly.status).toBe(200);
    expect(sytOnly.body.items.map((x: any) => x.id)).toEqual(all.items.filter((x: any) => x.orgId === org('syt')).map((x: any) => x.id));
    expect(sytOnly.body.total).toBe(2);
    expect(sytOnly.body.byLevel).toEqual(Object.fromEntries(['1', '2', '3', '4', '5'].map((l) => [l, sytOnly.body.items.filter((x: any) => String(x.level) === l).length])));
    // A bad value is a 400 in both languages: not a number, zero, an organisation that does not exist.
    for (const bad of ['abc', '0', '99999999']) {
      const r = await responder.get(`/api/v1/security/systems?orgId=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
    }
    // An agency's officer asking for another agency gets nothing of it; for its own, its own.
    const foreign = await stcOfficer.get(`/api/v1/security/systems?orgId=${org('syt')}`);
    expect(foreign.status).toBe(200);
    expect(foreign.body).toMatchObject({ total: 0, items: [] });
    const own = await stcOfficer.get(`/api/v1/security/systems?orgId=${org('stc')}`);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((x: any) => x.orgId === org('stc'))).toBe(true);
  });
});

describe('an incident', () => {
  let id: number;
  let fileId: number;

  it('the initial report reaches the incident team live and the team and the Police by mail', async () => {
    const stcSystem = (await stcOfficer.get('/api/v1/security/systems')).body.items[0];
    const detectedAt = new Date(s.clock.now.getTime() - 2 * HOUR).toISOString();
    let created: any;
    const event = await nextEvent(responder, 'incident', async () => {
      created = await stcOfficer.post('/api/v1/security/incidents', {
        title: 'Máy trạm nhiễm mã độc đào tiền ảo',
        description: 'Phần mềm diệt virus cảnh báo 5 máy trạm phòng Ngân sách chạy tiến trình lạ.',
        detectedAt,
        severity: 'medium',
        systemIds: [stcSystem.id],
        actionsTaken: 'Ngắt mạng 5 máy.',
        helpWanted: 'Cần hỗ trợ phân tích.',
      });
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    expect(event).toMatchObject({ id, orgId: org('stc'), severity: 'medium' });
    expect(created.body).toMatchObject({ status: 'reported', initialOnTime: true, overdue: false, systems: [{ id: stcSystem.id }] });
    const mails = await s.ctx.db.kysely.selectFrom('outbox').select(['to_address', 'subject']).where('dedupe_key', 'like', `incident:${id}:%`).execute();
    const to = mails.map((m) => m.to_address).sort();
    expect(to).toEqual(expect.arrayContaining(['ungcuu.skhcn@skhcn.dongnai.gov.vn', 'pa05.cat@cat.dongnai.gov.vn']));
    expect(mails[0]!.subject).toContain(`#${id}`);
    // Bad input is a clear 400; the team may report for an agency, but only a real one.
    expect((await responder.post('/api/v1/security/incidents', { title: 'x', description: 'y', detectedAt, severity: 'low', orgId: 999999 })).body.error.field).toBe('orgId');
    const bad = await stcOfficer.post('/api/v1/security/incidents', { title: 'x', description: 'y', detectedAt: 'hôm qua', severity: 'medium' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('detectedAt');
  });

  it('need to know: another agency, a specialist without the security role and an anonymous caller get 404, file included', async () => {
    const up = await stcOfficer.upload(`/api/v1/security/incidents/${id}/files`, 'nhat-ky.pdf', pdfBytes('log'));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    fileId = up.body.id;
    const anonymous = new Client(s.url);
    for (const c of [sytOfficer, stcSpecialist, anonymous]) {
      expect((await c.get(`/api/v1/security/incidents/${id}`)).status).toBe(404);
      expect((await c.get(`/api/v1/security/incidents/${id}/files/${fileId}`)).status).toBe(404);
      expect((await c.get(`/api/v1/security/incidents/${id}/report.pdf`)).status).toBe(404);
    }
    expect((await stcSpecialist.get('/api/v1/security/incidents')).body.items).toEqual([]);
    expect((await sytOfficer.get('/api/v1/security/incidents')).body.items.some((i: any) => i.id === id)).toBe(false);
    for (const c of [stcOfficer, responder, police, admin]) expect((await c.get(`/api/v1/security/incidents/${id}`)).status).toBe(200);
    const file = await police.get(`/api/v1/security/incidents/${id}/files/${fileId}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(file.raw).subarray(0, 5).toString()).toBe('%PDF-');
    // Nothing of it on the portal.
    const portal = await fetch(`${s.url}/`).then((r) => r.text());
    expect(portal).not.toContain('đào tiền ảo');
  });

  it('the live event goes to whom need to know admits, and to no one else', async () => {
    const feed = incidentFeed(s.ctx);
    const [row] = await feed.readIds([id]);
    const viewer = (c: Client) => ({ userId: c.user.userId, agencyId: c.user.agencyId, roles: c.user.roles, isProvinceAdmin: c.user.isProvinceAdmin });
    for (const c of [stcOfficer, responder, police, admin]) expect(feed.audience(row!, viewer(c)), c.user.username).toBe(true);
    for (const c of [stcSpecialist, sytOfficer]) expect(feed.audience(row!, viewer(c)), c.user.username).toBe(false);
  });

  it('the access log shows who read it and what; only the incident team reads the log', async () => {
    const log = await responder.get(`/api/v1/security/incidents/${id}/access-log`);
    expect(log.status).toBe(200);
    const who = new Set(log.body.items.map((r: any) => r.userName));
    for (const c of [stcOfficer, police, admin]) expect(who.has(c.user.fullName)).toBe(true);
    expect(log.body.items.some((r: any) => r.what === `file:${fileId}` && r.userName === police.user.fullName)).toBe(true);
    // The refused readers left no trace as readers.
    expect(who.has(sytOfficer.user.fullName)).toBe(false);
    expect((await stcOfficer.get(`/api/v1/security/incidents/${id}/access-log`)).status).toBe(403);
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select('action').where('entity_type', '=', 'security_incident').where('entity_id', '=', String(id)).execute();
    expect(audit.filter((a) => a.action === 'security.incident.read').length).toBe(log.body.items.length);
  });

  it('is followed through its steps, each timed, to a final report past its deadline', async () => {
    expect((await stcOfficer.post(`/api/v1/security/incidents/${id}/acknowledge`, {})).status).toBe(403);
    expect((await responder.post(`/api/v1/security/incidents/${id}/resolve`, {})).status).toBe(409);
    await move(HOUR);
    const ack = await responder.post(`/api/v1/security/incidents/${id}/acknowledge`, { text: 'Đã tiếp nhận.' });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).toBe(s.clock.now.toISOString());
    await move(HOUR);
    const upd = await stcOfficer.post(`/api/v1/security/incidents/${id}/updates`, { text: 'Đã cài lại 5 máy trạm.' });
    expect(upd.body.status).toBe('handling');
    await move(HOUR);
    await police.post(`/api/v1/security/incidents/${id}/updates`, { text: 'Thu thập mẫu mã độc.' });
    await move(24 * HOUR);
    const res = await responder.post(`/api/v1/security/incidents/${id}/resolve`, { text: 'Đã xử lý xong.' });
    expect(res.body).toMatchObject({ status: 'resolved', finalOverdue: false, overdue: false });
    const resolvedAt = Date.parse(res.body.resolvedAt);
    expect(Date.parse(res.body.finalDue)).toBe(resolvedAt + 5 * 24 * HOUR);
    const updates = res.body.events.filter((e: any) => e.kind === 'update');
    expect(updates.map((e: any) => e.userName)).toEqual([stcOfficer.user.fullName, police.user.fullName]);

    await move(6 * 24 * HOUR);
    const late = await responder.get(`/api/v1/security/incidents/${id}`);
    expect(late.body).toMatchObject({ finalOverdue: true, overdue: true });
    expect((await responder.get('/api/v1/security/incidents?overdue=true')).body.items.some((i: any) => i.id === id)).toBe(true);
    const fin = await stcOfficer.post(`/api/v1/security/incidents/${id}/final-report`, { cause: 'Phần mềm bẻ khóa.', damage: 'Không mất dữ liệu.', lessons: 'Cấm cài phần mềm không rõ nguồn gốc.' });
    expect(fin.status).toBe(200);
    expect(fin.body).toMatchObject({ status: 'closed', finalOverdue: true, overdue: false, cause: 'Phần mềm bẻ khóa.' });
    expect((await stcOfficer.post(`/api/v1/security/incidents/${id}/updates`, { text: 'nữa' })).status).toBe(409);

    const pdf = await responder.get(`/api/v1/security/incidents/${id}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('an initial report later than 5 days after detection is late; the summary counts it', async () => {
    const r = await stcOfficer.post('/api/v1/security/incidents', { title: 'Lộ mật khẩu hộp thư', description: 'Phát hiện qua rà soát.', detectedAt: new Date(s.clock.now.getTime() - 6 * 24 * HOUR).toISOString(), severity: 'low' });
    expect(r.body).toMatchObject({ initialOnTime: false, overdue: true });
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(s.clock.now));
    const month = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', month: 'numeric' }).format(s.clock.now));
    const x = await responder.get(`/api/v1/security/incidents/summary.xlsx?year=${month === 12 && Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric' }).format(s.clock.now)) >= 15 ? year + 1 : year}&period=year`);
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw);
    const rows = wb.getWorksheet('Danh sach su co')!.getSheetValues().flat().map(String);
    expect(rows).toContain('Lộ mật khẩu hộp thư');
    // The same summary from the command line, for an administrator's scheduled job.
    const out = path.join(os.tmpdir(), `su-co-${process.pid}.xlsx`);
    const adminActor = (await loadActor(s.ctx, admin.user.userId, 'system'))!;
    expect(await securityCommand(s.ctx, adminActor, 'summary', ['--year', String(Number(x.headers.get('content-disposition')!.match(/(\d{4})\.xlsx/)![1])), '--period', 'year', '--out', out])).toBe(0);
    const fromCli = new ExcelJS.Workbook();
    await fromCli.xlsx.readFile(out);
    expect(fromCli.getWorksheet('Danh sach su co')!.getSheetValues().flat().map(String)).toContain('Lộ mật khẩu hộp thư');
    fs.rmSync(out);
    expect(await securityCommand(s.ctx, adminActor, 'summary', ['--year', 'x', '--out', out])).toBe(2);
    const stats = await responder.get('/api/v1/security/incidents/stats');
    expect(stats.body.months).toHaveLength(12);
  });

  it('the summary of an earlier report year is offered and holds that year’s incidents', async () => {
    const detected = new Date(s.clock.now.getTime() - 365 * 24 * HOUR);
    const r = await stcOfficer.post('/api/v1/security/incidents', { title: 'Mã độc năm trước', description: 'Phát hiện muộn qua rà soát nhật ký.', detectedAt: detected.toISOString(), severity: 'medium' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const thisYear = summaryYearOf(localDate(s.clock.now));
    const earlier = summaryYearOf(localDate(detected));
    expect(earlier).toBeLessThan(thisYear);
    const stats = await responder.get('/api/v1/security/incidents/stats');
    expect(stats.body.years[0]).toBe(thisYear);
    expect(stats.body.years).toContain(earlier);
    expect([...stats.body.years].sort((a: number, b: number) => b - a)).toEqual(stats.body.years);
    const titles = async (year: number) => {
      const x = await responder.get(`/api/v1/security/incidents/summary.xlsx?year=${year}&period=year`);
      expect(x.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.raw);
      return wb.getWorksheet('Danh sach su co')!.getSheetValues().flat().map(String);
    };
    expect(await titles(earlier)).toContain('Mã độc năm trước');
    expect(await titles(thisYear)).not.toContain('Mã độc năm trước');
    // Need to know holds for an earlier year too: another agency's officer does not get it.
    const x = await sytOfficer.get(`/api/v1/security/incidents/summary.xlsx?year=${earlier}&period=year`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw);
    expect(wb.getWorksheet('Danh sach su co')!.getSheetValues().flat().map(String)).not.toContain('Mã độc năm trước');
  });
});

describe('an inspection', () => {
  it('three recommendations: two closed, one reopened and overdue; the conclusion is a document in the agency inbox', async () => {
    const year = new Date().getUTCFullYear();
    const plan = await inspector.post('/api/v1/security/plans', { year, title: `Kế hoạch kiểm tra ATTT năm ${year} (thử)` });
    expect(plan.status).toBe(201);
    const insp = await inspector.post(`/api/v1/security/plans/${plan.body.id}/inspections`, { targetOrgId: org('stc'), plannedMonth: 6, scope: 'Quản lý tài khoản đặc quyền' });
    expect(insp.status).toBe(201);
    const iid = insp.body.id;
    expect((await stcOfficer.post(`/api/v1/security/plans/${plan.body.id}/inspections`, { targetOrgId: org('stc'), plannedMonth: 6, scope: 'x' })).status).toBe(403);
    const today = (d: number) => new Date(s.clock.now.getTime() + d * 24 * HOUR).toISOString().slice(0, 10);
    const rec = await inspector.post(`/api/v1/security/inspections/${iid}/record`, { team: 'Đoàn Công an tỉnh', inspectedOn: today(-1), findings: [{ text: 'Tài khoản quản trị dùng chung', severity: 'high' }] });
    expect(rec.body.status).toBe('done');
    const concluded = await inspector.post(`/api/v1/security/inspections/${iid}/conclude`, {
      summary: 'Còn thiếu sót trong quản lý tài khoản.',
      recommendations: [
        { text: 'Tách tài khoản quản trị theo người.', deadline: today(10) },
        { text: 'Bật xác thực hai yếu tố.', deadline: today(10) },
        { text: 'Rà soát quyền truy cập hằng quý.', deadline: today(3) },
      ],
    });
    expect(concluded.status, JSON.stringify(concluded.body)).toBe(200);
    expect(concluded.body.status).toBe('concluded');
    const letter = concluded.body.conclusion;
    const inbox = await signIn(s.url, 'vanthu.stc');
    const doc = await inbox.get(`/api/v1/documents/${letter.id}`);
    expect(doc.status).toBe(200);
    expect(letter.symbol).toBe(doc.body.symbol);

    const [a, b, c] = concluded.body.recommendations;
    expect((await inspector.post(`/api/v1/security/recommendations/${a.id}/decision`, { close: false, text: 'chưa' })).status).toBe(409);
    for (const r of [a, b, c]) expect((await stcOfficer.post(`/api/v1/security/recommendations/${r.id}/report`, { text: 'Đã thực hiện.' })).status).toBe(200);
    expect((await stcSpecialist.post(`/api/v1/security/recommendations/${a.id}/report`, { text: 'x' })).status).toBe(404);
    expect((await stcOfficer.post(`/api/v1/security/recommendations/${a.id}/decision`, { close: true })).status).toBe(403);
    await inspector.post(`/api/v1/security/recommendations/${a.id}/decision`, { close: true });
    await inspector.post(`/api/v1/security/recommendations/${b.id}/decision`, { close: true, text: 'Đạt.' });
    const reopened = await inspector.post(`/api/v1/security/recommendations/${c.id}/decision`, { close: false, text: 'Chưa có biên bản rà soát.' });
    expect(reopened.body.recommendations.map((r: any) => r.status)).toEqual(['closed', 'closed', 'reopened']);
    expect(reopened.body.overdueRecommendations).toBe(0);

    await move(5 * 24 * HOUR);
    const later = await stcOfficer.get(`/api/v1/security/inspections/${iid}`);
    expect(later.body.recommendations.map((r: any) => r.overdue)).toEqual([false, false, true]);
    expect(later.body).toMatchObject({ openRecommendations: 1, overdueRecommendations: 1 });
    const byAgency = await inspector.get('/api/v1/security/recommendations/by-agency');
    expect(byAgency.body.items.find((x: any) => x.orgId === org('stc'))).toMatchObject({ total: 3, open: 1, overdue: 1, closed: 2 });
    // An agency not inspected does not see it.
    expect((await sytOfficer.get(`/api/v1/security/inspections/${iid}`)).status).toBe(404);
  });
});
