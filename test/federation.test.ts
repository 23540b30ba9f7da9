import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTemplate, freshDatabase, type TestDatabase } from './helpers/db.js';
import { Client, pdfBytes, signIn } from './helpers/client.js';
import { B_PASSWORD, bootstrapDatabase, connectNodes, eventually, freePort, loadProvinceB, PROVINCE_B, spawnNode, type NodeProcess } from './helpers/federation.js';

/**
 * Two provinces, two real server processes, two databases (two SQLite folders, or two fresh
 * PostgreSQL databases when DATABASE_URL is set): A is the demo province of Đồng Nai (H39),
 * B is Khánh Hòa (H41) loaded through its API. Documents and statuses travel between them
 * only over HTTP, pushed by each node's federation worker.
 */
const ENV = { FEDERATION_POLL_MS: '100', FEDERATION_RETRY_BASE_MS: '300' };
const SECRET = 'khoa-chung-dong-nai-khanh-hoa-2026';

let dbA: TestDatabase;
let dbB: TestDatabase;
let A: NodeProcess;
let B: NodeProcess;
let portB: number;
let stcOnA: number;
let clerkA: Client;
let adminA: Client;
let clerkB: Client;
let leaderB: Client;
let specialistB: Client;
let specialistBId: number;
let docId: number;
let symbol: string;

async function issueFromA(summary: string, file = pdfBytes(summary)) {
  const draft = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary, signerName: 'Võ Tấn Đức', signerPosition: 'Chủ tịch', signerCompetence: 'TM.', urgency: 'khan', dueDate: '31/12/2099', recipients: [stcOnA] });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  expect((await clerkA.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'công văn.pdf', file)).status).toBe(201);
  const issued = await clerkA.post(`/api/v1/documents/${draft.body.id}/issue`);
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  return { id: draft.body.id as number, symbol: issued.body.symbol as string };
}

const inboxOfB = async (q = '') => (await clerkB.get(`/api/v1/inbox?limit=200${q}`)).body.items as { itemId: number; documentId: number; symbol: string; recallState: string | null; senderName: string }[];
const trailOnA = async (id: number) => (await clerkA.get(`/api/v1/documents/${id}/trail`)).body.recipients.find((r: { orgId: number }) => r.orgId === stcOnA);

beforeAll(async () => {
  // A is a copy of the run's demo province (loaded once per run), B starts empty.
  [dbA, dbB] = await Promise.all([freshDatabase(demoTemplate()), freshDatabase()]);
  await bootstrapDatabase(dbB, PROVINCE_B.name);
  const [portA, pB] = [await freePort(), await freePort()];
  portB = pB;
  [A, B] = await Promise.all([spawnNode({ db: dbA, port: portA, env: ENV }), spawnNode({ db: dbB, port: portB, env: ENV })]);
  const adminB = await loadProvinceB(B.url);
  adminA = await signIn(A.url, 'admin');
  const level1 = (await adminA.get('/api/v1/organizations')).body.find((o: { code: string | null }) => o.code?.startsWith('000.00.00.')).code.slice(-3);
  ({ stcOnA } = await connectNodes({ url: A.url, admin: adminA, level1 }, { url: B.url, admin: adminB }, SECRET));
  clerkA = await signIn(A.url, 'vanthu.ubnd');
  [clerkB, leaderB, specialistB] = await Promise.all([signIn(B.url, 'vanthu.stc', B_PASSWORD), signIn(B.url, 'lanhdao.stc', B_PASSWORD), signIn(B.url, 'chuyenvien.stc', B_PASSWORD)]);
  specialistBId = (await adminB.get('/api/v1/users')).body.find((u: { username: string }) => u.username === 'chuyenvien.stc').id;
}, 300_000);

afterAll(async () => {
  await Promise.all([A?.stop(), B?.stop()]);
  await Promise.all([dbA?.drop(), dbB?.drop()]);
});

describe('a document from province A’s People’s Committee to a department of province B', () => {
  it('the external department is a recipient like any agency, and the document arrives in its inbox at 01', async () => {
    const recipients = (await clerkA.get('/api/v1/organizations')).body.filter((o: { kind: string }) => o.kind === 'external');
    expect(recipients).toEqual([expect.objectContaining({ id: stcOnA, code: PROVINCE_B.stc, name: 'Sở Tài chính tỉnh Khánh Hòa', kind: 'external' })]);
    ({ id: docId, symbol } = await issueFromA('Về việc phối hợp quyết toán ngân sách liên tỉnh năm 2026'));
    const item = await eventually(async () => (await inboxOfB()).find((i) => i.symbol === symbol), 'the document in B’s inbox');
    expect(item.senderName).toBe('Ủy ban nhân dân tỉnh Đồng Nai');
    const doc = (await clerkB.get(`/api/v1/documents/${item.documentId}`)).body;
    expect(doc).toMatchObject({ origin: 'edxml', summary: 'Về việc phối hợp quyết toán ngân sách liên tỉnh năm 2026', urgency: 'khan', signerName: 'Võ Tấn Đức', incoming: { status: { code: '01' } } });
    expect(doc.attachments).toEqual([expect.objectContaining({ fileName: 'công văn.pdf', mime: 'application/pdf' })]);
    // The transport receipt is kept on the package, apart from the business statuses.
    const sent = await eventually(async () => (await adminA.get(`/api/v1/edxml/packages?direction=out&kind=document&documentId=${docId}`)).body.items.find((p: { state: string }) => p.state === 'sent'), 'the receipt on A');
    expect(sent).toMatchObject({ receiverCodes: [PROVINCE_B.stc], receipt: { received: true, consignmentId: sent.consignmentId } });
  });

  it('B registers, assigns and completes it through its API; A sees 01, 03, 04, 05, 06 in the trail', async () => {
    const item = (await inboxOfB()).find((i) => i.symbol === symbol)!;
    expect((await clerkB.post(`/api/v1/inbox/${item.itemId}/receive`)).status).toBe(200);
    const assigned = await leaderB.post(`/api/v1/inbox/${item.itemId}/assign`, { direction: 'Phòng Quản lý ngân sách chủ trì', assignees: [{ userId: specialistBId, role: 'lead' }] });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect((await specialistB.post(`/api/v1/inbox/${item.itemId}/start`)).status).toBe(200);
    expect((await specialistB.post(`/api/v1/inbox/${item.itemId}/complete`, { resultNote: 'Đã đối chiếu số liệu quyết toán.' })).status).toBe(200);
    const trail = await eventually(async () => {
      const t = await trailOnA(docId);
      return t?.current.code === '06' && t.events.length >= 6 ? t : undefined;
    }, 'status 06 on A').catch(async (e) => {
      const onB = (await signIn(B.url, 'admin')).get('/api/v1/edxml/packages?direction=out&limit=20');
      console.log(JSON.stringify({ trail: await trailOnA(docId), outOnB: (await onB).body.items.map((p: any) => [p.status?.code, p.state, p.attempts, p.lastError, p.receipt]) }, null, 1));
      throw e;
    });
    const fromB = trail.events.slice(1);
    expect(trail.events[0]).toMatchObject({ status: { code: '01' }, note: expect.stringContaining('Gửi liên thông qua Tỉnh Khánh Hòa') });
    expect(fromB.map((e: { status: { code: string } }) => e.status.code)).toEqual(['01', '03', '04', '05', '06']);
    expect(fromB[3].by).toMatch(/Sở Tài chính tỉnh Khánh Hòa/);
    const onA = (await clerkA.get(`/api/v1/documents/${docId}`)).body.recipients.find((r: { orgId: number }) => r.orgId === stcOnA);
    expect(onA.status.code).toBe('06');
  });

  it('a recall (13) from A waits for B’s clerk, whose answer (15) comes back to A', async () => {
    const asked = await clerkA.post(`/api/v1/documents/${docId}/recall`, { reason: 'Ban hành nhầm số liệu' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const pending = await eventually(async () => (await inboxOfB('&recall=pending')).find((i) => i.symbol === symbol), 'the recall request on B');
    expect(pending.recallState).toBe('13');
    expect((await clerkB.post(`/api/v1/inbox/${pending.itemId}/recall-answer`, { agree: true, reason: 'Đồng ý thu hồi' })).status).toBe(200);
    const onA = await eventually(async () => {
      const r = (await clerkA.get(`/api/v1/documents/${docId}`)).body.recipients.find((x: { orgId: number }) => x.orgId === stcOnA);
      return r.recallState === '15' ? r : undefined;
    }, '15 on A');
    expect(onA.withdrawn).toBe(true);
    const last = (await trailOnA(docId)).events.at(-1);
    expect(last).toMatchObject({ status: { code: '15' }, note: 'Đồng ý thu hồi' });
  });
});

describe('B killed during delivery', () => {
  it('after a restart every document arrives exactly once', async () => {
    const big = Buffer.concat([pdfBytes('lớn'), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    const first = await issueFromA('Về việc kiểm kê tài sản công (1)', big);
    // The worker has been nudged by the issue: B dies while the push is in flight (or just before, or just after it committed).
    await new Promise((r) => setTimeout(r, 40));
    await B.kill();
    const rest = [];
    for (let i = 2; i <= 4; i++) rest.push(await issueFromA(`Về việc kiểm kê tài sản công (${i})`));
    const sent = [first, ...rest];
    // A keeps retrying under the same consignment ids while B is down.
    const failing = await eventually(async () => {
      const items = (await adminA.get('/api/v1/edxml/packages?direction=out&kind=document&limit=20')).body.items.filter((p: { documentId: number }) => sent.some((d) => d.id === p.documentId));
      return items.some((p: { attempts: number; lastError: string | null }) => p.attempts >= 1 && p.lastError) ? items : undefined;
    }, 'a failed attempt on A');
    expect(failing.every((p: { state: string }) => p.state !== 'failed')).toBe(true);
    B = await spawnNode({ db: dbB, port: portB, env: ENV });
    clerkB = await signIn(B.url, 'vanthu.stc', B_PASSWORD);
    await eventually(
      async () => {
        const items = (await adminA.get('/api/v1/edxml/packages?direction=out&kind=document&limit=20')).body.items.filter((p: { documentId: number }) => sent.some((d) => d.id === p.documentId));
        return items.length === sent.length && items.every((p: { state: string }) => p.state === 'sent');
      },
      'every package acknowledged',
      40_000,
    );
    const inbox = await inboxOfB();
    for (const d of sent) expect(inbox.filter((i) => i.symbol === d.symbol), d.symbol).toHaveLength(1);
  }, 90_000);
});
