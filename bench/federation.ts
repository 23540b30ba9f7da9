/**
 * The node-to-node figure of issue 5: a document issued by province A's People's Committee
 * to a department of province B, delivered end to end between two real server processes
 * (the bundle `npm start` runs), each with its own database (two SQLite folders, or two
 * fresh PostgreSQL databases when DATABASE_URL is set), on loopback, with the default
 * federation settings. Measured per document, from the moment the issue call is made until
 * A holds B's transport receipt (B has committed the import: the document is in its inbox
 * at 01) — and, for information, until A has B's status 01 on its trail. Documents are
 * issued one after another, 50 ms apart, each with a small PDF.
 * Standalone: `node --import tsx bench/federation.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runAlone, type Row } from './table.js';
import { percentile, request, signIn, type Session } from './http.js';
import { RssSampler, startServer, type ServerProcess, onEachDatabase } from './server.js';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/app.js';
import { createUser } from '../src/modules/directory/service.js';
import { hashPassword } from '../src/modules/directory/passwords.js';

const env = process.env;
const DOCUMENTS = Number(env.BENCH_FEDERATION_DOCUMENTS ?? 120);
const WARMUP = 10;
const SPACING_MS = 50;
const TARGET_MS = 200;
const SECRET = randomBytes(24).toString('hex');

const PROVINCE_B = {
  organizations: ['code,name,short_name,kind,parent_code', '000.00.00.H41,Ủy ban nhân dân tỉnh Khánh Hòa,UBND,agency,', '000.00.05.H41,Sở Tài chính tỉnh Khánh Hòa,STC,agency,'].join('\n'),
  users: ['username,full_name,org_code,roles,password', 'vanthu.stc,Nguyễn Thị Lan,000.00.05.H41,clerk,Khanh-Hoa-2026'].join('\n'),
};

const pdf = (n: number) => Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% cong van ${n} ${'x'.repeat(20_000)}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');

/** An empty database gets province B and its administrator: the one step no API can do. */
async function bootstrapB(dataDir: string, databaseUrl: string | null) {
  const ctx = await createContext(loadConfig({ ...env, NODE_ENV: 'bench', DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', LOG_LEVEL: 'silent' }));
  try {
    const at = new Date().toISOString();
    const p = await ctx.db.kysely
      .insertInto('organizations')
      .values({ code: null, name: 'Tỉnh Khánh Hòa', short_name: 'KhanhHoa', kind: 'province', parent_id: null, email: null, address: null, phone: null, website: null, active: 1, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createUser(ctx, null, { username: 'admin', fullName: 'Quản trị tỉnh', orgId: p.id, roles: ['admin'] }, await hashPassword('demo'));
  } finally {
    await ctx.db.close();
  }
}

const csv = (s: Session, p: string, body: string) => request(s.base, 'POST', p, { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'text/csv' }, body });

function must<T extends { status: number; body: any }>(r: T, what: string): T {
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r;
}

async function connect(a: ServerProcess, b: ServerProcess) {
  const adminA = await signIn(a.url, 'admin');
  const adminB = await signIn(b.url, 'admin');
  must(await csv(adminB, '/api/v1/organizations/import', PROVINCE_B.organizations), 'organisations of B');
  must(await csv(adminB, '/api/v1/users/import', PROVINCE_B.users), 'users of B');
  const onA = must(await adminA.post('/api/v1/federation/peers', { name: 'Tỉnh Khánh Hòa', baseUrl: b.url, peerNodeId: 'khanhhoa', ourNodeId: 'dongnai', secret: SECRET }), 'peer on A');
  const hosted = must(await adminA.post(`/api/v1/federation/peers/${onA.body.id}/organizations`, { organizations: [{ code: '000.00.05.H41', name: 'Sở Tài chính tỉnh Khánh Hòa' }, { code: 'H41' }] }), 'routes on A');
  const onB = must(await adminB.post('/api/v1/federation/peers', { name: 'Tỉnh Đồng Nai', baseUrl: a.url, peerNodeId: 'dongnai', ourNodeId: 'khanhhoa', secret: SECRET }), 'peer on B');
  must(await adminB.post(`/api/v1/federation/peers/${onB.body.id}/organizations`, { organizations: [{ code: 'H39' }] }), 'routes on B');
  return { adminA, recipient: hosted.body.organizations[0].orgId as number };
}

async function drafts(clerk: Session, recipient: number, count: number, tag: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = must(await clerk.post('/api/v1/documents', { typeCode: 'CV', summary: `Về việc phối hợp liên tỉnh ${tag} số ${i}`, signerName: 'Võ Tấn Đức', signerPosition: 'Chủ tịch', signerCompetence: 'TM.', recipients: [recipient] }), 'draft');
    must(await clerk.upload(`/api/v1/documents/${d.body.id}/attachments`, `cong-van-${i}.pdf`, pdf(i)), 'attachment');
    ids.push(d.body.id);
  }
  return ids;
}

/** Issues each draft (spaced), then reads when A got B's receipt and B's 01. */
async function deliver(clerk: Session, adminA: Session, ids: number[]) {
  const started = new Map<number, number>();
  for (const id of ids) {
    started.set(id, Date.now());
    must(await clerk.post(`/api/v1/documents/${id}/issue`), 'issue');
    await new Promise((r) => setTimeout(r, SPACING_MS));
  }
  const deadline = Date.now() + 120_000;
  for (;;) {
    const out = (await adminA.get('/api/v1/edxml/packages?direction=out&kind=document&limit=200')).body.items as { documentId: number; state: string; receipt: { at: string } | null }[];
    const inn = (await adminA.get('/api/v1/edxml/packages?direction=in&kind=status&limit=200')).body.items as { documentId: number; status: { code: string } | null; createdAt: string }[];
    const receipts = new Map(out.filter((p) => ids.includes(p.documentId) && p.state === 'sent' && p.receipt).map((p) => [p.documentId, Date.parse(p.receipt!.at)]));
    const arrived = new Map(inn.filter((p) => ids.includes(p.documentId) && p.status?.code === '01').map((p) => [p.documentId, Date.parse(p.createdAt)]));
    if ((receipts.size === ids.length && arrived.size === ids.length) || Date.now() > deadline) {
      return {
        delivered: ids.filter((id) => receipts.has(id)).map((id) => receipts.get(id)! - started.get(id)!),
        answered: ids.filter((id) => arrived.has(id)).map((id) => arrived.get(id)! - started.get(id)!),
      };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function figuresFor(label: string, urls: [string | null, string | null]): Promise<Row[]> {
  const dirA = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-fed-a-${label}-`));
  const dirB = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-fed-b-${label}-`));
  const rss = new RssSampler();
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;
  try {
    await bootstrapB(dirB, urls[1]);
    a = await startServer({ dataDir: dirA, databaseUrl: urls[0], logName: 'server-a.log', rss });
    b = await startServer({ dataDir: dirB, databaseUrl: urls[1], logName: 'server-b.log', rss, env: { DEMO_ON_EMPTY: '0' } });
    const { adminA, recipient } = await connect(a, b);
    const clerk = await signIn(a.url, 'vanthu.ubnd');
    const tag = randomBytes(3).toString('hex');
    await deliver(clerk, adminA, await drafts(clerk, recipient, WARMUP, `W${tag}`));
    const ids = await drafts(clerk, recipient, DOCUMENTS, tag);
    const { delivered, answered } = await deliver(clerk, adminA, ids);
    const d = [...delivered].sort((x, y) => x - y);
    const s = [...answered].sort((x, y) => x - y);
    const all = delivered.length === DOCUMENTS;
    const p95 = percentile(d, 95);
    return [
      {
        figure: `Node-to-node delivery of a document to another province, issue call → imported at 01 on B (receipt back on A), ${DOCUMENTS} documents 50 ms apart, p95 (ms)`,
        database: label,
        value: `p95 ${p95.toFixed(0)} (p50 ${percentile(d, 50).toFixed(0)}, max ${d.at(-1)?.toFixed(0)}; ${delivered.length}/${DOCUMENTS} delivered)`,
        target: `≤ ${TARGET_MS} ms`,
        ok: all && p95 <= TARGET_MS ? 'yes' : 'NO',
      },
      { figure: 'Node-to-node: issue call → B’s status 01 on A’s trail (p50 / p95 ms, info)', database: label, value: `${percentile(s, 50).toFixed(0)} / ${percentile(s, 95).toFixed(0)} (${answered.length}/${DOCUMENTS})`, target: '—', ok: '—' },
      { figure: 'Node-to-node: load average while measuring (info)', database: label, value: `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`, target: '—', ok: '—' },
    ];
  } finally {
    await Promise.all([a?.stop(), b?.stop()]);
    rss.stop();
    fs.rmSync(dirA, { recursive: true, force: true });
    fs.rmSync(dirB, { recursive: true, force: true });
  }
}

export async function federationFigures(): Promise<Row[]> {
  return onEachDatabase('fed', (label, [a, b]) => figuresFor(label, [a!, b!]), 2);
}

runAlone(import.meta.url, federationFigures);
