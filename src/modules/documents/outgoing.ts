import { sql } from 'kysely';
import type { AppContext, Actor } from '../context.js';
import { num } from '../../db/connect.js';
import { invalid } from '../../domain/errors.js';
import { deadlineToday, OPEN_STATUSES } from '../../domain/overdue.js';
import { searchTerms } from '../../domain/fold.js';
import { oneOf } from '../../domain/validate.js';
import { isSecret, type Confidentiality } from '../../domain/classification.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { textMatch } from './queries.js';
import { STATUS, type ProcessingStatus } from '../../domain/statuses.js';

export interface OutgoingQuery {
  q?: string;
  state?: string;
  limit?: number;
  cursor?: string;
}

/** Where each recipient of a document stands, counted for the sender's list. */
export type Progress = {
  /** Recipients named on the document. */
  planned: number;
  /** Recipients it was sent to (inbox items, recalled ones included). */
  sent: number;
  /** Live items per processing status 01–06. */
  byStatus: Record<ProcessingStatus, number>;
  /** Recipients that gave the document back on a recall (15). */
  recalled: number;
  /** Recall asked (13), not yet answered. */
  recallPending: number;
  /** Still open past their deadline. */
  overdue: number;
};

/**
 * Văn bản đi: the agency's issued documents newest first (or its drafts), each with how
 * far its recipients have got. One page is one index walk plus one grouped read of the
 * page's inbox items.
 */
export async function listOutgoing(ctx: AppContext, actor: Actor, f: OutgoingQuery) {
  const db = ctx.db.kysely;
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const state = oneOf(f.state, ['issued', 'draft'] as const, 'state', 'Tình trạng', 'issued');
  const terms = f.q ? searchTerms(f.q) : [];
  if (f.q && f.q.trim() && !terms.length) throw invalid('q', 'Từ khóa tìm kiếm không hợp lệ.', 'The search text has no words.');
  const today = deadlineToday(ctx.now());

  let query = db
    .selectFrom('documents as d')
    .select(['d.id', 'd.state', 'd.symbol', 'd.summary', 'd.type_code', 'd.doc_date', 'd.issued_at', 'd.urgency', 'd.confidentiality', 'd.signer_name', 'd.due_date', 'd.copy_kind', 'd.updated_at'])
    .where('d.org_id', '=', actor.agencyId)
    .where('d.state', '=', state)
    .limit(limit + 1);
  query = state === 'issued' ? query.orderBy('d.issued_at', 'desc').orderBy('d.id', 'desc') : query.orderBy('d.id', 'desc');
  if (terms.length) query = query.where(textMatch(ctx, actor, terms, null));
  if (f.cursor) {
    const shape = state === 'issued' ? ['string', 'number'] : ['number'];
    const [, ...at] = decodeCursor(f.cursor, (p) => p[0] === state && p.length === shape.length + 1 && shape.every((t, i) => typeof p[i + 1] === t));
    query = state === 'issued' ? query.where(sql<boolean>`(d.issued_at, d.id) < (${at[0]}, ${at[1]})`) : query.where('d.id', '<', at[0] as number);
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);

  const progress = new Map<number, Progress>(ids.map((id) => [id, { planned: 0, sent: 0, byStatus: { '01': 0, '02': 0, '03': 0, '04': 0, '05': 0, '06': 0 }, recalled: 0, recallPending: 0, overdue: 0 }]));
  if (ids.length) {
    const [planned, items] = await Promise.all([
      db.selectFrom('document_recipients').select(['document_id', (eb) => eb.fn.countAll().as('n')]).where('document_id', 'in', ids).groupBy('document_id').execute(),
      db
        .selectFrom('inbox_items')
        .select([
          'document_id',
          'status',
          'withdrawn',
          'recall_state',
          (eb) => eb.fn.countAll().as('n'),
          sql<number>`SUM(CASE WHEN deadline < ${today} AND status IN (${sql.join([...OPEN_STATUSES])}) THEN 1 ELSE 0 END)`.as('overdue'),
        ])
        .where('document_id', 'in', ids)
        .groupBy(['document_id', 'status', 'withdrawn', 'recall_state'])
        .execute(),
    ]);
    for (const p of planned) progress.get(p.document_id)!.planned = num(p.n);
    for (const i of items) {
      const p = progress.get(i.document_id)!;
      const n = num(i.n);
      p.sent += n;
      if (Number(i.withdrawn) === 1) {
        p.recalled += n;
        continue;
      }
      p.byStatus[i.status] += n;
      if (i.recall_state === STATUS.RECALL_REQUESTED) p.recallPending += n;
      p.overdue += num(i.overdue);
    }
  }

  const last = page.at(-1);
  return {
    state,
    items: page.map((r) => ({
      id: r.id,
      state: r.state,
      symbol: r.symbol,
      summary: r.summary,
      typeCode: r.type_code,
      docDate: r.doc_date,
      issuedAt: r.issued_at,
      updatedAt: r.updated_at,
      urgency: r.urgency,
      confidentiality: r.confidentiality,
      /** Secret documents are numbered but never sent electronically. */
      transmitted: !isSecret(r.confidentiality as Confidentiality),
      signerName: r.signer_name,
      dueDate: r.due_date,
      copyKind: r.copy_kind,
      progress: progress.get(r.id)!,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(state === 'issued' ? [state, last.issued_at!, last.id] : [state, last.id]) : null,
  };
}
