import type { AppContext } from '../../context.js';
import { html, type Html } from '../html.js';
import { layout, type Lang, type Site } from '../layout.js';
import { orgTree, publicOrganizations, type OrgNode } from '../directory-read.js';
import { emailLink, phoneLink, webLink } from './parts.js';

/** The organisation tree with each body's official mailbox and phone, read from the directory. */
export async function directoryPage(ctx: AppContext, site: Site, lang: Lang): Promise<Html> {
  const tree = orgTree(await publicOrganizations(ctx.db.kysely));
  const vi = lang === 'vi';
  const base = vi ? '/co-quan' : '/en/agencies';
  const name = (o: OrgNode) => (vi || o.nameEn ? html`${vi ? o.name : o.nameEn}` : html`<span lang="vi">${o.name}</span>`);
  const facts = (o: OrgNode) =>
    [
      o.email ? html`${vi ? 'Thư điện tử công vụ' : 'Official e-mail'}: ${emailLink(o.email)}` : null,
      o.phone ? html`${vi ? 'Điện thoại' : 'Phone'}: ${phoneLink(o.phone)}` : null,
      o.kind === 'agency' && o.address ? html`${vi ? 'Địa chỉ' : 'Address'}: <span lang="vi">${o.address}</span>` : null,
      o.kind === 'agency' && o.website ? html`${vi ? 'Trang thông tin' : 'Website'}: ${webLink(o.website)}` : null,
    ].filter((x) => x !== null);
  const node = (o: OrgNode): Html => {
    const f = facts(o);
    return html`<li>${o.kind === 'province' ? html`<strong>${name(o)}</strong>` : html`<a href="${base}/${o.id}">${name(o)}</a>`}${
      f.length ? html`<br><span class="meta">${f.map((x, i) => html`${i ? ' · ' : ''}${x}`)}</span>` : ''
    }${o.children.length ? html`<ul>${o.children.map(node)}</ul>` : ''}</li>`;
  };
  const body = html`
<p>${vi ? 'Cơ cấu tổ chức và địa chỉ thư điện tử công vụ của các cơ quan, đơn vị, lấy trực tiếp từ danh bạ của hệ thống.' : 'The structure and official e-mail addresses of the agencies and their units, taken straight from the directory.'}
${vi ? 'Tải về' : 'Download'}: <a href="/du-lieu-mo/co-quan.json">JSON</a>, <a href="/du-lieu-mo/co-quan.csv">CSV</a>.</p>
<ul class="tree">${tree.map(node)}</ul>`;
  return layout(site, {
    lang,
    title: vi ? 'Cơ quan, đơn vị và thư điện tử công vụ' : 'Agencies, structure and contacts',
    description: vi ? `Danh bạ các cơ quan của ${site.provinceName}.` : `Directory of the agencies of ${site.provinceNameEn}.`,
    nav: 'agencies',
    crumbs: [{ href: vi ? '/' : '/en/', label: vi ? 'Trang chủ' : 'Home' }],
    alternate: vi ? '/en/agencies' : '/co-quan',
    body,
  });
}
