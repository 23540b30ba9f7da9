import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Leases of background work that one process at a time should do (the collector of stored
 * files no row names): a process takes the row when its time has passed and moves it on.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('background_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('last_result', 'text')
    .execute();
  await db.insertInto('background_leases').values({ name: 'blobs.gc', until: '1970-01-01T00:00:00.000Z' }).execute();
}
