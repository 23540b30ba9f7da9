import type { AppContext, Actor } from '../../context.js';
import { notFound, DomainError } from '../../../domain/errors.js';
import { requireRole } from '../../documents/index.js';

/** The inbound log: every message that reached an official mailbox, whatever became of it. */

export interface InboundQuery {
  outcome?: 'accepted' | 'duplicate' | 'refused';
  limit?: number;
  beforeId?: number;
}

const requireLogReader = (actor: Actor) => {
  if (!actor.isProvinceAdmin) requireRole(actor, 'clerk', 'leader', 'admin');
};

/** The agency's own mail, newest first; the province administrator sees every agency's. */
export async function listInbound(ctx: AppContext, actor: Actor, q: InboundQuery) {
  requireLogReader(actor);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  let query = ctx.db.kysely
    .selectFrom('mail_inbound as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .leftJoin('organizations as s', 's.id', 'm.sender_org_id')
    .leftJoin('inbox_items as i', 'i.id', 'm.inbox_item_id')
    .select([
      'm.id', 'm.source', 'm.message_id', 'm.envelope_from', 'm.from_address', 'm.to_address', 'm.org_id', 'o.name as org_name', 'm.sender_org_id', 's.name as sender_name',
      'm.subject', 'm.outcome', 'm.reason', 'm.document_id', 'm.inbox_item_id', 'm.related_document_id', 'm.received_at', 'i.status', 'i.withdrawn',
    ])
    .orderBy('m.id', 'desc')
    .limit(limit + 1);
  if (!actor.isProvinceAdmin) query = query.where('m.org_id', '=', actor.agencyId);
  if (q.outcome) query = query.where('m.outcome', '=', q.outcome);
  if (q.beforeId) query = query.where('m.id', '<', q.beforeId);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      source: r.source,
      messageId: r.message_id,
      envelopeFrom: r.envelope_from,
      from: r.from_address ?? r.envelope_from,
      to: r.to_address,
      orgId: r.org_id,
      orgName: r.org_name,
      senderOrgId: r.sender_org_id,
      senderOrgName: r.sender_name,
      subject: r.subject,
      outcome: r.outcome,
      reason: r.reason,
      documentId: r.document_id,
      itemId: r.inbox_item_id,
      itemStatus: r.status ?? null,
      relatedDocumentId: r.related_document_id,
      // The raw message is kept for what was accepted or recognised as a duplicate, never for a refused one.
      rawAvailable: r.outcome !== 'refused',
      link: r.document_id !== null && Number(r.withdrawn ?? 0) !== 1 ? `/app/documents/${r.document_id}` : null,
    })),
    nextBeforeId: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** The stored .eml of a message that reached the actor's own agency. */
export async function readRawMessage(ctx: AppContext, actor: Actor, id: number) {
  requireRole(actor, 'clerk', 'leader', 'admin');
  const row = await ctx.db.kysely.selectFrom('mail_inbound').select(['id', 'org_id', 'raw_sha256', 'outcome']).where('id', '=', id).executeTakeFirst();
  if (!row || row.org_id !== actor.agencyId) throw notFound('message');
  if (row.outcome === 'refused') {
    throw new DomainError('not_found', 'raw_not_kept', 'Thư bị từ chối nên nội dung gốc không được lưu.', 'The message was refused: its raw content was not kept.');
  }
  try {
    return { fileName: `thu-den-${row.id}.eml`, bytes: await ctx.blobs.read(row.raw_sha256) };
  } catch {
    throw new DomainError('not_found', 'raw_missing', 'Không tìm thấy tệp thư gốc trong kho lưu trữ.', 'The stored message file is missing.');
  }
}
