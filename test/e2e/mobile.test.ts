import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { signIn } from '../helpers/client.js';
import { renderOfficialPdf } from '../../src/modules/pdf/render.js';
import { confirmDialog, expectAccessible, launch, poll, screenshot, scrollsSideways, signInAs, waitText, type Person } from './browser.js';

/**
 * Leaders read and assign from their phones: the flow of an incoming document at phone
 * (390×844) and tablet (768×1024) sizes — sign-in, the inbox, a document with its file and
 * trail, register, assign, start and complete — with the menu as a drawer, tables as cards,
 * no sideways scrolling, axe clean, and pictures in docs/screenshots/.
 */

let s: TestServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => {
  [s, browser] = await Promise.all([startServer(), launch()]);
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [i, p] of people.entries()) await p.page.screenshot({ path: `/tmp/lienthong-mobile-failure-${i}.png`, fullPage: true }).catch(() => {});
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
] as const;

const SUMMARY = 'Về việc báo cáo tình hình triển khai chuyển đổi số trong quản lý văn bản và điều hành năm 2026';

/** Sở Khoa học và Công nghệ issues a letter with its PDF to Sở Tài chính (demo data). */
async function issueToFinance(tag: string) {
  const sender = await signIn(s.url, 'vanthu.skhcn');
  const d = await sender.post('/api/v1/documents', {
    typeCode: 'CV',
    summary: `${SUMMARY} (${tag})`,
    signerName: 'Lê Minh Đạt',
    signerPosition: 'Giám đốc',
    urgency: 'khan',
    dueDate: new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10),
    draftingUnit: 'CNTT',
    recipients: [s.ids.get('stc')!],
  });
  const pdf = await renderOfficialPdf({
    issuer: 'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
    symbol: 'Số:      /SKHCN-CNTT',
    placeDate: 'Đồng Nai, ngày 26 tháng 11 năm 2026',
    title: 'CÔNG VĂN',
    subtitle: SUMMARY,
    paragraphs: ['Sở Khoa học và Công nghệ đề nghị các cơ quan báo cáo tình hình triển khai trước ngày 15 hằng tháng.'],
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', name: 'Lê Minh Đạt' },
  });
  expect((await sender.upload(`/api/v1/documents/${d.body.id}/attachments`, 'cong-van.pdf', pdf)).status).toBe(201);
  expect((await sender.post(`/api/v1/documents/${d.body.id}/issue`)).status).toBe(200);
  return d.body.id as number;
}

/** The page fits the window: nothing scrolls sideways, nothing is hidden past the right edge. */
async function fits(page: Page, screen: string) {
  const wide = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
  expect(wide.scroll, `${screen}: the page is ${wide.scroll} px wide in a ${wide.inner} px window`).toBeLessThanOrEqual(wide.inner);
  expect(await scrollsSideways(page)).toBe(false);
}

async function statusOnPage(page: Page, code: string) {
  await page.locator(`[data-testid="incoming-status"] [data-status="${code}"]`).first().waitFor();
}

describe.each(SIZES)('at $name size ($width×$height)', ({ name, width, height }) => {
  const viewport = { width, height };
  const shot = (page: Page, what: string, fullPage = false) => screenshot(page, `40-${name}-${what}`, { fullPage, hideToasts: true });
  let docId = 0;

  it('sign-in: the form fits, labels above fields, the password eye is a finger-sized target', async () => {
    const context = await browser.newContext({ viewport, isMobile: width < 500, hasTouch: width < 500, baseURL: s.url, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto('/app/');
    await page.locator('#login-username').waitFor();
    await fits(page, 'sign-in');
    const eye = await page.locator('.ant-input-password-icon').boundingBox();
    expect(eye!.width).toBeGreaterThanOrEqual(24);
    expect(eye!.height).toBeGreaterThanOrEqual(24);
    await shot(page, 'dang-nhap');
    await expectAccessible(page, `${name} sign-in`);
    await context.close();
  });

  it('clerk: the inbox as cards, the menu as a drawer, the document with its file and trail; registers it', async () => {
    docId = await issueToFinance(name);
    const clerk = await signInAs(browser, s.url, 'vanthu.stc', { viewport });
    people.push(clerk);
    const { page } = clerk;
    // The header keeps the language and sign-out in reach.
    for (const b of [page.getByRole('button', { name: 'EN' }), page.getByRole('button', { name: 'Đăng xuất' })]) {
      expect(await b.isVisible()).toBe(true);
      const box = (await b.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
    }
    // The menu is a drawer: hidden until the Menu button opens it; a link closes it.
    const nav = page.locator('nav#lt-nav');
    const menu = page.getByRole('button', { name: 'Trình đơn' });
    expect(await nav.isVisible()).toBe(false);
    await menu.click();
    await poll(() => nav.isVisible()).toBe(true);
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await shot(page, 'trinh-don');
    await expectAccessible(page, `${name} menu`);
    await nav.getByRole('link', { name: /Văn bản đến/ }).click();
    await page.waitForURL(/\/app\/inbox$/);
    await poll(() => nav.isVisible()).toBe(false);
    // Focus went to the page's heading.
    await poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    const card = page.locator(`[data-testid="inbox-table"] tr[data-document="${docId}"]`);
    await card.waitFor();
    // The summary is whole and wider than half the screen; the table has no hidden columns to its right.
    const summary = card.locator('td.lt-dt-text').nth(1);
    expect(await summary.innerText()).toContain(SUMMARY);
    if (width < 760) expect((await summary.boundingBox())!.width).toBeGreaterThan(width * 0.75);
    await fits(page, 'inbox');
    await shot(page, 'van-ban-den');
    await expectAccessible(page, `${name} inbox`);

    await card.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/app/documents/${docId}$`));
    await statusOnPage(page, '01');
    // The file: in a frame on a tablet; a phone opens it in its own PDF viewer.
    const frame = page.locator('[data-testid="pdf-preview"]');
    await poll(() => frame.getAttribute('src')).toMatch(/inline=1/);
    if (width < 640) {
      expect(await frame.isVisible()).toBe(false);
      expect(await page.getByTestId('pdf-open').getAttribute('href')).toMatch(/attachments\/\d+\?inline=1$/);
    } else {
      const pdf = (await frame.boundingBox())!;
      expect(pdf.x).toBeGreaterThanOrEqual(0);
      expect(pdf.x + pdf.width).toBeLessThanOrEqual(width);
    }
    expect(await page.locator('.lt-file-name').innerText()).toBe('cong-van.pdf');
    await fits(page, 'document');
    await shot(page, 'chi-tiet-van-ban', true);
    await expectAccessible(page, `${name} document`);

    await page.getByRole('button', { name: 'Vào sổ (tiếp nhận)' }).click();
    await confirmDialog(page, 'Vào sổ');
    await statusOnPage(page, '03');
    await fits(page, 'document after registering');
    await context(clerk);
  });

  it('leader: the work list fits the screen; assigns from the phone', async () => {
    const leader = await signInAs(browser, s.url, 'lanhdao.stc', { viewport });
    people.push(leader);
    const { page } = leader;
    const link = page.locator(`[data-testid="work-table"] a[href="/app/documents/${docId}"]`);
    await link.waitFor();
    await fits(page, 'my work');
    await shot(page, 'viec-can-lam');
    await expectAccessible(page, `${name} my work`);
    await link.click();
    await statusOnPage(page, '03');
    await page.getByRole('button', { name: 'Phân công xử lý' }).click();
    const dialog = page.getByRole('dialog', { name: 'Phân công xử lý' });
    await dialog.getByRole('combobox', { name: 'Người xử lý 1' }).click();
    const specialist = await s.ctx.db.kysely.selectFrom('users').select(['full_name']).where('username', '=', 'chuyenvien.stc').executeTakeFirstOrThrow();
    await page.keyboard.type(specialist.full_name);
    await page.locator('.ant-select-item-option-active', { hasText: specialist.full_name }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Ý kiến chỉ đạo').fill('Giao chuyên viên chủ trì, báo cáo trước ngày 15.');
    // The dialog fits the screen and its labels sit above their fields.
    const box = (await dialog.locator('.ant-modal-container').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await labelsClearOfFields(page, '.ant-modal-container');
    await shot(page, 'phan-cong');
    await expectAccessible(page, `${name} assign dialog`);
    await dialog.getByRole('button', { name: 'Phân công', exact: true }).click();
    await statusOnPage(page, '04');
    await fits(page, 'document after assigning');
    await context(leader);
  });

  it('specialist: starts and completes it; the trail shows every step', async () => {
    const specialist = await signInAs(browser, s.url, 'chuyenvien.stc', { viewport });
    people.push(specialist);
    const { page } = specialist;
    await page.goto(`/app/documents/${docId}`);
    await statusOnPage(page, '04');
    await page.getByRole('button', { name: 'Bắt đầu xử lý' }).click();
    await confirmDialog(page, 'Bắt đầu');
    await statusOnPage(page, '05');
    await page.getByRole('button', { name: 'Hoàn thành xử lý' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hoàn thành xử lý' });
    await dialog.getByLabel('Kết quả xử lý').fill('Đã báo cáo lãnh đạo Sở.');
    await labelsClearOfFields(page, '.ant-modal-container');
    await dialog.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
    await statusOnPage(page, '06');
    await waitText(page.locator('.lt-timeline'), 'Hoàn thành');
    await fits(page, 'completed document');
    await shot(page, 'hoan-thanh', true);
    await expectAccessible(page, `${name} completed document`);
    await context(specialist);
  });
});

/** Cells of `table` whose text is cut (wider than the cell shows), with the column's name. */
async function cutCells(page: Page, rows: string) {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const td of document.querySelectorAll<HTMLTableCellElement>(`${sel} td`)) if (td.scrollWidth > td.clientWidth + 1) out.push(`${td.closest('table')?.querySelectorAll('th')[td.cellIndex]?.textContent ?? td.cellIndex}: ${td.innerText}`);
    return out;
  }, rows);
}

/** A box that scrolls sideways hides columns past its right edge. */
const hidesColumns = (page: Page, box: string) => page.locator(box).first().evaluate((el) => el.scrollWidth > el.clientWidth + 1);

describe('at 1366×768, a clerk’s laptop', () => {
  const viewport = { width: 1366, height: 768 };
  const LONG = 'Về việc đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện kế hoạch chuyển đổi số và bảo đảm an toàn thông tin mạng năm 2026 trên địa bàn tỉnh';

  it('the inbox, My work, search, the register and the edXML log show the whole summary, deadline and number', async () => {
    const sender = await signIn(s.url, 'vanthu.skhcn');
    const past = new Date(Date.now() - 3 * 86400000).toISOString().slice(0, 10);
    const d = await sender.post('/api/v1/documents', { typeCode: 'CV', summary: LONG, signerName: 'Lê Minh Đạt', signerPosition: 'Giám đốc', urgency: 'thuong_khan', dueDate: past, draftingUnit: 'CNTT', recipients: [s.ids.get('stc')!] });
    expect((await sender.issue(d.body.id)).status).toBe(200);
    const clerk = await signInAs(browser, s.url, 'vanthu.stc', { viewport });
    people.push(clerk);
    const { page } = clerk;

    await page.goto('/app/inbox');
    const row = page.locator(`[data-testid="inbox-table"] tr[data-document="${d.body.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(LONG);
    expect(await row.innerText()).toMatch(/quá \d+ ngày/);
    await screenshot(page, '41-1366-van-ban-den', { hideToasts: true });
    expect(await cutCells(page, '[data-testid="inbox-table"] tbody')).toEqual([]);
    expect(await hidesColumns(page, '.lt-dt-wrap')).toBe(false);
    await fits(page, 'inbox at 1366');

    // Registered, it is in the incoming register with its number on one line.
    await row.getByRole('link').first().click();
    await page.getByRole('button', { name: 'Vào sổ (tiếp nhận)' }).click();
    await confirmDialog(page, 'Vào sổ');
    await statusOnPage(page, '03');
    await page.locator('nav').getByRole('link', { name: 'Sổ văn bản' }).click();
    const book = page.getByTestId('register-book');
    await waitText(book, LONG.slice(0, 40));
    expect(await hidesColumns(page, '.lt-book-scroll')).toBe(false);
    // "02/UBND-VP" on one line, whole: never "02/UBN / D-VP".
    const numbers = await book.locator('td.lt-bc-4').evaluateAll((tds) => tds.map((td) => ({ text: td.textContent, wraps: getComputedStyle(td).whiteSpace !== 'nowrap', cut: td.scrollWidth > td.clientWidth + 1 })));
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.filter((n) => n.wraps || n.cut)).toEqual([]);
    await screenshot(page, '41-1366-so-van-ban-den', { hideToasts: true });

    await page.goto('/app/search');
    await page.getByLabel('Từ khóa').fill('chuyen doi so an toan');
    await page.keyboard.press('Enter');
    const hit = page.locator('.ant-table-tbody tr', { hasText: 'bảo đảm an toàn thông tin' }).first();
    await hit.waitFor();
    expect(await hit.innerText()).toContain(LONG);
    expect(await cutCells(page, '.ant-table-tbody')).toEqual([]);
    expect(await hidesColumns(page, '.ant-table-content')).toBe(false);
    await screenshot(page, '41-1366-tim-kiem', { hideToasts: true });

    await page.goto('/app/edxml');
    await page.getByTestId('edxml-log').waitFor();
    const heads = await page.locator('[data-testid="edxml-log"] th').allInnerTexts();
    expect(heads).toContain('Mã định danh văn bản');
    expect(heads).not.toContain('DocumentId');
    expect(await hidesColumns(page, '.lt-dt-wrap')).toBe(false);
    await context(clerk);

    const leader = await signInAs(browser, s.url, 'lanhdao.stc', { viewport });
    people.push(leader);
    const work = leader.page.locator(`[data-testid="work-table"] tr`, { hasText: LONG });
    await work.waitFor();
    expect(await work.innerText()).toMatch(/quá \d+ ngày/);
    expect(await cutCells(leader.page, '[data-testid="work-table"] tbody')).toEqual([]);
    expect(await hidesColumns(leader.page, '.lt-dt-wrap')).toBe(false);
    await screenshot(leader.page, '41-1366-viec-can-lam', { hideToasts: true });
    await context(leader);
  });
});

/** No form label overlaps its field: each label ends above (or left of) the control it names. */
async function labelsClearOfFields(page: Page, within: string) {
  const overlaps = await page.evaluate((sel) => {
    const out: string[] = [];
    for (const item of document.querySelectorAll(`${sel} .ant-form-item`)) {
      const label = item.querySelector('.ant-form-item-label label');
      const control = item.querySelector('.ant-form-item-control');
      if (!label || !control) continue;
      const a = label.getBoundingClientRect();
      const b = control.getBoundingClientRect();
      const apart = a.bottom <= b.top + 1 || a.right <= b.left + 1;
      if (!apart) out.push(label.textContent ?? '');
    }
    return out;
  }, within);
  expect(overlaps).toEqual([]);
}

async function context(p: Person) {
  expect(p.errors).toEqual([]);
  await p.context.close();
}
