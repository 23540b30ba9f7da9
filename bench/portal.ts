/**
 * The public portal's figure (issue 6): requests per second for a directory page and a
 * procedure page served by the real server as its own process (page cache on), and — in
 * the same run, on the same loopback — by Debian's nginx serving the very same bytes as a
 * static file, started here with its own temporary configuration (never the system
 * service). `portalFigures()` answers the rows of the bench table; run this file alone
 * with `node --import tsx bench/portal.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { runAlone, type Row } from './table.js';
import autocannon from 'autocannon';
import { freePort, RssSampler, startServer, onEachDatabase } from './server.js';
import { request } from './http.js';

const env = process.env;
const SECONDS = Number(env.BENCH_PORTAL_SECONDS ?? 10);
const CONNECTIONS = Number(env.BENCH_PORTAL_CONNECTIONS ?? 50);
const TARGET = 3000;
/** Issue 20: the portal with every core (WORKERS) at 40% of nginx serving the same bytes. */
const NGINX_SHARE = 0.4;
const WORKERS = Number(env.BENCH_PORTAL_WORKERS ?? 2);
const NGINX = env.NGINX_PATH ?? '/usr/sbin/nginx';

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

async function load(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Load> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, bytes: r.throughput.average };
}

/** A warm-up, then the measured run. */
async function measure(url: string, headers: Record<string, string> = {}): Promise<Load> {
  await load(url, 2, headers);
  return load(url, SECONDS, headers);
}

const fmt = (l: Load) => `${Math.round(l.rps).toLocaleString('en')} req/s (p50 ${l.p50} ms, p99 ${l.p99} ms${l.non2xx + l.errors ? `, ${l.non2xx} non-2xx, ${l.errors} errors` : ''})`;

/** The pid answering /healthz on a new connection (a kept-alive one stays with one worker). */
const healthPid = (url: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(`${url}/healthz`, { agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve((JSON.parse(body) as { pid: number }).pid));
      })
      .on('error', reject);
  });

/** readyz answers once the first worker listens: wait for all of them before measuring. */
async function allWorkersUp(url: string, workers: number) {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const seen = new Set<number>();
    for (let i = 0; i < workers * 4; i++) seen.add(await healthPid(url));
    if (seen.size >= workers) return;
    if (Date.now() > deadline) throw new Error(`only ${seen.size} of ${workers} workers answer`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** nginx as a child of the bench: its own prefix, config, pid and logs in a temporary folder. */
async function startNginx(root: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-nginx-'));
  // nginx's workers read the files; the temporary folders are private by default.
  fs.chmodSync(dir, 0o755);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes auto;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { text/html html; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      if ((await request(url, 'GET', '/directory.html')).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function figuresFor(label: string, databaseUrl: string | null): Promise<Row[]> {
  const rows: Row[] = [];

  const rss = new RssSampler();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-portal-${label}-`));
  const www = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-portal-www-'));
  fs.chmodSync(www, 0o755);
  let server = await startServer({ dataDir, databaseUrl, logName: 'server.log', rss });
  try {
    // The memory of one server process idle after its first start (the demo built by a child process).
    await new Promise((r) => setTimeout(r, 5000));
    const idleMb = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;
    rows.push({ figure: 'server process RSS, idle after first start with the demo', database: label, value: `${idleMb.toFixed(0)} MB`, target: '≤ 300 MB', ok: idleMb <= 300 ? 'yes' : 'NO' });
    const pages = [
      { name: 'directory page /co-quan', path: '/co-quan', file: 'directory.html' },
      { name: 'procedure page /thu-tuc/1.001193', path: '/thu-tuc/1.001193', file: 'procedure.html' },
    ];
    for (const p of pages) {
      const r = await request(server.url, 'GET', p.path);
      if (r.status !== 200) throw new Error(`${p.path} answered ${r.status}`);
      fs.writeFileSync(path.join(www, p.file), r.body as string);
      fs.chmodSync(path.join(www, p.file), 0o644);
    }
    const nginx = fs.existsSync(NGINX) ? await startNginx(www) : null;
    const nginxRps = new Map<string, number>();
    try {
      for (const p of pages) {
        const ours = await measure(server.url + p.path);
        const size = fs.statSync(path.join(www, p.file)).size;
        rows.push({ figure: `portal ${p.name}, ${size.toLocaleString('en')} B, cache on, ${CONNECTIONS} connections`, database: label, value: fmt(ours), target: `≥ ${TARGET.toLocaleString('en')} req/s`, ok: ours.rps >= TARGET && ours.non2xx + ours.errors === 0 ? 'yes' : 'NO' });
        const br = await measure(server.url + p.path, { 'accept-encoding': 'br, gzip' });
        rows.push({ figure: `  same, as browsers ask (Accept-Encoding: br)`, database: label, value: fmt(br), target: `≥ ${TARGET.toLocaleString('en')} req/s`, ok: br.rps >= TARGET && br.non2xx + br.errors === 0 ? 'yes' : 'NO' });
        if (nginx) {
          const theirs = await measure(`${nginx.url}/${p.file}`);
          rows.push({ figure: `  nginx (Debian) serving the same page as a static file`, database: '-', value: fmt(theirs), target: 'comparison', ok: theirs.non2xx + theirs.errors === 0 ? '-' : 'errors' });
          rows.push({ figure: `  ratio portal / nginx`, database: label, value: `${(ours.rps / theirs.rps).toFixed(2)}`, target: 'reported', ok: '-' });
          nginxRps.set(p.path, theirs.rps);
        }
      }
      // The same pages with WORKERS server processes behind the one port, as npm start runs on this machine.
      await server.stop();
      server = await startServer({ dataDir, databaseUrl, logName: 'server-workers.log', rss, env: { WORKERS: String(WORKERS) } });
      await allWorkersUp(server.url, WORKERS);
      for (const p of pages) {
        const ours = await measure(server.url + p.path);
        rows.push({ figure: `portal ${p.name}, WORKERS=${WORKERS}`, database: label, value: fmt(ours), target: `≥ ${TARGET.toLocaleString('en')} req/s`, ok: ours.rps >= TARGET && ours.non2xx + ours.errors === 0 ? 'yes' : 'NO' });
        const theirs = nginxRps.get(p.path);
        if (theirs) {
          const share = ours.rps / theirs;
          rows.push({ figure: `  ratio portal WORKERS=${WORKERS} / nginx (same run)`, database: label, value: share.toFixed(2), target: `≥ ${NGINX_SHARE}`, ok: share >= NGINX_SHARE ? 'yes' : 'NO' });
        }
      }
      if (!nginx) rows.push({ figure: 'nginx comparison', database: '-', value: `${NGINX} not installed`, target: 'comparison', ok: '-' });
    } finally {
      await nginx?.stop();
    }
    rows.push({ figure: 'portal server memory, max RSS', database: label, value: `${(rss.maxKb / 1024).toFixed(0)} MB`, target: 'reported', ok: '-' });
  } finally {
    await server.stop();
    rss.stop();
    fs.rmSync(www, { recursive: true, force: true });
    if (env.BENCH_KEEP !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

/** The portal's rows: SQLite, then PostgreSQL when DATABASE_URL is set (a fresh database, dropped after). */
export async function portalFigures(): Promise<Row[]> {
  return onEachDatabase('portal', (label, [url]) => figuresFor(label, url!));
}

runAlone(import.meta.url, portalFigures);
