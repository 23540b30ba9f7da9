import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadActor } from '../../src/modules/auth/service.js';
import { issueOfficialLetter } from '../../src/modules/documents/index.js';
import { chooseByKeyboard, expectAccessible, poll, screenshot, scrollsSideways, tabTo } from './browser.js';
import { people } from './people.js';
import { openProject, pick } from './project-pages.js';

/**
 * Money after the year starts, in Debian's Chromium against the demo province: an agency
 * reports a quarter's spending on a phone by keyboard; Finance adjusts and then settles the
 * line on the decisions it picks; Finance adjusts a project's capital plan within the year; the
 * investing agency records a disbursement with its payment document picked from its
 * registers; a project shows the item of the approved IT plan it carries out and the
 * programme target, as links, and its agency re-links it. Then the same forms on a phone by
 * keyboard only: Finance adjusts and settles another line, adjusts a capital plan and records
 * a disbursement whose payment document it picks among the investing agency's only; the
 * agency re-links its project to the plan; and the wide budget table at 1366 px opens at its
 * left edge, its first column readable. Axe on each; screenshots 130–136, 154–159.
 */

const walk = people({ reuse: true, timeout: 45_000 });
const { as } = walk;

const LINE = 'Thuê đường truyền, dịch vụ phần mềm bệnh viện';
const OFFICE_LINE = 'Duy trì hệ thống quản lý văn bản, cổng thông tin';
const budgetRow = (page: Page, name: string) => page.locator('[data-testid="budget-table"] tbody tr.ant-table-row', { hasText: name });
/** Whole đồng as typed: 1.250.000.000. */
const grouped = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
// The spending form starts at the browser's current quarter.
const QUARTER = ['I', 'II', 'III', 'IV'][Math.floor(new Date().getMonth() / 3)]!;

describe('budgets and capital after allocation, in the browser', () => {
  it("an agency reports a quarter's spending on a phone by keyboard; Finance adjusts, then settles the line", async () => {
    const agency = await as('chuyenvien.syt', 390);
    const a = agency.page;
    await a.goto(`${walk.s.url}/app/budget`);
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
    await page.goto(`${walk.s.url}/app/budget`);
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
    const l = await walk.s.ctx.db.kysely.selectFrom('budget_lines').select(['spent_q1', 'spent_q2', 'spent_q3', 'spent_q4']).where('name', '=', LINE).executeTakeFirstOrThrow();
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

  it('the wide budget table opens at its left edge at 1366 px, the agency and its line readable, and stays there after an action', async () => {
    const { page, errors } = await as('taichinh.stc');
    await page.goto('/app/budget');
    const table = page.getByTestId('budget-table');
    const box = table.locator('.ant-table-content');
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(7);
    // Wider than the room beside the menu: it scrolls inside its box, which opens at the left.
    await expect(box.evaluate((el) => el.scrollWidth > el.clientWidth)).resolves.toBe(true);
    const atLeft = () => box.evaluate((el) => el.scrollLeft);
    expect(await atLeft()).toBe(0);
    const first = budgetRow(page, OFFICE_LINE).locator('td').first();
    const cell = (await first.boundingBox())!;
    const frame = (await box.boundingBox())!;
    expect(cell.x).toBeGreaterThanOrEqual(frame.x - 1);
    // Readable: a column wide enough that the agency and its line take a line or two each, not a word a line.
    expect(cell.width).toBeGreaterThanOrEqual(200);
    expect(cell.height).toBeLessThan(100);
    await expect(first.textContent()).resolves.toBe(`Văn phòng Ủy ban nhân dân tỉnh${OFFICE_LINE}`);
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'budget table at 1366 px');
    await screenshot(page, '154-du-toan-mo-o-le-trai', { hideToasts: true });
    // The actions stay in view at the right: opening and cancelling one does not scroll the figures away.
    await budgetRow(page, OFFICE_LINE).getByRole('button', { name: `Điều chỉnh: ${OFFICE_LINE}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await atLeft()).toBe(0);
    // Scrolled by hand, then back from another screen: at the left edge again.
    await box.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await page.getByRole('link', { name: 'Dự án CNTT' }).click();
    await page.waitForURL(/\/app\/projects$/);
    // The register shown: the budget screen has gone (coming back sooner finds it as it was left, still mounted).
    await page.locator('[data-project]').first().waitFor();
    await page.getByRole('link', { name: 'Dự toán CNTT' }).click();
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(7);
    expect(await atLeft()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it('Finance adjusts, then settles a line on a phone, by keyboard only', async () => {
    const { page, errors } = await as('taichinh.stc', 390);
    await page.goto('/app/budget');
    const row = budgetRow(page, OFFICE_LINE);
    await poll(() => row.textContent()).toContain('Đã giao dự toán');
    await tabTo(page, row.getByRole('button', { name: `Điều chỉnh: ${OFFICE_LINE}` }), 150);
    await page.keyboard.press('Enter');
    const adjust = page.getByRole('dialog');
    const amount = adjust.getByLabel('Dự toán sau điều chỉnh (đồng)');
    await tabTo(page, amount, 10);
    await expect(amount.inputValue()).resolves.toBe('2.400.000.000');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2.600.000.000');
    await tabTo(page, adjust.getByLabel('Quyết định'), 5);
    const decision = await chooseByKeyboard(page, '', /\/QĐ-/);
    await poll(async () => (await adjust.locator('.ant-form-item', { has: page.getByLabel('Quyết định') }).textContent()) ?? '').toContain(decision.split(' ')[0]!);
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'budget adjustment on a phone');
    await screenshot(page, '155-dieu-chinh-du-toan-dien-thoai');
    await tabTo(page, adjust.getByRole('button', { name: 'Điều chỉnh dự toán', exact: true }), 10);
    await page.keyboard.press('Enter');
    await adjust.waitFor({ state: 'hidden' });
    await poll(() => row.textContent()).toContain('Đã điều chỉnh');
    await expect(row.textContent()).resolves.toContain('2.600.000.000 ₫');

    await tabTo(page, row.getByRole('button', { name: `Quyết toán: ${OFFICE_LINE}` }), 150);
    await page.keyboard.press('Enter');
    const settle = page.getByRole('dialog');
    const settled = settle.getByLabel('Số quyết toán (đồng)');
    await tabTo(page, settled, 10);
    const spent = await settled.inputValue();
    await tabTo(page, settle.getByLabel('Quyết định'), 5);
    await chooseByKeyboard(page, '', /\/(QĐ|TB)-/);
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'budget settlement on a phone');
    await screenshot(page, '156-quyet-toan-dien-thoai');
    await tabTo(page, settle.getByRole('button', { name: 'Quyết toán', exact: true }), 10);
    await page.keyboard.press('Enter');
    await settle.waitFor({ state: 'hidden' });
    await poll(() => row.textContent()).toContain('Đã quyết toán');
    await expect(row.textContent()).resolves.toContain(spent ? `${spent} ₫` : '');
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
  }, 240_000);

  it("Finance adjusts a project's capital plan on a phone, by keyboard only", async () => {
    const { page, errors } = await as('taichinh.stc', 390);
    await openProject(page, 'BADT');
    await tabTo(page, page.getByRole('button', { name: 'Điều chỉnh kế hoạch vốn' }), 80);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    const amount = dialog.getByLabel('Kế hoạch vốn sau điều chỉnh (đồng)');
    await tabTo(page, amount, 10);
    const before = await amount.inputValue();
    const after = grouped(BigInt(before.replace(/\./g, '')) + 1_000_000_000n);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(after);
    await tabTo(page, dialog.getByLabel('Quyết định điều chỉnh kế hoạch vốn'), 5);
    await chooseByKeyboard(page, '', /\/QĐ-/);
    await tabTo(page, dialog.getByLabel('Lý do điều chỉnh'), 5);
    await page.keyboard.type('Bổ sung vốn cho hạng mục triển khai tại tuyến huyện.');
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'capital adjustment on a phone');
    await screenshot(page, '157-dieu-chinh-von-dien-thoai');
    await tabTo(page, dialog.getByRole('button', { name: 'Điều chỉnh', exact: true }), 10);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => page.locator('tr', { hasText: `${before} ₫ → ${after} ₫` }).count()).toBe(1);
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
  }, 180_000);

  it('the investing agency re-links its project to the IT plan on a phone, by keyboard only', async () => {
    const { page, errors } = await as('chuyenvien.snnmt', 390);
    await openProject(page, 'CSDLDD');
    await tabTo(page, page.getByRole('button', { name: 'Gắn kế hoạch CNTT' }), 80);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await tabTo(page, dialog.getByLabel('Nhiệm vụ của kế hoạch CNTT đã phê duyệt (không bắt buộc)'), 10);
    // Typed without marks. The item serves more than one target: the target is chosen too.
    await chooseByKeyboard(page, 'co so du lieu dat dai', /Xây dựng cơ sở dữ liệu đất đai/);
    await tabTo(page, dialog.getByLabel('Chỉ tiêu chương trình mà dự án phục vụ'), 5);
    await chooseByKeyboard(page, 'congkhai', /^TTHC\.CONGKHAI_DU — /);
    await poll(async () => (await dialog.getByTestId('plan-target-picker').textContent()) ?? '').toContain('TTHC.CONGKHAI_DU');
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'plan link dialog on a phone');
    await screenshot(page, '158-gan-ke-hoach-dien-thoai');
    await tabTo(page, dialog.getByRole('button', { name: 'Lưu', exact: true }), 10);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => page.getByTestId('project-plan-item').textContent()).toContain('Xây dựng cơ sở dữ liệu đất đai');
    await expect(page.getByTestId('project-target').textContent()).resolves.toContain('TTHC.CONGKHAI_DU');
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
  }, 120_000);

  it("a disbursement's payment document is one of the investing agency's: Finance finds it without marks on a phone, by keyboard", async () => {
    const { ctx, ids } = walk.s;
    const actor = async (username: string) => (await loadActor(ctx, (await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id, 'system'))!;
    const letter = async (username: string, summary: string, to: string) =>
      (await issueOfficialLetter(ctx, await actor(username), { typeCode: 'CV', summary, recipients: [ids.get(to)!], signerName: 'Trần Thị Mai', files: [] })).symbol;
    // The health department asks Finance for a payment; Finance writes a letter of its own elsewhere.
    const request = await letter('chuyenvien.syt', 'Đề nghị thanh toán đợt 3 dự án Bệnh án điện tử', 'stc');
    const own = await letter('taichinh.stc', 'Đề nghị thanh toán chi phí bảo trì phần mềm kế toán', 'snv');

    const { page, errors } = await as('taichinh.stc', 390);
    await openProject(page, 'BADT');
    await tabTo(page, page.getByRole('button', { name: 'Ghi giải ngân' }), 80);
    await page.keyboard.press('Enter');
    const entry = page.getByRole('dialog');
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    await tabTo(page, entry.getByLabel('Ngày giải ngân (dd/mm/yyyy)'), 10);
    await page.keyboard.type(today);
    await page.keyboard.press('Tab');
    await page.keyboard.type('50.000.000');
    await page.keyboard.press('Tab');
    await page.keyboard.type('UNC-2026/78');
    await tabTo(page, entry.getByLabel('Văn bản thanh toán (không bắt buộc)'), 5);
    await page.keyboard.type('de nghi thanh toan');
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await poll(() => options.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(request)]));
    // Only the investing agency's: Finance's own letter, never sent to it, is not offered.
    expect((await options.allTextContents()).some((t) => t.includes(own))).toBe(false);
    await chooseByKeyboard(page, '', request);
    await expect(entry.locator('.ant-form-item', { has: page.getByLabel('Văn bản thanh toán (không bắt buộc)') }).textContent()).resolves.toContain(request);
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'disbursement on a phone');
    await screenshot(page, '159-giai-ngan-van-ban-chu-dau-tu-dien-thoai');
    await tabTo(page, entry.getByRole('button', { name: 'Ghi', exact: true }), 10);
    await page.keyboard.press('Enter');
    await entry.waitFor({ state: 'hidden' });
    const row = page.getByTestId('disbursements').locator('tr', { hasText: 'UNC-2026/78' });
    await poll(() => row.count()).toBe(1);
    await expect(row.getByRole('link').textContent()).resolves.toBe(request);
    expect(errors).toEqual([]);
  }, 180_000);
});
