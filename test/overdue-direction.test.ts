import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { fixture } from './helpers/edxml.js';
import { parsePackage } from '../src/domain/edxml/parse.js';
import { textOf } from '../src/domain/edxml/tree.js';

let s: TestServer;
let sender: Client, admin: Client, clerkTtt: Client, leaderTtt: Client, clerkStc: Client, leaderStc: Client, leaderSkhcn: Client, clerkSkhcn: Client;
const PAST = '2020-01-10';
const DIRECTION = 'Chỉ đạo nội bộ: ưu tiên xử lý, không báo cáo ra ngoài số liệu thô';

beforeAll(async () => {
  s = await startServer();
  const names = ['vanthu.snv', 'admin', 'vanthu.ttt', 'lanhdao.ttt', 'vanthu.stc', 'lanhdao.stc', 'lanhdao.skhcn', 'vanthu.skhcn'] as const;
  [sender, admin, clerkTtt, leaderTtt, clerkStc, leaderStc, leaderSkhcn, clerkSkhcn] = (await Promise.all(names.map((u) => signIn(s.url, u)))) as [Client, Client, Client, Client, Client, Client, Client, Client];
}, 60_000);
afterAll(() => s?.close());

const userId = async (username: string) => (await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

async function issueTo(recipients: number[], summary: string) {
  const d = await sender.post('/api/v1/documents', { typeCode: 'CV', summary, signerName: 'Trần Văn Nam', dueDate: '31/12/2099', recipients });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const r = await sender.issue(d.body.id);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { id: d.body.id as number, item: (orgId: number) => r.body.dispatched.find((x: any) => x.orgId === orgId).itemId as number };
}

async function receiveAndAssign(clerk: Client, leader: Client, itemId: number, assignee: string, deadline: string, direction = 'Xử lý theo quy định') {
  expect((await clerk.post(`/api/v1/inbox/${itemId}/receive`)).status).toBe(200);
  const res = await leader.post(`/api/v1/inbox/${itemId}/assign`, { direction, deadline, assignees: [{ userId: await userId(assignee), role: 'lead' }] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const distinctItems = (o: any) => new Set<number>(o.people.flatMap((p: any) => p.items.map((i: any) => i.itemId)));

describe('overdue: counted for the leader over the people he directs, shown to the sender per recipient', () => {
  it('the leader of Thanh tra tỉnh counts the overdue item of his specialist, as many as his people have', async () => {
    const ttt = s.ids.get('ttt')!;
    const doc = await issueTo([ttt], 'Về việc thanh tra việc quản lý ngân sách năm 2025');
    await receiveAndAssign(clerkTtt, leaderTtt, doc.item(ttt), 'chuyenvien.ttt', PAST);

    const o = (await leaderTtt.get('/api/v1/overdue')).body;
    expect(o.directed).toMatchObject({ orgId: ttt, wholeAgency: true });
    const ids = o.directed.items.map((i: any) => i.itemId);
    expect(ids).toContain(doc.item(ttt));
    // Every overdue item of his people is in his count, and nothing else but the agency's own overdue items.
    for (const id of distinctItems(o)) expect(ids).toContain(id);
    expect(o.directed.count).toBe(new Set([...distinctItems(o), ...o.organisation.items.map((i: any) => i.itemId)]).size);
    const row = o.directed.items.find((i: any) => i.itemId === doc.item(ttt));
    expect(row).toMatchObject({ documentId: doc.id, overdue: true, deadline: PAST, status: { code: '04' } });
    expect(row.daysLeft).toBeLessThan(0);
    expect(row.handlers).toHaveLength(1);
    // A specialist directs no one.
    const spec = await signIn(s.url, 'chuyenvien.ttt');
    expect((await spec.get('/api/v1/overdue')).body.directed).toBeNull();
  });

  it('the leader of a unit counts the overdue work of his unit only; the head of the agency counts both', async () => {
    const skhcn = s.ids.get('skhcn')!;
        const unit = (await s.ctx.db.kysely.selectFrom('organizations').select('id').where('code', '=', '001.00.10.H39').executeTakeFirstOrThrow()).id; // Phòng CNTT
    const mk = async (username: string, orgId: number, role: string) => {
      const r = await admin.post('/api/v1/users', { username, fullName: username === 'truongphong.cntt' ? 'Vũ Thị Hạnh' : 'Đỗ Văn Khải', password: 'Mat-khau-thu-nghiem-2026', orgId, roles: [role] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return signIn(s.url, username, 'Mat-khau-thu-nghiem-2026');
    };
    const unitLeader = await mk('truongphong.cntt', unit, 'leader');
    await mk('chuyenvien.cntt', unit, 'specialist');
    const inUnit = await issueTo([skhcn], 'Về việc nâng cấp hạ tầng mạng');
    const outside = await issueTo([skhcn], 'Về việc tổng hợp báo cáo văn phòng');
    await receiveAndAssign(clerkSkhcn, leaderSkhcn, inUnit.item(skhcn), 'chuyenvien.cntt', PAST);
    await receiveAndAssign(clerkSkhcn, leaderSkhcn, outside.item(skhcn), 'chuyenvien.skhcn', PAST); // at the agency, outside the unit

    const u = (await unitLeader.get('/api/v1/overdue')).body;
    expect(u.directed).toMatchObject({ orgId: unit, wholeAgency: false });
    expect(u.directed.items.map((i: any) => i.itemId)).toContain(inUnit.item(skhcn));
    expect(u.directed.items.map((i: any) => i.itemId)).not.toContain(outside.item(skhcn));
    expect(u.directed.count).toBe(distinctItems(u).size);
    expect(u.people.map((p: any) => p.userId)).toEqual([await userId('chuyenvien.cntt')]);

    const a = (await leaderSkhcn.get('/api/v1/overdue')).body;
    expect(a.directed.items.map((i: any) => i.itemId)).toEqual(expect.arrayContaining([inUnit.item(skhcn), outside.item(skhcn)]));
  });

  it("the sender's table of a document gives each recipient's deadline and marks the overdue one", async () => {
    const [ttt, stc] = [s.ids.get('ttt')!, s.ids.get('stc')!];
    const doc = await issueTo([ttt, stc], 'Về việc rà soát thủ tục hành chính');
    await receiveAndAssign(clerkTtt, leaderTtt, doc.item(ttt), 'chuyenvien.ttt', PAST);
    expect((await clerkStc.post(`/api/v1/inbox/${doc.item(stc)}/receive`)).status).toBe(200);

    const d = (await sender.get(`/api/v1/documents/${doc.id}`)).body;
    const byOrg = (id: number) => d.recipients.find((r: any) => r.orgId === id);
    expect(byOrg(ttt)).toMatchObject({ deadline: PAST, overdue: true });
    expect(byOrg(ttt).daysLeft).toBeLessThan(0);
    expect(byOrg(stc)).toMatchObject({ deadline: '2099-12-31', overdue: false });
    // The outgoing list's count names as many as the document marks.
    const list = (await sender.get('/api/v1/documents/outgoing')).body.items.find((i: any) => i.id === doc.id);
    expect(list.progress.overdue).toBe(d.recipients.filter((r: any) => r.overdue).length);
  });
});

describe("the leader's direction stays inside the receiving agency", () => {
  it('the sender sees 04, when and by whom, without the direction; the receiving agency sees it', async () => {
    const stc = s.ids.get('stc')!;
    const doc = await issueTo([stc], 'Về việc cung cấp số liệu quyết toán');
    await receiveAndAssign(clerkStc, leaderStc, doc.item(stc), 'chuyenvien.stc', '2099-06-30', DIRECTION);

    const trail = await sender.get(`/api/v1/documents/${doc.id}/trail`);
    expect(trail.status).toBe(200);
    const assigned = trail.body.recipients[0].events.find((e: any) => e.status.code === '04');
    expect(assigned).toMatchObject({ by: leaderStc.user.fullName, at: expect.any(String) });
    expect(JSON.stringify(trail.body)).not.toContain('ưu tiên xử lý');

    const own = await clerkStc.get(`/api/v1/documents/${doc.id}/trail`);
    expect(own.body.recipients[0].events.find((e: any) => e.status.code === '04').internalNote).toBe(DIRECTION);

    // Nor in the status mail to the document's creator at the sending agency.
    const mails = await s.ctx.db.kysely.selectFrom('outbox').leftJoin('outbox_bodies as b', 'b.id', 'outbox.body_id').select(['outbox.payload', 'outbox.subject', 'b.payload as shared']).where('outbox.document_id', '=', doc.id).where('outbox.dedupe_key', 'like', 'status:%').execute();
    expect(mails.length).toBeGreaterThan(0);
    expect(JSON.stringify(mails)).not.toContain('ưu tiên xử lý');
  });

  it('the status package (04) back to an edXML sender carries no direction', async () => {
    const pkg = fixture('bkav-new-document.edxml').toString('utf8').replace(/2491/g, '2594');
    const res = await clerkStc.request('POST', '/api/v1/edxml/import', pkg, { 'content-type': 'application/xml' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await receiveAndAssign(clerkStc, leaderStc, res.body.items[0].itemId, 'chuyenvien.stc', '2099-06-30', DIRECTION);
    const out = (await clerkStc.get(`/api/v1/edxml/packages?direction=out&documentId=${res.body.documentId}`)).body.items;
    const p04 = out.find((p: any) => p.status.code === '04');
    const content = await clerkStc.get(`/api/v1/edxml/packages/${p04.id}/content`);
    const status = parsePackage(Buffer.from(content.raw), { maxPackageBytes: 80 * 1048576, maxAttachmentBytes: 50 * 1048576 });
    expect(textOf(status.header, 'StatusCode')).toBe('04');
    expect(textOf(status.header, 'Description')).toBe('Đã phân công');
    expect(Buffer.from(content.raw).toString('utf8')).not.toContain('ưu tiên xử lý');
    // The agency's own trail keeps it.
    const own = await clerkStc.get(`/api/v1/documents/${res.body.documentId}/trail`);
    expect(own.body.recipients[0].events.find((e: any) => e.status.code === '04').internalNote).toBe(DIRECTION);
  });
});
