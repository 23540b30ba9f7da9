import { afterAll, expect, it } from 'vitest';
import { demoTemplate, freshDatabase, type TestDatabase } from './helpers/db.js';
import { spawnServer } from './helpers/process.js';
import { signIn, type Client } from './helpers/client.js';
import { startRelay, header, type Relay } from './helpers/relay.js';

const RECIPIENTS = 200;
const ACKED_BEFORE_KILL = 50;

let relay: Relay | undefined;
let db: TestDatabase | undefined;
let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
afterAll(async () => {
  await server?.stop();
  await relay?.close();
  await db?.drop();
});

async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function createAgencies(admin: Client, n: number): Promise<number[]> {
  const orgs = (await admin.get('/api/v1/organizations')).body as { id: number; kind: string }[];
  const province = orgs.find((o) => o.kind === 'province')!;
  const ids: number[] = [];
  for (let i = 0; i < n; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, n - i) }, (_, k) => {
        const j = i + k;
        const code = `000.5${Math.floor(j / 100)}.${String(j % 100).padStart(2, '0')}.H39`;
        return admin.post('/api/v1/organizations', { code, name: `Ủy ban nhân dân xã Thử Nghiệm ${j}`, shortName: 'UBND', kind: 'agency', parentId: province.id, email: `xa${j}@dongnai.gov.vn` });
      }),
    );
    for (const r of batch) {
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
  }
  return ids;
}

it('kill -9 while 200 messages are queued and some are in flight: after restart every one reaches the relay exactly once', async () => {
  relay = await startRelay();
  // A copy of the run's demo province instead of loading it again in the server.
  db = await freshDatabase(demoTemplate());
  const env = {
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl ?? '',
    SMTP_URL: `smtp://127.0.0.1:${relay.port}`,
    OUTBOX_POLL_MS: '200',
    PUBLIC_URL: 'https://lienthong.dongnai.gov.vn',
  };
  server = await spawnServer(env);
  const admin = await signIn(server.url, 'admin');
  const recipients = await createAgencies(admin, RECIPIENTS);
  let clerk = await signIn(server.url, 'vanthu.ubnd');
  const draft = await clerk.post('/api/v1/documents', { typeCode: 'TB', summary: 'Thông báo lịch tiếp công dân tháng 12 năm 2026', signerName: 'Võ Tấn Đức', recipients });
  expect(draft.status).toBe(201);
  const id = draft.body.id as number;
  const tag = new RegExp(`^x-lienthong-document: ${id}\\r?$`, 'im');
  const ours = (raw: Buffer) => tag.test(raw.subarray(0, 8192).toString('latin1'));

  // The relay acknowledges the first 50 of them, then hangs without answering: the
  // messages in flight at that moment are never acknowledged.
  let acked = 0;
  relay.accept = (raw) => !ours(raw) || (acked < ACKED_BEFORE_KILL && ++acked > 0);
  const issued = await clerk.issue(id);
  expect(issued.status).toBe(200);
  expect(issued.body.dispatched).toHaveLength(RECIPIENTS);

  const outbox = async (status?: string) => (await clerk.get(`/api/v1/mail/outbox?documentId=${id}&limit=200${status ? `&status=${status}` : ''}`)).body.items as any[];
  expect(await outbox()).toHaveLength(RECIPIENTS);
  await until('50 sent and the rest held', async () => relay!.held > 0 && (await outbox('sent')).length === ACKED_BEFORE_KILL);
  expect((await outbox('sending')).length).toBeGreaterThan(0);

  server.proc.kill('SIGKILL');
  await new Promise((r) => (server!.proc.exitCode !== null ? r(null) : server!.proc.once('exit', r)));
  relay.accept = () => true;

  server = await spawnServer(env);
  clerk = await signIn(server.url, 'vanthu.ubnd');
  // The held ones come back when their lease expires (15 s); the others at once.
  await relay.waitFor((m) => m.filter((x) => header(x, 'x-lienthong-document') === String(id)).length >= RECIPIENTS, 60_000, '200 messages');
  await until('all marked sent', async () => (await outbox('sent')).length === RECIPIENTS);
  await new Promise((r) => setTimeout(r, 1000));

  const atRelay = relay.messages.filter((x) => header(x, 'x-lienthong-document') === String(id));
  expect(atRelay).toHaveLength(RECIPIENTS);
  const relayIds = atRelay.map((m) => m.messageId);
  expect(new Set(relayIds).size).toBe(RECIPIENTS);
  const queued = (await outbox()).map((r) => r.messageId);
  expect(new Set(relayIds)).toEqual(new Set(queued));
  expect(new Set(atRelay.map((m) => m.to[0])).size).toBe(RECIPIENTS);
}, 300_000);
