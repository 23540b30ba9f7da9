import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { dbIndependentDone } from '../helpers/once.js';

/** Helpers for the browser tests: Debian's Chromium driven by playwright-core. */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/** The web app must be built (npm install does it); build it here if someone skipped that. */
export function ensureWebBuilt() {
  if (!fs.existsSync(path.join(ROOT, 'web/dist/index.html'))) execSync('npm run build:web', { cwd: ROOT, stdio: 'inherit' });
}

export async function launch(): Promise<Browser> {
  ensureWebBuilt();
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A person at their own browser (own cookies), signed in through the sign-in page. */
export async function signInAs(browser: Browser, base: string, username: string, opts: { lang?: 'vi' | 'en'; viewport?: { width: number; height: number } } = {}): Promise<Person> {
  const viewport = opts.viewport ?? { width: 1440, height: 900 };
  // A phone-sized window is a phone: touch, and the page laid out at the device's width.
  const phone = viewport.width < 500 ? { isMobile: true, hasTouch: true } : {};
  const context = await browser.newContext({ viewport, ...phone, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', baseURL: base, reducedMotion: 'reduce' });
  if (opts.lang === 'en') await context.addInitScript(() => localStorage.setItem('lt.lang', 'en'));
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // The back office runs under its Content-Security-Policy: anything it blocks is an error too.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) errors.push(`csp: ${m.text()}`);
  });
  await page.goto('/app/');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill('demo');
  await page.getByRole('button', { name: opts.lang === 'en' ? 'Sign in' : 'Đăng nhập' }).click();
  await page.locator('.lt-shell').waitFor();
  return { context, page, errors };
}

/** Runs axe-core on the page; fails on serious or critical violations. */
export async function expectAccessible(page: Page, screen: string): Promise<Awaited<ReturnType<typeof axeViolations>>> {
  if (dbIndependentDone) return [];
  try {
    return await axeViolations(page, screen);
  } catch (e) {
    // A navigation while axe runs (the app reloads once when a screen's chunk fails to load on
    // a busy machine) destroys its context: check the page again once it has loaded.
    if (!/Execution context was destroyed/.test(String(e))) throw e;
    await page.waitForLoadState('load');
    return axeViolations(page, screen);
  }
}

async function axeViolations(page: Page, screen: string) {
  // Evaluated through the debugging protocol: a <script> tag would be refused by the page's CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  // axe reads the page at rest: a popup still fading out (antd's leave motion) would count as shown.
  await page.evaluate(() => {
    const moving = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    return Promise.race([Promise.all(moving.map((a) => a.finished.catch(() => undefined))), new Promise((r) => setTimeout(r, 2000))]);
  });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect.soft(bad, `${screen}: axe found ${bad.length} serious/critical violations:\n${JSON.stringify(bad, null, 2)}`).toEqual([]);
  return result;
}

/** Writes docs/screenshots/<name>.png (the README points there). */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean; hideToasts?: boolean } = {}) {
  if (dbIndependentDone) return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  if (opts.hideToasts) await page.addStyleTag({ content: '.ant-notification, .ant-message { display: none !important; }' });
  // Let fonts and the last paint settle; no fixed sleep.
  await page.evaluate(() => document.fonts.ready);
  // A whole page is captured from its top: scrolled, a sticky bar would be drawn mid-page.
  if (opts.fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
}

/** True when the page itself scrolls sideways (a box that scrolls inside it does not count). */
export const scrollsSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);

/** How far the page is wider than its window (0 or less: no sideways scrolling). */
export const contentOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Hides the shell's side menu and header details: a window narrowed after signing in wide keeps the desktop shell. */
export const phoneShell = (page: Page) => page.addStyleTag({ content: '.lt-nav { display: none !important; } .lt-header-agency, .lt-brand-text, .lt-header-right .lt-live, .lt-user-role { display: none !important; }' });

/** Axe on the screen's own content (#main), serious and critical violations only; fails at once. */
export async function expectContentAccessible(page: Page, screen: string) {
  // Evaluated, not added as a script tag: the back office's CSP allows no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const bad = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run('#main', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(bad, screen).toEqual([]);
}

/** Clicks the primary button of the open confirmation dialog. */
export async function confirmDialog(page: Page, okText: string) {
  const dialog = page.locator('.ant-modal-confirm').filter({ hasText: okText }).last();
  const ok = dialog.getByRole('button', { name: okText, exact: true });
  await ok.click();
  try {
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    return;
  } catch {
    // Still open: busy with the request, or the click fell into the opening animation.
  }
  if ((await ok.isVisible()) && !(await ok.getAttribute('class'))?.includes('ant-btn-loading')) await ok.click();
  await dialog.waitFor({ state: 'hidden' });
}

/** expect.poll with a browser-friendly patience. */
export const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

/** Waits until the element shows this text (substring or pattern). */
export async function waitText(locator: import('playwright-core').Locator, text: string | RegExp) {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** Presses Tab (Shift+Tab with `back`) until the element has the focus; fails after `max` presses. */
export async function tabTo(page: Page, target: import('playwright-core').Locator, max = 60, back = false) {
  await target.waitFor();
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return n;
  }
  const at = await page.evaluate(() => `${document.activeElement?.tagName} ${(document.activeElement as HTMLElement | null)?.innerText?.slice(0, 60) ?? ''}`);
  throw new Error(`not reached in ${max} Tab presses; the focus is on ${at}`);
}

/**
 * In the focused antd Select (a combobox): types `typed` (its search; nothing: the arrow key
 * opens it), then moves with the arrow keys to the option showing `option` and takes it with
 * Enter — as a keyboard user does. Answers the option's text.
 */
export async function chooseByKeyboard(page: Page, typed: string, option: string | RegExp, max = 40) {
  if (typed) await page.keyboard.type(typed);
  else await page.keyboard.press('ArrowDown');
  const list = page.locator('.ant-select-dropdown:visible');
  const options = list.locator('.ant-select-item-option');
  const wanted = options.filter({ hasText: option }).first();
  await wanted.waitFor();
  const text = (await wanted.textContent()) ?? '';
  for (let n = 0; n < max; n++) {
    const active = list.locator('.ant-select-item-option-active');
    const now = (await active.count()) === 1 ? await active.textContent() : null;
    if (now === text) {
      await page.keyboard.press('Enter');
      await list.waitFor({ state: 'hidden' });
      return text;
    }
    const texts = await options.allTextContents();
    const [at, to] = [now === null ? -1 : texts.indexOf(now), texts.indexOf(text)];
    await page.keyboard.press(at >= 0 && to >= 0 && to < at ? 'ArrowUp' : 'ArrowDown');
  }
  throw new Error(`option ${String(option)} not reached in ${max} arrow presses`);
}
