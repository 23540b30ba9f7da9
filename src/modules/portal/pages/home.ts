import type { AppContext } from '../../context.js';
import { html, type Html } from '../html.js';
import { layout, date, type Site } from '../layout.js';
import { latestAnnouncements, latestPublished } from '../documents-read.js';
import { orgTree, publicOrganizations } from '../directory-read.js';
import { searchProcedures } from '../procedures-read.js';

/** The home page: search, what was published last, announcements, the agencies. */
export async function homePage(ctx: AppContext, site: Site): Promise<Html> {
  const db = ctx.db.kysely;
  const [docs, news, orgs, procs] = await Promise.all([latestPublished(db, 6), latestAnnouncements(db, 5), publicOrganizations(db), searchProcedures(db, {}, 1, 1)]);
  const agencies = orgTree(orgs).flatMap((root) => (root.kind === 'province' ? root.children : [root]));
  const body = html`
<section class="panel" aria-labelledby="tim-kiem">
<h2 id="tim-kiem">Tìm thủ tục hành chính</h2>
<form class="search" action="/thu-tuc" method="get" role="search">
<div class="wide"><label for="q">Tên thủ tục, lĩnh vực hoặc mã (gõ có dấu hay không dấu đều được)</label>
<input type="search" id="q" name="q" maxlength="200" placeholder="Ví dụ: đăng ký khai sinh"></div>
<div><button type="submit">Tìm kiếm</button></div>
</form>
<p class="meta">${procs.total} thủ tục hành chính đang được công bố. <a href="/bieu-mau">Tải biểu mẫu</a> · <a href="/co-quan">Danh bạ cơ quan và thư điện tử công vụ</a></p>
</section>
<div class="grid">
<section aria-labelledby="van-ban-moi">
<h2 id="van-ban-moi">Văn bản mới công bố</h2>
${docs.length ? html`<ul class="plain">${docs.map((d) => html`<li><a href="/van-ban/${d.id}">${d.typeName} ${d.symbol ?? ''}</a><br>${d.summary}<br><span class="meta">${d.orgName} · ban hành ${date(d.docDate)}</span></li>`)}</ul>` : html`<p>Chưa có văn bản nào được công bố.</p>`}
<p><a href="/van-ban">Tất cả văn bản công bố</a></p>
</section>
<section aria-labelledby="thong-bao">
<h2 id="thong-bao">Thông báo</h2>
${news.length ? html`<ul class="plain">${news.map((a) => html`<li><a href="/thong-bao/${a.id}">${a.title}</a><br><span class="meta">${a.orgName} · ${date(a.publishedAt)}</span></li>`)}</ul>` : html`<p>Chưa có thông báo.</p>`}
<p><a href="/thong-bao">Tất cả thông báo</a></p>
</section>
</div>
<section aria-labelledby="co-quan">
<h2 id="co-quan">Các cơ quan, đơn vị</h2>
<ul class="grid plain">${agencies.map((a) => html`<li><a href="/co-quan/${a.id}">${a.name}</a></li>`)}</ul>
</section>`;
  return layout(site, { lang: 'vi', title: `Cổng thông tin điện tử ${site.provinceName}`, description: `Thủ tục hành chính, biểu mẫu, văn bản và danh bạ các cơ quan của ${site.provinceName}.`, nav: 'home', alternate: '/en/', body });
}

/** The English home: structure and contacts, as Decree 42/2022 requires in English. */
export async function homePageEn(ctx: AppContext, site: Site): Promise<Html> {
  const orgs = await publicOrganizations(ctx.db.kysely);
  const agencies = orgTree(orgs).flatMap((root) => (root.kind === 'province' ? root.children : [root]));
  const body = html`
<p>This portal publishes the structure, functions and contacts of the agencies of ${site.provinceNameEn} in English. Administrative procedures, forms and documents are published in Vietnamese.</p>
<ul>
<li><a href="/en/agencies">Agencies: structure, functions and contacts</a></li>
<li><a href="/en/legal-texts">IT legal texts in force: laws, decrees and circulars, with their files</a></li>
<li><a href="/en/projects">IT investment projects: cost, schedule, disbursement and the risk rating of each</a></li>
<li><a href="/thu-tuc" lang="vi" hreflang="vi">Thủ tục hành chính (administrative procedures, in Vietnamese)</a></li>
<li><a href="/en/open-data">Open data: the directory, IT projects, the IT adoption survey and the procedures as JSON and CSV</a></li>
<li><a href="/en/open-data/it-survey">IT adoption survey of enterprises: aggregates by sector and by commune</a></li>
</ul>
<h2>Agencies</h2>
<ul class="grid plain">${agencies.map((a) => html`<li><a href="/en/agencies/${a.id}"${a.nameEn ? '' : html` lang="vi"`}>${a.nameEn ?? a.name}</a></li>`)}</ul>`;
  return layout(site, { lang: 'en', title: `Official portal`, description: `Agencies, functions and contacts of ${site.provinceNameEn}.`, nav: 'home', alternate: '/', body });
}
