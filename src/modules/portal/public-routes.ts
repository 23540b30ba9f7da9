import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { constants as zlib } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import type { AppContext } from '../context.js';
import { DomainError, invalid } from '../../domain/errors.js';
import { LEVELS, ONLINE_LEVELS, type Level, type OnlineLevel } from '../../domain/procedures.js';
import type { Html } from './html.js';
import { encoded, PageCache, type CachedPage } from './cache.js';
import { sendStoredFile } from './download.js';
import type { Lang, Site } from './layout.js';
import { getForm, type ProcedureFilter } from './procedures-read.js';
import { provinceName } from '../directory/repo.js';
import { getPublished, type DocumentFilter } from './documents-read.js';
import { homePage, homePageEn } from './pages/home.js';
import { directoryPage } from './pages/directory.js';
import { agencyPage } from './pages/agency.js';
import { proceduresPage } from './pages/procedures.js';
import { procedurePage } from './pages/procedure.js';
import { formsPage } from './pages/forms.js';
import { documentPage, documentsPage } from './pages/documents.js';
import { announcementPage, announcementsPage } from './pages/announcements.js';
import { freshnessPage } from './pages/freshness.js';
import { accessibilityPage, errorPage, openDataPage } from './pages/statics.js';
import { atomFeed, directoryCsv, directoryJson, proceduresCsv, proceduresJson, sitemap, type SitemapSource } from './exports.js';
import { englishUnitName } from '../../domain/place-names.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Beside this file in the source tree; two levels up from dist/cli in the bundle. */
function readCss(): Buffer {
  for (const p of [path.join(here, 'portal.css'), path.resolve(here, '../../src/modules/portal/portal.css')]) {
    try {
      return fs.readFileSync(p);
    } catch {
      /* try the next */
    }
  }
  throw new Error('portal.css not found');
}

/** No script may run; styles only from here; the pages are never framed. */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const HTML = 'text/html; charset=utf-8';
const PAGE_CACHE = 'public, no-cache';

const ID = /^[1-9]\d{0,8}$/;
const idOf = (v: unknown): number | null => (typeof v === 'string' && ID.test(v) ? Number(v) : null);

/** The pages read their addresses' parts and queries as text and check them themselves (a bad one is the portal's 404 or 400 page). */
type PageRequest = FastifyRequest<{ Params: Record<string, string | undefined>; Querystring: Record<string, unknown> }>;

function text(q: Record<string, unknown>, key: string, max = 200): string | undefined {
  const v = q[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw invalid(key, `Tham số "${key}" chỉ được gửi một lần.`, `Parameter "${key}" may be sent once only.`);
  const s = v.trim();
  if (s.length > max) throw invalid(key, `Tham số "${key}" dài quá ${max} ký tự.`, `Parameter "${key}" is longer than ${max} characters.`);
  return s || undefined;
}
function queryId(q: Record<string, unknown>, key: string): number | undefined {
  const v = text(q, key, 12);
  if (v === undefined) return undefined;
  const id = idOf(v);
  if (id === null) throw invalid(key, `Tham số "${key}" phải là mã số của cơ quan.`, `Parameter "${key}" must be an organisation id.`);
  return id;
}
function pageOf(q: Record<string, unknown>): number {
  const v = text(q, 'trang', 6);
  if (v === undefined) return 1;
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1) throw invalid('trang', 'Số trang phải từ 1 đến 9999.', 'The page number must be from 1 to 9999.');
  return Number(v);
}
function oneOfParam<T extends string>(q: Record<string, unknown>, key: string, allowed: readonly T[]): T | undefined {
  const v = text(q, key, 40);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw invalid(key, `Tham số "${key}" phải là một trong: ${allowed.join(', ')}.`, `Parameter "${key}" must be one of: ${allowed.join(', ')}.`);
  return v as T;
}

/** The portal's stylesheet address (its content hash in the name), for pages other modules mount. */
let cssHrefMemo: string | null = null;
export function portalCssHref(): string {
  return (cssHrefMemo ??= `/portal-${createHash('sha256').update(readCss()).digest('hex').slice(0, 12)}.css`);
}

/**
 * What another module's public page gets from the portal (the legal library mounts its page
 * this way, so the portal does not depend on it): a page renderer with the portal's layout
 * data, answered fresh on every request (its data are not in the cache's fingerprint), and
 * the file sender with its ETag.
 */
export interface PortalTools {
  page: (render: (req: PageRequest, s: Site) => Promise<Html | null>) => (req: PageRequest, reply: FastifyReply) => Promise<unknown>;
  file: (req: FastifyRequest, reply: FastifyReply, f: { sha256: string; fileName: string; mime: string; size: number } | null) => Promise<unknown>;
  /** Adds the extension's pages to /sitemap.xml (read at each request: an extension's changes do not pass through the page cache). */
  sitemap: (entries: SitemapSource) => void;
}
export type PortalExtension = (app: FastifyInstance, tools: PortalTools) => void;

/**
 * The public portal at the site root: server-rendered pages that need no JavaScript,
 * their exports, and the forms and document files. Encapsulated: compression, ETags, the
 * security headers and the HTML error pages apply here only, not to the API or /app.
 */
export async function publicPortal(app: FastifyInstance, ctx: AppContext, cache: PageCache, extensions: PortalExtension[] = []) {
  // The extensions add theirs (tools.sitemap).
  const sitemapSources: SitemapSource[] = [];
  const css = readCss();
  const cssHref = portalCssHref();

  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } } });
  await app.register(etag, { weak: true });

  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CSP);
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    return payload;
  });

  // One address per page: "/thu-tuc/" is "/thu-tuc" ("/en/" is the English home itself).
  app.addHook('onRequest', async (req, reply) => {
    const [pathname, query] = req.url.split('?') as [string, string | undefined];
    if (pathname.length > 1 && pathname.endsWith('/') && pathname !== '/en/' && !pathname.startsWith('/api/')) {
      // Leading slashes collapse too: "//example.com/" must not become a redirect off the site.
      return reply.redirect(`${pathname.replace(/\/+$/, '').replace(/^\/+/, '/') || '/'}${query ? `?${query}` : ''}`, 301);
    }
  });

  const langOf = (req: FastifyRequest): Lang => (req.url.startsWith('/en/') || req.url === '/en' ? 'en' : 'vi');
  let siteCache: { version: string; site: Site } | null = null;
  async function site(version: string): Promise<Site> {
    if (siteCache?.version === version) return siteCache.site;
    const name = await provinceName(ctx.db.kysely);
    siteCache = { version, site: { provinceName: name ?? 'Cổng thông tin', provinceNameEn: name ? englishUnitName(name) : 'Public portal', cssHref } };
    return siteCache.site;
  }

  function send(req: FastifyRequest, reply: FastifyReply, page: CachedPage, cacheControl = PAGE_CACHE) {
    reply.header('etag', page.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding');
    if (req.headers['if-none-match'] === page.etag) return reply.status(304).send();
    const { body, encoding } = encoded(page, req.headers['accept-encoding']);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.type(page.type).send(body);
  }

  /** Answers from the cache, or renders, caches and answers; null from the renderer is a 404. */
  async function cached(req: FastifyRequest, reply: FastifyReply, type: string, render: (s: Site) => Promise<Html | string | Buffer | null>, cacheControl = PAGE_CACHE) {
    const version = await cache.current();
    const key = req.url;
    const hit = cache.get(key);
    if (hit) return send(req, reply, hit, cacheControl);
    const s = await site(version);
    const out = await render(s);
    if (out === null) return notFoundPage(req, reply, s);
    const body = Buffer.isBuffer(out) ? out : Buffer.from(typeof out === 'string' ? out : out.value, 'utf8');
    return send(req, reply, cache.put(key, body, type, version), cacheControl);
  }
  const page = (render: (req: PageRequest, s: Site) => Promise<Html | null> | Html | null) => async (req: PageRequest, reply: FastifyReply) =>
    cached(req, reply, HTML, async (s) => render(req, s));

  function notFoundPage(req: FastifyRequest, reply: FastifyReply, s: Site) {
    return reply
      .status(404)
      .type(HTML)
      .header('cache-control', 'no-store')
      .send(errorPage(s, langOf(req), 404, 'Trang bạn tìm không có hoặc đã được gỡ xuống.', 'The page you asked for does not exist or has been taken down.').value);
  }

  app.setErrorHandler(async (err: Error, req, reply) => {
    // Already answering an error: a database away for the fingerprint too still gets a page.
    const s = await site(await cache.current().catch(() => 'error'));
    if (err instanceof DomainError && (err.kind === 'validation' || err.kind === 'not_found')) {
      const status = err.kind === 'validation' ? 400 : 404;
      return reply.status(status).type(HTML).header('cache-control', 'no-store').send(errorPage(s, langOf(req), status, err.messageVi, err.messageEn).value);
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).type(HTML).header('cache-control', 'no-store').send(errorPage(s, langOf(req), 400, 'Yêu cầu không hợp lệ.', `The request is not valid: ${err.message}`).value);
    }
    req.log.error({ err }, 'portal page failed');
    return reply.status(500).type(HTML).header('cache-control', 'no-store').send(errorPage(s, langOf(req), 500, 'Đã có lỗi hệ thống. Vui lòng thử lại sau.', 'Something went wrong on our side. Try again later.').value);
  });

  const hide = { schema: { hide: true } };

  app.get(cssHref, hide, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(css),
  );
  app.get('/robots.txt', hide, async (_req, reply) => reply.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /app/\nSitemap: ${ctx.config.publicUrl}/sitemap.xml\n`));

  app.get('/', hide, page((_req, s) => homePage(ctx, s)));
  app.get('/en', hide, async (_req, reply) => reply.redirect('/en/', 301));
  app.get('/en/', hide, page((_req, s) => homePageEn(ctx, s)));
  app.get('/co-quan', hide, page((_req, s) => directoryPage(ctx, s, 'vi')));
  app.get('/en/agencies', hide, page((_req, s) => directoryPage(ctx, s, 'en')));
  const agency = (lang: Lang) =>
    page((req, s) => {
      const id = idOf(req.params.id);
      return id === null ? null : agencyPage(ctx, s, id, lang);
    });
  app.get('/co-quan/:id', hide, agency('vi'));
  app.get('/en/agencies/:id', hide, agency('en'));

  app.get(
    '/thu-tuc',
    hide,
    page((req, s) => {
      const q = req.query;
      const f: ProcedureFilter = {
        q: text(q, 'q'),
        field: text(q, 'linhvuc', 300),
        subject: text(q, 'doituong', 300),
        agencyId: queryId(q, 'coquan'),
        level: oneOfParam<Level>(q, 'cap', LEVELS),
        online: oneOfParam<OnlineLevel | 'khong'>(q, 'mucdo', [...ONLINE_LEVELS, 'khong']),
      };
      return proceduresPage(ctx, s, f, pageOf(q));
    }),
  );
  app.get('/thu-tuc/:code', hide, page((req, s) => {
    const code = req.params.code;
    return code === undefined || code.length > 40 ? null : procedurePage(ctx, s, code);
  }));

  app.get('/bieu-mau', hide, page((req, s) => formsPage(ctx, s, text(req.query, 'q'))));
  const formDownload = async (req: PageRequest, reply: FastifyReply) => {
    const id = idOf(req.params.id);
    const f = id === null ? null : await getForm(ctx.db.kysely, id);
    if (!f) return notFoundPage(req, reply, await site(await cache.current()));
    return sendStoredFile(req, reply, ctx.blobs, f, 'public, max-age=86400');
  };
  app.get('/bieu-mau/:id', hide, formDownload);
  app.get('/bieu-mau/:id/:name', hide, formDownload);

  app.get(
    '/van-ban',
    hide,
    page((req, s) => {
      const q = req.query;
      const year = text(q, 'nam', 4);
      if (year !== undefined && !/^(19|20)\d\d$/.test(year)) throw invalid('nam', 'Năm phải có 4 chữ số (ví dụ 2025).', 'The year must have four digits (e.g. 2025).');
      const typeCode = text(q, 'loai', 10);
      if (typeCode !== undefined && !/^[A-Za-z]{1,10}$/.test(typeCode)) throw invalid('loai', 'Loại văn bản không hợp lệ.', 'Unknown document type.');
      const f: DocumentFilter = { q: text(q, 'q'), orgId: queryId(q, 'coquan'), typeCode, year: year === undefined ? undefined : Number(year) };
      return documentsPage(ctx, s, f, pageOf(q));
    }),
  );
  app.get('/van-ban/:id', hide, page((req, s) => {
    const id = idOf(req.params.id);
    return id === null ? null : documentPage(ctx, s, id);
  }));
  app.get('/van-ban/:id/tep/:fileId/:name', hide, async (req: PageRequest, reply) => {
    const p = req.params;
    const id = idOf(p.id);
    const fileId = idOf(p.fileId);
    // Only a live publication's own main and appendix files: unpublished means gone.
    const doc = id === null ? null : await getPublished(ctx.db.kysely, id);
    const f = doc?.files.find((x) => x.id === fileId);
    if (!f) return notFoundPage(req, reply, await site(await cache.current()));
    return sendStoredFile(req, reply, ctx.blobs, f, 'public, no-cache');
  });

  app.get('/thong-bao', hide, page((_req, s) => announcementsPage(ctx, s)));
  app.get('/thong-bao/:id', hide, page((req, s) => {
    const id = idOf(req.params.id);
    return id === null ? null : announcementPage(ctx, s, id);
  }));
  app.get('/cap-nhat', hide, page((_req, s) => freshnessPage(ctx, s)));
  app.get('/kha-nang-tiep-can', hide, page((_req, s) => accessibilityPage(s, 'vi')));
  app.get('/en/accessibility', hide, page((_req, s) => accessibilityPage(s, 'en')));
  app.get('/du-lieu-mo', hide, page((_req, s) => openDataPage(s, 'vi')));
  app.get('/en/open-data', hide, page((_req, s) => openDataPage(s, 'en')));

  const data = (type: string, fileName: string, render: (s: Site) => Promise<string | Buffer>) => async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('content-disposition', `inline; filename="${fileName}"`).header('access-control-allow-origin', '*');
    return cached(req, reply, type, render);
  };
  app.get('/du-lieu-mo/co-quan.json', hide, data('application/json; charset=utf-8', 'co-quan.json', async () => JSON.stringify(await directoryJson(ctx), null, 1)));
  app.get('/du-lieu-mo/co-quan.csv', hide, data('text/csv; charset=utf-8', 'co-quan.csv', () => directoryCsv(ctx)));
  app.get('/du-lieu-mo/thu-tuc.json', hide, data('application/json; charset=utf-8', 'thu-tuc.json', async () => JSON.stringify(await proceduresJson(ctx), null, 1)));
  app.get('/du-lieu-mo/thu-tuc.csv', hide, data('text/csv; charset=utf-8', 'thu-tuc.csv', () => proceduresCsv(ctx)));
  app.get('/van-ban.atom', hide, async (req, reply) => cached(req, reply, 'application/atom+xml; charset=utf-8', (s) => atomFeed(ctx, s.provinceName)));
  // Not from the page cache: the extensions' pages (the legal library) change without the portal's version moving.
  app.get('/sitemap.xml', hide, async (_req, reply) => reply.type('application/xml; charset=utf-8').header('cache-control', PAGE_CACHE).send(await sitemap(ctx, sitemapSources)));

  const tools: PortalTools = {
    page: (render) => async (req, reply) => {
      const s = await site(await cache.current());
      const out = await render(req, s);
      if (out === null) return notFoundPage(req, reply, s);
      return reply.type(HTML).header('cache-control', 'no-cache').send(out.value);
    },
    file: async (req, reply, f) => (f ? sendStoredFile(req, reply, ctx.blobs, f, 'public, no-cache') : notFoundPage(req, reply, await site(await cache.current()))),
    sitemap: (entries) => void sitemapSources.push(entries),
  };
  for (const extend of extensions) extend(app, tools);

  // Any other address: a portal 404 page for people; the API keeps its JSON answer.
  app.get('/*', hide, async (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'not_found', message: 'Không tìm thấy địa chỉ này.', messageEn: `No route ${req.method} ${req.url}.` } });
    }
    return notFoundPage(req, reply, await site(await cache.current()));
  });
}
