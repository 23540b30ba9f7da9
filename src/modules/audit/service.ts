import { sql } from 'kysely';
import type { Db, Executor } from '../../db/connect.js';
import { chainHash, GENESIS_HASH } from '../../domain/canonical.js';

export interface AuditInput {
  at: string;
  actorUserId: number | null;
  orgId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  data?: Record<string, unknown>;
}

/** The fields of an entry that its hash covers, in one canonical shape. */
function hashedFields(e: { seq: number; at: string; actor_user_id: number | null; org_id: number | null; action: string; entity_type: string; entity_id: string; data: string }) {
  return {
    seq: Number(e.seq),
    at: e.at,
    actor: e.actor_user_id === null ? null : Number(e.actor_user_id),
    org: e.org_id === null ? null : Number(e.org_id),
    action: e.action,
    entityType: e.entity_type,
    entityId: e.entity_id,
    data: e.data,
  };
}

/**
 * Appends an audit event inside the caller's transaction. Taking the head row first
 * serialises writers (a row lock on PostgreSQL, the single writer on SQLite), so the
 * chain never forks.
 */
export async function appendAudit(trx: Executor, input: AuditInput): Promise<void> {
  const head = await trx
    .updateTable('audit_head')
    .set({ seq: sql`seq + 1` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const row = {
    seq: Number(head.seq),
    at: input.at,
    actor_user_id: input.actorUserId,
    org_id: input.orgId,
    action: input.action,
    entity_type: input.entityType,
    entity_id: String(input.entityId),
    data: JSON.stringify(input.data ?? {}),
  };
  const hash = chainHash(head.hash, hashedFields(row));
  await trx.insertInto('audit_events').values({ ...row, prev_hash: head.hash, hash }).execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
}

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; brokenSeq: number; reason: string };

/**
 * Re-computes the chain in order of sequence, up to the head as it stands when the check
 * starts: events appended while it runs (a live server) are neither missed nor mistaken
 * for tampering. The head and its entry are written in one transaction, so every entry up
 * to the head read here is already stored.
 */
export async function verifyAudit(db: Db): Promise<VerifyResult> {
  const head = await db.kysely.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const headSeq = Number(head.seq);
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const pageSize = 5000;
  while (expectedSeq <= headSeq) {
    const rows = await db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .where('seq', '<=', headSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, count, brokenSeq: expectedSeq, reason: 'missing entry' };
      if (r.prev_hash !== prev) return { ok: false, count, brokenSeq: seq, reason: 'previous hash does not match' };
      if (chainHash(prev, hashedFields(r)) !== r.hash) return { ok: false, count, brokenSeq: seq, reason: 'content does not match its hash' };
      prev = r.hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < pageSize) break;
  }
  if (count !== headSeq || head.hash !== prev) {
    return { ok: false, count, brokenSeq: count + 1, reason: 'entries missing at the end of the chain' };
  }
  // Entries appended since are fine; an entry the head has never reached was not appended.
  const last = await db.kysely.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const headNow = await db.kysely.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
  if (last?.seq !== null && last?.seq !== undefined && Number(last.seq) > Number(headNow.seq)) {
    return { ok: false, count, brokenSeq: Number(headNow.seq) + 1, reason: 'entries beyond the head of the chain' };
  }
  return { ok: true, count };
}

export interface AuditQuery {
  action?: string;
  entityType?: string;
  entityId?: string;
  orgId?: number;
  limit: number;
  beforeSeq?: number;
}

export async function listAudit(db: Db, q: AuditQuery) {
  let query = db.kysely.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(q.limit);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.orgId !== undefined) query = query.where('org_id', '=', q.orgId);
  if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), data: JSON.parse(r.data) as unknown }));
}
