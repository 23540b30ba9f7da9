import type { AppContext, Actor } from '../context.js';
import { forbidden, invalid, notFound, refused } from '../../domain/errors.js';
import { needsAttention, REGULATION_KINDS, regulationState, type RegulationKind, type RegulationState } from '../../domain/legal.js';
import { localDate } from '../../domain/numbering.js';
import { optionalDate, optionalText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { actsForAgency, keepsLibrary } from './access.js';

/**
 * Internal regulations (point 3): each agency's regulations for using the intranet, the
 * official mailbox and information security. A regulation stands on its issuing decision, a
 * document the agency issued through the exchange: its number, date and signer are read from
 * that document, never retyped. The IT department sees every agency; the list of agencies
 * lacking one (or overdue for review) is the `attention` filter.
 */

export interface RegulationQuery {
  attention?: boolean;
  orgId?: number;
}

export type RegulationCell = {
  kind: RegulationKind;
  state: RegulationState;
  id: number | null;
  decision: { documentId: number; symbol: string | null; docDate: string | null; signerName: string | null; summary: string } | null;
  nextReview: string | null;
  note: string | null;
};

export async function listRegulations(ctx: AppContext, actor: Actor, q: RegulationQuery) {
  const db = ctx.db.kysely;
  const all = keepsLibrary(actor);
  let orgsQ = db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'agency').where('active', '=', 1).orderBy('name');
  if (!all) orgsQ = orgsQ.where('id', '=', actor.agencyId);
  else if (q.orgId) orgsQ = orgsQ.where('id', '=', q.orgId);
  const orgs = await orgsQ.execute();
  const ids = orgs.map((o) => o.id);
  const regs = ids.length
    ? await db
        .selectFrom('internal_regulations as r')
        .innerJoin('documents as d', 'd.id', 'r.decision_document_id')
        .select(['r.id', 'r.org_id', 'r.kind', 'r.next_review', 'r.note', 'd.id as doc_id', 'd.symbol', 'd.doc_date', 'd.signer_name', 'd.summary'])
        .where('r.org_id', 'in', ids)
        .execute()
    : [];
  const today = localDate(ctx.now());
  const rows = orgs.map((o) => {
    const cells: RegulationCell[] = REGULATION_KINDS.map((kind) => {
      const r = regs.find((x) => x.org_id === o.id && x.kind === kind);
      return {
        kind,
        state: regulationState(!!r, r?.next_review ?? null, today),
        id: r?.id ?? null,
        decision: r ? { documentId: r.doc_id, symbol: r.symbol, docDate: r.doc_date, signerName: r.signer_name, summary: r.summary } : null,
        nextReview: r?.next_review ?? null,
        note: r?.note ?? null,
      };
    });
    return { orgId: o.id, name: o.name, attention: cells.some((c) => needsAttention(c.state)), regulations: cells, canEdit: actor.isProvinceAdmin || actsForAgency(actor, o.id) };
  });
  const attentionCount = rows.filter((r) => r.attention).length;
  return { total: rows.length, attention: attentionCount, items: q.attention ? rows.filter((r) => r.attention) : rows };
}
export type RegulationRow = Awaited<ReturnType<typeof listRegulations>>['items'][number];

export interface RegulationInput {
  decisionDocumentId?: unknown;
  nextReview?: unknown;
  note?: unknown;
}

/** Records (or replaces) an agency's regulation of one kind, standing on its issued decision. */
export async function setRegulation(ctx: AppContext, actor: Actor, orgId: number, kind: RegulationKind, input: RegulationInput) {
  const db = ctx.db.kysely;
  const org = await getOrg(db, orgId);
  if (!org || org.kind !== 'agency') throw notFound('organisation');
  if (!keepsLibrary(actor) && actor.agencyId !== orgId) throw notFound('organisation');
  if (!actor.isProvinceAdmin && !actsForAgency(actor, orgId)) {
    throw forbidden('Chỉ lãnh đạo, chuyên viên, văn thư của cơ quan cập nhật quy chế của cơ quan mình.', "Only the agency's leaders, specialists and clerks record its regulations.");
  }
  const docId = input.decisionDocumentId;
  if (!Number.isInteger(docId) || (docId as number) < 1) throw invalid('decisionDocumentId', 'Hãy chọn quyết định ban hành quy chế.', 'decisionDocumentId is required.');
  const nextReview = optionalDate(input.nextReview, 'nextReview', 'Ngày rà soát tiếp theo');
  const note = optionalText(input.note, 'note', 'Ghi chú', 2000);
  const doc = await db.selectFrom('documents').select(['id', 'org_id', 'state', 'symbol', 'doc_date', 'confidentiality']).where('id', '=', docId as number).executeTakeFirst();
  if (!doc || doc.org_id !== orgId) {
    throw invalid('decisionDocumentId', 'Quyết định phải là văn bản do chính cơ quan ban hành trên hệ thống.', 'The decision must be a document the agency itself issued in the system.');
  }
  if (doc.state !== 'issued') throw refused('decision_not_issued', 'Quyết định chưa được ban hành.', 'The decision has not been issued.');
  if (nextReview && doc.doc_date && nextReview <= doc.doc_date) throw invalid('nextReview', 'Ngày rà soát phải sau ngày ban hành quyết định.', 'The review date must be after the decision date.');
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('internal_regulations').select(['id', 'decision_document_id']).where('org_id', '=', orgId).where('kind', '=', kind).executeTakeFirst();
    let id: number;
    if (before) {
      await trx.updateTable('internal_regulations').set({ decision_document_id: doc.id, next_review: nextReview, note, updated_by: actor.userId, updated_at: at }).where('id', '=', before.id).execute();
      id = before.id;
    } else {
      id = (await trx.insertInto('internal_regulations').values({ org_id: orgId, kind, decision_document_id: doc.id, next_review: nextReview, note, updated_by: actor.userId, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'legal.regulation.set', entityType: 'internal_regulation', entityId: id, data: { kind, symbol: doc.symbol, nextReview, fromDocumentId: before?.decision_document_id ?? null } });
  });
  const list = await listRegulations(ctx, actor, { orgId });
  return list.items.find((r) => r.orgId === orgId)!;
}
