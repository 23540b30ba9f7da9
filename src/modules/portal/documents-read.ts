import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import { num } from '../../db/connect.js';
import { searchTerms } from '../../domain/fold.js';

/**
 * Published documents as the public sees them. Every read goes through `live()`: published,
 * not withdrawn, issued, and not secret — checked again here, whatever the publishing
 * service let through, so an unpublished or secret document can never reach a page.
 */
function live(db: Executor) {
  return db
    .selectFrom('published_documents as pd')
    .innerJoin('documents as d', 'd.id', 'pd.document_id')
    .innerJoin('organizations as o', 'o.id', 'd.org_id')
    .innerJoin('document_types as t', 't.code', 'd.type_code')
    .where('pd.unpublished_at', 'is', null)
    .where('d.state', '=', 'issued')
    .where('d.confidentiality', '=', 'thuong')
    .where('d.origin', '=', 'internal');
}

export interface PublicDocument {
  id: number;
  symbol: string | null;
  typeCode: string;
  typeName: string;
  summary: string;
  orgId: number;
  orgName: string;
  docDate: string | null;
  issuedAt: string | null;
  effectiveDate: string | null;
  publishedAt: string;
  signerName: string | null;
  signerPosition: string | null;
}

const COLUMNS = ['d.id', 'd.symbol', 'd.type_code', 't.name as type_name', 'd.summary', 'd.org_id', 'o.name as org_name', 'd.doc_date', 'd.issued_at', 'pd.effective_date', 'pd.published_at', 'd.signer_name', 'd.signer_position'] as const;

type Row = { id: number; symbol: string | null; type_code: string; type_name: string; summary: string; org_id: number | null; org_name: string; doc_date: string | null; issued_at: string | null; effective_date: string | null; published_at: string; signer_name: string | null; signer_position: string | null };
const view = (r: Row): PublicDocument => ({
  id: r.id,
  symbol: r.symbol,
  typeCode: r.type_code,
  typeName: r.type_name,
  summary: r.summary,
  orgId: r.org_id!,
  orgName: r.org_name,
  docDate: r.doc_date,
  issuedAt: r.issued_at,
  effectiveDate: r.effective_date,
  publishedAt: r.published_at,
  signerName: r.signer_name,
  signerPosition: r.signer_position,
});

export interface DocumentFilter {
  q?: string;
  orgId?: number;
  typeCode?: string;
  year?: number;
}

function filtered(db: Executor, f: DocumentFilter) {
  let q = live(db);
  for (const term of searchTerms(f.q ?? '', 8)) q = q.where(sql<boolean>`d.search_text like ${`%${term}%`}`);
  if (f.orgId !== undefined) q = q.where('d.org_id', '=', f.orgId);
  if (f.typeCode) q = q.where('d.type_code', '=', f.typeCode);
  if (f.year !== undefined) q = q.where('d.issue_year', '=', f.year);
  return q;
}

export async function searchPublished(db: Executor, f: DocumentFilter, page: number, pageSize: number) {
  const total = num((await filtered(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const rows = await filtered(db, f).select(COLUMNS).orderBy('pd.published_at', 'desc').orderBy('d.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { total, items: rows.map(view) };
}

export async function latestPublished(db: Executor, limit: number, orgId?: number) {
  return (await searchPublished(db, { orgId }, 1, limit)).items;
}

export async function getPublished(db: Executor, id: number) {
  const r = await live(db).select(COLUMNS).where('d.id', '=', id).executeTakeFirst();
  if (!r) return null;
  const files = await db
    .selectFrom('attachments')
    .select(['id', 'file_name', 'size', 'mime', 'role', 'sha256'])
    .where('document_id', '=', id)
    .where('role', 'in', ['main', 'appendix'])
    .orderBy('id')
    .execute();
  return { ...view(r), files: files.map((f) => ({ id: f.id, fileName: f.file_name, size: num(f.size), mime: f.mime, role: f.role, sha256: f.sha256 })) };
}

/** Types and years that have published documents, for the search form. */
export async function publishedFacets(db: Executor) {
  const types = await live(db).select(['t.code', 't.name']).groupBy(['t.code', 't.name']).orderBy('t.name').execute();
  const years = await live(db).select('d.issue_year').groupBy('d.issue_year').orderBy('d.issue_year', 'desc').execute();
  return { types: types.map((t) => ({ code: t.code, name: t.name })), years: years.map((y) => num(y.issue_year)).filter((y) => y > 0) };
}

export async function allPublished(db: Executor) {
  return (await live(db).select(COLUMNS).orderBy('pd.published_at', 'desc').orderBy('d.id', 'desc').limit(50_000).execute()).map(view);
}

export interface PublicAnnouncement {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  body: string;
  publishedAt: string;
  updatedAt: string;
}

function liveAnnouncements(db: Executor) {
  return db
    .selectFrom('announcements as a')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.org_id', 'o.name as org_name', 'a.title', 'a.body', 'a.published_at', 'a.updated_at'])
    .where('a.published_at', 'is not', null)
    .where('a.withdrawn_at', 'is', null);
}
const announcementView = (r: { id: number; org_id: number; org_name: string; title: string; body: string; published_at: string | null; updated_at: string }): PublicAnnouncement => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  title: r.title,
  body: r.body,
  publishedAt: r.published_at!,
  updatedAt: r.updated_at,
});

export async function latestAnnouncements(db: Executor, limit: number, orgId?: number) {
  let q = liveAnnouncements(db);
  if (orgId !== undefined) q = q.where('a.org_id', '=', orgId);
  return (await q.orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute()).map(announcementView);
}

export async function getAnnouncement(db: Executor, id: number) {
  const r = await liveAnnouncements(db).where('a.id', '=', id).executeTakeFirst();
  return r ? announcementView(r) : null;
}
