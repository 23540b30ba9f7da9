import { createHash, X509Certificate } from 'node:crypto';
import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { invalid, notFound, refused } from '../../domain/errors.js';
import { localDate } from '../../domain/numbering.js';
import { REVOKED_LABEL, revocationSummary, VERDICT_LABELS, verificationNote, vietnamIso, worstVerdict, type RevocationCheck, type RevocationSchedule, type RevocationSummary, type SignatureCheck, type SignatureVerdict } from '../../domain/signatures.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { documentFacts, loadVisibleDocument, noteArrival, pdfFilesOf, replaceAttachmentFile } from '../documents/index.js';
import { commonName, loadSigner } from './keys.js';
import { locateLayout, type Layout } from './layout.js';
import { signPdf, signPdfHashed, type SignedPdf, type TextOnPage } from './pades.js';
import { verifyPdf, type PdfVerification } from './verify.js';
import { queueRevocationCheck, revocationSchedules } from './revocation-job.js';

/** The trust anchors the province keeps (`lienthong trust add`). */
export async function anchorPems(db: Executor): Promise<string[]> {
  return (await db.selectFrom('trust_anchors').select('pem').execute()).map((r) => r.pem);
}

export async function addTrustAnchor(db: Executor, pem: string, at: string) {
  let x: X509Certificate;
  try {
    x = new X509Certificate(pem);
  } catch {
    throw invalid('certificate', 'Tệp không phải chứng thư số X.509 (PEM hoặc DER).', 'Not an X.509 certificate (PEM or DER).');
  }
  if (!x.ca) throw refused('not_a_ca', 'Chỉ thêm chứng thư của CA gốc hoặc CA trung gian vào danh sách tin cậy.', 'Only root or intermediate CA certificates can be trust anchors.');
  const row = { fingerprint: x.fingerprint256, subject: x.subject.replace(/\n/g, ', '), pem: x.toString(), not_after: new Date(x.validTo).toISOString(), added_at: at };
  await db.insertInto('trust_anchors').values(row).onConflict((oc) => oc.column('fingerprint').doNothing()).execute();
  return { fingerprint: row.fingerprint, subject: row.subject, notAfter: row.not_after };
}

export async function listTrustAnchors(db: Executor) {
  return (await db.selectFrom('trust_anchors').select(['fingerprint', 'subject', 'not_after', 'added_at']).orderBy('id').execute()).map((r) => ({ fingerprint: r.fingerprint, subject: r.subject, notAfter: r.not_after, addedAt: r.added_at }));
}

/** dd/mm/yyyy of an ISO date. */
const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

/** Signs the leader's PDF: the visible signature (image, name, time) at the signer's block. */
export async function signAsPerson(ctx: AppContext, actor: Actor, pdf: Buffer, signerName: string | null): Promise<{ signed: Buffer; layout: Layout }> {
  const key = await loadSigner(ctx.db.kysely, actor.agencyId, actor.userId);
  if (!key) throw refused('no_signing_key', 'Bạn chưa có khóa ký số (tệp PKCS#12 hoặc thiết bị ký số). Hãy nhờ quản trị cấp khóa.', 'You have no signing key (PKCS#12 file or token). Ask the administrator to set one up.');
  const layout = await locateLayout(pdf, signerName ?? actor.fullName);
  const at = ctx.now();
  const name = commonName(key.subject);
  const signed = await signPdf({
    pdf,
    signer: key.signer,
    field: `KyDuyet${at.getTime()}`,
    name,
    reason: 'Ký duyệt văn bản',
    location: 'Việt Nam',
    signingTime: at,
    visible: { box: layout.signature, image: key.image, lines: [`Ký bởi: ${name}`, `Thời gian ký: ${vietnamIso(at)}`], color: 'blue' },
  });
  return { signed, layout };
}

/** Documents of a transaction that prepareAtIssue recorded unsigned: signAtIssue has nothing left to do. */
const preparedUnsigned = new WeakMap<Executor, Set<number>>();

/**
 * Before the number is taken (hook `preparing`): when the agency has no key, the document is
 * issued as it stands, so it is recorded unsigned now and its PDFs verified once, for the
 * check on arrival a moment later (`verifyArrival` finds them remembered) — the file read
 * and the verification no longer happen while the register's counter is held. With a key,
 * signAtIssue signs after the number and remembers what it signed.
 */
export async function prepareAtIssue(trx: Executor, ctx: AppContext, e: { documentId: number; orgId: number; at: string }) {
  if (await loadSigner(trx, e.orgId, null)) return;
  const files = await pdfFilesOf(trx, e.documentId);
  await recordIssued(trx, e, files[0] ?? null, 'unsigned', []);
  let prepared = preparedUnsigned.get(trx);
  if (!prepared) preparedUnsigned.set(trx, (prepared = new Set()));
  prepared.add(e.documentId);
  if (!files.length) return;
  const anchors = await anchorPems(trx);
  for (const f of files) if (!verified.has(anchorsKey(f.sha256, anchors))) remember(f.sha256, anchors, verifyPdf(await ctx.blobs.read(f.sha256), anchors));
}

/**
 * At issue (hook `issuing`, inside the issue's transaction): the number, symbol and date are
 * written at their places in the main PDF and the agency's signature is applied (seal over
 * the left third of the signer's image, the agency's name and the time with +07:00);
 * appendices get the agency's signature at the top right of their first page. Nothing is
 * done when the agency has no key: the document is issued unsigned and counted so.
 */
export async function signAtIssue(trx: Executor, ctx: AppContext, e: { documentId: number; orgId: number; symbol: string; number: number; docDate: string; at: string }) {
  // Recorded unsigned before the number was taken (prepareAtIssue).
  if (preparedUnsigned.get(trx)?.delete(e.documentId)) return;
  const key = await loadSigner(trx, e.orgId, null);
  const files = await pdfFilesOf(trx, e.documentId);
  if (!key || !files.length) {
    await recordIssued(trx, e, files[0] ?? null, 'unsigned', []);
    return;
  }
  const org = (await getOrg(trx, e.orgId))!;
  const flow = await trx.selectFrom('draft_flows').select('layout').where('document_id', '=', e.documentId).executeTakeFirst();
  const facts = await documentFacts(trx, e.documentId);
  const signingTime = new Date(e.at);
  const when = vietnamIso(signingTime);
  const [, mm, dd] = e.docDate.split('-');
  for (const [i, f] of files.entries()) {
    const bytes = await ctx.blobs.read(f.sha256);
    let signed: SignedPdf;
    try {
    if (i === 0 && f.role === 'main') {
      const layout: Layout = flow?.layout ? (JSON.parse(flow.layout) as Layout) : await locateLayout(bytes, facts?.signer_name ?? null);
      const texts: TextOnPage[] = [];
      if (layout.number) texts.push({ ...layout.number, text: String(e.number).padStart(2, '0') });
      if (layout.day) texts.push({ ...layout.day, text: dd! });
      if (layout.month) texts.push({ ...layout.month, text: mm! });
      if (!layout.number && !layout.day) texts.push({ page: 0, x: 60, y: 800, size: 10, text: `Số: ${e.symbol}, ngày ${ddmmyyyy(e.docDate)}` });
      const box = layout.signature;
      const seal = { ...box, x: box.x - box.height / 3, width: box.height, height: box.height };
      signed = await signPdfHashed({
        pdf: bytes,
        signer: key.signer,
        field: `KyCoQuan${signingTime.getTime()}`,
        name: org.name,
        reason: `Phát hành văn bản số ${e.symbol}`,
        location: 'Việt Nam',
        signingTime,
        texts,
        visible: { box: { ...box, x: box.x + box.width / 3, width: (box.width * 2) / 3 }, image: key.image, imageBox: seal, lines: [org.name, when], color: 'red' },
      });
    } else {
      signed = await signPdfHashed({
        pdf: bytes,
        signer: key.signer,
        field: `KyCoQuanPhuLuc${signingTime.getTime()}`,
        name: org.name,
        reason: `Phụ lục kèm văn bản số ${e.symbol}`,
        location: 'Việt Nam',
        signingTime,
        visible: { box: { page: 0, x: -190, y: -58, width: 180, height: 44 }, topRight: true, lines: [org.name, `Số: ${e.symbol}`, when], color: 'red' },
      });
    }
    } catch (err) {
      // A file pdf-lib cannot lay out (no page, encrypted, damaged) is issued as it came, counted unsigned.
      ctx.log.warn({ err, documentId: e.documentId, file: f.file_name }, 'agency signature not applied');
      if (i === 0) await recordIssued(trx, e, f, 'unsigned', []);
      continue;
    }
    const anchors = await anchorPems(trx);
    // Hashed once while signing: verified and stored under that hash without reading it again.
    const v = verifyPdf(signed.pdf, anchors, signed.rangeHashes);
    const size = signed.pdf.length;
    const sha = await ctx.blobs.put(signed.pdf, signed.sha256, true);
    remember(sha, anchors, v);
    await replaceAttachmentFile(trx, f.id, { sha256: sha, size }, e.at);
    if (i === 0) await recordIssued(trx, e, { ...f, sha256: sha }, v.verdict === 'unsigned' ? 'unsigned' : v.verdict, v.signatures);
  }
}

async function recordIssued(trx: Executor, e: { documentId: number; orgId: number; at: string }, file: { id: number; file_name: string; sha256: string } | null, verdict: SignatureVerdict, checks: SignatureCheck[]) {
  await trx
    .insertInto('signature_checks')
    .values({ document_id: e.documentId, org_id: e.orgId, direction: 'issued', attachment_id: file?.id ?? 0, file_name: file?.file_name ?? '', sha256: file?.sha256 ?? '', verdict, checks: JSON.stringify(checks), checked_at: e.at })
    .execute();
}

/**
 * Verifications of files just signed at issue, by content hash and trust anchors: the same
 * bytes dispatched a moment later to the agency's recipients are not read and hashed again.
 */
const verified = new Map<string, PdfVerification>();
const anchorsKey = (sha: string, anchors: string[]) => `${sha}:${createHash('sha256').update(anchors.join('\n')).digest('hex')}`;

function remember(sha: string, anchors: string[], v: PdfVerification) {
  if (verified.size >= 256) verified.delete(verified.keys().next().value!);
  verified.set(anchorsKey(sha, anchors), v);
}

function remembered(sha: string, anchors: string[]): PdfVerification | undefined {
  const v = verified.get(anchorsKey(sha, anchors));
  return v && structuredClone(v);
}

/**
 * On arrival (hooks `dispatched` and `arrived`): every PDF of the document is verified; the
 * result is kept with the document and written into the arrival entry of the trail. A
 * document signed but broken or untrusted is flagged to the recipients' clerks.
 */
export async function verifyArrival(trx: Executor, ctx: AppContext, e: { documentId: number; recipientOrgIds: number[]; at: string }) {
  if (!e.recipientOrgIds.length) return;
  const files = await pdfFilesOf(trx, e.documentId);
  if (!files.length) return;
  const anchors = await anchorPems(trx);
  const notes: string[] = [];
  for (const f of files) {
    const v = remembered(f.sha256, anchors) ?? verifyPdf(await ctx.blobs.read(f.sha256), anchors);
    const stored = await trx
      .insertInto('signature_checks')
      .values({ document_id: e.documentId, org_id: e.recipientOrgIds[0]!, direction: 'received', attachment_id: f.id, file_name: f.file_name, sha256: f.sha256, verdict: v.verdict, checks: JSON.stringify(v.signatures), checked_at: e.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    // OCSP/CRL are asked after the commit, never inside this transaction.
    if (v.signatures.some((s) => s.revocationCheck?.why === 'pending')) await queueRevocationCheck(trx, { checkId: stored.id, documentId: e.documentId, orgId: e.recipientOrgIds[0]!, recipientOrgIds: e.recipientOrgIds, at: e.at });
    if (v.verdict !== 'unsigned') notes.push(verificationNote(f.file_name, v.signatures, v.verdict));
  }
  if (notes.length) await noteArrival(trx, e.documentId, e.recipientOrgIds, notes.join(' · '));
}

export type DocumentSignatures = {
  verdict: SignatureVerdict;
  label: string;
  labelEn: string;
  files: { attachmentId: number; fileName: string; verdict: SignatureVerdict; direction: 'issued' | 'received'; checkedAt: string; signatures: (SignatureCheck & { revocationCheck: RevocationCheck | null; revocationSummary: RevocationSummary })[] }[];
  /** For a broken or untrusted signature: the reason the clerk may return the document with (02). */
  returnReason: string | null;
};

/** The verification kept with a document the actor may see (latest check of each file). */
export async function documentSignatures(ctx: AppContext, actor: Actor, documentId: number): Promise<DocumentSignatures> {
  await loadVisibleDocument(ctx.db.kysely, actor, documentId);
  const rows = await ctx.db.kysely.selectFrom('signature_checks').selectAll().where('document_id', '=', documentId).orderBy('id', 'desc').execute();
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.attachment_id)) latest.set(r.attachment_id, r);
  // Revocation as the panel says it: checked (how, when), or not reachable and asked again at … / given up after N tries.
  const schedules = rows.some((r) => r.direction === 'received') ? await revocationSchedules(ctx.db.kysely, documentId) : new Map<number, RevocationSchedule>();
  const now = ctx.now();
  const files = [...latest.values()].reverse().map((r) => ({
    attachmentId: r.attachment_id,
    fileName: r.file_name,
    verdict: r.verdict,
    direction: r.direction,
    checkedAt: r.checked_at,
    signatures: (JSON.parse(r.checks) as SignatureCheck[]).map((c) => ({ ...c, revocationCheck: c.revocationCheck ?? null, revocationSummary: revocationSummary(c.revocationCheck, schedules.get(r.attachment_id) ?? null, now, { direction: r.direction, intact: c.integrity }) })),
  }));
  const verdict = files.length ? worstVerdict(files.map((f) => f.verdict)) : 'unsigned';
  const bad = files.find((f) => f.verdict === 'broken' || f.verdict === 'untrusted');
  const revoked = bad?.signatures.find((c) => c.problem === 'certificate_revoked');
  const returnReason = bad
    ? revoked
      ? `Chứng thư số của người ký "${revoked.signer ?? '?'}" trên tệp "${bad.fileName}" đã bị thu hồi${revoked.revocationCheck?.revokedAt ? ` lúc ${vietnamIso(new Date(revoked.revocationCheck.revokedAt))}` : ''}, trước thời điểm ký: chữ ký số không có giá trị. Đề nghị gửi lại văn bản ký bằng chứng thư số còn hiệu lực.`
      : bad.verdict === 'broken'
      ? `Chữ ký số của tệp "${bad.fileName}" không hợp lệ: văn bản đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng. Đề nghị gửi lại văn bản đã ký số hợp lệ.`
      : `Chữ ký số của tệp "${bad.fileName}" không thuộc danh sách chứng thư tin cậy của tỉnh. Đề nghị gửi lại văn bản ký bằng chứng thư số hợp lệ.`
    : null;
  // Untrusted because a certificate was revoked before the signing time: said so, not "outside the trust anchors".
  const label = verdict === 'untrusted' && revoked ? REVOKED_LABEL : VERDICT_LABELS[verdict];
  return { verdict, label: label.vi, labelEn: label.en, files, returnReason };
}

/** Whether the actor's agency has an agency key, and the actor a personal one. */
export async function keyStatus(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.kysely.selectFrom('signing_keys').select(['user_id', 'kind', 'subject', 'not_after']).where('org_id', '=', actor.agencyId).where('active', '=', 1).execute();
  const view = (r: (typeof rows)[number] | undefined) => (r ? { kind: r.kind, subject: r.subject, notAfter: r.not_after } : null);
  return { agency: view(rows.find((r) => r.user_id === null)), mine: view(rows.find((r) => r.user_id === actor.userId)) };
}

/**
 * For the monitoring indicators (documents signed ÷ documents issued): per agency and month
 * (Vietnam time, yyyy-mm), the documents issued electronically and those issued signed.
 */
export async function signingCounts(db: Executor, month: string): Promise<{ orgId: number; month: string; issued: number; signed: number }[]> {
  if (!/^\d{4}-\d{2}$/.test(month)) throw invalid('month', 'Tháng phải có dạng yyyy-mm.', 'month must be yyyy-mm.');
  const [y, m] = month.split('-').map(Number) as [number, number];
  // The month's bounds in UTC: Vietnam is UTC+7 all year.
  const from = new Date(Date.UTC(y, m - 1, 1) - 7 * 3600_000).toISOString();
  const to = new Date(Date.UTC(y, m, 1) - 7 * 3600_000).toISOString();
  const rows = await db.selectFrom('signature_checks').select(['org_id', 'document_id', 'verdict']).where('direction', '=', 'issued').where('checked_at', '>=', from).where('checked_at', '<', to).execute();
  const by = new Map<number, { issued: Set<number>; signed: Set<number> }>();
  for (const r of rows) {
    const e = by.get(r.org_id) ?? { issued: new Set(), signed: new Set() };
    e.issued.add(r.document_id);
    if (r.verdict === 'valid' || r.verdict === 'untrusted') e.signed.add(r.document_id);
    by.set(r.org_id, e);
  }
  return [...by.entries()].map(([orgId, e]) => ({ orgId, month, issued: e.issued.size, signed: e.signed.size })).sort((a, b) => a.orgId - b.orgId);
}

export const monthOf = (at: Date) => localDate(at).slice(0, 7);

export async function auditTrust(trx: Executor, actorUserId: number | null, orgId: number | null, fingerprint: string, at: string) {
  await appendAudit(trx, { at, actorUserId, orgId, action: 'signature.trust_add', entityType: 'trust_anchor', entityId: fingerprint, data: { fingerprint } });
}

export const unknownDocument = () => notFound('document');
