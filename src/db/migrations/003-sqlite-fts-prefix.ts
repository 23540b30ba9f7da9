import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * SQLite: the full-text index gains prefix indexes, so a word being typed ("ke hoa",
 * "QĐ-UBND") is answered from the index instead of gathering every word it starts.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`DROP TRIGGER IF EXISTS documents_fts_ai`.execute(db);
  await sql`DROP TRIGGER IF EXISTS documents_fts_au`.execute(db);
  await sql`DROP TRIGGER IF EXISTS documents_fts_ad`.execute(db);
  await sql`DROP TABLE IF EXISTS documents_fts`.execute(db);
  await sql`CREATE VIRTUAL TABLE documents_fts USING fts5(body, content='', contentless_delete=1, tokenize='unicode61', detail=full, prefix='2 3 4 5')`.execute(db);
  await sql`INSERT INTO documents_fts(rowid, body) SELECT id, search_text || ' ' || access_tokens FROM documents`.execute(db);
  await sql`CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, body) VALUES (new.id, new.search_text || ' ' || new.access_tokens); END`.execute(db);
  await sql`CREATE TRIGGER documents_fts_au AFTER UPDATE OF search_text, access_tokens ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.id;
    INSERT INTO documents_fts(rowid, body) VALUES (new.id, new.search_text || ' ' || new.access_tokens); END`.execute(db);
  await sql`CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.id; END`.execute(db);
}
