import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { claimDue, freshState, releaseHeld } from '../src/jobs/lease.js';

/**
 * The outbox's leases, the rule every channel's worker (mail, federation, signature
 * revocation checks) records its attempts by: an attempt is written only while its worker
 * still holds the row; a row taken over after its lease expired is the new holder's.
 */

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ demo: false });
});
afterAll(async () => {
  await s?.close();
});

const CHANNEL = 'lease-test';

it("an attempt is recorded only while its worker holds the row; a row taken over keeps the new holder's outcome", async () => {
  const db = s.ctx.db.kysely;
  const at = s.ctx.now().toISOString();
  const { id } = await db
    .insertInto('outbox')
    .values({ channel: CHANNEL, dedupe_key: `${CHANNEL}:1`, org_id: null, document_id: null, message_id: null, to_address: null, subject: null, payload: '{}', ...freshState('pending', at) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = () => db.selectFrom('outbox').select(['status', 'lease_owner', 'lease_until', 'last_error', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();

  expect((await claimDue(s.ctx, CHANNEL, 'worker-a', 5)).map((r) => r.id)).toEqual([id]);
  // Worker A stalls past its lease (its process is frozen): worker B claims the row.
  await db.updateTable('outbox').set({ lease_until: new Date(Date.parse(at) - 1000).toISOString() }).where('id', '=', id).execute();
  expect((await claimDue(s.ctx, CHANNEL, 'worker-b', 5)).map((r) => r.id)).toEqual([id]);

  // A comes back and records its failure: refused, nothing written, B still holds the row.
  await expect(releaseHeld(db, 'worker-a', id, { status: 'failed', attempts: 1, last_error: 'A' })).resolves.toBe(false);
  await expect(row()).resolves.toMatchObject({ status: 'sending', lease_owner: 'worker-b', last_error: null, attempts: 0 });

  // In a transaction, what goes with the outcome is written only when it holds.
  await db.transaction().execute(async (trx) => {
    expect(await releaseHeld(trx, 'worker-b', id, { status: 'sent', sent_at: at, attempts: 1, last_error: null })).toBe(true);
  });
  await expect(row()).resolves.toMatchObject({ status: 'sent', lease_owner: null, lease_until: null, attempts: 1 });
  // Let go: the row is no one's any more, not even B's.
  await expect(releaseHeld(db, 'worker-b', id, { status: 'pending' })).resolves.toBe(false);
  await expect(row()).resolves.toMatchObject({ status: 'sent' });
});
