import { html, type Html } from './html.js';
import { formatDateVi } from '../../domain/numbering.js';

export type Lang = 'vi' | 'en';
export type NavKey = 'home' | 'agencies' | 'procedures' | 'forms' | 'documents' | 'announcements' | 'opendata' | 'legal' | 'projects' | 'none';

/** What every page needs besides its own content. */
export interface Site {
  provinceName: string;
  /** "Dong Nai Province" for the English pages (domain/place-names.ts). */
  provinceNameEn: string;
  cssHref: string;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  description?: string;
  nav: NavKey;
  /** The breadcrumb trail before the page itself. */
  crumbs?: { href: string; label: string }[];
  /** The same page in the other language, when there is one. */
  alternate?: string;
  body: Html;
}

const NAV: Record<Lang, { key: NavKey; href: string; label: string }[]> = {
  vi: [
    { key: 'home', href: '/', label: 'Trang chủ' },
    { key: 'agencies', href: '/co-quan', label: 'Cơ quan' },
    { key: 'procedures', href: '/thu-tuc', label: 'Thủ tục hành chính' },
    { key: 'forms', href: '/bieu-mau', label: 'Biểu mẫu' },
    { key: 'documents', href: '/van-ban', label: 'Văn bản' },
    { key: 'announcements', href: '/thong-bao', label: 'Thông báo' },
    { key: 'legal', href: '/van-ban-phap-luat', label: 'Pháp luật CNTT' },
    { key: 'projects', href: '/du-an', label: 'Dự án CNTT' },
    { key: 'opendata', href: '/du-lieu-mo', label: 'Dữ liệu mở' },
  ],
  en: [
    { key: 'home', href: '/en/', label: 'Home' },
    { key: 'agencies', href: '/en/agencies', label: 'Agencies and contacts' },
    { key: 'legal', href: '/en/legal-texts', label: 'IT legal texts' },
    { key: 'projects', href: '/en/projects', label: 'IT projects' },
    { key: 'opendata', href: '/en/open-data', label: 'Open data' },
  ],
};

const TEXT = {
  vi: { skip: 'Bỏ qua, đến nội dung chính', portal: 'Cổng thông tin điện tử', other: 'English', otherLang: 'en', menu: 'Chuyên mục chính', crumbs: 'Đường dẫn', home: 'Trang chủ', a11y: 'Tuyên bố khả năng tiếp cận', a11yHref: '/kha-nang-tiep-can', open: 'Dữ liệu mở', openHref: '/du-lieu-mo', feed: 'Tin văn bản (Atom)', fresh: 'Tình trạng cập nhật', sitemap: 'Sơ đồ trang' },
  en: { skip: 'Skip to main content', portal: 'Official portal of', other: 'Tiếng Việt', otherLang: 'vi', menu: 'Main sections', crumbs: 'Breadcrumb', home: 'Home', a11y: 'Accessibility statement', a11yHref: '/en/accessibility', open: 'Open data', openHref: '/en/open-data', feed: 'Published documents (Atom)', fresh: 'Page freshness', sitemap: 'Sitemap' },
} as const;

export function layout(site: Site, o: PageOptions): Html {
  const t = TEXT[o.lang];
  const province = o.lang === 'en' ? site.provinceNameEn : site.provinceName;
  const crumbs = o.crumbs?.length
    ? html`<nav class="crumbs" aria-label="${t.crumbs}"><ol>${o.crumbs.map((c) => html`<li><a href="${c.href}">${c.label}</a></li>`)}<li aria-current="page">${o.title}</li></ol></nav>`
    : '';
  const other = o.alternate ?? (o.lang === 'vi' ? '/en/' : '/');
  return html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} — ${province}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
<link rel="stylesheet" href="${site.cssHref}">
${o.alternate ? html`<link rel="alternate" hreflang="${t.otherLang}" href="${o.alternate}">` : ''}
<link rel="alternate" type="application/atom+xml" title="${t.feed}" href="/van-ban.atom">
</head>
<body>
<a class="skip" href="#noi-dung">${t.skip}</a>
<header class="site">
<div class="wrap top">
<a class="brand" href="${o.lang === 'vi' ? '/' : '/en/'}"><small>${t.portal}</small><strong>${province}</strong></a>
<a class="lang" href="${other}" lang="${t.otherLang}" hreflang="${t.otherLang}">${t.other}</a>
</div>
<nav class="main" aria-label="${t.menu}"><ul>${NAV[o.lang].map((n) => html`<li><a href="${n.href}"${n.key === o.nav ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>
</header>
<main id="noi-dung" tabindex="-1">
<div class="wrap">
${crumbs}
<h1>${o.title}</h1>
${o.body}
</div>
</main>
<footer>
<div class="wrap">
<p>${t.portal} ${province}</p>
<ul>
<li><a href="${t.a11yHref}">${t.a11y}</a></li>
<li><a href="${t.openHref}">${t.open}</a></li>
<li><a href="/cap-nhat">${t.fresh}</a></li>
<li><a href="/van-ban.atom">${t.feed}</a></li>
<li><a href="/sitemap.xml">${t.sitemap}</a></li>
</ul>
</div>
</footer>
</body>
</html>`;
}

/** dd/mm/yyyy in Vietnam's time zone; empty for no date. */
export const date = (iso: string | null | undefined) => formatDateVi(iso);

export function pager(lang: Lang, base: string, params: URLSearchParams, page: number, total: number, pageSize: number): Html {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return html``;
  const href = (p: number) => {
    const q = new URLSearchParams(params);
    if (p === 1) q.delete('trang');
    else q.set('trang', String(p));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  const label = lang === 'vi' ? 'Phân trang' : 'Pages';
  const around = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return html`<nav class="pager" aria-label="${label}"><ul>
${page > 1 ? html`<li><a href="${href(page - 1)}" rel="prev">${lang === 'vi' ? '‹ Trang trước' : '‹ Previous'}</a></li>` : ''}
${around.map((p) => (p === page ? html`<li><span aria-current="page">${lang === 'vi' ? 'Trang' : 'Page'} ${p}</span></li>` : html`<li><a href="${href(p)}">${lang === 'vi' ? `Trang ${p}` : `Page ${p}`}</a></li>`))}
${page < pages ? html`<li><a href="${href(page + 1)}" rel="next">${lang === 'vi' ? 'Trang sau ›' : 'Next ›'}</a></li>` : ''}
</ul></nav>`;
}
