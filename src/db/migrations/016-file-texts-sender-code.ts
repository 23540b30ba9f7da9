import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Search inside the files. The text read from a file is kept once per content
 * (`file_texts`, by SHA-256); a document's folded file text (`documents.content_text`)
 * joins its other words in the one full-text index, beside the access tokens.
 *
 * `text_jobs` is the durable queue of documents whose file text is to be (re)built: a
 * trigger on `attachments` queues the document of every new attachment (whichever path
 * added it: upload, scan, edXML, mail) and bumps `generation`, so a job that was running
 * when another file came is done again. Every document that has files today is queued
 * here, so existing documents are indexed too.
 *
 * Also: `documents.external_sender_code`, the agency code of an outside sender (an edXML
 * package's From/OrganId), so the document names who its status packages go back to.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('file_texts')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull()) // text | none | unsupported | failed
    .addColumn('text', 'text')
    .addColumn('chars', 'integer', (c) => c.notNull())
    .addColumn('pages', 'integer')
    .addColumn('reason', 'text')
    .addColumn('extracted_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('text_jobs')
    .addColumn('document_id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    // '' is due at once, whatever the clock; a retry sets an ISO time.
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('text_jobs_due').on('text_jobs').columns(['due_at', 'document_id']).execute();
  await sql`INSERT INTO text_jobs (document_id, generation, due_at) SELECT DISTINCT document_id, 1, '' FROM attachments`.execute(db);

  await db.schema.alterTable('documents').addColumn('content_text', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('documents').addColumn('external_sender_code', 'text').execute();
  // Documents imported before keep the code their package row recorded.
  await sql`UPDATE documents SET external_sender_code = (SELECT MIN(p.sender_code) FROM edxml_packages p WHERE p.document_id = documents.id AND p.direction = 'in' AND p.kind = 'document') WHERE origin = 'edxml'`.execute(db);

  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION attachments_queue_text() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO text_jobs (document_id, generation, due_at) VALUES (NEW.document_id, 1, '')
        ON CONFLICT (document_id) DO UPDATE SET generation = text_jobs.generation + 1, due_at = '', attempts = 0;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER attachments_queue_text AFTER INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION attachments_queue_text()`.execute(db);
    await sql`DROP INDEX IF EXISTS documents_search_vector`.execute(db);
    await sql`ALTER TABLE documents DROP COLUMN search_vector`.execute(db);
    await sql`ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text || ' ' || content_text || ' ' || access_tokens)) STORED`.execute(db);
    await sql`CREATE INDEX documents_search_vector ON documents USING gin (search_vector)`.execute(db);
    await sql`ANALYZE documents`.execute(db);
    return;
  }
  await sql`CREATE TRIGGER attachments_queue_text AFTER INSERT ON attachments BEGIN
    INSERT INTO text_jobs (document_id, generation, due_at) VALUES (new.document_id, 1, '')
    ON CONFLICT (document_id) DO UPDATE SET generation = generation + 1, due_at = '', attempts = 0; END`.execute(db);
  // content_text is '' everywhere yet: the index's words stay the same, only the triggers change.
  await sql`DROP TRIGGER documents_fts_ai`.execute(db);
  await sql`DROP TRIGGER documents_fts_au`.execute(db);
  await sql`CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, body) VALUES (new.id, new.search_text || ' ' || new.content_text || ' ' || new.access_tokens); END`.execute(db);
  await sql`CREATE TRIGGER documents_fts_au AFTER UPDATE OF search_text, content_text, access_tokens ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = old.id;
    INSERT INTO documents_fts(rowid, body) VALUES (new.id, new.search_text || ' ' || new.content_text || ' ' || new.access_tokens); END`.execute(db);
}
