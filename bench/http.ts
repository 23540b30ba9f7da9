import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';

/**
 * A lean keep-alive HTTP client for loopback measurements (lighter than fetch, so the
 * client takes less of the 2 cores from the server it measures).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Res {
  status: number;
  body: any;
  ms: number;
}

export function request(base: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Res> {
  const url = new URL(path, base);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error('the bench talks to loopback only');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const req = http.request({ agent, host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - t0;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any = text;
        if ((res.headers['content-type'] ?? '').includes('application/json') && text) body = JSON.parse(text);
        resolve({ status: res.statusCode ?? 0, body, ms });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** A signed-in user: session cookie plus CSRF token, as the web app does. */
export class Session {
  constructor(
    readonly base: string,
    readonly username: string,
    readonly cookie: string,
    readonly csrf: string,
    readonly user: { userId: number; agencyId: number; orgId: number },
  ) {}

  private headers(extra: Record<string, string> = {}, unsafe = false) {
    return { cookie: this.cookie, ...(unsafe ? { 'x-csrf-token': this.csrf } : {}), ...extra };
  }

  async get(path: string): Promise<Res> {
    return request(this.base, 'GET', path, { headers: this.headers() });
  }

  async post(path: string, json: unknown = {}): Promise<Res> {
    return request(this.base, 'POST', path, { headers: this.headers({ 'content-type': 'application/json' }, true), body: JSON.stringify(json) });
  }

  /** multipart/form-data with one "file" part, the way a browser uploads. */
  async upload(path: string, fileName: string, bytes: Buffer, mime = 'application/pdf'): Promise<Res> {
    const boundary = `----lt${randomBytes(12).toString('hex')}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="role"\r\n\r\nmain\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    return request(this.base, 'POST', path, { headers: this.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }, true), body: Buffer.concat([head, bytes, tail]) });
  }
}

export async function signIn(base: string, username: string, password = 'demo'): Promise<Session> {
  const res = await new Promise<{ status: number; body: any; cookie: string }>((resolve, reject) => {
    const url = new URL('/api/v1/auth/login', base);
    const payload = JSON.stringify({ username, password });
    const req = http.request(
      { agent, host: url.hostname, port: url.port, method: 'POST', path: url.pathname, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: r.statusCode ?? 0, body: text ? JSON.parse(text) : null, cookie: (r.headers['set-cookie']?.[0] ?? '').split(';')[0]! });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return new Session(base, username, res.cookie, res.body.csrfToken, res.body.user);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface LoadResult {
  count: number;
  errors: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  firstError?: string;
}

/**
 * Runs `count` calls with `concurrency` workers (bounded by `maxSeconds` too) and gives
 * the latency percentiles of the answered ones. A call answers its latency in ms, or
 * throws / returns a non-2xx to count as an error.
 */
export async function load(count: number, concurrency: number, maxSeconds: number, call: (i: number) => Promise<Res>): Promise<LoadResult> {
  const lat: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + maxSeconds * 1000;
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= count || performance.now() > deadline) return;
      try {
        const r = await call(i);
        if (r.status >= 200 && r.status < 300) lat.push(r.ms);
        else {
          errors++;
          firstError ??= `${r.status} ${typeof r.body === 'string' ? r.body.slice(0, 200) : JSON.stringify(r.body).slice(0, 200)}`;
        }
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { count: lat.length, errors, seconds, p50: percentile(lat, 50), p95: percentile(lat, 95), p99: percentile(lat, 99), max: lat.at(-1) ?? NaN, firstError };
}
