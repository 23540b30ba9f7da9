import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { INDICATOR_SEED } from './018-indicator-seed.js';

/**
 * The indicator catalogue (edited by the provincial IT department, shared with monitoring)
 * and directive tasks: tasks broken out of an issued document, the agencies on them, their
 * history (progress, contributions, extensions, completion) and the documents that prove it.
 * A task's status is never stored: src/domain/tasks.ts computes it from these facts.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('indicators')
    .addColumn('id', id, idCol)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_vi', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('numerator', 'text', (c) => c.notNull())
    .addColumn('denominator', 'text')
    .addColumn('scoring_rule', 'text', (c) => c.notNull()) // ratio_max | peer_max | step_table | yes_no
    .addColumn('steps', 'text', (c) => c.notNull()) // JSON [{min, max, points}], [] unless step_table
    .addColumn('max_points', 'double precision', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // automatic | reported | verified
    .addColumn('verifying_org_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('evidence', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const at = new Date().toISOString();
  await db
    .insertInto('indicators')
    .values(
      INDICATOR_SEED.map(([code, nameVi, nameEn, group, unit, numerator, denominator, rule, steps, maxPoints, source, evidence]) => ({
        code, name_vi: nameVi, name_en: nameEn, group_code: group, unit, numerator, denominator, scoring_rule: rule, steps: JSON.stringify(steps),
        max_points: maxPoints, source, verifying_org_id: null, evidence, active: 1, created_at: at, updated_at: at,
      })),
    )
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', id, idCol)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('assigned_by_org_id', 'integer', (c) => c.notNull().references('organizations.id')) // the office that follows it
    .addColumn('point_ref', 'text') // "Điểm 2", "Khoản 3 Điều 1"
    .addColumn('content', 'text', (c) => c.notNull()) // the quoted text of the document
    .addColumn('lead_org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('expected_output', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('recurrence', 'text', (c) => c.notNull()) // none | monthly | quarterly | yearly | ongoing
    .addColumn('deadline', 'text') // YYYY-MM-DD when recurrence = none; moved by a granted extension
    .addColumn('original_deadline', 'text')
    .addColumn('percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_report_at', 'text')
    .addColumn('done_at', 'text') // declared done; cleared when returned
    .addColumn('accepted_at', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('extension_asked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_document').on('tasks').columns(['document_id', 'id']).execute();
  await db.schema.createIndex('tasks_deadline').on('tasks').columns(['deadline', 'id']).execute();

  // Every agency on a task (the lead too): "my tasks" is one index range.
  await db.schema
    .createTable('task_orgs')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('role', 'text', (c) => c.notNull()) // lead | cooperate
    .addPrimaryKeyConstraint('task_orgs_pk', ['task_id', 'org_id'])
    .execute();
  await db.schema.createIndex('task_orgs_org').on('task_orgs').columns(['org_id', 'task_id']).execute();

  await db.schema
    .createTable('task_events')
    .addColumn('id', id, idCol)
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('percent', 'integer')
    .addColumn('deadline_from', 'text')
    .addColumn('deadline_to', 'text')
    .execute();
  await db.schema.createIndex('task_events_task').on('task_events').columns(['task_id', 'id']).execute();

  await db.schema
    .createTable('task_evidence')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('task_events.id').onDelete('cascade'))
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addPrimaryKeyConstraint('task_evidence_pk', ['event_id', 'document_id'])
    .execute();
  await db.schema.createIndex('task_evidence_task').on('task_evidence').columns(['task_id']).execute();
}
