import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { AppContext, Actor } from '../../context.js';
import type { Executor } from '../../../db/connect.js';
import { conflict, forbidden, invalid, notFound } from '../../../domain/errors.js';
import { isAgencyCode } from '../../../domain/agency-code.js';
import { routeCode } from '../../../domain/federation.js';
import { fold } from '../../../domain/fold.js';
import { requiredText, optionalText } from '../../../domain/validate.js';
import { appendAudit } from '../../audit/service.js';
import { enqueueDelivery } from './queue.js';
import { getPeer, type PeerRow } from './repo.js';
import type { SecretsKey } from '../../secrets/key.js';
import { sealSecret } from '../../secrets/seal.js';

/**
 * Peer nodes as data (province administrators): another Liên Thông installation, reached
 * by pushes signed with a shared secret (HMAC) or a key whose certificate the peer holds; or
 * the national axis, reached with a system id and secret. Each hosts organisation codes:
 * a full code becomes an organisation of kind "external" in the directory — a recipient like
 * any agency in the compose screen — routed to the peer; a level-1 code (H41) routes every
 * code under it (senders and answers) without adding organisations.
 */
export interface PeerInput {
  name?: unknown;
  transport?: unknown;
  baseUrl?: unknown;
  auth?: unknown;
  peerNodeId?: unknown;
  inboundSecret?: unknown;
  peerCertificate?: unknown;
  ourNodeId?: unknown;
  outboundSecret?: unknown;
  ourPrivateKey?: unknown;
  /** Shortcut: one secret both ways. */
  secret?: unknown;
  active?: unknown;
}

export interface HostedInput {
  code?: unknown;
  name?: unknown;
  shortName?: unknown;
}

function requireProvinceAdmin(actor: Actor) {
  if (!actor.isProvinceAdmin) throw forbidden('Chỉ quản trị cấp tỉnh khai báo nút liên thông.', 'Only the province administrator configures peer nodes.');
}

function url(raw: unknown): string {
  const s = requiredText(raw, 'baseUrl', 'Địa chỉ nút', 500);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw invalid('baseUrl', 'Địa chỉ nút phải là URL http(s)://…', 'baseUrl must be an http(s):// URL.');
  }
  if (!/^https?:$/.test(u.protocol) || u.search || u.hash || u.username) throw invalid('baseUrl', 'Địa chỉ nút phải là URL http(s):// không có tham số, không có mật khẩu.', 'baseUrl must be a plain http(s):// URL (no query, no credentials).');
  return s.replace(/\/+$/, '');
}

function secret(raw: unknown, field: string): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || raw.length < 16 || raw.length > 500) throw invalid(field, 'Khóa chung phải dài từ 16 đến 500 ký tự.', 'A shared secret must be 16 to 500 characters long.');
  return raw;
}

function nodeId(raw: unknown, field: string, label: string): string {
  const s = requiredText(raw, field, label, 200);
  if (!/^[A-Za-z0-9._:@-]+$/.test(s)) throw invalid(field, `${label} chỉ gồm chữ không dấu, số và . _ : @ -`, `${field} may hold only letters, digits and . _ : @ -`);
  return s;
}

function certificate(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  try {
    return new X509Certificate(String(raw)).toString();
  } catch {
    throw invalid('peerCertificate', 'Không đọc được chứng thư số của nút (PEM).', 'The peer certificate cannot be read (PEM).');
  }
}

const isOneOf = <T extends string>(v: unknown, allowed: readonly T[]): v is T => (allowed as readonly unknown[]).includes(v);

function privateKey(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  try {
    return createPrivateKey(String(raw)).export({ type: 'pkcs8', format: 'pem' }) as string;
  } catch {
    throw invalid('ourPrivateKey', 'Không đọc được khóa bí mật (PEM).', 'The private key cannot be read (PEM).');
  }
}

/** The row a peer input describes, checked whole (new, or an existing one with changes); secrets and keys sealed. */
function peerValues(key: SecretsKey, input: PeerInput, existing?: PeerRow) {
  const transport = input.transport ?? existing?.transport ?? 'node';
  if (!isOneOf(transport, ['node', 'axis'] as const)) throw invalid('transport', 'Loại nút phải là node (Liên Thông khác) hoặc axis (trục quốc gia).', 'transport must be node or axis.');
  const auth = transport === 'axis' ? 'secret' : (input.auth ?? existing?.auth ?? 'hmac');
  if (!isOneOf(auth, ['hmac', 'certificate', 'secret'] as const)) throw invalid('auth', 'Xác thực phải là hmac hoặc certificate.', 'auth must be hmac or certificate.');
  // What is given now is sealed at once; what is kept is stored sealed already.
  const sealed = (value: string | null) => (value === null ? null : sealSecret(key, value));
  const shared = sealed(secret(input.secret, 'secret'));
  const v = {
    name: input.name === undefined && existing ? existing.name : requiredText(input.name, 'name', 'Tên nút', 200),
    transport,
    auth,
    base_url: input.baseUrl === undefined && existing ? existing.base_url : url(input.baseUrl),
    our_node_id: input.ourNodeId === undefined && existing ? existing.our_node_id : nodeId(input.ourNodeId, 'ourNodeId', transport === 'axis' ? 'Mã hệ thống (system id)' : 'Mã nút của tỉnh mình'),
    peer_node_id: '',
    inbound_secret: input.inboundSecret !== undefined ? sealed(secret(input.inboundSecret, 'inboundSecret')) : (shared ?? existing?.inbound_secret ?? null),
    outbound_secret: input.outboundSecret !== undefined ? sealed(secret(input.outboundSecret, 'outboundSecret')) : (shared ?? existing?.outbound_secret ?? null),
    peer_certificate_pem: input.peerCertificate !== undefined ? certificate(input.peerCertificate) : (existing?.peer_certificate_pem ?? null),
    our_private_key_pem: input.ourPrivateKey !== undefined ? sealed(privateKey(input.ourPrivateKey)) : (existing?.our_private_key_pem ?? null),
    active: input.active === undefined ? (existing ? Number(existing.active) : 1) : input.active === true ? 1 : input.active === false ? 0 : -1,
  };
  if (v.active === -1) throw invalid('active', 'active phải là true hoặc false.', 'active must be true or false.');
  v.peer_node_id = transport === 'axis' ? `axis:${v.our_node_id}` : input.peerNodeId === undefined && existing ? existing.peer_node_id : nodeId(input.peerNodeId, 'peerNodeId', 'Mã nút của nút kia');
  if (transport === 'axis' && !v.outbound_secret) throw invalid('outboundSecret', 'Trục liên thông cần mã bí mật (secret) của hệ thống.', 'The axis needs the system secret.');
  if (auth === 'hmac' && (!v.inbound_secret || !v.outbound_secret)) throw invalid('secret', 'Xác thực HMAC cần khóa chung (secret, hoặc inboundSecret và outboundSecret).', 'HMAC authentication needs the shared secret (secret, or inboundSecret and outboundSecret).');
  if (auth === 'certificate' && (!v.peer_certificate_pem || !v.our_private_key_pem)) throw invalid('peerCertificate', 'Xác thực bằng chứng thư cần chứng thư của nút kia và khóa bí mật của tỉnh mình.', 'Certificate authentication needs the peer certificate and our private key.');
  return v;
}

async function routesOf(db: Executor, peerIds: number[]) {
  if (!peerIds.length) return [];
  return db
    .selectFrom('federation_routes as r')
    .leftJoin('organizations as o', 'o.id', 'r.org_id')
    .select(['r.peer_id', 'r.code', 'r.org_id', 'o.name', 'o.active'])
    .where('r.peer_id', 'in', peerIds)
    .orderBy('r.code')
    .execute();
}

/** A peer as the back office sees it: never a secret or a key, only whether one is set. */
function peerView(p: PeerRow, routes: Awaited<ReturnType<typeof routesOf>>, queue: { state: string; n: number }[]) {
  const count = (s: string) => Number(queue.find((q) => q.state === s)?.n ?? 0);
  let certificate: { subject: string; fingerprint256: string; validTo: string } | null = null;
  if (p.peer_certificate_pem) {
    const c = new X509Certificate(p.peer_certificate_pem);
    certificate = { subject: c.subject.replace(/\n/g, ', '), fingerprint256: c.fingerprint256, validTo: new Date(c.validTo).toISOString() };
  }
  return {
    id: p.id,
    name: p.name,
    transport: p.transport,
    baseUrl: p.base_url,
    auth: p.auth,
    peerNodeId: p.peer_node_id,
    ourNodeId: p.our_node_id,
    hasInboundSecret: !!p.inbound_secret,
    hasOutboundSecret: !!p.outbound_secret,
    hasPrivateKey: !!p.our_private_key_pem,
    peerCertificate: certificate,
    active: Number(p.active) === 1,
    lastPolledAt: p.last_polled_at,
    lastError: p.last_error,
    organizations: routes.filter((r) => r.peer_id === p.id).map((r) => ({ code: r.code, orgId: r.org_id, name: r.name ?? null, active: r.org_id === null ? true : Number(r.active) === 1 })),
    queue: { pending: count('pending'), sending: count('sending'), sent: count('sent'), failed: count('failed') },
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

export async function listPeers(ctx: AppContext, actor: Actor) {
  requireProvinceAdmin(actor);
  const db = ctx.db.kysely;
  const peers = await db.selectFrom('federation_peers').selectAll().orderBy('name').execute();
  const routes = await routesOf(db, peers.map((p) => p.id));
  const queue = peers.length
    ? await db.selectFrom('edxml_packages').select(['peer_id', 'state', (eb) => eb.fn.countAll<number>().as('n')]).where('direction', '=', 'out').where('peer_id', 'in', peers.map((p) => p.id)).groupBy(['peer_id', 'state']).execute()
    : [];
  return peers.map((p) => peerView(p, routes, queue.filter((q) => q.peer_id === p.id)));
}

async function onePeer(ctx: AppContext, id: number) {
  return (await listPeers(ctx, { isProvinceAdmin: true } as Actor)).find((p) => p.id === id)!;
}

export async function addPeer(ctx: AppContext, actor: Actor, input: PeerInput) {
  requireProvinceAdmin(actor);
  const v = peerValues(ctx.secrets, input);
  const at = ctx.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    if (await trx.selectFrom('federation_peers').select('id').where('peer_node_id', '=', v.peer_node_id).executeTakeFirst()) {
      throw conflict('duplicate_peer', `Đã có nút liên thông mã ${v.peer_node_id}.`, `A peer node ${v.peer_node_id} already exists.`);
    }
    const row = await trx.insertInto('federation_peers').values({ ...v, last_polled_at: null, last_error: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: null, action: 'federation.peer.add', entityType: 'federation_peer', entityId: row.id, data: { name: v.name, transport: v.transport, baseUrl: v.base_url, auth: v.auth, peerNodeId: v.peer_node_id, ourNodeId: v.our_node_id } });
    return row.id;
  });
  return onePeer(ctx, id);
}

export async function updatePeer(ctx: AppContext, actor: Actor, id: number, input: PeerInput) {
  requireProvinceAdmin(actor);
  const existing = await getPeer(ctx.db.kysely, id);
  if (!existing) throw notFound('peer node');
  const v = peerValues(ctx.secrets, input, existing);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (v.peer_node_id !== existing.peer_node_id && (await trx.selectFrom('federation_peers').select('id').where('peer_node_id', '=', v.peer_node_id).executeTakeFirst())) {
      throw conflict('duplicate_peer', `Đã có nút liên thông mã ${v.peer_node_id}.`, `A peer node ${v.peer_node_id} already exists.`);
    }
    await trx.updateTable('federation_peers').set({ ...v, updated_at: at }).where('id', '=', id).execute();
    const changed = Object.keys(input).filter((k) => !/secret|key/i.test(k));
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: null, action: 'federation.peer.update', entityType: 'federation_peer', entityId: id, data: { changed, secretsChanged: Object.keys(input).filter((k) => /secret|key/i.test(k)) } });
  });
  return onePeer(ctx, id);
}

/** A short name from the initials of the name's words (letters only), as the directory wants one. */
function shortNameOf(name: string): string {
  const initials = fold(name)
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .replace(/[^A-Z0-9]/g, '');
  return (initials || 'NGOAI').slice(0, 30);
}

/**
 * Routes codes to a peer: a full code is (or becomes) an organisation of kind external; a
 * level-1 code routes every code under it. Packages already waiting for those codes (status
 * answers queued before the route existed) are queued for delivery.
 */
export async function hostOrganizations(ctx: AppContext, actor: Actor, peerId: number, list: unknown) {
  requireProvinceAdmin(actor);
  if (!Array.isArray(list) || !list.length || list.length > 500) throw invalid('organizations', 'Cần danh sách 1–500 tổ chức (code, name).', 'organizations must be a list of 1–500 {code, name}.');
  const peer = await getPeer(ctx.db.kysely, peerId);
  if (!peer) throw notFound('peer node');
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const out: { code: string; orgId: number | null; created: boolean }[] = [];
    for (const [i, raw] of (list as HostedInput[]).entries()) {
      const field = `organizations[${i}]`;
      const code = routeCode(raw?.code, `${field}.code`);
      const route = await trx.selectFrom('federation_routes').selectAll().where('code', '=', code).executeTakeFirst();
      if (route && route.peer_id !== peerId) throw conflict('route_taken', `Mã ${code} đã thuộc một nút liên thông khác (#${route.peer_id}).`, `The code ${code} is already routed to another peer (#${route.peer_id}).`);
      let orgId: number | null = null;
      let created = false;
      if (isAgencyCode(code)) {
        const org = await trx.selectFrom('organizations').select(['id', 'kind', 'name']).where('code', '=', code).executeTakeFirst();
        if (org && org.kind !== 'external') throw conflict('code_is_ours', `Mã ${code} là của ${org.name}, một tổ chức của tỉnh: không chuyển sang nút khác được.`, `The code ${code} belongs to ${org.name}, an organisation of this province: it cannot be routed to a peer.`);
        const name = optionalText(raw?.name, `${field}.name`, 'Tên tổ chức', 300);
        if (org) {
          orgId = org.id;
          await trx.updateTable('organizations').set({ ...(name ? { name } : {}), active: 1, updated_at: at }).where('id', '=', org.id).execute();
        } else {
          if (!name) throw invalid(`${field}.name`, `Cần tên của tổ chức ${code}.`, `The name of ${code} is needed.`);
          const shortName = optionalText(raw?.shortName, `${field}.shortName`, 'Tên viết tắt', 30) ?? shortNameOf(name);
          const row = await trx
            .insertInto('organizations')
            .values({ code, name, short_name: shortName, kind: 'external', parent_id: null, email: null, address: null, phone: null, website: null, active: 1, created_at: at, updated_at: at })
            .returning('id')
            .executeTakeFirstOrThrow();
          orgId = row.id;
          created = true;
        }
      }
      if (!route) await trx.insertInto('federation_routes').values({ code, peer_id: peerId, org_id: orgId, created_at: at }).execute();
      out.push({ code, orgId, created });
    }
    // Answers queued while nothing routed their addressee now go (a package without a peer has no delivery yet).
    const waiting = await trx
      .selectFrom('edxml_packages')
      .select(['id', 'org_id', 'document_id', 'receiver_codes'])
      .where('direction', '=', 'out')
      .where('state', '=', 'pending')
      .where('peer_id', 'is', null)
      .execute();
    const codes = new Set(out.map((o) => o.code));
    for (const w of waiting) {
      if (!(w.receiver_codes ?? '').split(',').some((c) => codes.has(c) || codes.has(c.slice(-3)))) continue;
      await trx.updateTable('edxml_packages').set({ peer_id: peerId }).where('id', '=', w.id).execute();
      await enqueueDelivery(trx, { id: w.id, org_id: w.org_id, document_id: w.document_id }, peerId, at);
    }
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: null, action: 'federation.route.add', entityType: 'federation_peer', entityId: peerId, data: { routes: out } });
    return { peerId, organizations: out };
  });
}

/** Takes a code off a peer; its external organisation stops being a recipient. */
export async function removeRoute(ctx: AppContext, actor: Actor, peerId: number, codeIn: string) {
  requireProvinceAdmin(actor);
  const code = routeCode(codeIn);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const route = await trx.selectFrom('federation_routes').selectAll().where('code', '=', code).where('peer_id', '=', peerId).executeTakeFirst();
    if (!route) throw notFound('route');
    await trx.deleteFrom('federation_routes').where('code', '=', code).execute();
    if (route.org_id !== null) await trx.updateTable('organizations').set({ active: 0, updated_at: at }).where('id', '=', route.org_id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: null, action: 'federation.route.remove', entityType: 'federation_peer', entityId: peerId, data: { code, orgId: route.org_id } });
    return { peerId, code, removed: true };
  });
}
