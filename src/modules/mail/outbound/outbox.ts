import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../../db/connect.js';
import { insertRows } from '../../../db/insert-rows.js';
import { claimDue, freshState, leasedLoop, leaseOwnerId, releaseHeld } from '../../../jobs/lease.js';
import { mailOf, type MailPayload } from './messages.js';
import { attachmentPart, errorText, isPermanent, relayTransport } from './smtp.js';

/**
 * The durable outbox. Services queue mail inside the transaction of the change that causes
 * it (enqueueMail); a worker in every server process claims due rows with a lease in the
 * database, sends them through the relay and marks them sent right after the relay's 250.
 *
 * Exactly once: a row is claimed by one worker at a time (FOR UPDATE SKIP LOCKED on
 * PostgreSQL; SQLite has a single writer), its Message-ID is fixed when it is queued, and a
 * lease kept alive while sending only expires when its process died — then the row is sent
 * again with the same Message-ID. The one window left is a process killed between the
 * relay's 250 and the commit of "sent": the relay then gets the same Message-ID twice.
 */

export interface QueuedMail {
  /** Unique: the same key is never queued twice, however many processes try. */
  dedupeKey: string;
  /** Whose back office lists it. */
  orgId: number;
  documentId: number | null;
  to: string;
  subject: string;
  payload: MailPayload;
}

/**
 * Unique, and growing with time: the index on message_id then takes a dispatch's 50 new ids
 * on its last page instead of on 50 random pages.
 */
export function newMessageId(ctx: AppContext): string {
  return `<${Date.now().toString(36).padStart(9, '0')}.${randomUUID()}@${ctx.config.mail.domains[0] ?? 'localhost'}>`;
}

/**
 * Queues mails in the caller's transaction; a key already queued is skipped. Without a relay
 * (development) they are kept, to be read in the back office.
 */
export async function enqueueMails(trx: Executor, ctx: AppContext, mails: QueuedMail[]): Promise<number> {
  if (!mails.length) return 0;
  const at = ctx.now().toISOString();
  const status = ctx.config.mail.smtpUrl ? 'pending' : 'kept';
  const dialect = ctx.db.dialect;
  // Copies that say the same apart from whom they greet (a dispatch to 50 agencies) store
  // the common part once.
  const groups = new Map<string, QueuedMail[]>();
  for (const m of mails) {
    const key = sharedPart(m.payload);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const bodyOf = new Map<QueuedMail, number>();
  for (const [shared, group] of groups) {
    if (group.length < 2) continue;
    const { rows } = await insertRows(trx, dialect, 'outbox_bodies', [{ payload: shared }], { returning: ['id'] });
    for (const m of group) bodyOf.set(m, rows[0]!.id);
  }
  const { inserted } = await insertRows(
    trx,
    dialect,
    'outbox',
    mails.map((m) => ({
      channel: 'mail',
      dedupe_key: m.dedupeKey,
      org_id: m.orgId,
      document_id: m.documentId,
      message_id: newMessageId(ctx),
      to_address: m.to,
      subject: m.subject,
      payload: JSON.stringify(bodyOf.has(m) ? ownPart(m.payload) : m.payload),
      body_id: bodyOf.get(m) ?? null,
      ...freshState(status, at),
    })),
    { ignoreConflictOn: 'dedupe_key' },
  );
  return inserted;
}


/** What is each copy's own: its kind, addressee and greeting. */
const ownPart = (p: MailPayload) => ({ kind: p.kind, toName: p.toName, intro: p.intro });
function sharedPart(p: MailPayload): string {
  const { kind: _k, toName: _t, intro: _i, ...rest } = p;
  return JSON.stringify(rest);
}

/** Rows with the shared part of their payload (`body`) read alongside. */
export async function withBodies<T extends { body_id: number | null }>(db: Executor, rows: T[]): Promise<(T & { body: string | null })[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.body_id === null ? [] : [r.body_id])))];
  const bodies = new Map<number, string>();
  if (ids.length) for (const b of await db.selectFrom('outbox_bodies').select(['id', 'payload']).where('id', 'in', ids).execute()) bodies.set(b.id, b.payload);
  return rows.map((r) => ({ ...r, body: r.body_id === null ? null : (bodies.get(r.body_id) ?? null) }));
}

export const enqueueMail = (trx: Executor, ctx: AppContext, mail: QueuedMail) => enqueueMails(trx, ctx, [mail]);

/** Retry schedule: 30 s, 1 min, 2 min … at most 1 h apart; failed after 12 attempts (about 5 h). */
export const RETRY = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 12 };
export const backoffMs = (attempts: number) => Math.min(RETRY.capMs, RETRY.baseMs * 2 ** Math.max(0, attempts - 1));

const BATCH = 100;

type Row = Awaited<ReturnType<typeof claimDue>>[number] & { body: string | null };

export interface OutboxWorker {
  stop(): Promise<void>;
  /** Look for due messages now rather than at the next poll. */
  kick(): void;
}

export function startOutboxWorker(ctx: AppContext): OutboxWorker {
  const smtpUrl = ctx.config.mail.smtpUrl;
  // Development: mails are kept at enqueue; nothing to send.
  if (!smtpUrl) return { stop: async () => {}, kick: () => {} };
  const owner = leaseOwnerId();
  const transport: Transporter = relayTransport(smtpUrl);
  const db = ctx.db.kysely;
  // Parsed once: nodemailer would parse the same From for every message.
  const from = addressparser(ctx.config.mail.from, { flatten: true })[0] ?? ctx.config.mail.from;

  /** Attachments read from the blob store at send time, each encoded once per batch. */
  async function sendOne(row: Row, parts: Map<string, Promise<Buffer>>) {
    const mail = mailOf(row, ctx.config.mail.from);
    let attachments;
    try {
      attachments = await Promise.all(
        mail.payload.attachments.map(async (a) => {
          const key = `${a.sha256}\0${a.mime}\0${a.fileName}`;
          if (!parts.has(key)) parts.set(key, ctx.blobs.read(a.sha256).then((bytes) => attachmentPart(a, bytes)));
          return { raw: await parts.get(key)! };
        }),
      );
    } catch (e) {
      // A shared DATA_DIR may be back at the next attempt.
      return finish(row, { permanent: false, error: `Không đọc được tệp đính kèm / attachment unreadable: ${errorText(e)}` });
    }
    try {
      const { payload: _p, ...message } = mail;
      await transport.sendMail({ ...message, from, replyTo: message.replyTo ? { name: '', address: message.replyTo } : undefined, attachments });
    } catch (e) {
      return finish(row, { permanent: isPermanent(e), error: errorText(e) });
    }
    // Sent: recorded whoever holds the lease now, since the relay has it.
    await db.updateTable('outbox').set({ status: 'sent', sent_at: ctx.now().toISOString(), attempts: row.attempts + 1, lease_owner: null, lease_until: null, last_error: null }).where('id', '=', row.id).execute();
  }

  async function finish(row: Row, failure: { permanent: boolean; error: string }) {
    const attempts = row.attempts + 1;
    const failed = failure.permanent || attempts >= RETRY.maxAttempts;
    await releaseHeld(db, owner, row.id, {
      status: failed ? 'failed' : 'pending',
      attempts,
      next_attempt_at: failed ? row.next_attempt_at : new Date(ctx.now().getTime() + backoffMs(attempts)).toISOString(),
      last_error: failure.error,
    });
  }

  const loop = leasedLoop(ctx, {
    channel: 'mail',
    owner,
    pollMs: Math.max(ctx.config.mail.outboxPollMs, 50),
    batch: BATCH,
    claim: async (limit) => withBodies(db, await claimDue(ctx, 'mail', owner, limit)),
    handle: (rows) => {
      // Each attachment read and encoded once per batch; the pool spreads the sends over its connections.
      const parts = new Map<string, Promise<Buffer>>();
      // A failure to record the outcome leaves the row leased: it is sent again once the lease expires.
      return Promise.all(rows.map((r) => sendOne(r, parts).catch((err) => ctx.log.error({ err, outboxId: r.id, messageId: r.message_id }, 'mail outbox: sending failed unrecorded'))));
    },
  });
  return {
    kick: loop.kick,
    async stop() {
      // Let the messages in flight finish; a relay that does not answer is cut off.
      await loop.stop();
      transport.close();
      await loop.running();
    },
  };
}
