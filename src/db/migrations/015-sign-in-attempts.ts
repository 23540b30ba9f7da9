import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Sign-in attempts are counted before the password is checked (issue 12): a user's attempts
 * in flight (`pending_logins`, with the time of the last one so a process killed mid-check
 * leaves nothing that lasts), every failure ever (`failed_logins_total`, so a success forgives
 * only the failures that had happened before it began), and a per-address count of failed
 * sign-ins in a window (`sign_in_addresses`).
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('users').addColumn('pending_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('failed_logins_total', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('login_attempt_at', 'text').execute();
  await db.schema
    .createTable('sign_in_addresses')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute();
}
