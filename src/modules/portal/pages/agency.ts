import type { AppContext } from '../../context.js';
import { html, type Html } from '../html.js';
import { rich } from '../sanitize.js';
import { date, layout, type Lang, type Site } from '../layout.js';
import { orgTree, publicOrganizations, type OrgNode, type PublicContact } from '../directory-read.js';
import { latestAnnouncements, latestPublished } from '../documents-read.js';
import { searchProcedures } from '../procedures-read.js';
import { freshness } from '../../../domain/portal-freshness.js';
import { localDate } from '../../../domain/numbering.js';
import { emailLink, onlineBadge, phoneLink, procedureHref, webLink } from './parts.js';

function find(nodes: OrgNode[], id: number): OrgNode | null {
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = find(n.children, id);
    if (hit) return hit;
  }
  return null;
}

function contactsTable(list: PublicContact[], caption: string, lang: Lang, withUnit: boolean): Html {
  if (!list.length) return html``;
  const vi = lang === 'vi';
  const L = vi ? { name: 'Họ và tên', pos: 'Chức vụ', unit: 'Đơn vị', phone: 'Điện thoại', email: 'Thư điện tử', mobile: 'Di động' } : { name: 'Name', pos: 'Position', unit: 'Unit', phone: 'Phone', email: 'E-mail', mobile: 'Mobile' };
  const position = (c: PublicContact) => (vi ? c.position : (c.positionEn ?? (c.position ? html`<span lang="vi">${c.position}</span>` : '')));
  return html`<table class="stack"><caption>${caption}</caption>
<thead><tr><th scope="col">${L.name}</th><th scope="col">${L.pos}</th>${withUnit ? html`<th scope="col">${L.unit}</th>` : ''}<th scope="col">${L.phone}</th><th scope="col">${L.email}</th></tr></thead>
<tbody>${list.map(
    (c) => html`<tr><th scope="row" lang="vi">${c.fullName}</th><td data-label="${L.pos}">${position(c)}</td>${withUnit ? html`<td data-label="${L.unit}" lang="vi">${c.unit ?? ''}</td>` : ''}<td data-label="${L.phone}">${phoneLink(c.phone)}${c.mobile ? html`${c.phone ? html`<br>` : ''}${L.mobile}: ${phoneLink(c.mobile)}` : ''}</td><td data-label="${L.email}">${emailLink(c.email)}</td></tr>`,
  )}</tbody></table>`;
}

export async function agencyPage(ctx: AppContext, site: Site, id: number, lang: Lang): Promise<Html | null> {
  const db = ctx.db.kysely;
  const tree = orgTree(await publicOrganizations(db));
  const org = find(tree, id);
  if (!org || org.kind === 'province') return null;
  const vi = lang === 'vi';
  const last = org.lastUpdated;
  const fresh = freshness(localDate(new Date(last)), localDate(ctx.now()));
  const parentName = org.parentId === null ? null : find(tree, org.parentId);
  const title = vi ? org.name : (org.nameEn ?? org.name);
  const facts = html`<dl class="facts">
${!vi && org.nameEn ? html`<dt>Vietnamese name</dt><dd lang="vi">${org.name}</dd>` : ''}
${org.code ? html`<dt>${vi ? 'Mã định danh' : 'Agency code'}</dt><dd>${org.code}</dd>` : ''}
${parentName && parentName.kind !== 'province' ? html`<dt>${vi ? 'Trực thuộc' : 'Part of'}</dt><dd><a href="${vi ? '/co-quan' : '/en/agencies'}/${parentName.id}">${vi ? parentName.name : (parentName.nameEn ?? parentName.name)}</a></dd>` : ''}
<dt>${vi ? 'Địa chỉ' : 'Address'}</dt><dd lang="vi">${org.address ?? ''}</dd>
<dt>${vi ? 'Điện thoại' : 'Phone'}</dt><dd>${phoneLink(org.phone)}</dd>
${org.fax ? html`<dt>Fax</dt><dd>${org.fax}</dd>` : ''}
<dt>${vi ? 'Thư điện tử công vụ' : 'Official e-mail'}</dt><dd>${emailLink(org.email)}</dd>
<dt>${vi ? 'Trang thông tin điện tử' : 'Website'}</dt><dd>${webLink(org.website)}</dd>
</dl>`;
  const functions = vi ? org.functionsVi : org.functionsEn;
  const units = org.children.length
    ? html`<h2>${vi ? 'Cơ cấu tổ chức' : 'Structure'}</h2><ul>${org.children.map((c) => html`<li><a href="${vi ? '/co-quan' : '/en/agencies'}/${c.id}"${vi || c.nameEn ? '' : html` lang="vi"`}>${vi ? c.name : (c.nameEn ?? c.name)}</a>${c.email ? html` — ${emailLink(c.email)}` : ''}</li>`)}</ul>`
    : '';
  let vietnameseOnly: Html = html``;
  if (vi) {
    const [procs, docs, news] = await Promise.all([searchProcedures(db, { agencyId: id }, 1, 50), latestPublished(db, 10, id), latestAnnouncements(db, 5, id)]);
    vietnameseOnly = html`
<h2>Thủ tục hành chính</h2>
${procs.items.length ? html`<ul class="plain">${procs.items.map((p) => html`<li><a href="${procedureHref(p.code)}">${p.name}</a> <span class="meta">(${p.code})</span> ${onlineBadge(p.agencies.find((a) => a.orgId === id)?.onlineLevel ?? null)}</li>`)}</ul>${procs.total > procs.items.length ? html`<p><a href="/thu-tuc?coquan=${id}">Xem tất cả ${procs.total} thủ tục</a></p>` : ''}` : html`<p>Cơ quan chưa công bố thủ tục hành chính nào.</p>`}
<h2>Văn bản công bố</h2>
${docs.length ? html`<ul class="plain">${docs.map((d) => html`<li><a href="/van-ban/${d.id}">${d.typeName} ${d.symbol ?? ''}</a> — ${d.summary} <span class="meta">(${date(d.docDate)})</span></li>`)}</ul><p><a href="/van-ban?coquan=${id}">Tìm trong văn bản của cơ quan</a></p>` : html`<p>Chưa có văn bản công bố.</p>`}
${news.length ? html`<h2>Thông báo</h2><ul class="plain">${news.map((a) => html`<li><a href="/thong-bao/${a.id}">${a.title}</a> <span class="meta">(${date(a.publishedAt)})</span></li>`)}</ul>` : ''}`;
  }
  const body = html`
${facts}
${functions ? html`<h2>${vi ? 'Chức năng, nhiệm vụ' : 'Functions and duties'}</h2><div class="rich">${rich(functions)}</div>` : !vi && org.functionsVi ? html`<h2>Functions and duties</h2><div class="rich" lang="vi">${rich(org.functionsVi)}</div>` : ''}
${org.leaders.length ? html`<h2>${vi ? 'Lãnh đạo' : 'Leadership'}</h2>${contactsTable(org.leaders, vi ? 'Lãnh đạo cơ quan' : 'Leaders of the agency', lang, false)}` : ''}
${org.focalPoints.length ? html`<h2>${vi ? 'Đầu mối liên hệ' : 'Focal points'}</h2>${contactsTable(org.focalPoints, vi ? 'Cán bộ đầu mối' : 'Focal-point officials', lang, true)}` : ''}
${units}
${vietnameseOnly}
<p class="meta">${vi ? 'Cập nhật lần cuối' : 'Last updated'}: <time datetime="${last}">${date(last)}</time> ${fresh.stale ? html`<span class="badge stale">${vi ? `Quá ${fresh.days} ngày chưa cập nhật` : `Not updated for ${fresh.days} days`}</span>` : ''}</p>`;
  return layout(site, {
    lang,
    title,
    description: vi ? `${org.name}: địa chỉ, thư điện tử công vụ, lãnh đạo, thủ tục hành chính, văn bản.` : `${title}: address, official e-mail, leaders and focal points.`,
    nav: 'agencies',
    crumbs: vi ? [{ href: '/', label: 'Trang chủ' }, { href: '/co-quan', label: 'Cơ quan' }] : [{ href: '/en/', label: 'Home' }, { href: '/en/agencies', label: 'Agencies' }],
    alternate: vi ? `/en/agencies/${id}` : `/co-quan/${id}`,
    body,
  });
}
