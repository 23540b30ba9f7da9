import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * The public portal: procedures (the national record kept as JSON, plus the columns the
 * catalogue filters on), who implements them and how far online, their forms, the
 * documents agencies chose to publish, announcements, and what the directory lacks for an
 * agency's public page. Contact fields carry their own public flag: a field whose flag is
 * 0 never leaves the back office.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('procedures')
    .addColumn('id', id, idCol)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('decision_number', 'text')
    .addColumn('formality_type', 'text')
    .addColumn('is_ward', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_province', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_ministry', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_other', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('record', 'text', (c) => c.notNull()) // the national record, JSON, its own field names
    .addColumn('search_text', 'text', (c) => c.notNull()) // folded code, name, fields, keywords
    .addColumn('owner_org_id', 'integer', (c) => c.notNull().references('organizations.id')) // who edits the record
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('procedures_active_name').on('procedures').columns(['active', 'name']).execute();

  // Fields (lĩnh vực) and who it is for (đối tượng), one row per name, for the catalogue's filters.
  await db.schema
    .createTable('procedure_tags')
    .addColumn('procedure_id', 'integer', (c) => c.notNull().references('procedures.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // field | subject
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('procedure_tags_pk', ['procedure_id', 'kind', 'name'])
    .execute();
  await db.schema.createIndex('procedure_tags_name').on('procedure_tags').columns(['kind', 'name']).execute();

  // The online level is declared by the province per procedure and implementing agency (Decree 42/2022).
  await db.schema
    .createTable('procedure_agencies')
    .addColumn('procedure_id', 'integer', (c) => c.notNull().references('procedures.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('online_level', 'text') // toan_trinh | mot_phan | null: no online service
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('procedure_agencies_pk', ['procedure_id', 'org_id'])
    .execute();
  await db.schema.createIndex('procedure_agencies_org').on('procedure_agencies').column('org_id').execute();

  await db.schema
    .createTable('forms')
    .addColumn('id', id, idCol)
    .addColumn('procedure_id', 'integer', (c) => c.notNull().references('procedures.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id')) // who uploaded it
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forms_procedure').on('forms').column('procedure_id').execute();

  // An issued, non-secret document an agency chose to publish; unpublished_at set = withdrawn.
  await db.schema
    .createTable('published_documents')
    .addColumn('document_id', 'integer', (c) => c.primaryKey().references('documents.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('effective_date', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('unpublished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('published_documents_live').on('published_documents').columns(['unpublished_at', 'published_at']).execute();
  await db.schema.createIndex('published_documents_org').on('published_documents').columns(['org_id', 'published_at']).execute();

  await db.schema
    .createTable('announcements')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // sanitized HTML
    .addColumn('published_at', 'text') // null: not (yet) public
    .addColumn('withdrawn_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcements_live').on('announcements').columns(['withdrawn_at', 'published_at']).execute();
  await db.schema.createIndex('announcements_org').on('announcements').column('org_id').execute();

  // What the directory lacks for an agency's public page; content_updated_at is its "last updated".
  await db.schema
    .createTable('agency_profiles')
    .addColumn('org_id', 'integer', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('name_en', 'text')
    .addColumn('functions_vi', 'text')
    .addColumn('functions_en', 'text')
    .addColumn('fax', 'text')
    .addColumn('content_updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Leaders and focal-point officials. Each *_public flag says whether that field is published.
  await db.schema
    .createTable('agency_contacts')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // leader | focal
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('full_name', 'text', (c) => c.notNull()) // always public
    .addColumn('position', 'text')
    .addColumn('position_en', 'text')
    .addColumn('position_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('unit', 'text')
    .addColumn('unit_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('phone', 'text')
    .addColumn('phone_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('mobile', 'text')
    .addColumn('mobile_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('email', 'text')
    .addColumn('email_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agency_contacts_org').on('agency_contacts').columns(['org_id', 'kind', 'sort']).execute();

  // Bumped in the transaction of every portal change, so page caches of every server see it.
  await db.schema
    .createTable('portal_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('portal_state').values({ id: 1, version: 0 }).execute();
}
