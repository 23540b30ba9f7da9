import type { AppContext } from '../../context.js';
import { html, type Html } from '../html.js';
import { date, layout, type Site } from '../layout.js';
import { freshnessReport } from '../freshness-read.js';

/** Which agencies keep their pages up to date, the stalest first — for the province and the public. */
export async function freshnessPage(ctx: AppContext, site: Site): Promise<Html> {
  const report = await freshnessReport(ctx.db.kysely, ctx.now());
  const stale = report.agencies.filter((a) => a.stale).length;
  const body = html`
<p>Trang của một cơ quan được coi là chậm cập nhật khi quá ${report.staleAfterDays} ngày không có thay đổi nào (thông tin cơ quan, thủ tục, biểu mẫu, văn bản, thông báo).
${stale ? html`<strong>${stale} cơ quan chậm cập nhật.</strong>` : 'Mọi cơ quan đều cập nhật đúng hạn.'}</p>
<table class="stack"><thead><tr><th scope="col">Cơ quan</th><th scope="col">Cập nhật lần cuối</th><th scope="col">Tình trạng</th><th scope="col">Thủ tục</th><th scope="col">Biểu mẫu</th><th scope="col">Văn bản công bố</th></tr></thead>
<tbody>${report.agencies.map(
    (a) => html`<tr><th scope="row"><a href="/co-quan/${a.orgId}">${a.name}</a></th><td data-label="Cập nhật lần cuối">${date(a.lastUpdated)}</td><td data-label="Tình trạng">${
      a.stale ? html`<span class="badge stale">Chậm cập nhật (${a.days} ngày)</span>` : html`<span class="badge fresh">Đúng hạn${a.days ? ` (${a.days} ngày)` : ''}</span>`
    }</td><td data-label="Thủ tục">${a.procedures}</td><td data-label="Biểu mẫu">${a.forms}</td><td data-label="Văn bản công bố">${a.documents}</td></tr>`,
  )}</tbody></table>`;
  return layout(site, { lang: 'vi', title: 'Tình trạng cập nhật trang của các cơ quan', nav: 'none', crumbs: [{ href: '/', label: 'Trang chủ' }], body });
}
