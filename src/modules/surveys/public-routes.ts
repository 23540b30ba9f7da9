import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { englishUnitName } from '../../domain/place-names.js';
import { formatDateVi } from '../../domain/numbering.js';
import { provinceName } from '../directory/repo.js';
import { html, type Html } from '../portal/html.js';
import { layout, type Lang, type Site } from '../portal/layout.js';
import { portalCssHref } from '../portal/public-routes.js';
import { VSIC_SECTIONS } from '../../domain/surveys.js';
import type { GroupAggregate, PeriodAggregates } from './aggregates.js';
import { aggregatesCsv, aggregatesJson, publishedAggregates } from './public-export.js';

/**
 * The survey's open data on the portal, without JavaScript: /du-lieu-mo/khao-sat (a page, in
 * English /en/open-data/it-survey), /du-lieu-mo/khao-sat.json and .csv. Aggregates only, of closed periods, small groups hidden.
 */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The page's words in both languages; the English page lives under /en/open-data/it-survey. */
const TEXT = {
  vi: {
    path: '/du-lieu-mo/khao-sat',
    title: 'Khảo sát ứng dụng CNTT, chuyển đổi số',
    crumbs: [{ href: '/', label: 'Trang chủ' }, { href: '/du-lieu-mo', label: 'Dữ liệu mở' }],
    intro: 'Kết quả tổng hợp khảo sát ứng dụng công nghệ thông tin và chuyển đổi số của doanh nghiệp, cơ quan, đơn vị trên địa bàn tỉnh (chỉ tiêu kinh tế số theo Quyết định 1354/QĐ-BTTTT). Chỉ công bố số liệu tổng hợp của các kỳ đã kết thúc; nhóm có dưới 3 phiếu không được công bố.',
    download: 'Tải về',
    none: 'Chưa có kỳ khảo sát nào kết thúc.',
    group: 'Nhóm',
    asked: 'Được hỏi',
    submitted: 'Đã trả lời',
    rate: 'Tỷ lệ phản hồi',
    hidden: 'ẩn (dưới 3 phiếu)',
    yes: (p: string) => `${p} trả lời Có`,
    mean: (p: string) => `bình quân ${p}`,
    totalMean: (total: string, mean: string) => `tổng ${total}, bình quân ${mean}`,
    indicator: 'Chỉ tiêu',
    answered: 'Số trả lời',
    result: 'Kết quả',
    province: 'Toàn tỉnh',
    noProvince: 'Chưa đủ phiếu để công bố số liệu toàn tỉnh.',
    bySector: 'Theo ngành kinh tế (VSIC)',
    byCommune: 'Theo xã, phường',
    noSector: 'Chưa phân ngành',
    noCommune: 'Chưa rõ xã, phường',
    about: (code: string, version: number, from: string, to: string, asked: number, submitted: number, rate: string) =>
      `Phiếu ${code} phiên bản ${version}; từ ${from} đến ${to}. Được hỏi: ${asked}; đã trả lời: ${submitted}; tỷ lệ phản hồi: ${rate}.`,
  },
  en: {
    path: '/en/open-data/it-survey',
    title: 'IT adoption and digital transformation survey',
    crumbs: [{ href: '/en/', label: 'Home' }, { href: '/en/open-data', label: 'Open data' }],
    intro: 'Aggregates of the provincial survey of IT use and digital transformation by enterprises and public units (the digital-economy indicators of Decision 1354/QĐ-BTTTT). Only the aggregates of closed periods are published; groups of fewer than 3 responses are not published.',
    download: 'Download',
    none: 'No survey period has closed yet.',
    group: 'Group',
    asked: 'Asked',
    submitted: 'Responded',
    rate: 'Response rate',
    hidden: 'hidden (fewer than 3 responses)',
    yes: (p: string) => `${p} answered yes`,
    mean: (p: string) => `average ${p}`,
    totalMean: (total: string, mean: string) => `total ${total}, average ${mean}`,
    indicator: 'Indicator',
    answered: 'Answers',
    result: 'Result',
    province: 'Whole province',
    noProvince: 'Not enough responses yet to publish figures for the province.',
    bySector: 'By economic sector (VSIC)',
    byCommune: 'By commune or ward',
    noSector: 'No sector',
    noCommune: 'Commune or ward not known',
    about: (code: string, version: number, from: string, to: string, asked: number, submitted: number, rate: string) =>
      `Questionnaire ${code} version ${version}; from ${from} to ${to}. Asked: ${asked}; responded: ${submitted}; response rate: ${rate}.`,
  },
} as const;

const num = (x: number, lang: Lang) => x.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
const pct = (x: number | null | undefined, lang: Lang) => (x === null || x === undefined ? '—' : lang === 'vi' ? `${num(x, lang)} %` : `${num(x, lang)}%`);

/** A group's name in the page's language (the aggregates carry the Vietnamese one). */
function groupLabel(g: GroupAggregate, lang: Lang): string {
  if (lang === 'vi') return g.label;
  if (g.dimension === 'province') return TEXT.en.province;
  if (g.dimension === 'sector') return g.key ? `${g.key} — ${VSIC_SECTIONS[g.key]?.en ?? g.key}` : TEXT.en.noSector;
  return g.key ? englishUnitName(g.key) : TEXT.en.noCommune;
}

function periodSection(a: PeriodAggregates, lang: Lang): Html {
  const t = TEXT[lang];
  const qText = (q: { textVi: string; textEn: string }) => (lang === 'vi' ? q.textVi : q.textEn);
  const province = a.groups.find((g) => g.dimension === 'province');
  const yesNo = a.questionnaire.questions.filter((q) => q.kind === 'yes_no').slice(0, 4);
  const breakdown = (dim: 'sector' | 'commune', caption: string) => {
    const groups = a.groups.filter((g) => g.dimension === dim);
    if (!groups.length) return '';
    return html`<table class="stack" data-dimension="${dim}"><caption>${caption}</caption><thead><tr><th scope="col">${t.group}</th><th scope="col">${t.asked}</th><th scope="col">${t.submitted}</th><th scope="col">${t.rate}</th>${yesNo.map((q) => html`<th scope="col">${qText(q)}</th>`)}</tr></thead><tbody>
${groups.map(
  (g) => html`<tr><th scope="row">${groupLabel(g, lang)}</th><td data-label="${t.asked}">${g.asked}</td><td data-label="${t.submitted}">${g.submitted}</td><td data-label="${t.rate}">${pct(g.responseRate, lang)}</td>${yesNo.map((q) => {
    const x = g.questions.find((y) => y.code === q.code);
    return html`<td data-label="${qText(q)}">${g.suppressed || !x || x.suppressed ? t.hidden : pct(x.yesShare, lang)}</td>`;
  })}</tr>`,
)}</tbody></table>`;
  };
  const rows = province && !province.suppressed
    ? province.questions.map((x) => {
        const q = a.questionnaire.questions.find((y) => y.code === x.code)!;
        const value =
          x.suppressed ? t.hidden
          : x.kind === 'yes_no' ? t.yes(pct(x.yesShare, lang))
          : x.kind === 'percent' ? t.mean(pct(x.mean, lang))
          : x.kind === 'number' ? t.totalMean(num(x.total ?? 0, lang), `${num(x.mean ?? 0, lang)}${q.unit ? ` ${q.unit}` : ''}`)
          : x.choices.map((c) => {
              const o = q.choices.find((y) => y.code === c.code);
              return `${(lang === 'vi' ? o?.vi : o?.en || o?.vi) ?? c.code}: ${pct(c.share, lang)}`;
            }).join('; ');
        return html`<tr><th scope="row">${qText(q)}</th><td data-label="${t.answered}">${x.answered}</td><td data-label="${t.result}">${value}</td></tr>`;
      })
    : [];
  return html`<section aria-labelledby="ky-${a.period.code}">
<h2 id="ky-${a.period.code}"${lang === 'en' ? html` lang="vi"` : ''}>${a.period.name} (${a.period.code})</h2>
<p>${t.about(a.questionnaire.code, a.questionnaire.version, formatDateVi(a.period.opensOn), formatDateVi(a.period.closesOn), a.asked, a.submitted, pct(a.responseRate, lang))}</p>
${rows.length ? html`<table class="stack" data-dimension="province"><caption>${t.province}</caption><thead><tr><th scope="col">${t.indicator}</th><th scope="col">${t.answered}</th><th scope="col">${t.result}</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>${t.noProvince}</p>`}
${breakdown('sector', t.bySector)}
${breakdown('commune', t.byCommune)}
</section>`;
}

export function surveyPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  const hide = { schema: { hide: true } };
  let css: string | null = null;
  async function site(): Promise<Site> {
    css ??= portalCssHref();
    const name = await provinceName(ctx.db.kysely);
    return { provinceName: name ?? 'Cổng thông tin', provinceNameEn: name ? englishUnitName(name) : 'Public portal', cssHref: css };
  }
  const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'public, max-age=300' };

  for (const lang of ['vi', 'en'] as const) {
    const t = TEXT[lang];
    app.get(t.path, hide, async (_req, reply) => {
      const list = await publishedAggregates(ctx.db.kysely);
      const body = html`
<p>${t.intro}</p>
<p>${t.download}: <a href="/du-lieu-mo/khao-sat.json">JSON</a> · <a href="/du-lieu-mo/khao-sat.csv">CSV</a></p>
${list.length ? list.map((a) => periodSection(a, lang)) : html`<p>${t.none}</p>`}`;
      const page = layout(await site(), { lang, title: t.title, nav: 'opendata', crumbs: [...t.crumbs], alternate: TEXT[lang === 'vi' ? 'en' : 'vi'].path, body });
      return reply.headers(headers).type('text/html; charset=utf-8').send(page.value);
    });
  }
  app.get('/du-lieu-mo/khao-sat.json', hide, async (_req, reply) => {
    const list = await publishedAggregates(ctx.db.kysely);
    return reply.headers(headers).type('application/json; charset=utf-8').send(JSON.stringify(aggregatesJson(list), null, 1));
  });
  app.get('/du-lieu-mo/khao-sat.csv', hide, async (_req, reply) => {
    const list = await publishedAggregates(ctx.db.kysely);
    return reply.headers(headers).header('content-disposition', 'attachment; filename="khao-sat-cntt.csv"').type('text/csv; charset=utf-8').send(aggregatesCsv(list));
  });
}
