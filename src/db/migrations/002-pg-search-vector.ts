import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * PostgreSQL: keep the tsvector as a stored generated column. Its statistics let the
 * planner choose between the GIN index (rare words) and walking ids newest first (common
 * words), and that walk no longer re-computes to_tsvector for every row it looks at.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`DROP INDEX IF EXISTS documents_fts`.execute(db);
  await sql`ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text || ' ' || access_tokens)) STORED`.execute(db);
  await sql`CREATE INDEX documents_search_vector ON documents USING gin (search_vector)`.execute(db);
  await sql`ANALYZE documents`.execute(db);
}
