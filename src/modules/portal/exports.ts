import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../context.js';
import { esc } from './html.js';
import { formatDateVi } from '../../domain/numbering.js';
import { ONLINE_LEVEL_LABELS } from '../../domain/procedures.js';
import { publicOrganizations, type PublicContact } from './directory-read.js';
import { allProcedures } from './procedures-read.js';
import { allPublished, latestPublished } from './documents-read.js';
import { writeProceduresCsv } from './procedures-csv.js';
import { latestAnnouncements } from './documents-read.js';

/**
 * Open data, the feed and the sitemap. They are built from the same public reads as the
 * pages, so what a page may not show cannot leak through an export either.
 */
const withBom = (text: string) => Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(text, 'utf8')]);

export async function directoryJson(ctx: AppContext) {
  const orgs = await publicOrganizations(ctx.db.kysely);
  return orgs.map((o) => ({ ...o, onlineUrl: `${ctx.config.publicUrl}/co-quan/${o.id}` }));
}

const contactText = (c: PublicContact) => [c.fullName, c.position, c.unit, c.phone, c.mobile, c.email].filter(Boolean).join(' — ');

export async function directoryCsv(ctx: AppContext): Promise<Buffer> {
  const orgs = await publicOrganizations(ctx.db.kysely);
  const header = ['id', 'code', 'name', 'name_en', 'short_name', 'kind', 'parent_id', 'email', 'phone', 'fax', 'address', 'website', 'functions_vi', 'functions_en', 'leaders', 'focal_points', 'last_updated'];
  const rows = orgs.map((o) => [o.id, o.code, o.name, o.nameEn, o.shortName, o.kind, o.parentId, o.email, o.phone, o.fax, o.address, o.website, o.functionsVi, o.functionsEn, o.leaders.map(contactText).join(' | '), o.focalPoints.map(contactText).join(' | '), o.lastUpdated]);
  return withBom(stringify([header, ...rows]));
}

export async function proceduresJson(ctx: AppContext) {
  return (await allProcedures(ctx.db.kysely)).map((p) => ({
    ...p.record,
    updatedAt: p.updatedAt,
    provinceImplementation: p.agencies.map((a) => ({ agencyId: a.orgId, agencyCode: a.code, agencyName: a.name, onlineLevel: a.onlineLevel, onlineLevelLabel: a.onlineLevel ? ONLINE_LEVEL_LABELS[a.onlineLevel].vi : null })),
    url: `${ctx.config.publicUrl}/thu-tuc/${encodeURIComponent(p.code)}`,
  }));
}

export async function proceduresCsv(ctx: AppContext): Promise<Buffer> {
  return writeProceduresCsv((await allProcedures(ctx.db.kysely)).map((p) => ({ record: p.record, agencies: p.agencies })));
}

/** Atom 1.0 (RFC 4287) of the latest published documents. */
export async function atomFeed(ctx: AppContext, provinceName: string): Promise<string> {
  const base = ctx.config.publicUrl;
  const docs = await latestPublished(ctx.db.kysely, 50);
  const updated = docs[0]?.publishedAt ?? new Date(0).toISOString();
  const host = new URL(base).hostname;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
<title>${esc(`Văn bản công bố — ${provinceName}`)}</title>
<id>tag:${esc(host)},2025:van-ban</id>
<link rel="self" type="application/atom+xml" href="${esc(base)}/van-ban.atom"/>
<link rel="alternate" type="text/html" href="${esc(base)}/van-ban"/>
<updated>${esc(updated)}</updated>
<author><name>${esc(provinceName)}</name></author>
${docs
  .map(
    (d) => `<entry>
<title>${esc(`${d.typeName} ${d.symbol ?? ''}: ${d.summary}`)}</title>
<id>tag:${esc(host)},2025:van-ban/${d.id}</id>
<link rel="alternate" type="text/html" href="${esc(base)}/van-ban/${d.id}"/>
<published>${esc(d.publishedAt)}</published>
<updated>${esc(d.publishedAt)}</updated>
<author><name>${esc(d.orgName)}</name></author>
<summary>${esc(`${d.typeName} số ${d.symbol ?? ''} ngày ${formatDateVi(d.docDate)} của ${d.orgName}: ${d.summary}`)}</summary>
</entry>`,
  )
  .join('\n')}
</feed>
`;
}

/** Every public page, for search engines. */
/** A page for the sitemap: its path from the site root, and the day it last changed. */
export interface SitemapEntry {
  loc: string;
  lastmod?: string | null;
}

/** Public pages another module serves (the legal library, the IT projects); the portal does not depend on that module. */
export type SitemapSource = () => Promise<SitemapEntry[]>;

/** Every public page a crawler should know of: the portal's own, then those the extensions (the legal library) add. */
export async function sitemap(ctx: AppContext, sources: readonly SitemapSource[] = []): Promise<string> {
  const base = ctx.config.publicUrl;
  const db = ctx.db.kysely;
  const [orgs, procs, docs, news, extra] = await Promise.all([publicOrganizations(db), allProcedures(db), allPublished(db), latestAnnouncements(db, 1000), Promise.all(sources.map((f) => f()))]);
  const urls: SitemapEntry[] = [
    { loc: '/' },
    { loc: '/en/' },
    { loc: '/co-quan' },
    { loc: '/en/agencies' },
    { loc: '/thu-tuc' },
    { loc: '/bieu-mau' },
    { loc: '/van-ban' },
    { loc: '/thong-bao' },
    { loc: '/du-lieu-mo' },
    { loc: '/en/open-data' },
    { loc: '/du-lieu-mo/khao-sat' },
    { loc: '/en/open-data/it-survey' },
    { loc: '/cap-nhat' },
    { loc: '/kha-nang-tiep-can' },
    { loc: '/en/accessibility' },
    ...orgs.filter((o) => o.kind !== 'province').flatMap((o) => [
      { loc: `/co-quan/${o.id}`, lastmod: o.lastUpdated },
      { loc: `/en/agencies/${o.id}`, lastmod: o.lastUpdated },
    ]),
    ...procs.map((p) => ({ loc: `/thu-tuc/${encodeURIComponent(p.code)}`, lastmod: p.updatedAt })),
    ...docs.map((d) => ({ loc: `/van-ban/${d.id}`, lastmod: d.publishedAt })),
    ...news.map((a) => ({ loc: `/thong-bao/${a.id}`, lastmod: a.updatedAt })),
    ...extra.flat(),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `<url><loc>${esc(base + u.loc)}</loc>${u.lastmod ? `<lastmod>${esc(u.lastmod.slice(0, 10))}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
}
