import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { signIn } from '../helpers/client.js';
import { dbIndependentDone } from '../helpers/once.js';
import { launch, ROOT, screenshot } from './browser.js';

/**
 * The public portal in Debian's Chromium with JavaScript turned off, as a citizen on a
 * cheap phone meets it: the walk from the home page to a form, axe on every page
 * template, the keyboard, 200% zoom, the weight of a procedure page, Vietnamese letters.
 */

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let s: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let docId: number;
let announcementId: number;

async function citizen(width = 1280, height = 900): Promise<{ context: BrowserContext; page: Page }> {
  const c = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', baseURL: s.url, acceptDownloads: true, reducedMotion: 'reduce' });
  c.setDefaultTimeout(15_000);
  return { context: c, page: await c.newPage() };
}

/**
 * axe-core, evaluated through the DevTools protocol. axe schedules its checks with timers,
 * which never fire when the page's scripts are off, so it runs in a second context with
 * scripts on (and the CSP bypassed for axe alone); the pages carry no script either way.
 */
async function axeViolations(p: Page) {
  await p.evaluate(AXE);
  return p.evaluate(async (tags) => {
    const a = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await a.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
}
async function axe(p: Page, name: string) {
  const violations = await axeViolations(p);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

beforeAll(async () => {
  [s, browser] = await Promise.all([startServer(), launch()]);
  const clerk = await signIn(s.url, 'vanthu.ubnd');
  docId = (await clerk.get('/api/v1/portal/publications')).body[0].documentId;
  announcementId = (await clerk.get('/api/v1/portal/announcements')).body[0].id;
  ({ context, page } = await citizen());
}, 90_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await s?.close();
});

describe('the public portal without JavaScript', () => {
  it('walks home → directory → agency → procedure → form download', async () => {
    await page.goto('/');
    expect(await page.title()).toContain('Cổng thông tin điện tử');
    await screenshot(page, 'portal-home', { fullPage: true });
    await page.getByRole('navigation', { name: 'Chuyên mục chính' }).getByRole('link', { name: 'Cơ quan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị và thư điện tử công vụ' }).waitFor();
    await page.getByRole('link', { name: 'tranbien@dongnai.gov.vn' }).waitFor();
    await screenshot(page, 'portal-directory', { fullPage: true });
    await page.getByRole('link', { name: 'Ủy ban nhân dân phường Trấn Biên' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ủy ban nhân dân phường Trấn Biên' }).waitFor();
    expect(await page.getByRole('table', { name: 'Lãnh đạo cơ quan' }).textContent()).toContain('Hoàng Văn Đạo');
    await screenshot(page, 'portal-agency', { fullPage: true });
    await page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thủ tục đăng ký khai sinh' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Cách thức thực hiện' }).isVisible()).toBe(true);
    await screenshot(page, 'portal-procedure', { fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('row', { name: /Tờ khai đăng ký khai sinh theo mẫu/ }).getByRole('link').click()]);
    expect(download.suggestedFilename()).toBe('To-khai-dang-ky-khai-sinh.pdf');
    const file = fs.readFileSync((await download.path())!);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.length).toBeLessThan(100_000);
  });

  it('searches the catalogue without diacritics and filters, all with plain forms', async () => {
    await page.goto('/thu-tuc');
    await page.getByLabel('Từ khóa').fill('ly lich tu phap');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.getByRole('status').filter({ hasText: 'Tìm thấy 1 thủ tục phù hợp.' }).waitFor();
    expect(await page.getByRole('link', { name: /Cấp Phiếu lý lịch tư pháp/ }).count()).toBe(1);
    await page.goto('/thu-tuc');
    await page.getByLabel('Mức độ dịch vụ công trực tuyến').selectOption('toan_trinh');
    await page.getByLabel('Cấp thực hiện').selectOption('ward');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    expect(page.url()).toContain('mucdo=toan_trinh');
    expect(await page.locator('main ul.plain > li').count()).toBe(1);
    await screenshot(page, 'portal-procedures', { fullPage: true });
  });

  it.skipIf(dbIndependentDone)('every page template passes axe (WCAG 2.2 AA and best practices) with no violation at all', async () => {
    const templates: [string, string][] = [
      ['/', 'portal-home'],
      ['/en/', 'portal-home-en'],
      ['/co-quan', 'portal-directory'],
      ['/en/agencies', 'portal-directory-en'],
      [`/co-quan/${s.ids.get('ubnd')}`, 'portal-agency-ubnd'],
      [`/en/agencies/${s.ids.get('skhcn')}`, 'portal-agency-en'],
      ['/thu-tuc?q=dang+ky', 'portal-procedures-search'],
      ['/thu-tuc/2.000488', 'portal-procedure-lltp'],
      ['/bieu-mau', 'portal-forms'],
      ['/van-ban', 'portal-documents'],
      [`/van-ban/${docId}`, 'portal-document'],
      ['/thong-bao', 'portal-announcements'],
      [`/thong-bao/${announcementId}`, 'portal-announcement'],
      ['/cap-nhat', 'portal-freshness'],
      ['/du-lieu-mo', 'portal-open-data'],
      ['/en/open-data', 'portal-open-data-en'],
      ['/du-lieu-mo/khao-sat', 'portal-it-survey'],
      ['/en/open-data/it-survey', 'portal-it-survey-en'],
      ['/kha-nang-tiep-can', 'portal-accessibility'],
      ['/en/accessibility', 'portal-accessibility-en'],
      ['/khong-co-trang-nay', 'portal-not-found'],
      ['/thu-tuc?cap=huyen', 'portal-bad-request'],
    ];
    const checker = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: 'vi-VN', baseURL: s.url });
    const axePage = await checker.newPage();
    try {
      // The checker does find what it should: a page without language, title or alt text.
      await axePage.setContent('<html><body><img src="x.png"><a href="/"></a></body></html>');
      expect((await axeViolations(axePage)).map((v) => v.id)).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'link-name']));
      for (const [url, name] of templates) {
        const r = await axePage.goto(url);
        expect(r!.status() < 500, url).toBe(true);
        // The pages carry no script, so they look the same here as with scripts off.
        if (!['portal-home', 'portal-directory'].includes(name)) await screenshot(axePage, name, { fullPage: true });
        await axe(axePage, url);
      }
    } finally {
      await checker.close();
    }
  }, 180_000);

  it('keyboard: the skip link comes first and works, focus is always visible', async () => {
    await page.goto('/thu-tuc/1.001193');
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const r = a.getBoundingClientRect();
      const st = getComputedStyle(a);
      return { text: a.textContent, href: a.getAttribute('href'), left: r.left, top: r.top, outline: st.outlineStyle, outlineWidth: st.outlineWidth, background: st.backgroundColor };
    });
    expect(skip.text).toBe('Bỏ qua, đến nội dung chính');
    expect(skip.left).toBeGreaterThanOrEqual(0); // on screen once focused
    expect(skip.outline).toBe('solid');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#noi-dung$/);
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      return { inMain: !!a.closest('main'), text: a.textContent, outline: getComputedStyle(a).outlineStyle, width: getComputedStyle(a).outlineWidth, bg: getComputedStyle(a).backgroundColor };
    });
    expect(next.inMain).toBe(true); // the header's links were skipped
    expect(next.text).toBe('Trang chủ'); // the first breadcrumb
    expect(next.outline).toBe('solid');
    expect(next.width).toBe('3px');
    expect(next.bg).toBe('rgb(255, 221, 0)');
    await screenshot(page, 'portal-focus');
    // Every control of a search form is reached, and each shows its focus.
    await page.goto('/thu-tuc');
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        return { id: a.id || a.tagName, outline: getComputedStyle(a).outlineStyle, shadow: getComputedStyle(a).boxShadow };
      });
      if (f.id === 'BODY') break; // past the last link: focus left the page
      seen.add(f.id);
      expect(f.outline !== 'none' || f.shadow !== 'none', `focus of ${f.id} is visible`).toBe(true);
    }
    for (const id of ['q', 'linhvuc', 'coquan', 'cap', 'mucdo', 'doituong', 'BUTTON']) expect(seen.has(id), id).toBe(true);
  });

  it('reads at 200% zoom: no sideways scrolling at 640 px (nor at 320 px)', async () => {
    for (const width of [640, 320]) {
      const { context: small, page: p } = await citizen(width, 800);
      for (const url of ['/', '/co-quan', `/co-quan/${s.ids.get('ubnd')}`, '/thu-tuc', '/thu-tuc/1.001193', '/thu-tuc/2.001610', '/bieu-mau', '/van-ban', `/van-ban/${docId}`, '/cap-nhat', '/du-lieu-mo', `/en/agencies/${s.ids.get('skhcn')}`]) {
        await p.goto(url);
        const { scroll, client } = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        expect(scroll, `${url} at ${width}px`).toBeLessThanOrEqual(client);
      }
      await p.goto('/thu-tuc/1.001193');
      if (width === 640) await screenshot(p, 'portal-procedure-640', { fullPage: true });
      await small.close();
    }
  });

  it('a procedure page weighs under 100 KB on first load, needs no script, and every Vietnamese letter has a glyph', async () => {
    const { context: fresh, page: p } = await citizen();
    const loads: Promise<{ url: string; type: string; bytes: number }>[] = [];
    p.on('requestfinished', (req) => loads.push(req.sizes().then((z) => ({ url: req.url(), type: req.resourceType(), bytes: z.responseBodySize + z.responseHeadersSize }))));
    await p.goto('/thu-tuc/1.001193', { waitUntil: 'networkidle' });
    const all = await Promise.all(loads);
    const total = all.reduce((a, b) => a + b.bytes, 0);
    expect(all.map((x) => x.type).sort()).toEqual(['document', 'stylesheet']); // no script, no web font to fetch
    expect(total).toBeLessThan(100 * 1024);
    console.log(`procedure page, first load: ${all.map((x) => `${x.type} ${x.bytes} B`).join(', ')}; total ${total} B`);

    // Every letter of Vietnamese is drawn by the first font of the stack, none by a fallback.
    await p.goto('/kha-nang-tiep-can');
    const letters = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
    await p.evaluate(async (text) => {
      const h = document.createElement('p');
      h.id = 'letters';
      h.textContent = `${text} ${text.toUpperCase()}`;
      document.querySelector('main')!.append(h);
      const b = document.createElement('p');
      b.id = 'bold';
      b.style.fontWeight = '700';
      b.textContent = `${text} ${text.toUpperCase()}`;
      document.querySelector('main')!.append(b);
      // The fonts a node uses are known once it is laid out (CI once asked before that and got none).
      h.getBoundingClientRect();
      b.getBoundingClientRect();
      await document.fonts.ready;
    }, letters);
    const cdp = await fresh.newCDPSession(p);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    for (const sel of ['#letters', '#bold', 'h1']) {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: sel });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(fonts.length, `${sel}: ${JSON.stringify(fonts)}`).toBe(1);
      expect(fonts[0]!.familyName).toMatch(/Noto Sans|Roboto|Segoe UI|Arial|Liberation Sans|DejaVu Sans/);
    }
    await fresh.close();
  });
});
