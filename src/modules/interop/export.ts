import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { conflict, notFound, refused } from '../../domain/errors.js';
import { isSecret, type Confidentiality, type Urgency } from '../../domain/classification.js';
import { buildPackage, packageBytes, type BuiltPackage } from '../../domain/edxml/build.js';
import { documentIdOf, documentPackageTree, type ResponseForFacts } from '../../domain/edxml/mapping.js';
import { signPackage } from '../../domain/edxml/signature.js';
import { toLocalTimestamp } from '../../domain/edxml/dates.js';
import { child, children, type Binary, type Group } from '../../domain/edxml/tree.js';
import { loadVisibleDocument } from '../documents/index.js';
import { organFactsOf, promulgationPlace } from './organs.js';
import { packageBytesOf, signingKeyOf } from './repo.js';

export interface ExportedPackage {
  bytes: Buffer;
  fileName: string;
  signed: boolean;
}

const fileNameOf = (symbol: string | null, id: number) => `${(symbol ?? `van-ban-${id}`).replace(/[\\/:*?"<>|\s]+/g, '-')}.edxml`;

/** The ResponseFor of a document that answers another one (ours, or one received by edXML). */
async function responseForOf(db: Executor, replyToId: number | null): Promise<ResponseForFacts[]> {
  if (replyToId === null) return [];
  const r = await db.selectFrom('documents').select(['id', 'org_id', 'symbol', 'doc_date']).where('id', '=', replyToId).executeTakeFirst();
  if (!r?.symbol) return [];
  const received = await db.selectFrom('edxml_packages').select(['sender_code', 'edxml_document_id']).where('document_id', '=', r.id).where('direction', '=', 'in').where('kind', '=', 'document').executeTakeFirst();
  if (received?.sender_code && received.edxml_document_id) return [{ organId: received.sender_code, code: r.symbol, date: r.doc_date ?? '', documentId: received.edxml_document_id }];
  const code = r.org_id ? (await db.selectFrom('organizations').select('code').where('id', '=', r.org_id).executeTakeFirst())?.code : null;
  return code ? [{ organId: code, code: r.symbol, date: r.doc_date ?? '', documentId: documentIdOf(code, r.doc_date ?? '', r.symbol) }] : [];
}

type IssuedDoc = Awaited<ReturnType<typeof loadVisibleDocument>>['doc'];

/** What a transport queues: the package written and signed, its To codes and the stored files it carries. */
export interface IssuedPackage extends ExportedPackage {
  built: BuiltPackage;
  tree: Group;
  toCodes: string[];
  /** SHA-256 of each attachment, in the order of the package (its runs). */
  fileShas: string[];
}

/**
 * A document issued here, as the package its recipients receive: To = every recipient with
 * a code, or only `toOrgIds` (the recipients one peer node hosts); ToPlaces always lists all.
 * `db` may be the issuing transaction.
 */
export async function issuedPackage(ctx: AppContext, db: Executor, doc: IssuedDoc, toOrgIds?: number[]): Promise<IssuedPackage> {
  if (doc.state !== 'issued' || !doc.symbol || !doc.doc_date || !doc.issued_at) throw conflict('not_issued', 'Văn bản chưa được phát hành.', 'The document is not issued yet.');
  if (isSecret(doc.confidentiality as Confidentiality)) {
    throw refused('secret_not_transmitted', 'Văn bản mật không được gửi qua mạng, kể cả dạng gói edXML.', 'Secret documents are never transmitted, edXML packages included.');
  }
  const recipients = await db.selectFrom('document_recipients').innerJoin('organizations', 'organizations.id', 'document_recipients.org_id').select(['organizations.id', 'organizations.name', 'organizations.code']).where('document_id', '=', doc.id).orderBy('organizations.name').orderBy('organizations.id').execute();
  const coded = recipients.filter((r) => r.code && (!toOrgIds || toOrgIds.includes(r.id)));
  if (!coded.length) throw refused('edxml_no_coded_recipient', 'Không nơi nhận nào có mã định danh: gói edXML cần ít nhất một nơi nhận (To) có mã.', 'No recipient has an agency code: an edXML package needs at least one recipient (To) with a code.');
  const facts = await organFactsOf(db, [doc.org_id!, ...coded.map((r) => r.id)]);
  const from = facts.get(doc.org_id!)!;
  if (!from.code) throw refused('edxml_no_sender_code', 'Cơ quan ban hành chưa có mã định danh.', 'The issuing agency has no agency code.');
  const type = await db.selectFrom('document_types').select(['name', 'sort']).where('code', '=', doc.type_code).executeTakeFirstOrThrow();
  const creator = doc.created_by ? await db.selectFrom('users').select(['full_name', 'email']).where('id', '=', doc.created_by).executeTakeFirst() : undefined;
  const files = await db.selectFrom('attachments').select(['file_name', 'mime', 'sha256']).where('document_id', '=', doc.id).orderBy('id').execute();
  const slash = doc.symbol.indexOf('/');
  const tree = documentPackageTree({
    from,
    to: coded.map((r) => facts.get(r.id)!),
    number: slash > 0 ? doc.symbol.slice(0, slash) : String(doc.number ?? ''),
    notation: doc.notation ?? doc.symbol.slice(slash + 1),
    place: await promulgationPlace(db),
    date: doc.doc_date,
    typeDetail: String(type.sort),
    typeName: type.name,
    subject: doc.summary,
    content: doc.content ?? '',
    signer: { competence: doc.signer_competence ?? '', position: doc.signer_position ?? '', fullName: doc.signer_name ?? '' },
    dueDate: doc.due_date ?? '',
    toPlaces: recipients.map((r) => r.name),
    urgency: doc.urgency as Urgency,
    promulgationAmount: doc.copies_count === null ? '' : String(doc.copies_count),
    responseFor: await responseForOf(db, doc.reply_to_id),
    issuedAt: toLocalTimestamp(new Date(doc.issued_at)),
    staff: { department: from.name, staff: creator?.full_name ?? '', email: creator?.email ?? '' },
    attachments: await Promise.all(files.map(async (f) => ({ name: f.file_name, contentType: f.mime, bytes: await ctx.blobs.read(f.sha256) }))),
  });
  const attachments = children(child(tree, 'AttachmentEncoded'), 'Attachment');
  attachments.forEach((a, i) => ((a.ContentTransferEncoded as Binary).sha256 = files[i]!.sha256));
  const key = await signingKeyOf(db, doc.org_id!);
  let built = buildPackage(tree, 'document');
  if (key) built = signPackage(built, key);
  return { bytes: packageBytes(built), fileName: fileNameOf(doc.symbol, doc.id), signed: !!key, built, tree, toCodes: coded.map((r) => r.code!), fileShas: files.map((f) => f.sha256) };
}

/** A document received by edXML, written again from what was kept of its package. */
async function receivedPackage(ctx: AppContext, actor: Actor, documentId: number, original: boolean): Promise<ExportedPackage> {
  let q = ctx.db.kysely.selectFrom('edxml_packages').select(['header', 'package_sha256', 'body', 'org_id', 'signature']).where('document_id', '=', documentId).where('direction', '=', 'in').where('kind', '=', 'document');
  if (!actor.isProvinceAdmin) q = q.where('org_id', '=', actor.agencyId);
  const row = await q.orderBy('id').executeTakeFirst();
  if (!row) throw notFound('document');
  const doc = await ctx.db.kysely.selectFrom('documents').select(['symbol']).where('id', '=', documentId).executeTakeFirstOrThrow();
  const fileName = fileNameOf(doc.symbol, documentId);
  if (original) return { bytes: await packageBytesOf(ctx, row), fileName, signed: row.signature !== 'none' };
  const tree = JSON.parse(row.header) as Group;
  for (const a of children(child(tree, 'AttachmentEncoded'), 'Attachment')) {
    const b = a.ContentTransferEncoded as Binary;
    b.bytes = await ctx.blobs.read(b.sha256!);
  }
  return { bytes: packageBytes(buildPackage(tree, 'document')), fileName, signed: false };
}

/**
 * A document as an edXML package: one issued by the caller's agency, signed when the
 * agency has a key; or one received by edXML, written again from every field kept (or,
 * with `original`, the package exactly as it arrived).
 */
export async function exportDocumentPackage(ctx: AppContext, actor: Actor, documentId: number, opts: { original?: boolean } = {}): Promise<ExportedPackage> {
  const { doc } = await loadVisibleDocument(ctx.db.kysely, actor, documentId);
  if (doc.origin === 'edxml') return receivedPackage(ctx, actor, documentId, !!opts.original);
  if (doc.org_id !== actor.agencyId && !actor.isProvinceAdmin) throw notFound('document');
  return issuedPackage(ctx, ctx.db.kysely, doc);
}
