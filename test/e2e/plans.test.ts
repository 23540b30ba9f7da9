import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { expectAccessible, launch, poll, ROOT, screenshot, signInAs, type Person } from './browser.js';

/**
 * Agencies' IT plans in Debian's Chromium against a real server: an agency submits its draft
 * (the tờ trình is issued), the IT department comments on an item and asks for a revision
 * from its review queue, an agency adjusts its approved plan and sees the diff, reports
 * progress on a late item, and the plan on a phone-sized screen as cards. Axe on every screen, screenshots 50–54.
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

const phoneShell = (page: Page) => page.addStyleTag({ content: '.lt-nav { display: none !important; } .lt-header-agency, .lt-brand-text, .lt-header-right .lt-live, .lt-user-role { display: none !important; }' });
const contentOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function expectContentAccessible(page: Page, screen: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const bad = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run('#main', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(bad, screen).toEqual([]);
}

async function as(username: string, width = 1366): Promise<Person> {
  const p = await signInAs(browser, s.url, username);
  await p.page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
  people.push(p);
  return p;
}

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
    await expectAccessible(page, 'report progress');
    await dialog.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => page.locator(`tr[data-item="${itemId}"]`).getAttribute('data-progress')).toBe('done');
    await page.setViewportSize({ width: 390, height: 844 });
    await phoneShell(page);
    await page.getByTestId('plan-item-cards').locator('[data-item]').first().waitFor();
    await page.getByTestId('plan-item-cards').scrollIntoViewIfNeeded();
    expect(await contentOverflow(page)).toBeLessThanOrEqual(0);
    await expectContentAccessible(page, 'plan 390');
    await screenshot(page, '54-ke-hoach-cntt-dien-thoai', { hideToasts: true });
    expect(errors).toEqual([]);
  }, 180_000);
});
