import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Drafting and approval (trình ký) and digital signatures (issue 19): a draft's stage and
 * who holds it, its file versions and steps (comments, returns, approvals), the signing keys
 * of agencies and people (PKCS#12 sealed with the secrets key, or a PKCS#11 token), the trust
 * anchors the province keeps, and the verification of every received PDF.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('draft_flows')
    .addColumn('document_id', 'integer', (c) => c.primaryKey().references('documents.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('drafter_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('holder_id', 'integer', (c) => c.references('users.id')) // who must act next
    .addColumn('signer_id', 'integer', (c) => c.references('users.id'))
    .addColumn('reply_to_item_id', 'integer', (c) => c.references('inbox_items.id'))
    .addColumn('layout', 'text') // JSON: where the number, date and signature go in the signed PDF
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('draft_flows_holder').on('draft_flows').columns(['holder_id', 'stage']).execute();
  await db.schema.createIndex('draft_flows_org').on('draft_flows').columns(['org_id', 'stage']).execute();

  await db.schema
    .createTable('draft_versions')
    .addColumn('id', id, idCol)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('signed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('draft_versions_doc_version', ['document_id', 'version'])
    .execute();

  await db.schema
    .createTable('draft_steps')
    .addColumn('id', id, idCol)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('to_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('version', 'integer')
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('draft_steps_doc').on('draft_steps').columns(['document_id', 'id']).execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id')) // null: the agency's own key
    .addColumn('kind', 'text', (c) => c.notNull()) // pkcs12 | pkcs11
    .addColumn('secret', 'text', (c) => c.notNull()) // sealed JSON: the PKCS#12 and its password, or the token's module, label and PIN
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('image_png', 'text') // base64: the handwritten signature (a person) or the seal (the agency)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signing_keys_owner').on('signing_keys').columns(['org_id', 'user_id', 'active']).execute();

  await db.schema
    .createTable('trust_anchors')
    .addColumn('id', id, idCol)
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('pem', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('signature_checks')
    .addColumn('id', id, idCol)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id')) // the issuer (issued) or the node's first recipient (received)
    .addColumn('direction', 'text', (c) => c.notNull()) // issued: checked after the agency signed at issue; received: on arrival
    .addColumn('attachment_id', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('checks', 'text', (c) => c.notNull()) // JSON SignatureCheck[]
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signature_checks_doc').on('signature_checks').columns(['document_id']).execute();
  await db.schema.createIndex('signature_checks_org').on('signature_checks').columns(['org_id', 'direction', 'checked_at']).execute();
}
