import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { expectAccessible, launch, poll, screenshot, scrollsSideways, signInAs, type Person } from './browser.js';
import { openProject, pick } from './project-pages.js';

/**
 * Money after the year starts, in Debian's Chromium against the demo province: an agency
 * reports a quarter's spending on a phone by keyboard; Finance adjusts and then settles the
 * line on the decisions it picks; Finance adjusts a project's capital plan within the year; the
 * investing agency records a disbursement with its payment document picked from its
 * registers; a project shows the item of the approved IT plan it carries out and the
 * programme target, as links, and its agency re-links it. Axe on each; screenshots 130–136.
 */

let s: TestServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => {
  s = await startServer();
  browser = await launch();
});
afterAll(async () => {
  for (const p of people) await p.context.close();
  await browser?.close();
  await s?.close();
});

const signedIn = new Map<string, Person>();
async function as(username: string, width = 1366): Promise<Person> {
  let p = signedIn.get(username);
  if (!p) {
    p = await signInAs(browser, s.url, username);
    p.context.setDefaultTimeout(45_000);
    people.push(p);
    signedIn.set(username, p);
  }
  await p.page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
  return p;
}

const LINE = 'Thuê đường truyền, dịch vụ phần mềm bệnh viện';
// The spending form starts at the browser's current quarter.
const QUARTER = ['I', 'II', 'III', 'IV'][Math.floor(new Date().getMonth() / 3)]!;

describe('budgets and capital after allocation, in the browser', () => {
  it("an agency reports a quarter's spending on a phone by keyboard; Finance adjusts, then settles the line", async () => {
    const agency = await as('chuyenvien.syt', 390);
    const a = agency.page;
    await a.goto(`${s.url}/app/budget`);
    const line = (page: Page) => page.locator('[data-testid="budget-table"] tbody tr.ant-table-row', { hasText: LINE });
    await poll(() => line(a).textContent()).toContain('Đã giao dự toán');
    // By keyboard: the row's button, the quarter (this one, already chosen), the amount, Enter.
    const report = line(a).getByRole('button', { name: `Báo cáo quý: ${LINE}` });
    await report.focus();
    await a.keyboard.press('Enter');
    const form = a.getByRole('dialog');
    await expect(form.getByRole('radio', { name: `Quý ${QUARTER}` }).isChecked()).resolves.toBe(true);
    const ok = form.getByRole('button', { name: 'Ghi', exact: true });
    await form.getByLabel('Số đã chi trong quý (đồng)').focus();
    await a.keyboard.type('6OO triệu');
    await ok.focus();
    await a.keyboard.press('Enter');
    // Refused under the field, in Vietnamese, before anything is sent.
    await poll(() => form.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Số đồng, nhóm nghìn bằng dấu chấm: 1.250.000.000']);
    await form.getByLabel('Số đã chi trong quý (đồng)').focus();
    await a.keyboard.press('ControlOrMeta+A');
    await a.keyboard.type('600.000.000');
    expect(await scrollsSideways(a)).toBe(false);
    await expectAccessible(a, 'quarterly spending on a phone');
    await screenshot(a, '130-bao-cao-quy-dien-thoai');
    await ok.focus();
    await a.keyboard.press('Enter');
    await form.waitFor({ state: 'hidden' });
    await poll(() => line(a).textContent()).toContain('600.000.000 ₫');
    expect(agency.errors).toEqual([]);

    // Finance: adjust on a QĐ, then settle on the spent total, each on the document it picks.
    const { page, errors } = await as('taichinh.stc');
    await page.goto(`${s.url}/app/budget`);
    const row = line(page);
    await poll(() => row.textContent()).toContain('600.000.000 ₫');
    await row.getByRole('button', { name: `Điều chỉnh: ${LINE}` }).click();
    const adjust = page.getByRole('dialog');
    await expect(adjust.getByLabel('Dự toán sau điều chỉnh (đồng)').inputValue()).resolves.toBe('3.000.000.000');
    await adjust.getByLabel('Dự toán sau điều chỉnh (đồng)').fill('2.800.000.000');
    const adjustDoc = await pick(page, 'Quyết định', /^\d+\/QĐ-/);
    await expectAccessible(page, 'budget adjustment');
    await screenshot(page, '131-dieu-chinh-du-toan');
    await adjust.getByRole('button', { name: 'Điều chỉnh dự toán', exact: true }).click();
    await poll(() => row.textContent()).toContain('Đã điều chỉnh');
    await expect(row.textContent()).resolves.toContain('2.800.000.000 ₫');
    await expect(row.getByRole('link').allTextContents()).resolves.toContain(adjustDoc);

    await row.getByRole('button', { name: `Quyết toán: ${LINE}` }).click();
    const settle = page.getByRole('dialog');
    // The settlement starts from what the agency reported: three quarters of 675 million and this one's 600.
    const spent = await settle.getByLabel('Số quyết toán (đồng)').inputValue();
    const l = await s.ctx.db.kysely.selectFrom('budget_lines').select(['spent_q1', 'spent_q2', 'spent_q3', 'spent_q4']).where('name', '=', LINE).executeTakeFirstOrThrow();
    const total = [l.spent_q1, l.spent_q2, l.spent_q3, l.spent_q4].reduce<bigint>((a, q) => a + BigInt(q ?? 0), 0n);
    expect(spent).toBe(total.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.'));
    const settleDoc = await pick(page, 'Quyết định', /^\d+\/(QĐ|TB)-/);
    await expectAccessible(page, 'budget settlement');
    await settle.getByRole('button', { name: 'Quyết toán', exact: true }).click();
    await poll(() => row.textContent()).toContain('Đã quyết toán');
    await expect(row.textContent()).resolves.toContain(`${spent} ₫`);
    await expect(row.getByRole('link').allTextContents()).resolves.toContain(settleDoc);
    // Settled: nothing more to decide or report.
    await expect(row.getByRole('button').count()).resolves.toBe(0);
    await screenshot(page, '132-quyet-toan', { hideToasts: true });
    await agency.page.reload();
    await poll(() => line(agency.page).textContent()).toContain('Đã quyết toán');
    await expect(line(agency.page).getByRole('button').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  }, 240_000);

  it("Finance adjusts a project's capital plan within the year, never below what is disbursed", async () => {
    const { page, errors } = await as('taichinh.stc');
    await openProject(page, 'QLTC');
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
    const plan = page.locator('section.lt-panel', { has: page.getByRole('heading', { name: `Kế hoạch vốn và giải ngân năm ${year}` }) });
    await plan.waitFor();
    await page.getByRole('button', { name: 'Điều chỉnh kế hoạch vốn' }).click();
    const dialog = page.getByRole('dialog');
    const amount = dialog.getByLabel('Kế hoạch vốn sau điều chỉnh (đồng)');
    await expect(amount.inputValue()).resolves.toBe('16.800.000.000');
    // Below what is already disbursed: refused by the server, in Vietnamese.
    await amount.fill('1.000');
    const doc = await pick(page, 'Quyết định điều chỉnh kế hoạch vốn', /^\d+\/QĐ-/);
    await dialog.getByLabel('Lý do điều chỉnh').fill('Điều chuyển vốn cho dự án giải ngân tốt hơn.');
    await dialog.getByRole('button', { name: 'Điều chỉnh', exact: true }).click();
    await poll(async () => (await dialog.getByRole('alert').textContent()) ?? '').toContain('Kế hoạch vốn điều chỉnh không thấp hơn số đã giải ngân.');
    await amount.fill('15.000.000.000');
    await expectAccessible(page, 'capital adjustment');
    await screenshot(page, '133-dieu-chinh-von');
    await dialog.getByRole('button', { name: 'Điều chỉnh', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The change is listed with its date (this year), its amounts and its decision.
    const changes = plan.locator('tr', { hasText: '16.800.000.000 ₫ → 15.000.000.000 ₫' });
    await poll(() => changes.count()).toBe(1);
    await expect(changes.textContent()).resolves.toContain(`/${year}`);
    await expect(changes.getByRole('link').textContent()).resolves.toBe(doc);
    // The allocation before it is dated this year too (the demo's plan of this year).
    const allocation = plan.locator('tr', { hasText: /^\d{2}\/\d{2}\/\d{4}16\.800\.000\.000 ₫/ });
    await expect(allocation.first().textContent()).resolves.toContain(`/${year}`);
    expect(errors).toEqual([]);
  }, 180_000);

  it('the investing agency records a disbursement with its payment document picked from its registers', async () => {
    const { page, errors } = await as('chuyenvien.syt');
    await openProject(page, 'BADT');
    await page.getByRole('button', { name: 'Ghi giải ngân' }).click();
    const entry = page.getByRole('dialog');
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    await entry.getByLabel('Ngày giải ngân (dd/mm/yyyy)').fill(today);
    await entry.getByLabel('Số tiền (đồng, nhóm nghìn bằng dấu chấm)').fill('250.000.000');
    await entry.getByLabel('Số chứng từ').fill('UNC-2026/77');
    const doc = await pick(page, 'Văn bản thanh toán (không bắt buộc)');
    await expectAccessible(page, 'disbursement with its payment document');
    await screenshot(page, '134-giai-ngan-chung-tu');
    await entry.getByRole('button', { name: 'Ghi', exact: true }).click();
    await entry.waitFor({ state: 'hidden' });
    const row = page.getByTestId('disbursements').locator('tr', { hasText: 'UNC-2026/77' });
    await poll(() => row.count()).toBe(1);
    await expect(row.textContent()).resolves.toContain('250.000.000');
    await expect(row.getByRole('link').textContent()).resolves.toBe(doc);
    expect(errors).toEqual([]);
  }, 120_000);

  it('a project shows the plan item and programme target it serves as links; its agency re-links it', async () => {
    const { page, errors } = await as('chuyenvien.snnmt');
    await openProject(page, 'CSDLDD');
    const item = page.getByTestId('project-plan-item');
    await expect(item.getByRole('link').textContent()).resolves.toMatch(/^2\. Xây dựng cơ sở dữ liệu đất đai.*Kế hoạch ứng dụng công nghệ thông tin/);
    await expect(page.getByTestId('project-target').getByRole('link').textContent()).resolves.toMatch(/^TTHC\.CONGKHAI_DU — /);
    await expectAccessible(page, 'project with its plan item');
    await screenshot(page, '135-du-an-nhiem-vu-ke-hoach', { fullPage: false });

    await page.getByRole('button', { name: 'Gắn kế hoạch CNTT' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nhiệm vụ của kế hoạch CNTT đã phê duyệt (không bắt buộc)').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Đào tạo kỹ năng số' }).click();
    // An item serving one target brings it along.
    await poll(async () => (await dialog.getByTestId('plan-target-picker').textContent()) ?? '').toContain('NL.DAOTAO');
    await expectAccessible(page, 'plan link dialog');
    await screenshot(page, '136-gan-ke-hoach');
    await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => item.textContent()).toContain('Đào tạo kỹ năng số');
    await expect(page.getByTestId('project-target').textContent()).resolves.toContain('NL.DAOTAO');
    // The link leads to the plan.
    await item.getByRole('link').click();
    await page.waitForURL(/\/app\/plans\/\d+$/);
    expect(errors).toEqual([]);
  }, 120_000);
});
