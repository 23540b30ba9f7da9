import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { startRelay, header, type Relay, type RelayMessage } from './helpers/relay.js';
import { startOutboxWorker, RETRY, type OutboxWorker } from '../src/modules/mail/outbound/outbox.js';
import { queueReminders } from '../src/modules/mail/outbound/reminders.js';
import { formatDateVi, localDate } from '../src/domain/numbering.js';

const PUBLIC_URL = 'https://lienthong.dongnai.gov.vn';
const FILE_NAME = 'Báo cáo tổng kết năm 2026.pdf';

let relay: Relay;
let s: TestServer;
let worker: OutboxWorker;
let clerkA: Client, clerkB: Client, leaderB: Client, specialistB: Client, clerkC: Client, admin: Client;

/** Sessions last hours: after the clock moves days ahead, everyone signs in again. */
async function signInAll() {
  [clerkA, clerkB, leaderB, specialistB, clerkC, admin] = await Promise.all([
    signIn(s.url, 'vanthu.skhcn'),
    signIn(s.url, 'vanthu.stc'),
    signIn(s.url, 'lanhdao.stc'),
    signIn(s.url, 'chuyenvien.stc'),
    signIn(s.url, 'vanthu.syt'),
    signIn(s.url, 'admin'),
  ]);
}

beforeAll(async () => {
  relay = await startRelay();
  s = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${relay.port}`, PUBLIC_URL, OUTBOX_POLL_MS: '100', MAIL_REMIND_DAYS: '2' }, demoAsTemplate: true });
  worker = startOutboxWorker(s.ctx);
  await signInAll();
});
afterAll(async () => {
  await worker?.stop();
  await s?.close();
  await relay?.close();
});

const stc = () => s.ids.get('stc')!;
const syt = () => s.ids.get('syt')!;
const skhcn = () => s.ids.get('skhcn')!;

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function issue(summary: string, opts: { recipients?: number[]; file?: { name: string; bytes: Buffer } | null; dueDate?: string } = {}) {
  const draft = await clerkA.post('/api/v1/documents', {
    typeCode: 'CV',
    summary,
    signerName: 'Lê Minh Đạt',
    signerPosition: 'Giám đốc',
    urgency: 'khan',
    dueDate: opts.dueDate ?? '31/12/2099',
    recipients: opts.recipients ?? [stc(), syt()],
    draftingUnit: 'CNTT',
  });
  expect(draft.status).toBe(201);
  const file = opts.file === undefined ? { name: FILE_NAME, bytes: pdfBytes('Báo cáo tổng kết') } : opts.file;
  if (file) expect((await clerkA.upload(`/api/v1/documents/${draft.body.id}/attachments`, file.name, file.bytes)).status).toBe(201);
  const issued = file ? await clerkA.post(`/api/v1/documents/${draft.body.id}/issue`) : await clerkA.issue(draft.body.id);
  expect(issued.status).toBe(200);
  worker.kick();
  return { id: draft.body.id as number, symbol: issued.body.symbol as string, issued: issued.body, file };
}

const ofDoc = (id: number) => (m: RelayMessage) => header(m, 'x-lienthong-document') === String(id);
const atRelay = (id: number, kind?: string) => relay.messages.filter((m) => ofDoc(id)(m) && (!kind || header(m, 'x-lienthong-kind') === kind));
const itemOf = (issued: any, orgId: number) => issued.dispatched.find((d: any) => d.orgId === orgId).itemId as number;

async function outboxOf(c: Client, documentId: number) {
  const r = await c.get(`/api/v1/mail/outbox?documentId=${documentId}&limit=200`);
  expect(r.status).toBe(200);
  return r.body.items as any[];
}

describe('dispatch mails through a real SMTP relay', () => {
  it('sends one message to each recipient agency with the symbol, the metadata, the link and the file, byte for byte', async () => {
    const summary = 'Về việc báo cáo tổng kết công tác chuyển đổi số năm 2026 — Đồng Nai';
    const { id, symbol, file } = await issue(summary);
    await relay.waitFor(() => atRelay(id).length === 2, 20_000, 'two dispatch mails');
    const msgs = atRelay(id);
    expect(msgs.map((m) => m.to[0]).sort()).toEqual(['stc@dongnai.gov.vn', 'syt@dongnai.gov.vn']);
    const today = formatDateVi(localDate(s.clock.now));
    for (const m of msgs) {
      expect(m.subject).toBe(`[${symbol}] ${summary}`);
      const text = m.parsed.text!;
      for (const expected of ['Công văn', symbol, today, 'Sở Khoa học và Công nghệ', 'Giám đốc Lê Minh Đạt', 'Khẩn', '31/12/2099', summary, `${PUBLIC_URL}/app/documents/${id}`]) {
        expect(text).toContain(expected);
      }
      expect(m.parsed.html).toContain(`href="${PUBLIC_URL}/app/documents/${id}"`);
      expect(m.parsed.html).toContain('Trích yếu');
      expect(m.parsed.attachments).toHaveLength(1);
      expect(m.parsed.attachments[0]!.filename).toBe(FILE_NAME);
      expect(Buffer.compare(m.parsed.attachments[0]!.content, file!.bytes)).toBe(0);
      expect(m.parsed.replyTo?.text).toContain('skhcn@dongnai.gov.vn');
    }
    // The Message-ID the relay got is the one queued with the document.
    const rows = await outboxOf(clerkA, id);
    expect(rows.filter((r) => r.kind === 'dispatch').map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(rows.map((r) => r.messageId).sort()).toEqual(msgs.map((m) => m.messageId).sort());
    // Each greets its own agency, while what the copies share is stored once.
    const greeted = msgs.map((m) => /Kính gửi: ([^\n]+)/.exec(m.parsed.text!)?.[1]?.trim()).sort();
    expect(greeted).toEqual(['Sở Tài chính', 'Sở Y tế']);
    const stored = await s.ctx.db.kysely.selectFrom('outbox').select(['body_id', 'payload']).where('document_id', '=', id).where('channel', '=', 'mail').execute();
    expect(new Set(stored.map((r) => r.body_id)).size).toBe(1);
    expect(stored[0]!.body_id).not.toBeNull();
    expect(stored.every((r) => !r.payload.includes('/app/documents/'))).toBe(true);
  });

  it('sends only the link, and says why, when the policy keeps files out or they are too large', async () => {
    const created = await admin.post('/api/v1/users', { username: 'quantri.skhcn', fullName: 'Trần Quản Trị', password: 'demo-quan-tri', orgId: skhcn(), roles: ['admin'] });
    expect(created.status).toBe(201);
    const orgAdmin = await signIn(s.url, 'quantri.skhcn', 'demo-quan-tri');
    expect((await clerkA.patch('/api/v1/mail/policy', { mailAttach: false })).status).toBe(403);
    expect((await orgAdmin.patch('/api/v1/mail/policy', { mailAttachMaxMb: 0 })).status).toBe(400);
    expect((await orgAdmin.patch('/api/v1/mail/policy', { mailAttachMaxMb: 5000 })).status).toBe(400);
    expect((await orgAdmin.patch('/api/v1/mail/policy', { orgId: stc(), mailAttach: false })).status).toBe(404);
    const off = await orgAdmin.patch('/api/v1/mail/policy', { mailAttach: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ orgId: skhcn(), mailAttach: false, mailAttachMaxMb: 10 });
    expect((await clerkA.get('/api/v1/mail/policy')).body.mailAttach).toBe(false);
    // The screens learn where aliases live and that mail leaves (a relay is configured).
    expect((await clerkA.get('/api/v1/mail/policy')).body).toMatchObject({ domains: ['dongnai.gov.vn'], relay: true });

    const noFiles = await issue('Về việc gửi tài liệu chỉ qua đường dẫn', { recipients: [stc()] });
    await relay.waitFor(() => atRelay(noFiles.id).length === 1);
    const m1 = atRelay(noFiles.id)[0]!;
    expect(m1.parsed.attachments).toHaveLength(0);
    expect(m1.parsed.text).toContain('không gửi kèm thư');
    expect(m1.parsed.text).toContain(`${PUBLIC_URL}/app/documents/${noFiles.id}`);

    expect((await orgAdmin.patch('/api/v1/mail/policy', { mailAttach: true, mailAttachMaxMb: 1 })).body).toMatchObject({ mailAttach: true, mailAttachMaxMb: 1 });
    const big = Buffer.concat([pdfBytes('lớn'), Buffer.alloc(1_500_000, 0x20)]);
    const tooBig = await issue('Về việc gửi hồ sơ dung lượng lớn', { recipients: [stc()], file: { name: 'Hồ sơ.pdf', bytes: big } });
    await relay.waitFor(() => atRelay(tooBig.id).length === 1);
    const m2 = atRelay(tooBig.id)[0]!;
    expect(m2.parsed.attachments).toHaveLength(0);
    expect(m2.parsed.text).toContain('vượt giới hạn 1,0 MB');
    expect((await orgAdmin.patch('/api/v1/mail/policy', { mailAttachMaxMb: 10 })).status).toBe(200);
  });

  it('keeps a message pending with growing back-off while the relay is down, then delivers it once with the queued Message-ID', async () => {
    await relay.stopListening();
    const { id } = await issue('Về việc thử gửi khi máy chủ thư ngừng hoạt động', { recipients: [stc()], file: null });
    const first = await until('the first failed attempt', async () => (await outboxOf(clerkA, id)).find((r) => r.attempts === 1));
    expect(first.status).toBe('pending');
    expect(first.lastError).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    const gap1 = Date.parse(first.nextAttemptAt) - s.clock.now.getTime();
    expect(gap1).toBe(RETRY.baseMs);

    // Not due yet: polling does not try again.
    worker.kick();
    await new Promise((r) => setTimeout(r, 300));
    expect((await outboxOf(clerkA, id))[0].attempts).toBe(1);

    s.clock.now = new Date(Date.parse(first.nextAttemptAt) + 1000);
    worker.kick();
    const second = await until('the second attempt', async () => (await outboxOf(clerkA, id)).find((r) => r.attempts === 2));
    expect(second.status).toBe('pending');
    const gap2 = Date.parse(second.nextAttemptAt) - s.clock.now.getTime();
    expect(gap2).toBeGreaterThan(gap1);

    await relay.listen();
    s.clock.now = new Date(Date.parse(second.nextAttemptAt) + 1000);
    worker.kick();
    await relay.waitFor(() => atRelay(id).length === 1);
    const sent = await until('sent', async () => (await outboxOf(clerkA, id)).find((r) => r.status === 'sent'));
    expect(sent.attempts).toBe(3);
    expect(atRelay(id)[0]!.messageId).toBe(sent.messageId);
    await new Promise((r) => setTimeout(r, 300));
    expect(atRelay(id)).toHaveLength(1);
  });

  it('fails at once on a 5xx, shows it in the outbox, and sends it when a clerk retries', async () => {
    relay.refuse.add('syt@dongnai.gov.vn');
    const { id } = await issue('Về việc thử địa chỉ bị từ chối', { recipients: [syt()], file: null });
    const failed = await until('failed', async () => (await clerkA.get('/api/v1/mail/outbox?status=failed')).body.items.find((r: any) => r.documentId === id));
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain('550');
    expect(failed.to).toBe('syt@dongnai.gov.vn');

    expect((await clerkC.post(`/api/v1/mail/outbox/${failed.id}/retry`)).status).toBe(404);
    expect((await specialistB.get('/api/v1/mail/outbox')).status).toBe(403);
    relay.refuse.delete('syt@dongnai.gov.vn');
    const retried = await clerkA.post(`/api/v1/mail/outbox/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('pending');
    worker.kick();
    await relay.waitFor(() => atRelay(id).length === 1);
    const sent = await until('sent', async () => (await clerkA.get(`/api/v1/mail/outbox/${failed.id}`)).body.status === 'sent' && true);
    expect(sent).toBe(true);
    expect((await clerkA.post(`/api/v1/mail/outbox/${failed.id}/retry`)).status).toBe(409);
  });

  it('three workers sharing the queue (as three server processes would) send each mail once', async () => {
    const others = [startOutboxWorker(s.ctx), startOutboxWorker(s.ctx)];
    try {
      const all = (await clerkA.get('/api/v1/organizations?kind=agency')).body.map((o: any) => o.id).filter((x: number) => x !== skhcn());
      const docs: Awaited<ReturnType<typeof issue>>[] = [];
      for (let i = 0; i < 6; i++) docs.push(await issue(`Về việc thử gửi song song, đợt ${i + 1}`, { recipients: all, file: null }));
      for (const w of others) w.kick();
      const expected = docs.length * all.length;
      await relay.waitFor(() => docs.reduce((n, d) => n + atRelay(d.id).length, 0) >= expected, 30_000, `${expected} mails`);
      await new Promise((r) => setTimeout(r, 500));
      const got = docs.flatMap((d) => atRelay(d.id));
      expect(got).toHaveLength(expected);
      expect(new Set(got.map((m) => m.messageId)).size).toBe(expected);
    } finally {
      await Promise.all(others.map((w) => w.stop()));
    }
  });

  it('lists the agency’s messages newest first with paging; the province administrator sees every agency’s', async () => {
    const page1 = await clerkA.get('/api/v1/mail/outbox?limit=2');
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items[0].id).toBeGreaterThan(page1.body.items[1].id);
    const page2 = await clerkA.get(`/api/v1/mail/outbox?limit=2&beforeId=${page1.body.nextBeforeId}`);
    expect(page2.body.items[0].id).toBeLessThan(page1.body.items[1].id);
    expect(page1.body.items.every((r: any) => r.orgId === skhcn())).toBe(true);
    const all = await admin.get('/api/v1/mail/outbox?limit=200');
    expect(new Set(all.body.items.map((r: any) => r.orgId)).size).toBeGreaterThan(1);
    expect((await clerkA.get('/api/v1/mail/outbox?status=nonsense')).status).toBe(400);
  });
});

describe('notifications', () => {
  it('assignment, status changes to the creator, deadline and overdue reminders, recall and its answer: each arrives once', async () => {
    const { id, issued } = await issue('Về việc xây dựng kế hoạch ứng dụng trí tuệ nhân tạo', { recipients: [stc()], file: null });
    const item = itemOf(issued, stc());
    expect((await clerkB.post(`/api/v1/inbox/${item}/receive`)).status).toBe(200);
    const users = await leaderB.get(`/api/v1/users?orgId=${stc()}`);
    const specialist = users.body.find((u: any) => u.username === 'chuyenvien.stc');
    const today = localDate(s.clock.now);
    const deadline = new Date(Date.parse(`${today}T05:00:00Z`) + 5 * 86400_000).toISOString().slice(0, 10);
    const assign = await leaderB.post(`/api/v1/inbox/${item}/assign`, { direction: 'Giao chủ trì tham mưu.', deadline: formatDateVi(deadline), assignees: [{ userId: specialist.id, role: 'lead' }] });
    expect(assign.status).toBe(200);
    worker.kick();

    await relay.waitFor(() => atRelay(id, 'assignment').length === 1);
    const a = atRelay(id, 'assignment')[0]!;
    expect(a.to).toEqual(['chuyenvien.stc@stc.dongnai.gov.vn']);
    expect(a.subject).toContain('Giao xử lý (Chủ trì)');
    expect(a.parsed.text).toContain('Giao chủ trì tham mưu.');
    expect(a.parsed.text).toContain(formatDateVi(deadline));
    // Registered (03) and assigned (04), told to the clerk who created the document.
    await relay.waitFor(() => atRelay(id, 'status').length === 2);
    expect(atRelay(id, 'status').every((m) => m.to[0] === 'vanthu.skhcn@skhcn.dongnai.gov.vn')).toBe(true);
    expect(atRelay(id, 'status').map((m) => m.subject).join(' ')).toContain('Sở Tài chính: Đã phân công');

    // Five days ahead: nothing yet. Three days on (two left): one reminder each to the agency and the person.
    await queueReminders(s.ctx);
    worker.kick();
    await new Promise((r) => setTimeout(r, 300));
    expect(atRelay(id, 'deadline')).toHaveLength(0);
    s.clock.now = new Date(s.clock.now.getTime() + 3 * 86400_000);
    const r1 = await queueReminders(s.ctx);
    const r2 = await queueReminders(s.ctx);
    expect(r1.queued).toBeGreaterThanOrEqual(2);
    expect(r2.queued).toBe(0);
    worker.kick();
    await relay.waitFor(() => atRelay(id, 'deadline').length === 2);
    expect(atRelay(id, 'deadline').map((m) => m.to[0]).sort()).toEqual(['chuyenvien.stc@stc.dongnai.gov.vn', 'stc@dongnai.gov.vn']);
    expect(atRelay(id, 'deadline')[0]!.subject).toContain('Còn 2 ngày đến hạn xử lý');

    // Past the deadline: one overdue mail each, however often the scheduler runs.
    s.clock.now = new Date(s.clock.now.getTime() + 4 * 86400_000);
    await queueReminders(s.ctx);
    await queueReminders(s.ctx);
    worker.kick();
    await relay.waitFor(() => atRelay(id, 'overdue').length === 2);
    expect(atRelay(id, 'overdue')[0]!.subject).toContain('Quá hạn xử lý 2 ngày');
    await signInAll();

    // Status change on what I sent: completed (05 then 06).
    expect((await specialistB.post(`/api/v1/inbox/${item}/start`)).status).toBe(200);
    expect((await specialistB.post(`/api/v1/inbox/${item}/complete`, { resultNote: 'Đã trình kế hoạch.' })).status).toBe(200);
    worker.kick();
    await relay.waitFor(() => atRelay(id, 'status').length === 4);
    const done = atRelay(id, 'status').find((m) => m.subject.includes('Hoàn thành'))!;
    expect(done.parsed.text).toContain('Đã trình kế hoạch.');

    // Recall: the request reaches the recipient's mailbox, the answer the sender's.
    expect((await clerkA.post(`/api/v1/documents/${id}/recall`, { reason: 'Sai số liệu tại phụ lục' })).status).toBe(200);
    worker.kick();
    await relay.waitFor(() => atRelay(id, 'recall').length === 1);
    const rq = atRelay(id, 'recall')[0]!;
    expect(rq.to).toEqual(['stc@dongnai.gov.vn']);
    expect(rq.parsed.text).toContain('Sai số liệu tại phụ lục');
    expect((await clerkB.post(`/api/v1/inbox/${item}/recall-answer`, { agree: true })).status).toBe(200);
    worker.kick();
    await relay.waitFor(() => atRelay(id, 'recall-answer').length === 1 && atRelay(id, 'status').length === 5);
    const answer = atRelay(id, 'recall-answer')[0]!;
    expect(answer.to).toEqual(['skhcn@dongnai.gov.vn']);
    expect(answer.subject).toContain('Đồng ý thu hồi');

    await new Promise((r) => setTimeout(r, 500));
    const counts = Object.fromEntries(['dispatch', 'assignment', 'status', 'deadline', 'overdue', 'recall', 'recall-answer'].map((k) => [k, atRelay(id, k).length]));
    expect(counts).toEqual({ dispatch: 1, assignment: 1, status: 5, deadline: 2, overdue: 2, recall: 1, 'recall-answer': 1 });
  });

  it('never sends anything twice: every Message-ID reached the relay once', () => {
    const ids = relay.messages.map((m) => m.messageId);
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never mails a secret document', async () => {
    const draft = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc bảo vệ bí mật nhà nước', confidentiality: 'mat', recipients: [stc()] });
    expect(draft.status).toBe(201);
    expect((await clerkA.issue(draft.body.id)).status).toBe(200);
    expect(await outboxOf(clerkA, draft.body.id)).toHaveLength(0);
  });
});

describe('development: no relay configured', () => {
  let dev: TestServer;
  beforeAll(async () => {
    dev = await startServer({ env: { PUBLIC_URL }, demoAsTemplate: true });
  });
  afterAll(() => dev?.close());

  it('keeps the messages, readable in full by the sender’s clerk and by no other agency', async () => {
    const a = await signIn(dev.url, 'vanthu.skhcn');
    const b = await signIn(dev.url, 'vanthu.stc');
    const draft = await a.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử hộp thư đi khi phát triển', signerName: 'Lê Minh Đạt', recipients: [dev.ids.get('stc')] });
    const bytes = pdfBytes('dev');
    await a.upload(`/api/v1/documents/${draft.body.id}/attachments`, FILE_NAME, bytes);
    const issued = await a.post(`/api/v1/documents/${draft.body.id}/issue`);
    const rows = (await a.get(`/api/v1/mail/outbox?documentId=${draft.body.id}`)).body.items;
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('kept');
    const full = await a.get(`/api/v1/mail/outbox/${rows[0].id}`);
    expect(full.status).toBe(200);
    expect(full.body.headers.Subject).toBe(`[${issued.body.symbol}] Về việc thử hộp thư đi khi phát triển`);
    expect(full.body.headers.To).toBe('Sở Tài chính <stc@dongnai.gov.vn>');
    expect(full.body.headers['Message-ID']).toMatch(/^<[^@]+@dongnai\.gov\.vn>$/);
    expect(full.body.text).toContain(`${PUBLIC_URL}/app/documents/${draft.body.id}`);
    expect(full.body.html).toContain('<table');
    expect(full.body.attachments).toEqual([{ fileName: FILE_NAME, size: bytes.length, mime: 'application/pdf' }]);
    expect((await b.get(`/api/v1/mail/outbox/${rows[0].id}`)).status).toBe(404);
    expect((await b.get(`/api/v1/mail/outbox?documentId=${draft.body.id}`)).body.items).toHaveLength(0);
    expect((await a.post(`/api/v1/mail/outbox/${rows[0].id}/retry`)).status).toBe(409);
    expect((await a.get('/api/v1/mail/policy')).body).toMatchObject({ relay: false });
    expect((await a.get('/api/v1/mail/outbox/999999')).status).toBe(404);
  });
});
