import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/** Official mailboxes, the durable outbox, inbound mail, IMAP fetching and routing rules. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  // The organisation's mail policy: whether dispatch mails carry the files, and up to what size.
  await db.schema.alterTable('organizations').addColumn('mail_attach', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('organizations').addColumn('mail_attach_max_mb', 'integer', (c) => c.notNull().defaultTo(10)).execute();

  // More addresses of an organisation besides its official one (organizations.email).
  await db.schema
    .createTable('mail_aliases')
    .addColumn('address', 'text', (c) => c.primaryKey()) // lower case
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_aliases_org').on('mail_aliases').column('org_id').execute();

  // Every side effect leaving the system, written in the transaction of the change that caused it.
  await db.schema
    .createTable('outbox')
    .addColumn('id', id, idCol)
    .addColumn('channel', 'text', (c) => c.notNull()) // mail (later: federation)
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('org_id', 'integer') // whose back office lists it (the sender's)
    .addColumn('document_id', 'integer')
    .addColumn('message_id', 'text') // stable RFC 5322 Message-ID, same on every retry
    .addColumn('to_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sending | sent | kept | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_org').on('outbox').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('outbox_message_id').on('outbox').column('message_id').execute();
  await db.schema.createIndex('outbox_document').on('outbox').column('document_id').execute();

  // Every message that reached an official address, whatever became of it.
  await db.schema
    .createTable('mail_inbound')
    .addColumn('id', id, idCol)
    .addColumn('source', 'text', (c) => c.notNull()) // smtp | lmtp | imap
    .addColumn('message_id', 'text')
    .addColumn('raw_sha256', 'text', (c) => c.notNull())
    .addColumn('envelope_from', 'text')
    .addColumn('from_address', 'text')
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('sender_org_id', 'integer') // the known organisation the sender address belongs to
    .addColumn('subject', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull()) // accepted | duplicate | refused
    .addColumn('reason', 'text')
    .addColumn('document_id', 'integer')
    .addColumn('inbox_item_id', 'integer')
    .addColumn('related_document_id', 'integer') // the document a reply refers to
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_inbound_dedupe').on('mail_inbound').columns(['org_id', 'message_id', 'raw_sha256']).execute();
  await db.schema.createIndex('mail_inbound_org').on('mail_inbound').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('mail_inbound_item').on('mail_inbound').column('inbox_item_id').execute();

  // Existing mailboxes the province already runs, fetched over IMAP.
  await db.schema
    .createTable('imap_accounts')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.references('organizations.id')) // null: route by recipient address
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('secure', 'integer', (c) => c.notNull()) // 1 = implicit TLS, 0 = STARTTLS when offered
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password', 'text', (c) => c.notNull())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('tls_reject_unauthorized', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('uidvalidity', 'text')
    .addColumn('last_polled_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('imap_seen')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('imap_accounts.id').onDelete('cascade'))
    .addColumn('uidvalidity', 'text', (c) => c.notNull())
    .addColumn('uid', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('imap_seen_pk', ['account_id', 'uidvalidity', 'uid'])
    .execute();

  // Routing rules of an organisation's inbound mail, applied in position order.
  await db.schema
    .createTable('mail_rules')
    .addColumn('id', id, idCol)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull()) // from | to | subject | body | header
    .addColumn('header_name', 'text')
    .addColumn('pattern', 'text', (c) => c.notNull()) // contained, ignoring case and diacritics
    .addColumn('set_type_code', 'text')
    .addColumn('set_urgency', 'text')
    .addColumn('set_assignee_user_id', 'integer')
    .addColumn('set_register_id', 'integer')
    .addColumn('stop', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_rules_org').on('mail_rules').columns(['org_id', 'position']).execute();
}
