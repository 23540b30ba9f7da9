import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/** edXML interop: the package log (in and out, the queue of a transport) and the organisations' signing keys. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  // Every package received or produced, with what it said, so nothing is lost.
  await db.schema
    .createTable('edxml_packages')
    .addColumn('id', id, idCol)
    // Stable per package: a transport sends it under this id on every retry.
    .addColumn('consignment_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull()) // in | out
    .addColumn('kind', 'text', (c) => c.notNull()) // document | status
    .addColumn('state', 'text', (c) => c.notNull()) // in: imported | applied | refused; out: pending | sending | sent | failed
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id')) // ours: the receiver (in), the sender (out)
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('inbox_item_id', 'integer', (c) => c.references('inbox_items.id'))
    .addColumn('edxml_document_id', 'text') // DocumentId (document) or ResponseFor/DocumentId (status)
    .addColumn('sender_code', 'text')
    .addColumn('receiver_codes', 'text') // comma-separated OrganIds
    .addColumn('business_doc_type', 'integer')
    .addColumn('status_code', 'text')
    .addColumn('signature', 'text', (c) => c.notNull()) // none | valid | invalid
    .addColumn('signature_detail', 'text') // JSON: reason, algorithm, certificate subject, issuer, fingerprint, validity
    .addColumn('package_sha256', 'text', (c) => c.notNull()) // SHA-256 of the bytes, or for a received package kept as body, of its body
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('body', 'text') // the package text, attachments as references to their stored files (domain/edxml/stored.ts); null: whole in blobs by package_sha256
    .addColumn('header', 'text', (c) => c.notNull()) // JSON of the whole package read (attachments as sha256 and size)
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('edxml_packages_consignment', ['direction', 'org_id', 'consignment_id'])
    .execute();
  await db.schema.createIndex('edxml_packages_org').on('edxml_packages').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('edxml_packages_document').on('edxml_packages').column('document_id').execute();
  await db.schema.createIndex('edxml_packages_item').on('edxml_packages').column('inbox_item_id').execute();
  await db.schema.createIndex('edxml_packages_due').on('edxml_packages').columns(['direction', 'state', 'next_attempt_at']).execute();
  await db.schema.createIndex('edxml_packages_edxml_document').on('edxml_packages').columns(['edxml_document_id', 'sender_code']).execute();

  // The key and certificate an organisation signs its packages with (PEM).
  await db.schema
    .createTable('edxml_keys')
    .addColumn('org_id', 'integer', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('private_key_pem', 'text', (c) => c.notNull())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('fingerprint256', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
