import type { AppContext } from '../../context.js';
import { DomainError } from '../../../domain/errors.js';
import { importEdxml } from '../import.js';
import type { PeerRow } from '../federation/repo.js';
import { AxisClient, AxisError, type AxisMessageType } from './client.js';

export interface AxisPollResult {
  listed: number;
  imported: number;
  duplicates: number;
  refused: { docId: string; error: string }[];
}

const record = (ctx: AppContext, peerId: number, docId: string, kind: string, result: unknown, at: string) =>
  ctx.db.kysely
    .insertInto('federation_consignments')
    .values({ peer_id: peerId, consignment_id: docId, kind, result: JSON.stringify(result), received_at: at })
    .onConflict((oc) => oc.columns(['peer_id', 'consignment_id']).doNothing())
    .execute();

/**
 * One pickup from the axis: list → get → parse and persist (into the addressed agencies'
 * inboxes, 01 queued back through the axis) → updateStatus done; a package the rules refuse
 * is acknowledged as fail with the reason. The axis's DocId is the consignment: a package
 * picked up before (its acknowledgement lost) is acknowledged again, never imported twice.
 */
// One pickup per peer at a time in a process: "poll now" waits for a scheduled pickup
// that is running, rather than fetching the same packages beside it.
const pickups = new WeakMap<AppContext, Map<number, Promise<unknown>>>();

export function pollAxis(ctx: AppContext, peer: PeerRow, timeoutMs: number): Promise<AxisPollResult> {
  let running = pickups.get(ctx);
  if (!running) pickups.set(ctx, (running = new Map()));
  const next = (running.get(peer.id) ?? Promise.resolve())
    // The pickup before failed: its caller was told (and the poller logged it); this one runs anyway.
    .catch(() => undefined)
    .then(() => pickUp(ctx, peer, timeoutMs));
  running.set(peer.id, next);
  const forget = () => {
    if (running.get(peer.id) === next) running.delete(peer.id);
  };
  next.then(forget, forget);
  return next;
}

/** "Poll now" (the administrator): recorded as the peer's last pickup, so the schedule does not follow it at once with another. */
export async function pollAxisNow(ctx: AppContext, peer: PeerRow, timeoutMs: number): Promise<AxisPollResult> {
  await ctx.db.kysely.updateTable('federation_peers').set({ last_polled_at: ctx.now().toISOString() }).where('id', '=', peer.id).execute();
  return pollAxis(ctx, peer, timeoutMs);
}

async function pickUp(ctx: AppContext, peer: PeerRow, timeoutMs: number): Promise<AxisPollResult> {
  const client = new AxisClient(peer, timeoutMs);
  const out: AxisPollResult = { listed: 0, imported: 0, duplicates: 0, refused: [] };
  for (const type of ['edoc', 'status'] as AxisMessageType[]) {
    const listed = await client.receivedList(type);
    out.listed += listed.length;
    for (const { docId } of listed) {
      const at = ctx.now().toISOString();
      const seen = await ctx.db.kysely.selectFrom('federation_consignments').select('id').where('peer_id', '=', peer.id).where('consignment_id', '=', docId).executeTakeFirst();
      if (seen) {
        out.duplicates++;
        await client.updateStatus(docId, 'done');
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await client.getEdoc(docId, ctx.config.edxml.maxPackageBytes);
      } catch (e) {
        if (!(e instanceof AxisError) || !e.permanent) throw e;
        out.refused.push({ docId, error: e.message });
        await client.updateStatus(docId, 'fail', e.message);
        continue;
      }
      try {
        const r = await importEdxml(ctx, null, bytes, {
          peerId: peer.id,
          withinTransaction: async (trx, res) => {
            await trx.insertInto('federation_consignments').values({ peer_id: peer.id, consignment_id: docId, kind: res.kind, result: JSON.stringify({ docId, kind: res.kind, documentId: res.documentId, items: res.items }), received_at: at }).execute();
          },
        });
        if (r.duplicate) {
          out.duplicates++;
          await record(ctx, peer.id, docId, r.kind, { docId, duplicate: true, documentId: r.documentId }, at);
        } else out.imported++;
        await client.updateStatus(docId, 'done');
      } catch (e) {
        // Refused by the rules (malformed, not addressed here, bad signature): told to the axis, kept in our log.
        if (!(e instanceof DomainError)) throw e;
        const error = `${e.code}${e.field ? ` (${e.field})` : ''}: ${e.messageVi} / ${e.messageEn}`.slice(0, 1000);
        out.refused.push({ docId, error });
        await record(ctx, peer.id, docId, type === 'status' ? 'status' : 'document', { docId, refused: error }, at);
        await client.updateStatus(docId, 'fail', error);
      }
    }
  }
  return out;
}

/**
 * Polls every active axis peer on its schedule. The pickup is claimed in the database (the
 * peer's last_polled_at moved forward only by the process that polls), so several server
 * processes do not pick up at the same moment.
 */
export function startAxisPoller(ctx: AppContext, everyMs: number, timeoutMs: number): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  async function tick() {
    const peers = await ctx.db.kysely.selectFrom('federation_peers').selectAll().where('transport', '=', 'axis').where('active', '=', 1).execute();
    for (const peer of peers) {
      if (stopped) return;
      const now = ctx.now();
      const before = new Date(now.getTime() - everyMs + 500).toISOString();
      const claimed = await ctx.db.kysely
        .updateTable('federation_peers')
        .set({ last_polled_at: now.toISOString() })
        .where('id', '=', peer.id)
        .where((w) => w.or([w('last_polled_at', 'is', null), w('last_polled_at', '<', before)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      try {
        await pollAxis(ctx, peer, timeoutMs);
        await ctx.db.kysely.updateTable('federation_peers').set({ last_error: null }).where('id', '=', peer.id).execute();
      } catch (e) {
        ctx.log.warn({ err: e, peerId: peer.id, peer: peer.name }, 'axis: pickup failed');
        await ctx.db.kysely
          .updateTable('federation_peers')
          .set({ last_error: (e as Error).message.slice(0, 1000) })
          .where('id', '=', peer.id)
          .execute()
          .catch((err) => ctx.log.warn({ err, peerId: peer.id }, 'axis: the pickup error could not be recorded on the peer'));
      }
    }
  }
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick()
      .catch((err) => ctx.log.warn({ err }, 'axis: a poll failed; retried at the next tick'))
      .finally(() => (running = null));
  }, Math.min(everyMs, 5000));
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
