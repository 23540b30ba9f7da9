import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { localDate } from '../../domain/numbering.js';

/**
 * The IT legal library (texts, their status and what replaces or amends them, the file in
 * the blob store, folded search text), dissemination campaigns (the texts, the agencies
 * asked, the official letter, each agency's reports with their evidence document) and the
 * agencies' internal regulations (one row per agency and kind, standing on the issuing
 * decision, a document of the exchange).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('legal_texts')
    .addColumn('id', id, idCol)
    .addColumn('number', 'text', (c) => c.notNull().unique()) // số ký hiệu: 67/2006/QH11
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull()) // trích yếu
    .addColumn('summary', 'text')
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('linked_id', 'integer', (c) => c.references('legal_texts.id')) // replaced by / amended by
    .addColumn('file_sha256', 'text', (c) => c.references('blobs.sha256'))
    .addColumn('file_name', 'text')
    .addColumn('file_size', 'integer')
    .addColumn('search_text', 'text', (c) => c.notNull()) // folded (domain/fold.ts)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('legal_texts_issued').on('legal_texts').columns(['issued_on', 'id']).execute();

  await db.schema
    .createTable('legal_campaigns')
    .addColumn('id', id, idCol)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id')) // the IT department's agency
    .addColumn('letter_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('legal_campaign_texts')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('legal_campaigns.id').onDelete('cascade'))
    .addColumn('text_id', 'integer', (c) => c.notNull().references('legal_texts.id'))
    .addPrimaryKeyConstraint('legal_campaign_texts_pk', ['campaign_id', 'text_id'])
    .execute();
  await db.schema
    .createTable('legal_campaign_orgs')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('legal_campaigns.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addPrimaryKeyConstraint('legal_campaign_orgs_pk', ['campaign_id', 'org_id'])
    .execute();
  await db.schema.createIndex('legal_campaign_orgs_org').on('legal_campaign_orgs').columns(['org_id', 'campaign_id']).execute();
  await db.schema
    .createTable('legal_campaign_reports')
    .addColumn('id', id, idCol)
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('legal_campaigns.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('people_reached', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('evidence_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('legal_campaign_reports_campaign').on('legal_campaign_reports').columns(['campaign_id', 'org_id']).execute();

  await db.schema
    .createTable('internal_regulations')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // intranet | mailbox | security
    .addColumn('decision_document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('next_review', 'text')
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('internal_regulations_org_kind', ['org_id', 'kind'])
    .execute();

  // Directive tasks (migration 018): the Vietnamese days of creation, last report and declared
  // completion, kept by the tasks service beside their timestamps, so the board filters and
  // pages by status in SQL (tasks/status-sql.ts) with the rule of domain/tasks.ts.
  await db.schema.alterTable('tasks').addColumn('created_day', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('last_report_day', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('done_day', 'text').execute();
  // An agency's board: the tasks it assigned are an index range too.
  await db.schema.createIndex('tasks_assigned_by').on('tasks').columns(['assigned_by_org_id', 'id']).execute();
  const day = (iso: string | null) => (iso ? localDate(new Date(iso)) : null);
  for (const t of await db.selectFrom('tasks').select(['id', 'created_at', 'last_report_at', 'done_at']).execute()) {
    await db.updateTable('tasks').set({ created_day: day(t.created_at), last_report_day: day(t.last_report_at), done_day: day(t.done_at) }).where('id', '=', t.id).execute();
  }
}
