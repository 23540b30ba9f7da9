import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Exchange between nodes (issue 5): the peer nodes (other Liên Thông installations, or the
 * national axis), which organisation codes each one hosts, the consignments received from
 * them (a repeat is acknowledged, never imported twice), and on the package log the peer a
 * package came through or goes to with the transport receipt.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('federation_peers')
    .addColumn('id', id, idCol)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull()) // node | axis
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull()) // hmac | certificate (node); secret (axis)
    // How the peer names itself in its requests (X-Lienthong-Node); unique, to find it.
    .addColumn('peer_node_id', 'text', (c) => c.notNull().unique())
    .addColumn('inbound_secret', 'text') // HMAC key the peer signs its pushes with
    .addColumn('peer_certificate_pem', 'text') // or the certificate its signatures verify with
    .addColumn('our_node_id', 'text', (c) => c.notNull()) // how we name ourselves to it (axis: the system id)
    .addColumn('outbound_secret', 'text') // HMAC key we sign our pushes with (axis: the secret)
    .addColumn('our_private_key_pem', 'text') // or the key we sign with (certificate mode)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_polled_at', 'text') // the axis: last pickup
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Codes hosted by a peer: a full agency code (an organisation of kind "external" in the
  // directory, which makes it a recipient), or a level-1 code (H41: every code under it).
  await db.schema
    .createTable('federation_routes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('peer_id', 'integer', (c) => c.notNull().references('federation_peers.id'))
    .addColumn('org_id', 'integer', (c) => c.references('organizations.id').unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('federation_routes_peer').on('federation_routes').column('peer_id').execute();

  // Every consignment taken from a peer (pushed to us, or picked up from the axis by its DocId).
  await db.schema
    .createTable('federation_consignments')
    .addColumn('id', id, idCol)
    .addColumn('peer_id', 'integer', (c) => c.notNull().references('federation_peers.id'))
    .addColumn('consignment_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // document | status
    .addColumn('result', 'text', (c) => c.notNull()) // JSON: what the import answered
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('federation_consignments_unique', ['peer_id', 'consignment_id'])
    .execute();

  await db.schema.alterTable('edxml_packages').addColumn('peer_id', 'integer').execute();
  // JSON: the peer's acknowledgement of a package we sent (separate from business statuses).
  await db.schema.alterTable('edxml_packages').addColumn('receipt', 'text').execute();
}
