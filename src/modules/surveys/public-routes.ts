import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { englishUnitName } from '../../domain/place-names.js';
import { formatDateVi } from '../../domain/numbering.js';
import { provinceName } from '../directory/repo.js';
import { html, type Html } from '../portal/html.js';
import { layout, type Site } from '../portal/layout.js';
import { portalCssHref } from '../portal/public-routes.js';
import type { PeriodAggregates } from './aggregates.js';
import { aggregatesCsv, aggregatesJson, publishedAggregates } from './public-export.js';

/**
 * The survey's open data on the portal, without JavaScript: /du-lieu-mo/khao-sat (a page),
 * /du-lieu-mo/khao-sat.json and .csv. Aggregates only, of closed periods, small groups hidden.
 */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x.toLocaleString('vi-VN')} %`);

function periodSection(a: PeriodAggregates): Html {
  const province = a.groups.find((g) => g.dimension === 'province');
  const yesNo = a.questionnaire.questions.filter((q) => q.kind === 'yes_no').slice(0, 4);
  const breakdown = (dim: 'sector' | 'commune', caption: string) => {
    const groups = a.groups.filter((g) => g.dimension === dim);
    if (!groups.length) return '';
    return html`<table class="stack"><caption>${caption}</caption><thead><tr><th scope="col">Nhóm</th><th scope="col">Được hỏi</th><th scope="col">Đã trả lời</th><th scope="col">Tỷ lệ phản hồi</th>${yesNo.map((q) => html`<th scope="col">${q.textVi}</th>`)}</tr></thead><tbody>
${groups.map(
  (g) => html`<tr><th scope="row">${g.label}</th><td data-label="Được hỏi">${g.asked}</td><td data-label="Đã trả lời">${g.submitted}</td><td data-label="Tỷ lệ phản hồi">${pct(g.responseRate)}</td>${yesNo.map((q) => {
    const x = g.questions.find((y) => y.code === q.code);
    return html`<td data-label="${q.textVi}">${g.suppressed || !x || x.suppressed ? 'ẩn (dưới 3 phiếu)' : pct(x.yesShare)}</td>`;
  })}</tr>`,
)}</tbody></table>`;
  };
  const rows = province && !province.suppressed
    ? province.questions.map((x) => {
        const q = a.questionnaire.questions.find((y) => y.code === x.code)!;
        const value =
          x.suppressed ? 'ẩn (dưới 3 phiếu)'
          : x.kind === 'yes_no' ? `${pct(x.yesShare)} trả lời Có`
          : x.kind === 'percent' ? `bình quân ${pct(x.mean)}`
          : x.kind === 'number' ? `tổng ${(x.total ?? 0).toLocaleString('vi-VN')}, bình quân ${(x.mean ?? 0).toLocaleString('vi-VN')}${q.unit ? ` ${q.unit}` : ''}`
          : x.choices.map((c) => `${q.choices.find((o) => o.code === c.code)?.vi ?? c.code}: ${pct(c.share)}`).join('; ');
        return html`<tr><th scope="row">${q.textVi}</th><td data-label="Số trả lời">${x.answered}</td><td data-label="Kết quả">${value}</td></tr>`;
      })
    : [];
  return html`<section aria-labelledby="ky-${a.period.code}">
<h2 id="ky-${a.period.code}">${a.period.name} (${a.period.code})</h2>
<p>Phiếu ${a.questionnaire.code} phiên bản ${a.questionnaire.version}; từ ${formatDateVi(a.period.opensOn)} đến ${formatDateVi(a.period.closesOn)}. Được hỏi: ${a.asked}; đã trả lời: ${a.submitted}; tỷ lệ phản hồi: ${pct(a.responseRate)}.</p>
${rows.length ? html`<table class="stack"><caption>Toàn tỉnh</caption><thead><tr><th scope="col">Chỉ tiêu</th><th scope="col">Số trả lời</th><th scope="col">Kết quả</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>Chưa đủ phiếu để công bố số liệu toàn tỉnh.</p>`}
${breakdown('sector', 'Theo ngành kinh tế (VSIC)')}
${breakdown('commune', 'Theo xã, phường')}
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

  app.get('/du-lieu-mo/khao-sat', hide, async (_req, reply) => {
    const list = await publishedAggregates(ctx.db.kysely);
    const body = html`
<p>Kết quả tổng hợp khảo sát ứng dụng công nghệ thông tin và chuyển đổi số của doanh nghiệp, cơ quan, đơn vị trên địa bàn tỉnh (chỉ tiêu kinh tế số theo Quyết định 1354/QĐ-BTTTT). Chỉ công bố số liệu tổng hợp của các kỳ đã kết thúc; nhóm có dưới 3 phiếu không được công bố.</p>
<p>Tải về: <a href="/du-lieu-mo/khao-sat.json">JSON</a> · <a href="/du-lieu-mo/khao-sat.csv">CSV</a></p>
<p lang="en">Aggregates of the provincial IT-adoption survey of enterprises and public units, for closed periods only; groups of fewer than 3 responses are not published.</p>
${list.length ? list.map(periodSection) : html`<p>Chưa có kỳ khảo sát nào kết thúc.</p>`}`;
    const page = layout(await site(), { lang: 'vi', title: 'Khảo sát ứng dụng CNTT, chuyển đổi số', nav: 'opendata', crumbs: [{ href: '/', label: 'Trang chủ' }, { href: '/du-lieu-mo', label: 'Dữ liệu mở' }], body });
    return reply.headers(headers).type('text/html; charset=utf-8').send(page.value);
  });
  app.get('/du-lieu-mo/khao-sat.json', hide, async (_req, reply) => {
    const list = await publishedAggregates(ctx.db.kysely);
    return reply.headers(headers).type('application/json; charset=utf-8').send(JSON.stringify(aggregatesJson(list), null, 1));
  });
  app.get('/du-lieu-mo/khao-sat.csv', hide, async (_req, reply) => {
    const list = await publishedAggregates(ctx.db.kysely);
    return reply.headers(headers).header('content-disposition', 'attachment; filename="khao-sat-cntt.csv"').type('text/csv; charset=utf-8').send(aggregatesCsv(list));
  });
}
