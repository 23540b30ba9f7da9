import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { URGENCY_PRIORITY } from '../../domain/classification.js';

/**
 * Sorting the inbox on the server, listing drafts, and filtering the audit log, each page read from an index
 * instead of sorting an agency's whole inbox (≈100,000 items at a million documents).
 *
 * The inbox sorts by its own columns (status, arrival number, deadline) and by the
 * document's urgency. Urgency is copied onto the item as a rank (0 Thường … 3 Hỏa tốc) by a
 * trigger, so every path that creates items (issue, paper registration, mail, interop) fills
 * it without knowing about it; a document's urgency no longer changes once it is sent.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const rank = sql.raw(
    `CASE urgency ${Object.entries(URGENCY_PRIORITY)
      .filter(([, p]) => p > 0)
      .map(([u, p]) => `WHEN '${u}' THEN ${p}`)
      .join(' ')} ELSE 0 END`,
  );
  await db.schema.alterTable('inbox_items').addColumn('urgency_rank', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`UPDATE inbox_items SET urgency_rank = (SELECT ${rank} FROM documents WHERE documents.id = inbox_items.document_id)
    WHERE document_id IN (SELECT id FROM documents WHERE urgency <> 'thuong')`.execute(db);

  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION inbox_items_urgency_rank() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.urgency_rank := COALESCE((SELECT ${rank} FROM documents WHERE documents.id = NEW.document_id), 0);
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER inbox_items_urgency_rank BEFORE INSERT ON inbox_items FOR EACH ROW EXECUTE FUNCTION inbox_items_urgency_rank()`.execute(db);
    await sql`CREATE FUNCTION documents_urgency_rank() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE inbox_items SET urgency_rank = (SELECT ${rank} FROM documents WHERE documents.id = NEW.id) WHERE document_id = NEW.id;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER documents_urgency_rank AFTER UPDATE OF urgency ON documents FOR EACH ROW WHEN (OLD.urgency IS DISTINCT FROM NEW.urgency) EXECUTE FUNCTION documents_urgency_rank()`.execute(db);
  } else {
    // Most documents are "thường" (rank 0, the default): only the others need the update.
    await sql`CREATE TRIGGER inbox_items_urgency_rank AFTER INSERT ON inbox_items
      WHEN (SELECT urgency FROM documents WHERE id = new.document_id) <> 'thuong'
      BEGIN
        UPDATE inbox_items SET urgency_rank = (SELECT ${rank} FROM documents WHERE documents.id = new.document_id) WHERE id = new.id;
      END`.execute(db);
    await sql`CREATE TRIGGER documents_urgency_rank AFTER UPDATE OF urgency ON documents WHEN old.urgency <> new.urgency
      BEGIN
        UPDATE inbox_items SET urgency_rank = (SELECT ${rank} FROM documents WHERE documents.id = new.id) WHERE document_id = new.id;
      END`.execute(db);
  }

  // Equality on the group (status, urgency) then the id: newest first inside each group.
  // The deadline sort uses the existing inbox_items_deadline (org_id, deadline).
  await db.schema.createIndex('inbox_items_org_status').on('inbox_items').columns(['org_id', 'withdrawn', 'status', 'id']).execute();
  await db.schema.createIndex('inbox_items_org_urgency').on('inbox_items').columns(['org_id', 'withdrawn', 'urgency_rank', 'id']).execute();
  await db.schema.createIndex('inbox_items_org_arrival').on('inbox_items').columns(['org_id', 'withdrawn', 'arrival_year', 'arrival_number', 'id']).execute();
  // Rows without a deadline or an arrival number come last, newest first: PostgreSQL cannot
  // read "IS NULL, then by id" from the indexes above, a partial index gives it that order.
  await sql`CREATE INDEX inbox_items_no_deadline ON inbox_items (org_id, withdrawn, id) WHERE deadline IS NULL`.execute(db);
  await sql`CREATE INDEX inbox_items_no_arrival ON inbox_items (org_id, withdrawn, id) WHERE arrival_number IS NULL`.execute(db);

  // Văn bản đi: the agency's issued documents by issue time, its drafts apart.
  await db.schema.createIndex('documents_org_state').on('documents').columns(['org_id', 'state', 'issued_at', 'id']).execute();

  await db.schema.createIndex('audit_events_org').on('audit_events').columns(['org_id', 'seq']).execute();
  await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['actor_user_id', 'seq']).execute();
  await db.schema.createIndex('audit_events_action').on('audit_events').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
}
