import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { spawnServer } from './helpers/process.js';
import { demoTemplate, freshDatabase, type TestDatabase } from './helpers/db.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { fixture } from './helpers/edxml.js';
import { streamUpload } from './helpers/upload-stream.js';
import { startSmtpListener } from '../src/modules/mail/inbound/listener.js';
import { lienthongArgs } from './helpers/bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function lienthong(db: TestDatabase, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' };
  return new Promise((resolve) => {
    execFile(process.execPath, lienthongArgs(...args), { cwd: root, env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath ?? d.path, d.name)).sort();
}

/** Every file of the store made two days old: only the references keep them now. */
function ageAll(dir: string) {
  const old = new Date(Date.now() - 2 * 86400_000);
  for (const f of filesUnder(dir)) fs.utimesSync(f, old, old);
}

const blobPath = (dataDir: string, sha: string) => path.join(dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);

describe('blobs gc and check, beside a running server', () => {
  let t: TestServer;
  let clerk: Client;
  let docId: number;
  const smtp: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    t = await startServer();
    clerk = await signIn(t.url, 'vanthu.skhcn');
    const d = await clerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc lưu trữ tệp', recipients: [t.ids.get('stc')!] });
    docId = d.body.id;
    // A file of every kind of reference: an attachment, a portal form (the demo's), a raw
    // inbound mail, a received edXML package.
    expect((await clerk.upload(`/api/v1/documents/${docId}/attachments`, 'bao-cao.pdf', pdfBytes('báo cáo'))).status).toBe(201);
    const stc = await signIn(t.url, 'vanthu.stc');
    expect((await stc.request('POST', '/api/v1/edxml/import', fixture('bkav-new-document.edxml').toString('utf8'), { 'content-type': 'application/xml' })).status).toBe(201);
    const l = await startSmtpListener(t.ctx, { port: 0, host: '127.0.0.1' });
    smtp.push(l);
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: l.port, secure: false, ignoreTLS: true })
      .sendMail({ from: 'Công dân <congdan@example.com>', to: 'stc@dongnai.gov.vn', subject: 'Đề nghị cung cấp thông tin', text: 'Kính gửi Sở Tài chính', attachments: [{ filename: 'de-nghi.pdf', content: pdfBytes('đề nghị') }] });
  }, 120_000);
  afterAll(async () => {
    for (const l of smtp) await l.close();
    await t?.close();
  });

  it('keeps every file a row names (attachments, forms, raw mails, edXML packages) and removes the old orphans only', async () => {
    const k = t.ctx.db.kysely;
    expect((await k.selectFrom('mail_inbound').select('raw_sha256').execute()).length).toBeGreaterThan(0);
    expect((await k.selectFrom('edxml_packages').select('id').execute()).length).toBeGreaterThan(0);
    expect((await k.selectFrom('forms').select('id').execute()).length).toBeGreaterThan(0);
    // Orphans: a file whose row never committed, a write and an upload cut off.
    const orphan = await t.ctx.blobs.put(randomBytes(5000));
    fs.mkdirSync(path.join(t.db.dataDir, 'blobs', 'tmp'), { recursive: true });
    fs.writeFileSync(path.join(t.db.dataDir, 'blobs', 'tmp', 'cut-off.upload'), randomBytes(1000));
    fs.writeFileSync(`${blobPath(t.db.dataDir, orphan)}.abc123.tmp`, randomBytes(1000));
    const young = await lienthong(t.db, 'blobs', 'gc');
    expect(young.code, young.stderr).toBe(0);
    // Within the grace period nothing goes: the row may be about to commit.
    expect(fs.existsSync(blobPath(t.db.dataDir, orphan))).toBe(true);

    ageAll(path.join(t.db.dataDir, 'blobs'));
    const before = filesUnder(path.join(t.db.dataDir, 'blobs'));
    const r = await lienthong(t.db, 'blobs', 'gc');
    expect(r.code, r.stderr).toBe(0);
    const after = filesUnder(path.join(t.db.dataDir, 'blobs'));
    expect(before.filter((f) => !after.includes(f)).sort()).toEqual([blobPath(t.db.dataDir, orphan), `${blobPath(t.db.dataDir, orphan)}.abc123.tmp`, path.join(t.db.dataDir, 'blobs', 'tmp', 'cut-off.upload')].sort());
    expect(r.stdout).toContain('Removed 3');
    const check = await lienthong(t.db, 'blobs', 'check');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/All \d+ files present/);
  }, 120_000);

  it('an old orphan stored again by an upload is touched and survives the collector', async () => {
    const bytes = pdfBytes(`tệp dùng lại ${Date.now()}`);
    const sha = await t.ctx.blobs.put(bytes);
    ageAll(path.join(t.db.dataDir, 'blobs'));
    // The upload comes (the row commits) after the collector listed the old file: the touch keeps it.
    const up = await clerk.upload(`/api/v1/documents/${docId}/attachments`, 'dung-lai.pdf', bytes);
    expect(up.body.sha256).toBe(sha);
    expect((await lienthong(t.db, 'blobs', 'gc')).code).toBe(0);
    const back = await clerk.get(`/api/v1/documents/${docId}/attachments/${up.body.id}`);
    expect(back.status).toBe(200);
    expect(Buffer.from(back.raw).equals(bytes)).toBe(true);
  }, 60_000);

  it('check names the missing and the corrupt file and the row naming it, and exits 1; the missing file answers 503 in both languages', async () => {
    const a = await clerk.upload(`/api/v1/documents/${docId}/attachments`, 'se-mat.pdf', pdfBytes(`sẽ mất ${Date.now()}`));
    const b = await clerk.upload(`/api/v1/documents/${docId}/attachments`, 'se-hong.pdf', pdfBytes(`sẽ hỏng ${Date.now()}`));
    fs.rmSync(blobPath(t.db.dataDir, a.body.sha256));
    fs.writeFileSync(blobPath(t.db.dataDir, b.body.sha256), 'bị ghi đè');
    const r = await lienthong(t.db, 'blobs', 'check');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`MISSING ${a.body.sha256} — attachments #${a.body.id} (document ${docId})`);
    expect(r.stderr).toContain(`CORRUPT ${b.body.sha256}`);
    const down = await clerk.get(`/api/v1/documents/${docId}/attachments/${a.body.id}`);
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('file_missing');
    expect(down.body.error.message).toContain('Tệp này hiện không có');
    expect(down.body.error.messageEn).toContain('missing');
    // Put back (from a backup), all is well again.
    fs.writeFileSync(blobPath(t.db.dataDir, a.body.sha256), pdfBytes('x'));
  }, 60_000);
});

describe('a server killed during an upload; the collector in the server', () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  }, 300_000);

  it('the cut-off upload is collected by the restarted server once old; a missing file is logged', async () => {
    // A copy of the run's demo province (its stored files too) instead of loading it again.
    db = await freshDatabase(demoTemplate());
    // The killed server may have taken the collector's lease (its first pass is 5 s after the
    // start): a six-second interval (and lease) lets the restarted server collect within seconds.
    const env = { DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', BLOB_GC_INTERVAL_MINUTES: '0.1' };
    server = await spawnServer(env);
    const clerk = await signIn(server.url, 'vanthu.skhcn');
    const d = await clerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc tải lên bị cắt', recipients: [] });
    const kept = await clerk.upload(`/api/v1/documents/${d.body.id}/attachments`, 'giu.pdf', pdfBytes('giữ lại'));
    expect(kept.status).toBe(201);
    // An upload half-way when the server is killed.
    const tmp = path.join(db.dataDir, 'blobs', 'tmp');
    const cut = streamUpload(clerk, `/api/v1/documents/${d.body.id}/attachments`, 'bi-cat.pdf', [pdfBytes('bị cắt'), randomBytes(1 << 20)], { hold: new Promise(() => {}) }).catch(() => null);
    for (let i = 0; i < 200 && !filesUnder(tmp).length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(filesUnder(tmp).length).toBe(1);
    server.proc.kill('SIGKILL');
    await new Promise((r) => server!.proc.once('exit', r));
    void cut;
    expect(filesUnder(tmp).length).toBe(1);

    ageAll(path.join(db.dataDir, 'blobs'));
    server = await spawnServer({ ...env, LOG_LEVEL: 'error' });
    let log = '';
    server.proc.stdout!.on('data', (c) => (log += c));
    // The server's own collector runs soon after the start.
    for (let i = 0; i < 900 && filesUnder(tmp).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(filesUnder(tmp)).toEqual([]);
    expect(fs.existsSync(blobPath(db.dataDir, kept.body.sha256))).toBe(true);

    // A file gone: a clear 503, and the operator sees it in the log.
    fs.rmSync(blobPath(db.dataDir, kept.body.sha256));
    const again = await signIn(server.url, 'vanthu.skhcn');
    const r = await again.get(`/api/v1/documents/${d.body.id}/attachments/${kept.body.id}`);
    expect(r.status).toBe(503);
    for (let i = 0; i < 50 && !log.includes('file_missing'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(log).toContain('file_missing');
  }, 600_000);
});
