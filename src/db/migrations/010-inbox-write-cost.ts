import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Fewer index pages written per dispatched item. Every index that leads with the
 * organisation puts each of a document's 50 recipients on its own page, and every such page
 * is written again at commit: with migration 005's five sort indexes an issue to 50 agencies
 * wrote ≈1.3 MB and issue throughput fell by half.
 *
 * A new item is at 01, unregistered, most often of ordinary urgency and often without a
 * deadline. The sort indexes now hold only the rows that have their key (an urgency above
 * Thường, an arrival number, a deadline); the rows without it — the last run of the order
 * in every direction, or the bulk of "Thường" — are read newest first from inbox_items_org
 * with a filter, which finds a page at once because such rows are the common or the recent
 * ones. The status index stays whole: its first group (01) comes first in ascending order.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex('inbox_items_no_deadline').execute();
  await db.schema.dropIndex('inbox_items_no_arrival').execute();
  await db.schema.dropIndex('inbox_items_org_urgency').execute();
  await db.schema.dropIndex('inbox_items_org_arrival').execute();
  await db.schema.dropIndex('inbox_items_deadline').execute();
  await sql`CREATE INDEX inbox_items_org_urgency ON inbox_items (org_id, withdrawn, urgency_rank, id) WHERE urgency_rank > 0`.execute(db);
  await sql`CREATE INDEX inbox_items_org_arrival ON inbox_items (org_id, withdrawn, arrival_year, arrival_number, id) WHERE arrival_number IS NOT NULL`.execute(db);
  await sql`CREATE INDEX inbox_items_deadline ON inbox_items (org_id, deadline) WHERE deadline IS NOT NULL`.execute(db);
}
