import type { Executor } from '../../../db/connect.js';
import type { AppContext } from '../../context.js';
import { isSecret, URGENCY_LABELS, type Confidentiality, type Urgency } from '../../../domain/classification.js';
import { COPY_KINDS, isCopyKind } from '../../../domain/document-types.js';
import { formatDateVi } from '../../../domain/numbering.js';

/** What a mail says about a document, read inside the transaction that queues the mail. */
export async function documentFacts(trx: Executor, ctx: AppContext, documentId: number) {
  const d = await trx
    .selectFrom('documents as d')
    .innerJoin('document_types as t', 't.code', 'd.type_code')
    .leftJoin('organizations as o', 'o.id', 'd.org_id')
    .select([
      'd.id', 'd.org_id', 'd.created_by', 'd.symbol', 'd.summary', 'd.doc_date', 'd.signer_name', 'd.signer_position', 'd.signer_competence',
      'd.urgency', 'd.confidentiality', 'd.due_date', 'd.external_sender', 'd.copy_kind', 't.name as type_name',
      'o.name as org_name', 'o.email as org_email', 'o.mail_attach', 'o.mail_attach_max_mb',
    ])
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  if (!d) return null;
  const typeName = d.copy_kind && isCopyKind(d.copy_kind) ? `${COPY_KINDS[d.copy_kind].name} — ${d.type_name}` : d.type_name;
  const signer = [d.signer_competence, d.signer_position, d.signer_name].filter(Boolean).join(' ');
  return {
    id: d.id,
    orgId: d.org_id,
    createdBy: d.created_by,
    symbol: d.symbol,
    summary: d.summary,
    issuer: d.org_name ?? d.external_sender ?? '',
    issuerEmail: d.org_email,
    mailAttach: Number(d.mail_attach ?? 0) === 1,
    mailAttachMaxBytes: Number(d.mail_attach_max_mb ?? 0) * 1024 * 1024,
    secret: isSecret(d.confidentiality as Confidentiality),
    dueDate: d.due_date,
    link: `${ctx.config.publicUrl}/app/documents/${d.id}`,
    /** The metadata block every mail about the document carries. */
    fields: [
      ['Loại văn bản', typeName],
      ['Số, ký hiệu', d.symbol ?? '—'],
      ['Ngày văn bản', formatDateVi(d.doc_date) || '—'],
      ['Cơ quan ban hành', d.org_name ?? d.external_sender ?? '—'],
      ['Người ký', signer || '—'],
      ['Trích yếu', d.summary],
      ['Độ khẩn', URGENCY_LABELS[d.urgency as Urgency] ?? d.urgency],
    ] as [string, string][],
  };
}

export type DocumentFacts = NonNullable<Awaited<ReturnType<typeof documentFacts>>>;
