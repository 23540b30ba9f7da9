import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * The part of a mail that all its copies share (the document's metadata, link, notes and
 * files of a dispatch to 50 agencies) is stored once; each outbox row keeps what is its own
 * (kind, addressee, greeting) and points at the shared part.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  await db.schema
    .createTable('outbox_bodies')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('outbox').addColumn('body_id', 'integer', (c) => c.references('outbox_bodies.id')).execute();
}
