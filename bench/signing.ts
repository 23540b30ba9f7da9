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
import { PDFDocument, PDFName } from 'pdf-lib';
import { runAlone, type Row } from './table.js';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/app.js';
import { loadDemo } from '../src/demo/load.js';
import { loadActor } from '../src/modules/auth/service.js';
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

export async function signingFigures(): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-signing-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const ctx = await createContext(config);
  try {
    await loadDemo(ctx);
    const db = ctx.db.kysely;
    const stc = (await db.selectFrom('organizations').select('id').where('email', 'like', 'stc@%').executeTakeFirstOrThrow()).id;
    const clerkId = (await db.selectFrom('users').select('id').where('username', '=', 'vanthu.stc').executeTakeFirstOrThrow()).id;
    const clerk = (await loadActor(ctx, clerkId, 'system'))!;
    const actor = async (username: string) => (await loadActor(ctx, (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id, 'system'))!;
    const specialist = await actor('chuyenvien.stc');
    const leader = await actor('lanhdao.stc');
    const recipients = (await db.selectFrom('organizations').select('id').where('kind', '=', 'agency').where('id', '!=', stc).limit(RECIPIENTS).execute()).map((r) => r.id);
    const pdf = await megabytePdf();
    const ids: number[] = [];
    for (let i = 0; i < DOCS; i++) {
      const { documentId: id } = await startDraft(ctx, specialist, { typeCode: 'CV', summary: `Về việc đo hiệu năng ký số ${i}`, recipients, draftingUnit: 'KHTC', signerName: LEADER });
      // One byte differs per document, as real files do (and the store keeps each).
      const bytes = Buffer.from(pdf);
      bytes[Math.floor(bytes.length / 2)] = i % 256; // inside the filler stream
      await addVersion(ctx, specialist, id, { fileName: `cv-${i}.pdf`, bytes });
      await submitDraft(ctx, specialist, id, { toUserId: leader.userId });
      await approveAndSign(ctx, leader, id, null);
      ids.push(id);
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const id of ids) await issueDocument(ctx, clerk, id);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const rate = DOCS / seconds;
    const signed = await db.selectFrom('signature_checks').select(['verdict', 'checks', 'document_id']).where('direction', '=', 'issued').where('document_id', 'in', ids).execute();
    const okSigned = signed.filter((r) => r.verdict === 'valid').length;
    for (const r of signed.filter((x) => x.verdict !== 'valid')) console.error(`document ${r.document_id}: ${r.verdict} ${r.checks}`);

    const [file] = await pdfFilesOf(db, ids[0]!);
    const signedPdf = await ctx.blobs.read(file!.sha256);
    const anchors = (await db.selectFrom('trust_anchors').select('pem').execute()).map((r) => r.pem);
    verifyPdf(signedPdf, anchors);
    const runs = 30;
    const v0 = process.cpuUsage();
    let verdict = '';
    let count = 0;
    for (let i = 0; i < runs; i++) ({ verdict, signatures: { length: count } } = verifyPdf(signedPdf, anchors));
    const v = process.cpuUsage(v0);
    const verifyMs = (v.user + v.system) / 1000 / runs;
    return [
      {
        figure: `issue with agency signature, ${(signedPdf.length / 1048576).toFixed(1)} MB PDF, ${recipients.length} recipients (docs/s)`,
        database: 'sqlite',
        value: `${rate.toFixed(1)} docs/s (${DOCS} docs signed by the leader, CPU ${((cpu.user + cpu.system) / 1000 / DOCS).toFixed(1)} ms/doc, ${okSigned}/${DOCS} verified valid)`,
        target: '≥ 100 docs/s',
        ok: rate >= 100 && okSigned === DOCS ? 'yes' : 'NO',
      },
      { figure: 'verification of an incoming signed 1 MB PDF (CPU ms)', database: '—', value: `${verifyMs.toFixed(1)} ms (${verdict}, ${count} signature${count === 1 ? '' : 's'})`, target: '≤ 20 ms', ok: verifyMs <= 20 && verdict === 'valid' ? 'yes' : 'NO' },
    ];
  } finally {
    await ctx.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

runAlone(import.meta.url, signingFigures);
