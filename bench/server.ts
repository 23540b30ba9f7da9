import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { request } from './http.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system, all threads) a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux); the name in
  // field 2 may hold spaces, so count from its closing parenthesis.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/**
 * CPU time (ms) the whole machine spent busy so far — every process: the server, the
 * database, this client — from /proc/stat (user, nice, system, irq, softirq; not idle,
 * I/O wait or time stolen by the host). Per unit of work it says how many units the
 * machine's cores could take, whoever does the work.
 */
export function machineCpuMs(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) * 10;
}

/** Highest VmRSS seen of whichever server process runs, sampled every 200 ms. */
export class RssSampler {
  maxKb = 0;
  samples = 0;
  /** Highest RSS per phase of the bench, to tell which part needs the memory. */
  phases = new Map<string, number>();
  private current = 'start';
  private pid: number | null = null;
  private timer: ReturnType<typeof setInterval>;
  constructor() {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }
  watch(pid: number | null) {
    this.pid = pid;
    this.sample();
  }
  sample() {
    if (!this.pid) return;
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      if (m) {
        const kb = Number(m[1]);
        this.maxKb = Math.max(this.maxKb, kb);
        this.phases.set(this.current, Math.max(this.phases.get(this.current) ?? 0, kb));
        this.samples++;
      }
    } catch {
      /* the process just ended */
    }
  }
  phase(name: string) {
    this.sample();
    this.current = name;
    this.sample();
  }
  reset() {
    this.maxKb = 0;
    this.samples = 0;
    this.phases.clear();
  }
  stop() {
    clearInterval(this.timer);
  }
}

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The real server as its own process, started the way `npm start` starts it (the bundle
 * built by `npm run build:server`), loopback only, its log in a file of the data folder.
 */
/** `env` adds or overrides settings of the server process (the mail listener is off unless a part turns it on). */
export async function startServer(opts: { dataDir: string; databaseUrl?: string | null; logName: string; rss: RssSampler; env?: Record<string, string> }): Promise<ServerProcess> {
  const port = await freePort();
  const log = fs.openSync(path.join(opts.dataDir, opts.logName), 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // As npm start does: glibc keeps fewer malloc arenas, so the RSS stays close to what is used.
    MALLOC_ARENA_MAX: '2',
    NODE_ENV: 'bench',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    DATABASE_URL: opts.databaseUrl ?? '',
    DEMO_ON_EMPTY: '1',
    LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
    // Port 2525 may be taken on a shared machine; the mail part starts its own listener.
    SMTP_LISTEN_PORT: 'off',
    // One process: the figures (CPU, RSS) are of that process; a part asks for WORKERS to compare.
    WORKERS: '1',
    ...opts.env,
  };
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' });
  // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under the bench's load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // As npm start runs it: a young generation of at most 8 MB per half keeps the RSS down at little cost.
  // BENCH_SERVER_BUNDLE: another build of the server (under dist/, beside its packages) to compare with.
  const bundle = process.env.BENCH_SERVER_BUNDLE ?? 'dist/cli/main.mjs';
  const child = spawn(process.execPath, ['--max-semi-space-size=8', ...nodeArgs, '--enable-source-maps', bundle, 'serve'], { cwd: root, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const pid = child.pid!;
  opts.rss.watch(pid);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  // The first start builds the demo: minutes when the machine is shared with other work.
  const deadline = Date.now() + Number(process.env.BENCH_START_SECONDS ?? 600) * 1000;
  for (;;) {
    if (exited !== null) throw new Error(`server exited (${exited}) before it was ready: see ${path.join(opts.dataDir, opts.logName)}`);
    try {
      const r = await request(url, 'GET', '/readyz');
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('server not ready in time (BENCH_START_SECONDS)');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid,
    child,
    async stop() {
      if (exited === null) child.kill('SIGTERM');
      const t = setTimeout(() => exited === null && child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(t);
      opts.rss.watch(null);
    },
  };
}

/**
 * A fresh PostgreSQL database on the server of `base` (DATABASE_URL), dropped by `drop()`.
 * `template` makes it a copy of that database (a seed kept by an earlier run, which stays
 * untouched; nobody may be connected to it meanwhile): a file copy, far quicker than seeding.
 */
export async function pgDatabase(base: string, tag: string, template?: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `lt_bench_${tag}_${randomBytes(4).toString('hex')}`;
  if (template !== undefined && !/^[a-z_][a-z0-9_]*$/.test(template)) throw new Error(`not a database name: ${template}`);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    // FILE_COPY (PostgreSQL 15+) copies the files at a checkpoint instead of writing every page to the WAL.
    const v15 = Number((await admin.query('SHOW server_version_num')).rows[0].server_version_num) >= 150000;
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}${v15 ? ' STRATEGY = FILE_COPY' : ''}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A part's figures on embedded SQLite, then, when DATABASE_URL is set, on fresh PostgreSQL
 * databases (`databases` of them, dropped afterwards); BENCH_ONLY=sqlite|postgres picks one.
 */
export async function onEachDatabase<T>(tag: string, measure: (label: 'sqlite' | 'postgres', urls: (string | null)[]) => Promise<T[]>, databases = 1): Promise<T[]> {
  const rows: T[] = [];
  const only = process.env.BENCH_ONLY;
  if (only !== 'postgres') rows.push(...(await measure('sqlite', Array(databases).fill(null))));
  const base = process.env.DATABASE_URL?.trim();
  if (base && only !== 'sqlite') {
    const dbs: { url: string; drop(): Promise<void> }[] = [];
    try {
      for (let i = 0; i < databases; i++) dbs.push(await pgDatabase(base, `${tag}${i}`));
      rows.push(...(await measure('postgres', dbs.map((d) => d.url))));
    } finally {
      for (const d of dbs) await d.drop();
    }
  }
  return rows;
}
