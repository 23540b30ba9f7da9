import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn } from './helpers/client.js';
import type { Actor } from '../src/modules/context.js';
import { computeMonth, queueMonitoringReminders } from '../src/modules/monitoring/index.js';
import { drillDown } from '../src/modules/monitoring/queries.js';
import { getReport } from '../src/modules/monitoring/reports.js';
import { periodWindow, submitDeadline, daysBetweenInstants, percentile, draftSummary, superiorHeader, placeOf } from '../src/domain/monitoring.js';
import { conflict } from '../src/domain/errors.js';

/**
 * Monthly monitoring on a seeded month (2024-06: data from 15/05 to 14/06/2024, Vietnam
 * time) with known documents, items, mails, procedures and tasks of two new agencies; every
 * automatic value is the one computed here by hand, at the period's boundaries.
 */
const MONTH = '2024-06';
let s: TestServer;
let A: number;
let B: number;
let C: number;
let userId: number;
const ids: Record<string, number> = {};
const put = (c: Awaited<ReturnType<typeof signIn>>, p: string, body: unknown) => c.request('PUT', p, body);

const actorOf = (orgId: number, roles: Actor['roles'] = ['specialist']): Actor => ({ userId, username: 'x', fullName: 'Người thử', orgId, agencyId: orgId, roles, isProvinceAdmin: false, via: 'system' });

async function org(name: string, short: string) {
  const db = s.ctx.db.kysely;
  const province = await db.selectFrom('organizations').select('id').where('kind', '=', 'province').executeTakeFirstOrThrow();
  const r = await db
    .insertInto('organizations')
    .values({ code: null, name, short_name: short, kind: 'agency', parent_id: province.id, email: null, address: null, phone: null, website: null, active: 1, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-06-01T00:00:00.000Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

async function doc(key: string, o: { orgId: number | null; issuedAt?: string; confidentiality?: 'thuong' | 'mat'; recipients?: number[] }) {
  const db = s.ctx.db.kysely;
  const at = o.issuedAt ?? '2024-05-01T00:00:00.000Z';
  const r = await db
    .insertInto('documents')
    .values({
      origin: o.orgId ? 'internal' : 'external', org_id: o.orgId, external_sender: o.orgId ? null : 'Bộ Thử nghiệm', created_by: null, state: 'issued', type_code: 'BC', summary: `Văn bản ${key}`, content: null,
      signer_name: null, signer_position: null, signer_competence: null, urgency: 'thuong', confidentiality: o.confidentiality ?? 'thuong', due_date: null, reply_to_id: null, drafting_unit: null, register_id: null,
      number: 1, notation: 'BC-T', symbol: `${key}/BC-T`, issue_year: 2024, issued_at: at, doc_date: at.slice(0, 10), copy_kind: null, copy_of_id: null, copies_count: null, record_keeper: null, notes: null,
      search_text: key, access_tokens: '', created_at: at, updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = r.id;
  for (const rc of o.recipients ?? []) await db.insertInto('document_recipients').values({ document_id: r.id, org_id: rc }).execute();
  return r.id;
}

async function item(key: string, documentIdIn: number | null, orgId: number, o: { arrived: string; paper?: boolean; deadline?: string | null; completed?: string | null; withdrawn?: boolean; recall?: '13' | '15' | '16' | null }) {
  const documentId = documentIdIn ?? (await doc(`${key}-doc`, { orgId: null }));
  const r = await s.ctx.db.kysely
    .insertInto('inbox_items')
    .values({
      document_id: documentId, org_id: orgId, status: o.completed ? '06' : '03', withdrawn: o.withdrawn ? 1 : 0, recall_state: o.recall ?? null, is_paper: o.paper ? 1 : 0, register_id: null, arrival_number: null, arrival_year: null,
      arrived_at: o.arrived, registered_at: o.arrived, deadline: o.deadline ?? null, result_note: null, reply_document_id: null, completed_at: o.completed ?? null, updated_at: o.arrived,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = r.id;
  return r.id;
}

beforeAll(async () => {
  s = await startServer();
  s.clock.now = new Date('2024-06-17T03:00:00.000Z'); // Monday 17/06/2024, before the deadline (Tuesday 18/06)
  const db = s.ctx.db.kysely;
  userId = (await db.selectFrom('users').select('id').where('username', '=', 'cntt.skhcn').executeTakeFirstOrThrow()).id;
  A = await org('Sở Thử nghiệm A', 'STNA');
  B = await org('Sở Thử nghiệm B', 'STNB');
  C = await org('Sở Thử nghiệm C', 'STNC');

  // Outgoing of A.
  const d1 = await doc('d1', { orgId: A, issuedAt: '2024-05-20T02:00:00.000Z', recipients: [B] });
  await item('d1b', d1, B, { arrived: '2024-05-20T02:00:00.000Z' });
  await doc('d2', { orgId: A, issuedAt: '2024-05-21T02:00:00.000Z', recipients: [B], confidentiality: 'mat' }); // secret: paper
  const d3 = await doc('d3', { orgId: A, issuedAt: '2024-05-14T17:00:00.000Z', recipients: [B] }); // 15/05 00:00 local: first instant of the period
  await item('d3b', d3, B, { arrived: '2024-05-14T17:00:00.000Z', recall: '13' });
  const d4 = await doc('d4', { orgId: A, issuedAt: '2024-05-14T16:59:59.000Z', recipients: [B] }); // 14/05 23:59 local: previous period
  await item('d4b', d4, B, { arrived: '2024-05-14T16:59:59.000Z' });
  const d5 = await doc('d5', { orgId: A, issuedAt: '2024-06-14T16:59:00.000Z', recipients: [B, C] }); // C got no electronic item
  await item('d5b', d5, B, { arrived: '2024-06-14T16:59:00.000Z' });
  const d6 = await doc('d6', { orgId: A, issuedAt: '2024-06-14T17:00:00.000Z', recipients: [B] }); // 15/06 local: next period
  await item('d6b', d6, B, { arrived: '2024-06-14T17:00:00.000Z' });

  // Incoming of A.
  const ext = await doc('ext', { orgId: null });
  await item('i1', null, A, { arrived: '2024-05-20T02:00:00.000Z', deadline: '2024-05-25', completed: '2024-05-25T16:30:00.000Z' }); // 23:30 local on the day: on time
  await item('i2', null, A, { arrived: '2024-06-01T03:00:00.000Z', paper: true, deadline: '2024-06-05', completed: '2024-06-05T17:30:00.000Z' }); // 00:30 local the next day: late
  await item('i3', null, A, { arrived: '2024-06-10T00:00:00.000Z', deadline: '2024-06-12' }); // open, overdue at the end
  await item('i4', null, A, { arrived: '2024-06-13T00:00:00.000Z', deadline: '2024-06-15' }); // open, not yet due
  await item('i5', null, A, { arrived: '2024-05-14T16:00:00.000Z', deadline: '2024-05-30', completed: '2024-06-20T00:00:00.000Z' }); // arrived before, done after: overdue at the end
  await item('i6', null, A, { arrived: '2024-05-16T00:00:00.000Z', completed: '2024-05-18T00:00:00.000Z' }); // no deadline
  await item('i7', null, A, { arrived: '2024-06-02T00:00:00.000Z', deadline: '2024-06-03', withdrawn: true }); // recalled: never overdue

  // Official mail of A.
  const mail = (received: string, outcome: 'accepted' | 'refused' | 'duplicate') =>
    db.insertInto('mail_inbound').values({ source: 'smtp', message_id: `<${received}@x>`, raw_sha256: 'x', envelope_from: 'a@b.vn', from_address: 'a@b.vn', to_address: 'a@stna.vn', org_id: A, sender_org_id: null, subject: `Thư ${received}`, outcome, reason: null, document_id: null, inbox_item_id: null, related_document_id: null, received_at: received }).returning('id').executeTakeFirstOrThrow();
  ids.m1 = (await mail('2024-05-15T01:00:00.000Z', 'accepted')).id;
  ids.m2 = (await mail('2024-06-10T01:00:00.000Z', 'accepted')).id;
  await mail('2024-06-11T01:00:00.000Z', 'duplicate');
  await mail('2024-06-15T01:00:00.000Z', 'accepted');

  // Procedures A carries out: one with its only form on the portal, one missing one of two.
  await db.insertInto('blobs').values({ sha256: 'f'.repeat(64), size: 1, kind: 'docx', mime: 'application/octet-stream', created_at: '2024-01-01T00:00:00.000Z' }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  const proc = async (code: string, forms: string[], uploaded: string[]) => {
    const record = { code, name: `Thủ tục ${code}`, executionCases: [{ profileComponents: forms.map((f) => ({ name: f, attachments: [{ fileName: f }] })) }] };
    const p = await db
      .insertInto('procedures')
      .values({ code, name: `Thủ tục ${code}`, decision_number: null, formality_type: null, is_ward: 0, is_province: 1, is_ministry: 0, is_other: 0, record: JSON.stringify(record), search_text: code, owner_org_id: A, active: 1, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('procedure_agencies').values({ procedure_id: p.id, org_id: A, online_level: null, updated_at: '2024-01-01T00:00:00.000Z' }).execute();
    for (const f of uploaded) await db.insertInto('forms').values({ procedure_id: p.id, org_id: A, sha256: 'f'.repeat(64), file_name: f, title: f, size: 1, mime: 'application/octet-stream', created_at: '2024-02-01T00:00:00.000Z' }).execute();
    ids[code] = p.id;
  };
  await proc('T.001', ['to-khai.docx'], ['to-khai.docx']);
  await proc('T.002', ['mau-01.docx', 'mau-02.docx'], ['mau-01.docx']);

  // Directive tasks A leads.
  const task = async (key: string, deadline: string, doneAt: string | null) => {
    const t = await db
      .insertInto('tasks')
      .values({ document_id: ext, assigned_by_org_id: B, point_ref: key, content: `Nhiệm vụ ${key}`, lead_org_id: A, expected_output: null, priority: 'normal', recurrence: 'none', deadline, original_deadline: deadline, percent: 0, last_report_at: null, done_at: doneAt, accepted_at: null, returned_at: null, extension_asked: 0, created_by: userId, created_at: '2024-05-01T00:00:00.000Z', updated_at: '2024-05-01T00:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('task_orgs').values({ task_id: t.id, org_id: A, role: 'lead' }).execute();
    ids[key] = t.id;
  };
  await task('t1', '2024-06-10', null);
  await task('t2', '2024-06-10', '2024-06-09T01:00:00.000Z');
  await task('t3', '2024-06-20', null);
  await task('t4', '2024-06-14', '2024-06-15T01:00:00.000Z');

  await computeMonth(s.ctx, MONTH);
}, 180_000);
afterAll(() => s.close());

describe('periods (Decree 09/2019, Asia/Ho_Chi_Minh)', () => {
  it('runs from the 15th of the previous month to the 14th, local midnight to local midnight', () => {
    expect(periodWindow('2024-06')).toMatchObject({ from: '2024-05-15', to: '2024-06-14', startIso: '2024-05-14T17:00:00.000Z', endIso: '2024-06-14T17:00:00.000Z' });
    expect(periodWindow('2026-01', 20)).toMatchObject({ from: '2025-12-21', to: '2026-01-20' });
    expect(submitDeadline('2024-06-14', 2)).toBe('2024-06-18'); // Friday + 2 working days
    expect(percentile([5.6, 4.6, 2], 90)).toBe(5.6);
    expect(() => periodWindow('2024-13')).toThrow();
  });
});

describe('automatic indicators of a seeded month', () => {
  const value = async (code: string, orgId = A) => s.ctx.db.kysely.selectFrom('indicator_values').selectAll().where('month', '=', MONTH).where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
  const drill = async (code: string) => (await drillDown(s.ctx, actorOf(A), MONTH, A, code)).records;
  const counted = (rs: { id: number; counted: boolean }[]) => rs.filter((r) => r.counted).map((r) => r.id).sort((a, b) => a - b);
  const all = (rs: { id: number }[]) => rs.map((r) => r.id).sort((a, b) => a - b);
  const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

  it('outgoing sent fully electronically: d1, d3 of d1, d2 (secret), d3, d5 (one recipient on paper); d4, d6 outside', async () => {
    expect(await value('VB.DI_DIENTU')).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
    const rs = await drill('VB.DI_DIENTU');
    expect(all(rs)).toEqual(sorted(ids.d1!, ids.d2!, ids.d3!, ids.d5!));
    expect(counted(rs)).toEqual(sorted(ids.d1!, ids.d3!));
    expect(rs.find((r) => r.id === ids.d1)!.link).toBe(`/documents/${ids.d1}`);
  });
  it('recall rate: d3 of four', async () => {
    expect(await value('VB.THUHOI')).toMatchObject({ numerator: 1, denominator: 4, value: 25 });
    expect(counted(await drill('VB.THUHOI'))).toEqual([ids.d3]);
  });
  it('incoming received electronically: five of six arrivals (i2 on paper; i5 arrived before)', async () => {
    expect(await value('VB.DEN_DIENTU')).toMatchObject({ numerator: 5, denominator: 6, value: 83.33 });
    const rs = await drill('VB.DEN_DIENTU');
    expect(all(rs)).toEqual(sorted(ids.i1!, ids.i2!, ids.i3!, ids.i4!, ids.i6!, ids.i7!));
    expect(rs.filter((r) => !r.counted).map((r) => r.id)).toEqual([ids.i2]);
  });
  it('completed on time: i1 (23:30 on the deadline day) yes, i2 (00:30 the day after) no', async () => {
    expect(await value('VB.XULY_DUNGHAN')).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    const rs = await drill('VB.XULY_DUNGHAN');
    expect(all(rs)).toEqual(sorted(ids.i1!, ids.i2!));
    expect(counted(rs)).toEqual([ids.i1]);
  });
  it('average and p90 days from arrival to completion over i1, i2, i6', async () => {
    const days = [daysBetweenInstants('2024-05-20T02:00:00.000Z', '2024-05-25T16:30:00.000Z'), daysBetweenInstants('2024-06-01T03:00:00.000Z', '2024-06-05T17:30:00.000Z'), 2];
    expect(days).toEqual([5.6, 4.6, 2]);
    const v = await value('VB.XULY_TB_NGAY');
    expect(v).toMatchObject({ numerator: 12.2, denominator: 3, value: 4.07 });
    expect(JSON.parse(v!.extra!)).toEqual({ p90: 5.6 });
    expect(all(await drill('VB.XULY_TB_NGAY'))).toEqual(sorted(ids.i1!, ids.i2!, ids.i6!));
  });
  it('overdue at the end of 14/06: i3 and i5 (done only after); not i4 (due 15/06) nor i7 (recalled)', async () => {
    expect(await value('VB.QUAHAN')).toMatchObject({ numerator: 2, denominator: null, value: 2 });
    expect(all(await drill('VB.QUAHAN'))).toEqual(sorted(ids.i3!, ids.i5!));
  });
  it('documents received by official mail: two accepted in the period', async () => {
    expect(await value('TH.HOPTHU')).toMatchObject({ value: 2 });
    expect(all(await drill('TH.HOPTHU'))).toEqual(sorted(ids.m1!, ids.m2!));
  });
  it('procedures with all their forms: T.001 yes, T.002 no', async () => {
    expect(await value('TTHC.CONGKHAI_DU')).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    const rs = await drill('TTHC.CONGKHAI_DU');
    expect(counted(rs)).toEqual([ids['T.001']]);
    expect(rs.find((r) => r.id === ids['T.002'])!.note).toContain('mau-02.docx');
  });
  it('portal freshness: the agency page (changed 01/06) fresh, the procedures (01/01) stale', async () => {
    expect(await value('CONG.CAPNHAT')).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
  });
  it('directive tasks overdue: t1 and t4 (declared done after the cut-off)', async () => {
    expect(await value('NV.QUAHAN')).toMatchObject({ value: 2 });
    expect(all(await drill('NV.QUAHAN'))).toEqual(sorted(ids.t1!, ids.t4!));
  });
  it('an agency sees only its own values and records; the IT department and UBND leaders see all', async () => {
    await expect(drillDown(s.ctx, actorOf(B), MONTH, A, 'VB.QUAHAN')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(getReport(s.ctx, actorOf(B), MONTH, A)).rejects.toMatchObject({ kind: 'not_found' });
    expect((await drillDown(s.ctx, actorOf(s.ids.get('skhcn')!, ['it_officer']), MONTH, A, 'VB.QUAHAN')).records).toHaveLength(2);
    expect((await drillDown(s.ctx, actorOf(s.ids.get('ubnd')!, ['leader']), MONTH, A, 'VB.QUAHAN')).records).toHaveLength(2);
    const report = await getReport(s.ctx, actorOf(A), MONTH, A);
    expect(report.indicators.find((i) => i.code === 'VB.DI_DIENTU')).toMatchObject({ origin: 'automatic', value: 50, numerator: 2, denominator: 4, points: 5 });
    expect(report.indicators.find((i) => i.code === 'NL.CHUYENTRACH')).toMatchObject({ origin: 'reported', value: null });
  });
});

describe('a month end to end over HTTP', () => {
  it('two agencies report (one late, one returned and sent again), the province report is issued and arrives at the UBND', async () => {
    const stc = s.ids.get('stc')!;
    const syt = s.ids.get('syt')!;
    let stcUser = await signIn(s.url, 'chuyenvien.stc');
    let sytUser = await signIn(s.url, 'chuyenvien.syt');
    let it = await signIn(s.url, 'cntt.skhcn');

    // The day before the deadline: every agency with a mailbox and no report sent is reminded, once.
    expect((await queueMonitoringReminders(s.ctx)).queued).toBeGreaterThan(0);
    const reminded = await s.ctx.db.kysely.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'like', 'deadline:monitoring:2024-06:%').execute();
    expect(reminded.map((r) => r.dedupe_key)).toContain(`deadline:monitoring:2024-06:${stc}`);
    expect((await queueMonitoringReminders(s.ctx)).queued).toBe(0);

    const periods = await it.get('/api/v1/monitoring/periods');
    expect(periods.status).toBe(200);
    expect(periods.body.periods.map((p: { month: string }) => p.month)).toContain(MONTH);

    // STC on time, SYT after the deadline (Tuesday 18/06).
    let r = await put(stcUser, `/api/v1/monitoring/reports/${MONTH}/${stc}`, { reported: { 'NL.CHUYENTRACH': { value: 3 } }, results: 'Triển khai ký số cho 100% lãnh đạo.', problems: 'Thiếu cán bộ chuyên trách.', proposals: 'Bổ sung kinh phí đào tạo.' });
    expect(r.status).toBe(200);
    expect(r.body.indicators.find((i: { code: string }) => i.code === 'NL.CHUYENTRACH').value).toBe(3);
    expect((await put(stcUser, `/api/v1/monitoring/reports/${MONTH}/${stc}`, { reported: { 'VB.DI_DIENTU': { value: 100 } } })).status).toBe(400);
    expect((await put(sytUser, `/api/v1/monitoring/reports/${MONTH}/${stc}`, { results: 'x' })).status).toBe(403);
    expect((await sytUser.get(`/api/v1/monitoring/reports/${MONTH}/${stc}`)).status).toBe(404);
    r = await stcUser.post(`/api/v1/monitoring/reports/${MONTH}/${stc}/submit`, {});
    expect(r.body).toMatchObject({ status: 'submitted', late: false });

    s.clock.now = new Date('2024-06-19T02:00:00.000Z'); // sessions of two days ago have ended: sign in again
    [stcUser, sytUser, it] = [await signIn(s.url, 'chuyenvien.stc'), await signIn(s.url, 'chuyenvien.syt'), await signIn(s.url, 'cntt.skhcn')];
    const leader = await signIn(s.url, 'lanhdao.ubnd');
    await put(sytUser, `/api/v1/monitoring/reports/${MONTH}/${syt}`, { results: 'Cổng dịch vụ công vận hành ổn định.' });
    r = await sytUser.post(`/api/v1/monitoring/reports/${MONTH}/${syt}/submit`, {});
    expect(r.body).toMatchObject({ status: 'submitted', late: true });

    // Returned with comments, corrected and sent again: still late (the first sending counts).
    expect((await stcUser.post(`/api/v1/monitoring/reports/${MONTH}/${syt}/decision`, { decision: 'accept' })).status).toBe(403);
    expect((await it.post(`/api/v1/monitoring/reports/${MONTH}/${syt}/decision`, { decision: 'return' })).status).toBe(400);
    r = await it.post(`/api/v1/monitoring/reports/${MONTH}/${syt}/decision`, { decision: 'return', comment: 'Bổ sung khó khăn, vướng mắc.' });
    expect(r.body).toMatchObject({ status: 'returned', comment: 'Bổ sung khó khăn, vướng mắc.' });
    await put(sytUser, `/api/v1/monitoring/reports/${MONTH}/${syt}`, { problems: 'Hạ tầng mạng tuyến xã chưa ổn định.' });
    r = await sytUser.post(`/api/v1/monitoring/reports/${MONTH}/${syt}/submit`, {});
    expect(r.body).toMatchObject({ status: 'submitted', late: true });
    expect(r.body.events.map((e: { kind: string }) => e.kind)).toEqual(['saved', 'submitted', 'returned', 'saved', 'submitted']);
    expect((await it.post(`/api/v1/monitoring/reports/${MONTH}/${syt}/decision`, { decision: 'accept' })).body.status).toBe('accepted');
    expect((await it.post(`/api/v1/monitoring/reports/${MONTH}/${stc}/decision`, { decision: 'accept' })).body.status).toBe('accepted');

    // The dashboard: leaders and the IT department; an agency is refused.
    const dash = await leader.get(`/api/v1/monitoring/dashboard?month=${MONTH}`);
    expect(dash.status).toBe(200);
    expect(dash.body.trend.months).toHaveLength(12);
    expect(dash.body.ranking.find((a: { orgId: number }) => a.orgId === A).overdueDocuments).toBe(2);
    expect(dash.body.notReported.map((a: { orgId: number }) => a.orgId)).toContain(A);
    expect(dash.body.notReported.map((a: { orgId: number }) => a.orgId)).not.toContain(stc);
    expect(dash.body.scope).toBe('province');

    // An agency sees the same screen narrowed to itself: its figures, its rank among all, no other agency.
    const own = await stcUser.get(`/api/v1/monitoring/dashboard?month=${MONTH}`);
    expect(own.status).toBe(200);
    expect(own.body.scope).toBe('agency');
    expect(own.body.agencyCount).toBe(dash.body.ranking.length);
    expect(own.body.ranking).toEqual([dash.body.ranking.find((a: { orgId: number }) => a.orgId === stc)]);
    expect(own.body.notReported).toEqual([]);
    const stcValues = (await stcUser.get(`/api/v1/monitoring/reports/${MONTH}/${stc}`)).body.indicators as { code: string; value: number | null }[];
    for (const f of own.body.keyFigures as { code: string; value: number | null }[]) expect(f.value).toBe(stcValues.find((i) => i.code === f.code)!.value);
    expect(own.body.keyFigures.some((f: { value: number | null }, i: number) => f.value !== dash.body.keyFigures[i].value)).toBe(true);
    expect((await (await signIn(s.url, 'dn.dntech')).get(`/api/v1/monitoring/dashboard?month=${MONTH}`)).status).toBe(403);

    // The dashboard's tables as XLSX: all agencies for the leader, the agency's own row for it.
    const { default: ExcelJS } = await import('exceljs');
    const sheet = async (c: typeof leader) => {
      const x = await c.get(`/api/v1/monitoring/dashboard/export?month=${MONTH}`);
      expect(x.status).toBe(200);
      expect(x.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.raw);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Xep hang', 'Chua bao cao', 'Qua han']);
      const rows = (name: string) => wb.getWorksheet(name)!.getSheetValues().slice(4).map((r) => (r as unknown[]).slice(1));
      return { ranking: rows('Xep hang'), notReported: rows('Chua bao cao'), overdue: rows('Qua han') };
    };
    const all = await sheet(leader);
    expect(all.ranking).toHaveLength(dash.body.ranking.length);
    expect(all.ranking.find((r) => r[1] === 'Sở Thử nghiệm A')!.slice(4, 6)).toEqual([2, 2]);
    expect(all.notReported.map((r) => r[1])).toContain('Sở Thử nghiệm A');
    expect(all.overdue.map((r) => r[1])).toContain('Sở Thử nghiệm A');
    const mine = await sheet(stcUser);
    expect(mine.ranking.map((r) => r[1])).toEqual(['Sở Tài chính']);
    expect(mine.notReported).toEqual([]);

    // Consolidation: the drafted summary gathers the agencies' words; the officer edits it.
    let c = await it.get(`/api/v1/monitoring/consolidation/${MONTH}`);
    expect(c.body.drafted).toBe(true);
    expect(c.body.summary).toContain('Hạ tầng mạng tuyến xã chưa ổn định.');
    expect(c.body.late.map((l: { orgId: number }) => l.orgId)).toContain(syt);
    c = await put(it, `/api/v1/monitoring/consolidation/${MONTH}`, { summary: `${c.body.summary}\n\nIV. Nhiệm vụ tháng tới\n- Đôn đốc các cơ quan gửi báo cáo đúng hạn.` });
    expect(c.body.drafted).toBe(false);
    expect((await put(stcUser, `/api/v1/monitoring/consolidation/${MONTH}`, { summary: 'x' })).status).toBe(403);
    expect((await stcUser.get(`/api/v1/monitoring/consolidation/${MONTH}`)).status).toBe(404);

    const xlsx = await it.get(`/api/v1/monitoring/consolidation/${MONTH}/export?format=xlsx`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Toan tinh', 'Xep hang', 'Theo co quan', 'Bao cao muon']);

    // The header and the signer's title come from the directory: renamed there, printed so.
    const db = s.ctx.db.kysely;
    const skhcn = s.ids.get('skhcn')!;
    const province = await db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'province').executeTakeFirstOrThrow();
    const ubnd = await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', s.ids.get('ubnd')!).executeTakeFirstOrThrow();
    await db.updateTable('organizations').set({ name: 'Tỉnh Biên Hòa Mới' }).where('id', '=', province.id).execute();
    await db.updateTable('organizations').set({ name: 'Ủy ban nhân dân tỉnh Biên Hòa Mới' }).where('id', '=', ubnd.id).execute();
    await db.updateTable('agency_contacts').set({ position: 'Quyền Giám đốc' }).where('org_id', '=', skhcn).where('kind', '=', 'leader').execute();
    c = await it.get(`/api/v1/monitoring/consolidation/${MONTH}`);
    expect(c.body.signer).toEqual({ name: 'Lê Minh Đạt', position: 'Quyền Giám đốc' });

    // A failure inside the issue leaves nothing behind: no draft, no file, no number taken, the report not issued.
    const documentsOf = async () => Number((await db.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).where('org_id', '=', skhcn).executeTakeFirstOrThrow()).n);
    const before = await documentsOf();
    const lastNumber = Number((await db.selectFrom('documents').select((eb) => eb.fn.max('number').as('n')).where('org_id', '=', skhcn).where('issue_year', '=', 2024).where('type_code', '=', 'BC').executeTakeFirst())?.n ?? 0);
    let failing = true;
    s.ctx.hooks.on('dispatched', async () => {
      if (failing) throw conflict('test_failure', 'Lỗi thử nghiệm khi gửi.', 'A test failure while dispatching.');
    });
    expect((await it.post(`/api/v1/monitoring/consolidation/${MONTH}/issue`, { signerName: 'Nguyễn Văn Đức' })).status).toBe(409);
    failing = false;
    expect(await documentsOf()).toBe(before);
    expect((await it.get(`/api/v1/monitoring/consolidation/${MONTH}`)).body.document).toBeNull();

    c = await it.post(`/api/v1/monitoring/consolidation/${MONTH}/issue`, { signerName: 'Nguyễn Văn Đức' });
    expect(c.status).toBe(200);
    expect(await documentsOf()).toBe(before + 1);
    expect(c.body.signer).toEqual({ name: 'Nguyễn Văn Đức', position: 'Quyền Giám đốc' });
    expect(c.body.document.symbol).toMatch(/^\d+\/BC-SKHCN$/);
    expect((await it.post(`/api/v1/monitoring/consolidation/${MONTH}/issue`, { signerName: 'Nguyễn Văn Đức' })).status).toBe(409);

    // The PDF read back: the header, the figures, the ranking.
    const pdf = await it.get(`/api/v1/monitoring/consolidation/${MONTH}/export?format=pdf`);
    const file = path.join(os.tmpdir(), `monitoring-${process.pid}.pdf`);
    fs.writeFileSync(file, Buffer.from(pdf.raw));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    fs.rmSync(file);
    await db.updateTable('organizations').set({ name: province.name }).where('id', '=', province.id).execute();
    await db.updateTable('organizations').set({ name: ubnd.name }).where('id', '=', ubnd.id).execute();
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('UBND TỈNH BIÊN HÒA MỚI');
    expect(text).not.toContain('ĐỒNG NAI');
    expect(text).toMatch(/Biên Hòa Mới, ngày \d{2} tháng 06 năm 2024/);
    expect(text).toContain('QUYỀN GIÁM ĐỐC');
    // The number the register gave the failed attempt was rolled back with it: this one follows the last.
    expect(Number(c.body.document.symbol.split('/')[0])).toBe(lastNumber + 1);
    expect(text).toContain(`Số: ${c.body.document.symbol}`);
    expect(text).toContain('Nơi nhận');
    expect(text).toContain('Sở Thử nghiệm A');
    expect(text).toMatch(/VB\.DI_DIENTU\s.*\s2\s+4\s+50/);
    expect(text).toMatch(/Sở Tài chính\s+83,33\s+Khá/);
    expect(text).toContain('Xếp hạng');
    expect(text).toContain('II. Khó khăn, vướng mắc');
    expect(text).toContain('Sở Y tế: Hạ tầng');

    // In the People's Committee's inbox.
    const ubndClerk = await signIn(s.url, 'vanthu.ubnd');
    const inbox = await ubndClerk.get('/api/v1/inbox?limit=10');
    expect(inbox.body.items.some((i: { documentId: number }) => i.documentId === c.body.document.id)).toBe(true);
  }, 300_000);
  it('the portal publishes only the indicators the IT department marks public, with open data', async () => {
    const page = await fetch(`${s.url}/chi-so?thang=${MONTH}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const text = await page.text();
    expect(text).toContain('Văn bản đi gửi hoàn toàn điện tử'); // public by default
    expect(text).not.toContain('Nhiệm vụ được giao quá hạn'); // not public
    expect(text).toContain('Sở Thử nghiệm A');
    const csv = await (await fetch(`${s.url}/du-lieu-mo/chi-so.csv?thang=${MONTH}`)).text();
    expect(csv.split('\r\n')[0]).toBe('thang,co_quan,TTHC.CONGKHAI_DU,VB.DEN_DIENTU,VB.DI_DIENTU,VB.XULY_DUNGHAN');
    expect(csv).toContain(`${MONTH},Sở Thử nghiệm A,50,83.33,50,50`);
    expect((await fetch(`${s.url}/chi-so?thang=2024-13`)).status).toBe(400);

    // The IT department publishes one more indicator; bands are data it edits, checked.
    const it = await signIn(s.url, 'cntt.skhcn');
    const before = (await it.get('/api/v1/monitoring/settings')).body;
    expect((await put(it, '/api/v1/monitoring/settings', { bands: { tot: 60, kha: 70, trung_binh: 50, yeu: 0 } })).status).toBe(400);
    expect((await put(it, '/api/v1/monitoring/settings', { publicCodes: ['KHONG.CO'] })).status).toBe(400);
    expect((await put(await signIn(s.url, 'chuyenvien.stc'), '/api/v1/monitoring/settings', { publicCodes: [] })).status).toBe(403);
    const after = await put(it, '/api/v1/monitoring/settings', { publicCodes: [...before.publicCodes, 'NV.QUAHAN'] });
    expect(after.status).toBe(200);
    expect(await (await fetch(`${s.url}/chi-so?thang=${MONTH}`)).text()).toContain('Nhiệm vụ được giao quá hạn');
  });
  it('the command line computes a month and exports the province report', async () => {
    const { monitoringCommand, reportCommand } = await import('../src/modules/monitoring/cli.js');
    const admin = actorOf(s.ids.get('skhcn')!, ['it_officer']);
    expect(await monitoringCommand(s.ctx, admin, 'compute', ['--month', MONTH])).toBe(0);
    const out = path.join(os.tmpdir(), `monitoring-cli-${process.pid}.xlsx`);
    expect(await reportCommand(s.ctx, admin, 'export', ['--month', MONTH, '--format', 'xlsx', '--out', out])).toBe(0);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    fs.rmSync(out);
    const ranking = wb.getWorksheet('Xep hang')!;
    const names: string[] = [];
    ranking.eachRow((r) => names.push(String(r.getCell(2).value)));
    expect(names).toContain('Sở Thử nghiệm A');
    await expect(reportCommand(s.ctx, admin, 'export', ['--month', MONTH, '--format', 'doc', '--out', out])).rejects.toThrow(/usage/);
  });
  it('the report header names the People’s Committee from the directory, shortened as Decree 30 prints it', () => {
    expect(superiorHeader('Ủy ban nhân dân tỉnh Đồng Nai', 'Tỉnh Đồng Nai')).toBe('UBND TỈNH ĐỒNG NAI');
    expect(superiorHeader('Ủy ban nhân dân thành phố Cần Thơ', null)).toBe('UBND THÀNH PHỐ CẦN THƠ');
    expect(superiorHeader(null, 'Tỉnh Lâm Đồng')).toBe('UBND TỈNH LÂM ĐỒNG');
    expect(placeOf('Tỉnh Đồng Nai')).toBe('Đồng Nai');
    expect(placeOf('Thành phố Huế')).toBe('Huế');
  });
  it('draft summary helper lists each agency under the three headings', () => {
    const t = draftSummary('2024-06', [{ orgName: 'Sở A', results: 'Tốt', problems: null, proposals: 'Thêm' }]);
    expect(t).toContain('I. Kết quả đạt được\n- Sở A: Tốt');
    expect(t).toContain('II. Khó khăn, vướng mắc\n- Không có nội dung.');
  });
});
