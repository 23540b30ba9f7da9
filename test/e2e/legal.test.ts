import { describe, expect, it } from 'vitest';
import { contentOverflow, expectAccessible, phoneShell, poll, screenshot } from './browser.js';
import { people } from './people.js';

/**
 * The legal library, a dissemination campaign and the internal regulations in Debian's
 * Chromium: the IT department searches the library and follows the demo campaign; an agency
 * reports on a phone-sized screen; the regulations' "missing or overdue" list is one click
 * away; the public portal's page; one text's page (status both ways, file, campaigns) reached
 * by keyboard at 1366 and 390 px, and the portal library in English. Axe on every screen;
 * screenshots 55–59 and 87–89.
 */

const walk = people();
const { as } = walk;

describe('the legal library in the browser', () => {
  it('the IT department searches the library without marks and follows the demo campaign', async () => {
    const { page, errors } = await as('cntt.skhcn');
    await page.getByRole('link', { name: 'Văn bản pháp luật CNTT' }).click();
    const rows = page.locator('[data-testid="legal-table"] tbody tr[data-text]');
    await poll(() => rows.count()).toBe(13);
    await page.getByRole('searchbox', { name: /Tìm số ký hiệu/ }).fill('giao dich dien tu');
    await page.keyboard.press('Enter');
    await poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('20/2023/QH15');
    await page.getByRole('searchbox', { name: /Tìm số ký hiệu/ }).fill('');
    await page.keyboard.press('Enter');
    await poll(() => rows.count()).toBe(13);
    await expectAccessible(page, 'legal library');
    await screenshot(page, '55-thu-vien-van-ban-phap-luat', { hideToasts: true });
    await page.getByRole('button', { name: 'Sửa 73/2019/NĐ-CP' }).click();
    await page.getByRole('dialog').getByText('Văn bản sửa đổi, bổ sung').waitFor();
    await expectAccessible(page, 'legal text editor');
    await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();

    await page.getByRole('link', { name: 'Phổ biến văn bản' }).click();
    await page.getByRole('link', { name: /Phổ biến Luật Giao dịch điện tử 2023/ }).click();
    await poll(() => page.locator('tr[data-org]').count()).toBe(10);
    await page.getByRole('button', { name: /Quá hạn chưa báo cáo \(6\)/ }).click();
    await poll(() => page.locator('tr[data-org]').count()).toBe(6);
    await page.getByRole('button', { name: /Tất cả/ }).click();
    await expectAccessible(page, 'campaign');
    await screenshot(page, '56-pho-bien-van-ban', { hideToasts: true });
    expect(errors).toEqual([]);
  }, 180_000);

  it('an agency reports what it did on a phone-sized screen', async () => {
    const { page, errors } = await as('chuyenvien.sct', 390);
    await page.goto('/app/legal/campaigns');
    await phoneShell(page);
    await page.getByRole('link', { name: /Phổ biến Luật Giao dịch điện tử 2023/ }).click();
    await phoneShell(page);
    await page.getByRole('heading', { name: 'Báo cáo kết quả phổ biến của cơ quan' }).waitFor();
    await page.getByLabel('Hình thức').click();
    await page.locator('.ant-select-item-option', { hasText: 'Tập huấn' }).click();
    await page.getByLabel('Số người được phổ biến').fill('35');
    await page.getByLabel('Ghi chú').fill('Tập huấn cho công chức các phòng chuyên môn.');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await poll(() => page.locator('[data-org] [data-state]').first().getAttribute('data-state')).toBe('reported_late');
    await expect(page.locator('[data-org]').first().textContent()).resolves.toContain('35 người');
    expect(await contentOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'campaign report 390');
    await page.getByRole('heading', { name: 'Báo cáo kết quả phổ biến của cơ quan' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 280));
    await screenshot(page, '57-bao-cao-pho-bien-390', { hideToasts: true });
    expect(errors).toEqual([]);
  }, 180_000);

  it('the regulations: agencies missing one or overdue for review are one click away; the portal lists the texts in force', async () => {
    const { page, errors } = await as('cntt.skhcn');
    await page.getByRole('link', { name: 'Quy chế nội bộ' }).click();
    const rows = page.locator('tr[data-org]');
    await poll(() => rows.count()).toBeGreaterThan(10);
    const all = await rows.count();
    await page.getByTestId('attention').click();
    await poll(() => rows.count()).toBeLessThan(all);
    // The filtered table may still be re-rendering: poll, never count once.
    await poll(() => page.locator('tr[data-org]', { hasText: 'Sở Tài chính' }).locator('[data-state="review_overdue"]').count()).toBe(1);
    await poll(() => page.locator('tr[data-org]', { hasText: 'Sở Y tế' }).count()).toBe(0);
    await expectAccessible(page, 'regulations');
    await screenshot(page, '58-quy-che-noi-bo', { hideToasts: true });

    await page.goto('/van-ban-phap-luat');
    await page.getByRole('heading', { name: 'Văn bản pháp luật về công nghệ thông tin' }).waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(13);
    await expectAccessible(page, 'portal legal library');
    await screenshot(page, '59-cong-van-ban-phap-luat');
    expect(errors).toEqual([]);
  }, 180_000);

  it("one text's page: reached from the list by keyboard, its status both ways, file and campaigns; on a phone; the portal in English", async () => {
    const { page, errors } = await as('cntt.skhcn');
    await page.getByRole('link', { name: 'Văn bản pháp luật CNTT' }).click();
    const link = page.locator('[data-testid="legal-table"]').getByRole('link', { name: '20/2023/QH15', exact: true });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Luật 20/2023/QH15' }).waitFor();
    const facts = page.getByTestId('legal-text-facts');
    await expect(facts.textContent()).resolves.toContain('Quốc hội');
    await expect(facts.textContent()).resolves.toContain('22/06/2023');
    await expect(facts.textContent()).resolves.toContain('01/07/2024');
    await expect(page.getByTestId('legal-text-file').getAttribute('href')).resolves.toMatch(/\/api\/v1\/legal\/texts\/\d+\/file$/);
    await page.getByTestId('legal-text-campaigns').getByRole('link', { name: /Phổ biến Luật Giao dịch điện tử 2023/ }).waitFor();
    await expectAccessible(page, 'legal text');
    await screenshot(page, '87-van-ban-phap-luat-chi-tiet', { hideToasts: true });
    // The amendment both ways: 82/2024 amends 73/2019, whose page names 82/2024.
    await page.goto('/app/legal?q=82%2F2024');
    await page.locator('[data-testid="legal-table"]').getByRole('link', { name: '82/2024/NĐ-CP', exact: true }).click();
    await page.getByRole('heading', { name: 'Nghị định 82/2024/NĐ-CP' }).waitFor();
    await expect(facts.textContent()).resolves.toContain('Văn bản này sửa đổi, bổ sung');
    await facts.getByRole('link', { name: '73/2019/NĐ-CP', exact: true }).click();
    await page.getByRole('heading', { name: 'Nghị định 73/2019/NĐ-CP' }).waitFor();
    await expect(facts.textContent()).resolves.toContain('Được sửa đổi, bổ sung bởi');
    await facts.getByRole('link', { name: '82/2024/NĐ-CP', exact: true }).waitFor();
    await expect(page.getByTestId('legal-text-campaigns').textContent()).resolves.toContain('Chưa có đợt phổ biến');
    expect(errors).toEqual([]);

    // An agency asked in the campaign, on a phone: the card's link, then the page, no sideways scroll.
    const phone = await as('chuyenvien.syt', 390);
    await phone.page.goto('/app/legal?q=42%2F2022');
    await phoneShell(phone.page);
    const card = phone.page.getByTestId('legal-cards').getByRole('link', { name: 'Nghị định 42/2022/NĐ-CP', exact: true });
    await card.focus();
    await phone.page.keyboard.press('Enter');
    await phone.page.getByRole('heading', { name: 'Nghị định 42/2022/NĐ-CP' }).waitFor();
    await phoneShell(phone.page);
    await phone.page.getByTestId('legal-text-campaigns').getByRole('link', { name: /Phổ biến Luật Giao dịch điện tử 2023/ }).waitFor();
    expect(await contentOverflow(phone.page)).toBeLessThanOrEqual(0);
    await expectAccessible(phone.page, 'legal text 390');
    await screenshot(phone.page, '88-van-ban-phap-luat-chi-tiet-390', { hideToasts: true });
    expect(phone.errors).toEqual([]);

    // The portal in English, and its switch to Vietnamese and back, on a text's own page too.
    await page.goto('/en/legal-texts');
    await page.getByRole('heading', { name: 'IT legal texts' }).waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(13);
    await expectAccessible(page, 'portal legal library in English');
    await screenshot(page, '89-cong-van-ban-phap-luat-tieng-anh');
    await page.getByRole('link', { name: 'Law 20/2023/QH15' }).click();
    await page.getByRole('heading', { name: 'Law 20/2023/QH15' }).waitFor();
    await expectAccessible(page, 'portal legal text in English');
    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Luật 20/2023/QH15' }).waitFor();
    await expectAccessible(page, 'portal legal text');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Law 20/2023/QH15' }).waitFor();
  }, 240_000);
});
