import type { AppContext } from '../../context.js';
import { html, type Html } from '../html.js';
import { layout, pager, type Site } from '../layout.js';
import { procedureFacets, searchProcedures, type ProcedureFilter } from '../procedures-read.js';
import { LEVELS, LEVEL_LABELS, ONLINE_LEVELS, ONLINE_LEVEL_LABELS, NO_ONLINE_LABEL } from '../../../domain/procedures.js';
import { onlineBadge, procedureHref } from './parts.js';

export const PROCEDURES_PAGE_SIZE = 20;

/** The query string the catalogue understands, in its own (Vietnamese, unaccented) words. */
export function procedureParams(f: ProcedureFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.field) p.set('linhvuc', f.field);
  if (f.subject) p.set('doituong', f.subject);
  if (f.agencyId !== undefined) p.set('coquan', String(f.agencyId));
  if (f.level) p.set('cap', f.level);
  if (f.online) p.set('mucdo', f.online);
  return p;
}

const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;

export async function proceduresPage(ctx: AppContext, site: Site, f: ProcedureFilter, page: number): Promise<Html> {
  const db = ctx.db.kysely;
  const [facets, result] = await Promise.all([procedureFacets(db), searchProcedures(db, f, page, PROCEDURES_PAGE_SIZE)]);
  const params = procedureParams(f);
  const filtered = [...params.keys()].length > 0;
  const body = html`
<form class="search panel" action="/thu-tuc" method="get" role="search" aria-label="Tìm thủ tục">
<div class="wide"><label for="q">Từ khóa (tên, mã, lĩnh vực; có dấu hay không dấu)</label><input type="search" id="q" name="q" maxlength="200" value="${f.q ?? ''}"></div>
<div><label for="linhvuc">Lĩnh vực</label><select id="linhvuc" name="linhvuc">${option('', 'Tất cả lĩnh vực', !f.field)}${facets.fields.map((x) => option(x, x, f.field === x))}</select></div>
<div><label for="coquan">Cơ quan thực hiện</label><select id="coquan" name="coquan">${option('', 'Tất cả cơ quan', f.agencyId === undefined)}${facets.agencies.map((a) => option(String(a.id), a.name, f.agencyId === a.id))}</select></div>
<div><label for="cap">Cấp thực hiện</label><select id="cap" name="cap">${option('', 'Tất cả các cấp', !f.level)}${LEVELS.map((l) => option(l, LEVEL_LABELS[l].vi, f.level === l))}</select></div>
<div><label for="mucdo">Mức độ dịch vụ công trực tuyến</label><select id="mucdo" name="mucdo">${option('', 'Tất cả', !f.online)}${ONLINE_LEVELS.map((l) => option(l, ONLINE_LEVEL_LABELS[l].vi, f.online === l))}${option('khong', NO_ONLINE_LABEL.vi, f.online === 'khong')}</select></div>
<div><label for="doituong">Đối tượng thực hiện</label><select id="doituong" name="doituong">${option('', 'Tất cả đối tượng', !f.subject)}${facets.subjects.map((x) => option(x, x, f.subject === x))}</select></div>
<div><button type="submit">Tìm kiếm</button></div>
</form>
<p role="status">${result.total === 0 ? 'Không tìm thấy thủ tục nào phù hợp.' : `Tìm thấy ${result.total} thủ tục${filtered ? ' phù hợp' : ''}.`}${filtered ? html` <a href="/thu-tuc">Xóa bộ lọc</a>` : ''}</p>
<ul class="plain">${result.items.map(
    (p) => html`<li><a href="${procedureHref(p.code)}"><strong>${p.name}</strong></a><br>
<span class="meta">Mã ${p.code}${p.fields.length ? ` · Lĩnh vực: ${p.fields.join(', ')}` : ''}${p.levels.length ? ` · ${p.levels.map((l) => LEVEL_LABELS[l].vi).join(', ')}` : ''}</span>
${p.agencies.length ? html`<br>${p.agencies.map((a) => html`<span class="meta">${a.name}</span> ${onlineBadge(a.onlineLevel)} `)}` : ''}</li>`,
  )}</ul>
${pager('vi', '/thu-tuc', params, page, result.total, PROCEDURES_PAGE_SIZE)}
<p class="meta">Tải toàn bộ danh mục: <a href="/du-lieu-mo/thu-tuc.json">JSON</a>, <a href="/du-lieu-mo/thu-tuc.csv">CSV</a>.</p>`;
  return layout(site, {
    lang: 'vi',
    title: page > 1 ? `Thủ tục hành chính (trang ${page})` : 'Thủ tục hành chính',
    description: `Danh mục thủ tục hành chính của ${site.provinceName}: tìm theo lĩnh vực, cơ quan, cấp, mức độ trực tuyến.`,
    nav: 'procedures',
    crumbs: [{ href: '/', label: 'Trang chủ' }],
    body,
  });
}
