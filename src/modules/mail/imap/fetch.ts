import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { AppContext } from '../../context.js';
import type { ImapAccountTable } from '../../../db/schema.js';
import { appendAudit } from '../../audit/service.js';
import { intakeMessage, type IntakeResult } from '../inbound/intake.js';
import { describeImapError } from './errors.js';
import { openSecret, SecretUnavailable } from '../../secrets/seal.js';

/** What one poll of one account did. */
export interface PollResult {
  accountId: number;
  /** False when the account was not taken: inactive, unknown, or being polled by another process. */
  polled: boolean;
  uidvalidity: string | null;
  uidvalidityChanged: boolean;
  /** New UIDs examined (each now remembered). */
  examined: number;
  /** Messages downloaded from the server. */
  fetched: number;
  accepted: number;
  duplicate: number;
  refused: number;
  /** Larger than MAIL_MAX_MB: refused without being downloaded. */
  tooLarge: number;
  failed: number;
  /** More new messages wait than one poll takes; the next poll goes on. */
  more: boolean;
  error: string | null;
}

/** How long a poll holds its account before another process may take it (renewed after each message). */
export const LEASE_MS = 5 * 60_000;
/** Messages taken per poll, so one huge mailbox neither holds its lease for hours nor the memory. */
export const MAX_PER_POLL = 500;

type Account = Omit<ImapAccountTable, 'id' | 'tls_reject_unauthorized' | 'active'> & { id: number; tls_reject_unauthorized: number; active: number };

const emptyResult = (accountId: number): PollResult => ({
  accountId,
  polled: false,
  uidvalidity: null,
  uidvalidityChanged: false,
  examined: 0,
  fetched: 0,
  accepted: 0,
  duplicate: 0,
  refused: 0,
  tooLarge: 0,
  failed: 0,
  more: false,
  error: null,
});

/**
 * Takes the account for one poll: a conditional UPDATE moves last_polled_at to the end of a
 * lease, so a second process (or a second "poll now") finds it taken. `dueBefore`: the poll
 * happens only if the last one ended at or before it (now, for a poll asked by a person).
 */
async function claim(ctx: AppContext, id: number, dueBefore: string): Promise<{ account: Account; lease: string } | null> {
  const lease = new Date(ctx.now().getTime() + LEASE_MS).toISOString();
  const r = await ctx.db.kysely
    .updateTable('imap_accounts')
    .set({ last_polled_at: lease })
    .where('id', '=', id)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('last_polled_at', 'is', null), eb('last_polled_at', '<=', dueBefore)]))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  const account = await ctx.db.kysely.selectFrom('imap_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { account, lease };
}

/** Extends the lease if this poll still holds it (the account may have been deleted, paused or taken). */
async function renew(ctx: AppContext, id: number, lease: string): Promise<string | null> {
  const next = new Date(ctx.now().getTime() + LEASE_MS).toISOString();
  const r = await ctx.db.kysely.updateTable('imap_accounts').set({ last_polled_at: next }).where('id', '=', id).where('active', '=', 1).where('last_polled_at', '=', lease).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? next : null;
}

const STORED_PASSWORD = { vi: 'mật khẩu IMAP', en: 'IMAP password' };

async function connect(ctx: AppContext, a: Account, password: string): Promise<ImapFlow> {
  // Loaded when an account is polled, not with every server.
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: a.host,
    port: a.port,
    secure: Number(a.secure) === 1,
    // Without implicit TLS, STARTTLS is required: the password never travels in clear.
    doSTARTTLS: Number(a.secure) === 1 ? undefined : true,
    tls: { rejectUnauthorized: Number(a.tls_reject_unauthorized) === 1 },
    auth: { user: a.username, pass: password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
    // A partial fetch bounds what we ask for; this bounds what a misbehaving server may send.
    maxLiteralSize: ctx.config.mail.maxMessageBytes + 64 * 1024,
  });
  // Failures surface through the awaited calls; an unhandled 'error' event would end the process.
  client.on('error', () => {});
  return client;
}

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** The addresses a message of an account without an organisation is for: To, Cc and Delivered-To. */
function recipientsOf(m: FetchMessageObject, max: number): string[] {
  const found: string[] = [];
  for (const a of [...(m.envelope?.to ?? []), ...(m.envelope?.cc ?? [])]) if (a.address) found.push(a.address);
  const headers = m.headers?.toString('latin1') ?? '';
  for (const line of headers.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const match = /^delivered-to:\s*(.+)$/i.exec(line);
    if (match) found.push(match[1]!.trim().replace(/^<|>$/g, ''));
  }
  const unique = [...new Set(found.map((a) => a.trim().toLowerCase()).filter((a) => ADDRESS.test(a)))];
  return unique.slice(0, max);
}

function outcomeOf(results: IntakeResult[]): 'accepted' | 'duplicate' | 'refused' {
  if (results.some((r) => r.outcome === 'accepted')) return 'accepted';
  if (results.some((r) => r.outcome === 'duplicate')) return 'duplicate';
  return 'refused';
}

async function remember(ctx: AppContext, accountId: number, uidvalidity: string, uid: number, outcome: string) {
  await ctx.db.kysely
    .insertInto('imap_seen')
    .values({ account_id: accountId, uidvalidity, uid, outcome, seen_at: ctx.now().toISOString() })
    .onConflict((oc) => oc.columns(['account_id', 'uidvalidity', 'uid']).doNothing())
    .execute();
}

/**
 * One poll of one account: read-only (EXAMINE, BODY.PEEK — nothing is flagged, moved or
 * deleted on the server); every UID examined is remembered under its UIDVALIDITY, so no
 * message is handed to the intake twice, also across restarts. Connection and login failures
 * go to last_error and never throw.
 */
export async function pollAccount(ctx: AppContext, accountId: number, opts: { dueBefore?: string; shouldStop?: () => boolean } = {}): Promise<PollResult> {
  const result = emptyResult(accountId);
  const claimed = await claim(ctx, accountId, opts.dueBefore ?? ctx.now().toISOString());
  if (!claimed) return result;
  result.polled = true;
  const { account } = claimed;
  let lease: string | null = claimed.lease;
  let client: ImapFlow | null = null;
  try {
    // A password this process cannot open (another SECRETS_KEY) is the account's error, never an empty login.
    client = await connect(ctx, account, openSecret(account.password, STORED_PASSWORD));
    await client.connect();
    const box = await client.mailboxOpen(account.mailbox, { readOnly: true });
    const uidvalidity = box.uidValidity.toString();
    result.uidvalidity = uidvalidity;
    if (uidvalidity !== account.uidvalidity) {
      // The UIDs of the old UIDVALIDITY name nothing any more: from now on, count under the new one.
      result.uidvalidityChanged = account.uidvalidity !== null;
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx.updateTable('imap_accounts').set({ uidvalidity }).where('id', '=', accountId).where('last_polled_at', '=', lease).execute();
        if (account.uidvalidity !== null) {
          await appendAudit(trx, { at: ctx.now().toISOString(), actorUserId: null, orgId: account.org_id, action: 'mail.imap.uidvalidity', entityType: 'imap_account', entityId: accountId, data: { from: account.uidvalidity, to: uidvalidity } });
        }
      });
    }
    const last = await ctx.db.kysely
      .selectFrom('imap_seen')
      .select((eb) => eb.fn.max('uid').as('uid'))
      .where('account_id', '=', accountId)
      .where('uidvalidity', '=', uidvalidity)
      .executeTakeFirst();
    const lastUid = Number(last?.uid ?? 0);
    // UIDNEXT tells cheaply that nothing arrived (a server that does not send it is asked anyway).
    if (box.exists > 0 && (!box.uidNext || box.uidNext > lastUid + 1)) {
      await takeNew(ctx, client, account, uidvalidity, lastUid, result, () => lease, (l) => (lease = l), opts.shouldStop);
    }
  } catch (err) {
    result.error = err instanceof SecretUnavailable ? err.message : describeImapError(err);
  } finally {
    const c = client;
    if (c) await c.logout().catch(() => c.close());
  }
  if (lease !== null) {
    await ctx.db.kysely.updateTable('imap_accounts').set({ last_polled_at: ctx.now().toISOString(), last_error: result.error }).where('id', '=', accountId).where('last_polled_at', '=', lease).execute();
  }
  return result;
}

async function takeNew(
  ctx: AppContext,
  client: ImapFlow,
  account: Account,
  uidvalidity: string,
  lastUid: number,
  result: PollResult,
  lease: () => string | null,
  setLease: (l: string | null) => void,
  shouldStop?: () => boolean,
) {
  const { maxMessageBytes, maxRecipients } = ctx.config.mail;
  const routeByHeaders = account.org_id === null;
  // "n:*" always names the newest message, even one already seen: filter by UID.
  const listed: FetchMessageObject[] = [];
  for await (const m of client.fetch(`${lastUid + 1}:*`, { uid: true, size: true, ...(routeByHeaders ? { envelope: true, headers: ['delivered-to'] } : {}) }, { uid: true })) {
    if (m.uid > lastUid) listed.push(m);
  }
  listed.sort((a, b) => a.uid - b.uid);
  const seen = new Set(
    listed.length
      ? (
          await ctx.db.kysely
            .selectFrom('imap_seen')
            .select('uid')
            .where('account_id', '=', account.id)
            .where('uidvalidity', '=', uidvalidity)
            .where('uid', '>=', listed[0]!.uid)
            .execute()
        ).map((r) => Number(r.uid))
      : [],
  );
  const fresh = listed.filter((m) => !seen.has(m.uid));
  result.more = fresh.length > MAX_PER_POLL;
  const officialAddress = routeByHeaders ? null : await orgAddress(ctx, account.org_id!);
  for (const m of fresh.slice(0, MAX_PER_POLL)) {
    if (shouldStop?.()) break;
    result.examined++;
    let outcome: string;
    if ((m.size ?? 0) > maxMessageBytes) {
      result.tooLarge++;
      outcome = 'refused';
    } else {
      // Never more than the limit plus one byte, whatever size the server announced.
      const full = await download(client, m.uid, maxMessageBytes + 1);
      if (full === 'expunged') continue; // gone meanwhile: that UID will never come back
      if (full instanceof Error) {
        // The server refuses this one message (the connection is fine): note it and go on,
        // or the same message would stop the account at every poll.
        result.failed++;
        result.error = `UID ${m.uid}: ${describeImapError(full)}`.slice(0, 500);
        outcome = 'failed';
      } else {
        result.fetched++;
        if (full.length > maxMessageBytes) {
          result.tooLarge++;
          outcome = 'refused';
        } else {
          outcome = await handOver(ctx, full, officialAddress ? [officialAddress] : recipientsOf(m, maxRecipients), m.uid, result);
        }
      }
    }
    if (outcome === 'refused') result.refused++;
    await remember(ctx, account.id, uidvalidity, m.uid, outcome);
    const current = lease();
    const next = current === null ? null : await renew(ctx, account.id, current);
    setLease(next);
    if (next === null) break;
  }
}

async function download(client: ImapFlow, uid: number, maxLength: number): Promise<Buffer | 'expunged' | Error> {
  try {
    const full = await client.fetchOne(String(uid), { uid: true, source: { maxLength } }, { uid: true });
    return full && full.source ? full.source : 'expunged';
  } catch (err) {
    if (!client.usable) throw err;
    return err as Error;
  }
}

async function handOver(ctx: AppContext, raw: Buffer, to: string[], uid: number, result: PollResult): Promise<string> {
  try {
    const outcome = outcomeOf(await intakeMessage(ctx, raw, { source: 'imap', from: null, to }));
    if (outcome === 'accepted') result.accepted++;
    if (outcome === 'duplicate') result.duplicate++;
    return outcome;
  } catch (err) {
    // One message the intake cannot take must not hold back the ones after it.
    result.failed++;
    result.error = `UID ${uid}: ${(err as Error).message ?? String(err)}`.slice(0, 500);
    return 'failed';
  }
}

async function orgAddress(ctx: AppContext, orgId: number): Promise<string> {
  const org = await ctx.db.kysely.selectFrom('organizations').select(['email', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org?.email) {
    throw Object.assign(new Error(`${org?.name ?? `#${orgId}`} chưa có địa chỉ thư công vụ. / The organisation has no official mail address.`), { code: 'NoOfficialAddress' });
  }
  return org.email.toLowerCase();
}
