import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { TASK_STATUSES, taskStatus, type TaskStatus } from '../src/domain/tasks.js';

/**
 * The board's counts are kept (per agency and status, with the day a task becomes overdue)
 * instead of computed over every task: after each kind of change, and across a due day in
 * Vietnam's time zone, what the board shows must equal a count made directly from the tasks
 * with the domain rule.
 */

let s: TestServer;
let officer: Client, syt: Client, stc: Client;
let directiveId: number;

beforeAll(async () => {
  s = await startServer();
  [officer, syt, stc] = await Promise.all([signIn(s.url, 'nhiemvu.vpubnd'), signIn(s.url, 'chuyenvien.syt'), signIn(s.url, 'chuyenvien.stc')]);
  directiveId = (await s.ctx.db.kysely.selectFrom('documents').select('id').where('type_code', '=', 'CT').executeTakeFirstOrThrow()).id;
});
afterAll(() => s.close());

const org = (key: string) => s.ids.get(key)!;
const at = (iso: string) => (s.clock.now = new Date(iso));

/** The counts of the tasks an agency sees (null: every task), straight from the rows and the rule. */
async function directCount(agencyId: number | null) {
  const db = s.ctx.db.kysely;
  const tasks = await db.selectFrom('tasks').selectAll().execute();
  const links = await db.selectFrom('task_orgs').select(['task_id', 'org_id']).execute();
  const counts = Object.fromEntries(TASK_STATUSES.map((x) => [x, 0])) as Record<TaskStatus, number>;
  let overdue = 0;
  const overdueIds: number[] = [];
  for (const t of tasks) {
    if (agencyId !== null && t.assigned_by_org_id !== agencyId && !links.some((l) => l.task_id === t.id && l.org_id === agencyId)) continue;
    const c = taskStatus({ deadline: t.deadline, recurrence: t.recurrence, createdAt: t.created_at, percent: t.percent, lastReportAt: t.last_report_at, doneAt: t.done_at, acceptedAt: t.accepted_at, returnedAt: t.returned_at, extensionAsked: Number(t.extension_asked) === 1 }, s.clock.now);
    counts[c.status]++;
    if (c.overdue) overdue++;
    if (c.status === 'overdue') overdueIds.push(t.id);
  }
  return { counts, overdue, total: Object.values(counts).reduce((a, b) => a + b, 0), overdueIds: overdueIds.sort((a, b) => a - b) };
}

/** The board of the UBND Office and of an agency equal the direct count; answers the agency's board. */
async function boardsAgree() {
  const expected = { office: await directCount(null), syt: await directCount(org('syt')) };
  for (const [who, client, direct] of [['office', officer, expected.office], ['syt', syt, expected.syt]] as const) {
    const board = await client.get('/api/v1/tasks?limit=500');
    expect(board.status).toBe(200);
    expect({ who, counts: board.body.counts, overdue: board.body.overdue, total: board.body.total }).toEqual({ who, counts: direct.counts, overdue: direct.overdue, total: direct.total });
    const late = await client.get('/api/v1/tasks?status=overdue&limit=500');
    expect({ who, ids: late.body.items.map((t: { id: number }) => t.id).sort((a: number, b: number) => a - b) }).toEqual({ who, ids: direct.overdueIds });
  }
  return expected;
}

describe('the kept task counts', () => {
  it('equal a direct count after creating, reporting, completing, returning and crossing a due day', async () => {
    // In the past of the sessions (signed in now), so they stay valid while the clock moves.
    at('2026-01-30T03:00:00Z'); // 30/01/2026 10:00 in Vietnam
    const before = await boardsAgree();
    const create = async (body: Record<string, unknown>) => {
      const r = await officer.post('/api/v1/tasks', { documentId: directiveId, content: 'Triển khai nhiệm vụ của Chỉ thị về chuyển đổi số.', ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as number;
    };
    const dated = await create({ leadOrgId: org('syt'), cooperatingOrgIds: [org('stc')], deadline: '31/01/2026' });
    const monthly = await create({ leadOrgId: org('syt'), recurrence: 'monthly' });
    const stcLed = await create({ leadOrgId: org('stc'), cooperatingOrgIds: [org('syt')], deadline: '31/01/2026' });
    const finished = await create({ leadOrgId: org('syt'), deadline: '28/02/2026' });
    const created = await boardsAgree();
    expect(created.syt.total).toBe(before.syt.total + 4);
    expect(created.syt.counts.not_started).toBe(before.syt.counts.not_started + 4);

    expect((await syt.post(`/api/v1/tasks/${dated}/progress`, { text: 'Đang triển khai.', percent: 40 })).status).toBe(200);
    expect((await syt.post(`/api/v1/tasks/${finished}/done`, { text: 'Đã hoàn thành.' })).status).toBe(200);
    expect((await stc.post(`/api/v1/tasks/${stcLed}/done`, { text: 'Đã hoàn thành.' })).status).toBe(200);
    const reported = await boardsAgree();
    expect(reported.syt.counts.awaiting_acceptance).toBe(before.syt.counts.awaiting_acceptance + 2);
    expect(reported.syt.counts.in_progress).toBe(before.syt.counts.in_progress + 1);

    expect((await officer.post(`/api/v1/tasks/${finished}/completion`, { accept: true })).status).toBe(200);
    expect((await officer.post(`/api/v1/tasks/${stcLed}/completion`, { accept: false, reason: 'Thiếu số liệu.' })).status).toBe(200);
    const decided = await boardsAgree();
    expect(decided.syt.counts.done_on_time).toBe(before.syt.counts.done_on_time + 1);
    expect(decided.syt.counts.returned).toBe(before.syt.counts.returned + 1);

    // The last minute of 31/01 in Vietnam, then the first of 01/02: the dated tasks and the
    // monthly one (a whole month it existed in ended without a report) become overdue.
    at('2026-01-31T16:59:00Z');
    expect((await boardsAgree()).syt.overdueIds).not.toContain(dated);
    at('2026-01-31T17:00:00Z');
    const crossed = await boardsAgree();
    expect(crossed.syt.overdueIds).toEqual(expect.arrayContaining([dated, monthly]));
    expect(crossed.syt.overdue).toBeGreaterThanOrEqual(decided.syt.overdue + 3); // the returned task is overdue too, though it shows "returned"

    // A report in the new month takes the monthly task out of overdue until the month after next.
    expect((await syt.post(`/api/v1/tasks/${monthly}/progress`, { text: 'Báo cáo tháng 01.', percent: 10 })).status).toBe(200);
    expect((await boardsAgree()).syt.overdueIds).not.toContain(monthly);
    at('2026-03-31T17:00:00Z');
    expect((await boardsAgree()).syt.overdueIds).toContain(monthly);
    s.clock.now = new Date();
  });
});
