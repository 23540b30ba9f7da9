import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext, Actor } from '../context.js';
import { invalid } from '../../domain/errors.js';
import { MONTH, shiftMonth } from '../../domain/monitoring.js';
import { provinceName } from '../directory/repo.js';
import { englishUnitName } from '../../domain/place-names.js';
import { html, layout, portalCssHref, date } from '../portal/index.js';
import { currentMonth, findPeriod } from './periods.js';
import { publicIndicators } from './queries.js';

/** The portal's page of the indicators the IT department publishes, and the same as open data; no script, like the portal's pages. */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** Nobody signed in: the public reads only what the settings mark public. */
const PUBLIC: Actor = { userId: 0, username: 'public', fullName: 'Công chúng', orgId: 0, agencyId: 0, roles: [], isProvinceAdmin: false, via: 'system' };

const fmt = (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN', { maximumFractionDigits: 2 }));
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function monitoringPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  const monthOf = async (q: unknown) => {
    const v = (q as Record<string, unknown>)?.thang;
    if (v === undefined || v === '') return shiftMonth(await currentMonth(ctx), -1);
    if (typeof v !== 'string' || !MONTH.test(v)) throw invalid('thang', 'Tháng có dạng yyyy-mm.', 'thang is yyyy-mm.');
    return v;
  };
  const head = (reply: FastifyReply, type: string) => reply.header('content-security-policy', CSP).header('cache-control', 'public, max-age=300').type(type);

  app.get('/chi-so', { schema: { hide: true } }, async (req, reply) => {
    const month = await monthOf(req.query);
    const [data, period, name] = await Promise.all([publicIndicators(ctx, PUBLIC, month), findPeriod(ctx.db.kysely, month), provinceName(ctx.db.kysely)]);
    const site = { provinceName: name ?? 'Cổng thông tin', provinceNameEn: name ? englishUnitName(name) : 'Public portal', cssHref: portalCssHref() };
    const [y, m] = month.split('-');
    const body = html`
<p>Kết quả theo dõi ứng dụng công nghệ thông tin, chuyển đổi số tháng ${m}/${y}${period ? html` (số liệu từ ${date(period.from)} đến ${date(period.to)})` : ''}, tính tự động từ hệ thống quản lý văn bản và cổng thông tin. Chỉ các chỉ tiêu Sở Khoa học và Công nghệ công bố được đăng ở đây.</p>
<p><a href="/chi-so?thang=${shiftMonth(month, -1)}">Tháng trước</a> · <a href="/du-lieu-mo/chi-so.csv?thang=${month}">Tải CSV</a> · <a href="/du-lieu-mo/chi-so.json?thang=${month}">Tải JSON</a></p>
<h2>Toàn tỉnh</h2>
<table class="stack"><thead><tr><th scope="col">Chỉ tiêu</th><th scope="col">Giá trị</th></tr></thead>
<tbody>${data.indicators.map((i) => html`<tr><th scope="row">${i.nameVi}</th><td data-label="Giá trị">${fmt(i.value)}${i.unit === '%' ? '%' : ` ${i.unit}`}</td></tr>`)}</tbody></table>
<h2>Theo cơ quan</h2>
<table class="stack"><thead><tr><th scope="col">Cơ quan</th>${data.indicators.map((i) => html`<th scope="col">${i.nameVi}</th>`)}</tr></thead>
<tbody>${data.agencies.map((a) => html`<tr><th scope="row">${a.name}</th>${a.values.map((v, k) => html`<td data-label="${data.indicators[k]!.nameVi}">${fmt(v)}</td>`)}</tr>`)}</tbody></table>`;
    return head(reply, 'text/html; charset=utf-8').send(layout(site, { lang: 'vi', title: `Chỉ số chuyển đổi số tháng ${m}/${y}`, nav: 'opendata', crumbs: [{ href: '/', label: 'Trang chủ' }, { href: '/du-lieu-mo', label: 'Dữ liệu mở' }], body }).toString());
  });

  app.get('/du-lieu-mo/chi-so.json', { schema: { hide: true } }, async (req, reply) => {
    const month = await monthOf(req.query);
    return head(reply, 'application/json; charset=utf-8').send(JSON.stringify(await publicIndicators(ctx, PUBLIC, month), null, 1));
  });
  app.get('/du-lieu-mo/chi-so.csv', { schema: { hide: true } }, async (req, reply) => {
    const month = await monthOf(req.query);
    const d = await publicIndicators(ctx, PUBLIC, month);
    const lines = [['thang', 'co_quan', ...d.indicators.map((i) => i.code)], ...d.agencies.map((a) => [month, a.name, ...a.values.map((v) => (v === null ? '' : String(v)))])];
    return head(reply, 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="chi-so-${month}.csv"`).send(`\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`);
  });
}
