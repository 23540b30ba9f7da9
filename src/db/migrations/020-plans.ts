import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * The provincial IT programme (goals and targets tied to indicator codes of the catalogue)
 * and agencies' IT plans: each row of `plans` is one version of a plan (a plan's versions
 * share `series_id`, the id of its first version); items keep a key through versions so two
 * versions are compared item by item. The review's history, the progress reports and their
 * evidence documents hang off them. An item's late status is never stored
 * (src/domain/plans.ts computes it).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const money = pg ? 'bigint' : 'integer';

  await db.schema
    .createTable('programmes')
    .addColumn('id', id, idCol)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year_from', 'integer', (c) => c.notNull())
    .addColumn('year_to', 'integer', (c) => c.notNull())
    .addColumn('it_org_id', 'integer', (c) => c.notNull().references('organizations.id')) // the department that runs it and reviews plans
    .addColumn('decision_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('programme_goals')
    .addColumn('id', id, idCol)
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('programme_targets')
    .addColumn('id', id, idCol)
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('goal_id', 'integer', (c) => c.notNull().references('programme_goals.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('baseline', 'double precision')
    .addColumn('baseline_year', 'integer')
    .addColumn('yearly', 'text', (c) => c.notNull()) // JSON {"2026": 80, …}
    .execute();
  await db.schema.createIndex('programme_targets_goal').on('programme_targets').columns(['goal_id', 'position']).execute();

  await db.schema
    .createTable('plans')
    .addColumn('id', id, idCol)
    .addColumn('series_id', 'integer') // the first version's id (set right after its insert)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // five_year | annual
    .addColumn('year_from', 'integer', (c) => c.notNull())
    .addColumn('year_to', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text') // why this version adjusts the previous one
    .addColumn('letter_document_id', 'integer', (c) => c.references('documents.id')) // the last TTr sent
    .addColumn('answer_document_id', 'integer', (c) => c.references('documents.id')) // the IT department's last CV
    .addColumn('decision_document_id', 'integer', (c) => c.references('documents.id')) // the approving QĐ
    .addColumn('effective_from', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plans_agency').on('plans').columns(['agency_id', 'id']).execute();
  await db.schema.createIndex('plans_series').on('plans').columns(['series_id', 'version']).unique().execute();
  await db.schema.createIndex('plans_status').on('plans').columns(['status', 'id']).execute();

  await db.schema
    .createTable('plan_items')
    .addColumn('id', id, idCol)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('objective', 'text')
    .addColumn('target_ids', 'text', (c) => c.notNull()) // JSON [programme_targets.id]
    .addColumn('lead_unit', 'text', (c) => c.notNull())
    .addColumn('cooperating_units', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('expected_output', 'text')
    .addColumn('cost', money, (c) => c.notNull())
    .addColumn('fund_source', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('progress_percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_status', 'text') // on_track | late | done | dropped, as last reported
    .addColumn('progress_note', 'text')
    .addColumn('progress_at', 'text')
    .execute();
  await db.schema.createIndex('plan_items_plan').on('plan_items').columns(['plan_id', 'position']).execute();

  await db.schema
    .createTable('plan_events')
    .addColumn('id', id, idCol)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.references('plan_items.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .execute();
  await db.schema.createIndex('plan_events_plan').on('plan_events').columns(['plan_id', 'id']).execute();

  await db.schema
    .createTable('plan_progress')
    .addColumn('id', id, idCol)
    .addColumn('item_id', 'integer', (c) => c.notNull().references('plan_items.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('plan_progress_item').on('plan_progress').columns(['item_id', 'id']).execute();
  await db.schema
    .createTable('plan_progress_evidence')
    .addColumn('progress_id', 'integer', (c) => c.notNull().references('plan_progress.id').onDelete('cascade'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addPrimaryKeyConstraint('plan_progress_evidence_pk', ['progress_id', 'document_id'])
    .execute();
}
