import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { loadActor } from '../src/modules/auth/service.js';
import { issueOfficialLetter } from '../src/modules/documents/index.js';
import type { Actor } from '../src/modules/context.js';
import { projectCommand } from '../src/modules/projects/cli.js';

/**
 * `lienthong project …` on the demo province: the monthly province disbursement table as
 * XLSX with the figures the API shows, and the two imports an administrator runs — a
 * project's schedule for its investing agency and the yearly capital plans for Finance —
 * refused row by row with nothing written, then loaded.
 */

let s: TestServer;
let finance: Client, syt: Client;
let admin: Actor, ubndClerk: Actor;
let dir: string;

const actorOf = async (username: string) => (await loadActor(s.ctx, (await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id, 'system'))!;

beforeAll(async () => {
  s = await startServer();
  [finance, syt] = await Promise.all([signIn(s.url, 'taichinh.stc'), signIn(s.url, 'chuyenvien.syt')]);
  admin = await actorOf('admin');
  ubndClerk = await actorOf('vanthu.ubnd');
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'projects-cli-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await s.close();
});

async function run(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const [sub, ...rest] = args;
  return { code: await projectCommand(s.ctx, admin, sub, rest, (l) => lines.push(l)), lines };
}

async function xlsx(name: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('1');
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await fs.writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

const decision = async (summary: string) =>
  (await issueOfficialLetter(s.ctx, ubndClerk, { typeCode: 'QD', summary, recipients: [s.ids.get('syt')!, s.ids.get('stc')!], signerName: 'Võ Tấn Đức', signerPosition: 'Phó Chủ tịch', files: [] })).documentId;

describe('the demo province', () => {
  it("has each project's registration and each budget estimate in the audit log", async () => {
    const db = s.ctx.db.kysely;
    const count = async (table: 'projects' | 'budget_lines') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const logged = async (action: string) => Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);
    expect(await count('projects')).toBeGreaterThan(0);
    expect(await logged('project.create')).toBe(await count('projects'));
    expect(await logged('budget.estimate')).toBe(await count('budget_lines'));
  });

  it("dates each capital plan's allocation and adjustment within the plan's year, on or after its decision", async () => {
    const changes = await s.ctx.db.kysely
      .selectFrom('capital_plan_changes as c')
      .innerJoin('capital_plans as p', 'p.id', 'c.capital_plan_id')
      .innerJoin('documents as d', 'd.id', 'c.document_id')
      .select(['p.year', 'c.kind', 'c.at', 'd.issued_at'])
      .execute();
    expect(changes.some((c) => c.kind === 'allocate')).toBe(true);
    expect(changes.some((c) => c.kind === 'adjust')).toBe(true);
    for (const c of changes) {
      expect(Number(c.at.slice(0, 4)), `${c.kind} ${c.at} of the ${c.year} plan`).toBe(c.year);
      if (c.kind === 'allocate') expect(c.at >= String(c.issued_at), `${c.kind} ${c.at} before its decision ${String(c.issued_at)}`).toBe(true);
    }
  });
});

describe('lienthong project', () => {
  it('writes the province disbursement table of the year with the totals the API shows', async () => {
    const api = (await finance.get('/api/v1/projects/disbursement')).body;
    const out = path.join(dir, 'giai-ngan.xlsx');
    const r = await run('disbursement', '--year', String(api.year), '--out', out);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toContain(`${api.items.length} dự án`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    for (const p of api.items) expect(text).toContain(p.code);
    expect(r.lines[0]).toContain(api.totals.disbursed.replace(/\B(?=(\d{3})+(?!\d))/g, '.'));
    expect((await run('disbursement', '--year', 'x', '--out', out)).code).toBe(2);
  });

  it("imports a project's schedule for its investing agency: every fault by row and column and nothing written, then the baseline", async () => {
    const created = await syt.post('/api/v1/projects', { code: 'CLI-2027-01', name: 'Số hóa hồ sơ bệnh án', investingOrgId: s.ids.get('syt'), group: 'C', kind: 'investment', sources: ['public_investment'], totalInvestment: '9.000.000.000', startYear: 2026, endYear: 2028 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const doc = await decision('Phê duyệt tiến độ dự án Số hóa hồ sơ bệnh án');
    const header = ['Mã mốc', 'Tên mốc', 'Bắt đầu', 'Kết thúc', 'Chi phí'];
    const bad = await xlsx('bad.xlsx', [header, ['M1', 'Khảo sát', '01/02/2027', '01/01/2027', '1.000.000.000'], ['M2', '', '01/03/2027', '30/06/2027', 'nhiều']]);
    const refused = await run('milestones', 'import', bad, '--project', 'CLI-2027-01', '--document', String(doc));
    expect(refused.code).toBe(1);
    expect(refused.lines[0]).toMatch(/Dòng 2, cột D.*Dòng 3, cột B.*Dòng 3, cột E/);
    expect((await syt.get(`/api/v1/projects/${created.body.id}`)).body.baselineVersion).toBe(0);

    const good = await xlsx('good.xlsx', [header, ['M1', 'Khảo sát', '01/02/2027', '31/03/2027', '1.000.000.000'], ['M2', 'Xây dựng', '01/04/2027', '30/09/2027', 8_000_000_000]]);
    const loaded = await run('milestones', 'import', good, '--project', 'CLI-2027-01', '--document', String(doc));
    expect(loaded, loaded.lines.join('\n')).toMatchObject({ code: 0 });
    const p = (await syt.get(`/api/v1/projects/${created.body.id}`)).body;
    expect(p.baselineVersion).toBe(1);
    expect(p.baselines[0]).toMatchObject({ totalCost: '9000000000', document: { id: doc } });
    expect(p.milestones.map((m: { code: string }) => m.code)).toEqual(['M1', 'M2']);
  });

  it('imports the yearly capital plans for Finance, all rows or none', async () => {
    const doc = await decision('Giao kế hoạch vốn đầu tư công năm 2028 cho các dự án CNTT');
    const bad = await xlsx('capital-bad.xlsx', [['Mã dự án', 'Kế hoạch vốn'], ['CLI-2027-01', '2.000.000.000'], ['KHONG-CO', '1.000.000.000']]);
    const args = ['--year', '2028', '--document', String(doc), '--agency', String(s.ids.get('stc'))];
    const refused = await run('capital', 'import', bad, ...args);
    expect(refused.code).toBe(1);
    expect(refused.lines[0]).toContain('Dòng 3, cột A: Không có dự án mã "KHONG-CO"');
    const id = (await finance.get('/api/v1/projects?q=CLI-2027-01')).body.items[0].id;
    expect((await finance.get(`/api/v1/projects/${id}`)).body.capitalPlans).toEqual([]);

    const good = await xlsx('capital-good.xlsx', [['Mã dự án', 'Kế hoạch vốn'], ['CLI-2027-01', '2.000.000.000']]);
    expect((await run('capital', 'import', good, ...args)).code).toBe(0);
    expect((await finance.get(`/api/v1/projects/${id}`)).body.capitalPlans).toMatchObject([{ year: 2028, amount: '2000000000', document: { id: doc } }]);
    expect((await run('capital', 'import', good, '--year', '2028')).code).toBe(2);
  });
});
