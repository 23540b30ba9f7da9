import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';

/**
 * What the signatures and drafting modules need of a document's files: its PDFs (the main
 * one first), a file replaced by its signed version at issue, and the arrival's trail note
 * carrying the verification ("Đã ký số bởi … lúc …, toàn vẹn").
 */
export async function pdfFilesOf(db: Executor, documentId: number) {
  const rows = await db.selectFrom('attachments').select(['id', 'sha256', 'file_name', 'role', 'size']).where('document_id', '=', documentId).where('mime', '=', 'application/pdf').where('role', 'in', ['main', 'appendix']).orderBy('id').execute();
  return [...rows.filter((r) => r.role === 'main'), ...rows.filter((r) => r.role !== 'main')];
}

/** Points an attachment at new bytes already in the store (its signed version). */
export async function replaceAttachmentFile(trx: Executor, attachmentId: number, file: { sha256: string; size: number }, at: string) {
  await trx.insertInto('blobs').values({ sha256: file.sha256, size: file.size, kind: 'pdf', mime: 'application/pdf', created_at: at }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  await trx.updateTable('attachments').set({ sha256: file.sha256, size: file.size }).where('id', '=', attachmentId).execute();
}

/** The facts of a document the other modules' hooks work from (no visibility check: callers are inside the flow). */
export function documentFacts(db: Executor, documentId: number) {
  return db.selectFrom('documents').select(['id', 'org_id', 'state', 'summary', 'symbol', 'type_code', 'reply_to_id', 'signer_name', 'signer_position', 'signer_competence', 'created_by']).where('id', '=', documentId).executeTakeFirst();
}

/**
 * Adds a line to the arrival (01) entries of the document's items in their trail: one
 * statement for all the recipients (a dispatch to 50 agencies wrote 50 updates).
 */
export async function noteArrival(trx: Executor, documentId: number, orgIds: number[], note: string) {
  if (!orgIds.length) return;
  await trx
    .updateTable('status_events')
    .set({ note: sql<string>`substr(case when note is null or note = '' then ${note} else note || ${` · ${note}`} end, 1, 2000)` })
    .where('document_id', '=', documentId)
    .where('status', '=', '01')
    .where('org_id', 'in', orgIds)
    .execute();
}

/** The item of an agency for a document (to flag a broken signature to its clerk). */
export function itemOf(db: Executor, documentId: number, orgId: number) {
  return db.selectFrom('inbox_items').select(['id', 'status']).where('document_id', '=', documentId).where('org_id', '=', orgId).executeTakeFirst();
}


/** The agencies holding an item of each document (to tell them live that its verification changed). */
export async function recipientsOf(db: Executor, documentIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (!documentIds.length) return out;
  const rows = await db.selectFrom('inbox_items').select(['document_id', 'org_id']).where('document_id', 'in', [...new Set(documentIds)]).execute();
  for (const r of rows) out.set(r.document_id, [...(out.get(r.document_id) ?? []), r.org_id]);
  return out;
}
