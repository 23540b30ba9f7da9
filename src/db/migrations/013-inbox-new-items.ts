import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * A new item (01) now lands in one organisation-led index instead of two. The newest-first
 * index carries the status as a last column, so the 01 group of the status order is read
 * from it with the filter checked in the index; the status index holds the other statuses.
 * Reading the 01 group to its end scans the organisation's index entries, not its rows.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex('inbox_items_org').execute();
  await db.schema.createIndex('inbox_items_org').on('inbox_items').columns(['org_id', 'withdrawn', 'id', 'status']).execute();
  await db.schema.dropIndex('inbox_items_org_status').execute();
  await sql`CREATE INDEX inbox_items_org_status ON inbox_items (org_id, withdrawn, status, id) WHERE status <> '01'`.execute(db);
}
