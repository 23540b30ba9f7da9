import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { invalid } from '../../domain/errors.js';
import { LEGAL_STATUS_LABELS, LEGAL_TYPE_LABELS, LEGAL_TYPES, type LegalStatus, type LegalType } from '../../domain/legal.js';
import { formatDateVi } from '../../domain/numbering.js';
import { html, type Html } from '../portal/html.js';
import { layout, type Lang, type Site } from '../portal/layout.js';
import type { PortalExtension } from '../portal/public-routes.js';
import { legalTextDetail, legalTextFile, listLegalTexts, type LegalTextView } from './library.js';

/**
 * The legal library on the public portal (point 4): the texts in force (and those in force
 * with amendments), with their files, searched without marks, and a page per text (its status
 * and what replaces or amends it, both ways); in Vietnamese and, with the labels in English
 * and the texts' own titles as issued, in English. A form and links, no script.
 */
const PATH = { vi: '/van-ban-phap-luat', en: '/en/legal-texts' } as const;
const PAGE_SIZE = 50;
const fileHref = (t: { id: number; file: { fileName: string } | null }) => `${PATH.vi}/${t.id}/tep/${encodeURIComponent(t.file?.fileName ?? 'van-ban.pdf')}`;
const kb = (n: number) => `PDF, ${Math.max(1, Math.round(n / 1024))} KB`;
/** Only texts in force (wholly or with amendments) offer their file; the download route says the same. */
const offersFile = (status: LegalStatus) => status === 'in_force' || status === 'amended';

const WORDS = {
  vi: {
    title: 'Văn bản pháp luật về công nghệ thông tin',
    description: 'Luật, nghị định, thông tư về công nghệ thông tin, giao dịch điện tử, an toàn thông tin đang có hiệu lực.',
    intro: 'Các luật, nghị định, thông tư, quyết định về công nghệ thông tin và chuyển đổi số đang có hiệu lực mà cơ quan nhà nước trong tỉnh áp dụng. Sở Khoa học và Công nghệ cập nhật tình trạng hiệu lực.',
    search: 'Tìm văn bản pháp luật',
    searchLabel: 'Tìm theo số ký hiệu, trích yếu (gõ có dấu hoặc không dấu)',
    type: 'Loại văn bản',
    all: 'Tất cả',
    submit: 'Tìm kiếm',
    found: (n: number) => `${n} văn bản đang có hiệu lực.`,
    none: 'Không có văn bản nào phù hợp.',
    number: 'Số ký hiệu',
    trich: 'Trích yếu',
    issuer: 'Cơ quan ban hành',
    issued: 'Ngày ban hành',
    effective: 'Hiệu lực',
    effectiveOn: 'Ngày có hiệu lực',
    from: 'Từ',
    download: 'Tải về',
    noFile: 'Chưa có tệp',
    status: 'Tình trạng hiệu lực',
    by: 'bởi',
    summary: 'Tóm tắt',
    replacedBy: 'Được thay thế bởi',
    amendedBy: 'Được sửa đổi, bổ sung bởi',
    replaces: 'Văn bản này thay thế',
    amends: 'Văn bản này sửa đổi, bổ sung',
    file: 'Tệp văn bản',
    noFileOld: 'Văn bản đã hết hiệu lực: tệp không còn được cung cấp ở đây; xem văn bản thay thế.',
    back: 'Về danh sách văn bản pháp luật',
    home: 'Trang chủ',
    notFound: 'Không có văn bản này trong thư viện.',
  },
  en: {
    title: 'IT legal texts',
    description: 'Laws, decrees and circulars on information technology, electronic transactions and information security in force.',
    intro: 'The laws, decrees, circulars and decisions on information technology and digital transformation in force that the state agencies of the province apply. The Department of Science and Technology keeps their status current. The texts are issued in Vietnamese: their numbers and titles are given as issued.',
    search: 'Search the legal texts',
    searchLabel: 'Search by number or title (with or without Vietnamese marks)',
    type: 'Type of text',
    all: 'All',
    submit: 'Search',
    found: (n: number) => `${n} ${n === 1 ? 'text' : 'texts'} in force.`,
    none: 'No text matches.',
    number: 'Number',
    trich: 'Title (Vietnamese)',
    issuer: 'Issued by',
    issued: 'Issued on',
    effective: 'In force',
    effectiveOn: 'In force from',
    from: 'From',
    download: 'Download',
    noFile: 'No file yet',
    status: 'Status',
    by: 'by',
    summary: 'Summary (Vietnamese)',
    replacedBy: 'Replaced by',
    amendedBy: 'Amended by',
    replaces: 'This text replaces',
    amends: 'This text amends',
    file: 'File',
    noFileOld: 'This text is no longer in force: its file is not offered here; see the text that replaces it.',
    back: 'Back to the legal texts',
    home: 'Home',
    notFound: 'There is no such text in the library.',
  },
} as const;

function param(q: Record<string, unknown>, key: string, max: number): string | undefined {
  const v = q[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalid(key, `Tham số "${key}" chỉ được gửi một lần.`, `Parameter "${key}" may be sent once only.`);
  if (v.length > max) throw invalid(key, `Tham số "${key}" dài quá ${max} ký tự.`, `Parameter "${key}" is longer than ${max} characters.`);
  return v.trim() || undefined;
}

/** The Vietnamese text of a title or a summary on an English page: marked as Vietnamese for screen readers. */
const vi = (lang: Lang, text: string) => (lang === 'en' ? html`<span lang="vi">${text}</span>` : html`${text}`);
const idOf = (raw: string) => (/^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null);

function listPage(site: Site, lang: Lang, items: LegalTextView[], text: string | undefined, type: string | undefined): Html {
  const w = WORDS[lang];
  const base = PATH[lang];
  const body = html`
<p>${w.intro}</p>
<form class="search panel" action="${base}" method="get" role="search" aria-label="${w.search}">
<div class="wide"><label for="q">${w.searchLabel}</label><input type="search" id="q" name="q" maxlength="200" value="${text ?? ''}"></div>
<div><label for="loai">${w.type}</label><select id="loai" name="loai"><option value="">${w.all}</option>${LEGAL_TYPES.map((t) => html`<option value="${t}"${t === type ? html` selected` : ''}>${LEGAL_TYPE_LABELS[t][lang]}</option>`)}</select></div>
<div><button type="submit">${w.submit}</button></div>
</form>
<p role="status">${items.length ? w.found(items.length) : w.none}</p>
${items.length
  ? html`<table class="stack"><thead><tr><th scope="col">${w.number}</th><th scope="col">${w.trich}</th><th scope="col">${w.issuer}</th><th scope="col">${w.issued}</th><th scope="col">${w.effective}</th><th scope="col">${w.download}</th></tr></thead><tbody>${items.map(
      (t) => html`<tr><th scope="row"><a href="${base}/${t.id}">${LEGAL_TYPE_LABELS[t.type][lang]} ${t.number}</a></th><td data-label="${w.trich}">${vi(lang, t.title)}${t.summary ? html`<br><span class="meta">${vi(lang, t.summary)}</span>` : ''}</td><td data-label="${w.issuer}">${vi(lang, t.issuer)}</td><td data-label="${w.issued}">${formatDateVi(t.issuedOn)}</td><td data-label="${w.effective}">${t.effectiveOn ? `${w.from} ${formatDateVi(t.effectiveOn)}` : ''}${t.status === 'amended' ? html`<br><span class="meta">${LEGAL_STATUS_LABELS.amended[lang]}${t.linked ? ` ${w.by} ${t.linked.number}` : ''}</span>` : ''}</td><td data-label="${w.download}">${t.file ? html`<a href="${fileHref(t)}" download>${t.number}.pdf</a><br><span class="meta">${kb(t.file.size)}</span>` : w.noFile}</td></tr>`,
    )}</tbody></table>`
  : ''}`;
  return layout(site, { lang, title: w.title, description: w.description, nav: 'legal', crumbs: [{ href: lang === 'vi' ? '/' : '/en/', label: w.home }], alternate: PATH[lang === 'vi' ? 'en' : 'vi'], body });
}

function detailPage(site: Site, lang: Lang, t: NonNullable<Awaited<ReturnType<typeof legalTextDetail>>>): Html {
  const w = WORDS[lang];
  const base = PATH[lang];
  const ref = (r: { id: number; number: string; title: string }) => html`<a href="${base}/${r.id}">${r.number}</a> — ${vi(lang, r.title)}`;
  const replacing = t.successors.filter((x) => x.status === 'replaced');
  const amending = t.successors.filter((x) => x.status !== 'replaced');
  const body = html`
<dl class="facts">
<dt>${w.number}</dt><dd>${t.number}</dd>
<dt>${w.type}</dt><dd>${LEGAL_TYPE_LABELS[t.type][lang]}</dd>
<dt>${w.issuer}</dt><dd>${vi(lang, t.issuer)}</dd>
<dt>${w.issued}</dt><dd>${formatDateVi(t.issuedOn)}</dd>
${t.effectiveOn ? html`<dt>${w.effectiveOn}</dt><dd>${formatDateVi(t.effectiveOn)}</dd>` : ''}
<dt>${w.status}</dt><dd>${LEGAL_STATUS_LABELS[t.status][lang]}</dd>
${t.linked ? html`<dt>${t.status === 'replaced' ? w.replacedBy : w.amendedBy}</dt><dd>${ref(t.linked)}</dd>` : ''}
${replacing.length ? html`<dt>${w.replaces}</dt><dd><ul class="plain">${replacing.map((r) => html`<li>${ref(r)}</li>`)}</ul></dd>` : ''}
${amending.length ? html`<dt>${w.amends}</dt><dd><ul class="plain">${amending.map((r) => html`<li>${ref(r)}</li>`)}</ul></dd>` : ''}
</dl>
${t.summary ? html`<h2>${w.summary}</h2><p>${vi(lang, t.summary)}</p>` : ''}
<h2>${w.file}</h2>
<p>${t.file && offersFile(t.status) ? html`<a href="${fileHref(t)}" download>${t.number}.pdf</a> <span class="meta">(${kb(t.file.size)})</span>` : offersFile(t.status) ? w.noFile : w.noFileOld}</p>
<p><a href="${base}">${w.back}</a></p>`;
  const other = lang === 'vi' ? 'en' : 'vi';
  return layout(site, {
    lang,
    title: `${LEGAL_TYPE_LABELS[t.type][lang]} ${t.number}`,
    description: t.title,
    nav: 'legal',
    crumbs: [{ href: lang === 'vi' ? '/' : '/en/', label: w.home }, { href: base, label: w.title }],
    alternate: `${PATH[other]}/${t.id}`,
    body,
  });
}

export function legalPortal(ctx: AppContext): PortalExtension {
  return (app: FastifyInstance, tools) => {
    const hide = { schema: { hide: true } };
    for (const lang of ['vi', 'en'] as const) {
      app.get(
        PATH[lang],
        hide,
        tools.page(async (req, site) => {
          const q = req.query;
          const text = param(q, 'q', 200);
          const type = param(q, 'loai', 20);
          if (type !== undefined && !(LEGAL_TYPES as readonly string[]).includes(type)) throw invalid('loai', 'Loại văn bản không hợp lệ.', 'Unknown type of text.');
          const [inForce, amended] = await Promise.all([
            listLegalTexts(ctx.db.kysely, { q: text, type: type as LegalType | undefined, status: 'in_force', limit: PAGE_SIZE }),
            listLegalTexts(ctx.db.kysely, { q: text, type: type as LegalType | undefined, status: 'amended', limit: PAGE_SIZE }),
          ]);
          const items = [...inForce.items, ...amended.items].sort((a, b) => b.issuedOn.localeCompare(a.issuedOn));
          return listPage(site, lang, items, text, type);
        }),
      );
      app.get(
        `${PATH[lang]}/:id`,
        hide,
        tools.page(async (req, site) => {
          const id = idOf(req.params.id ?? '');
          const t = id === null ? null : await legalTextDetail(ctx.db.kysely, id);
          return t ? detailPage(site, lang, t) : null;
        }),
      );
    }
    // The sitemap names the library in both languages and every text's page (a replaced text's
    // page stays public: it says what replaces it), with the day the text last changed.
    tools.sitemap(async () => {
      const rows = await ctx.db.kysely.selectFrom('legal_texts').select(['id', 'updated_at']).orderBy('issued_on', 'desc').orderBy('id', 'desc').limit(5000).execute();
      const newest = rows.reduce<string | undefined>((m, r) => (m === undefined || r.updated_at > m ? r.updated_at : m), undefined);
      return [
        { loc: PATH.vi, lastmod: newest },
        { loc: PATH.en, lastmod: newest },
        ...rows.flatMap((r) => [
          { loc: `${PATH.vi}/${r.id}`, lastmod: r.updated_at },
          { loc: `${PATH.en}/${r.id}`, lastmod: r.updated_at },
        ]),
      ];
    });
    app.get(`${PATH.vi}/:id/tep/:name`, hide, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const id = idOf(req.params.id);
      return tools.file(req, reply, id === null ? null : await legalTextFile(ctx, id, true));
    });
  };
}
