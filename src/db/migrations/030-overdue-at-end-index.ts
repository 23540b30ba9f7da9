import { sql, type Kysely } from 'kysely';

/**
 * Monthly monitoring's VB.QUAHAN counts, per agency, the items open at a period's end with a
 * deadline passed: a range over the agency's deadlines whose every row was looked up in the
 * table for its status, completion, arrival and withdrawal (33,000 lookups, seconds, for a
 * large agency with two years of history, with the server held meanwhile on SQLite). This
 * index holds those columns: the count reads the index alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX inbox_items_org_overdue ON inbox_items (org_id, deadline, withdrawn, status, completed_at, arrived_at) WHERE deadline IS NOT NULL`.execute(db);
}
