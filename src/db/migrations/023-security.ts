import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Information security (issue 17): the register of agencies' information systems with their
 * security level and its approving decision; incidents with their steps, affected systems,
 * files and the log of who read them (need to know); the yearly inspection plans, the
 * inspections, their findings and recommendations with the follow-up of each.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('security_systems')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('operator', 'text')
    .addColumn('purpose', 'text')
    .addColumn('hosting', 'text', (c) => c.notNull())
    .addColumn('people_in_charge', 'text')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('dossier_state', 'text', (c) => c.notNull())
    .addColumn('approval_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('monitoring', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('antimalware_percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_risk_assessment', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_systems_org').on('security_systems').columns(['org_id', 'id']).execute();

  await db.schema
    .createTable('security_incidents')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reporter_name', 'text', (c) => c.notNull())
    .addColumn('reporter_phone', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('actions_taken', 'text')
    .addColumn('help_wanted', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('handling_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('final_report_at', 'text')
    .addColumn('cause', 'text')
    .addColumn('damage', 'text')
    .addColumn('lessons', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_incidents_org').on('security_incidents').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('security_incidents_reported').on('security_incidents').columns(['reported_at']).execute();

  await db.schema
    .createTable('security_incident_systems')
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('security_incidents.id').onDelete('cascade'))
    .addColumn('system_id', 'integer', (c) => c.notNull().references('security_systems.id'))
    .addPrimaryKeyConstraint('security_incident_systems_pk', ['incident_id', 'system_id'])
    .execute();

  await db.schema
    .createTable('security_incident_events')
    .addColumn('id', id, idCol)
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('security_incidents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('text', 'text')
    .execute();
  await db.schema.createIndex('security_incident_events_incident').on('security_incident_events').columns(['incident_id', 'id']).execute();

  await db.schema
    .createTable('security_incident_files')
    .addColumn('id', id, idCol)
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('security_incidents.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_incident_files_incident').on('security_incident_files').columns(['incident_id']).execute();

  await db.schema
    .createTable('security_incident_reads')
    .addColumn('id', id, idCol)
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('security_incidents.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_incident_reads_incident').on('security_incident_reads').columns(['incident_id', 'id']).execute();

  await db.schema
    .createTable('security_inspection_plans')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('security_inspections')
    .addColumn('id', id, idCol)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('security_inspection_plans.id').onDelete('cascade'))
    .addColumn('target_org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('planned_month', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('team', 'text')
    .addColumn('inspected_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('conclusion_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_inspections_plan').on('security_inspections').columns(['plan_id']).execute();
  await db.schema.createIndex('security_inspections_target').on('security_inspections').columns(['target_org_id']).execute();

  await db.schema
    .createTable('security_findings')
    .addColumn('id', id, idCol)
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('security_inspections.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_findings_inspection').on('security_findings').columns(['inspection_id']).execute();

  await db.schema
    .createTable('security_recommendations')
    .addColumn('id', id, idCol)
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('security_inspections.id').onDelete('cascade'))
    .addColumn('target_org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_recommendations_inspection').on('security_recommendations').columns(['inspection_id']).execute();
  await db.schema.createIndex('security_recommendations_target').on('security_recommendations').columns(['target_org_id', 'status']).execute();

  await db.schema
    .createTable('security_recommendation_events')
    .addColumn('id', id, idCol)
    .addColumn('recommendation_id', 'integer', (c) => c.notNull().references('security_recommendations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('text', 'text')
    .execute();
  await db.schema.createIndex('security_recommendation_events_rec').on('security_recommendation_events').columns(['recommendation_id', 'id']).execute();
}
