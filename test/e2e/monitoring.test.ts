import { describe, expect, it } from 'vitest';
import { expectAccessible, poll, screenshot, scrollsSideways } from './browser.js';
import { people } from './people.js';

/**
 * Monthly monitoring in Chromium: the UBND leader's dashboard at desktop and phone width, an
 * agency's monthly report and the records behind one of its values, the IT department's
 * province report; the settings screen; an agency's own dashboard. Axe on every screen;
 * screenshots 75–79, 79b–79d.
 */
const walk = people();
const { as } = walk;

describe('monthly monitoring in the browser', () => {
  it('the leader of the People’s Committee reads the dashboard on a desktop and a phone', async () => {
    const { page, errors } = await as('lanhdao.ubnd');
    await page.getByRole('link', { name: 'Bảng điều hành' }).click();
    await page.getByText('Xếp hạng các cơ quan').waitFor();
    await poll(() => page.locator('.ant-table-tbody tr').count()).toBeGreaterThan(10);
    await page.locator('canvas').first().waitFor();
    await expectAccessible(page, 'dashboard');
    await screenshot(page, '75-bang-dieu-hanh', { fullPage: true, hideToasts: true });
    expect(errors).toEqual([]);

    const phone = await as('lanhdao.ubnd', 390);
    await phone.page.goto('/app/monitoring');
    await phone.page.locator('.lt-mon-card').first().waitFor();
    expect(await scrollsSideways(phone.page)).toBe(false);
    await expectAccessible(phone.page, 'dashboard on a phone');
    await screenshot(phone.page, '76-bang-dieu-hanh-dien-thoai', { hideToasts: true });
  });

  it('an agency writes its monthly report and opens the records behind a value', async () => {
    const { page, errors } = await as('chuyenvien.stc');
    await page.getByRole('link', { name: 'Báo cáo tháng' }).click();
    await page.getByText('Nội dung báo cáo').waitFor();
    await page.getByLabel('Kết quả đạt được').fill('Triển khai ký số cho toàn bộ lãnh đạo Sở; 100% văn bản đi gửi qua trục liên thông.');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Đã lưu báo cáo.').waitFor();
    await expectAccessible(page, 'monthly report');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, '77-bao-cao-thang', { hideToasts: true });

    await page.getByRole('link', { name: /Văn bản đến nhận điện tử: .*xem chi tiết/ }).click();
    await page.getByText('Cách tính').waitFor();
    await page.getByText(/Các bản ghi \(\d+\)/).waitFor();
    await expectAccessible(page, 'drill-down');
    await screenshot(page, '78-chi-tiet-chi-tieu', { fullPage: true, hideToasts: true });
    expect(errors).toEqual([]);
  });

  it('the IT department edits the province report drafted from the agencies’ reports', async () => {
    const { page, errors } = await as('cntt.skhcn');
    const month = (await walk.s.ctx.db.kysely.selectFrom('monitoring_reports').select('month').orderBy('month').executeTakeFirstOrThrow()).month;
    await page.goto(`/app/monitoring/consolidation/${month}`);
    await page.getByLabel('Nội dung tổng hợp').waitFor();
    await expect(page.getByLabel('Nội dung tổng hợp').inputValue()).resolves.toContain('Sở Tài chính');
    await expectAccessible(page, 'province report');
    await screenshot(page, '79-bao-cao-tong-hop', { fullPage: true, hideToasts: true });
    expect(errors).toEqual([]);
  });
  it('the IT department edits the monitoring settings; a refused threshold is shown under the field', async () => {
    const { page, errors } = await as('cntt.skhcn');
    await page.getByRole('link', { name: 'Thiết lập theo dõi tháng' }).click();
    await page.getByLabel('Ngày chốt số liệu (1–28)').waitFor();
    await poll(() => page.getByLabel('Ngày chốt số liệu (1–28)').inputValue()).toBe('14');
    await page.getByLabel('Tốt').fill('60');
    await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
    await page.getByText('Ngưỡng phải giảm dần: Tốt > Khá > Trung bình ≥ Yếu.').first().waitFor();
    await page.getByLabel('Tốt').fill('90');
    await page.getByLabel('Số ngày làm việc để gửi báo cáo').fill('3');
    await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
    await page.getByText('Đã lưu thiết lập.').waitFor();
    const saved = await walk.s.ctx.db.kysely.selectFrom('monitoring_settings').select(['bands', 'submit_working_days']).executeTakeFirstOrThrow();
    expect([JSON.parse(saved.bands).tot, saved.submit_working_days]).toEqual([90, 3]);
    await expectAccessible(page, 'monitoring settings');
    await screenshot(page, '79b-thiet-lap-theo-doi', { fullPage: true, hideToasts: true });
    expect(errors).toEqual([]);

    const phone = await as('cntt.skhcn', 390);
    await phone.page.goto('/app/monitoring/settings');
    await phone.page.getByLabel('Ngày chốt số liệu (1–28)').waitFor();
    expect(await scrollsSideways(phone.page)).toBe(false);
    await expectAccessible(phone.page, 'monitoring settings on a phone');
    await screenshot(phone.page, '79c-thiet-lap-dien-thoai', { fullPage: true, hideToasts: true });
  }, 180_000);

  it('an agency sees the dashboard narrowed to its own figures and rank', async () => {
    const { page, errors } = await as('chuyenvien.stc', 390);
    await page.goto('/app/monitoring');
    await page.getByText('Bảng điều hành: Sở Tài chính').waitFor();
    await page.getByText(/Hạng \d+\/\d+/).waitFor();
    await poll(() => page.locator('.lt-mon-card').count()).toBe(1);
    expect(await scrollsSideways(page)).toBe(false);
    // Nothing wider than the phone but what is clipped for screen readers only (a full-page screenshot would show it).
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => !e.closest('.lt-sr') && e.getBoundingClientRect().right > 390.5).map((e) => `${e.tagName}.${e.className}`));
    expect(wide).toEqual([]);
    await expectAccessible(page, 'agency dashboard on a phone');
    await screenshot(page, '79d-bang-dieu-hanh-co-quan', { fullPage: true, hideToasts: true });
    expect(errors).toEqual([]);
  }, 180_000);
});
