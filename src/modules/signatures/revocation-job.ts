import type { AppContext } from '../context.js';
import type { Updateable } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { OutboxTable } from '../../db/schema.js';
import type { EventFeed } from '../events/hub.js';
import { nextRevocationRetry, retryableRevocation, revocationRetryText, revocationText, worstVerdict, type RevocationSchedule, type SignatureCheck } from '../../domain/signatures.js';
import { claimDue, freshState, leasedLoop, leaseOwnerId, releaseHeld } from '../../jobs/lease.js';
import { appendAudit } from '../audit/service.js';
import { noteArrival, recipientsOf } from '../documents/index.js';
import { checkChain } from './revocation.js';
import { verifyWithChains } from './verify.js';

/**
 * Revocation of incoming signatures, after the arrival commits: the arrival's verification
 * runs inside its transaction, where no network I/O may run, so a signature whose chain names
 * an OCSP responder or a CRL is queued here (the durable outbox, channel "revocation", written
 * in that transaction). A worker in every process claims due rows with the outbox's leases,
 * asks OCSP/CRL with no transaction open (each request bounded by REVOCATION_TIMEOUT_MS), then
 * in one transaction — only while it still holds the row's lease, so exactly once across
 * processes — keeps the updated verification with the document (a new check of the file: the
 * latest one is shown), adds the result to the arrival's trail entry and audits it. The event
 * stream tells the agencies holding the document (`signature-check`).
 *
 * A responder or CRL that could not be reached or did not answer in time is asked again: the
 * same row is due again after the next delay of REVOCATION_RETRY_MINUTES (the schedule is the
 * domain's `nextRevocationRetry`), pointing at the latest check. A re-check that fails again
 * only moves the row on; one that gets an answer is kept like the first (a new check, trail
 * note, audit); when the schedule is spent the trail and the audit say it was given up.
 */
const CHANNEL = 'revocation';
const BATCH = 10;

type Row = Awaited<ReturnType<typeof claimDue>>[number];
/** retries: re-checks done so far (0 or absent: the first check after arrival). */
type Payload = { checkId: number; recipientOrgIds: number[]; retries?: number };

/** Queues the revocation check of a verification just stored (inside the arrival's transaction). */
export async function queueRevocationCheck(trx: Executor, e: { checkId: number; documentId: number; orgId: number; recipientOrgIds: number[]; at: string }) {
  await trx
    .insertInto('outbox')
    .values({
      channel: CHANNEL,
      dedupe_key: `${CHANNEL}:${e.checkId}`,
      org_id: e.orgId,
      document_id: e.documentId,
      message_id: null,
      to_address: null,
      subject: null,
      payload: JSON.stringify({ checkId: e.checkId, recipientOrgIds: e.recipientOrgIds } satisfies Payload),
      ...freshState('pending', e.at),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  // A worker of this process looks right after the commit rather than at its next poll.
  for (const delay of [0, 50, 200]) setTimeout(() => wakers.forEach((w) => w()), delay).unref();
}

const wakers = new Set<() => void>();

/**
 * Where the revocation checks of a document's files stand, by attachment (the newest queued
 * check of each): what the signature panel says of a responder that could not be reached
 * ("sẽ kiểm tra lại lúc …", or given up after N tries). The payload's `retries` is the
 * re-check a waiting row is due for, or the last one made once the row is done.
 */
export async function revocationSchedules(db: Executor, documentId: number): Promise<Map<number, RevocationSchedule>> {
  const rows = await db.selectFrom('outbox').select(['id', 'status', 'next_attempt_at', 'payload']).where('document_id', '=', documentId).where('channel', '=', CHANNEL).orderBy('id').execute();
  const out = new Map<number, RevocationSchedule>();
  if (!rows.length) return out;
  const payloads = rows.map((r) => ({ row: r, p: JSON.parse(r.payload) as Payload }));
  const checks = await db.selectFrom('signature_checks').select(['id', 'attachment_id']).where('id', 'in', payloads.map((x) => x.p.checkId)).execute();
  const attachmentOf = new Map(checks.map((c) => [c.id, c.attachment_id]));
  for (const { row, p } of payloads) {
    const attachment = attachmentOf.get(p.checkId);
    if (attachment === undefined) continue;
    const retries = p.retries ?? 0;
    const state: RevocationSchedule['state'] = row.status === 'sent' ? 'done' : row.status === 'failed' ? 'failed' : retries > 0 ? 'waiting' : 'queued';
    out.set(attachment, { state, nextAt: state === 'waiting' || state === 'queued' ? row.next_attempt_at : null, attempts: state === 'done' ? retries + 1 : retries });
  }
  return out;
}


/** Checks one queued verification; answers false when the row was taken over meanwhile. */
async function handle(ctx: AppContext, owner: string, row: Row): Promise<boolean> {
  const db = ctx.db.kysely;
  const payload = JSON.parse(row.payload) as Payload;
  const { checkId, recipientOrgIds } = payload;
  const retriesDone = payload.retries ?? 0;
  const stored = await db.selectFrom('signature_checks').selectAll().where('id', '=', checkId).executeTakeFirst();
  /** Changes the row only while this worker still holds it (answers false when it was taken over). */
  const release = (trx: Executor, set: Updateable<OutboxTable>) => releaseHeld(trx, owner, row.id, set);
  const finish = (trx: Executor, error: string | null) =>
    release(trx, { status: error ? 'failed' : 'sent', sent_at: error ? null : ctx.now().toISOString(), attempts: row.attempts + 1, last_error: error });
  if (!stored) return finish(db, `Không còn kết quả kiểm tra #${checkId} / verification gone`);
  /** Due again at `at`, for the next re-check (the lease let go, the outbox's attempts left to errors). */
  const reschedule = (trx: Executor, next: Payload, at: Date, note: string) =>
    release(trx, { status: 'pending', payload: JSON.stringify(next), next_attempt_at: at.toISOString(), last_error: note });

  // Network I/O: no transaction is open here.
  const anchors = (await db.selectFrom('trust_anchors').select('pem').execute()).map((r) => r.pem);
  const { chains } = verifyWithChains(await ctx.blobs.read(stored.sha256), anchors);
  const checks = JSON.parse(stored.checks) as SignatureCheck[];
  const now = ctx.now();
  const notes: string[] = [];
  let answered = false;
  for (const [i, c] of checks.entries()) {
    const chain = chains[i];
    const asked = retriesDone === 0 ? c.revocationCheck?.why === 'pending' : retryableRevocation(c.revocationCheck);
    if (!asked || !chain) continue;
    const r = await checkChain(chain, c.signingTime, now, ctx.config.revocation.timeoutMs);
    const text = revocationText(r);
    c.revocationCheck = r;
    c.revocation = `${text.vi} / ${text.en}`;
    if (r.status === 'revoked' && r.revokedBeforeSigning) Object.assign(c, { verdict: 'untrusted', trusted: false, problem: 'certificate_revoked' });
    if (retriesDone > 0 && !retryableRevocation(r)) answered = true;
    notes.push(`${c.signer ?? '?'}: ${text.vi}`);
  }
  const verdict = worstVerdict([stored.verdict, ...checks.map((c) => c.verdict)]);
  const at = ctx.now().toISOString();
  // Still unreachable somewhere: due again after the next delay, or given up.
  const open = checks.some((c) => retryableRevocation(c.revocationCheck));
  const next = open ? nextRevocationRetry(ctx.config.revocation.retryMinutes, retriesDone, now) : null;
  // Nothing said of a retry when none is configured.
  const later = open && (next || retriesDone > 0) ? revocationRetryText(next, retriesDone) : null;
  const keep = retriesDone === 0 || answered;
  return db.transaction().execute(async (trx) => {
    let latest = checkId;
    if (keep) {
      latest = (
        await trx
          .insertInto('signature_checks')
          .values({ document_id: stored.document_id, org_id: stored.org_id, direction: stored.direction, attachment_id: stored.attachment_id, file_name: stored.file_name, sha256: stored.sha256, verdict, checks: JSON.stringify(checks), checked_at: at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    const settled = next
      ? await reschedule(trx, { ...payload, checkId: latest, retries: retriesDone + 1 }, next, `${later!.vi} / ${later!.en}`)
      : await finish(trx, null);
    if (!settled) throw new TakenOver();
    const said = keep || !next ? notes : [];
    if (said.length) await noteArrival(trx, stored.document_id, recipientOrgIds, `${stored.file_name}: Kiểm tra thu hồi chứng thư — ${said.join('; ')}${later ? ` (${later.vi})` : ''}`);
    if (keep || !next)
      await appendAudit(trx, {
        at,
        actorUserId: null,
        orgId: stored.org_id,
        action: 'signature.revocation_check',
        entityType: 'document',
        entityId: stored.document_id,
        data: { file: stored.file_name, verdict, revocation: checks.map((c) => c.revocationCheck?.status ?? null), retries: retriesDone, ...(open ? { nextAt: next?.toISOString() ?? null, gaveUp: !next } : {}) },
      });
    return true;
  }).catch((err) => {
    if (err instanceof TakenOver) return false;
    throw err;
  });
}

/** The row was taken over by another worker meanwhile: nothing of this attempt is kept. */
class TakenOver extends Error {}

async function handleOrFail(ctx: AppContext, owner: string, row: Row) {
  try {
    await handle(ctx, owner, row);
  } catch (err) {
    // The stored file or the database unreachable for a moment: due again in a minute, a few times.
    ctx.log.warn({ err, row: row.id }, 'revocation check failed');
    const attempts = row.attempts + 1;
    // Not recorded either (the database still away): the lease expires and the row is claimed again.
    await releaseHeld(ctx.db.kysely, owner, row.id, { status: attempts >= 5 ? 'failed' : 'pending', attempts, next_attempt_at: new Date(ctx.now().getTime() + 60_000).toISOString(), last_error: String((err as Error).message).slice(0, 300) }).catch(() => {});
  }
}

/** Checks every due queued verification; resolves with how many when none is left (tests, `lienthong` commands). */
export async function drainRevocationChecks(ctx: AppContext, owner = leaseOwnerId()): Promise<number> {
  let n = 0;
  for (;;) {
    const rows = await claimDue(ctx, CHANNEL, owner, BATCH);
    for (const row of rows) await handleOrFail(ctx, owner, row);
    n += rows.length;
    if (rows.length < BATCH) return n;
  }
}

export function startRevocationWorker(ctx: AppContext) {
  const owner = leaseOwnerId();
  const loop = leasedLoop(ctx, {
    channel: CHANNEL,
    owner,
    pollMs: ctx.config.revocation.pollMs,
    batch: BATCH,
    claim: (limit) => claimDue(ctx, CHANNEL, owner, limit),
    handle: async (rows) => {
      for (const row of rows) await handleOrFail(ctx, owner, row);
    },
  });
  wakers.add(loop.kick);
  return {
    kick: loop.kick,
    async stop() {
      wakers.delete(loop.kick);
      await loop.stop();
    },
  };
}

export interface SignatureCheckEvent {
  id: number;
  documentId: number;
  fileName: string;
  verdict: string;
  orgIds: number[];
}

/** New verifications kept with received documents (a revocation check done after arrival) on the event stream, to the agencies holding them. */
export function signatureCheckFeed(ctx: AppContext): EventFeed<SignatureCheckEvent> {
  const db = ctx.db.kysely;
  const query = () => db.selectFrom('signature_checks').select(['id', 'document_id', 'file_name', 'verdict']).where('direction', '=', 'received');
  const map = async (rows: { id: number; document_id: number; file_name: string; verdict: string }[]): Promise<SignatureCheckEvent[]> => {
    const holders = await recipientsOf(db, rows.map((r) => r.document_id));
    return rows.map((r) => ({ id: r.id, documentId: r.document_id, fileName: r.file_name, verdict: r.verdict, orgIds: holders.get(r.document_id) ?? [] }));
  };
  return {
    event: 'signature-check',
    readAfter: async (after, limit) => map(await query().where('id', '>', after).orderBy('id').limit(limit).execute()),
    readIds: async (ids) => map(await query().where('id', 'in', ids).execute()),
    maxId: async () => Number((await db.selectFrom('signature_checks').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0),
    audience: (row, viewer) => row.orgIds.includes(viewer.agencyId),
    data: (row) => ({ documentId: row.documentId, fileName: row.fileName, verdict: row.verdict }),
  };
}
