import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { contentOverflow, expectAccessible, expectContentAccessible, phoneShell, poll, screenshot } from './browser.js';
import { people } from './people.js';
import { signIn, pdfBytes } from '../helpers/client.js';

/**
 * Agencies' IT plans in Debian's Chromium against a real server: an agency submits its draft
 * (the tờ trình is issued), the IT department comments on an item and asks for a revision
 * from its review queue, an agency adjusts its approved plan and sees the diff, reports
 * progress on a late item, and the plan on a phone-sized screen as cards; the IT department
 * creates the programme of a new period with a goal and a target by keyboard, at 1366 and
 * 390 px, renames and deletes a goal, is refused the deletion of a target a plan item serves,
 * and an agency reads it; the agency's plan of that period offers that period's targets.
 * Axe on every screen, screenshots 50–54, 85–86, 104–106 and 120.
 */

const walk = people({ resize: true });
const { as } = walk;

const status = (page: Page) => page.getByTestId('plan-status').locator('[data-plan-status]').getAttribute('data-plan-status');

describe('IT plans in the browser', () => {
  it('an agency submits its draft; the IT department comments item by item and asks for a revision', async () => {
    const agency = await as('chuyenvien.stp');
    let page = agency.page;
    await page.getByRole('link', { name: 'Kế hoạch CNTT', exact: true }).click();
    const rows = page.locator('[data-testid="plans-table"] tbody tr[data-plan]');
    await poll(() => rows.count()).toBe(1);
    await expectAccessible(page, 'plans list');
    await rows.first().getByRole('link').first().click();
    await page.locator('[data-testid="plan-items"] tbody tr[data-item]').first().waitFor();
    await expectAccessible(page, 'plan editor');
    await screenshot(page, '51-ke-hoach-cntt-du-thao', { hideToasts: true });
    await page.getByRole('button', { name: 'Trình Sở KH&CN' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Người ký').fill('Phạm Đình Đông');
    await expectAccessible(page, 'submit dialog');
    await dialog.getByRole('button', { name: 'Phát hành tờ trình' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => status(page)).toBe('submitted');
    await expect(page.getByTestId('plan-doc-letter').textContent()).resolves.toMatch(/TTr-STP/);
    expect(agency.errors).toEqual([]);

    const reviewer = await as('cntt.skhcn');
    page = reviewer.page;
    // The IT department sees every agency's plan.
    await page.goto('/app/plans');
    await poll(() => page.locator('[data-testid="plans-table"] tbody tr[data-plan]').count()).toBe(3);
    await expectAccessible(page, 'all plans');
    await screenshot(page, '50-ke-hoach-cntt-danh-sach', { hideToasts: true });
    // Filtered by agency, by keyboard: the address keeps the filter.
    const agencyFilter = page.getByTestId('plan-filters').getByRole('combobox', { name: 'Cơ quan' });
    await agencyFilter.focus();
    await page.keyboard.type('Sở Tư pháp');
    await page.locator('.ant-select-item-option-active', { hasText: 'Sở Tư pháp' }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/agencyId=\d+/);
    await poll(() => page.locator('[data-testid="plans-table"] tbody tr[data-plan]').count()).toBe(1);
    await expect(page.locator('[data-testid="plans-table"] tbody tr[data-plan]').first().textContent()).resolves.toContain('Sở Tư pháp');
    await page.getByTestId('plan-filters').getByRole('combobox', { name: 'Trạng thái' }).click();
    await page.locator('.ant-select-item-option', { hasText: 'Dự thảo' }).click();
    await poll(() => page.locator('[data-testid="plans-table"] tbody tr[data-plan]').count()).toBe(0);
    await expectAccessible(page, 'plans filtered');
    await page.goto('/app/plans?queue=review');
    const queue = page.locator('[data-testid="plans-table"] tbody tr[data-plan]');
    await poll(() => queue.count()).toBe(2); // Long Khánh ward's plan (demo) and this one
    await queue.filter({ hasText: 'Sở Tư pháp' }).getByRole('link').first().click();
    await page.locator('[data-testid="plan-items"] tbody tr[data-item]').first().waitFor();
    await page.getByRole('button', { name: 'Góp ý', exact: true }).first().click();
    await page.getByRole('dialog').getByLabel('Ý kiến').fill('Đề nghị tách kinh phí xây dựng cơ sở dữ liệu và kinh phí số hóa.');
    await page.getByRole('dialog').getByRole('button', { name: 'Ghi ý kiến' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await poll(() => page.getByTestId('plan-comment').count()).toBe(1);
    await poll(() => status(page)).toBe('under_review');
    await expectAccessible(page, 'review');
    await screenshot(page, '52-ke-hoach-cntt-tham-dinh', { hideToasts: true });
    await page.getByRole('button', { name: 'Trả lời cơ quan' }).click();
    await page.getByRole('dialog').getByLabel('Nội dung (bắt buộc khi đề nghị chỉnh sửa)').fill('Đề nghị Sở Tư pháp chỉnh sửa theo ý kiến từng nhiệm vụ.');
    await page.getByRole('dialog').getByRole('button', { name: 'Phát hành công văn' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await poll(() => status(page)).toBe('revision_requested');
    expect(reviewer.errors).toEqual([]);
  }, 180_000);

  it('an agency adjusts its approved plan and sees what changed; the plan as cards at 390 px', async () => {
    const { page, errors } = await as('chuyenvien.snnmt');
    await page.goto('/app/plans');
    await page.locator('[data-testid="plans-table"] tbody tr[data-plan]').first().getByRole('link').first().click();
    await poll(() => status(page)).toBe('in_force');
    // The security item ended on 30/09/2026 without being done: late, computed.
    await expect(page.locator('tr[data-item][data-progress="late"]').count()).resolves.toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Điều chỉnh kế hoạch' }).click();
    await page.getByRole('dialog').getByLabel('Lý do điều chỉnh').fill('Bổ sung kinh phí số hóa hồ sơ theo số lượng thực tế.');
    await page.getByRole('dialog').getByRole('button', { name: 'Tạo phiên bản điều chỉnh' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await poll(() => status(page)).toBe('draft');
    await page.locator('[data-testid="plan-items"] tbody tr[data-item]').nth(1).getByRole('button', { name: 'Sửa' }).click();
    const cost = page.getByRole('dialog').getByLabel('Kinh phí dự kiến (đồng)');
    await cost.fill('2.900.000.000');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    const diff = page.getByTestId('plan-diff');
    await poll(() => diff.locator('[data-change="changed"]').count()).toBe(1);
    await expect(diff.textContent()).resolves.toContain('2.400.000.000 ₫');
    await expect(diff.textContent()).resolves.toContain('2.900.000.000 ₫');
    await expectAccessible(page, 'version diff');
    await diff.scrollIntoViewIfNeeded();
    await screenshot(page, '53-ke-hoach-cntt-so-sanh-phien-ban', { hideToasts: true });

    await page.getByRole('link', { name: /Phiên bản 1/ }).click();
    await poll(() => status(page)).toBe('in_force');
    // Version 1 knows of its adjustment: a link to version 2, no second adjustment offered.
    await page.getByRole('link', { name: /Phiên bản 2/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Điều chỉnh kế hoạch' }).count()).resolves.toBe(0);
    // Progress on the late item of the version in force.
    const late = page.locator('tr[data-item][data-progress="late"]').first();
    const itemId = await late.getAttribute('data-item');
    await late.getByRole('button', { name: 'Báo cáo tiến độ' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tiến độ (%)').fill('100');
    await dialog.getByRole('radio', { name: 'Hoàn thành' }).check();
    await dialog.getByLabel('Ghi chú').fill('Đã phê duyệt cấp độ 2 cho 3 hệ thống thông tin.');
    // A file that proves it: the picker is reached by Tab from the evidence field.
    await dialog.getByTestId('progress-files').focus();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('progress-files');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'Biên bản nghiệm thu.pdf', mimeType: 'application/pdf', buffer: pdfBytes('Biên bản nghiệm thu') });
    await dialog.getByText('Biên bản nghiệm thu.pdf').waitFor();
    await expectAccessible(page, 'report progress');
    await dialog.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => page.locator(`tr[data-item="${itemId}"]`).getAttribute('data-progress')).toBe('done');
    // The report shows its file, with its size, downloadable.
    await page.locator(`tr[data-item="${itemId}"]`).getByRole('button', { name: 'Báo cáo tiến độ' }).click();
    const reports = page.getByRole('dialog').getByTestId('progress-reports');
    const link = reports.getByRole('link', { name: /Biên bản nghiệm thu\.pdf/ });
    await link.waitFor();
    await expect(reports.textContent()).resolves.toMatch(/Biên bản nghiệm thu\.pdf \(\d+ (B|KB)\)/);
    await expectAccessible(page, 'progress reports');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Biên bản nghiệm thu.pdf');
    // After the click the pointer still rests on the link: its colour keeps 4.5:1 (antd's own
    // hover colour, #5680a8, was 4.16:1) and axe finds nothing.
    await expect(link.evaluate((a) => getComputedStyle(a).color)).resolves.toBe('rgb(42, 95, 163)');
    await expectAccessible(page, 'progress reports, after a click on a file');
    await reports.scrollIntoViewIfNeeded();
    await screenshot(page, '106-ke-hoach-cntt-tep-kiem-chung', { hideToasts: true });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 390, height: 844 });
    await phoneShell(page);
    await page.getByTestId('plan-item-cards').locator('[data-item]').first().waitFor();
    await page.getByTestId('plan-item-cards').scrollIntoViewIfNeeded();
    expect(await contentOverflow(page)).toBeLessThanOrEqual(0);
    await expectContentAccessible(page, 'plan 390');
    await screenshot(page, '54-ke-hoach-cntt-dien-thoai', { hideToasts: true });

    // On a phone, by keyboard: the item's progress dialog, the file picker reached by Tab and
    // opened by Enter (the browser's file chooser), a file chosen, the report sent.
    await page.getByTestId('plan-item-cards').locator(`[data-item="${itemId}"]`).getByRole('button', { name: 'Báo cáo tiến độ' }).focus();
    await page.keyboard.press('Enter');
    const phoneDialog = page.getByRole('dialog');
    const note = phoneDialog.getByLabel('Ghi chú');
    await note.waitFor();
    await note.fill('Bổ sung biên bản kiểm tra thực tế.');
    await note.focus();
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a?.getAttribute('data-testid') ?? (a?.querySelector('[data-testid="progress-files"]') ? 'upload-wrapper' : a?.tagName ?? null);
    });
    const stops: (string | null)[] = [];
    for (let k = 0; k < 15 && !['progress-files', 'upload-wrapper'].includes(String(stops.at(-1))); k++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    expect(['progress-files', 'upload-wrapper'], `Tab stops: ${stops.join(' → ')}`).toContain(stops.at(-1));
    // The chooser is intercepted once the listener is registered with the browser: a round trip
    // on the same session after asking for it makes sure it is, before Enter opens the picker.
    const chosen = page.waitForEvent('filechooser', { timeout: 15_000 });
    await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await page.keyboard.press('Enter');
    const chooser = await chosen;
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles({ name: 'Bien-ban-kiem-tra.pdf', mimeType: 'application/pdf', buffer: pdfBytes('Biên bản kiểm tra thực tế') });
    await phoneDialog.getByText('Bien-ban-kiem-tra.pdf').waitFor();
    expect(await contentOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'report progress at 390 px');
    await phoneDialog.getByText('Bien-ban-kiem-tra.pdf').scrollIntoViewIfNeeded();
    await screenshot(page, '120-ke-hoach-cntt-tep-kiem-chung-dien-thoai', { hideToasts: true });
    await phoneDialog.getByRole('button', { name: 'Gửi báo cáo' }).focus();
    await page.keyboard.press('Enter');
    await phoneDialog.waitFor({ state: 'hidden' });
    // The file is on the report just sent (the newest), not on the earlier one.
    const history = await page.evaluate(async (id) => (await fetch(`/api/v1/plan-items/${id}/progress`)).json(), itemId);
    expect(history.items[0]).toMatchObject({ note: 'Bổ sung biên bản kiểm tra thực tế.', files: [{ fileName: 'Bien-ban-kiem-tra.pdf' }] });
    expect(history.items[1].files.map((f: { fileName: string }) => f.fileName)).toEqual(['Biên bản nghiệm thu.pdf']);
    expect(errors).toEqual([]);
  }, 240_000);

  it('the IT department creates the programme of a new period, a goal and a target by keyboard; an agency reads it', async () => {
    const { page, errors } = await as('cntt.skhcn');
    await page.goto('/app/plans/programme');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const dialog = page.getByRole('dialog');
    // Tab to the button, Enter opens the form; Enter submits it; the faults show next to their fields.
    await page.getByRole('button', { name: 'Chương trình giai đoạn mới' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Tên chương trình').focus();
    await expect(dialog.getByLabel('Từ năm').inputValue()).resolves.toBe('2031');
    await page.keyboard.press('Enter');
    await dialog.getByText('Hãy nhập tên chương trình.').waitFor();
    await page.keyboard.type('Chương trình chuyển đổi số tỉnh Đồng Nai giai đoạn 2031–2035');
    await dialog.getByLabel('Đến năm').fill('2045');
    await page.keyboard.press('Enter');
    await dialog.getByText('Giai đoạn tối đa 10 năm.').waitFor();
    await expectAccessible(page, 'new programme form');
    await dialog.getByLabel('Đến năm').fill('2035');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Chương trình chuyển đổi số tỉnh Đồng Nai giai đoạn 2031–2035' }).waitFor();
    await page.waitForURL(/\/app\/plans\/programme\/\d+$/);
    const url = new URL(page.url()).pathname;
    await page.getByText('Chương trình chưa có mục tiêu.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Thêm mục tiêu' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Mục tiêu').focus();
    await page.keyboard.press('Enter');
    await dialog.getByText('Hãy nhập mục tiêu.').waitFor();
    await page.keyboard.type('Hoàn thiện chính quyền số, văn bản điện tử toàn trình');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const goal = page.getByTestId('goal-1');
    await goal.getByRole('heading', { name: /Hoàn thiện chính quyền số/ }).waitFor();

    await goal.getByRole('button', { name: 'Thêm chỉ tiêu cho mục tiêu 1' }).click();
    await dialog.getByLabel('Giá trị cơ sở').fill('95');
    await page.keyboard.press('Enter');
    await dialog.getByText('Hãy chọn chỉ số.').waitFor();
    // The indicator chosen by typing its code and Enter, which picks it without sending the form.
    await dialog.getByLabel('Chỉ số của danh mục').focus();
    await page.keyboard.type('VB.DI_DIENTU');
    await page.keyboard.press('Enter');
    await dialog.locator('[data-testid="chosen-indicator"][data-code="VB.DI_DIENTU"]').waitFor();
    await expect(dialog.isVisible()).resolves.toBe(true);
    await dialog.getByLabel('Năm cơ sở').fill('2030');
    await dialog.getByLabel('Năm 2031').fill('96');
    await dialog.getByLabel('Năm 2035').fill('100');
    await expectAccessible(page, 'add target');
    await screenshot(page, '85-chuong-trinh-cntt-them-chi-tieu', { hideToasts: true });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const row = goal.locator('tr[data-target="VB.DI_DIENTU"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/%.*95 \(2030\).*96.*100/);

    // A target's yearly values edited and the target renamed: Enter saves, the rest is kept.
    await row.getByRole('button', { name: 'Sửa VB.DI_DIENTU' }).click();
    await dialog.getByLabel('Năm 2032').fill('98');
    await dialog.getByLabel('Tên chỉ tiêu').fill('Văn bản đi điện tử toàn trình giai đoạn 2031–2035');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => row.textContent()).toMatch(/toàn trình giai đoạn 2031–2035.*95 \(2030\).*96.*98.*100/);
    await expectAccessible(page, 'programme');

    // A second goal added, renamed, then deleted (it has no target); the first stays goal 1.
    await page.getByRole('button', { name: 'Thêm mục tiêu' }).click();
    await dialog.getByLabel('Mục tiêu').fill('Mục tiêu tạm');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const second = page.getByTestId('goal-2');
    await second.getByRole('heading', { name: '2. Mục tiêu tạm' }).waitFor();
    await second.getByRole('button', { name: 'Đổi tên mục tiêu 2' }).click();
    await expect(dialog.getByLabel('Mục tiêu').inputValue()).resolves.toBe('Mục tiêu tạm');
    await dialog.getByLabel('Mục tiêu').fill('Phát triển kinh tế số');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await second.getByRole('heading', { name: '2. Phát triển kinh tế số' }).waitFor();
    await second.getByRole('button', { name: 'Xóa mục tiêu 2' }).click();
    await dialog.getByTestId('delete-goal-text').getByText('Phát triển kinh tế số').waitFor();
    await expectAccessible(page, 'delete goal');
    await dialog.getByRole('button', { name: 'Xóa mục tiêu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => page.getByTestId('goal-2').count()).toBe(0);
    await goal.getByRole('heading', { name: /^1\. Hoàn thiện chính quyền số/ }).waitFor();

    // An agency's plan of 2031 has an item serving the target: the target cannot be deleted,
    // and the dialog says which plan, keeping the target in place.
    const programmeId = Number(url.split('/').at(-1));
    const stp = await signIn(walk.s.url, 'chuyenvien.stp');
    const targetId = (await stp.get(`/api/v1/programmes/${programmeId}`)).body.goals[0].targets[0].id as number;
    const plan = await stp.post('/api/v1/plans', { kind: 'annual', yearFrom: 2031, title: 'Kế hoạch ứng dụng CNTT năm 2031' });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect(plan.body.programmeId).toBe(programmeId);
    const withItem = await stp.post(`/api/v1/plans/${plan.body.id}/items`, { content: 'Số hóa sổ hộ tịch giai đoạn 2006–2015', leadUnit: 'Phòng Hành chính tư pháp', startDate: '01/02/2031', endDate: '30/10/2031', cost: '450000000', fundSource: 'recurrent', targetIds: [targetId] });
    expect(withItem.status, JSON.stringify(withItem.body)).toBe(201);
    await row.getByRole('button', { name: 'Xóa VB.DI_DIENTU' }).click();
    await dialog.getByRole('button', { name: 'Xóa chỉ tiêu' }).click();
    const refused = dialog.getByRole('alert');
    await poll(() => refused.textContent()).toContain('Không xóa được chỉ tiêu VB.DI_DIENTU');
    await expect(refused.textContent()).resolves.toContain('Kế hoạch ứng dụng CNTT năm 2031 (v1)');
    await expectAccessible(page, 'target in use');
    await screenshot(page, '104-chuong-trinh-cntt-chi-tieu-dang-dung', { hideToasts: true });
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await phoneShell(page);
    await row.waitFor();
    expect(await contentOverflow(page)).toBeLessThanOrEqual(0);
    await expectContentAccessible(page, 'programme 390');
    await screenshot(page, '86-chuong-trinh-cntt-dien-thoai', { hideToasts: true });
    expect(errors).toEqual([]);

    // An agency reads the same programme, without any form.
    const agency = await as('chuyenvien.stp', 390);
    await agency.page.goto(url);
    await agency.page.getByTestId('goal-1').locator('tr[data-target="VB.DI_DIENTU"]').waitFor();
    await expect(agency.page.locator('.lt-page').getByRole('button', { name: /Thêm|Sửa|Chương trình giai đoạn mới/ }).count()).resolves.toBe(0);
    await agency.page.getByRole('link', { name: '2026–2030' }).click();
    await agency.page.getByTestId('goal-1').locator('tr[data-target]').first().waitFor();
    await agency.page.mouse.move(0, 400); // not hovering the link just followed (its hover colour is antd's)
    await expectContentAccessible(agency.page, 'programme read-only');

    // The agency's plan of 2031 names the targets of its own programme (2031–2035), not the
    // one in force today: the item's target shows with that programme's title when edited.
    expect(agency.errors).toEqual([]);
    const planner = await as('chuyenvien.stp');
    await planner.page.goto(`/app/plans/${plan.body.id}`);
    const item = planner.page.locator('[data-testid="plan-items"] tbody tr[data-item]').first();
    await item.getByRole('button', { name: 'Sửa' }).click();
    const itemDialog = planner.page.getByRole('dialog');
    const chosen = itemDialog.locator('.ant-select-selection-item', { hasText: 'VB.DI_DIENTU' });
    await poll(() => chosen.textContent()).toBe('VB.DI_DIENTU — Văn bản đi điện tử toàn trình giai đoạn 2031–2035');
    await expectAccessible(planner.page, 'plan item of 2031');
    await screenshot(planner.page, '105-ke-hoach-cntt-chi-tieu-cua-giai-doan', { hideToasts: true });
    await itemDialog.getByRole('button', { name: 'Hủy' }).click();
    expect(planner.errors).toEqual([]);
  }, 240_000);
});
