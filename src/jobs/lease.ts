import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { AppContext } from '../modules/context.js';
import type { Executor } from '../db/connect.js';
import type { OutboxTable } from '../db/schema.js';

/**
 * Leases on the rows of the durable outbox, whatever their channel (mail, federation): a
 * worker in every process claims due rows for a while, keeps the lease alive while it works
 * on them, and a lease that expired (its process died) is claimed again. The channels'
 * workers (mail/outbound/outbox.ts, interop/federation/worker.ts,
 * signatures/revocation-job.ts) say what a row means, and record what an attempt came to
 * with `releaseHeld`.
 */

/** The delivery state of a row just queued: due now, never tried. */
export const freshState = (status: 'pending' | 'kept', at: string) => ({ status, attempts: 0, next_attempt_at: at, lease_until: null, lease_owner: null, last_error: null, created_at: at, sent_at: null });

export const LEASE_MS = 15_000;
/** A worker's name in the leases it takes: host, process, and a random part for restarts. */
export const leaseOwnerId = () => `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * Claims up to `limit` due rows of a channel (mail, federation): pending ones whose time has
 * come, and sending ones whose lease expired (their worker died).
 */
export async function claimDue(ctx: AppContext, channel: string, owner: string, limit: number) {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const pg = ctx.db.dialect === 'postgres';
  return ctx.db.kysely
    .updateTable('outbox')
    .set({ status: 'sending', lease_owner: owner, lease_until: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where('id', 'in', (eb) => {
      const due = eb
        .selectFrom('outbox')
        .select('id')
        .where('channel', '=', channel)
        .where((w) => w.or([w.and([w('status', '=', 'pending'), w('next_attempt_at', '<=', nowIso)]), w.and([w('status', '=', 'sending'), w('lease_until', '<', nowIso)])]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit);
      return pg ? due.forUpdate().skipLocked() : due;
    })
    .returningAll()
    .execute();
}

/**
 * Records what an attempt on a row came to (`set`: due again, failed, done…) and lets go of
 * its lease, only while this worker still holds it: the row is still being sent under
 * `owner`. Answers false, having written nothing, when the row was taken over meanwhile (the
 * lease expired and another worker claimed it): that worker's attempt is the one that counts.
 * `db` may be a transaction, to write more with the outcome only when this holds.
 */
export async function releaseHeld(db: Executor, owner: string, id: number, set: Updateable<OutboxTable>): Promise<boolean> {
  const r = await db.updateTable('outbox').set({ ...set, lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).where('status', '=', 'sending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Keeps the lease of rows being sent from expiring while the other side is slow; returns the stop. */
export function keepLeases(ctx: AppContext, owner: string, ids: number[]): () => void {
  const timer = setInterval(() => {
    ctx.db.kysely
      .updateTable('outbox')
      .set({ lease_until: new Date(ctx.now().getTime() + LEASE_MS).toISOString() })
      .where('id', 'in', ids)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'sending')
      .execute()
      .catch((err) => ctx.log.warn({ err, owner, rows: ids.length }, 'outbox: lease not renewed (rows may be taken over once it expires)'));
  }, LEASE_MS / 3);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The loop both workers run: claim a batch of due rows of one channel, keep their leases
 * alive while they are handled, and go on while batches come back full. `kick` looks now
 * (once more after the pass that is running); `stop` lets the pass in flight finish for up
 * to five seconds — what it did not acknowledge stays due.
 */
export function leasedLoop<R extends { id: number }>(ctx: AppContext, opts: { channel: string; owner: string; pollMs: number; batch: number; claim: (limit: number) => Promise<R[]>; handle: (rows: R[]) => Promise<unknown> }) {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function drain() {
    while (!stopped) {
      const rows = await opts.claim(opts.batch);
      if (!rows.length) return;
      const stopBeat = keepLeases(ctx, opts.owner, rows.map((r) => r.id));
      try {
        await opts.handle(rows);
      } finally {
        stopBeat();
      }
      if (rows.length < opts.batch) return;
    }
  }

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      // The database unreachable for a moment: logged, and the next poll tries again.
      .catch((err) => ctx.log.warn({ err, channel: opts.channel, owner: opts.owner }, 'outbox: a pass failed; retried at the next poll'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  const timer = setInterval(kick, opts.pollMs);
  timer.unref();
  kick();
  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.race([running, new Promise((r) => setTimeout(r, 5000).unref())]);
    },
    /** The pass in flight, if any (to wait for it after closing what it uses). */
    running: () => running,
  };
}
