import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { Client, signIn } from './helpers/client.js';

/**
 * The inbox sorted by the server: every order covers every row (paged with a cursor, no row
 * twice, none missing), rows without the key come last, and bad parameters answer 400.
 */

let s: TestServer;
let sender: Client, clerk: Client, other: Client;
const URGENCIES = ['thuong', 'khan', 'thuong_khan', 'hoa_toc'];
const RANK: Record<string, number> = { thuong: 0, khan: 1, thuong_khan: 2, hoa_toc: 3 };

beforeAll(async () => {
  s = await startServer();
  [sender, clerk, other] = await Promise.all([signIn(s.url, 'vanthu.skhcn'), signIn(s.url, 'vanthu.stc'), signIn(s.url, 'vanthu.syt')]);
  const stc = s.ids.get('stc')!;
  const day = (n: number) => new Date(Date.UTC(2030, 0, 1 + n)).toISOString().slice(0, 10);
  for (let i = 0; i < 23; i++) {
    const d = await sender.post('/api/v1/documents', {
      typeCode: 'CV',
      summary: `Về việc sắp xếp văn bản đến số ${i}`,
      urgency: URGENCIES[i % 4],
      // Every third has no deadline; several share one.
      dueDate: i % 3 === 0 ? undefined : day(i % 5),
      recipients: [stc],
    });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const issued = await sender.issue(d.body.id);
    expect(issued.status).toBe(200);
    const itemId = issued.body.dispatched[0].itemId;
    // Registered in an order unlike arrival, so arrival numbers and ids disagree.
    if (i % 4 !== 1) continue;
    expect((await clerk.post(`/api/v1/inbox/${itemId}/receive`)).status).toBe(200);
  }
  // A paper document registered by hand goes through the same urgency rank.
  const paper = await clerk.post('/api/v1/inbox/paper', { sender: 'Bộ Tài chính', typeCode: 'CV', summary: 'Về việc văn bản giấy hỏa tốc', urgency: 'hoa_toc', deadline: day(-3) });
  expect(paper.status).toBe(201);
});
afterAll(() => s?.close());

type Item = { itemId: number; arrivalNumber: number | null; arrivalYear: number | null; deadline: string | null; urgency: string; status: { code: string } };

/** Every row of an order, page by page through nextCursor. */
async function all(c: Client, params: string, limit = 7) {
  const rows: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r: { status: number; body: any } = await c.get(`/api/v1/inbox?limit=${limit}${params}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    if (r.body.nextCursor) expect(r.body.items.length).toBe(limit);
    rows.push(...r.body.items);
    cursor = r.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return rows;
}

/** Nulls always last and newest first among themselves; ties newest first unless stated. */
const by =
  (key: (r: Item) => number | string | null, dir: 'asc' | 'desc', ties: 'asc' | 'desc' = 'desc') =>
  (a: Item, b: Item) => {
    const [x, y] = [key(a), key(b)];
    if (x === null || y === null) return x === y ? b.itemId - a.itemId : x === null ? 1 : -1;
    if (x !== y) return (x < y ? -1 : 1) * (dir === 'asc' ? 1 : -1);
    return ties === 'asc' ? a.itemId - b.itemId : b.itemId - a.itemId;
  };

describe('GET /api/v1/inbox?sort=…&dir=…', () => {
  let everything: Item[];
  beforeAll(async () => {
    everything = await all(clerk, '', 200);
    expect(everything.length).toBeGreaterThanOrEqual(24 + 1); // ours and the demo directive
  });

  const cases: [string, 'asc' | 'desc', (a: Item, b: Item) => number][] = [
    ['arrived', 'desc', (a, b) => b.itemId - a.itemId],
    ['arrived', 'asc', (a, b) => a.itemId - b.itemId],
    ['deadline', 'asc', by((r) => r.deadline, 'asc', 'asc')],
    ['deadline', 'desc', by((r) => r.deadline, 'desc', 'desc')],
    ['arrivalNumber', 'asc', by((r) => (r.arrivalNumber === null ? null : r.arrivalYear! * 1e6 + r.arrivalNumber), 'asc', 'asc')],
    ['arrivalNumber', 'desc', by((r) => (r.arrivalNumber === null ? null : r.arrivalYear! * 1e6 + r.arrivalNumber), 'desc', 'desc')],
    ['urgency', 'desc', by((r) => RANK[r.urgency]!, 'desc')],
    ['urgency', 'asc', by((r) => RANK[r.urgency]!, 'asc')],
    ['status', 'asc', by((r) => r.status.code, 'asc')],
    ['status', 'desc', by((r) => r.status.code, 'desc')],
  ];
  for (const [sort, dir, compare] of cases) {
    it(`${sort} ${dir}: every row once, in order, across pages`, async () => {
      const rows = await all(clerk, `&sort=${sort}&dir=${dir}`);
      expect(rows.map((r) => r.itemId)).toEqual([...everything].sort(compare).map((r) => r.itemId));
    });
  }

  it('the most urgent first, paper documents included; rows without a deadline or arrival number come last', async () => {
    const urgent = (await clerk.get('/api/v1/inbox?sort=urgency&dir=desc&limit=3')).body;
    expect(urgent.items[0].urgency).toBe('hoa_toc');
    expect(urgent.items[0].summary).toBe('Về việc văn bản giấy hỏa tốc'); // the newest of the most urgent
    const soonest = (await all(clerk, '&sort=deadline')).filter((r) => r.deadline?.startsWith('20')).map((r) => r.deadline);
    expect(soonest).toEqual([...soonest].sort());
    for (const dir of ['asc', 'desc']) {
      const rows = await all(clerk, `&sort=deadline&dir=${dir}`);
      const firstNull = rows.findIndex((r) => r.deadline === null);
      expect(firstNull).toBeGreaterThan(0);
      expect(rows.slice(firstNull).every((r) => r.deadline === null)).toBe(true);
    }
  });

  it('sorting keeps the filters: status 01 by deadline, urgent ones by status', async () => {
    const arrived = await all(clerk, '&status=01&sort=deadline');
    expect(arrived.length).toBeGreaterThan(5);
    expect(arrived.every((r) => r.status.code === '01')).toBe(true);
    const urgent = await all(clerk, '&urgency=khan&sort=status&dir=desc', 2);
    expect(urgent.map((r) => r.itemId)).toEqual(everything.filter((r) => r.urgency === 'khan').sort(by((r) => r.status.code, 'desc')).map((r) => r.itemId));
    const text = await all(clerk, `&q=${encodeURIComponent('sap xep van ban')}&sort=urgency&dir=desc`, 5);
    expect(text.length).toBe(23);
    expect(text.map((r) => r.urgency).slice(0, 7)).toEqual([...Array(5).fill('hoa_toc'), 'thuong_khan', 'thuong_khan']);
  });

  it('the default order still pages with beforeId', async () => {
    const first = (await clerk.get('/api/v1/inbox?limit=5')).body;
    expect(first.nextBeforeId).toBe(first.items[4].itemId);
    const second = (await clerk.get(`/api/v1/inbox?limit=5&beforeId=${first.nextBeforeId}`)).body;
    expect(second.items.map((r: Item) => r.itemId)).toEqual(everything.slice(5, 10).map((r) => r.itemId));
    expect((await clerk.get('/api/v1/inbox?limit=5&sort=deadline')).body.nextBeforeId).toBeNull();
  });

  it('another agency sees none of it in any order', async () => {
    for (const sort of ['urgency', 'deadline', 'status', 'arrivalNumber']) {
      const rows = await all(other, `&sort=${sort}`, 50);
      expect(rows.some((r) => everything.some((e) => e.itemId === r.itemId))).toBe(false);
    }
  });

  it('unknown orders, directions and cursors answer 400 with a message in both languages', async () => {
    const bad = async (qs: string, field: string) => {
      const r = await clerk.get(`/api/v1/inbox?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.body.error.field).toBe(field);
      expect(r.body.error.message).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/);
      expect(r.body.error.messageEn.length).toBeGreaterThan(10);
      return r.body.error;
    };
    expect((await bad('sort=sender', 'sort')).message).toContain('arrived, arrivalNumber, deadline, urgency, status');
    await bad('sort=deadline&dir=up', 'dir');
    await bad('status=99', 'status');
    await bad('urgency=rat_khan', 'urgency');
    await bad('cursor=not-a-cursor', 'cursor');
    await bad(`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor');
    const deadlineCursor = (await clerk.get('/api/v1/inbox?sort=deadline&limit=2')).body.nextCursor;
    await bad(`sort=status&cursor=${encodeURIComponent(deadlineCursor)}`, 'cursor');
    await bad('sort=urgency&beforeId=5', 'beforeId');
  });
});
