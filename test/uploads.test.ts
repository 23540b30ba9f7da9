import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { spawnServer } from './helpers/process.js';
import { demoTemplate, freshDatabase, type TestDatabase } from './helpers/db.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { streamUpload } from './helpers/upload-stream.js';

const hex = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath ?? d.path, d.name)).sort();
}

async function draft(c: Client, to: number): Promise<number> {
  const d = await c.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc gửi hồ sơ kèm tệp lớn', recipients: [to] });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  return d.body.id;
}

/** Resident memory of a process now and at its peak (MB), from the kernel. */
function rssMb(pid: number): { now: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Starts the peak anew (Linux: "5" to clear_refs), so it measures what comes next, not the start-up. */
const resetPeak = (pid: number) => fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');

describe('uploads are streamed to disk, not held in memory', () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  }, 300_000);

  it('8 parallel 45 MB uploads (360 MB in all): the server process grows by less than 150 MB and every file is stored whole', async () => {
    // A copy of the run's demo province: as in production the data is there before the server
    // starts, so the server's memory is what serving takes.
    db = await freshDatabase(demoTemplate());
    const env = { DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' };
    // The text job is off (TEXT_POLL_MS=0): this measures the upload path; the text thread's own
    // footprint (PDF.js reading the demo's files, ~90 MB at its peak) is a known cost of its own.
    server = await spawnServer({ ...env, UPLOADS_PER_USER: '8', TEXT_POLL_MS: '0', VALIDATE_RESPONSES: '0' });
    const clerk = await signIn(server.url, 'vanthu.skhcn');
    const stc = (await clerk.get('/api/v1/organizations')).body.find((o: { email?: string }) => o.email?.startsWith('stc@')).id as number;
    const id = await draft(clerk, stc);
    const pid = server.proc.pid!;
    resetPeak(pid);
    const before = rssMb(pid).now;
    // One shared 45 MB body, a different first line for each file: eight different files.
    const body = randomBytes(45 * 1048576);
    const heads = Array.from({ length: 8 }, (_, i) => pdfBytes(`tệp số ${i + 1}`));
    const answers = await Promise.all(heads.map((h, i) => streamUpload(clerk, `/api/v1/documents/${id}/attachments`, `ho-so-${i + 1}.pdf`, [h, body])));
    const peak = rssMb(pid).peak;
    console.log(`server peak RSS: ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB after 8 × 45 MB uploads`);
    for (const [i, a] of answers.entries()) {
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      expect(a.body.sha256).toBe(hex(heads[i]!, body));
      expect(a.body.mime).toBe('application/pdf');
      const stored = path.join(db.dataDir, 'blobs', a.body.sha256.slice(0, 2), a.body.sha256.slice(2, 4), a.body.sha256);
      expect(fs.statSync(stored).size).toBe(heads[i]!.length + body.length);
    }
    // Held in memory, the eight bodies alone would add 360 MB; streamed, the growth is the
    // sockets' and the hashers' buffers. The process's own size at rest is issue 20's figure.
    expect(peak - before).toBeLessThan(150);
    // Nothing is left behind in the temporary folder.
    expect(filesUnder(path.join(db.dataDir, 'blobs', 'tmp'))).toEqual([]);
  }, 600_000);
});

describe('uploads: per-user bound, content check on the stream, malformed multipart', () => {
  let t: TestServer;
  let clerk: Client;
  let docId: number;
  beforeAll(async () => {
    t = await startServer({ env: { UPLOADS_PER_USER: '1' } });
    clerk = await signIn(t.url, 'vanthu.skhcn');
    docId = await draft(clerk, t.ids.get('stc')!);
  }, 120_000);
  afterAll(async () => t?.close());

  it('a user with an upload in progress gets a 429 in Vietnamese and English for another; once it ends, the next goes through', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const first = streamUpload(clerk, `/api/v1/documents/${docId}/attachments`, 'dang-tai.pdf', [pdfBytes('đang tải'), randomBytes(1 << 20), randomBytes(1 << 20)], { hold });
    // The first one has started being written before the second is sent.
    const tmp = path.join(t.db.dataDir, 'blobs', 'tmp');
    for (let i = 0; i < 200 && !filesUnder(tmp).length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(filesUnder(tmp).length).toBe(1);
    const second = await clerk.upload(`/api/v1/documents/${docId}/attachments`, 'thu-hai.pdf', pdfBytes('thứ hai'));
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('too_many_uploads');
    expect(second.body.error.message).toContain('tải lên');
    expect(second.body.error.messageEn).toContain('uploads in progress');
    // Another user is not held back by this one.
    const other = await signIn(t.url, 'vanthu.ubnd');
    const otherDoc = await draft(other, t.ids.get('stc')!);
    expect((await other.upload(`/api/v1/documents/${otherDoc}/attachments`, 'khac.pdf', pdfBytes('khác'))).status).toBe(201);
    release();
    expect((await first).status).toBe(201);
    expect((await clerk.upload(`/api/v1/documents/${docId}/attachments`, 'thu-ba.pdf', pdfBytes('thứ ba'))).status).toBe(201);
  });

  it('the kind is found from the whole stream (a DOCX whose entries are far from its start); a refused file leaves nothing on disk', async () => {
    const docx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(300_001), Buffer.from('[Content_Types].xml'), Buffer.alloc(65_531), Buffer.from('word/document.xml'), Buffer.alloc(1000)]);
    const r = await streamUpload(clerk, `/api/v1/documents/${docId}/attachments`, 'cong-van.docx', [docx.subarray(0, 100_000), docx.subarray(100_000)]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const before = filesUnder(path.join(t.db.dataDir, 'blobs'));
    const text = await clerk.upload(`/api/v1/documents/${docId}/attachments`, 'ghi-chu.pdf', Buffer.from('chỉ là văn bản, không phải PDF '.repeat(10_000)));
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('file_type');
    expect(filesUnder(path.join(t.db.dataDir, 'blobs'))).toEqual(before);
  });

  it('an upload refused by the service (a draft of another agency) leaves no temporary file', async () => {
    const other = await signIn(t.url, 'vanthu.ubnd');
    const r = await other.upload(`/api/v1/documents/${docId}/attachments`, 'x.pdf', pdfBytes('không được'));
    expect(r.status).toBe(404);
    expect(filesUnder(path.join(t.db.dataDir, 'blobs', 'tmp'))).toEqual([]);
  });
});
