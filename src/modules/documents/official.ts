import type { Actor, AppContext } from '../context.js';
import { addAttachment, createDocument } from './drafts.js';
import { issueDocument } from './issue.js';

/**
 * An official letter that another module's workflow sends through the exchange on behalf of
 * the actor's agency: a plan submitted, an appraisal asked, a monthly report sent, an
 * inspection's conclusion. It is an ordinary outgoing document: numbered in the agency's
 * register, dispatched to the recipients' inboxes, in both registers, with its files.
 *
 * The module that calls this has authorized the act itself (its own roles: a planner
 * submitting, an IT officer issuing the report); the number is then taken by the system for
 * the agency as the clerk would, so the actor need not hold the clerk role.
 */
export interface OfficialLetter {
  /** Document type code of the catalogue (`CV` công văn, `TTr` tờ trình, `BC` báo cáo, `QD` quyết định, `KH` kế hoạch…). */
  typeCode: string;
  summary: string;
  content?: string;
  recipients: number[];
  signerName: string;
  signerPosition?: string;
  signerCompetence?: string;
  dueDate?: string | null;
  /** The incoming document this letter answers (documents.id), when it answers one. */
  replyToId?: number | null;
  /** The main file first (role 'main'); generated PDF/XLSX of the record. */
  files: { fileName: string; bytes: Uint8Array; role?: 'main' | 'appendix' }[];
}

export interface IssuedLetter {
  documentId: number;
  symbol: string;
  number: number;
  issuedAt: string;
  /** Inbox items made for the recipients. */
  dispatched: { orgId: number; itemId: number }[];
}

export async function issueOfficialLetter(ctx: AppContext, actor: Actor, letter: OfficialLetter): Promise<IssuedLetter> {
  // The workflow's own role was checked by the caller; the agency's register takes the number.
  const onBehalf: Actor = { ...actor, roles: actor.roles.includes('clerk') ? actor.roles : [...actor.roles, 'clerk'] };
  const id = await createDocument(ctx, onBehalf, {
    typeCode: letter.typeCode,
    summary: letter.summary,
    content: letter.content,
    signerName: letter.signerName,
    signerPosition: letter.signerPosition,
    signerCompetence: letter.signerCompetence,
    dueDate: letter.dueDate ?? undefined,
    replyToId: letter.replyToId ?? undefined,
    recipients: letter.recipients,
  });
  for (const f of letter.files) await addAttachment(ctx, onBehalf, id, { fileName: f.fileName, bytes: Buffer.from(f.bytes), role: f.role ?? 'main' });
  const issued = await issueDocument(ctx, onBehalf, id);
  return { documentId: id, symbol: issued.symbol, number: issued.number, issuedAt: issued.issuedAt, dispatched: issued.dispatched.map((d) => ({ orgId: d.orgId, itemId: d.itemId })) };
}
