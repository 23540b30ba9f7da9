import type { Executor } from '../../../db/connect.js';
import { freshState } from '../../../jobs/lease.js';

/**
 * Packages for peer nodes go through the durable outbox (channel "federation"): one row per
 * package, written in the transaction that made the package, sent by the federation worker
 * under the package's consignment id on every retry.
 */
export async function enqueueDelivery(trx: Executor, pkg: { id: number; org_id: number; document_id: number | null }, peerId: number, at: string): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      channel: 'federation',
      dedupe_key: `federation:${pkg.id}`,
      org_id: pkg.org_id,
      document_id: pkg.document_id,
      message_id: null,
      to_address: null,
      subject: null,
      payload: JSON.stringify({ packageId: pkg.id, peerId }),
      ...freshState('pending', at),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  nudge();
}

// A worker in this process looks right after the queuing transaction commits, rather than at
// its next poll; one in another process finds the row at its poll.
const wakers = new Set<() => void>();

export function onQueued(wake: () => void): () => void {
  wakers.add(wake);
  return () => wakers.delete(wake);
}

function nudge() {
  if (!wakers.size) return;
  // The commit has not happened yet (on PostgreSQL the rest of the transaction is still to
  // run): look soon, and a few times more while it may still be committing.
  for (const delay of [0, 25, 75, 150]) {
    setTimeout(() => {
      for (const w of wakers) w();
    }, delay).unref();
  }
}
