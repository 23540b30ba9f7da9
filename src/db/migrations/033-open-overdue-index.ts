import { sql, type Kysely } from 'kysely';

/**
 * Monthly monitoring's VB.QUAHAN counts the items open at a period's end with a deadline
 * passed. Over every agency at once (one statement on PostgreSQL), an OR of "open now" and
 * "completed after the end" made PostgreSQL read the whole inbox_items table, every item of
 * two years of history (a parallel sequential scan). The count now reads the two sides apart
 * (src/modules/documents/indicators.ts): the completed side by inbox_items_org_completed, the
 * open side by this index of the open items alone, whose columns answer the query without
 * the table (an index-only scan; a small share of the items, however long the history).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX inbox_items_org_open_due ON inbox_items (org_id, deadline, arrived_at) WHERE deadline IS NOT NULL AND withdrawn = 0 AND status IN ('01', '03', '04', '05')`.execute(db);
}
