import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './helpers/db.js';
import { spawnServer } from './helpers/process.js';
import { signIn } from './helpers/client.js';

/**
 * The memory of a server process as `npm start` runs it (the bundle) on a fresh data folder
 * with the demo province loaded at start: at most 300 MB once idle (issue 20). It idled at
 * 334–420 MB when the server built the demo (its PDFs, pdf-lib, fontkit) itself.
 */

const MB = 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = path.join(root, 'dist', `memory-${process.pid}`);
let db: TestDatabase;
let server: Awaited<ReturnType<typeof spawnServer>>;

function memoryMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rss: kb('VmRSS') / MB, peak: kb('VmHWM') / MB };
}

beforeAll(async () => {
  // As build:server makes it, in a folder of this test's own (another test may rebuild dist/cli meanwhile).
  const esbuild = path.join(root, 'node_modules/.bin/esbuild');
  execFileSync(esbuild, ['src/cli/main.ts', 'src/modules/interop/edxml-worker.ts', '--bundle', '--splitting', '--platform=node', '--target=node20', '--format=esm', '--packages=external', '--log-level=warning', `--outdir=${build}`, '--entry-names=[name]', '--chunk-names=[name]-[hash]', '--out-extension:.js=.mjs'], { cwd: root });
  db = await freshDatabase();
  server = await spawnServer({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', DEMO_ON_EMPTY: '1', TEXT_POLL_MS: '0', VALIDATE_RESPONSES: '0' }, { bundle: path.join(build, 'main.mjs'), readyWithinMs: 240_000 });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await db?.drop();
  fs.rmSync(build, { recursive: true, force: true });
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
