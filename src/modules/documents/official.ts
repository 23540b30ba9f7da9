import type { Actor, AppContext } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DOCUMENT_TYPES } from '../../domain/document-types.js';
import { localDate } from '../../domain/numbering.js';
import { getOrg } from '../directory/repo.js';
import { renderOfficialPdf } from '../pdf/render.js';
import { addAttachmentIn, createDocumentIn } from './drafts.js';
import { issueDocumentIn } from './issue.js';

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
  /**
   * The main file first (role 'main', a PDF); generated PDF/XLSX of the record. Without a
   * main PDF, one is rendered from the summary and content in the layout of Decree 30/2020:
   * an electronic issue needs its main document as PDF.
   */
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

/**
/**
 * Written, numbered and dispatched in one transaction: the caller's (`trx`), when its own
 * change must stand or fall with the letter (the report marked issued), else one of its own.
 * `within`: the calling module's own change (its record moving to "submitted", "answered"…),
 * run in that transaction after the number is taken. If it throws — the record moved on
 * meanwhile — nothing of the letter is written, so a race cannot leave a letter the record
 * does not name.
 */
export async function issueOfficialLetter(ctx: AppContext, actor: Actor, letter: OfficialLetter, options: LetterOptions = {}): Promise<IssuedLetter> {
  const hasMain = letter.files.some((f) => (f.role ?? 'main') === 'main' && isPdf(f.bytes));
  const { trx } = options;
  // Rendered before the transaction: the PDF takes time the register's lock need not wait for.
  const files = hasMain ? letter.files : [{ fileName: 'van-ban.pdf', bytes: await mainPdf(ctx, trx ?? ctx.db.kysely, actor, letter), role: 'main' as const }, ...letter.files.map((f) => ({ ...f, role: f.role === 'main' || !f.role ? ('appendix' as const) : f.role }))];
  return trx ? write(ctx, trx, actor, letter, files, options.within) : ctx.db.kysely.transaction().execute((t) => write(ctx, t, actor, letter, files, options.within));
}

export interface LetterOptions {
  trx?: Executor;
  within?: (trx: Executor, issued: IssuedLetter) => Promise<void>;
}

async function write(ctx: AppContext, trx: Executor, actor: Actor, letter: OfficialLetter, files: OfficialLetter['files'], within: LetterOptions['within']): Promise<IssuedLetter> {
  // The workflow's own role was checked by the caller; the agency's register takes the number.
  const onBehalf: Actor = { ...actor, roles: actor.roles.includes('clerk') ? actor.roles : [...actor.roles, 'clerk'] };
  const id = await createDocumentIn(ctx, trx, onBehalf, {
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
  for (const f of files) await addAttachmentIn(ctx, trx, onBehalf, id, { fileName: f.fileName, bytes: Buffer.from(f.bytes), role: f.role ?? 'main' });
  const asLetter = (i: { id: number; number: number; symbol: string; issuedAt: string; dispatched: { orgId: number; itemId: number }[] }): IssuedLetter => ({ documentId: i.id, symbol: i.symbol, number: i.number, issuedAt: i.issuedAt, dispatched: i.dispatched });
  const issued = await issueDocumentIn(ctx, trx, onBehalf, id, within ? { within: (t, i) => within(t, asLetter(i)) } : {});
  return { documentId: id, symbol: issued.symbol, number: issued.number, issuedAt: issued.issuedAt, dispatched: issued.dispatched.map((d) => ({ orgId: d.orgId, itemId: d.itemId })) };
}

const isPdf = (b: Uint8Array) => b.length > 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46;

/** The letter as an administrative document; the number is written in the register at issue. */
async function mainPdf(ctx: AppContext, db: Executor, actor: Actor, letter: OfficialLetter): Promise<Buffer> {
  const org = await getOrg(db, actor.agencyId);
  const parent = org?.parent_id ? await getOrg(db, org.parent_id) : undefined;
  const type = DOCUMENT_TYPES.find((t) => t.code === letter.typeCode);
  const [y, m, d] = localDate(ctx.now()).split('-');
  const place = (parent?.name ?? org?.name ?? '').replace(/^(Ủy ban nhân dân|UBND)\s+(tỉnh|thành phố)\s*/i, '');
  return renderOfficialPdf({
    issuer: (org?.name ?? '').toUpperCase(),
    symbol: `Số:      /${type?.abbr ? `${type.abbr}-` : ''}${org?.short_name ?? ''}`,
    placeDate: `${place ? `${place}, ` : ''}ngày ${Number(d)} tháng ${Number(m)} năm ${y}`,
    title: type?.abbr ? type.name.toUpperCase() : '',
    subtitle: letter.summary,
    paragraphs: (letter.content ?? letter.summary).split(/\n+/).filter(Boolean),
    signer: { competence: letter.signerCompetence, position: letter.signerPosition ?? '', name: letter.signerName },
  });
}
