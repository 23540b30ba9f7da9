/**
 * `npm run bench`: the figures of issue 2 through HTTP against the real server running as
 * its own process, on SQLite and — when DATABASE_URL is set — on a fresh PostgreSQL
 * database. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { SEARCH_QUERIES, rng } from './corpus.js';
import { load, signIn, type LoadResult, type Session } from './http.js';
import { RssSampler, cpuMs, pgDatabase, startServer, type ServerProcess } from './server.js';
import { formatTable, row, type Row } from './table.js';
import { seedSqlite, type SeedResult } from './seed-sqlite.js';
import { seedPg } from './seed-pg.js';
import { rawIssuePg, rawIssueSqlite, type RawResult } from './raw-issue.js';

const env = process.env;
const DOCS = Number(env.BENCH_DOCS ?? 1_000_000);
const ISSUE_DOCS = Number(env.BENCH_ISSUE_DOCS ?? 480);
const COMPOSE_DOCS = Number(env.BENCH_COMPOSE_DOCS ?? 120);
const WRITE_CLIENTS = Number(env.BENCH_WRITE_CLIENTS ?? 6);
const READ_CLIENTS = Number(env.BENCH_READ_CLIENTS ?? 4);
const INBOX_REQUESTS = Number(env.BENCH_INBOX_REQUESTS ?? 600);
const SEARCH_REQUESTS = Number(env.BENCH_SEARCH_REQUESTS ?? 400);
const RECIPIENTS = 50;
/** A user has at most 4 uploads in progress (the server refuses a fifth): the drafts are prepared by 4 clients. */
const UPLOAD_CLIENTS = Math.min(WRITE_CLIENTS, 4);
const PDF_BYTES = 1024 * 1024;
const KEEP = env.BENCH_KEEP === '1';
const RAW_DOCS = Number(env.BENCH_RAW_DOCS ?? ISSUE_DOCS);

const table: Row[] = [];
const notes: string[] = [];
const log = (s: string) => console.log(s);
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

/** A valid-looking PDF of exactly 1 MB; a stamp makes each one unique (its own SHA-256). */
const pdfBase = (() => {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ', 'latin1');
  const tail = Buffer.from('\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
  const body = randomBytes(PDF_BYTES - head.length - tail.length);
  return Buffer.concat([head, body, tail]);
})();
function pdf(stamp: string): Buffer {
  const b = Buffer.from(pdfBase);
  b.write(stamp.padEnd(48, ' ').slice(0, 48), 100, 'latin1');
  return b;
}

const COMMUNES = [
  'Phú Lý', 'Trị An', 'Tân An', 'Xuân Lộc', 'Xuân Hòa', 'Định Quán', 'Tân Phú', 'Nam Cát Tiên', 'Thống Nhất', 'Cẩm Mỹ', 'Nhơn Trạch', 'Đại Phước', 'Phước An',
  'Long Phước', 'Bình An', 'Bình Lộc', 'Xuân Đường', 'Xuân Quế', 'Sông Ray', 'La Ngà', 'Phú Vinh', 'Thanh Sơn', 'Đak Lua', 'Tà Lài', 'Bù Đăng', 'Đồng Xoài',
  'Chơn Thành', 'Lộc Ninh', 'Bù Gia Mập', 'Phước Long', 'Hớn Quản', 'Minh Hưng', 'Tân Khai', 'Thiện Hưng', 'Đa Kia', 'Bình Tân', 'Nha Bích', 'Tân Lợi',
  'Lộc Thạnh', 'Hưng Phước', 'Phú Riềng', 'Long Hà', 'Bom Bo', 'Thọ Sơn',
];

/** Enough agencies for 50 recipients: the demo has ~17; the province admin adds communes. */
async function ensureAgencies(base: string) {
  const admin = await signIn(base, 'admin');
  const orgs = (await admin.get('/api/v1/organizations')).body as { id: number; code: string | null; kind: string }[];
  const province = orgs.find((o) => o.kind === 'province')!;
  const used = new Set(orgs.map((o) => o.code));
  let agencies = orgs.filter((o) => o.kind === 'agency').length;
  let nn = 60;
  let c = 0;
  while (agencies < RECIPIENTS + 1) {
    const code = `000.00.${String(nn++).padStart(2, '0')}.H39`;
    if (used.has(code)) continue;
    const name = COMMUNES[c++ % COMMUNES.length]!;
    const r = await admin.post('/api/v1/organizations', { code, name: `Ủy ban nhân dân xã ${name}`, shortName: 'UBND', kind: 'agency', parentId: province.id, email: `xa${nn}@dongnai.gov.vn` });
    if (r.status !== 201) throw new Error(`creating agency ${code}: ${r.status} ${JSON.stringify(r.body)}`);
    agencies++;
  }
}

async function clerksOf(base: string, count: number): Promise<Session[]> {
  const admin = await signIn(base, 'admin');
  const users = (await admin.get('/api/v1/users')).body as { username: string; roles: string[] }[];
  const names = users.filter((u) => u.username.startsWith('vanthu.') && u.roles.includes('clerk')).map((u) => u.username);
  // The busiest agencies first, then a spread of the others.
  const preferred = ['vanthu.ubnd', 'vanthu.stc', 'vanthu.skhcn', 'vanthu.vpubnd', 'vanthu.syt', 'vanthu.ubnd.tranbien', 'vanthu.snv', 'vanthu.cat'];
  const order = [...preferred.filter((n) => names.includes(n)), ...names.filter((n) => !preferred.includes(n))].slice(0, count);
  return Promise.all(order.map((n) => signIn(base, n)));
}

async function issueFigures(srv: ServerProcess, label: string, rss: RssSampler): Promise<{ rate: number; cpuPerDoc: number; documentId: number }> {
  const base = srv.url;
  // One after another: sign-ins of one user in flight together count towards its lockout.
  const clerks: Session[] = [];
  for (let i = 0; i < WRITE_CLIENTS; i++) clerks.push(await signIn(base, 'vanthu.ubnd'));
  const me = clerks[0]!.user.agencyId;
  const orgs = (await clerks[0]!.get('/api/v1/organizations?kind=agency')).body as { id: number }[];
  const recipients = orgs.map((o) => o.id).filter((id) => id !== me).slice(0, RECIPIENTS);
  if (recipients.length < RECIPIENTS) throw new Error(`only ${recipients.length} agencies to send to`);
  const r = rng(7);
  let n = 0;
  const draft = async (c: Session) => {
    const k = n++;
    const res = await c.post('/api/v1/documents', {
      typeCode: 'CV',
      summary: `Về việc triển khai kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số năm 2026 (đợt ${k + 1})`,
      signerName: r.pick(['Nguyễn Văn Đức', 'Trần Quốc Dũng', 'Lê Minh Đạt']),
      signerPosition: 'Phó Chủ tịch',
      signerCompetence: 'KT.',
      urgency: 'thuong',
      draftingUnit: 'VP',
      recipients,
    });
    if (res.status !== 201) return { ...res, id: 0 };
    const id = res.body.id as number;
    const up = await c.upload(`/api/v1/documents/${id}/attachments`, `cong-van-${k + 1}.pdf`, pdf(`bench ${label} ${k} ${Date.now()}`));
    return { ...up, id };
  };

  // 1. Drafts with 50 recipients and a 1 MB PDF each (create + upload).
  rss.phase('drafts + uploads');
  const ids: number[] = [];
  const prep = await load(ISSUE_DOCS, UPLOAD_CLIENTS, 600, async (i) => {
    const x = await draft(clerks[i % clerks.length]!);
    if (x.status === 201) ids.push(x.id);
    return x;
  });
  if (prep.errors) throw new Error(`preparing drafts: ${prep.firstError}`);
  // 2. Issue + dispatch, the measured figure.
  rss.phase('issue');
  let dispatchedOk = 0;
  const cpuBefore = cpuMs(srv.pid);
  const issue = await load(ids.length, WRITE_CLIENTS, 600, async (i) => {
    const res = await clerks[i % clerks.length]!.post(`/api/v1/documents/${ids[i]}/issue`);
    if (res.status === 200 && res.body.dispatched?.length === RECIPIENTS) dispatchedOk++;
    return res;
  });
  const issueRate = issue.count / issue.seconds;
  const cpuPerDoc = (cpuMs(srv.pid) - cpuBefore) / Math.max(1, issue.count);
  table.push(row({
    figure: `issue + dispatch, 1 MB PDF, ${RECIPIENTS} recipients (docs/s)`,
    database: label,
    value: `${issueRate.toFixed(1)} docs/s (${issue.count} docs, ${WRITE_CLIENTS} clients, p50 ${ms(issue.p50)} / p95 ${ms(issue.p95)} ms, server CPU ${cpuPerDoc.toFixed(1)} ms/doc)`,
    target: '≥ 200 docs/s',
    ok: issueRate >= 200 && !issue.errors && dispatchedOk === issue.count ? 'yes' : 'NO',
  }));
  if (issue.errors || dispatchedOk !== issue.count) notes.push(`${label}: issue errors ${issue.errors} (${issue.firstError ?? ''}), fully dispatched ${dispatchedOk}/${issue.count}`);
  table.push(row({
    figure: 'prepare draft: create + upload 1 MB PDF (info)',
    database: label,
    value: `${(prep.count / prep.seconds).toFixed(1)} docs/s (p95 ${ms(prep.p95)} ms)`,
    target: '—',
    ok: 'info',
  }));
  // 3. The whole composition, for information.
  rss.phase('compose');
  const compose = await load(COMPOSE_DOCS, UPLOAD_CLIENTS, 600, async (i) => {
    const c = clerks[i % clerks.length]!;
    const x = await draft(c);
    if (x.status !== 201) return x;
    return c.post(`/api/v1/documents/${x.id}/issue`);
  });
  table.push(row({
    figure: 'compose: create + upload + issue (info)',
    database: label,
    value: `${(compose.count / compose.seconds).toFixed(1)} docs/s (${compose.count} docs, p95 ${ms(compose.p95)} ms)`,
    target: '—',
    ok: compose.errors ? `${compose.errors} errors` : 'info',
  }));
  return { rate: issueRate, cpuPerDoc, documentId: ids[0]! };
}

/**
 * The same rows written by the driver alone (bench/raw-issue.ts), in the same database right
 * after the server stopped, and the share of it the server reaches: the target of issue 20.
 */
async function rawIssueFigure(label: 'sqlite' | 'postgres', dataDir: string, databaseUrl: string | null, issued: { rate: number; cpuPerDoc: number; documentId: number }) {
  const runs: RawResult[] = [];
  if (databaseUrl) for (const conns of [1, 8]) runs.push(await rawIssuePg(databaseUrl, issued.documentId, RAW_DOCS, conns));
  else runs.push(await rawIssueSqlite(path.join(dataDir, 'lienthong.sqlite'), issued.documentId, RAW_DOCS));
  const best = Math.max(...runs.map((r) => r.rate));
  const share = issued.rate / best;
  const driver = databaseUrl ? '`pg`' : 'better-sqlite3';
  for (const r of runs) {
    table.push(row({
      figure: `raw loop: the same rows of issue + dispatch, ${driver}, ${r.connections} connection${r.connections > 1 ? 's' : ''} (docs/s)`,
      database: label,
      value: `${r.rate.toFixed(1)} docs/s (${r.count} docs, client CPU ${r.cpuMsPerDoc.toFixed(2)} ms/doc)`,
      target: '—',
      ok: 'info',
    }));
  }
  const pgTarget = share >= 0.6;
  const sqliteTarget = issued.rate >= 400 || share >= 0.5;
  table.push(row({
    figure: `issue + dispatch ÷ raw loop (best of ${runs.length})`,
    database: label,
    value: `${share.toFixed(2)} (${issued.rate.toFixed(1)} / ${best.toFixed(1)} docs/s; server CPU ${issued.cpuPerDoc.toFixed(1)} ms/doc)`,
    target: databaseUrl ? '≥ 0.60' : '≥ 400 docs/s or ≥ 0.50',
    ok: (databaseUrl ? pgTarget : sqliteTarget) ? 'yes' : 'NO',
  }));
}

async function inboxFigure(srv: ServerProcess, label: string, clerks: Session[]) {
  await load(60, READ_CLIENTS, 60, (i) => clerks[i % clerks.length]!.get('/api/v1/inbox?limit=50')); // warm-up
  let full = 0;
  const cpu0 = cpuMs(srv.pid);
  const res = await load(INBOX_REQUESTS, READ_CLIENTS, 300, async (i) => {
    const x = await clerks[i % clerks.length]!.get('/api/v1/inbox?limit=50');
    if (x.status === 200 && x.body.items.length === 50) full++;
    return x;
  });
  table.push(row({
    figure: 'inbox page, 50 newest items (p50 / p95 ms)',
    database: label,
    value: `${ms(res.p50)} / ${ms(res.p95)} ms (${res.count} req, ${clerks.length} agencies, ${READ_CLIENTS} concurrent, ${(res.count / res.seconds).toFixed(0)} req/s, server CPU ${((cpuMs(srv.pid) - cpu0) / Math.max(1, res.count)).toFixed(2)} ms/page)`,
    target: 'p95 ≤ 5 ms',
    ok: res.p95 <= 5 && !res.errors && full === res.count ? 'yes' : 'NO',
  }));
  if (res.errors || full !== res.count) notes.push(`${label}: inbox errors ${res.errors} (${res.firstError ?? ''}), full pages ${full}/${res.count}`);
}

async function searchFigure(srv: ServerProcess, label: string, clerks: Session[]) {
  const r = rng(11);
  const symbolQueries = ['STC', 'UBND', 'SKHCN', 'VPUBND'].map((a) => `${1 + r.int(3000)}/${a}`);
  const queries = [...SEARCH_QUERIES, ...symbolQueries];
  const perQuery = new Map<string, number[]>();
  const hits = new Map<string, number>();
  const cpu0 = cpuMs(srv.pid);
  await load(40, READ_CLIENTS, 120, (i) => clerks[i % clerks.length]!.get(`/api/v1/search?q=${encodeURIComponent(queries[i % queries.length]!)}`)); // warm-up
  const res: LoadResult = await load(SEARCH_REQUESTS, READ_CLIENTS, 600, async (i) => {
    const q = queries[(i * 7) % queries.length]!;
    const x = await clerks[i % clerks.length]!.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    if (x.status === 200) {
      perQuery.set(q, [...(perQuery.get(q) ?? []), x.ms]);
      hits.set(q, Math.max(hits.get(q) ?? 0, x.body.items.length));
    }
    return x;
  });
  table.push(row({
    figure: 'full-text search, mixed queries (p50 / p95 ms)',
    database: label,
    value: `${ms(res.p50)} / ${ms(res.p95)} ms (${res.count} req, ${queries.length} queries, ${clerks.length} agencies, ${READ_CLIENTS} concurrent, server CPU ${((cpuMs(srv.pid) - cpu0) / Math.max(1, res.count)).toFixed(2)} ms/query)`,
    target: 'p95 ≤ 50 ms',
    ok: res.p95 <= 50 && !res.errors ? 'yes' : 'NO',
  }));
  if (res.errors) notes.push(`${label}: search errors ${res.errors} (${res.firstError ?? ''})`);
  const slow = [...perQuery.entries()].map(([q, l]) => ({ q, med: l.sort((a, b) => a - b)[Math.floor(l.length / 2)]!, max: Math.max(...l), n: l.length })).sort((a, b) => b.med - a.med);
  notes.push(`${label}: search, slowest queries (median / max ms, results on the first page): ` + slow.slice(0, 10).map((s) => `"${s.q}" ${ms(s.med)}/${ms(s.max)} (${hits.get(s.q)})`).join('; '));
  notes.push(`${label}: search, fastest: ` + slow.slice(-5).map((s) => `"${s.q}" ${ms(s.med)}`).join('; '));
}

function countsSqlite(file: string) {
  const db = new SQLite(file, { readonly: true });
  try {
    const c = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { documents: c('documents'), inbox_items: c('inbox_items'), status_events: c('status_events'), assignments: c('assignments'), organizations: c('organizations'), file_mb: Math.round(fs.statSync(file).size / 1048576) };
  } finally {
    db.close();
  }
}

async function countsPg(url: string) {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const c = async (t: string) => Number((await db.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    const size = Number((await db.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
    return { documents: await c('documents'), inbox_items: await c('inbox_items'), status_events: await c('status_events'), assignments: await c('assignments'), organizations: await c('organizations'), db_mb: Math.round(size / 1048576) };
  } finally {
    await db.end();
  }
}

/** First start (migrations, the demo province, agencies added by the admin), then the bulk seed with the server stopped. */
async function seedDatabase(label: 'sqlite' | 'postgres', dataDir: string, databaseUrl: string | null, rss: RssSampler) {
  const t = performance.now();
  rss.phase('demo load');
  const srv = await startServer({ dataDir, databaseUrl, logName: 'server-1.log', rss });
  await ensureAgencies(srv.url);
  log(`   server started, demo loaded, agencies added: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await srv.stop();

  log(`   seeding ${DOCS.toLocaleString('en')} documents directly into the database…`);
  const plan = { count: DOCS, now: Date.now(), days: 730, seed: 2026 };
  let seed: SeedResult;
  if (databaseUrl) seed = await seedPg(databaseUrl, plan, log);
  else seed = seedSqlite(path.join(dataDir, 'lienthong.sqlite'), plan, log);
  const counts = databaseUrl ? await countsPg(databaseUrl) : countsSqlite(path.join(dataDir, 'lienthong.sqlite'));
  log(`   seed: ${seed.seconds.toFixed(1)} s (of which ${databaseUrl ? 'index build + vacuum analyze' : 'FTS fill + triggers'} ${seed.ftsSeconds.toFixed(1)} s)`);
  log(`   rows seeded: ${Object.entries(seed.rows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
  log(`   rows stored: ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
  table.push(row({ figure: `seed ${DOCS.toLocaleString('en')} documents (bulk, not HTTP)`, database: label, value: `${seed.seconds.toFixed(1)} s`, target: '< 120 s', ok: seed.seconds < 120 ? 'yes' : 'NO' }));
}

async function benchDatabase(label: 'sqlite' | 'postgres', databaseUrl: string | null, rss: RssSampler) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-${label}-`));
  log(`\n== ${label}: data in ${dataDir}`);
  rss.reset();
  const seeded = env.BENCH_SEEDED?.trim();
  if (seeded && !databaseUrl) {
    // To iterate on one figure: a copy of a database seeded before (its data folder).
    for (const f of fs.readdirSync(seeded).filter((n) => n.startsWith('lienthong.sqlite'))) fs.copyFileSync(path.join(seeded, f), path.join(dataDir, f));
    log(`   BENCH_SEEDED: copied the database of ${seeded} (no seed figure)`);
  } else await seedDatabase(label, dataDir, databaseUrl, rss);

  if (env.BENCH_SEED_ONLY === '1') {
    log(`   BENCH_SEED_ONLY: stopping here, data kept in ${dataDir}`);
    return;
  }

  // Second start over the seeded data: the figures.
  const t = performance.now();
  rss.phase('restart');
  const srv = await startServer({ dataDir, databaseUrl, logName: 'server-2.log', rss });
  log(`   server restarted: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  let issued: Awaited<ReturnType<typeof issueFigures>> | null = null;
  try {
    const clerks = await clerksOf(srv.url, 8);
    // BENCH_FIGURES narrows the figures measured (default all): inbox, search, issue.
    const figures = new Set((env.BENCH_FIGURES ?? 'inbox,search,issue').split(',').map((f) => f.trim()));
    if (figures.has('inbox')) {
      log('   figure: inbox…');
      rss.phase('inbox');
      await inboxFigure(srv, label, clerks);
    }
    if (figures.has('search')) {
      log('   figure: search…');
      rss.phase('search');
      await searchFigure(srv, label, clerks);
    }
    if (figures.has('issue')) {
      log('   figure: issue + dispatch…');
      issued = await issueFigures(srv, label, rss);
    }
  } finally {
    rss.sample();
    await srv.stop();
  }
  if (issued && RAW_DOCS > 0) {
    log('   figure: the raw loop writing the same rows…');
    await rawIssueFigure(label, dataDir, databaseUrl, issued);
  }
  notes.push(`${label}: max RSS per phase: ${[...rss.phases].map(([p, kb]) => `${p} ${(kb / 1024).toFixed(0)} MB`).join(', ')}`);
  table.push(row({ figure: 'server memory, max RSS (sampled every 200 ms)', database: label, value: `${(rss.maxKb / 1024).toFixed(0)} MB (${rss.samples} samples)`, target: '≤ 300 MB', ok: rss.maxKb / 1024 <= 300 ? 'yes' : 'NO' }));
  if (KEEP) log(`   kept: ${dataDir}${databaseUrl ? ` and ${databaseUrl}` : ''}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
}

function printTable() {
  console.log(`\n${formatTable(table)}`);
  if (notes.length) console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);
}

async function main() {
  const rss = new RssSampler();
  log(`Liên Thông bench: ${os.cpus().length} cores, Node ${process.version}, ${DOCS.toLocaleString('en')} documents, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  // BENCH_PARTS picks what to measure (default all, the small parts first): mail (issue 4),
  // edxml (issue 5: import and node-to-node delivery), portal (issue 6), tasks (issue 15: the
  // task board), security (issue 17: incident report to live event), surveys (issue 17: aggregates), monitoring (issue 18), projects (issue 16), signing (issue 19), documents (issue 2: the
  // 1M-document seed).
  const parts = new Set((env.BENCH_PARTS ?? 'mail,edxml,portal,tasks,security,surveys,monitoring,projects,signing,documents').split(',').map((p) => p.trim()));
  try {
    const figures: [string, () => Promise<Row[]>][] = [
      ['mail', async () => [...(await (await import('./mail-outbound.js')).outboundFigures()), ...(await (await import('./mail-inbound.js')).inboundFigures())]],
      ['edxml', async () => [...(await (await import('./edxml.js')).edxmlFigures()), ...(await (await import('./federation.js')).federationFigures())]],
      ['portal', async () => (await import('./portal.js')).portalFigures()],
      ['tasks', async () => (await import('./tasks.js')).taskFigures()],
      ['security', async () => (await import('./security.js')).securityFigures()],
      ['surveys', async () => (await import('./surveys.js')).surveyFigures()],
      ['monitoring', async () => (await import('./monitoring.js')).monitoringFigures()],
      ['projects', async () => (await import('./projects.js')).projectFigures()],
      ['signing', async () => (await import('./signing.js')).signingFigures()],
    ];
    for (const [part, measure] of figures) {
      if (!parts.has(part)) continue;
      log(`== ${part}`);
      // A part's rows without their own load average get the one at the end of the part.
      table.push(...(await measure()).map(row));
    }
    if (parts.has('documents')) await benchDocuments(rss);
  } finally {
    rss.stop();
    printTable();
    console.log(`\nload average at the end (other work on the machine skews the figures): ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  }
}

async function benchDocuments(rss: RssSampler) {
  const only = env.BENCH_ONLY; // 'sqlite' or 'postgres' to run one database
  if (only !== 'postgres') await benchDatabase('sqlite', null, rss);
  const base = env.DATABASE_URL?.trim();
  if (!base || only === 'sqlite') return;
  const db = await pgDatabase(base, 'docs');
  try {
    await benchDatabase('postgres', db.url, rss);
  } finally {
    if (!KEEP) await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
