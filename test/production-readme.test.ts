import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from './helpers/db.js';
import { Client, signIn } from './helpers/client.js';
import { lienthongArgs, serverBundle } from './helpers/bundle.js';

/**
 * The README's "Production" section, run as written on an empty database: its `sh` blocks
 * in order and its CSV files, with three changes only — the installation folder is a
 * temporary one, DATABASE_URL is the test's database (or unset on SQLite), and `npx
 * lienthong` / `npm start` run the TypeScript (`npm start` would first build the bundle).
 * Then the administrator made by `init` signs in over HTTP, and so does an imported user.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The commands run in the installation's folder, so tsx is named by its file.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** `npx lienthong …` in the steps: the run's server bundle (as `npm start` runs), else the sources. */
const LIENTHONG = serverBundle() ? `node "${serverBundle()}"` : `node --import "${TSX}" "${root}/src/cli/main.ts"`;

interface Section {
  blocks: { lang: string; text: string; file?: string }[];
}

function productionSection(): Section {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Production\n');
  expect(start, 'README has a "## Production" section').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 5);
  const text = readme.slice(start, end);
  const blocks: Section['blocks'] = [];
  const fence = /(?:`([^`\n]+\.csv)`:\s*\n\s*)?```(\w+)\n([\s\S]*?)```/g;
  for (let m = fence.exec(text); m; m = fence.exec(text)) blocks.push({ file: m[1], lang: m[2]!, text: m[3]! });
  return { blocks };
}

let db: TestDatabase;
let work: string;
beforeAll(async () => {
  db = await freshDatabase();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-readme-'));
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

const PRELUDE = (port: number) => `set -euo pipefail
cd "${work}"
npx() { if [ "$1" = lienthong ]; then shift; ${LIENTHONG} "$@"; else command npx "$@"; fi; }
export PORT=${port} HOST=127.0.0.1 SMTP_LISTEN_PORT=off LOG_LEVEL=silent
`;

/** The README's commands with the test's folder and database. */
function adapt(line: string): string {
  line = line.replaceAll('/srv/lienthong', path.join(work, 'srv'));
  if (/^export DATABASE_URL=/.test(line)) return db.databaseUrl ? `export DATABASE_URL=${db.databaseUrl}` : 'unset DATABASE_URL';
  return line;
}

function bash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd: work, env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 240_000, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe("the README's production steps on an empty database", () => {
  it('settings, init, organisations and users, start, sign-in as the administrator, backup', async () => {
    const { blocks } = productionSection();
    for (const b of blocks.filter((x) => x.lang === 'csv')) {
      expect(b.file, 'each CSV block is named by the line before it').toBeTruthy();
      fs.writeFileSync(path.join(work, b.file!), b.text);
    }
    const lines = blocks.filter((b) => b.lang === 'sh').flatMap((b) => b.text.split('\n')).filter((l) => l.trim() && !l.trim().startsWith('#'));
    const startAt = lines.indexOf('npm start');
    expect(startAt, 'the steps start the server with npm start').toBeGreaterThan(0);
    const port = 20000 + Math.floor(Math.random() * 12000);
    const envFile = path.join(work, 'env');

    // Up to the start: settings, init, imports. The environment they leave is the server's.
    const before = await bash(`${PRELUDE(port)}${lines.slice(0, startAt).map(adapt).join('\n')}\nenv -0 > "${envFile}"`);
    expect(before.code, before.stderr + before.stdout).toBe(0);
    expect(before.stdout).toMatch(/Đã tạo Tỉnh Đồng Nai \(id 1, mã H39\) và quản trị quantri/);
    const password = /Password \(shown once\): (\S+)/.exec(before.stdout)?.[1];
    expect(password, before.stdout).toBeTruthy();
    expect(before.stdout).toMatch(/Created 3, updated 0, unchanged 0/);
    expect(before.stdout).toMatch(/Created 2, updated 0, unchanged 0/);
    const env = Object.fromEntries(
      fs
        .readFileSync(envFile, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    expect(env.NODE_ENV).toBe('production');

    // `npm start`: the server, in production, with what the steps set.
    const server = spawn(process.execPath, lienthongArgs('serve'), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (d) => (output += d));
    server.stderr.on('data', (d) => (output += d));
    const url = `http://127.0.0.1:${port}`;
    try {
      await expect.poll(async () => (await fetch(`${url}/readyz`).catch(() => null))?.status ?? output, { timeout: 90_000, interval: 300 }).toBe(200);
      expect(output).not.toMatch(/WARNING/);
      const admin = await signIn(url, 'quantri', password!);
      expect(admin.user).toMatchObject({ username: 'quantri', isProvinceAdmin: true, roles: ['admin'] });
      const orgs = (await admin.get('/api/v1/organizations')).body.map((o: { name: string }) => o.name);
      expect(orgs).toEqual(expect.arrayContaining(['Tỉnh Đồng Nai', 'Ủy ban nhân dân tỉnh Đồng Nai', 'Sở Tài chính', 'Phòng Quản lý ngân sách']));
      const clerk = await signIn(url, 'vanthu.ubnd', 'Doi-ngay-lan-dau-1');
      expect(clerk.user.roles).toEqual(['clerk']);
      // The demo password is nowhere: the demo province was not loaded.
      expect((await new Client(url).post('/api/v1/auth/login', { username: 'admin', password: 'demo' })).status).toBe(401);
    } finally {
      await new Promise((r) => (server.once('exit', r), server.kill('SIGTERM')));
    }

    // After the start: backups and the audit check.
    const after = await bash(`${PRELUDE(port)}${lines.slice(0, startAt).filter((l) => l.startsWith('export ')).map(adapt).join('\n')}\n${lines.slice(startAt + 1).map(adapt).join('\n')}`);
    expect(after.code, after.stderr + after.stdout).toBe(0);
    expect(after.stdout).toMatch(/Đã sao lưu vào/);
    expect(after.stdout).toMatch(/Audit chain intact/);
    expect(fs.readdirSync(path.join(work, 'srv/backups'))).toHaveLength(1);

    // init runs once: a second run refuses and changes nothing.
    const again = await bash(`${PRELUDE(port)}${lines.slice(0, startAt).filter((l) => l.startsWith('export ')).map(adapt).join('\n')}\nnpx lienthong init --province "Tỉnh Khác" --code H41 --admin khac --password Mot-mat-khau-2026`);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/đã có tỉnh.*already has a province/);
  }, 600_000);
});
