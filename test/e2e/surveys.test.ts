import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { expectAccessible, launch, poll, screenshot, signInAs, type Person } from './browser.js';

/**
 * The IT-adoption survey in Debian's Chromium: an enterprise fills in its questionnaire on a
 * phone (a required answer missing is named on its question), saves and submits; the IT
 * department follows the period's responses, returns one with a comment and reads the
 * aggregates' charts. Axe on every screen; screenshots 70–74.
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

async function as(username: string, viewport = { width: 1366, height: 900 }): Promise<Person> {
  const p = await signInAs(browser, s.url, username, { viewport });
  people.push(p);
  return p;
}

const contentOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const q = (page: Page, code: string) => page.locator(`[data-question="${code}"]`);

describe('the survey in the browser', () => {
  it('an enterprise answers on a phone: told which question is missing, saves, submits', async () => {
    const desk = await as('dn.khachsanhoabinh');
    await desk.page.getByRole('link', { name: 'Phiếu khảo sát' }).click();
    await desk.page.locator('[data-response]').first().getByRole('link').click();
    await q(desk.page, 'LAO_DONG').waitFor();
    await expectAccessible(desk.page, 'questionnaire 1366');
    await screenshot(desk.page, '70-khao-sat-phieu-doanh-nghiep', { hideToasts: true });
    const url = desk.page.url();

    const { page, errors } = await as('dn.khachsanhoabinh', { width: 390, height: 844 });
    await page.goto(url);
    await q(page, 'LAO_DONG').waitFor();
    await page.getByRole('button', { name: 'Nộp phiếu' }).click();
    await q(page, 'NEN_TANG_SO').getByRole('alert').waitFor();
    await expect(q(page, 'NEN_TANG_SO').getByRole('alert').textContent()).resolves.toContain('Câu 10 "Doanh nghiệp sử dụng nền tảng số trong sản xuất, kinh doanh": bắt buộc trả lời.');
    expect(await contentOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, '71-khao-sat-phieu-dien-thoai', { hideToasts: true });

    for (const code of ['NEN_TANG_SO', 'WEBSITE', 'TMDT', 'ATTT_PHAN_MEM']) await q(page, code).getByText('Có', { exact: true }).click();
    for (const code of ['DN_CONG_NGHE_SO', 'ATTT_SAO_LUU']) await q(page, code).getByText('Không', { exact: true }).click();
    await q(page, 'DIEN_TOAN_DAM_MAY').getByText('Phần mềm dịch vụ (SaaS)').click();
    await q(page, 'DOANH_THU_TMDT').getByRole('spinbutton').fill('15');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu nháp.').waitFor();
    await expectAccessible(page, 'questionnaire 390');
    await page.getByRole('button', { name: 'Nộp phiếu' }).click();
    await page.getByText('Đã nộp phiếu. Cảm ơn doanh nghiệp!').waitFor();
    await poll(() => page.locator('[data-status="submitted"]').count()).toBeGreaterThan(0);
    expect(errors.concat(desk.errors)).toEqual([]);
  }, 120_000);

  it('the IT department follows the period, returns a response and reads the aggregates', async () => {
    const { page, errors } = await as('cntt.skhcn');
    await page.getByRole('link', { name: 'Khảo sát CNTT' }).click();
    await poll(() => page.locator('tr[data-period]').count()).toBe(2);
    await expectAccessible(page, 'periods');
    await screenshot(page, '72-khao-sat-cac-ky', { hideToasts: true });

    await page.locator('tr[data-period]').filter({ hasText: 'Đang mở' }).getByRole('link').click();
    await poll(() => page.locator('tr[data-response]').count()).toBe(20);
    await page.getByRole('button', { name: /^Trả lại để sửa \(2\)/ }).click();
    await poll(() => page.locator('tr[data-response]').count()).toBe(2);
    await page.getByRole('button', { name: /^Tất cả/ }).click();
    await poll(() => page.locator('tr[data-response]').count()).toBe(20);
    await expectAccessible(page, 'responses');
    await screenshot(page, '73-khao-sat-phieu-tra-loi', { hideToasts: true });

    await page.locator('tr[data-status="submitted"]').first().getByRole('link').click();
    await page.getByRole('button', { name: 'Trả lại để sửa' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Ý kiến (câu nào cần sửa, vì sao)').fill('Số máy tính chưa khớp với số lao động: đề nghị kiểm tra lại.');
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await page.getByText('Sở KH&CN trả lại phiếu ngày').waitFor();

    await page.getByRole('link', { name: '← Danh sách' }).click();
    await poll(() => page.getByRole('button', { name: /^Trả lại để sửa \(3\)/ }).count()).toBe(1);
    await page.getByRole('tab', { name: 'Số liệu tổng hợp' }).click();
    await page.locator('.lt-survey-chart canvas').waitFor();
    await expectAccessible(page, 'aggregates');
    await screenshot(page, '74-khao-sat-tong-hop', { hideToasts: true, fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
