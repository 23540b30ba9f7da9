import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './helpers/db.js';
import { spawnServer } from './helpers/process.js';
import { signIn } from './helpers/client.js';
import { serverBundle } from './helpers/bundle.js';

/**
 * The memory of a server process as `npm start` runs it (the bundle) on a fresh data folder
 * with the demo province loaded at start: at most 300 MB once idle (issue 20). It idled at
 * 334–420 MB when the server built the demo (its PDFs, pdf-lib, fontkit) itself.
 */

const MB = 1024;
let db: TestDatabase;
let server: Awaited<ReturnType<typeof spawnServer>>;

function memoryMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rss: kb('VmRSS') / MB, peak: kb('VmHWM') / MB };
}

beforeAll(async () => {
  db = await freshDatabase();
  server = await spawnServer({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', DEMO_ON_EMPTY: '1', TEXT_POLL_MS: '0', VALIDATE_RESPONSES: '0' }, { bundle: serverBundle()!, readyWithinMs: 240_000 });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe('server memory', () => {
  it('a served demo province idles at most 300 MB, and never went above it', async () => {
    // The demo is there: its clerk signs in and sees the directive in the inbox.
    const clerk = await signIn(server.url, 'vanthu.stc');
    const inbox = await clerk.get('/api/v1/inbox?limit=5');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.length).toBeGreaterThan(0);
    // Idle: the timers and the collector settle.
    await new Promise((r) => setTimeout(r, 5000));
    const m = memoryMb(server.proc.pid!);
    console.log(`server RSS idle ${m.rss.toFixed(0)} MB, peak ${m.peak.toFixed(0)} MB`);
    expect(m.rss).toBeLessThanOrEqual(300);
    expect(m.peak).toBeLessThanOrEqual(300);
  }, 60_000);
});
