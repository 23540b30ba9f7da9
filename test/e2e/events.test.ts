import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, createContext } from '../../src/server/app.js';
import type { AppContext } from '../../src/modules/context.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signIn, pdfBytes, type Client } from '../helpers/client.js';
import { spawnServer } from '../helpers/process.js';

/**
 * GET /api/v1/events. Two servers share one database, as two processes would: what is done
 * through one is announced by the other, to the agencies concerned and to no one else.
 */

interface Stream {
  events: { event: string; data: any }[];
  next(event: string, pred?: (d: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
  ended: Promise<void>;
}

async function openStream(base: string, client: Client): Promise<Stream> {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/v1/events`, { headers: { cookie: client.cookie, accept: 'text/event-stream' }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const events: Stream['events'] = [];
  const waiters: (() => void)[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ? JSON.parse(data) : null });
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      /* aborted */
    }
  })();
  const next = (event: string, pred: (d: any) => boolean = () => true, timeoutMs = 10_000) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${event}" event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)), timeoutMs);
      const check = () => {
        const hit = events.find((e) => e.event === event && pred(e.data));
        if (hit) {
          clearTimeout(timer);
          resolve(hit.data);
        } else waiters.push(check);
      };
      check();
    });
  await next('ready');
  return { events, next, close: () => ctrl.abort(), ended };
}

let s: TestServer;
let ctx2: AppContext;
let app2: FastifyInstance;
let url2 = '';

beforeAll(async () => {
  s = await startServer({ env: { EVENTS_POLL_MS: '200' } });
  // A second server on the same database: what another process would be.
  ctx2 = await createContext(s.ctx.config);
  app2 = await buildApp(ctx2);
  await app2.listen({ port: 0, host: '127.0.0.1' });
  const a = app2.server.address();
  url2 = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});

afterAll(async () => {
  await app2?.close();
  await ctx2?.db.close();
  await s?.close();
});

describe('live events', () => {
  it('refuses a stream without a session', async () => {
    const res = await fetch(`${s.url}/api/v1/events`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('Bạn cần đăng nhập.');
  });

  it('announces, on one server, an arrival and status changes made through another, to the agencies concerned only', async () => {
    const [senderOn2, recipientOn1, recipientOn2, senderOn1, outsiderOn1] = await Promise.all([
      signIn(url2, 'vanthu.skhcn'),
      signIn(s.url, 'vanthu.stc'),
      signIn(url2, 'vanthu.stc'),
      signIn(s.url, 'vanthu.skhcn'),
      signIn(s.url, 'vanthu.syt'),
    ]);
    const recipient = await openStream(s.url, recipientOn1);
    const sender = await openStream(s.url, senderOn1);
    const outsider = await openStream(s.url, outsiderOn1);
    expect(s.app.eventHub.clientCount).toBe(3);

    const draft = await senderOn2.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử luồng sự kiện', signerName: 'Lê Minh Đạt', signerPosition: 'Giám đốc', urgency: 'hoa_toc', recipients: [s.ids.get('stc')!] });
    expect(draft.status).toBe(201);
    expect((await senderOn2.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'a.pdf', pdfBytes())).status).toBe(201);
    const issued = await senderOn2.post(`/api/v1/documents/${draft.body.id}/issue`);
    expect(issued.status).toBe(200);
    const itemId = issued.body.dispatched[0].itemId;

    const arrival = await recipient.next('arrival', (d) => d.documentId === draft.body.id);
    expect(arrival).toMatchObject({ itemId, status: '01', symbol: issued.body.symbol, summary: 'Về việc thử luồng sự kiện', urgency: 'hoa_toc', senderName: 'Sở Khoa học và Công nghệ' });

    expect((await recipientOn2.post(`/api/v1/inbox/${itemId}/receive`)).status).toBe(200);
    const mine = await recipient.next('status', (d) => d.itemId === itemId && d.status === '03');
    const theirs = await sender.next('status', (d) => d.itemId === itemId && d.status === '03');
    for (const e of [mine, theirs]) expect(e).toMatchObject({ documentId: draft.body.id, orgId: s.ids.get('stc'), orgName: 'Sở Tài chính', senderOrgId: s.ids.get('skhcn'), by: recipientOn2.user.fullName });

    // Nothing of this reached another agency, and the sender got no "arrival".
    expect(outsider.events.map((e) => e.event)).toEqual(['ready']);
    expect(sender.events.filter((e) => e.event === 'arrival')).toEqual([]);

    for (const st of [recipient, sender, outsider]) st.close();
    await expect.poll(() => s.app.eventHub.clientCount, { timeout: 5000 }).toBe(0);
  });

  it('a separate server process announces what this one did, and stops cleanly with streams open', async () => {
    const other = await spawnServer({ DATABASE_URL: s.db.databaseUrl ?? '', DATA_DIR: s.db.dataDir, EVENTS_POLL_MS: '200' });
    try {
      const [clerkThere, clerkHere] = await Promise.all([signIn(other.url, 'vanthu.syt'), signIn(s.url, 'vanthu.skhcn')]);
      const st = await openStream(other.url, clerkThere);
      const draft = await clerkHere.post('/api/v1/documents', { typeCode: 'TB', summary: 'Thông báo thử giữa hai tiến trình', signerName: 'Lê Minh Đạt', signerPosition: 'Giám đốc', recipients: [s.ids.get('syt')!] });
      const issued = await clerkHere.issue(draft.body.id);
      expect(issued.status).toBe(200);
      expect(await st.next('arrival', (d) => d.documentId === draft.body.id)).toMatchObject({ symbol: issued.body.symbol, status: '01' });
      const started = Date.now();
      await other.stop();
      await st.ended;
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await other.stop();
    }
  });

  it('ends a stream whose session was signed out', async () => {
    const c = await signIn(s.url, 'vanthu.stc');
    const st = await openStream(s.url, c);
    expect(await s.app.eventHub.revalidate()).toBe(0);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    expect(await s.app.eventHub.revalidate()).toBe(1);
    await st.ended;
    expect(st.events.map((e) => e.event)).toEqual(['ready', 'signed-out']);
    expect(s.app.eventHub.clientCount).toBe(0);
  });

  it('closing the server ends the open streams instead of waiting for them', async () => {
    const c = await signIn(url2, 'vanthu.syt');
    const st = await openStream(url2, c);
    const started = Date.now();
    await app2.close();
    await st.ended;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(app2.eventHub.clientCount).toBe(0);
  });
});
