import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Executor } from '../../../db/connect.js';
import type { FederationPeerTable } from '../../../db/schema.js';
import { routeKeysOf } from '../../../domain/federation.js';

export type PeerRow = Selectable<FederationPeerTable>;

/** A peer's stored secrets (sealed, src/modules/secrets) as messages name them when they cannot be opened. */
export const PEER_SECRET = {
  inbound: { vi: 'khóa chung chiều nhận của nút liên thông', en: 'inbound secret of the peer node' },
  outbound: { vi: 'khóa chung chiều gửi của nút liên thông', en: 'outbound secret of the peer node' },
  privateKey: { vi: 'khóa bí mật ký yêu cầu gửi nút liên thông', en: 'private key our pushes are signed with' },
  axis: { vi: 'mã bí mật (secret) của trục liên thông', en: 'system secret of the national axis' },
};

export async function getPeer(db: Executor, id: number): Promise<PeerRow | undefined> {
  return db.selectFrom('federation_peers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function peerByNodeId(db: Executor, nodeId: string): Promise<PeerRow | undefined> {
  return db.selectFrom('federation_peers').selectAll().where('peer_node_id', '=', nodeId).executeTakeFirst();
}

/** The peer a code routes to, as an expression: its own route, else its level-1 code's. (An inactive peer's packages wait.) */
export function peerOfCodeExpr(code: string): RawBuilder<number | null> {
  const route = (key: string) => sql<number | null>`(SELECT peer_id FROM federation_routes WHERE code = ${key})`;
  const [own, level1] = routeKeysOf(code);
  return level1 === undefined ? route(own!) : sql<number | null>`coalesce(${route(own!)}, ${route(level1)})`;
}

export async function peerIdOfCode(db: Executor, code: string): Promise<number | null> {
  const row = await db.selectNoFrom(peerOfCodeExpr(code).as('peer_id')).executeTakeFirst();
  return row?.peer_id ?? null;
}

/** Whether a peer may speak for a code: the code routes to it. */
export async function peerHostsCode(db: Executor, peerId: number, code: string): Promise<boolean> {
  const r = await db.selectFrom('federation_routes').select('peer_id').where('code', 'in', routeKeysOf(code)).where('peer_id', '=', peerId).executeTakeFirst();
  return !!r;
}

/** Recipients hosted on a peer node, by organisation: the peer and its name. */
export async function hostedRecipients(db: Executor, orgIds: number[]) {
  if (!orgIds.length) return [];
  return db
    .selectFrom('federation_routes')
    .innerJoin('federation_peers', 'federation_peers.id', 'federation_routes.peer_id')
    .select(['federation_routes.org_id', 'federation_routes.peer_id', 'federation_peers.name as peer_name'])
    .where('federation_routes.org_id', 'in', orgIds)
    .execute();
}
