import type { AppContext } from '../../context.js';
import { claimDue, leasedLoop, leaseOwnerId, releaseHeld } from '../../../jobs/lease.js';
import { onQueued } from './queue.js';
import { packageBytesOf } from '../repo.js';
import { getPeer } from './repo.js';
import { pushToPeer, type DeliveryOutcome } from './client.js';
import { retryDelayMs, type FederationSettings } from './settings.js';
import { AxisClient, sendThroughAxis } from '../axis/client.js';
import { startAxisPoller } from '../axis/poller.js';

/**
 * Delivers edXML packages to peer nodes and the national axis: the outbox rows of channel
 * "federation", claimed with the outbox's leases (one process at a time per row; a lease
 * kept alive while a push is in flight, taken over only when its process died), sent under
 * the package's consignment id on every attempt, retried with a doubling back-off. The
 * receiver acknowledges a consignment it already has as a duplicate, so a retry after a
 * crash never delivers twice. The receipt is kept on the package (state sent), apart from
 * the business statuses that come back as status packages.
 */
const BATCH = 20;

type Row = Awaited<ReturnType<typeof claimDue>>[number];

export interface FederationWorker {
  stop(): Promise<void>;
  kick(): void;
}

export function startFederationWorker(ctx: AppContext, settings: FederationSettings = ctx.config.federation): FederationWorker {
  const owner = leaseOwnerId();
  const db = ctx.db.kysely;

  async function attempt(row: Row): Promise<DeliveryOutcome | 'postpone'> {
    const { packageId, peerId } = JSON.parse(row.payload) as { packageId: number; peerId: number };
    const pkg = await db.selectFrom('edxml_packages').selectAll().where('id', '=', packageId).executeTakeFirst();
    if (!pkg) return { ok: false, permanent: true, error: `Không còn gói edXML #${packageId} / package gone` };
    const peer = await getPeer(db, peerId);
    if (!peer) return { ok: false, permanent: true, error: `Không còn nút liên thông #${peerId} / peer gone` };
    // A peer switched off keeps its packages until it is switched on again.
    if (Number(peer.active) !== 1) return 'postpone';
    let bytes: Buffer;
    try {
      bytes = await packageBytesOf(ctx, pkg);
    } catch (e) {
      return { ok: false, permanent: false, error: `Không đọc được gói / package unreadable: ${(e as Error).message}` };
    }
    if (peer.transport === 'axis') {
      return sendThroughAxis(new AxisClient(peer, settings.timeoutMs), bytes, { from: pkg.sender_code ?? '', to: (pkg.receiver_codes ?? '').split(',').filter(Boolean), kind: pkg.kind });
    }
    return pushToPeer(peer, pkg.consignment_id, bytes, settings.timeoutMs, ctx.now().getTime());
  }

  /**
   * Packages about one document to one peer go in the order they were queued (a status 06
   * must not overtake the 05 before it): a row waits while an earlier one is still due or
   * being sent; it becomes due again when that one's next attempt comes.
   */
  async function earlierOne(row: Row, peerId: number) {
    if (row.document_id === null) return null;
    const rows = await db
      .selectFrom('outbox')
      .select(['id', 'payload', 'status', 'next_attempt_at'])
      .where('channel', '=', 'federation')
      .where('document_id', '=', row.document_id)
      .where('id', '<', row.id)
      .where('status', 'in', ['pending', 'sending'])
      .execute();
    return rows.find((r) => (JSON.parse(r.payload) as { peerId: number }).peerId === peerId) ?? null;
  }

  async function deliver(row: Row) {
    const { packageId, peerId } = JSON.parse(row.payload) as { packageId: number; peerId: number };
    const before = await earlierOne(row, peerId);
    if (before) {
      const due = before.status === 'pending' && before.next_attempt_at > ctx.now().toISOString() ? before.next_attempt_at : new Date(ctx.now().getTime() + 1000).toISOString();
      await releaseHeld(db, owner, row.id, { status: 'pending', next_attempt_at: due, last_error: `Chờ gói trước (#${before.id}) / waiting for the package queued before` });
      return;
    }
    let outcome: DeliveryOutcome | 'postpone';
    try {
      outcome = await attempt(row);
    } catch (e) {
      outcome = { ok: false, permanent: false, error: (e as Error).message };
    }
    const at = ctx.now().toISOString();
    const attempts = row.attempts + 1;
    if (outcome === 'postpone') {
      await releaseHeld(db, owner, row.id, { status: 'pending', next_attempt_at: new Date(ctx.now().getTime() + settings.retryBaseMs).toISOString(), last_error: 'Nút liên thông đang tạm ngừng / peer switched off' });
      return;
    }
    if (outcome.ok) {
      // Delivered: recorded whoever holds the lease now, since the peer has it.
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('outbox').set({ status: 'sent', sent_at: at, attempts, lease_owner: null, lease_until: null, last_error: null }).where('id', '=', row.id).execute();
        await trx
          .updateTable('edxml_packages')
          .set({ state: 'sent', sent_at: at, attempts, last_error: null, receipt: JSON.stringify({ ...outcome.receipt, at }) })
          .where('id', '=', packageId)
          .execute();
      });
      return;
    }
    const failed = outcome.permanent || attempts >= settings.maxAttempts;
    const next = new Date(ctx.now().getTime() + retryDelayMs(settings, attempts)).toISOString();
    await db.transaction().execute(async (trx) => {
      // Taken over meanwhile: the package's state is the other worker's to write.
      if (!(await releaseHeld(trx, owner, row.id, { status: failed ? 'failed' : 'pending', attempts, next_attempt_at: failed ? row.next_attempt_at : next, last_error: outcome.error }))) return;
      await trx
        .updateTable('edxml_packages')
        .set({ state: failed ? 'failed' : 'pending', attempts, next_attempt_at: failed ? null : next, last_error: outcome.error })
        .where('id', '=', packageId)
        .where('state', '!=', 'sent')
        .execute();
    });
  }

  const loop = leasedLoop(ctx, {
    channel: 'federation',
    owner,
    pollMs: settings.pollMs,
    batch: BATCH,
    claim: (limit) => claimDue(ctx, 'federation', owner, limit),
    handle: (rows) => {
      // One document's packages to one peer one after the other, in order; the rest side by side.
      const groups = new Map<string, Row[]>();
      for (const r of [...rows].sort((x, y) => x.id - y.id)) {
        const key = r.document_id === null ? `row:${r.id}` : `${(JSON.parse(r.payload) as { peerId: number }).peerId}:${r.document_id}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      return Promise.all(
        [...groups.values()].map(async (group) => {
          // A failure to record the outcome leaves the row leased: delivered again (same consignment) once it expires.
          for (const r of group) await deliver(r).catch((err) => ctx.log.error({ err, outboxId: r.id, payload: r.payload }, 'federation: delivery failed unrecorded'));
        }),
      );
    },
  });
  const unsubscribe = onQueued(loop.kick);
  const axis = startAxisPoller(ctx, settings.axisPollMs, settings.timeoutMs);
  return {
    kick: loop.kick,
    async stop() {
      unsubscribe();
      await axis.stop();
      // Pushes in flight get a few seconds; what was not acknowledged stays due (its lease
      // expires and another process, or this one restarted, sends it again).
      await loop.stop();
    },
  };
}
