import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * IT investment projects and the recurrent IT budget (issue 16). Amounts are integer đồng in
 * `bigint` columns (SQLite: integer). Every decision is a document of the exchange
 * (documents.id), never retyped. The projects row keeps what the register sorts on (variance
 * against the current and the original baseline, spent, rating), recomputed in the same
 * transaction as any change to its milestones, baselines, disbursements or ratings.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const money = 'bigint';

  await db.schema
    .createTable('projects')
    .addColumn('id', id, idCol)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull()) // folded code + name
    .addColumn('investing_org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('managing_org_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull()) // comma list of CAPITAL_SOURCES
    .addColumn('total_investment', money, (c) => c.notNull())
    .addColumn('start_year', 'integer', (c) => c.notNull())
    .addColumn('end_year', 'integer', (c) => c.notNull())
    .addColumn('plan_item_ref', 'text') // the plans module's item id, when plans exist (no foreign key: either may land first)
    .addColumn('target_code', 'text') // programme target served
    .addColumn('objective', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('current_baseline_id', 'integer')
    .addColumn('original_baseline_id', 'integer')
    .addColumn('baseline_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'integer')
    .addColumn('rating_at', 'text')
    .addColumn('planned_cost', money, (c) => c.notNull().defaultTo(0))
    .addColumn('projected_cost', money, (c) => c.notNull().defaultTo(0))
    .addColumn('spent_total', money, (c) => c.notNull().defaultTo(0))
    .addColumn('sv_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sv_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cv_dong', money, (c) => c.notNull().defaultTo(0))
    .addColumn('cv_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('orig_sv_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('orig_sv_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('orig_cv_dong', money, (c) => c.notNull().defaultTo(0))
    .addColumn('orig_cv_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_due', 'text') // earliest planned end of an unfinished milestone: "late" is one comparison
    .addColumn('last_update_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_cv').on('projects').columns(['cv_bp', 'id']).execute();
  await db.schema.createIndex('projects_sv').on('projects').columns(['sv_days', 'id']).execute();
  await db.schema.createIndex('projects_org').on('projects').columns(['investing_org_id', 'id']).execute();
  await db.schema.createIndex('projects_stage').on('projects').columns(['stage', 'id']).execute();

  await db.schema
    .createTable('project_stages')
    .addColumn('id', id, idCol)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('note', 'text')
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_stages_project').on('project_stages').columns(['project_id', 'id']).execute();

  await db.schema
    .createTable('project_baselines')
    .addColumn('id', id, idCol)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('total_cost', money, (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_baselines_project').on('project_baselines').columns(['project_id', 'version']).unique().execute();

  await db.schema
    .createTable('baseline_milestones')
    .addColumn('baseline_id', 'integer', (c) => c.notNull().references('project_baselines.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('planned_start', 'text', (c) => c.notNull())
    .addColumn('planned_end', 'text', (c) => c.notNull())
    .addColumn('planned_cost', money, (c) => c.notNull())
    .addPrimaryKeyConstraint('baseline_milestones_pk', ['baseline_id', 'code'])
    .execute();

  await db.schema
    .createTable('project_milestones')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('actual_start', 'text')
    .addColumn('actual_end', 'text')
    .addColumn('forecast_end', 'text')
    .addColumn('actual_cost', money)
    .addColumn('forecast_cost', money)
    .addColumn('percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_milestones_pk', ['project_id', 'code'])
    .execute();

  await db.schema
    .createTable('project_ratings')
    .addColumn('id', id, idCol)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_ratings_project').on('project_ratings').columns(['project_id', 'id']).execute();

  await db.schema
    .createTable('project_appraisals')
    .addColumn('id', id, idCol)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('appraising_org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('request_document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('reply_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('conclusion', 'text')
    .addColumn('requested_by', 'integer', (c) => c.references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('project_appraisals_project').on('project_appraisals').columns(['project_id', 'id']).execute();

  await db.schema
    .createTable('capital_plans')
    .addColumn('id', id, idCol)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('allocated', money, (c) => c.notNull()) // as first allocated by decision
    .addColumn('amount', money, (c) => c.notNull()) // after adjustments
    .addColumn('monthly', 'text') // JSON: twelve digit strings, the planned curve; null: spread evenly
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('disbursed', money, (c) => c.notNull().defaultTo(0)) // kept with every entry: the province table is one range read
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('capital_plans_year').on('capital_plans').columns(['year', 'project_id']).unique().execute();

  await db.schema
    .createTable('capital_plan_changes')
    .addColumn('id', id, idCol)
    .addColumn('capital_plan_id', 'integer', (c) => c.notNull().references('capital_plans.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_from', money)
    .addColumn('amount_to', money, (c) => c.notNull())
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('reason', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('capital_plan_changes_plan').on('capital_plan_changes').columns(['capital_plan_id', 'id']).execute();

  await db.schema
    .createTable('disbursements')
    .addColumn('id', id, idCol)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('amount', money, (c) => c.notNull())
    .addColumn('payment_ref', 'text', (c) => c.notNull()) // số chứng từ (giấy rút vốn, ủy nhiệm chi)
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('note', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disbursements_project').on('disbursements').columns(['project_id', 'year', 'month']).execute();
  // Disbursed per project and month, kept with every entry: the monthly curves (a project's, the
  // province's) read twelve rows a project instead of every entry.
  await db.schema
    .createTable('disbursement_months')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('amount', money, (c) => c.notNull())
    .addPrimaryKeyConstraint('disbursement_months_pk', ['project_id', 'year', 'month'])
    .execute();
  await db.schema.createIndex('disbursement_months_year').on('disbursement_months').columns(['year', 'month', 'amount']).execute();

  await db.schema
    .createTable('budget_lines')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('plan_item_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('estimate', money, (c) => c.notNull())
    .addColumn('allocated', money)
    .addColumn('allocated_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('adjusted', money)
    .addColumn('adjusted_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('spent_q1', money)
    .addColumn('spent_q2', money)
    .addColumn('spent_q3', money)
    .addColumn('spent_q4', money)
    .addColumn('settled', money)
    .addColumn('settled_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('budget_lines_year').on('budget_lines').columns(['year', 'org_id', 'id']).execute();
}
