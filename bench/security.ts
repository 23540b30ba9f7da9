/**
 * Information security's figure (issue 17): an initial incident report submitted through
 * HTTP is visible in the incident team's open back office — the `incident` event on its
 * event stream — within 1 s at p95, with 200 event streams connected. The server runs as its
 * own process over the demo province; the streams are opened for every demo user signed in
 * (round-robin until there are BENCH_SECURITY_STREAMS of them), one of them the incident
 * team's; a security officer then reports BENCH_SECURITY_REPORTS incidents one after another
 * and the time from sending each report to its event arriving is measured.
 * Run alone with `node --import tsx bench/security.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { runAlone, type Row } from './table.js';
import { onEachDatabase, RssSampler, startServer } from './server.js';
import { percentile, signIn, type Session } from './http.js';

const env = process.env;
const STREAMS = Number(env.BENCH_SECURITY_STREAMS ?? 200);
const REPORTS = Number(env.BENCH_SECURITY_REPORTS ?? 40);
const TARGET_MS = 1000;

interface Stream {
  close(): void;
  ready: Promise<void>;
}

/** An event stream as the web app holds it; `onEvent` gets each named event's data. */
function openStream(base: string, s: Session, onEvent: (name: string, data: string) => void): Stream {
  const url = new URL('/api/v1/events', base);
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  // Its own connection (not the keep-alive pool): a stream never ends.
  const req = http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { cookie: s.cookie }, agent: false }, (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
        if (name === 'ready') markReady();
        else if (name) onEvent(name, data);
      }
    });
  });
  req.on('error', () => {});
  return { ready, close: () => req.destroy() };
}

export async function securityFigures(): Promise<Row[]> {
  return onEachDatabase('security', async (label, [databaseUrl]) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-security-'));
    const rss = new RssSampler();
    const server = await startServer({ dataDir, databaseUrl, logName: 'security.log', rss });
    const streams: Stream[] = [];
    try {
      const admin = await signIn(server.url, 'admin');
      const users = ((await admin.get('/api/v1/users')).body as { username: string; active: boolean }[]).filter((u) => u.active !== false).map((u) => u.username);
      const sessions: Session[] = [];
      for (const u of users) sessions.push(await signIn(server.url, u));
      const team = await signIn(server.url, 'ungcuu.skhcn');
      const officer = await signIn(server.url, 'attt.stc');
      const arrived = new Map<number, number>();
      const waiting = new Map<number, () => void>();
      streams.push(
        openStream(server.url, team, (name, data) => {
          if (name !== 'incident') return;
          const id = (JSON.parse(data) as { id: number }).id;
          arrived.set(id, performance.now());
          waiting.get(id)?.();
        }),
      );
      for (let i = 1; i < STREAMS; i++) streams.push(openStream(server.url, sessions[i % sessions.length]!, () => {}));
      await Promise.all(streams.map((s) => s.ready));

      const latencies: number[] = [];
      const sent = new Map<number, number>();
      for (let i = 0; i < REPORTS; i++) {
        const t0 = performance.now();
        const r = await officer.post('/api/v1/security/incidents', {
          title: `Bench: máy trạm nhiễm mã độc (${i + 1})`,
          description: 'Phần mềm diệt virus cảnh báo tiến trình lạ trên máy trạm.',
          detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
          severity: 'medium',
        });
        if (r.status !== 201) throw new Error(`report failed: ${r.status} ${JSON.stringify(r.body)}`);
        const id = r.body.id as number;
        sent.set(id, t0);
        if (!arrived.has(id)) {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`incident ${id}: no event after 10 s`)), 10_000);
            waiting.set(id, () => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        latencies.push(arrived.get(id)! - t0);
        // Reports come minutes apart in life; here a short pause so each is its own.
        await new Promise((r) => setTimeout(r, 50));
      }
      latencies.sort((a, b) => a - b);
      const p95 = percentile(latencies, 95);
      return [
        {
          figure: `incident report → incident team's live event (${STREAMS} streams, ${Math.min(users.length, STREAMS)} users, ${REPORTS} reports)`,
          database: label,
          value: `p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
          target: `p95 ≤ ${TARGET_MS} ms`,
          ok: p95 <= TARGET_MS ? 'yes' : 'NO',
        },
      ];
    } finally {
      for (const s of streams) s.close();
      await server.stop();
      rss.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

runAlone(import.meta.url, securityFigures);
