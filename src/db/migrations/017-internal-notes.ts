import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * What a recipient writes on a status change that stays inside its agency (the leader's
 * direction, ý kiến chỉ đạo, when assigning) gets a column of its own: `note` is what the
 * sender may read (trail, status mails, edXML status packages). The directions recorded so
 * far in `note` (04 events of this system's users; those from peers have no user) move over.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('status_events').addColumn('internal_note', 'text').execute();
  await sql`UPDATE status_events SET internal_note = note, note = NULL WHERE status = '04' AND actor_user_id IS NOT NULL AND note IS NOT NULL`.execute(db);
}
