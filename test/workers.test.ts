import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './helpers/db.js';
import { spawnServer } from './helpers/process.js';
import { serverBundle } from './helpers/bundle.js';

/** `lienthong serve` with WORKERS=2: two server processes behind one port (issue 20). */

let db: TestDatabase;
let server: Awaited<ReturnType<typeof spawnServer>>;
const smtpPort = 20000 + Math.floor(Math.random() * 12000);

/** /healthz on a new connection each time (a kept-alive one stays with one worker): the pid that answered. */
function healthPid(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/healthz`, { agent: false, timeout: 20_000 }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => (res.statusCode === 200 ? resolve((JSON.parse(body) as { pid: number }).pid) : reject(new Error(`healthz ${res.statusCode}`))));
      })
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error('healthz: no answer in 20 s'));
      })
      .on('error', reject);
  });
}

/** The pids seen answering over `n` fresh connections. */
async function pidsSeen(url: string, n: number): Promise<Set<number>> {
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) seen.add(await healthPid(url));
  return seen;
}

const parentOf = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

/** The SMTP greeting at the listener's port. */
function smtpGreeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('data', (d) => {
      s.end('QUIT\r\n');
      resolve(d.toString());
    });
    s.once('error', reject);
  });
}

beforeAll(async () => {
  db = await freshDatabase();
  server = await spawnServer({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', WORKERS: '2', SMTP_LISTEN_PORT: String(smtpPort), SMTP_LISTEN_HOST: '127.0.0.1' }, { bundle: serverBundle()!, readyWithinMs: 180_000 });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe('WORKERS=2', () => {
  it('runs the SMTP listener in one worker only', async () => {
    await expect.poll(async () => (await pidsSeen(server.url, 6)).size, { timeout: 240_000, interval: 1000 }).toBe(2);
    // The listener's line is printed by the worker that runs it: once, though two workers run.
    expect(server.output().match(/Thư đến \(SMTP\)/g)).toHaveLength(1);
    expect(await smtpGreeting(smtpPort)).toMatch(/^220 /);
  }, 300_000);

  it('serves from two processes, restarts one that dies, and stops them all', async () => {
    // readyz answered once the first worker listened; the second follows.
    await expect.poll(async () => (await pidsSeen(server.url, 6)).size, { timeout: 240_000, interval: 1000 }).toBe(2);
    const before = [...(await pidsSeen(server.url, 6))];
    expect(before).toHaveLength(2);
    // Both are workers of the process started, not the process itself.
    for (const pid of before) {
      expect(pid).not.toBe(server.proc.pid);
      expect(parentOf(pid)).toBe(server.proc.pid);
    }
    // Both reach the one database, migrated once by the first.
    for (let i = 0; i < 4; i++) expect((await fetch(`${server.url}/readyz`, { headers: { connection: 'close' } })).status).toBe(200);

    // One worker killed outright: the other keeps answering, and a new one takes its place.
    process.kill(before[0]!, 'SIGKILL');
    await expect
      .poll(
        async () => {
          const now = await pidsSeen(server.url, 6);
          return now.size === 2 && !now.has(before[0]!) && now.has(before[1]!);
        },
        // A worker starts in seconds; on a machine this loaded (tests in parallel) it took minutes.
        { timeout: 300_000, interval: 1000 },
      )
      .toBe(true);
    expect(server.proc.exitCode).toBeNull();
    // Whichever of the two it was, the mail listener answers again.
    expect(await smtpGreeting(smtpPort)).toMatch(/^220 /);
    const after = [...(await pidsSeen(server.url, 6))];
    expect(server.output()).toMatch(new RegExp(`pid ${before[0]}\\) ended \\(SIGKILL\\), restarting`));

    // Stopping the server stops every worker.
    await server.stop();
    await expect.poll(() => after.filter(alive).length, { timeout: 20_000 }).toBe(0);
  }, 600_000);

});
