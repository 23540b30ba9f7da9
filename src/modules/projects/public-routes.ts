import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../context.js';
import { DomainError } from '../../domain/errors.js';
import { formatDong } from '../../domain/money.js';
import { formatDateVi } from '../../domain/numbering.js';
import { GROUP_LABELS, KIND_LABELS, PROJECT_STAGES, RATING_LABELS, ratingBand, varianceBand, type ProjectGroup, type ProjectKind, type ProjectStage } from '../../domain/projects.js';
import { provinceName } from '../directory/repo.js';
import { html, type Html } from '../portal/html.js';
import { layout, pager, type Site } from '../portal/layout.js';
import { englishUnitName } from '../../domain/place-names.js';
import { publicProject, publicProjects, type PublicProject } from './public-read.js';

/**
 * The public pages of the register (/du-an, /du-an/:id) and its open data
 * (/du-lieu-mo/du-an.json, .csv): server-rendered, no JavaScript, the portal's layout and
 * stylesheet, the same security headers. Only public fields (public-read.ts).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
function portalCssHref(): string {
  for (const p of [path.resolve(here, '../portal/portal.css'), path.resolve(here, '../../src/modules/portal/portal.css')]) {
    try {
      return `/portal-${createHash('sha256').update(fs.readFileSync(p)).digest('hex').slice(0, 12)}.css`;
    } catch {
      /* try the next */
    }
  }
  return '/portal.css';
}

const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const PAGE_SIZE = 50;
const BAND_TEXT = { red: 'Đỏ', yellow: 'Vàng', green: 'Xanh' } as const;

const days = (n: number) => (n === 0 ? 'đúng hạn' : n > 0 ? `chậm ${n} ngày` : `sớm ${-n} ngày`);
const pct = (n: number) => `${n > 0 ? '+' : ''}${n.toLocaleString('vi-VN')}%`;
const rating = (p: PublicProject) => (p.rating ? html`${p.rating}/5 — ${RATING_LABELS[p.rating]!.vi} (${BAND_TEXT[ratingBand(p.rating)!]}), ngày ${formatDateVi(p.ratingDate)}` : 'Chưa đánh giá');

function listPage(site: Site, list: { total: number; items: PublicProject[] }, page: number, params: URLSearchParams, stage: ProjectStage | undefined): Html {
  const body = html`
<p>Các dự án ứng dụng công nghệ thông tin sử dụng vốn nhà nước của tỉnh: tổng mức đầu tư, số đã giải ngân, chênh lệch tiến độ và chi phí so với tiến độ được duyệt (tính tự động từ các mốc), và đánh giá rủi ro của Sở Khoa học và Công nghệ (1: rủi ro cao … 5: rủi ro thấp). Tải toàn bộ: <a href="/du-lieu-mo/du-an.csv">CSV</a> · <a href="/du-lieu-mo/du-an.json">JSON</a>.</p>
<form class="search" method="get" action="/du-an">
<div><label for="gd">Giai đoạn</label><select id="gd" name="giai-doan"><option value="">Tất cả</option>${PROJECT_STAGES.map((s) => html`<option value="${s}"${s === stage ? html` selected` : ''}>${labelOf(s)}</option>`)}</select></div>
<div><button type="submit">Lọc</button></div>
</form>
<p>${list.total} dự án.</p>
<table class="stack"><caption>Danh mục dự án, chênh lệch chi phí lớn nhất trước</caption>
<thead><tr><th scope="col">Dự án</th><th scope="col">Chủ đầu tư</th><th scope="col">Tổng mức đầu tư</th><th scope="col">Đã giải ngân</th><th scope="col">Chênh lệch tiến độ</th><th scope="col">Chênh lệch chi phí</th><th scope="col">Đánh giá rủi ro</th></tr></thead>
<tbody>${list.items.map(
    (p) => html`<tr><th scope="row"><a href="/du-an/${p.id}">${p.name}</a><br><small>${p.code} · ${labelOf(p.stage as ProjectStage)}</small></th>
<td data-label="Chủ đầu tư">${p.agency}</td>
<td data-label="Tổng mức đầu tư">${formatDong(p.totalInvestment)}</td>
<td data-label="Đã giải ngân">${formatDong(p.spent)}</td>
<td data-label="Chênh lệch tiến độ">${p.baselineVersion ? html`${days(p.scheduleVarianceDays)} (${pct(p.scheduleVariancePct)}, ${BAND_TEXT[varianceBand(p.scheduleVariancePct * 100)!]})` : 'Chưa có tiến độ duyệt'}</td>
<td data-label="Chênh lệch chi phí">${p.baselineVersion ? html`${formatDong(p.costVarianceDong)} (${pct(p.costVariancePct)}, ${BAND_TEXT[varianceBand(p.costVariancePct * 100)!]})` : '—'}</td>
<td data-label="Đánh giá rủi ro">${rating(p)}</td></tr>`,
  )}</tbody></table>
${pager('vi', '/du-an', params, page, list.total, PAGE_SIZE)}`;
  return layout(site, { lang: 'vi', title: 'Dự án công nghệ thông tin', description: 'Danh mục, tiến độ, giải ngân và đánh giá rủi ro các dự án CNTT của tỉnh', nav: 'none', crumbs: [{ href: '/', label: 'Trang chủ' }], body });
}

const labelOf = (s: ProjectStage) => ({ policy: 'Chủ trương đầu tư', feasibility: 'Lập báo cáo NCKT / KT-KT', appraisal: 'Thẩm định', investment_decision: 'Quyết định đầu tư', detailed_design: 'Thiết kế chi tiết', contractor_selection: 'Lựa chọn nhà thầu', implementation: 'Triển khai', trial_operation: 'Vận hành thử', acceptance: 'Nghiệm thu', handover: 'Bàn giao', final_accounts: 'Quyết toán' })[s];

function projectPage(site: Site, p: Awaited<ReturnType<typeof publicProject>>): Html {
  const body = html`
<dl class="facts">
<dt>Mã dự án</dt><dd>${p.code}</dd>
<dt>Chủ đầu tư</dt><dd>${p.agency}</dd>
<dt>Nhóm, loại</dt><dd>${GROUP_LABELS[p.group as ProjectGroup]}, ${KIND_LABELS[p.kind as ProjectKind].vi}</dd>
<dt>Thời gian thực hiện</dt><dd>${p.startYear}–${p.endYear}</dd>
<dt>Giai đoạn</dt><dd>${p.stageLabel}</dd>
<dt>Tổng mức đầu tư</dt><dd>${formatDong(p.totalInvestment)}</dd>
<dt>Đã giải ngân</dt><dd>${formatDong(p.spent)}</dd>
<dt>Chênh lệch tiến độ</dt><dd>${p.baselineVersion ? html`${days(p.scheduleVarianceDays)} (${pct(p.scheduleVariancePct)})` : 'Chưa có tiến độ được duyệt'}</dd>
<dt>Chênh lệch chi phí</dt><dd>${p.baselineVersion ? html`${formatDong(p.costVarianceDong)} (${pct(p.costVariancePct)})` : '—'}</dd>
<dt>Tiến độ được duyệt</dt><dd>${p.baselineVersion ? `lần ${p.baselineVersion}${p.baselineVersion > 1 ? ' (đã điều chỉnh)' : ''}` : '—'}</dd>
<dt>Đánh giá rủi ro</dt><dd>${rating(p)}</dd>
</dl>
<h2>Các giai đoạn</h2>
<ol class="steps">${p.stages.map((s) => html`<li>${s.label} — ${formatDateVi(s.date)}</li>`)}</ol>
${
  p.milestones.length
    ? html`<h2>Các mốc tiến độ</h2>
<table class="stack"><thead><tr><th scope="col">Mốc</th><th scope="col">Hoàn thành theo kế hoạch</th><th scope="col">Hoàn thành thực tế / dự kiến</th><th scope="col">Chênh lệch</th><th scope="col">Chi phí kế hoạch</th><th scope="col">Chi phí thực tế / dự kiến</th></tr></thead>
<tbody>${p.milestones.map((m) => html`<tr><th scope="row">${m.name}</th><td data-label="Kế hoạch">${formatDateVi(m.plannedEnd)}</td><td data-label="Thực tế / dự kiến">${formatDateVi(m.projectedEnd)}</td><td data-label="Chênh lệch">${days(m.scheduleDays)}</td><td data-label="Chi phí kế hoạch">${formatDong(m.plannedCost)}</td><td data-label="Chi phí thực tế / dự kiến">${formatDong(m.projectedCost)}</td></tr>`)}</tbody></table>`
    : ''
}`;
  return layout(site, { lang: 'vi', title: p.name, description: `Dự án ${p.code} của ${p.agency}`, nav: 'none', crumbs: [{ href: '/', label: 'Trang chủ' }, { href: '/du-an', label: 'Dự án CNTT' }], body });
}

const CSV_HEADER = ['id', 'code', 'name', 'agency', 'group', 'kind', 'stage', 'start_year', 'end_year', 'total_investment', 'spent', 'schedule_variance_days', 'schedule_variance_pct', 'cost_variance_dong', 'cost_variance_pct', 'baseline_version', 'rating', 'rating_date', 'url'];

export async function projectPublicRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const cssHref = portalCssHref();
  const site = async (): Promise<Site> => {
    const name = await provinceName(ctx.db.kysely);
    return { provinceName: name ?? 'Cổng thông tin', provinceNameEn: name ? englishUnitName(name) : 'Public portal', cssHref };
  };
  const url = (id: number) => `${ctx.config.publicUrl}/du-an/${id}`;
  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  });
  const hide = { schema: { hide: true } };
  const notFoundPage = async (reply: FastifyReply) =>
    reply.status(404).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(layout(await site(), { lang: 'vi', title: 'Không tìm thấy', nav: 'none', body: html`<p>Dự án bạn tìm không có. <a href="/du-an">Danh mục dự án</a>.</p>` }).value);

  app.get('/du-an', hide, async (req: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply) => {
    const q = req.query;
    const stageRaw = typeof q['giai-doan'] === 'string' ? q['giai-doan'] : '';
    const stage = (PROJECT_STAGES as readonly string[]).includes(stageRaw) ? (stageRaw as ProjectStage) : undefined;
    const pageRaw = typeof q.trang === 'string' && /^\d{1,4}$/.test(q.trang) ? Number(q.trang) : 1;
    const page = Math.max(1, pageRaw);
    const list = await publicProjects(ctx, { stage, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const params = new URLSearchParams();
    if (stage) params.set('giai-doan', stage);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, no-cache').send(listPage(await site(), list, page, params, stage).value);
  });
  app.get('/du-an/:id', hide, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const raw = req.params.id;
    if (!/^[1-9]\d{0,8}$/.test(raw)) return notFoundPage(reply);
    try {
      const p = await publicProject(ctx, Number(raw));
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, no-cache').send(projectPage(await site(), p).value);
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'not_found') return notFoundPage(reply);
      throw e;
    }
  });
  app.get('/du-lieu-mo/du-an.json', hide, async (_req, reply) => {
    const list = await publicProjects(ctx);
    return reply.type('application/json; charset=utf-8').header('cache-control', 'public, no-cache').send(JSON.stringify(list.items.map((p) => ({ ...p, url: url(p.id) }))));
  });
  app.get('/du-lieu-mo/du-an.csv', hide, async (_req, reply) => {
    const list = await publicProjects(ctx);
    const rows = list.items.map((p) => [p.id, p.code, p.name, p.agency, p.group, p.kind, p.stage, p.startYear, p.endYear, p.totalInvestment, p.spent, p.scheduleVarianceDays, p.scheduleVariancePct, p.costVarianceDong, p.costVariancePct, p.baselineVersion, p.rating ?? '', p.ratingDate ?? '', url(p.id)]);
    const body = Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(stringify([CSV_HEADER, ...rows]), 'utf8')]);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="du-an-cntt.csv"').header('cache-control', 'public, no-cache').send(body);
  });
}
