import type { AppContext } from '../../context.js';
import { html, trusted, type Html } from '../html.js';
import { date, layout, type Site } from '../layout.js';
import { getAnnouncement, latestAnnouncements } from '../documents-read.js';
import { sanitizeRich } from '../sanitize.js';

export async function announcementsPage(ctx: AppContext, site: Site): Promise<Html> {
  const list = await latestAnnouncements(ctx.db.kysely, 200);
  const body = list.length
    ? html`<ul class="plain">${list.map((a) => html`<li><a href="/thong-bao/${a.id}">${a.title}</a><br><span class="meta">${a.orgName} · ${date(a.publishedAt)}</span></li>`)}</ul>`
    : html`<p>Chưa có thông báo.</p>`;
  return layout(site, { lang: 'vi', title: 'Thông báo', nav: 'announcements', crumbs: [{ href: '/', label: 'Trang chủ' }], body });
}

export async function announcementPage(ctx: AppContext, site: Site, id: number): Promise<Html | null> {
  const a = await getAnnouncement(ctx.db.kysely, id);
  if (!a) return null;
  const body = html`<p class="meta"><a href="/co-quan/${a.orgId}">${a.orgName}</a> · <time datetime="${a.publishedAt}">${date(a.publishedAt)}</time></p>
<div class="rich">${trusted(sanitizeRich(a.body))}</div>`;
  return layout(site, {
    lang: 'vi',
    title: a.title,
    nav: 'announcements',
    crumbs: [
      { href: '/', label: 'Trang chủ' },
      { href: '/thong-bao', label: 'Thông báo' },
    ],
    body,
  });
}
