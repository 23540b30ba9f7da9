import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadActor } from '../../src/modules/auth/service.js';
import { issueOfficialLetter } from '../../src/modules/documents/index.js';
import { expectAccessible, poll, screenshot } from './browser.js';
import { people } from './people.js';
import { openProject, pick } from './project-pages.js';

/**
 * IT projects in Debian's Chromium against the demo province: Finance's register sorted by
 * cost variance with ratings and flags, a late and re-baselined project with its stages,
 * timeline and charts, the province disbursement table, the budget table, the register on a
 * phone, a project registered on a phone by keyboard with the form's messages under its
 * fields, its schedule, its next stage and re-baseline on their decisions, the CIO's rating,
 * Finance's capital plan and a disbursement, a budget estimate allocated, and the public page
 * without JavaScript; then the appraisal asked by letter and answered by the IT department on
 * a phone, and the milestones' progress reported on a phone by keyboard. Each decision picker
 * offers only documents of the types that fit (a stage's opening document, a QĐ for a
 * schedule). Axe on each; screenshots 60–64, 90–94 and 108–111.
 */

const walk = people({ reuse: true, timeout: 45_000 });
const { as } = walk;

describe('IT projects in the browser', () => {
  it('Finance reads the register, a late project, the province table and the budget', async () => {
    const { page, errors } = await as('taichinh.stc');
    await page.getByRole('link', { name: 'Dự án CNTT', exact: true }).click();
    const rows = page.locator('[data-testid="projects-table"] tbody tr[data-project]');
    await poll(() => rows.count()).toBe(12);
    // Worst cost variance first: the land database, re-baselined, rated 1, its milestone late.
    await expect(rows.first().textContent()).resolves.toContain('cơ sở dữ liệu đất đai');
    await expect(rows.first().locator('[data-flag="milestone_late"]').count()).resolves.toBe(1);
    await expectAccessible(page, 'project register');
    await screenshot(page, '60-du-an-danh-muc');

    await rows.first().getByRole('link').first().click();
    await page.getByTestId('project-stages').waitFor();
    await page.getByTestId('gantt').locator('canvas').waitFor();
    await page.getByTestId('disbursement-chart').locator('canvas').waitFor();
    await expect(page.getByTestId('project-stages').textContent()).resolves.toMatch(/QĐ-UBND/);
    await expect(page.getByTestId('ratings').textContent()).resolves.toContain('1/5');
    await expect(page.getByText('So với tiến độ ban đầu').count()).resolves.toBe(1);
    await expectAccessible(page, 'project page');
    await screenshot(page, '61-du-an-chi-tiet', { fullPage: true });

    await page.goto(`${walk.s.url}/app/projects/disbursement`);
    await page.getByTestId('province-chart').locator('canvas').waitFor();
    await poll(() => page.locator('[data-testid="disbursement-table"] tbody tr.ant-table-row').count()).toBeGreaterThan(5);
    await expectAccessible(page, 'province disbursement');
    await screenshot(page, '62-giai-ngan-toan-tinh');

    await page.goto(`${walk.s.url}/app/budget`);
    await poll(() => page.locator('[data-testid="budget-table"] tbody tr.ant-table-row').count()).toBe(7);
    await expectAccessible(page, 'budget table');
    await screenshot(page, '63-du-toan-cntt');
    expect(errors).toEqual([]);
  });

  it('the CIO rates from the project page; the register works on a phone', async () => {
    const { page } = await as('cntt.skhcn', 390);
    await page.goto(`${walk.s.url}/app/projects?sort=schedule_variance`);
    const cards = page.locator('[data-testid="project-cards"] [data-project]');
    await poll(() => cards.count()).toBe(12);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'register on a phone');
    await screenshot(page, '64-du-an-dien-thoai');
    await cards.first().getByRole('link').first().click();
    await page.getByRole('button', { name: 'Đánh giá rủi ro' }).click();
    await page.getByRole('radio', { name: /^3 –/ }).check();
    await page.getByLabel('Nhận xét').fill('Đã có giải pháp bổ sung nhân lực; theo dõi hằng tháng.');
    await page.getByRole('button', { name: 'Ghi đánh giá' }).click();
    await poll(() => page.getByTestId('ratings').textContent()).toContain('Đã có giải pháp bổ sung nhân lực');
  });

  it('the investing agency records a disbursement from its project page', async () => {
    const { page, errors } = await as('chuyenvien.syt');
    await page.goto(`${walk.s.url}/app/projects`);
    const rows = page.locator('[data-testid="projects-table"] tbody tr[data-project]');
    // An agency sees its own projects only.
    await poll(() => rows.count()).toBe(1);
    await rows.first().getByRole('link').first().click();
    await page.getByRole('button', { name: 'Ghi giải ngân' }).click();
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    await page.getByLabel('Ngày giải ngân (dd/mm/yyyy)').fill(today);
    await page.getByLabel('Số tiền (đồng, nhóm nghìn bằng dấu chấm)').fill('1.234.567.890');
    await page.getByLabel('Số chứng từ').fill('UNC-0099');
    await expectAccessible(page, 'disbursement form');
    await page.getByRole('button', { name: 'Ghi', exact: true }).click();
    await poll(() => page.getByText(/đã giải ngân/).first().textContent()).toBeTruthy();
    await poll(async () => (await page.locator('.lt-project-facts').textContent()) ?? '').toContain('18.376.234.556');
    expect(errors).toEqual([]);
  });

  it('the public page needs no JavaScript and passes axe', async () => {
    const off = await walk.browser.newContext({ javaScriptEnabled: false });
    const page = await off.newPage();
    await page.goto(`${walk.s.url}/du-an`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Dự án công nghệ thông tin');
    await expect(page.locator('tbody tr').count()).resolves.toBe(12);
    const href = await page.locator('tbody a').first().getAttribute('href');
    await page.goto(`${walk.s.url}${href}`);
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('Tổng mức đầu tư');
    await off.close();
    // axe runs on timers: in a context with scripts on (and the CSP bypassed for axe alone).
    const on = await walk.browser.newContext({ bypassCSP: true });
    const p2 = await on.newPage();
    for (const path of ['/du-an', href!]) {
      await p2.goto(`${walk.s.url}${path}`);
      await expectAccessible(p2, `public ${path}`);
    }
    await on.close();
  });

  it('the investing agency registers a project on a phone, by keyboard, told under each field what is wrong', async () => {
    const { page, errors } = await as('chuyenvien.syt', 390);
    await page.goto(`${walk.s.url}/app/projects`);
    await page.getByRole('button', { name: 'Đăng ký dự án' }).click();
    const dialog = page.getByRole('dialog');
    const ok = dialog.getByRole('button', { name: 'Đăng ký', exact: true });
    await ok.click();
    // Nothing typed: each required field says so under itself, in Vietnamese.
    await poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(expect.arrayContaining(['Nhập mã dự án.', 'Nhập số tiền.', 'Nhập tên dự án.']));
    await dialog.getByLabel('Mã dự án').focus();
    await page.keyboard.type('DA 2027');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12,5 tỷ');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Nền tảng hồ sơ sức khỏe điện tử');
    await poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Chỉ gồm chữ, số và . _ / - (tối đa 40 ký tự).', 'Số đồng, nhóm nghìn bằng dấu chấm: 1.250.000.000']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'project registration form on a phone');
    await screenshot(page, '90-du-an-dang-ky-dien-thoai');
    await dialog.getByLabel('Mã dự án').fill('DA-2027-HSSK');
    await dialog.getByLabel('Tổng mức đầu tư (đồng)').fill('12.500.000.000');
    await ok.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/projects\/\d+$/);
    await poll(() => page.locator('h1').first().textContent()).toBe('Nền tảng hồ sơ sức khỏe điện tử');
    await expect(page.locator('.lt-project-facts').textContent()).resolves.toContain('12.500.000.000');
    await expect(page.getByTestId('project-stages').textContent()).resolves.toContain('Chủ trương đầu tư');
    await screenshot(page, '91-du-an-moi-dien-thoai', { fullPage: true });
    expect(errors).toEqual([]);
  }, 180_000);

  it('an agency submits its budget estimate on a phone; Finance allocates it on the decision it picks', async () => {
    const agency = await as('chuyenvien.syt', 390);
    await agency.page.goto(`${walk.s.url}/app/budget`);
    const mine = agency.page.locator('[data-testid="budget-table"] tbody tr.ant-table-row');
    await poll(() => mine.count()).toBeGreaterThan(0);
    const before = await mine.count();
    await agency.page.getByRole('button', { name: 'Lập dự toán' }).click();
    const form = agency.page.getByRole('dialog');
    await form.getByLabel('Nội dung chi').fill('Thuê dịch vụ lưu trữ hồ sơ sức khỏe điện tử');
    await form.getByLabel('Dự toán đề nghị (đồng)').fill('640.000.000');
    expect(await agency.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(agency.page, 'budget estimate form on a phone');
    await form.getByRole('button', { name: 'Gửi dự toán', exact: true }).click();
    await poll(() => mine.count()).toBe(before + 1);
    const line = (page: typeof agency.page) => page.locator('[data-testid="budget-table"] tbody tr.ant-table-row', { hasText: 'Thuê dịch vụ lưu trữ hồ sơ sức khỏe điện tử' });
    await expect(line(agency.page).textContent()).resolves.toMatch(/Đã lập dự toán.*640\.000\.000 ₫/);
    expect(agency.errors).toEqual([]);

    const { page, errors } = await as('taichinh.stc');
    await page.goto(`${walk.s.url}/app/budget`);
    const row = line(page);
    await row.getByRole('button', { name: /^Giao:/ }).click();
    const dialog = page.getByRole('dialog');
    const ok = dialog.getByRole('button', { name: 'Giao dự toán', exact: true });
    // The amount starts from the estimate; Finance gives less.
    await expect(dialog.getByLabel('Dự toán giao (đồng)').inputValue()).resolves.toBe('640.000.000');
    await dialog.getByLabel('Dự toán giao (đồng)').fill('600.000.000');
    await ok.click();
    await poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Hãy chọn văn bản.']);
    // The decision: the list opened by keyboard, the first document it finds taken.
    await dialog.getByLabel('Quyết định').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    const field = dialog.locator('.ant-form-item', { has: page.getByLabel('Quyết định') });
    await poll(async () => (await field.textContent()) ?? '').toMatch(/\d+\/\S+ \(\d{2}\/\d{2}\/\d{4}\)/);
    const picked = /(\d+\/\S+) \(/.exec((await field.textContent())!)![1]!;
    await expectAccessible(page, 'budget allocation form');
    await screenshot(page, '92-du-toan-giao');
    await ok.focus();
    await page.keyboard.press('Enter');
    await poll(() => row.textContent()).toContain('Đã giao dự toán');
    await expect(row.textContent()).resolves.toContain('600.000.000 ₫');
    await expect(row.getByRole('link').textContent()).resolves.toContain(picked);
    // The agency sees its line allocated, and may now report a quarter's spending.
    await agency.page.reload();
    await poll(() => line(agency.page).textContent()).toContain('Đã giao dự toán');
    await expect(line(agency.page).getByRole('button', { name: /^Báo cáo quý/ }).count()).resolves.toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);

  it('the investing agency enters the approved schedule of its new project by hand', async () => {
    const { page, errors } = await as('chuyenvien.syt');
    await page.goto(`${walk.s.url}/app/projects?q=DA-2027-HSSK`);
    await page.locator('[data-testid="projects-table"] tbody tr[data-project]').first().getByRole('link').first().click();
    await page.getByRole('button', { name: 'Lập tiến độ' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Thêm mốc' }).click();
    const rows = dialog.getByTestId('milestone-row');
    await poll(() => rows.count()).toBe(2);
    const fill = async (i: number, v: [string, string, string, string]) => {
      const r = rows.nth(i);
      await r.getByLabel('Tên mốc').fill(v[0]);
      await r.getByLabel('Bắt đầu (dd/mm/yyyy)').fill(v[1]);
      await r.getByLabel('Kết thúc (dd/mm/yyyy)').fill(v[2]);
      await r.getByLabel('Chi phí (đồng)').fill(v[3]);
    };
    await fill(0, ['Khảo sát, thiết kế', '01/02/2027', '31/05/2027', '2.500.000.000']);
    await fill(1, ['Xây dựng, triển khai', '2027-06-01', '31/12/2027', '10.000.000.000']);
    await dialog.getByRole('button', { name: 'Ghi tiến độ' }).click();
    // The ISO date is refused under its field; the decision is missing.
    await poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Nhập ngày dạng dd/mm/yyyy.', 'Hãy chọn văn bản.']);
    await rows.nth(1).getByLabel('Bắt đầu (dd/mm/yyyy)').fill('01/06/2027');
    // Only decisions (QĐ) are offered for the approved schedule.
    await pick(page, 'Quyết định phê duyệt tiến độ (quyết định đầu tư)', /^\d+\/QĐ-/);
    await expectAccessible(page, 'baseline form');
    await screenshot(page, '93-du-an-lap-tien-do');
    await dialog.getByRole('button', { name: 'Ghi tiến độ' }).click();
    await page.getByTestId('gantt').locator('canvas').waitFor();
    await poll(() => page.getByText('So với tiến độ ban đầu').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);

  it("a project's year by keyboard: next stage on a phone, a re-baseline, the CIO's rating, Finance's capital plan and a disbursement", async () => {
    const open = (page: Page) => openProject(page, 'DA-2027-HSSK');
    const stages = (page: Page) => page.getByTestId('project-stages').locator('.ant-timeline-item');

    // The investing agency, on a phone: the feasibility stage on its decision, picked by keyboard.
    const agency = await as('chuyenvien.syt', 390);
    const { page } = agency;
    await open(page);
    await expect(stages(page).count()).resolves.toBe(1);
    await page.getByRole('button', { name: /^Chuyển giai đoạn: Lập báo cáo NCKT/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    const record = dialog.getByRole('button', { name: 'Ghi nhận', exact: true });
    await record.click();
    await poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Hãy chọn văn bản.']);
    // The field says what opens the stage; the picker offers letters, decisions and plans only (no type part, QĐ, KH).
    const stageDoc = await pick(page, 'Văn bản giao lập báo cáo nghiên cứu khả thi / KT-KT', /^\d+\/(?!(CT|TTr|BC|TB|BB)-)/);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Giao Phòng Kế hoạch lập báo cáo nghiên cứu khả thi.');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'stage form on a phone');
    await record.focus();
    await page.keyboard.press('Enter');
    await poll(() => stages(page).count()).toBe(2);
    // The stage carries its document: number, date and summary come from the exchange.
    const latest = stages(page).last();
    await expect(latest.textContent()).resolves.toContain('Lập báo cáo NCKT / KT-KT');
    await expect(latest.getByRole('link').textContent()).resolves.toBe(stageDoc);
    await expect(latest.textContent()).resolves.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await expect(page.locator('.lt-project-facts').textContent()).resolves.toContain('Lập báo cáo NCKT / KT-KT');

    // On the desktop: the second milestone moves three months and costs one billion more, by decision, with its reason.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('button', { name: 'Điều chỉnh tiến độ', exact: true }).click();
    await poll(() => dialog.locator('.ant-modal-title').textContent()).toBe('Điều chỉnh tiến độ (lần 2)');
    const second = dialog.getByTestId('milestone-row').nth(1);
    await expect(second.getByLabel('Kết thúc (dd/mm/yyyy)').inputValue()).resolves.toBe('31/12/2027');
    await second.getByLabel('Kết thúc (dd/mm/yyyy)').fill('31/03/2028');
    await second.getByLabel('Chi phí (đồng)').fill('11.000.000.000');
    const save = dialog.getByRole('button', { name: 'Ghi tiến độ' });
    await save.click();
    await poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Hãy chọn văn bản.', 'Nêu lý do điều chỉnh.']);
    const rebaselineDoc = await pick(page, 'Quyết định điều chỉnh tiến độ', /^\d+\/QĐ-/);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bổ sung phân hệ kết nối bảo hiểm y tế theo yêu cầu của Bộ Y tế.');
    await expectAccessible(page, 're-baseline form');
    await save.focus();
    await page.keyboard.press('Enter');
    const history = page.locator('.ant-table-row', { hasText: 'Bổ sung phân hệ kết nối bảo hiểm y tế' });
    await poll(() => history.count()).toBe(1);
    await expect(history.textContent()).resolves.toMatch(/^2 \(hiện hành\)/);
    await expect(history.getByRole('link').textContent()).resolves.toBe(rebaselineDoc);
    await expect(history.textContent()).resolves.toContain('13.500.000.000 ₫');
    // Against the original schedule: 91 days late (31/12/2027 → 31/03/2028) and 1 billion (8%) over; against the current one, nothing.
    const variance = (title: RegExp) => page.locator('.ant-table-wrapper', { has: page.getByText(title) }).locator('.ant-table-summary');
    await expect(variance(/^So với tiến độ ban đầu$/).textContent()).resolves.toMatch(/31\/12\/2027 → 31\/03\/2028.*91 \(.*%\).*1\.000\.000\.000 ₫ \(8%\)/);
    await expect(variance(/^So với tiến độ hiện hành/).textContent()).resolves.toMatch(/31\/03\/2028 → 31\/03\/2028.*0 \(0%\).*0 ₫ \(0%\)/);
    expect(agency.errors).toEqual([]);

    // The CIO rates the project on the desktop, by keyboard: arrows across the levels, Tab to the comment and to the button.
    const cio = await as('cntt.skhcn');
    await open(cio.page);
    await cio.page.getByRole('button', { name: 'Đánh giá rủi ro' }).click();
    const rating = cio.page.getByRole('dialog');
    await rating.getByRole('button', { name: 'Ghi đánh giá' }).click();
    await poll(() => rating.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Hãy chọn mức.', 'Hãy nhập nhận xét.']);
    await rating.getByRole('radio', { name: /^1 –/ }).focus();
    await cio.page.keyboard.press('ArrowRight');
    await expect(rating.getByRole('radio', { name: /^2 –/ }).isChecked()).resolves.toBe(true);
    await cio.page.keyboard.press('Tab');
    await cio.page.keyboard.type('Điều chỉnh tiến độ ngay năm đầu; đề nghị chủ đầu tư báo cáo hằng tháng.');
    await expectAccessible(cio.page, 'rating form');
    await rating.getByRole('button', { name: 'Ghi đánh giá' }).focus();
    await cio.page.keyboard.press('Enter');
    await poll(() => cio.page.getByTestId('ratings').textContent()).toContain('2/5 · Rủi ro khá cao');
    // The human rating stands beside the facts, dated; it was "Chưa đánh giá" before.
    await expect(cio.page.locator('.lt-project-facts').textContent()).resolves.toMatch(/2\/5 · Rủi ro khá cao\d{2}\/\d{2}\/\d{4}/);
    expect(cio.errors).toEqual([]);

    // Finance allocates this year's capital plan on its decision, then records a month's disbursement.
    const finance = await as('taichinh.stc');
    const f = finance.page;
    await open(f);
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
    await f.getByRole('button', { name: `Giao kế hoạch vốn ${year}` }).click();
    const capital = f.getByRole('dialog');
    await capital.getByLabel('Kế hoạch vốn (đồng)').fill('3.000.000.000');
    const capitalDoc = await pick(f, 'Quyết định giao kế hoạch vốn', /^\d+\/QĐ-/);
    await expectAccessible(f, 'capital plan form');
    await capital.getByRole('button', { name: 'Giao', exact: true }).click();
    const plan = f.locator('section.lt-panel', { has: f.getByRole('heading', { name: `Kế hoạch vốn và giải ngân năm ${year}` }) });
    await poll(() => plan.textContent()).toContain('3.000.000.000 ₫');
    await expect(plan.getByRole('link').first().textContent()).resolves.toBe(capitalDoc);
    await f.getByTestId('disbursement-chart').locator('canvas').waitFor();

    await f.getByRole('button', { name: 'Ghi giải ngân' }).click();
    const entry = f.getByRole('dialog');
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    await entry.getByLabel('Ngày giải ngân (dd/mm/yyyy)').fill(today);
    // Typed as one says it: refused under the field, in Vietnamese, before anything is sent.
    await entry.getByLabel('Số tiền (đồng, nhóm nghìn bằng dấu chấm)').fill('1,25 tỷ');
    await entry.getByLabel('Số chứng từ').fill('UNC-1207');
    await entry.getByRole('button', { name: 'Ghi', exact: true }).click();
    await poll(() => entry.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Số đồng, nhóm nghìn bằng dấu chấm: 1.250.000.000']);
    await entry.getByLabel('Số tiền (đồng, nhóm nghìn bằng dấu chấm)').fill('1.250.000.000');
    await expectAccessible(f, 'disbursement form');
    await entry.getByRole('button', { name: 'Ghi', exact: true }).focus();
    await f.keyboard.press('Enter');
    // 1.25 of 3 billion: the rate, computed in integers, is 41.7%.
    await poll(() => plan.textContent()).toMatch(/đã giải ngân 1\.250\.000\.000 ₫ · tỷ lệ 41\.7%/);
    await expect(f.locator('.lt-project-facts').textContent()).resolves.toContain('1.250.000.000');
    await f.getByTestId('gantt').locator('canvas').waitFor();
    await expectAccessible(f, 'project page after its year');
    await screenshot(f, '94-du-an-dieu-chinh-giai-ngan', { fullPage: true, hideToasts: true });
    expect(finance.errors).toEqual([]);
  }, 300_000);
  it('the appraisal asked by letter and answered by the IT department on a phone; milestone progress reported on a phone by keyboard', async () => {
    const stages = (page: Page) => page.getByTestId('project-stages');
    // The investing agency moves its project to appraisal on the document that submits it, then asks by letter.
    const agency = await as('chuyenvien.syt');
    const { page } = agency;
    await openProject(page, 'DA-2027-HSSK');
    await page.getByRole('button', { name: /^Chuyển giai đoạn: Thẩm định/ }).click();
    const dialog = page.getByRole('dialog');
    await pick(page, 'Tờ trình, báo cáo trình thẩm định', /^\d+\/(?!(CT|QĐ|KH|BB)-)/);
    await dialog.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await poll(() => page.locator('.lt-project-facts').textContent()).toContain('Thẩm định');
    await page.getByRole('button', { name: 'Đề nghị thẩm định' }).click();
    const ask = page.getByRole('dialog');
    await ask.getByRole('button', { name: 'Phát hành tờ trình' }).click();
    await poll(() => ask.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Chọn cơ quan thẩm định.', 'Nhập nội dung đề nghị.', 'Nhập người ký.']);
    // The appraising agency by keyboard: typed, then Enter on the one found.
    await ask.getByLabel('Cơ quan thẩm định').focus();
    await page.keyboard.type('Khoa học và Công nghệ');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Khoa học và Công nghệ' }).first().waitFor();
    await page.keyboard.press('Enter');
    await ask.getByLabel('Nội dung đề nghị').fill('Đề nghị Sở Khoa học và Công nghệ thẩm định thiết kế cơ sở dự án Nền tảng hồ sơ sức khỏe điện tử, kèm hồ sơ báo cáo nghiên cứu khả thi.');
    await ask.getByLabel('Người ký').fill('Nguyễn Văn Đức');
    await expectAccessible(page, 'appraisal request form');
    await screenshot(page, '108-de-nghi-tham-dinh');
    await ask.getByRole('button', { name: 'Phát hành tờ trình' }).click();
    // The letter is issued from the health department's register: its number shows, the appraisal waits for the answer.
    await poll(() => stages(page).textContent()).toMatch(/Thẩm định \(Sở Khoa học và Công nghệ\): \d+\/TTr-SYT.*chờ trả lời/);
    await expect(page.getByRole('button', { name: 'Đề nghị thẩm định' }).count()).resolves.toBe(1);
    expect(agency.errors).toEqual([]);

    // The IT department answers with a letter of its own, replying to the request.
    const project = await walk.s.ctx.db.kysely.selectFrom('projects').select('id').where('code', '=', 'DA-2027-HSSK').executeTakeFirstOrThrow();
    const asked = await walk.s.ctx.db.kysely.selectFrom('project_appraisals').select(['id', 'request_document_id']).where('project_id', '=', project.id).executeTakeFirstOrThrow();
    const director = await walk.s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'lanhdao.skhcn').executeTakeFirstOrThrow();
    const reply = await issueOfficialLetter(walk.s.ctx, (await loadActor(walk.s.ctx, director.id, 'system'))!, {
      typeCode: 'CV',
      summary: 'Kết quả thẩm định thiết kế cơ sở dự án Nền tảng hồ sơ sức khỏe điện tử',
      recipients: [walk.s.ids.get('syt')!],
      signerName: 'Lê Minh Đạt',
      signerPosition: 'Giám đốc',
      replyToId: asked.request_document_id,
      files: [],
    });

    // The CIO records it on a phone: the picker offers the department's own letters, notices and reports only.
    const cio = await as('cntt.skhcn', 390);
    await openProject(cio.page, 'DA-2027-HSSK');
    await cio.page.getByRole('button', { name: 'Ghi kết quả thẩm định' }).click();
    const answer = cio.page.getByRole('dialog');
    await answer.getByRole('button', { name: 'Ghi kết quả', exact: true }).click();
    await poll(() => answer.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Hãy chọn văn bản.', 'Nhập kết luận.']);
    await answer.getByLabel('Văn bản trả lời của cơ quan thẩm định').focus();
    await cio.page.keyboard.type('ket qua tham dinh ho so suc khoe');
    const option = cio.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: reply.symbol });
    await option.waitFor();
    for (const text of await cio.page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents()) expect(text).toMatch(/^\d+\/(?!(QĐ|TTr|CT|KH)-)\S*SKHCN/);
    await option.click();
    await answer.getByLabel('Kết luận thẩm định').fill('Thiết kế cơ sở phù hợp Kiến trúc chính quyền số của tỉnh; đề nghị bổ sung phương án sao lưu.');
    expect(await cio.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(cio.page, 'appraisal answer form on a phone');
    await screenshot(cio.page, '109-ket-qua-tham-dinh-dien-thoai');
    await answer.getByRole('button', { name: 'Ghi kết quả', exact: true }).focus();
    await cio.page.keyboard.press('Enter');
    await poll(() => stages(cio.page).textContent()).toContain(reply.symbol);
    await expect(stages(cio.page).textContent()).resolves.not.toContain('chờ trả lời');
    await expect(cio.page.getByRole('button', { name: 'Ghi kết quả thẩm định' }).count()).resolves.toBe(0);
    expect(cio.errors).toEqual([]);

    // The investing agency, on a phone, by keyboard: the first milestone will end a month late and cost 10% more.
    await page.setViewportSize({ width: 390, height: 844 });
    await openProject(page, 'DA-2027-HSSK');
    await page.getByRole('button', { name: 'Cập nhật thực hiện' }).focus();
    await page.keyboard.press('Enter');
    const report = page.getByRole('dialog');
    const first = report.getByTestId('progress-row').first();
    await first.getByLabel('Dự kiến hoàn thành').fill('30-06-2027');
    await report.getByRole('button', { name: 'Ghi', exact: true }).click();
    await poll(() => report.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['Nhập ngày dạng dd/mm/yyyy.']);
    await first.getByLabel('Dự kiến hoàn thành').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('30/06/2027');
    await page.keyboard.press('Tab');
    await page.keyboard.type('20');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2.750.000.000');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bổ sung khảo sát tại 11 trạm y tế.');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'progress form on a phone');
    await screenshot(page, '110-cap-nhat-thuc-hien-dien-thoai');
    await report.getByRole('button', { name: 'Ghi', exact: true }).focus();
    await page.keyboard.press('Enter');
    // Variance computed from what was reported: M1 30 days and 250 million (10%) over the current schedule.
    const variance = (title: RegExp) => page.locator('.ant-table-wrapper', { has: page.getByText(title) });
    await poll(async () => (await variance(/^So với tiến độ hiện hành/).locator('tbody tr', { hasText: 'M1' }).textContent()) ?? '').toMatch(/31\/05\/2027 → 30\/06\/2027\+30250\.000\.000 ₫ \(10%\)/);
    // Against the original: 1.25 billion over 12.5 (10%), 91 days late at the end.
    await expect(variance(/^So với tiến độ ban đầu$/).locator('.ant-table-summary').textContent()).resolves.toMatch(/91 \(.*%\).*1\.250\.000\.000 ₫ \(10%\)/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId('gantt').locator('canvas').waitFor();
    await expectAccessible(page, 'project page after progress');
    await screenshot(page, '111-du-an-sau-tham-dinh-cap-nhat', { fullPage: true, hideToasts: true });
    expect(agency.errors).toEqual([]);
  }, 300_000);
});
