import type { AppContext } from '../context.js';
import { STATUS } from '../../domain/statuses.js';

/**
 * Live announcements for the web app: new arrivals in an agency's inbox and status changes
 * of the documents it holds or sent.
 *
 * Nothing here listens to the services: several server processes may share one PostgreSQL
 * database, so a change made by another process must be seen too. Instead one timer per
 * process reads the rows added since the last look (inbox_items and status_events are
 * append-ordered by id) and fans them out to the connected clients of the organisations
 * concerned. The timer runs only while at least one client is connected.
 *
 * On PostgreSQL ids come from sequences and transactions may commit out of order: a row
 * with a smaller id can appear after a larger one was read. Ids skipped over are kept as
 * "gaps" for a while and looked up again on every tick, so such late rows are not lost.
 */

export interface EventClient {
  /** The agency whose inbox and documents this client follows. */
  orgId: number;
  send(event: string, data: unknown): void;
  comment(text: string): void;
  close(): void;
  /** False once the session or token behind the stream has ended (sign-out, expiry, revocation). */
  stillValid?(): Promise<boolean>;
  /** Who is listening, for feeds whose audience is decided by role (need to know), not by agency. */
  viewer?: { userId: number; agencyId: number; roles: readonly string[]; isProvinceAdmin: boolean };
}

/**
 * Another module's append-ordered table followed the same way (new security incidents, …):
 * each new row is sent as `event` to the clients `audience` admits.
 */
export interface EventFeed<T extends { id: number }> {
  event: string;
  readAfter(after: number, limit: number): Promise<T[]>;
  readIds(ids: number[]): Promise<T[]>;
  maxId(): Promise<number>;
  audience(row: T, viewer: NonNullable<EventClient['viewer']>): boolean;
  data(row: T): unknown;
}

export interface ArrivalEvent {
  itemId: number;
  documentId: number;
  status: string;
  symbol: string | null;
  summary: string;
  urgency: string;
  senderName: string | null;
}

export interface StatusEvent {
  eventId: number;
  itemId: number;
  documentId: number;
  /** The recipient organisation whose item changed. */
  orgId: number;
  orgName: string | null;
  /** The organisation that sent the document (null for external senders). */
  senderOrgId: number | null;
  status: string;
  by: string | null;
  at: string;
  symbol: string | null;
}

interface Row {
  id: number;
}

/** Follows one append-only table by id, remembering skipped ids for a while (see above). */
class Cursor<T extends Row> {
  last: number | null = null;
  private gaps = new Map<number, number>(); // id → give up after this time (ms)

  constructor(
    private readonly readAfter: (after: number, limit: number) => Promise<T[]>,
    private readonly readIds: (ids: number[]) => Promise<T[]>,
    private readonly maxId: () => Promise<number>,
    private readonly gapTtlMs = 15_000,
    private readonly batch = 1000,
  ) {}

  async start() {
    this.last = await this.maxId();
    this.gaps.clear();
  }

  async next(nowMs: number): Promise<T[]> {
    if (this.last === null) await this.start();
    const out: T[] = [];
    if (this.gaps.size) {
      for (const [id, until] of this.gaps) if (until < nowMs) this.gaps.delete(id);
      const ids = [...this.gaps.keys()];
      if (ids.length) {
        const late = await this.readIds(ids);
        for (const r of late) this.gaps.delete(r.id);
        out.push(...late);
      }
    }
    const rows = await this.readAfter(this.last!, this.batch);
    let expected = this.last! + 1;
    for (const r of rows) {
      // Keep at most a bounded number of gaps: a burst of rolled-back ids must not grow this forever.
      for (let g = expected; g < r.id && this.gaps.size < 5000; g++) this.gaps.set(g, nowMs + this.gapTtlMs);
      expected = r.id + 1;
      out.push(r);
    }
    if (rows.length) this.last = rows[rows.length - 1]!.id;
    return out.sort((a, b) => a.id - b.id);
  }
}

export interface EventHubOptions {
  pollMs?: number;
  keepAliveMs?: number;
  /** How often the sessions behind open streams are checked again. */
  revalidateMs?: number;
}

export class EventHub {
  private readonly clients = new Map<number, Set<EventClient>>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private lastKeepAlive = Date.now();
  private lastRevalidate = Date.now();
  private readonly pollMs: number;
  private readonly keepAliveMs: number;
  private readonly revalidateMs: number;
  private readonly arrivals: Cursor<ArrivalEvent & Row & { orgId: number }>;
  private readonly statuses: Cursor<StatusEvent & Row>;
  private readonly feeds: { feed: EventFeed<Row>; cursor: Cursor<Row> }[] = [];
  private wakeAgain = false;

  constructor(
    private readonly ctx: AppContext,
    opts: EventHubOptions = {},
    private readonly onError: (err: unknown) => void = (err) => ctx.log.warn({ err, component: 'events' }, 'event stream poll failed'),
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.keepAliveMs = opts.keepAliveMs ?? 20_000;
    this.revalidateMs = opts.revalidateMs ?? 60_000;
    const db = () => ctx.db.kysely;

    const arrivalQuery = () =>
      db()
        .selectFrom('inbox_items as i')
        .innerJoin('documents as d', 'd.id', 'i.document_id')
        .leftJoin('organizations as s', 's.id', 'd.org_id')
        .select(['i.id', 'i.org_id', 'i.document_id', 'i.status', 'd.symbol', 'd.summary', 'd.urgency', 'd.external_sender', 's.name as sender_name']);
    const toArrival = (r: Awaited<ReturnType<ReturnType<typeof arrivalQuery>['execute']>>[number]) => ({
      id: r.id,
      orgId: r.org_id,
      itemId: r.id,
      documentId: r.document_id,
      status: r.status,
      symbol: r.symbol,
      summary: r.summary,
      urgency: r.urgency,
      senderName: r.sender_name ?? r.external_sender,
    });
    this.arrivals = new Cursor(
      async (after, limit) => (await arrivalQuery().where('i.id', '>', after).orderBy('i.id').limit(limit).execute()).map(toArrival),
      async (ids) => (await arrivalQuery().where('i.id', 'in', ids).execute()).map(toArrival),
      async () => Number((await db().selectFrom('inbox_items').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0),
    );

    const statusQuery = () =>
      db()
        .selectFrom('status_events as e')
        .innerJoin('documents as d', 'd.id', 'e.document_id')
        .leftJoin('organizations as o', 'o.id', 'e.org_id')
        .select(['e.id', 'e.inbox_item_id', 'e.document_id', 'e.org_id', 'o.name as org_name', 'e.status', 'e.actor_name', 'e.at', 'd.org_id as sender_org_id', 'd.symbol']);
    const toStatus = (r: Awaited<ReturnType<ReturnType<typeof statusQuery>['execute']>>[number]) => ({
      id: r.id,
      eventId: r.id,
      itemId: r.inbox_item_id,
      documentId: r.document_id,
      orgId: r.org_id,
      orgName: r.org_name,
      senderOrgId: r.sender_org_id,
      status: r.status,
      by: r.actor_name,
      at: r.at,
      symbol: r.symbol,
    });
    this.statuses = new Cursor(
      async (after, limit) => (await statusQuery().where('e.id', '>', after).orderBy('e.id').limit(limit).execute()).map(toStatus),
      async (ids) => (await statusQuery().where('e.id', 'in', ids).execute()).map(toStatus),
      async () => Number((await db().selectFrom('status_events').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0),
    );
  }

  /** Follows one more table (registered by the module that owns it, when its routes are mounted). */
  addFeed<T extends Row>(feed: EventFeed<T>) {
    const f = feed as unknown as EventFeed<Row>;
    this.feeds.push({ feed: f, cursor: new Cursor(f.readAfter, f.readIds, f.maxId) });
  }

  /**
   * Looks now rather than at the next beat: called by a route of this process right after it
   * committed something clients wait for. Other processes still see it at their next poll.
   */
  wake() {
    if (!this.timer || this.closed) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.running = this.tick()
      .catch(this.onError)
      .finally(() => {
        this.running = null;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  get clientCount() {
    let n = 0;
    for (const set of this.clients.values()) n += set.size;
    return n;
  }

  /** Adds a client; answers once the hub knows where "now" is, so nothing after that is missed. */
  async add(client: EventClient): Promise<() => void> {
    if (this.closed) throw new Error('event hub closed');
    let set = this.clients.get(client.orgId);
    if (!set) this.clients.set(client.orgId, (set = new Set()));
    set.add(client);
    if (!this.timer) {
      // First client: start from the current end of the tables.
      await this.running;
      await Promise.all([this.arrivals.start(), this.statuses.start(), ...this.feeds.map((f) => f.cursor.start())]);
      if (!this.timer && !this.closed && this.clientCount > 0) this.schedule();
    }
    return () => this.remove(client);
  }

  remove(client: EventClient) {
    const set = this.clients.get(client.orgId);
    if (!set) return;
    set.delete(client);
    if (!set.size) this.clients.delete(client.orgId);
    if (this.clientCount === 0) this.stop();
  }

  private schedule() {
    this.timer = setInterval(() => {
      if (this.running) return; // a slow database: skip a beat rather than pile up
      this.running = this.tick()
        .catch(this.onError)
        .finally(() => (this.running = null));
    }, this.pollMs);
    this.timer.unref();
  }

  private stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look at the database; public for tests. */
  async tick(): Promise<void> {
    const now = Date.now();
    const [arrivals, statuses, ...fed] = await Promise.all([this.arrivals.next(now), this.statuses.next(now), ...this.feeds.map((f) => f.cursor.next(now))]);
    this.feeds.forEach(({ feed }, i) => {
      for (const row of fed[i]!) this.broadcastTo((v) => feed.audience(row, v), feed.event, feed.data(row));
    });
    for (const a of arrivals) {
      const { id: _id, orgId, ...data } = a;
      this.broadcast(orgId, 'arrival', data);
    }
    for (const s of statuses) {
      const { id: _id, ...data } = s;
      // The arrival itself (01) is announced to the recipient as "arrival" above.
      if (s.status !== STATUS.ARRIVED) this.broadcast(s.orgId, 'status', data);
      if (s.senderOrgId !== null && s.senderOrgId !== s.orgId) this.broadcast(s.senderOrgId, 'status', data);
    }
    if (now - this.lastKeepAlive >= this.keepAliveMs) {
      this.lastKeepAlive = now;
      for (const set of this.clients.values()) for (const c of set) c.comment('keep-alive');
    }
    if (now - this.lastRevalidate >= this.revalidateMs) {
      this.lastRevalidate = now;
      await this.revalidate();
    }
  }

  /** Ends the streams whose session or token is no longer valid. */
  async revalidate(): Promise<number> {
    const all = [...this.clients.values()].flatMap((set) => [...set]).filter((c) => c.stillValid);
    let ended = 0;
    for (let i = 0; i < all.length; i += 20) {
      const batch = all.slice(i, i + 20);
      // A check that fails (the database away for a moment) keeps the stream: the next round asks again.
      const valid = await Promise.all(batch.map((c) => c.stillValid!().catch(() => true)));
      batch.forEach((c, k) => {
        if (valid[k]) return;
        ended++;
        c.send('signed-out', {});
        c.close();
        this.remove(c);
      });
    }
    return ended;
  }

  private broadcastTo(admit: (viewer: NonNullable<EventClient['viewer']>) => boolean, event: string, data: unknown) {
    for (const set of this.clients.values()) {
      for (const c of set) {
        if (!c.viewer || !admit(c.viewer)) continue;
        try {
          c.send(event, data);
        } catch (err) {
          this.onError(err);
        }
      }
    }
  }

  private broadcast(orgId: number, event: string, data: unknown) {
    const set = this.clients.get(orgId);
    if (!set) return;
    for (const c of set) {
      try {
        c.send(event, data);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  /** Ends every stream (so the HTTP server can close) and stops the timer. */
  endStreams() {
    for (const set of this.clients.values()) for (const c of set) c.close();
    this.clients.clear();
    this.stop();
  }

  async close() {
    this.closed = true;
    this.endStreams();
    await this.running;
  }
}
