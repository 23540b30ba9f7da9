/**
 * The inbound mail figure of issue 4: messages with a 1 MB PDF attachment (each a different
 * file), composed by nodemailer before the clock starts (senders are other machines), sent
 * over SMTP on loopback by a few pooled nodemailer clients to the built-in
 * listener of the real server running as its own process (the bundle `npm start` runs), on
 * SQLite and — when DATABASE_URL is set — on a fresh PostgreSQL database. Every message is
 * then checked to have become an inbox item. Standalone: `node --import tsx bench/mail-inbound.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { runAlone, type Row } from './table.js';
import nodemailer from 'nodemailer';
import { percentile, signIn } from './http.js';
import { cpuMs, freePort, RssSampler, startServer, onEachDatabase } from './server.js';

const env = process.env;
const MESSAGES = Number(env.BENCH_MAIL_MESSAGES ?? 300);
const CLIENTS = Number(env.BENCH_MAIL_CLIENTS ?? 4);
const WARMUP = 10;
const PDF_BYTES = 1024 * 1024;
const TARGET = 50;

/** A PDF of exactly 1 MB; the stamp makes each one a different file. */
const pdfBase = (() => {
  const head = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ', 'latin1');
  const tail = Buffer.from('\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(PDF_BYTES - head.length - tail.length), tail]);
})();
const pdf = (stamp: string) => {
  const b = Buffer.from(pdfBase);
  b.write(stamp.padEnd(40, ' ').slice(0, 40), 90, 'latin1');
  return b;
};

const AGENCIES = ['stc', 'skhcn', 'snv', 'stp', 'syt', 'sxd', 'sct', 'ttt'];

/** Runs the server with its listener on a free port. */
async function withListener<T>(dataDir: string, databaseUrl: string | null, rss: RssSampler, run: (url: string, smtpPort: number, pid: number) => Promise<T>): Promise<T> {
  const smtpPort = await freePort();
  const srv = await startServer({ dataDir, databaseUrl, logName: 'server-mail.log', rss, env: { SMTP_LISTEN_PORT: String(smtpPort), SMTP_LISTEN_HOST: '127.0.0.1' } });
  try {
    return await run(srv.url, smtpPort, srv.pid);
  } finally {
    await srv.stop();
  }
}

/** The messages, composed by nodemailer before the clock starts: the senders are other machines. */
async function compose(from: number, count: number, tag: string) {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const t0 = performance.now();
  const messages: { envelope: { from: string; to: string[] }; raw: Buffer }[] = [];
  for (let i = from; i < from + count; i++) {
    const agency = AGENCIES[i % AGENCIES.length]!;
    // Many senders, as an MX sees them (each under the per-sender limit).
    const sender = `nguoigui${i}@example.com`;
    const info = await composer.sendMail({
      from: { name: `Người gửi ${i}`, address: sender },
      to: `${agency}@dongnai.gov.vn`,
      subject: `${tag} ${i}: Về việc báo cáo kết quả thực hiện kế hoạch năm 2026`,
      text: `Kính gửi ${agency.toUpperCase()},\nĐề nghị xem văn bản đính kèm.\nTrân trọng.`,
      attachments: [{ filename: `Công văn số ${i}.pdf`, content: pdf(`${tag}-${i}`), contentType: 'application/pdf' }],
    });
    messages.push({ envelope: { from: sender, to: [`${agency}@dongnai.gov.vn`] }, raw: info.message as Buffer });
  }
  return { messages, seconds: (performance.now() - t0) / 1000 };
}

async function sendAll(smtpPort: number, messages: { envelope: { from: string; to: string[] }; raw: Buffer }[]) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: CLIENTS, maxMessages: Infinity });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  async function client() {
    for (;;) {
      const m = messages[next++];
      if (!m) return;
      const t = performance.now();
      try {
        await transport.sendMail(m);
        latencies.push(performance.now() - t);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  return { seconds, latencies: latencies.sort((a, b) => a - b), errors, firstError };
}

/** Every message measured is in the inbound log as accepted, with an inbox item at 01. */
async function checkItems(url: string, tag: string): Promise<{ items: number; inInbox: number }> {
  const admin = await signIn(url, 'admin');
  let items = 0;
  let before: number | null = null;
  const subjects = new Set<string>();
  for (;;) {
    const r = await admin.get(`/api/v1/mail/inbound?outcome=accepted&limit=200${before ? `&beforeId=${before}` : ''}`);
    for (const m of r.body.items as { subject: string; itemId: number | null; itemStatus: string | null }[]) {
      if (m.subject?.startsWith(`${tag} `) && m.itemId !== null && m.itemStatus === '01') {
        items++;
        subjects.add(m.subject);
      }
    }
    before = r.body.nextBeforeId;
    if (!before) break;
  }
  // And a clerk sees them in the inbox like any other arrival.
  const clerk = await signIn(url, 'vanthu.stc');
  const inbox = await clerk.get(`/api/v1/inbox?limit=200&q=${encodeURIComponent(tag)}`);
  const inInbox = (inbox.body.items as { summary: string }[]).filter((i) => subjects.has(i.summary)).length;
  return { items, inInbox };
}

async function figuresFor(label: string, databaseUrl: string | null): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-mail-${label}-`));
  const rss = new RssSampler();
  try {
    return await withListener(dataDir, databaseUrl, rss, async (url, smtpPort, pid) => {
      const warm = await sendAll(smtpPort, (await compose(0, WARMUP, 'WARMUP')).messages);
      if (warm.errors) throw new Error(`the listener on port ${smtpPort} did not take the warm-up messages: ${warm.firstError} (server log: ${path.join(dataDir, 'server-mail.log')})`);
      rss.reset();
      const tag = `BENCH${randomBytes(3).toString('hex').toUpperCase()}`;
      const composed = await compose(0, MESSAGES, tag);
      const load = os.loadavg()[0]!;
      const serverCpu = cpuMs(pid);
      const clientCpu = process.cpuUsage();
      const run = await sendAll(smtpPort, composed.messages);
      const serverMs = (cpuMs(pid) - serverCpu) / MESSAGES;
      const used = process.cpuUsage(clientCpu);
      const clientMs = (used.user + used.system) / 1000 / MESSAGES;
      const check = await checkItems(url, tag);
      const rate = (MESSAGES - run.errors) / run.seconds;
      const stcExpected = Array.from({ length: MESSAGES }, (_, i) => i).filter((i) => AGENCIES[i % AGENCIES.length] === 'stc').length;
      const allThere = run.errors === 0 && check.items === MESSAGES && check.inInbox === stcExpected;
      return [
        {
          figure: `inbound SMTP, 1 MB PDF each, ${CLIENTS} pooled nodemailer clients (messages/s)`,
          database: label,
          value: `${rate.toFixed(1)}/s (${MESSAGES} in ${run.seconds.toFixed(1)} s, load average ${load.toFixed(1)}${run.errors ? `, ${run.errors} errors: ${run.firstError}` : ''})`,
          target: `≥ ${TARGET}/s`,
          ok: rate >= TARGET && allThere ? 'yes' : 'NO',
        },
        {
          figure: 'inbound: messages that became inbox items at 01 (checked)',
          database: label,
          value: `${check.items}/${MESSAGES} in the log; ${check.inInbox}/${stcExpected} in vanthu.stc's inbox`,
          target: 'all',
          ok: allThere ? 'yes' : 'NO',
        },
        {
          figure: 'inbound: time per message, MAIL FROM to 250 (p50 / p95 ms, info)',
          database: label,
          value: `${percentile(run.latencies, 50).toFixed(0)} / ${percentile(run.latencies, 95).toFixed(0)}`,
          target: '—',
          ok: '—',
        },
        {
          figure: 'inbound: CPU per message, server (all threads) + sending client (info)',
          database: label,
          value: `${serverMs.toFixed(1)} + ${clientMs.toFixed(1)} ms (composing beforehand: ${((composed.seconds * 1000) / MESSAGES).toFixed(1)} ms a message)`,
          target: '—',
          ok: '—',
        },
        { figure: 'inbound: server max RSS while receiving (info)', database: label, value: `${(rss.maxKb / 1024).toFixed(0)} MB`, target: '—', ok: '—' },
      ];
    });
  } finally {
    rss.stop();
    if (process.env.BENCH_KEEP === '1') console.log(`   kept: ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function inboundFigures(): Promise<Row[]> {
  return onEachDatabase('mail_in', (label, [url]) => figuresFor(label, url!));
}

runAlone(import.meta.url, inboundFigures);
