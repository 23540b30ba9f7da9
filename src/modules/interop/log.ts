import type { PackageState } from '../../domain/edxml/package-state.js';
import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { STATUS_LABELS, type StatusCode, STATUS } from '../../domain/statuses.js';
import { packageBytesOf, type PackageRow } from './repo.js';
import { signatureView } from './signature-view.js';

export interface PackageQuery {
  direction?: 'in' | 'out';
  kind?: 'document' | 'status';
  state?: PackageState;
  documentId?: number;
  orgId?: number;
  limit?: number;
  beforeId?: number;
}

function requireReader(actor: Actor) {
  if (!actor.isProvinceAdmin && !hasRole(actor, 'clerk', 'leader', 'admin')) {
    throw forbidden('Nhật ký gói edXML dành cho văn thư, lãnh đạo và quản trị.', 'The edXML package log is for clerks, leaders and administrators.');
  }
}

function view(p: PackageRow) {
  return {
    id: p.id,
    consignmentId: p.consignment_id,
    direction: p.direction,
    kind: p.kind,
    state: p.state,
    orgId: p.org_id,
    documentId: p.document_id,
    itemId: p.inbox_item_id,
    edxmlDocumentId: p.edxml_document_id,
    senderCode: p.sender_code,
    receiverCodes: p.receiver_codes ? p.receiver_codes.split(',') : [],
    businessDocType: p.business_doc_type,
    status: p.status_code ? { code: p.status_code, ...(STATUS_LABELS[(p.status_code === '14' ? STATUS.RECALL_ACCEPTED : p.status_code) as StatusCode] ?? { vi: p.status_code, en: p.status_code }) } : null,
    signature: signatureView(p.signature, p.signature_detail),
    sha256: p.package_sha256,
    size: Number(p.size),
    attempts: Number(p.attempts),
    lastError: p.last_error,
    createdAt: p.created_at,
    sentAt: p.sent_at,
    peerId: p.peer_id,
    // The transport's acknowledgement (a peer node's receipt, the axis's DocId), apart from business statuses.
    receipt: p.receipt ? (JSON.parse(p.receipt) as Record<string, unknown>) : null,
  };
}

/** The agency's edXML log, newest first: packages received, refused and queued to send. */
export async function listPackages(ctx: AppContext, actor: Actor, q: PackageQuery) {
  requireReader(actor);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  let query = ctx.db.kysely.selectFrom('edxml_packages').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (!actor.isProvinceAdmin) query = query.where('org_id', '=', actor.agencyId);
  else if (q.orgId) query = query.where('org_id', '=', q.orgId);
  if (q.direction) query = query.where('direction', '=', q.direction);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.documentId) query = query.where('document_id', '=', q.documentId);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  const rows = await query.execute();
  return { items: rows.slice(0, limit).map(view), nextBeforeId: rows.length > limit ? rows[limit - 1]!.id : null };
}

async function ownPackage(ctx: AppContext, actor: Actor, id: number) {
  requireReader(actor);
  const row = await ctx.db.kysely.selectFrom('edxml_packages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (!actor.isProvinceAdmin && row.org_id !== actor.agencyId)) throw notFound('edXML package');
  return row;
}

/** One package with everything read from it (the header as JSON). */
export async function getPackage(ctx: AppContext, actor: Actor, id: number) {
  const row = await ownPackage(ctx, actor, id);
  return { ...view(row), header: JSON.parse(row.header) as unknown };
}

export async function packageContent(ctx: AppContext, actor: Actor, id: number) {
  const row = await ownPackage(ctx, actor, id);
  return { bytes: await packageBytesOf(ctx, row), fileName: `edxml-${row.id}-${row.kind}.edxml` };
}
