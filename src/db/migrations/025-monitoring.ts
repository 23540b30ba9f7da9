import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Monthly monitoring: its settings (cut-off day, deadline, bands, what is public), the
 * periods opened, the automatic values computed per agency and indicator (with how), the
 * agencies' reports and their history, and the IT department's consolidated report, which
 * stands on the document it was issued as. Two indexes let a month's arrivals and
 * completions of a batch of agencies be counted without reading their whole inbox.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const at = new Date().toISOString();

  await db.schema
    .createTable('monitoring_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('cutoff_day', 'integer', (c) => c.notNull())
    .addColumn('submit_working_days', 'integer', (c) => c.notNull())
    .addColumn('bands', 'text', (c) => c.notNull()) // JSON {tot, kha, trung_binh, yeu}
    .addColumn('public_codes', 'text', (c) => c.notNull()) // JSON [code]
    .addColumn('ubnd_org_id', 'integer', (c) => c.references('organizations.id')) // the People's Committee the report goes to
    .addColumn('office_org_id', 'integer', (c) => c.references('organizations.id')) // the UBND Office, copied
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('monitoring_settings')
    .values({ id: 1, cutoff_day: 14, submit_working_days: 2, bands: JSON.stringify({ tot: 85, kha: 70, trung_binh: 50, yeu: 0 }), public_codes: JSON.stringify(['VB.DI_DIENTU', 'VB.DEN_DIENTU', 'VB.XULY_DUNGHAN', 'TTHC.CONGKHAI_DU']), updated_at: at })
    .execute();

  await db.insertInto('background_leases').values({ name: 'monitoring.compute', until: '1970-01-01T00:00:00.000Z' }).execute();

  await db.schema
    .createTable('monitoring_periods')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('cutoff_day', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text')
    .execute();

  await db.schema
    .createTable('indicator_values')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('numerator', 'double precision', (c) => c.notNull())
    .addColumn('denominator', 'double precision')
    .addColumn('extra', 'text') // JSON
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_values_pk', ['month', 'org_id', 'code'])
    .execute();

  await db.schema
    .createTable('monitoring_reports')
    .addColumn('id', id, idCol)
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reported', 'text', (c) => c.notNull()) // JSON {code: {value, numerator, denominator, note}}
    .addColumn('results', 'text')
    .addColumn('problems', 'text')
    .addColumn('proposals', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('monitoring_reports_month_org', ['month', 'org_id'])
    .execute();

  await db.schema
    .createTable('monitoring_report_events')
    .addColumn('id', id, idCol)
    .addColumn('report_id', 'integer', (c) => c.notNull().references('monitoring_reports.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // saved | submitted | returned | accepted
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .execute();
  await db.schema.createIndex('monitoring_report_events_report').on('monitoring_report_events').columns(['report_id', 'id']).execute();

  await db.schema
    .createTable('monitoring_consolidations')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createIndex('inbox_items_org_arrived').on('inbox_items').columns(['org_id', 'arrived_at']).execute();
  await db.schema.createIndex('inbox_items_org_completed').on('inbox_items').columns(['org_id', 'completed_at']).execute();

  // The recall rate joins the catalogue (computed by the documents module).
  const exists = await db.selectFrom('indicators').select('id').where('code', '=', 'VB.THUHOI').executeTakeFirst();
  if (!exists) {
    await db
      .insertInto('indicators')
      .values({
        code: 'VB.THUHOI', name_vi: 'Tỷ lệ văn bản đi phải thu hồi', name_en: 'Outgoing documents recalled', group_code: 'chinh_quyen_so', unit: '%',
        numerator: 'Số văn bản đi có yêu cầu thu hồi', denominator: 'Tổng số văn bản đi', scoring_rule: 'step_table',
        steps: JSON.stringify([{ min: null, max: 1, points: 5 }, { min: null, max: 3, points: 3 }, { min: null, max: 5, points: 1 }]),
        max_points: 5, source: 'automatic', verifying_org_id: null, evidence: 'Sổ văn bản đi, yêu cầu thu hồi trên hệ thống', active: 1, created_at: at, updated_at: at,
      })
      .execute();
  }
}
