import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { localDate } from '../src/domain/numbering.js';
import { RECURRENCES, TASK_STATUSES, taskStatus, type Recurrence } from '../src/domain/tasks.js';
import { statusSql } from '../src/modules/tasks/status-sql.js';
import { ensureDuePeriod, refreshTaskStatus } from '../src/modules/tasks/status-store.js';
import { listTasks } from '../src/modules/tasks/queries.js';
import { taskCommand } from '../src/modules/tasks/cli.js';
import { loadActor } from '../src/modules/auth/service.js';

/**
 * The task board's statuses counted, filtered and paged in SQL from the kept columns
 * (status while not overdue, overdue day, due day moved with the period) must be the rule of
 * domain/tasks.ts: hundreds of tasks with every mix of facts, compared day by day across
 * month, quarter and year ends in Vietnam's time zone. And the list printed as PDF (the
 * administrative layout) and exported by `lienthong task export`.
 */

let s: TestServer;
let officer: Client;

beforeAll(async () => {
  s = await startServer();
  officer = await signIn(s.url, 'nhiemvu.vpubnd');
});
afterAll(() => s.close());

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

async function seedRandomTasks(n: number) {
  const db = s.ctx.db.kysely;
  const doc = await db.selectFrom('tasks').select(['document_id', 'assigned_by_org_id', 'lead_org_id', 'created_by']).executeTakeFirstOrThrow();
  const r = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const iso = (base: number, spreadDays: number) => new Date(base + Math.floor((r() - 0.5) * spreadDays * 86400_000)).toISOString();
  const base = Date.parse('2026-03-31T17:00:00Z');
  const rows = [];
  for (let i = 0; i < n; i++) {
    const recurrence = pick(RECURRENCES) as Recurrence;
    const created = iso(base - 200 * 86400_000, 300);
    const report = r() < 0.6 ? iso(base, 300) : null;
    const done = r() < 0.3 ? iso(base, 200) : null;
    const accepted = done && r() < 0.5 ? iso(base, 100) : null;
    const deadline = recurrence === 'none' ? localDate(new Date(iso(base, 200))) : null;
    rows.push({
      document_id: doc.document_id,
      assigned_by_org_id: doc.assigned_by_org_id,
      point_ref: `R${i}`,
      content: `Nhiệm vụ thử ${i}`,
      lead_org_id: doc.lead_org_id,
      expected_output: null,
      priority: 'normal' as const,
      recurrence,
      deadline,
      original_deadline: deadline,
      percent: report ? Math.floor(r() * 100) : r() < 0.1 ? 10 : 0,
      last_report_at: report,
      done_at: done,
      accepted_at: accepted,
      returned_at: r() < 0.15 ? iso(base, 100) : null,
      extension_asked: r() < 0.1 ? 1 : 0,
      created_day: localDate(new Date(created)),
      last_report_day: report ? localDate(new Date(report)) : null,
      done_day: done ? localDate(new Date(done)) : null,
      created_by: doc.created_by,
      created_at: created,
      updated_at: created,
    });
  }
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('tasks').values(rows.slice(i, i + 100)).execute();
  // Written around the service: its kept status columns and counts are brought up to date as a bulk writer must.
  await refreshTaskStatus(db, new Date());
}

describe('the task list printed and exported', () => {
  it('answers a PDF of the board in the administrative layout, with the same filters', async () => {
    const r = await officer.get('/api/v1/tasks/export.pdf?status=overdue');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const pdf = await PDFDocument.load(new Uint8Array(r.raw));
    expect(pdf.getTitle()).toBe('DANH SÁCH NHIỆM VỤ ĐƯỢC GIAO');
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(pdf.getPage(0).getWidth()).toBeGreaterThan(pdf.getPage(0).getHeight()); // landscape A4
    expect((await officer.get('/api/v1/tasks/export.pdf?status=bogus')).status).toBe(400);
  });

  it('lienthong task export writes the XLSX or PDF a script asks for', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-task-export-'));
    const admin = (await loadActor(s.ctx, (await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id, 'system'))!;
    const logs: string[] = [];
    const log = console.log;
    const err = console.error;
    console.log = (m: string) => logs.push(m);
    console.error = (m: string) => logs.push(m);
    try {
      expect(await taskCommand(s.ctx, admin, 'export', ['--format', 'xlsx', '--out', path.join(dir, 'a.xlsx'), '--status', 'overdue'])).toBe(0);
      expect(await taskCommand(s.ctx, admin, 'export', ['--format', 'pdf', '--out', path.join(dir, 'a.pdf')])).toBe(0);
      expect(await taskCommand(s.ctx, admin, 'export', ['--format', 'doc', '--out', path.join(dir, 'a.doc')])).toBe(2);
      expect(await taskCommand(s.ctx, admin, 'export', ['--format', 'pdf', '--out', path.join(dir, 'b.pdf'), '--status', 'late'])).toBe(2);
    } finally {
      console.log = log;
      console.error = err;
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'a.xlsx'));
    const statuses: string[] = [];
    wb.worksheets[0]!.eachRow((row, n) => n > 3 && statuses.push(String(row.getCell(11).value)));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['Quá hạn']));
    expect(fs.readFileSync(path.join(dir, 'a.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.existsSync(path.join(dir, 'a.doc'))).toBe(false);
    expect(logs.join('\n')).toContain('--status phải là một trong');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('task statuses in SQL', () => {
  it('equal the domain rule for every task on days across month, quarter and year ends (Asia/Ho_Chi_Minh)', async () => {
    await seedRandomTasks(400);
    const db = s.ctx.db.kysely;
    // 16:59 and 17:00 UTC: the last minute of a Vietnamese day and the first of the next.
    const moments = ['2026-01-31T16:59:00Z', '2026-01-31T17:00:00Z', '2026-03-31T16:59:00Z', '2026-03-31T17:00:00Z', '2026-06-30T17:00:00Z', '2026-12-31T16:59:00Z', '2026-12-31T17:00:00Z', '2027-02-14T03:00:00Z'];
    const seen = new Set<string>();
    for (const m of moments) {
      const now = new Date(m);
      await ensureDuePeriod(db, now);
      const st = statusSql(localDate(now));
      const rows = await db.selectFrom('tasks as t').selectAll('t').select([st.status.as('sql_status'), st.overdue.as('sql_overdue'), st.due.as('sql_due')]).execute();
      for (const r of rows) {
        const d = taskStatus({ deadline: r.deadline, recurrence: r.recurrence, createdAt: r.created_at, percent: r.percent, lastReportAt: r.last_report_at, doneAt: r.done_at, acceptedAt: r.accepted_at, returnedAt: r.returned_at, extensionAsked: Number(r.extension_asked) === 1 }, now);
        expect({ id: r.id, at: m, status: r.sql_status, overdue: Number(r.sql_overdue) === 1, due: r.sql_due }).toEqual({ id: r.id, at: m, status: d.status, overdue: d.overdue, due: d.dueDate });
        seen.add(d.status);
      }
    }
    // The sample reaches every status, so no branch of the rule went untested.
    expect([...seen].sort()).toEqual([...TASK_STATUSES].sort());
  });

  it('the board pages by status in SQL: counts, totals and the overdue-first order hold', async () => {
    s.clock.now = new Date('2026-04-01T02:00:00Z');
    const actor = (await loadActor(s.ctx, (await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'nhiemvu.vpubnd').executeTakeFirstOrThrow()).id, 'session'))!;
    const all = await listTasks(s.ctx, actor, { limit: 1000 });
    expect(all.total).toBe(Object.values(all.counts).reduce((a, b) => a + b, 0));
    expect(all.overdue).toBe(all.items.filter((t) => t.overdue).length);
    const key = (t: { overdue: boolean; dueDate: string | null; id: number }) => `${t.overdue ? 0 : 1}|${t.dueDate ?? '9999'}|${String(t.id).padStart(9, '0')}`;
    const keys = all.items.map(key);
    expect(keys).toEqual([...keys].sort());
    for (const status of TASK_STATUSES) {
      const first = await listTasks(s.ctx, actor, { status, limit: 7 });
      const second = await listTasks(s.ctx, actor, { status, limit: 7, offset: 7 });
      expect(first.total).toBe(all.counts[status]);
      expect([...first.items, ...second.items].every((t) => t.status === status)).toBe(true);
      expect([...first.items, ...second.items].map((t) => t.id)).toEqual(all.items.filter((t) => t.status === status).slice(0, 14).map((t) => t.id));
    }
    s.clock.now = new Date();
  });
});
