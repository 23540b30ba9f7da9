import { CompiledQuery, type Insertable, type Selectable } from 'kysely';
import type { DialectName, Executor } from './connect.js';
import type { Database } from './schema.js';

/**
 * A multi-row INSERT written as SQL text once per shape (table, columns, row count) and run
 * with its parameters. For the hot paths that write tens of rows per request (the items and
 * mails of a dispatch): Kysely builds and compiles a node per value, which cost more than
 * the database's own work there. Everything else uses the query builder.
 */

/** Parameters per statement, under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;
const texts = new Map<string, string>();

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

function statement(dialect: DialectName, table: string, columns: string[], rows: number, tail: string, follower?: InsertOptions<string>['followedBy'], returning?: readonly string[]): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${rows}|${tail}|${follower ? `${follower.table}|${follower.columns.join(',')}|${follower.select}` : ''}`;
  let text = texts.get(key);
  if (text === undefined) {
    let n = 0;
    const param = dialect === 'postgres' ? () => `$${++n}` : () => '?';
    const values = Array.from({ length: rows }, () => `(${columns.map(param).join(', ')})`).join(', ');
    text = `INSERT INTO "${table}" (${quoted(columns)}) VALUES ${values}${tail}`;
    if (follower) {
      const select = follower.select.replace(/\$(\d+)/g, (_, k: string) => `$${n + Number(k)}`);
      text = `WITH r AS (${text} RETURNING *), f AS (INSERT INTO "${follower.table}" (${quoted(follower.columns)}) SELECT ${select} FROM r) SELECT ${returning?.length ? quoted(returning) : 'NULL'} FROM r`;
    }
    if (texts.size >= 500) texts.delete(texts.keys().next().value!);
    texts.set(key, text);
  }
  return text;
}

export interface InsertOptions<C extends string> {
  /** ON CONFLICT (column) DO NOTHING. */
  ignoreConflictOn?: string;
  returning?: readonly C[];
  /**
   * PostgreSQL only: a row of a second table made from each inserted row, in the same
   * statement (one round trip instead of two). `select` gives the second table's
   * `columns` from the inserted row, named r; its $1…$n are `params`.
   */
  followedBy?: { table: keyof Database & string; columns: string[]; select: string; params: unknown[] };
}

/**
 * Inserts `rows` (all with the same keys) into `table`; returns the `returning` columns of
 * the inserted rows in order, and how many were inserted.
 */
export async function insertRows<T extends keyof Database & string, C extends keyof Selectable<Database[T]> & string = never>(
  db: Executor,
  dialect: DialectName,
  table: T,
  rows: Insertable<Database[T]>[],
  opts: InsertOptions<C> = {},
): Promise<{ rows: Pick<Selectable<Database[T]>, C>[]; inserted: number }> {
  if (!rows.length) return { rows: [], inserted: 0 };
  const columns = Object.keys(rows[0]!);
  if (opts.followedBy && dialect !== 'postgres') throw new Error('followedBy is written for PostgreSQL');
  const conflict = opts.ignoreConflictOn ? ` ON CONFLICT ("${opts.ignoreConflictOn}") DO NOTHING` : '';
  const tail = `${conflict}${opts.returning?.length && !opts.followedBy ? ` RETURNING ${quoted(opts.returning)}` : ''}`;
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const out: Pick<Selectable<Database[T]>, C>[] = [];
  let inserted = 0;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: unknown[] = [];
    for (const r of chunk) for (const c of columns) params.push((r as Record<string, unknown>)[c] ?? null);
    if (opts.followedBy) params.push(...opts.followedBy.params);
    const result = await db.executeQuery<Pick<Selectable<Database[T]>, C>>(CompiledQuery.raw(statement(dialect, table, columns, chunk.length, tail, opts.followedBy, opts.returning), params));
    if (opts.returning?.length) out.push(...result.rows);
    inserted += opts.returning?.length || opts.followedBy ? result.rows.length : Number(result.numAffectedRows ?? 0);
  }
  return { rows: out, inserted };
}
