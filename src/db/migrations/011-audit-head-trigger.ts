import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * The head of the audit chain follows the last event written: the database moves it on
 * insert, one round trip less for every audited change (they are most writes).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION audit_events_head() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE audit_head SET hash = NEW.hash WHERE id = 1;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_events_head AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_head()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_events_head AFTER INSERT ON audit_events BEGIN UPDATE audit_head SET hash = new.hash WHERE id = 1; END`.execute(db);
  }
}
