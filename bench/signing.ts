/**
 * Issue 19's figures: issue with the agency's signature of a 1 MB PDF to 50 recipients
 * (documents per second on SQLite, in process: numbering, dispatch, the number and date
 * written and the agency's signature applied with one RSA-2048 operation, verification on
 * arrival), and the verification of an incoming signed 1 MB PDF (CPU milliseconds per file).
 * Each document first goes the way a real one does, outside the measure: drafted, approved
 * and signed by the leader (where its signer's block is located once and kept). `BENCH_SIGNING_DOCS` (default 100) documents. Run alone with
 * `node --import tsx bench/signing.ts`, or `BENCH_PARTS=signing npm run bench`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName } from 'pdf-lib';
import { runAlone, type Row } from './table.js';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/app.js';
import type { AppContext } from '../src/modules/context.js';
import { loadDemo } from '../src/demo/load.js';
import { loadActor } from '../src/modules/auth/service.js';
import { createOrganization } from '../src/modules/directory/service.js';
import { issueDocument, pdfFilesOf } from '../src/modules/documents/index.js';
import { approveAndSign, addVersion, startDraft, submitDraft } from '../src/modules/drafting/service.js';
import { renderOfficialPdf } from '../src/modules/pdf/render.js';
import { verifyPdf } from '../src/modules/signatures/verify.js';

const DOCS = Number(process.env.BENCH_SIGNING_DOCS ?? 100);
const RECIPIENTS = 50;
const LEADER = 'Nguyễn Văn A';

/** An official letter of about 1 MB: the rendered page and an embedded scan-sized stream. */
async function megabytePdf(): Promise<Buffer> {
  const base = await renderOfficialPdf({ issuer: 'SỞ TÀI CHÍNH', symbol: 'Số:        /STC-KHTC', placeDate: 'Đồng Nai, ngày      tháng      năm 2026', title: 'CÔNG VĂN', subtitle: 'V/v đo hiệu năng ký số', paragraphs: ['Nội dung.'], signer: { position: 'Giám đốc', name: LEADER } });
  const doc = await PDFDocument.load(base);
  const filler = Buffer.alloc(Math.max(0, 1024 * 1024 - base.length));
  for (let i = 0; i < filler.length; i++) filler[i] = (i * 2654435761) >>> 24;
  doc.catalog.set(PDFName.of('LtFiller'), doc.context.register(doc.context.stream(filler)));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * `BENCH_SIGNING_PROFILE=file.cpuprofile`: the issue phase alone profiled (this thread; the
 * file thread's hashing and writing are not in it), for Chrome's DevTools or a script.
 */
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Drafts signed by the leader, ready for the clerk to issue (outside every measure). */
async function preparedDrafts(ctx: AppContext, count: number, from: number, recipients: number[], pdf: Buffer): Promise<number[]> {
  const db = ctx.db.kysely;
  const actor = async (username: string) => (await loadActor(ctx, (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id, 'system'))!;
  const specialist = await actor('chuyenvien.stc');
  const leader = await actor('lanhdao.stc');
  const ids: number[] = [];
  for (let i = from; i < from + count; i++) {
    const { documentId: id } = await startDraft(ctx, specialist, { typeCode: 'CV', summary: `Về việc đo hiệu năng ký số ${i}`, recipients, draftingUnit: 'KHTC', signerName: LEADER });
    // Two bytes differ per document, as real files do (and the store keeps each).
    const bytes = Buffer.from(pdf);
    const mid = Math.floor(bytes.length / 2); // inside the filler stream
    bytes[mid] = i & 255;
    bytes[mid + 1] = (i >> 8) & 255;
    await addVersion(ctx, specialist, id, { fileName: `cv-${i}.pdf`, bytes });
    await submitDraft(ctx, specialist, id, { toUserId: leader.userId });
    await approveAndSign(ctx, leader, id, null);
    ids.push(id);
  }
  return ids;
}

/** Enough agencies for 50 recipients: the demo has ~17; the province administrator adds communes (as bench/run.ts does). */
async function ensureAgencies(ctx: AppContext) {
  const db = ctx.db.kysely;
  const admin = (await loadActor(ctx, (await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id, 'system'))!;
  const province = (await db.selectFrom('organizations').select('id').where('kind', '=', 'province').executeTakeFirstOrThrow()).id;
  const used = new Set((await db.selectFrom('organizations').select('code').execute()).map((o) => o.code));
  let agencies = (await db.selectFrom('organizations').select('id').where('kind', '=', 'agency').execute()).length;
  for (let nn = 60; agencies < RECIPIENTS + 1; nn++) {
    const code = `000.00.${String(nn).padStart(2, '0')}.H39`;
    if (used.has(code)) continue;
    await createOrganization(ctx, admin, { code, name: `Ủy ban nhân dân xã Thử Nghiệm ${nn}`, shortName: 'UBND', kind: 'agency', parentId: province, email: `xa${nn}@dongnai.gov.vn` });
    agencies++;
  }
}

const clerkOf = async (ctx: AppContext) => (await loadActor(ctx, (await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'vanthu.stc').executeTakeFirstOrThrow()).id, 'system'))!;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/**
 * One process of the WORKERS=2 measure (`BENCH_SIGNING_CHILD=1`, forked by the bench with
 * the data folder): opens the same SQLite file, issues its first draft to warm up, says so,
 * waits for the word, then issues the rest and answers its time and CPU.
 */
async function child() {
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: '', LOG_LEVEL: 'silent' });
  const ctx = await createContext(config);
  const clerk = await clerkOf(ctx);
  const ids = JSON.parse(process.env.BENCH_SIGNING_IDS!) as number[];
  await issueDocument(ctx, clerk, ids[0]!);
  const go = new Promise((resolve) => process.once('message', resolve));
  process.send!({ ready: true });
  await go;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const id of ids.slice(1)) await issueDocument(ctx, clerk, id);
  const ms = performance.now() - t0;
  const used = cpuMs(process.cpuUsage(cpu0));
  await ctx.db.close();
  process.send!({ ms, cpuMs: used }, () => process.exit(0));
}

/** The drafts issued by two processes at once over the same SQLite file (WAL), as `WORKERS=2` runs the server: wall time and both processes' CPU. */
async function twoProcesses(dataDir: string, ids: number[]): Promise<{ seconds: number; cpuMs: number; docs: number }> {
  const halves = [ids.filter((_, i) => i % 2 === 0), ids.filter((_, i) => i % 2 === 1)];
  const children = halves.map((half) => fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_SIGNING_CHILD: '1', DATA_DIR: dataDir, BENCH_SIGNING_IDS: JSON.stringify(half) } }));
  const next = (c: ChildProcess) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      c.once('message', (m) => resolve(m as Record<string, number>));
      c.once('exit', (code) => reject(new Error(`bench child ended (${code})`)));
    });
  try {
    await Promise.all(children.map(next));
    const done = children.map(next);
    const t0 = performance.now();
    children.forEach((c) => c.send({ go: true }));
    const results = await Promise.all(done);
    return { seconds: (performance.now() - t0) / 1000, cpuMs: results.reduce((n, r) => n + r.cpuMs!, 0), docs: ids.length - 2 };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}

export async function signingFigures(): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-signing-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const ctx = await createContext(config);
  try {
    await loadDemo(ctx);
    await ensureAgencies(ctx);
    const db = ctx.db.kysely;
    const stc = (await db.selectFrom('organizations').select('id').where('email', 'like', 'stc@%').executeTakeFirstOrThrow()).id;
    const clerk = await clerkOf(ctx);
    const recipients = (await db.selectFrom('organizations').select('id').where('kind', '=', 'agency').where('id', '!=', stc).limit(RECIPIENTS).execute()).map((r) => r.id);
    const pdf = await megabytePdf();
    // The first issue of a process opens the agency's key and builds its font and seal: issued before the measure.
    const [warm, ...ids] = await preparedDrafts(ctx, DOCS + 1, 0, recipients, pdf);
    await issueDocument(ctx, clerk, warm!);
    const profiler = process.env.BENCH_SIGNING_PROFILE ? await startProfile() : null;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const id of ids) await issueDocument(ctx, clerk, id);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (profiler) await profiler.stop(process.env.BENCH_SIGNING_PROFILE!);
    const rate = DOCS / seconds;
    const perDoc = cpuMs(cpu) / DOCS;
    const validOf = async (docIds: number[]) => {
      const signed = await db.selectFrom('signature_checks').select(['verdict', 'checks', 'document_id']).where('direction', '=', 'issued').where('document_id', 'in', docIds).execute();
      for (const r of signed.filter((x) => x.verdict !== 'valid')) console.error(`document ${r.document_id}: ${r.verdict} ${r.checks}`);
      return signed.filter((r) => r.verdict === 'valid').length;
    };
    const okSigned = await validOf(ids);

    const [file] = await pdfFilesOf(db, ids[0]!);
    const signedPdf = await ctx.blobs.read(file!.sha256);
    const anchors = (await db.selectFrom('trust_anchors').select('pem').execute()).map((r) => r.pem);
    verifyPdf(signedPdf, anchors);
    const runs = 30;
    const v0 = process.cpuUsage();
    let verdict = '';
    let count = 0;
    for (let i = 0; i < runs; i++) ({ verdict, signatures: { length: count } } = verifyPdf(signedPdf, anchors));
    const verifyMs = cpuMs(process.cpuUsage(v0)) / runs;
    const size = `${(signedPdf.length / 1048576).toFixed(1)} MB PDF, ${recipients.length} recipients`;
    const rows: Row[] = [
      {
        figure: `issue with agency signature, ${size} (docs/s)`,
        database: 'sqlite',
        value: `${rate.toFixed(1)} docs/s (${DOCS} docs signed by the leader, one process, ${okSigned}/${DOCS} verified valid)`,
        target: '≥ 100 docs/s',
        ok: rate >= 100 && okSigned === DOCS ? 'yes' : 'NO',
      },
      {
        figure: `issue with agency signature, ${size}: CPU per document`,
        database: 'sqlite',
        value: `${perDoc.toFixed(1)} ms/doc (all threads: ${(1000 / perDoc).toFixed(0)} docs/s per core)`,
        target: '≤ 10 ms/doc (100 docs/s on one core)',
        ok: perDoc <= 10 ? 'yes' : 'NO',
      },
    ];
    if (process.env.BENCH_SIGNING_WORKERS !== '1') {
      // As many drafts again, issued by two processes sharing the SQLite file (WORKERS=2).
      const twoIds = await preparedDrafts(ctx, DOCS + 2, DOCS + 1, recipients, pdf);
      const two = await twoProcesses(dataDir, twoIds);
      const okTwo = await validOf(twoIds);
      const twoRate = two.docs / two.seconds;
      rows.push({
        figure: `the same issued by two processes (WORKERS=2, one SQLite file in WAL)`,
        database: 'sqlite',
        value: `${twoRate.toFixed(1)} docs/s (CPU ${(two.cpuMs / two.docs).toFixed(1)} ms/doc over both, ${okTwo}/${twoIds.length} verified valid)`,
        target: '≥ 100 docs/s',
        ok: twoRate >= 100 && okTwo === twoIds.length ? 'yes' : 'NO',
      });
    }
    rows.push({ figure: 'verification of an incoming signed 1 MB PDF (CPU ms)', database: '—', value: `${verifyMs.toFixed(1)} ms (${verdict}, ${count} signature${count === 1 ? '' : 's'})`, target: '≤ 20 ms', ok: verifyMs <= 20 && verdict === 'valid' ? 'yes' : 'NO' });
    return rows;
  } finally {
    await ctx.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_SIGNING_CHILD === '1') void child();
else runAlone(import.meta.url, signingFigures);
