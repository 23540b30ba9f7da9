import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { spawnServer } from './helpers/process.js';
import { onPostgres } from './helpers/db.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

async function issueOne(c: Client, summary: string, recipients: number[] = []) {
  const d = await c.post('/api/v1/documents', { typeCode: 'QD', summary, recipients });
  if (d.status !== 201) throw new Error(`create: ${d.status} ${JSON.stringify(d.body)}`);
  // Numbers are the point here: a document sent to nobody is registered as paper-only, no file needed.
  const r = recipients.length ? await c.issue(d.body.id) : await c.post(`/api/v1/documents/${d.body.id}/issue`, { paperOnly: true });
  if (r.status !== 200) throw new Error(`issue: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { number: number; symbol: string; year: number; registerId: number; dispatched: { itemId: number }[] };
}

// Enough issues at once that every client meets the others at the register, many times over.
const PER_CLIENT = 60;
const TOTAL = 8 * PER_CLIENT;

describe('numbering', () => {
  it('gives 1…480 exactly to eight concurrent clients issuing 60 documents each into one register', async () => {
    // On PostgreSQL the clients alternate between this server and a second server process.
    const second = onPostgres() ? await spawnServer({ DATABASE_URL: s.db.databaseUrl!, DATA_DIR: s.db.dataDir }) : null;
    try {
      const urls = second ? [s.url, second.url] : [s.url];
      const clients = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(urls[i % urls.length]!, 'vanthu.sxd')));
      const numbers: number[] = [];
      await Promise.all(
        clients.map(async (c, i) => {
          for (let k = 0; k < PER_CLIENT; k++) numbers.push((await issueOne(c, `Quyết định số hóa hồ sơ ${i}-${k}`)).number);
        }),
      );
      expect(numbers).toHaveLength(TOTAL);
      expect(new Set(numbers).size).toBe(TOTAL);
      expect(Math.min(...numbers)).toBe(1);
      expect(Math.max(...numbers)).toBe(TOTAL);
      const stored = await s.ctx.db.kysely.selectFrom('documents').select('number').where('org_id', '=', s.ids.get('sxd')!).where('state', '=', 'issued').execute();
      expect(stored.map((r) => Number(r.number)).sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    } finally {
      await second?.stop();
    }
  }, 240_000);

  it('starts again at 01 on 1 January in Vietnam time, for outgoing and arrival numbers alike', async () => {
    s.clock.now = new Date('2030-12-31T16:58:00Z'); // 23:58 on 31/12/2030 in Vietnam
    const clerk = await signIn(s.url, 'vanthu.stp');
    const clerkB = await signIn(s.url, 'vanthu.sct');
    const a = await issueOne(clerk, 'Quyết định cuối năm', [s.ids.get('sct')!]);
    const b = await issueOne(clerk, 'Quyết định cuối năm (2)', [s.ids.get('sct')!]);
    expect(a.year).toBe(2030);
    expect(b.number).toBe(a.number + 1);
    const ra = await clerkB.post(`/api/v1/inbox/${a.dispatched[0]!.itemId}/receive`);
    expect(ra.body.arrivalYear).toBe(2030);

    s.clock.now = new Date('2030-12-31T17:00:01Z'); // 00:00:01 on 01/01/2031 in Vietnam
    const c = await issueOne(clerk, 'Quyết định đầu năm', [s.ids.get('sct')!]);
    expect(c.year).toBe(2031);
    expect(c.number).toBe(1);
    expect(c.symbol).toBe('01/QĐ-STP');
    const rc = await clerkB.post(`/api/v1/inbox/${c.dispatched[0]!.itemId}/receive`);
    expect(rc.body.arrivalNumber).toBe(1);
    expect(rc.body.arrivalYear).toBe(2031);
    // The late registration of last year's second document takes the new year's series.
    const rb = await clerkB.post(`/api/v1/inbox/${b.dispatched[0]!.itemId}/receive`);
    expect(rb.body.arrivalNumber).toBe(2);
    s.clock.now = new Date();
  });

  it('keeps a separate series for secret documents', async () => {
    const clerk = await signIn(s.url, 'vanthu.cat');
    const open1 = await issueOne(clerk, 'Kế hoạch kiểm tra an toàn thông tin');
    const d = await clerk.post('/api/v1/documents', { typeCode: 'KH', summary: 'Kế hoạch bảo vệ bí mật', confidentiality: 'mat' });
    const secret = await clerk.issue(d.body.id);
    expect(secret.body.number).toBe(1);
    expect(secret.body.registerId).not.toBe(open1.registerId);
    expect(secret.body.paperOnly).toBe(true);
    const open2 = await issueOne(clerk, 'Kế hoạch kiểm tra (2)');
    expect(open2.number).toBe(open1.number + 1);
  });
});

describe('registers configured by the agency', () => {
  it('puts decisions in their own book from 01 while other types stay in the general book', async () => {
    const clerk = await signIn(s.url, 'vanthu.svhttdl');
    const general = await issueOne(clerk, 'Quyết định trước khi lập sổ riêng');
    const book = await clerk.post('/api/v1/registers', { kind: 'outgoing', name: 'Sổ quyết định', typeCodes: ['QD'] });
    expect(book.status).toBe(201);
    const qd = await issueOne(clerk, 'Quyết định khen thưởng');
    expect(qd.registerId).toBe(book.body.id);
    expect(qd.number).toBe(1);
    const d = await clerk.post('/api/v1/documents', { typeCode: 'TB', summary: 'Thông báo lịch họp' });
    const tb = await clerk.issue(d.body.id);
    expect(tb.body.registerId).toBe(general.registerId);
    expect(tb.body.number).toBe(general.number + 1);
    const list = await clerk.get('/api/v1/registers');
    expect(list.body.map((r: any) => r.name)).toContain('Sổ quyết định');
    const specialist = await signIn(s.url, 'chuyenvien.svhttdl');
    expect((await specialist.post('/api/v1/registers', { kind: 'outgoing', name: 'x' })).status).toBe(403);
    expect((await clerk.post('/api/v1/registers', { kind: 'outgoing', name: 'y', typeCodes: ['NOPE'] })).status).toBe(400);
  });
});
