import { sql } from 'kysely';
import { dialectOf, type Db, type Executor } from '../../db/connect.js';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../domain/canonical.js';
import { invalid } from '../../domain/errors.js';
import { optionalDate } from '../../domain/validate.js';

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
 * chain never forks. A trigger moves the head's hash to the new event (migration 011).
 */
export async function appendAudit(trx: Executor, input: AuditInput): Promise<void> {
  const fields = {
    at: input.at,
    actor_user_id: input.actorUserId,
    org_id: input.orgId,
    action: input.action,
    entity_type: input.entityType,
    entity_id: String(input.entityId),
    data: JSON.stringify(input.data ?? {}),
  };
  if (dialectOf(trx) === 'postgres') {
    // One round trip: the head taken and the event written in one statement, its hash
    // computed by the database over the text chainHash hashes, of which only the
    // sequence number (its last field) is not known here.
    const text = canonicalJson(hashedFields({ ...fields, seq: 0 }));
    if (!text.endsWith('"seq":0}')) throw new Error('the sequence number is no longer the last field an audit hash covers');
    await sql`WITH head AS (UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash)
      INSERT INTO audit_events (seq, at, actor_user_id, org_id, action, entity_type, entity_id, data, prev_hash, hash)
      SELECT head.seq, ${fields.at}, ${fields.actor_user_id}, ${fields.org_id}, ${fields.action}, ${fields.entity_type}, ${fields.entity_id}, ${fields.data}, head.hash,
        encode(sha256(convert_to(head.hash || E'\\n' || ${text.slice(0, -2)} || head.seq::text || '}', 'UTF8')), 'hex')
      FROM head`.execute(trx);
    return;
  }
  const head = await trx
    .updateTable('audit_head')
    .set({ seq: sql`seq + 1` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const row = { seq: Number(head.seq), ...fields };
  await trx.insertInto('audit_events').values({ ...row, prev_hash: head.hash, hash: chainHash(head.hash, hashedFields(row)) }).execute();
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
  /** An action ("document.issue") or a family of them ("document.*"). */
  action?: string;
  /** Who acted: a user id or a username. */
  actor?: string | number;
  orgId?: number;
  /** Calendar days in Vietnam (dd/mm/yyyy or yyyy-mm-dd), both included, or ISO instants. */
  from?: string;
  to?: string;
  entityType?: string;
  entityId?: string;
  limit?: number;
  beforeSeq?: number;
}

const ACTION = /^[a-z][a-z_]*(\.[a-z_]+)*(\.\*)?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The UTC instant a Vietnamese calendar day starts (Asia/Ho_Chi_Minh keeps UTC+7, no daylight saving). */
const dayStart = (isoDate: string) => new Date(`${isoDate}T00:00:00+07:00`);

/** A bound of the period: an ISO instant as given, or the start of the day (`to`: of the next day, excluded). */
function bound(value: string | undefined, field: 'from' | 'to'): { at: string; inclusive: boolean } | null {
  if (value === undefined || value === '') return null;
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return { at: new Date(value).toISOString(), inclusive: true };
  const day = optionalDate(value, field, field === 'from' ? 'Từ ngày' : 'Đến ngày')!;
  const start = dayStart(day);
  return field === 'from' ? { at: start.toISOString(), inclusive: true } : { at: new Date(start.getTime() + 86_400_000).toISOString(), inclusive: false };
}

/**
 * The log newest first, with who acted and for which organisation by name. Filters by
 * action (or family), actor, organisation, entity and period; paged by sequence number.
 */
export async function listAudit(db: Db, q: AuditQuery) {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
  const k = db.kysely;
  let query = k
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('organizations as o', 'o.id', 'e.org_id')
    .select(['e.seq', 'e.at', 'e.actor_user_id', 'u.username', 'u.full_name', 'e.org_id', 'o.name as org_name', 'e.action', 'e.entity_type', 'e.entity_id', 'e.data', 'e.prev_hash', 'e.hash'])
    .orderBy('e.seq', 'desc')
    .limit(limit + 1);
  if (q.action) {
    if (q.action.length > 80 || !ACTION.test(q.action)) throw invalid('action', 'Thao tác không hợp lệ (ví dụ: document.issue hoặc document.*).', 'The action is not valid (e.g. document.issue or document.*).');
    // A family is a range of the index: "document." up to "document/" ('/' follows '.').
    if (q.action.endsWith('.*')) {
      const prefix = q.action.slice(0, -1);
      query = query.where('e.action', '>=', prefix).where('e.action', '<', `${prefix.slice(0, -1)}/`);
    } else query = query.where('e.action', '=', q.action);
  }
  if (q.actor !== undefined && q.actor !== '') {
    const key = String(q.actor).trim().toLowerCase();
    const user = /^\d{1,10}$/.test(key)
      ? await k.selectFrom('users').select('id').where('id', '=', Number(key)).executeTakeFirst()
      : await k.selectFrom('users').select('id').where('username', '=', key.slice(0, 64)).executeTakeFirst();
    if (!user) throw invalid('actor', `Không có người dùng "${key.slice(0, 64)}".`, `There is no user "${key.slice(0, 64)}".`);
    query = query.where('e.actor_user_id', '=', user.id);
  }
  if (q.orgId !== undefined) query = query.where('e.org_id', '=', q.orgId);
  if (q.entityType) query = query.where('e.entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('e.entity_id', '=', q.entityId);
  const from = bound(q.from, 'from');
  const to = bound(q.to, 'to');
  if (from && to && from.at > to.at) throw invalid('to', 'Đến ngày phải sau hoặc bằng Từ ngày.', 'The end of the period is before its start.');
  if (from) query = query.where('e.at', '>=', from.at);
  if (to) query = query.where('e.at', to.inclusive ? '<=' : '<', to.at);
  if (q.beforeSeq !== undefined) query = query.where('e.seq', '<', q.beforeSeq);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const refs = await documentRefs(db, page);
  return {
    items: page.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
      actorUsername: r.username ?? null,
      actorName: r.full_name ?? null,
      orgId: r.org_id === null ? null : Number(r.org_id),
      orgName: r.org_name ?? null,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      data: JSON.parse(r.data) as unknown,
      /** The document the entry is about (a document, or an incoming item of one), for a link. */
      document: refs.get(`${r.entity_type}:${r.entity_id}`) ?? null,
      prevHash: r.prev_hash,
      hash: r.hash,
    })),
    nextBeforeSeq: rows.length > limit ? Number(page.at(-1)!.seq) : null,
  };
}

const ID = /^\d{1,9}$/;

/**
 * Number, symbol and summary of the documents a page of entries is about, in one query:
 * the documents named by id, and those of the incoming items named by id.
 */
async function documentRefs(db: Db, page: { entity_type: string; entity_id: string }[]) {
  const ids = (type: string) => [...new Set(page.filter((r) => r.entity_type === type && ID.test(r.entity_id)).map((r) => Number(r.entity_id)))];
  const docIds = ids('document');
  const itemIds = ids('inbox_item');
  const out = new Map<string, { id: number; symbol: string | null; summary: string }>();
  if (!docIds.length && !itemIds.length) return out;
  const k = db.kysely;
  const byDoc = k.selectFrom('documents as d').select([sql<string>`'document'`.as('via'), 'd.id as ref', 'd.id', 'd.symbol', 'd.summary']).where('d.id', 'in', docIds.length ? docIds : [0]);
  const byItem = k
    .selectFrom('inbox_items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .select([sql<string>`'inbox_item'`.as('via'), 'i.id as ref', 'd.id', 'd.symbol', 'd.summary'])
    .where('i.id', 'in', itemIds.length ? itemIds : [0]);
  for (const r of await byDoc.unionAll(byItem).execute()) out.set(`${r.via}:${r.ref}`, { id: Number(r.id), symbol: r.symbol, summary: r.summary });
  return out;
}
