import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { DOCUMENT_TYPES } from '../../domain/document-types.js';

/** The directory, sign-in, documents, exchange and audit tables. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('organizations')
    .addColumn('id', id, idCol)
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_parent').on('organizations').column('parent_id').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', id, idCol)
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('position', 'text')
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_org').on('users').column('org_id').execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'org_id', 'role'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, idCol)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('document_types')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('abbr', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db
    .insertInto('document_types')
    .values(DOCUMENT_TYPES.map((t, i) => ({ code: t.code, name: t.name, abbr: t.abbr, sort: i + 1, active: 1 })))
    .execute();

  await db.schema
    .createTable('registers')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('type_codes', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('registers_org').on('registers').columns(['org_id', 'kind']).execute();

  await db.schema
    .createTable('register_counters')
    .addColumn('register_id', 'integer', (c) => c.notNull().references('registers.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_counters_pk', ['register_id', 'year', 'series'])
    .execute();

  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', id, idCol)
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('external_sender', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull().references('document_types.code'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('signer_name', 'text')
    .addColumn('signer_position', 'text')
    .addColumn('signer_competence', 'text')
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('confidentiality', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('reply_to_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('drafting_unit', 'text')
    .addColumn('register_id', 'integer', (c) => c.references('registers.id'))
    .addColumn('number', 'integer')
    .addColumn('notation', 'text')
    .addColumn('symbol', 'text')
    .addColumn('issue_year', 'integer')
    .addColumn('issued_at', 'text')
    .addColumn('doc_date', 'text')
    .addColumn('copy_kind', 'text')
    .addColumn('copy_of_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('copies_count', 'integer')
    .addColumn('record_keeper', 'text')
    .addColumn('notes', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('access_tokens', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_org_id').on('documents').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('documents_org_issued').on('documents').columns(['org_id', 'issued_at']).execute();
  // Number + symbol are unique within the year of a register (paper and electronic alike).
  await db.schema
    .createIndex('documents_register_number')
    .on('documents')
    .columns(['register_id', 'issue_year', 'copy_kind', 'number'])
    .execute();

  await db.schema
    .createTable('document_recipients')
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addPrimaryKeyConstraint('document_recipients_pk', ['document_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', id, idCol)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_document').on('attachments').column('document_id').execute();

  await db.schema
    .createTable('inbox_items')
    .addColumn('id', id, idCol)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('withdrawn', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recall_state', 'text')
    .addColumn('is_paper', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('register_id', 'integer', (c) => c.references('registers.id'))
    .addColumn('arrival_number', 'integer')
    .addColumn('arrival_year', 'integer')
    .addColumn('arrived_at', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text')
    .addColumn('deadline', 'text')
    .addColumn('result_note', 'text')
    .addColumn('reply_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('completed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inbox_items_doc_org', ['document_id', 'org_id'])
    .execute();
  await db.schema.createIndex('inbox_items_org').on('inbox_items').columns(['org_id', 'withdrawn', 'id']).execute();
  await db.schema.createIndex('inbox_items_deadline').on('inbox_items').columns(['org_id', 'deadline']).execute();

  await db.schema
    .createTable('status_events')
    .addColumn('id', id, idCol)
    .addColumn('inbox_item_id', 'integer', (c) => c.notNull().references('inbox_items.id'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('status_events_document').on('status_events').columns(['document_id', 'id']).execute();
  await db.schema.createIndex('status_events_item').on('status_events').columns(['inbox_item_id', 'id']).execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', id, idCol)
    .addColumn('inbox_item_id', 'integer', (c) => c.notNull().references('inbox_items.id'))
    .addColumn('assignee_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('assignee_org_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('direction', 'text')
    .addColumn('assigned_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema.createIndex('assignments_item').on('assignments').column('inbox_item_id').execute();
  await db.schema.createIndex('assignments_user').on('assignments').columns(['assignee_user_id', 'done_at']).execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: '0'.repeat(64) }).execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('org_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_entity').on('audit_events').columns(['entity_type', 'entity_id']).execute();

  // Full-text search over folded text (đ→d, no marks). The access tokens ("o12 o40") put
  // each document's visibility into the same index, so a search never scans documents
  // the user may not see.
  if (pg) {
    await sql`CREATE INDEX documents_fts ON documents USING gin (to_tsvector('simple', search_text || ' ' || access_tokens))`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE documents_fts USING fts5(body, content='', contentless_delete=1, tokenize='unicode61', detail=full)`.execute(db);
    await sql`CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts(rowid, body) VALUES (new.id, new.search_text || ' ' || new.access_tokens); END`.execute(db);
    await sql`CREATE TRIGGER documents_fts_au AFTER UPDATE OF search_text, access_tokens ON documents BEGIN
      DELETE FROM documents_fts WHERE rowid = old.id;
      INSERT INTO documents_fts(rowid, body) VALUES (new.id, new.search_text || ' ' || new.access_tokens); END`.execute(db);
    await sql`CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
      DELETE FROM documents_fts WHERE rowid = old.id; END`.execute(db);
  }
}
