import type { Executor } from '../../db/connect.js';
import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { STATUS_LABELS, canRequestRecall, type ProcessingStatus, type StatusCode, STATUS } from '../../domain/statuses.js';
import { URGENCY_LABELS, CONFIDENTIALITY_LABELS, type Urgency, type Confidentiality } from '../../domain/classification.js';
import type { DocumentTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';

type DocRow = Selectable<DocumentTable>;

export const statusView = (code: string) => ({ code, ...(STATUS_LABELS[code as StatusCode] ?? { vi: code, en: code }) });

export function docSummary(d: DocRow, senderName: string | null) {
  return {
    id: d.id,
    state: d.state,
    origin: d.origin,
    typeCode: d.type_code,
    number: d.number,
    symbol: d.symbol,
    summary: d.summary,
    signerName: d.signer_name,
    urgency: d.urgency,
    urgencyLabel: URGENCY_LABELS[d.urgency as Urgency] ?? d.urgency,
    confidentiality: d.confidentiality,
    confidentialityLabel: CONFIDENTIALITY_LABELS[d.confidentiality as Confidentiality] ?? d.confidentiality,
    docDate: d.doc_date,
    issuedAt: d.issued_at,
    dueDate: d.due_date,
    senderOrgId: d.org_id,
    senderName: senderName ?? d.external_sender,
    copyKind: d.copy_kind,
    copyOfId: d.copy_of_id,
  };
}

export const DOCUMENT_ACTIONS = ['edit', 'attach', 'issue', 'recall', 'dispatch', 'copy', 'register', 'reject', 'assign', 'start', 'complete', 'answerRecall'] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

/** What the actor may do on a document at this moment; the web app shows only these. */
export function allowedActions(actor: Actor, doc: DocRow, item: { status: string; withdrawn: number; recall_state: string | null } | undefined, recallable: boolean, isLeadHandler: boolean) {
  const acts: DocumentAction[] = [];
  const mine = doc.org_id === actor.agencyId;
  if (mine && doc.state === 'draft') {
    if (hasRole(actor, 'clerk', 'specialist', 'leader')) acts.push('edit', 'attach');
    if (hasRole(actor, 'clerk')) acts.push('issue');
  }
  if (mine && doc.state === 'issued') {
    if (hasRole(actor, 'clerk', 'leader') && recallable) acts.push('recall');
    if (hasRole(actor, 'clerk') && doc.confidentiality === 'thuong') acts.push('dispatch');
  }
  if (doc.state === 'issued' && hasRole(actor, 'clerk')) acts.push('copy');
  if (item && Number(item.withdrawn) === 0) {
    const s = item.status as ProcessingStatus;
    if (hasRole(actor, 'clerk') && s === STATUS.ARRIVED) acts.push('register', 'reject');
    if (hasRole(actor, 'leader') && ([STATUS.REGISTERED, STATUS.ASSIGNED, STATUS.PROCESSING] as ProcessingStatus[]).includes(s)) acts.push('assign');
    if ((isLeadHandler || hasRole(actor, 'leader')) && s === STATUS.ASSIGNED) acts.push('start');
    if ((isLeadHandler || hasRole(actor, 'leader')) && (s === STATUS.ASSIGNED || s === STATUS.PROCESSING)) acts.push('complete');
    if (hasRole(actor, 'clerk', 'leader') && item.recall_state === STATUS.RECALL_REQUESTED) acts.push('answerRecall');
  }
  return acts;
}

export async function isLeadHandler(db: Executor, actor: Actor, itemId: number) {
  const row = await db
    .selectFrom('assignments')
    .select('id')
    .where('inbox_item_id', '=', itemId)
    .where('role', '=', 'lead')
    .where((eb) => eb.or([eb('assignee_user_id', '=', actor.userId), eb('assignee_org_id', '=', actor.orgId)]))
    .executeTakeFirst();
  return !!row;
}

export const anyRecallable = (items: { status: string; withdrawn: number; recall_state: string | null }[]) =>
  items.some((i) => canRequestRecall(i.status as ProcessingStatus, Number(i.withdrawn) === 1, i.recall_state === STATUS.RECALL_REQUESTED));
