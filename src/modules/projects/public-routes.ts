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
import { GROUP_LABELS, KIND_LABELS, PROJECT_STAGES, RATING_LABELS, STAGE_LABELS, ratingBand, varianceBand, type ProjectGroup, type ProjectKind, type ProjectStage } from '../../domain/projects.js';
import { provinceName } from '../directory/repo.js';
import { html, type Html } from '../portal/html.js';
import { layout, pager, type Lang, type Site } from '../portal/layout.js';
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

/** The pages' words in both languages; the English pages live under /en/projects. */
const TEXT = {
  vi: {
    base: '/du-an',
    home: { href: '/', label: 'Trang chủ' },
    title: 'Dự án công nghệ thông tin',
    description: 'Danh mục, tiến độ, giải ngân và đánh giá rủi ro các dự án CNTT của tỉnh',
    intro: 'Các dự án ứng dụng công nghệ thông tin sử dụng vốn nhà nước của tỉnh: tổng mức đầu tư, số đã giải ngân, chênh lệch tiến độ và chi phí so với tiến độ được duyệt (tính tự động từ các mốc), và đánh giá rủi ro của Sở Khoa học và Công nghệ (1: rủi ro cao … 5: rủi ro thấp). Tải toàn bộ:',
    stage: 'Giai đoạn',
    all: 'Tất cả',
    filter: 'Lọc',
    count: (n: number) => `${n} dự án.`,
    caption: 'Danh mục dự án, chênh lệch chi phí lớn nhất trước',
    project: 'Dự án',
    agency: 'Chủ đầu tư',
    total: 'Tổng mức đầu tư',
    spent: 'Đã giải ngân',
    sv: 'Chênh lệch tiến độ',
    cv: 'Chênh lệch chi phí',
    rating: 'Đánh giá rủi ro',
    noBaseline: 'Chưa có tiến độ duyệt',
    notRated: 'Chưa đánh giá',
    on: 'ngày',
    band: { red: 'Đỏ', yellow: 'Vàng', green: 'Xanh' },
    days: (n: number) => (n === 0 ? 'đúng hạn' : n > 0 ? `chậm ${n} ngày` : `sớm ${-n} ngày`),
    code: 'Mã dự án',
    groupKind: 'Nhóm, loại',
    period: 'Thời gian thực hiện',
    baseline: 'Tiến độ được duyệt',
    version: (v: number) => `lần ${v}${v > 1 ? ' (đã điều chỉnh)' : ''}`,
    stages: 'Các giai đoạn',
    milestones: 'Các mốc tiến độ',
    milestone: 'Mốc',
    plannedEnd: 'Hoàn thành theo kế hoạch',
    projectedEnd: 'Hoàn thành thực tế / dự kiến',
    variance: 'Chênh lệch',
    plannedCost: 'Chi phí kế hoạch',
    projectedCost: 'Chi phí thực tế / dự kiến',
    of: (code: string, agency: string) => `Dự án ${code} của ${agency}`,
    list: 'Dự án CNTT',
    notFound: 'Không tìm thấy',
    notFoundText: 'Dự án bạn tìm không có.',
  },
  en: {
    base: '/en/projects',
    home: { href: '/en/', label: 'Home' },
    title: 'Information technology projects',
    description: "The province's IT projects: register, schedule, disbursement and risk rating",
    intro: "The province's publicly funded IT projects: total investment, disbursed to date, schedule and cost variance against the approved schedule (computed from the milestones), and the risk rating by the Department of Science and Technology (1: high risk … 5: low risk). Download all:",
    stage: 'Stage',
    all: 'All',
    filter: 'Filter',
    count: (n: number) => `${n} projects.`,
    caption: 'Projects, largest cost variance first',
    project: 'Project',
    agency: 'Investing agency',
    total: 'Total investment',
    spent: 'Disbursed',
    sv: 'Schedule variance',
    cv: 'Cost variance',
    rating: 'Risk rating',
    noBaseline: 'No approved schedule yet',
    notRated: 'Not rated yet',
    on: 'on',
    band: { red: 'Red', yellow: 'Yellow', green: 'Green' },
    days: (n: number) => (n === 0 ? 'on time' : n > 0 ? `${n} days late` : `${-n} days early`),
    code: 'Project code',
    groupKind: 'Group, kind',
    period: 'Period',
    baseline: 'Approved schedule',
    version: (v: number) => `version ${v}${v > 1 ? ' (re-baselined)' : ''}`,
    stages: 'Stages',
    milestones: 'Milestones',
    milestone: 'Milestone',
    plannedEnd: 'Planned end',
    projectedEnd: 'Actual / projected end',
    variance: 'Variance',
    plannedCost: 'Planned cost',
    projectedCost: 'Actual / projected cost',
    of: (code: string, agency: string) => `Project ${code} of ${agency}`,
    list: 'IT projects',
    notFound: 'Not found',
    notFoundText: 'There is no such project.',
  },
} as const;

const GROUP_EN: Record<ProjectGroup, string> = { A: 'Group A', B: 'Group B', C: 'Group C', below_c: 'Below group C' };
const pct = (n: number, lang: Lang) => `${n > 0 ? '+' : ''}${n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}%`;
const stageName = (s: string, lang: Lang) => STAGE_LABELS[s as ProjectStage][lang];
const rating = (p: PublicProject, lang: Lang) => {
  const t = TEXT[lang];
  return p.rating ? html`${p.rating}/5 — ${RATING_LABELS[p.rating]![lang]} (${t.band[ratingBand(p.rating)!]}), ${t.on} ${formatDateVi(p.ratingDate)}` : t.notRated;
};
/** The same page in the other language. */
const other = (lang: Lang, rest: string) => `${TEXT[lang === 'vi' ? 'en' : 'vi'].base}${rest}`;

function listPage(site: Site, lang: Lang, list: { total: number; items: PublicProject[] }, page: number, params: URLSearchParams, stage: ProjectStage | undefined): Html {
  const t = TEXT[lang];
  const body = html`
<p>${t.intro} <a href="/du-lieu-mo/du-an.csv">CSV</a> · <a href="/du-lieu-mo/du-an.json">JSON</a>.</p>
<form class="search" method="get" action="${t.base}">
<div><label for="gd">${t.stage}</label><select id="gd" name="giai-doan"><option value="">${t.all}</option>${PROJECT_STAGES.map((s) => html`<option value="${s}"${s === stage ? html` selected` : ''}>${stageName(s, lang)}</option>`)}</select></div>
<div><button type="submit">${t.filter}</button></div>
</form>
<p>${t.count(list.total)}</p>
<table class="stack"><caption>${t.caption}</caption>
<thead><tr><th scope="col">${t.project}</th><th scope="col">${t.agency}</th><th scope="col">${t.total}</th><th scope="col">${t.spent}</th><th scope="col">${t.sv}</th><th scope="col">${t.cv}</th><th scope="col">${t.rating}</th></tr></thead>
<tbody>${list.items.map(
    (p) => html`<tr><th scope="row"><a href="${t.base}/${p.id}">${p.name}</a><br><small>${p.code} · ${stageName(p.stage, lang)}</small></th>
<td data-label="${t.agency}">${p.agency}</td>
<td data-label="${t.total}">${formatDong(p.totalInvestment)}</td>
<td data-label="${t.spent}">${formatDong(p.spent)}</td>
<td data-label="${t.sv}">${p.baselineVersion ? html`${t.days(p.scheduleVarianceDays)} (${pct(p.scheduleVariancePct, lang)}, ${t.band[varianceBand(p.scheduleVariancePct * 100)!]})` : t.noBaseline}</td>
<td data-label="${t.cv}">${p.baselineVersion ? html`${formatDong(p.costVarianceDong)} (${pct(p.costVariancePct, lang)}, ${t.band[varianceBand(p.costVariancePct * 100)!]})` : '—'}</td>
<td data-label="${t.rating}">${rating(p, lang)}</td></tr>`,
  )}</tbody></table>
${pager(lang, t.base, params, page, list.total, PAGE_SIZE)}`;
  const qs = params.toString();
  return layout(site, { lang, title: t.title, description: t.description, nav: 'projects', crumbs: [t.home], alternate: other(lang, qs ? `?${qs}` : ''), body });
}

function projectPage(site: Site, lang: Lang, p: Awaited<ReturnType<typeof publicProject>>): Html {
  const t = TEXT[lang];
  const body = html`
<dl class="facts">
<dt>${t.code}</dt><dd>${p.code}</dd>
<dt>${t.agency}</dt><dd>${p.agency}</dd>
<dt>${t.groupKind}</dt><dd>${lang === 'vi' ? GROUP_LABELS[p.group as ProjectGroup] : GROUP_EN[p.group as ProjectGroup]}, ${KIND_LABELS[p.kind as ProjectKind][lang]}</dd>
<dt>${t.period}</dt><dd>${p.startYear}–${p.endYear}</dd>
<dt>${t.stage}</dt><dd>${stageName(p.stage, lang)}</dd>
<dt>${t.total}</dt><dd>${formatDong(p.totalInvestment)}</dd>
<dt>${t.spent}</dt><dd>${formatDong(p.spent)}</dd>
<dt>${t.sv}</dt><dd>${p.baselineVersion ? html`${t.days(p.scheduleVarianceDays)} (${pct(p.scheduleVariancePct, lang)})` : t.noBaseline}</dd>
<dt>${t.cv}</dt><dd>${p.baselineVersion ? html`${formatDong(p.costVarianceDong)} (${pct(p.costVariancePct, lang)})` : '—'}</dd>
<dt>${t.baseline}</dt><dd>${p.baselineVersion ? t.version(p.baselineVersion) : '—'}</dd>
<dt>${t.rating}</dt><dd>${rating(p, lang)}</dd>
</dl>
<h2>${t.stages}</h2>
<ol class="steps">${p.stages.map((s) => html`<li>${stageName(s.stage, lang)} — ${formatDateVi(s.date)}</li>`)}</ol>
${
  p.milestones.length
    ? html`<h2>${t.milestones}</h2>
<table class="stack"><thead><tr><th scope="col">${t.milestone}</th><th scope="col">${t.plannedEnd}</th><th scope="col">${t.projectedEnd}</th><th scope="col">${t.variance}</th><th scope="col">${t.plannedCost}</th><th scope="col">${t.projectedCost}</th></tr></thead>
<tbody>${p.milestones.map((m) => html`<tr><th scope="row">${m.name}</th><td data-label="${t.plannedEnd}">${formatDateVi(m.plannedEnd)}</td><td data-label="${t.projectedEnd}">${formatDateVi(m.projectedEnd)}</td><td data-label="${t.variance}">${t.days(m.scheduleDays)}</td><td data-label="${t.plannedCost}">${formatDong(m.plannedCost)}</td><td data-label="${t.projectedCost}">${formatDong(m.projectedCost)}</td></tr>`)}</tbody></table>`
    : ''
}`;
  return layout(site, { lang, title: p.name, description: t.of(p.code, p.agency), nav: 'projects', crumbs: [t.home, { href: t.base, label: t.list }], alternate: other(lang, `/${p.id}`), body });
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
  const notFoundPage = async (reply: FastifyReply, lang: Lang) =>
    reply
      .status(404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(layout(await site(), { lang, title: TEXT[lang].notFound, nav: 'none', body: html`<p>${TEXT[lang].notFoundText} <a href="${TEXT[lang].base}">${TEXT[lang].list}</a>.</p>` }).value);

  for (const lang of ['vi', 'en'] as const) {
    const base = TEXT[lang].base;
    app.get(base, hide, async (req: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply) => {
      const q = req.query;
      const stageRaw = typeof q['giai-doan'] === 'string' ? q['giai-doan'] : '';
      const stage = (PROJECT_STAGES as readonly string[]).includes(stageRaw) ? (stageRaw as ProjectStage) : undefined;
      const pageRaw = typeof q.trang === 'string' && /^\d{1,4}$/.test(q.trang) ? Number(q.trang) : 1;
      const page = Math.max(1, pageRaw);
      const list = await publicProjects(ctx, { stage, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const params = new URLSearchParams();
      if (stage) params.set('giai-doan', stage);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, no-cache').send(listPage(await site(), lang, list, page, params, stage).value);
    });
    app.get(`${base}/:id`, hide, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const raw = req.params.id;
      if (!/^[1-9]\d{0,8}$/.test(raw)) return notFoundPage(reply, lang);
      try {
        const p = await publicProject(ctx, Number(raw));
        return reply.type('text/html; charset=utf-8').header('cache-control', 'public, no-cache').send(projectPage(await site(), lang, p).value);
      } catch (e) {
        if (e instanceof DomainError && e.kind === 'not_found') return notFoundPage(reply, lang);
        throw e;
      }
    });
  }
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
