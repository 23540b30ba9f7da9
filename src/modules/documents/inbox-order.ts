import { sql, type Expression, type SqlBool } from 'kysely';
import { invalid } from '../../domain/errors.js';
import { oneOf } from '../../domain/validate.js';
import { URGENCY_PRIORITY } from '../../domain/classification.js';
import { PROCESSING_STATUSES, STATUS } from '../../domain/statuses.js';
import { decodeCursor, encodeCursor, type CursorValue } from './cursor.js';

/** The processing statuses an inbox item can hold (recall states are apart). */
export { PROCESSING_STATUSES };

export const INBOX_SORTS = ['arrived', 'arrivalNumber', 'deadline', 'urgency', 'status'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const SORT_DIRS = ['asc', 'desc'] as const;
export type SortDir = (typeof SORT_DIRS)[number];

/** A column of the order, and the field of the selected row that holds its value. */
interface Key {
  column: 'i.id' | 'i.deadline' | 'i.arrival_year' | 'i.arrival_number';
  field: 'item_id' | 'deadline' | 'arrival_year' | 'arrival_number';
  type: 'number' | 'string';
}
const ID: Key = { column: 'i.id', field: 'item_id', type: 'number' };

/**
 * One run of the order that an index walks in one direction: a group of equal values
 * (status 03, urgency Hỏa tốc) newest first, or the rows that have a key (deadline,
 * arrival number) by that key. Rows without the key come after them in every direction.
 */
export interface Segment {
  where: Expression<SqlBool> | null;
  keys: Key[];
  dir: SortDir;
}

export interface InboxOrder {
  sort: InboxSort;
  dir: SortDir;
  segments: Segment[];
}

const isNull = (...cols: string[]) => sql<SqlBool>`${sql.join(cols.map((c) => sql`${sql.ref(c)} IS NULL`), sql` AND `)}`;
const notNull = (col: string) => sql<SqlBool>`${sql.ref(col)} IS NOT NULL`;
const equals = (col: string, v: string | number) => sql<SqlBool>`${sql.ref(col)} = ${v}`;

/**
 * One status: 01 is read from the newest-first index (its last column is the status), the
 * others from the status index, which holds all but 01 (migration 013) — saying so lets both
 * databases use it.
 */
export const statusIs = (v: string) => (v === STATUS.ARRIVED ? equals('i.status', v) : sql<SqlBool>`${equals('i.status', v)} AND ${sql.ref('i.status')} <> ${sql.lit(STATUS.ARRIVED)}`);

/**
 * The order of the inbox; `only` narrows a grouped order to the group a filter already
 * keeps (status=03 sorted by status is one group).
 */
export function inboxOrder(sortIn: unknown, dirIn: unknown, only: { status?: string; urgencyRank?: number }): InboxOrder {
  const sort = oneOf(sortIn, INBOX_SORTS, 'sort', 'Sắp xếp theo', 'arrived');
  const dir = oneOf(dirIn, SORT_DIRS, 'dir', 'Chiều sắp xếp', sort === 'arrived' ? 'desc' : 'asc');
  const groups = <T extends string | number>(values: readonly T[], keep: T | undefined, where: (v: T) => Expression<SqlBool>): Segment[] =>
    (dir === 'asc' ? [...values] : [...values].reverse()).filter((v) => keep === undefined || v === keep).map((v) => ({ where: where(v), keys: [ID], dir: 'desc' }));
  let segments: Segment[];
  switch (sort) {
    case 'arrived':
      segments = [{ where: null, keys: [ID], dir }];
      break;
    case 'status':
      segments = groups(PROCESSING_STATUSES, only.status, statusIs);
      break;
    case 'urgency':
      // The index of urgent items holds ranks above 0 only (migration 010): saying so lets
      // both databases use it; rank 0 is read from the organisation's newest-first index.
      segments = groups(Object.values(URGENCY_PRIORITY).sort((a, b) => a - b), only.urgencyRank, (r) =>
        r > 0 ? sql<SqlBool>`${equals('i.urgency_rank', r)} AND ${sql.ref('i.urgency_rank')} > 0` : equals('i.urgency_rank', r),
      );
      break;
    case 'deadline':
      segments = [
        { where: notNull('i.deadline'), keys: [{ column: 'i.deadline', field: 'deadline', type: 'string' }, ID], dir },
        { where: isNull('i.deadline'), keys: [ID], dir: 'desc' },
      ];
      break;
    case 'arrivalNumber':
      segments = [
        {
          where: notNull('i.arrival_number'),
          keys: [{ column: 'i.arrival_year', field: 'arrival_year', type: 'number' }, { column: 'i.arrival_number', field: 'arrival_number', type: 'number' }, ID],
          dir,
        },
        { where: isNull('i.arrival_year', 'i.arrival_number'), keys: [ID], dir: 'desc' },
      ];
      break;
  }
  return { sort, dir, segments };
}

/** The condition "after this row" of a segment: one tuple comparison, which both databases answer from the index. */
export function after(seg: Segment, values: CursorValue[]): Expression<SqlBool> {
  const op = sql.raw(seg.dir === 'asc' ? '>' : '<');
  if (seg.keys.length === 1) return sql<SqlBool>`${sql.ref(seg.keys[0]!.column)} ${op} ${values[0]}`;
  return sql<SqlBool>`(${sql.join(seg.keys.map((k) => sql.ref(k.column)))}) ${op} (${sql.join(values)})`;
}

export function orderBy(seg: Segment): string[] {
  return seg.keys.map((k) => `${k.column} ${seg.dir}`);
}

export interface PagePosition {
  segment: number;
  values: CursorValue[] | null;
}

export function cursorOf(order: InboxOrder, segment: number, row: Record<string, unknown>): string {
  return encodeCursor([order.sort, order.dir, segment, ...order.segments[segment]!.keys.map((k) => row[k.field] as CursorValue)]);
}

/** Where a page starts: a cursor of this order, the older `beforeId` of the default order, or the top. */
export function startOf(order: InboxOrder, cursor: string | undefined, beforeId: number | undefined): PagePosition {
  if (cursor) {
    const parts = decodeCursor(cursor, (p) => {
      const [sort, dir, segment, ...values] = p;
      const seg = typeof segment === 'number' ? order.segments[segment] : undefined;
      return sort === order.sort && dir === order.dir && !!seg && values.length === seg.keys.length && seg.keys.every((k, i) => typeof values[i] === k.type);
    });
    return { segment: parts[2] as number, values: parts.slice(3) };
  }
  if (beforeId) {
    if (order.sort !== 'arrived' || order.dir !== 'desc') throw invalid('beforeId', 'beforeId chỉ dùng với thứ tự mặc định (mới nhất trước); với thứ tự khác hãy dùng cursor.', 'beforeId works with the default order (newest first) only; use cursor with other orders.');
    return { segment: 0, values: [beforeId] };
  }
  return { segment: 0, values: null };
}
