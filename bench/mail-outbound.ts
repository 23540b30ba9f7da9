/**
 * Figures of issue 4, outbound: one document dispatched to 200 agencies queues 200 mails in
 * its issuing transaction, and the outbox delivers them to a local SMTP server (smtp-server
 * in this process, standing for the province's relay) at ≥ 100 messages/s. The real server
 * runs as its own process, as in bench/server.ts, on SQLite and — when DATABASE_URL is set —
 * on a fresh PostgreSQL database. Run alone: `node --import tsx bench/mail-outbound.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { signIn, type Session } from './http.js';
import type { Row } from './table.js';
import { RssSampler, startServer, freePort, onEachDatabase } from './server.js';

const RECIPIENTS = 200;
const ATTACHMENT_BYTES = Number(process.env.BENCH_MAIL_ATTACHMENT_KB ?? 256) * 1024;

/** A relay that takes everything and remembers when each message of the document arrived. */
async function startSink() {
  const arrivals = new Map<string, number[]>();
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 100 * 1024 * 1024,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 16384) head += c.toString('latin1');
      });
      stream.on('end', () => {
        const doc = /^x-lienthong-document: (\d+)\r?$/im.exec(head)?.[1] ?? '';
        const list = arrivals.get(doc) ?? [];
        list.push(performance.now());
        arrivals.set(doc, list);
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { port, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function pdf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ', 'latin1');
  const tail = Buffer.from('\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(Math.max(0, bytes - head.length - tail.length)), tail]);
}

async function ensureAgencies(admin: Session, count: number) {
  const orgs = (await admin.get('/api/v1/organizations')).body as { id: number; code: string | null; kind: string }[];
  const province = orgs.find((o) => o.kind === 'province')!;
  const used = new Set(orgs.map((o) => o.code));
  let agencies = orgs.filter((o) => o.kind === 'agency').length;
  let n = 0;
  while (agencies < count) {
    const batch: Promise<void>[] = [];
    for (let k = 0; k < 4 && agencies + batch.length < count; n++) {
      const code = `000.${String(70 + Math.floor(n / 100))}.${String(n % 100).padStart(2, '0')}.H39`;
      if (used.has(code)) continue;
      k++;
      batch.push(
        admin.post('/api/v1/organizations', { code, name: `Ủy ban nhân dân xã Thử Nghiệm ${n + 1}`, shortName: 'UBND', kind: 'agency', parentId: province.id, email: `xa${n + 1}@dongnai.gov.vn` }).then((r) => {
          if (r.status !== 201) throw new Error(`creating agency ${code}: ${r.status} ${JSON.stringify(r.body)}`);
        }),
      );
    }
    await Promise.all(batch);
    agencies += batch.length;
  }
}

async function measure(label: 'sqlite' | 'postgres', databaseUrl: string | null, rss: RssSampler): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-mail-${label}-`));
  const sink = await startSink();
  let srv: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    srv = await startServer({ dataDir, databaseUrl, logName: 'mail-outbound.log', rss, env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, PUBLIC_URL: 'https://lienthong.dongnai.gov.vn' } });
    const admin = await signIn(srv.url, 'admin');
    await ensureAgencies(admin, RECIPIENTS + 1);
    const clerk = await signIn(srv.url, 'vanthu.ubnd');
    const me = clerk.user.agencyId;
    const orgs = (await clerk.get('/api/v1/organizations?kind=agency')).body as { id: number }[];
    const recipients = orgs.map((o) => o.id).filter((id) => id !== me).slice(0, RECIPIENTS);
    const draft = await clerk.post('/api/v1/documents', {
      typeCode: 'TB',
      summary: 'Thông báo kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại hội nghị chuyển đổi số năm 2026',
      signerName: 'Võ Tấn Đức',
      signerPosition: 'Chủ tịch',
      signerCompetence: 'TM.',
      urgency: 'khan',
      recipients,
    });
    if (draft.status !== 201) throw new Error(`draft: ${draft.status} ${JSON.stringify(draft.body)}`);
    const id = draft.body.id as number;
    const up = await clerk.upload(`/api/v1/documents/${id}/attachments`, 'Thông báo kết luận.pdf', pdf(ATTACHMENT_BYTES));
    if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);

    rss.phase('mail: issue to 200');
    const started = new Date().toISOString();
    const issued = await clerk.post(`/api/v1/documents/${id}/issue`);
    const issuedAt = performance.now();
    const finished = new Date().toISOString();
    if (issued.status !== 200) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
    // Right after the issue answers, its 200 mails are there: written in its transaction.
    const queued = (await clerk.get(`/api/v1/mail/outbox?documentId=${id}&limit=200`)).body.items as { createdAt: string; status: string }[];
    const inWindow = queued.filter((q) => q.createdAt >= started && q.createdAt <= finished).length;

    rss.phase('mail: delivery');
    const deadline = Date.now() + 120_000;
    const arrived = () => sink.arrivals.get(String(id)) ?? [];
    while (arrived().length < RECIPIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const times = arrived();
    const first = Math.min(...times);
    const last = Math.max(...times);
    const rate = times.length > 1 ? (times.length - 1) / ((last - first) / 1000) : 0;
    const endToEnd = (last - issuedAt) / 1000;
    let sent = 0;
    for (let i = 0; i < 50 && sent < RECIPIENTS; i++) {
      sent = ((await clerk.get(`/api/v1/mail/outbox?documentId=${id}&status=sent&limit=200`)).body.items as unknown[]).length;
      if (sent < RECIPIENTS) await new Promise((r) => setTimeout(r, 100));
    }
    return [
      {
        figure: 'mail: issue to 200 agencies queues 200 mails in its transaction',
        database: label,
        value: `${queued.length} queued (${inWindow} during the issue call, ${issued.ms.toFixed(0)} ms)`,
        target: `${RECIPIENTS}`,
        ok: queued.length === RECIPIENTS && inWindow === RECIPIENTS ? 'yes' : 'NO',
      },
      {
        figure: `mail: delivery to a local SMTP server (${RECIPIENTS} mails, ${Math.round(ATTACHMENT_BYTES / 1024)} KB PDF each)`,
        database: label,
        value: `${rate.toFixed(0)} msg/s (${times.length} received, ${sent} marked sent, all in ${endToEnd.toFixed(2)} s after the issue)`,
        target: '≥ 100 msg/s',
        ok: rate >= 100 && times.length === RECIPIENTS && sent === RECIPIENTS ? 'yes' : 'NO',
      },
    ];
  } finally {
    await srv?.stop();
    await sink.close();
    if (process.env.BENCH_KEEP !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function outboundFigures(): Promise<Row[]> {
  const rss = new RssSampler();
  try {
    return await onEachDatabase('mail_out', (label, [url]) => measure(label, url!, rss));
  } finally {
    rss.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  outboundFigures().then(
    (rows) => {
      console.table(rows);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
