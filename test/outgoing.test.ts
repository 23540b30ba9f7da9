import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { Client, signIn } from './helpers/client.js';

/**
 * Văn bản đi through HTTP: the agency's issued documents newest first, each with how many
 * recipients stand at each status, how many are late, recalled, or asked to give it back.
 */

let s: TestServer;
let clerkA: Client, clerkB: Client, leaderB: Client, specialistB: Client, clerkC: Client, clerkUbnd: Client;
const id = (key: string) => s.ids.get(key)!;
const yesterday = () => new Date(Date.now() - 86400000).toISOString().slice(0, 10);

async function draft(summary: string, recipients: string[], extra: Record<string, unknown> = {}) {
  const r = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary, recipients: recipients.map(id), ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
}
async function issue(docId: number) {
  const r = await clerkA.issue(docId);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return Object.fromEntries(r.body.dispatched.map((d: { orgId: number; itemId: number }) => [d.orgId, d.itemId])) as Record<number, number>;
}

type Row = { id: number; state: string; symbol: string | null; summary: string; transmitted: boolean; progress: { planned: number; sent: number; byStatus: Record<string, number>; recalled: number; recallPending: number; overdue: number } };
async function outgoing(c: Client, qs = ''): Promise<{ items: Row[]; nextCursor: string | null }> {
  const r = await c.get(`/api/v1/documents/outgoing${qs}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const row = async (docId: number) => (await outgoing(clerkA, '?limit=200')).items.find((r) => r.id === docId)!;

let followed: number, recalled: number, asked: number, secret: number, lateDraft: number;

beforeAll(async () => {
  s = await startServer();
  const as = (u: string) => signIn(s.url, u);
  [clerkA, clerkB, leaderB, specialistB, clerkC, clerkUbnd] = await Promise.all([as('vanthu.sct'), as('vanthu.stc'), as('lanhdao.stc'), as('chuyenvien.stc'), as('vanthu.syt'), as('vanthu.ubnd')]);
  // Drafted first, issued last: it must still come first (newest by issue time).
  lateDraft = await draft('Về việc kế hoạch ứng dụng công nghệ thông tin năm 2027', ['stc']);

  followed = await draft('Về việc báo cáo tình hình chuyển đổi số quý IV', ['stc', 'syt', 'snv'], { dueDate: yesterday() });
  const items = await issue(followed);
  // B takes it all the way to 06; C rejects it; D leaves it waiting (01), now late.
  expect((await clerkB.post(`/api/v1/inbox/${items[id('stc')]}/receive`)).status).toBe(200);
  const specialist = (await leaderB.get(`/api/v1/users?orgId=${id('stc')}`)).body.find((u: { username: string }) => u.username === 'chuyenvien.stc');
  expect((await leaderB.post(`/api/v1/inbox/${items[id('stc')]}/assign`, { assignees: [{ userId: specialist.id, role: 'lead' }] })).status).toBe(200);
  expect((await specialistB.post(`/api/v1/inbox/${items[id('stc')]}/start`)).status).toBe(200);
  expect((await specialistB.post(`/api/v1/inbox/${items[id('stc')]}/complete`, { resultNote: 'Đã báo cáo.' })).status).toBe(200);
  expect((await clerkC.post(`/api/v1/inbox/${items[id('syt')]}/reject`, { reason: 'Không thuộc thẩm quyền' })).status).toBe(200);

  recalled = await draft('Về việc sẽ thu hồi do sai sót', ['stc', 'syt']);
  const r2 = await issue(recalled);
  expect((await clerkA.post(`/api/v1/documents/${recalled}/recall`, { reason: 'Sai sót', recipients: [id('stc')] })).status).toBe(200);
  expect((await clerkB.post(`/api/v1/inbox/${r2[id('stc')]}/recall-answer`, { agree: true })).status).toBe(200);

  asked = await draft('Về việc yêu cầu thu hồi đang chờ', ['snv']);
  await issue(asked);
  expect((await clerkA.post(`/api/v1/documents/${asked}/recall`, { reason: 'Ban hành nhầm' })).status).toBe(200);

  secret = await draft('Về việc tài liệu mật', ['stc', 'syt'], { confidentiality: 'mat' });
  await issue(secret);
  s.clock.now = new Date(s.clock.now.getTime() + 60_000); // the test server's clock stands still otherwise
  await issue(lateDraft);
  await draft('Về việc dự thảo chưa phát hành', ['stc']);
});
afterAll(() => s?.close());

describe('GET /api/v1/documents/outgoing', () => {
  it('lists issued documents newest first by issue time, without drafts', async () => {
    const { items } = await outgoing(clerkA);
    expect(items.map((r) => r.id)).toEqual([lateDraft, secret, asked, recalled, followed]);
    expect(items.every((r) => r.state === 'issued' && r.symbol)).toBe(true);
  });

  it('counts each recipient at its status, the late ones and the rejected one', async () => {
    const r = await row(followed);
    expect(r.progress).toEqual({ planned: 3, sent: 3, byStatus: { '01': 1, '02': 1, '03': 0, '04': 0, '05': 0, '06': 1 }, recalled: 0, recallPending: 0, overdue: 1 });
  });

  it('counts recalled recipients apart, and recalls still waiting for an answer', async () => {
    expect((await row(recalled)).progress).toMatchObject({ sent: 2, recalled: 1, recallPending: 0, byStatus: { '01': 1 } });
    expect((await row(asked)).progress).toMatchObject({ sent: 1, recalled: 0, recallPending: 1, byStatus: { '01': 1 } });
  });

  it('a secret document is numbered but not sent: named recipients, none reached', async () => {
    const r = await row(secret);
    expect(r.transmitted).toBe(false);
    expect(r.progress).toMatchObject({ planned: 2, sent: 0, overdue: 0 });
  });

  it('the directive of the demo: seventeen agencies across the statuses', async () => {
    const { items } = await outgoing(clerkUbnd, '?q=chi%20thi');
    const directive = items.find((r) => r.symbol === '01/CT-UBND')!;
    expect(directive.progress.sent).toBe(17);
    expect(Object.values(directive.progress.byStatus).reduce((a, b) => a + b, 0) + directive.progress.recalled).toBe(17);
    expect(directive.progress.byStatus['02']).toBe(1);
    for (const c of ['01', '03', '04', '05', '06']) expect(directive.progress.byStatus[c], c).toBeGreaterThan(0);
  });

  it('drafts apart, with their planned recipients', async () => {
    const { items } = await outgoing(clerkA, '?state=draft');
    expect(items.map((r) => r.summary)).toEqual(['Về việc dự thảo chưa phát hành']);
    expect(items[0]!.progress).toMatchObject({ planned: 1, sent: 0 });
  });

  it('pages with a cursor: every document once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await outgoing(clerkA, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([lateDraft, secret, asked, recalled, followed]);
  });

  it('searches without diacritics', async () => {
    expect((await outgoing(clerkA, '?q=chuyen%20doi%20so')).items.map((r) => r.id)).toEqual([followed]);
    expect((await outgoing(clerkA, '?q=THU%20HOI')).items.map((r) => r.id)).toEqual([asked, recalled]);
  });

  it('another agency sees only its own outgoing documents', async () => {
    const theirs = await outgoing(clerkB, '?limit=200');
    expect(theirs.items.some((r) => [followed, recalled, asked, secret, lateDraft].includes(r.id))).toBe(false);
    const leader = await outgoing(await signIn(s.url, 'lanhdao.sct'));
    expect(leader.items.map((r) => r.id)).toContain(followed);
    expect((await new Client(s.url).get('/api/v1/documents/outgoing')).status).toBe(401);
  });

  it('bad parameters answer 400 in both languages', async () => {
    for (const qs of ['?state=sent', '?cursor=abc', `?cursor=${Buffer.from('["draft",5]').toString('base64url')}`, '?limit=0', '?limit=1000', `?q=${'x'.repeat(201)}`, '?q=%20%2F%20']) {
      const r = await clerkA.get(`/api/v1/documents/outgoing${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.body.error.message.length, qs).toBeGreaterThan(5);
      expect(r.body.error.messageEn.length, qs).toBeGreaterThan(5);
    }
  });
});
