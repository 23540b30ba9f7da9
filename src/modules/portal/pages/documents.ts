import type { AppContext } from '../../context.js';
import { html, type Html } from '../html.js';
import { date, layout, pager, type Site } from '../layout.js';
import { getPublished, publishedFacets, searchPublished, type DocumentFilter } from '../documents-read.js';
import { publicOrganizations } from '../directory-read.js';
import { docFileHref, fileFacts } from './parts.js';

export const DOCUMENTS_PAGE_SIZE = 20;

export function documentParams(f: DocumentFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.orgId !== undefined) p.set('coquan', String(f.orgId));
  if (f.typeCode) p.set('loai', f.typeCode);
  if (f.year !== undefined) p.set('nam', String(f.year));
  return p;
}

const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;

/** The documents agencies published, with a search tool (Decree 42/2022). */
export async function documentsPage(ctx: AppContext, site: Site, f: DocumentFilter, page: number): Promise<Html> {
  const db = ctx.db.kysely;
  const [facets, result, orgs] = await Promise.all([publishedFacets(db), searchPublished(db, f, page, DOCUMENTS_PAGE_SIZE), publicOrganizations(db)]);
  const params = documentParams(f);
  const issuers = orgs.filter((o) => o.kind === 'agency');
  const body = html`
<form class="search panel" action="/van-ban" method="get" role="search" aria-label="Tìm văn bản">
<div class="wide"><label for="q">Số, ký hiệu, trích yếu hoặc người ký</label><input type="search" id="q" name="q" maxlength="200" value="${f.q ?? ''}"></div>
<div><label for="coquan">Cơ quan ban hành</label><select id="coquan" name="coquan">${option('', 'Tất cả cơ quan', f.orgId === undefined)}${issuers.map((o) => option(String(o.id), o.name, f.orgId === o.id))}</select></div>
<div><label for="loai">Loại văn bản</label><select id="loai" name="loai">${option('', 'Tất cả các loại', !f.typeCode)}${facets.types.map((t) => option(t.code, t.name, f.typeCode === t.code))}</select></div>
<div><label for="nam">Năm ban hành</label><select id="nam" name="nam">${option('', 'Tất cả các năm', f.year === undefined)}${facets.years.map((y) => option(String(y), String(y), f.year === y))}</select></div>
<div><button type="submit">Tìm kiếm</button></div>
</form>
<p role="status">${result.total ? `${result.total} văn bản.` : 'Không tìm thấy văn bản nào phù hợp.'}</p>
${result.items.length
    ? html`<table class="stack"><thead><tr><th scope="col">Số, ký hiệu</th><th scope="col">Ngày ban hành</th><th scope="col">Trích yếu</th><th scope="col">Cơ quan ban hành</th></tr></thead><tbody>${result.items.map(
        (d) => html`<tr><th scope="row"><a href="/van-ban/${d.id}">${d.symbol ?? d.typeName}</a></th><td data-label="Ngày ban hành">${date(d.docDate)}</td><td data-label="Trích yếu">${d.typeName}: ${d.summary}</td><td data-label="Cơ quan ban hành">${d.orgName}</td></tr>`,
      )}</tbody></table>`
    : ''}
${pager('vi', '/van-ban', params, page, result.total, DOCUMENTS_PAGE_SIZE)}
<p class="meta">Theo dõi văn bản mới: <a href="/van-ban.atom">Atom</a>.</p>`;
  return layout(site, { lang: 'vi', title: page > 1 ? `Văn bản công bố (trang ${page})` : 'Văn bản công bố', description: `Văn bản do các cơ quan của ${site.provinceName} công bố.`, nav: 'documents', crumbs: [{ href: '/', label: 'Trang chủ' }], body });
}

export async function documentPage(ctx: AppContext, site: Site, id: number): Promise<Html | null> {
  const d = await getPublished(ctx.db.kysely, id);
  if (!d) return null;
  const body = html`
<dl class="facts">
<dt>Số, ký hiệu</dt><dd>${d.symbol ?? ''}</dd>
<dt>Loại văn bản</dt><dd>${d.typeName}</dd>
<dt>Cơ quan ban hành</dt><dd><a href="/co-quan/${d.orgId}">${d.orgName}</a></dd>
<dt>Ngày ban hành</dt><dd>${date(d.docDate)}</dd>
<dt>Ngày có hiệu lực</dt><dd>${d.effectiveDate ? date(d.effectiveDate) : 'Theo nội dung văn bản'}</dd>
<dt>Ngày công bố</dt><dd>${date(d.publishedAt)}</dd>
${d.signerName ? html`<dt>Người ký</dt><dd>${d.signerName}${d.signerPosition ? ` — ${d.signerPosition}` : ''}</dd>` : ''}
<dt>Trích yếu</dt><dd>${d.summary}</dd>
</dl>
<h2>Tệp văn bản</h2>
${d.files.length ? html`<ul>${d.files.map((f) => html`<li><a href="${docFileHref(d.id, f)}">${f.fileName}</a> <span class="meta">(${fileFacts(f.mime, f.size)}${f.role === 'appendix' ? ', phụ lục' : ''})</span></li>`)}</ul>` : html`<p>Văn bản không có tệp đính kèm.</p>`}`;
  return layout(site, {
    lang: 'vi',
    title: `${d.typeName} ${d.symbol ?? ''}`.trim(),
    description: d.summary,
    nav: 'documents',
    crumbs: [
      { href: '/', label: 'Trang chủ' },
      { href: '/van-ban', label: 'Văn bản công bố' },
    ],
    body,
  });
}
