import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DomainError, forbidden } from '../../domain/errors.js';
import type { ParsedPackage } from '../../domain/edxml/parse.js';
import type { SignatureCheck } from '../../domain/edxml/signature.js';
import { documentFactsOf, typeCodeOf, urgencyOfPriority } from '../../domain/edxml/mapping.js';
import { child, textOf, treeToJson } from '../../domain/edxml/tree.js';
import { appendAudit } from '../audit/service.js';
import { sha256 } from '../blobs/store.js';
import { readPackage } from './read-package.js';
import { storedForm } from '../../domain/edxml/stored.js';
import { buildAccessTokens, buildSearchText, checkUpload, createItems, storeAttachment } from '../documents/index.js';
import { insertRows } from '../../db/insert-rows.js';
import { incomingPackageRow, insertIncomingPackage, insertPackages, isUniqueViolation, openSigningKey, outgoingPackageRow, receivedDocumentPackages, type NewPackage, type OutgoingPackage } from './repo.js';
import { importTargets } from './import-targets.js';
import { queueDeliveries, statusPackageFor } from './status-out.js';
import { applyStatusPackage, type StatusImportResult } from './status-in.js';
import { signatureNote, signatureRefused } from './signature-view.js';
import { BUSINESS_LABELS, affectedDocumentIds, applyRevocation, askAboutOriginals, originalsOf, type RevocationResult } from './business.js';
import { STATUS } from '../../domain/statuses.js';

export interface ImportOptions {
  /** Organisations to deliver to (command line --to, or a transport that routed the package). */
  toOrgIds?: number[];
  /** The peer node the package came through (a push, the national axis): answers go back through it. */
  peerId?: number;
  /** Runs in the import's transaction: a transport records the consignment there, so it is taken exactly once. */
  withinTransaction?: (trx: Executor, result: ImportResult) => Promise<void>;
  /** A transport's check that the package's From (OrganId) may come through it; throws when not. */
  checkSender?: (senderCode: string) => Promise<void>;
}

export interface DocumentImportResult {
  kind: 'document';
  duplicate: boolean;
  documentId: number;
  items: { itemId: number; orgId: number }[];
  signature: SignatureCheck;
  /** An update or a replacement: the original documents it is about, each item waiting for the clerk's 15 or 16. */
  originals?: { itemId: number; orgId: number; documentId: number }[];
  business?: 'revoke' | 'update' | 'replace';
}

export type ImportResult = DocumentImportResult | StatusImportResult | RevocationResult;

/** `actor` null: a transport (peer push, the national axis) delivering for the whole node. */
function requireImporter(actor: Actor | null) {
  if (actor && !actor.isProvinceAdmin && !hasRole(actor, 'clerk')) throw forbidden('Chỉ văn thư nhập gói edXML.', 'Only a clerk imports edXML packages.');
}

/** A refused package is logged (with its bytes kept) before the refusal is answered. */
async function logRefusal(ctx: AppContext, actor: Actor | null, pkg: ParsedPackage, bytes: Buffer, orgId: number, check: SignatureCheck, facts: { senderCode: string; documentId: string; statusCode?: string }, peerId?: number) {
  // Rare, and the files were never stored: the refused package is kept whole.
  const sha = await ctx.blobs.put(bytes);
  const at = ctx.now().toISOString();
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await insertIncomingPackage(trx, {
        consignment: `${sha}:refused`,
        kind: pkg.kind,
        state: 'refused',
        orgId,
        documentId: null,
        itemId: null,
        edxmlDocumentId: facts.documentId,
        senderCode: facts.senderCode,
        receiverCodes: null,
        businessDocType: null,
        statusCode: facts.statusCode ?? null,
        check,
        sha256: sha,
        size: bytes.length,
        body: null,
        header: JSON.stringify(treeToJson(pkg.tree)),
        dedupeKey: `in:refused:${orgId}:${sha}`,
        lastError: check.reason ?? null,
        peerId: peerId ?? null,
        at,
      });
      await appendAudit(trx, { at, actorUserId: actor?.userId ?? null, orgId, action: 'edxml.refuse', entityType: 'edxml_package', entityId: sha, data: { sender: facts.senderCode, documentId: facts.documentId, reason: check.reason } });
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
}

/** Imports an edXML package: a document into the recipients' inboxes at 01, or a status onto a trail. */
export async function importEdxml(ctx: AppContext, actor: Actor | null, bytes: Buffer, opts: ImportOptions = {}): Promise<ImportResult> {
  requireImporter(actor);
  const { pkg, check, knownSha } = await readPackage(bytes, ctx.config.edxml, opts.checkSender);
  if (pkg.kind === 'status') {
    return applyStatusPackage(ctx, actor, pkg, bytes, sha256(bytes), check, (orgId, f) => logRefusal(ctx, actor, pkg, bytes, orgId, check, f, opts.peerId), opts);
  }
  const db = ctx.db.kysely;
  const trace = child(child(child(pkg.tree, 'edXMLEnvelope'), 'edXMLHeader'), 'TraceHeaderList');
  const f = documentFactsOf(pkg.header, trace);
  const { targets, known, receivers, senderPeerId } = await importTargets(db, actor, f, opts.toOrgIds);
  if (check.result === 'invalid') {
    await logRefusal(ctx, actor, pkg, bytes, targets[0]!, check, { senderCode: f.senderCode, documentId: f.documentId }, opts.peerId);
    throw signatureRefused(check);
  }
  if (f.businessDocType === '1') return applyRevocation(ctx, actor, pkg, bytes, f, trace, targets, check, opts);
  const fresh = targets.filter((t) => !known.some((k) => k.orgId === t));
  // An update or a replacement: what it updates or replaces, at each recipient.
  const affected = f.businessDocType === '0' ? [] : affectedDocumentIds(trace, f);
  const originals = affected.length ? await originalsOf(db, f.senderCode, affected, fresh) : [];
  const business = f.businessDocType === '2' ? ('update' as const) : f.businessDocType === '3' ? ('replace' as const) : undefined;
  // The same DocumentId (and business type) from the same sender to the same organisation: acknowledged, not imported again.
  if (!fresh.length) return { kind: 'document', duplicate: true, documentId: known[0]!.documentId, items: known.map((k) => ({ itemId: k.itemId, orgId: k.orgId })), signature: check };

  // Files are checked by their content like any upload, and kept as sent (a zip stays a zip).
  const files = pkg.attachments.map((a, i) => {
    try {
      return { a, checked: checkUpload(ctx, { fileName: a.name, bytes: a.bytes }) };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const path = `AttachmentEncoded/Attachment[${i + 1}]`;
      throw new DomainError(e.kind, e.code, `Tệp "${a.name}" (${path}): ${e.messageVi}`, `File "${a.name}" (${path}): ${e.messageEn}`, path);
    }
  });
  // Nothing reads a file's bytes after this (its size is in `checked`): they are handed over.
  for (const { a } of files) a.binary.sha256 = await ctx.blobs.put(a.bytes, knownSha(a), true);
  const body = storedForm(pkg.input, new Map(files.filter(({ a }) => a.binary.run !== undefined).map(({ a }) => [a.binary.run!, a.binary.sha256!])));
  // The package's identity: the hash of what is kept (its text, the files by their hashes).
  const sha = body === null ? await ctx.blobs.put(bytes) : sha256(Buffer.from(body, 'utf8'));
  const header = JSON.stringify(treeToJson(pkg.tree));
  const types = await documentTypes(db);
  const typeCode = typeCodeOf(f.typeName, types);
  const typeName = types.find((t) => t.code === typeCode)!.name;
  const signer = { name: textOf(f.signer, 'FullName') || null, position: textOf(f.signer, 'Position') || null, competence: textOf(f.signer, 'Competence') || null };
  const note = [
    `Nhận qua edXML từ ${f.senderName} (${f.senderCode}).`,
    `${signatureNote(check)}.`,
    f.businessDocType !== '0' ? `Gói ${BUSINESS_LABELS[f.businessDocType]!.vi} văn bản${f.businessReason ? `: ${f.businessReason}` : ''}.` : '',
    business && affected.length && !originals.length ? `Không tìm thấy văn bản gốc (${affected.join(', ')}).` : '',
    f.paper ? 'Có gửi kèm bản giấy.' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const at = ctx.now().toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const replyTo = originals[0]?.documentId ?? (await documentAnswered(trx, f.responseFor));
      const { rows: written } = await insertRows(trx, ctx.db.dialect, 'documents', [
        {
          origin: 'edxml',
          org_id: null,
          external_sender: f.senderName,
          external_sender_code: f.senderCode || null,
          created_by: actor?.userId ?? null,
          state: 'issued',
          type_code: typeCode,
          summary: f.subject,
          content: f.content,
          signer_name: signer.name,
          signer_position: signer.position,
          signer_competence: signer.competence,
          urgency: urgencyOfPriority(f.priority),
          confidentiality: 'thuong',
          due_date: f.dueDate,
          reply_to_id: replyTo,
          drafting_unit: null,
          register_id: null,
          number: /^\d+$/.test(f.number) ? Number(f.number) : null,
          notation: f.notation,
          symbol: f.symbol,
          issue_year: f.date ? Number(f.date.slice(0, 4)) : null,
          issued_at: null,
          doc_date: f.date,
          copy_kind: null,
          copy_of_id: null,
          copies_count: null,
          record_keeper: null,
          notes: note.slice(0, 1000),
          search_text: buildSearchText({ symbol: f.symbol, summary: f.subject, signer_name: signer.name, external_sender: f.senderName, typeName }),
          access_tokens: buildAccessTokens(fresh),
          created_at: at,
          updated_at: at,
        },
      ], { returning: ['id'] });
      const doc = written[0]!;
      for (const [i, { a, checked }] of files.entries()) {
        await storeAttachment(ctx, trx, doc.id, { role: i === 0 ? 'main' : 'appendix' }, checked, a.binary.sha256!, at);
      }
      const items = await createItems(trx, ctx.db.dialect, { id: doc.id, due_date: f.dueDate }, fresh, at, note);
      // Each item's package row and its 01 (arrived) for the sender, all in one statement.
      const incoming = items.map((item) =>
        incomingPackageRow({
          consignment: sha,
          kind: 'document',
          state: 'imported',
          orgId: item.orgId,
          documentId: doc.id,
          itemId: item.itemId,
          edxmlDocumentId: f.documentId,
          senderCode: f.senderCode,
          receiverCodes: f.toCodes.join(','),
          businessDocType: Number(f.businessDocType),
          statusCode: null,
          check,
          sha256: sha,
          size: bytes.length,
          body,
          header,
          dedupeKey: `in:document:${item.orgId}:${f.senderCode}:${f.businessDocType}:${f.documentId}`,
          peerId: opts.peerId ?? null,
          at,
        }),
      );
      const received = { senderCode: f.senderCode, documentId: f.documentId, code: f.symbol, date: f.date ?? '', peerId: opts.peerId ?? null };
      const arrived: { pkg: OutgoingPackage; row: NewPackage }[] = [];
      for (const item of items) {
        // The key stays apart from the facts that go into the package.
        const { storedKey, ...from } = receivers.get(item.orgId)!;
        const known = { received, from, key: signingKeyFor(storedKey), route: received.peerId ?? senderPeerId };
        const pkg = (await statusPackageFor(trx, { id: item.itemId, document_id: doc.id, org_id: item.orgId }, STATUS.ARRIVED, 'Hệ thống', at, null, known))!;
        arrived.push({ pkg, row: outgoingPackageRow(pkg) });
      }
      const ids = await insertPackages(trx, [...incoming, ...arrived.map((a) => a.row)]);
      await queueDeliveries(trx, arrived.map((a) => ({ ...a.pkg, id: ids.get(a.row.dedupe_key)! })));
      const asked = await askAboutOriginals(trx, originals, f, at, f.symbol);
      await appendAudit(trx, {
        at,
        actorUserId: actor?.userId ?? null,
        orgId: actor && !actor.isProvinceAdmin ? actor.agencyId : null,
        action: 'edxml.import',
        entityType: 'document',
        entityId: doc.id,
        data: { sender: f.senderCode, documentId: f.documentId, symbol: f.symbol, items: items.map((i) => i.itemId), to: fresh, signature: check.result, sha256: sha, ...(business ? { business, originals: asked.map((o) => o.itemId) } : {}) },
      });
      const result: DocumentImportResult = { kind: 'document', duplicate: false, documentId: doc.id, items, signature: check, ...(business ? { business, originals: asked.map((o) => ({ itemId: o.itemId, orgId: o.orgId, documentId: o.documentId })) } : {}) };
      await opts.withinTransaction?.(trx, result);
      return result;
    });
  } catch (e) {
    // The same package imported at the same moment by another request: that one won.
    if (e instanceof DomainError || !isUniqueViolation(e)) throw e;
    const now = (await receivedDocumentPackages(db, f.senderCode, f.documentId)).filter((p) => targets.includes(p.org_id) && String(p.business_doc_type ?? 0) === f.businessDocType);
    if (!now.length) throw e;
    return { kind: 'document', duplicate: true, documentId: now[0]!.document_id!, items: now.map((k) => ({ itemId: k.inbox_item_id!, orgId: k.org_id })), signature: check };
  }
}

const signingKeyFor = (stored: Parameters<typeof openSigningKey>[0] | null) => (stored ? openSigningKey(stored) : null);

// Document types change rarely (an administrator's edit): read at most every 30 seconds.
const typesCache = new WeakMap<object, { at: number; rows: { code: string; name: string; abbr: string }[] }>();
async function documentTypes(db: Executor) {
  let c = typesCache.get(db);
  if (!c || Date.now() - c.at > 30_000) typesCache.set(db, (c = { at: Date.now(), rows: await db.selectFrom('document_types').select(['code', 'name', 'abbr']).execute() }));
  return c.rows;
}

/** A document of ours the package answers (ResponseFor), by its sender's code and symbol. */
async function documentAnswered(db: Executor, responseFor: ReturnType<typeof documentFactsOf>['responseFor']): Promise<number | null> {
  for (const rf of responseFor) {
    const organId = textOf(rf, 'OrganId');
    const code = textOf(rf, 'Code');
    if (!organId || !code) continue;
    const doc = await db
      .selectFrom('documents')
      .innerJoin('organizations', 'organizations.id', 'documents.org_id')
      .select('documents.id')
      .where('organizations.code', '=', organId)
      .where('documents.symbol', '=', code)
      .where('documents.state', '=', 'issued')
      .orderBy('documents.id', 'desc')
      .executeTakeFirst();
    if (doc) return doc.id;
  }
  return null;
}
