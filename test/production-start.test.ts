import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from './helpers/db.js';
import { loadConfig } from '../src/server/config.js';
import { buildApp, createContext } from '../src/server/app.js';
import { lienthongArgs } from './helpers/bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `lienthong serve` in production on a fresh database: its exit code (null while it runs) and what it printed. */
async function serve(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const db = await freshDatabase();
  const port = 20000 + Math.floor(Math.random() * 12000);
  const proc = spawn(process.execPath, lienthongArgs('serve'), {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', PORT: String(port), HOST: '127.0.0.1', SMTP_LISTEN_PORT: 'off', WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => {
    proc.once('exit', (c) => resolve(c));
    const started = setInterval(() => {
      if (output.includes('Liên Thông: http')) {
        clearInterval(started);
        resolve(null);
      }
    }, 100);
    proc.once('exit', () => clearInterval(started));
  });
  if (code === null) await new Promise((r) => (proc.once('exit', r), proc.kill('SIGTERM')));
  await db.drop();
  return { code, output };
}

const KEY = randomBytes(32).toString('base64');

describe('starting in production', () => {
  it('refuses to start without a secrets key and a public address, saying why, exit 1', async () => {
    const r = await serve({});
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/LỖI \/ ERROR: Thiếu SECRETS_KEY/);
    expect(r.output).toMatch(/openssl rand -base64 32/);
    expect(r.output).toMatch(/PUBLIC_URL must be the address people reach the system at/);
    expect(r.output).not.toContain('Liên Thông: http');
    // A localhost address is no public address either.
    const local = await serve({ SECRETS_KEY: KEY, PUBLIC_URL: 'http://localhost:3000' });
    expect(local.code).toBe(1);
    expect(local.output).toMatch(/PUBLIC_URL .*http:\/\/localhost:3000/);
    expect(local.output).not.toMatch(/SECRETS_KEY \(or SECRETS_KEY_FILE\) is not set/);
  }, 300_000);

  it('starts with them, and warns loudly about what is unusual: no SMTP_URL, http, default mail domain', async () => {
    const r = await serve({ SECRETS_KEY: KEY, PUBLIC_URL: 'http://lienthong.example.gov.vn' });
    expect(r.code, r.output).toBeNull();
    expect(r.output).toMatch(/CẢNH BÁO \/ WARNING: Chưa đặt SMTP_URL.*never sent/);
    expect(r.output).toMatch(/WARNING: PUBLIC_URL dùng http/);
    expect(r.output).toMatch(/WARNING: Chưa đặt MAIL_DOMAINS/);
    const quiet = await serve({ SECRETS_KEY: KEY, PUBLIC_URL: 'https://lienthong.example.gov.vn', SMTP_URL: 'smtp://127.0.0.1:2587', MAIL_DOMAINS: 'example.gov.vn' });
    expect(quiet.code, quiet.output).toBeNull();
    expect(quiet.output).not.toMatch(/WARNING/);
  }, 300_000);

  it('development needs none of it', async () => {
    const r = await serve({ NODE_ENV: 'development', DEMO_ON_EMPTY: '0' });
    expect(r.code, r.output).toBeNull();
    expect(r.output).not.toMatch(/WARNING|ERROR/);
  }, 300_000);
});

describe('/readyz', () => {
  it('says the database is unreachable, never what the database said', async () => {
    const db = await freshDatabase();
    const ctx = await createContext(loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' }));
    const app = await buildApp(ctx);
    try {
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      // The database goes away under the running server (dropped on PostgreSQL, closed on SQLite).
      if (db.databaseUrl) await db.drop();
      else await ctx.db.close();
      const r = await app.inject({ url: '/readyz' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toEqual({ status: 'database unreachable' });
      expect(r.body).not.toMatch(/lt_test_|does not exist|destroyed|sqlite/i);
    } finally {
      await app.close();
      if (db.databaseUrl) await ctx.db.close().catch(() => {});
      else await db.drop();
    }
  }, 60_000);
});

describe('headers', () => {
  async function appWith(env: Record<string, string>) {
    const db = await freshDatabase();
    const ctx = await createContext(loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', ...env }));
    const app = await buildApp(ctx);
    return { app, close: async () => (await app.close(), await ctx.db.close(), await db.drop()) };
  }

  it('production behind a TLS proxy sends HSTS on every answer; not over plain http, not from an untrusted proxy, not in development', async () => {
    const prod = await appWith({ NODE_ENV: 'production' });
    const untrusting = await appWith({ NODE_ENV: 'production', TRUST_PROXY: 'false' });
    const dev = await appWith({ NODE_ENV: 'development' });
    try {
      const https = { 'x-forwarded-proto': 'https' };
      for (const url of ['/healthz', '/app/', '/api/v1/auth/session', '/']) {
        const r = await prod.app.inject({ url, headers: https });
        expect(r.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
      }
      expect((await prod.app.inject({ url: '/healthz' })).headers['strict-transport-security']).toBeUndefined();
      expect((await untrusting.app.inject({ url: '/healthz', headers: https })).headers['strict-transport-security']).toBeUndefined();
      expect((await dev.app.inject({ url: '/healthz', headers: https })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await Promise.all([prod.close(), untrusting.close(), dev.close()]);
    }
  }, 60_000);

  it('the back office has a strict Content-Security-Policy: no inline script, framed only by itself', async () => {
    const t = await appWith({});
    try {
      for (const url of ['/app/', '/app/inbox', '/app']) {
        const csp = String((await t.app.inject({ url })).headers['content-security-policy'] ?? '');
        expect(csp, url).toMatch(/frame-ancestors 'self'/);
        expect(csp).toMatch(/script-src 'self'(;|$)/);
        expect(csp).toMatch(/object-src 'none'/);
        expect(csp).not.toMatch(/unsafe-eval/);
      }
      const index = await t.app.inject({ url: '/app/' });
      expect(index.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    } finally {
      await t.close();
    }
  }, 60_000);
});
