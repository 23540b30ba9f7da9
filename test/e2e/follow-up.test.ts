import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { signIn, type Client } from '../helpers/client.js';
import { expectAccessible, launch, poll, screenshot, signInAs } from './browser.js';

/**
 * What the people who act need to follow up, seen in the browser: the leader's overdue count
 * over his people, the sender's per-recipient deadlines, the audit log in words, the register
 * as a printable book.
 */

let s: TestServer;
let browser: Browser;
let sender: Client;
let docId: number;
let symbol: string;
const SUMMARY = 'Về việc rà soát hồ sơ thanh tra năm 2026';

beforeAll(async () => {
  [s, browser] = await Promise.all([startServer(), launch()]);
  sender = await signIn(s.url, 'vanthu.snv');
  const [ttt, stc] = [s.ids.get('ttt')!, s.ids.get('stc')!];
  const d = await sender.post('/api/v1/documents', { typeCode: 'CV', summary: SUMMARY, signerName: 'Trần Văn Nam', dueDate: '31/12/2099', recipients: [ttt, stc] });
  const issued = await sender.issue(d.body.id);
  docId = d.body.id;
  symbol = issued.body.symbol;
  const item = issued.body.dispatched.find((x: any) => x.orgId === ttt).itemId;
  const [clerk, leader] = await Promise.all([signIn(s.url, 'vanthu.ttt'), signIn(s.url, 'lanhdao.ttt')]);
  await clerk.post(`/api/v1/inbox/${item}/receive`);
  const specialist = (await leader.get(`/api/v1/users?orgId=${ttt}`)).body.find((u: any) => u.username === 'chuyenvien.ttt');
  const assigned = await leader.post(`/api/v1/inbox/${item}/assign`, { direction: 'Giao chuyên viên rà soát, báo cáo trước hạn.', deadline: '2020-01-10', assignees: [{ userId: specialist.id, role: 'lead' }] });
  expect(assigned.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('following up in the browser', () => {
  it("the leader of Thanh tra tỉnh: 'Quá hạn' counts his specialist's overdue item, listed below to follow up", async () => {
    const { page, context, errors } = await signInAs(browser, s.url, 'lanhdao.ttt');
    const leader = await signIn(s.url, 'lanhdao.ttt');
    const directed = (await leader.get('/api/v1/overdue')).body.directed;
    expect(directed.count).toBeGreaterThan(0);
    await page.goto('/app/');
    await poll(() => page.getByTestId('count-overdue').textContent()).toBe(String(directed.count));
    await page.getByTestId('count-overdue').click();
    const row = page.getByTestId('work-table').locator('tr', { hasText: SUMMARY });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Đôn đốc');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it("the sender's document names the overdue recipient and its deadline", async () => {
    const { page, context } = await signInAs(browser, s.url, 'vanthu.snv');
    await page.goto(`/app/documents/${docId}`);
    await page.getByTestId('trail-table').waitFor();
    await page.getByTestId('trail-overdue').waitFor();
    const late = page.getByTestId('trail-table').locator('tr[data-overdue="true"]');
    await poll(() => late.count()).toBe(1);
    await expect(late.textContent()).resolves.toContain('Thanh tra tỉnh');
    await expect(page.getByTestId(`trail-deadline-${s.ids.get('ttt')}`).textContent()).resolves.toContain('10/01/2020');
    await expect(page.getByTestId(`trail-deadline-${s.ids.get('stc')}`).textContent()).resolves.toContain('31/12/2099');
    // The 04 of Thanh tra tỉnh shows who assigned it, not the direction.
    await expect(page.locator('main').textContent()).resolves.not.toContain('Giao chuyên viên rà soát');
    await expectAccessible(page, 'document (sender, overdue recipient)');
    await screenshot(page, 'document-sender-overdue', { hideToasts: true });
    await context.close();
  }, 180_000);

  it('the audit log reads in words, names the document with a link, and keeps the raw entry one click away', async () => {
    const { page, context } = await signInAs(browser, s.url, 'admin');
    await page.goto('/app/admin/audit');
    const assign = page.getByTestId('audit-table').locator('tr', { hasText: 'Phân công xử lý' }).first();
    await assign.waitFor();
    await expect(assign.getByTestId('audit-document').textContent()).resolves.toContain(SUMMARY);
    await expect(assign.getByRole('link', { name: symbol }).getAttribute('href')).resolves.toContain(`/documents/${docId}`);
    await expect(assign.getByTestId('audit-data').textContent()).resolves.toMatch(/Trạng thái: 04 — Đã phân công.*Ý kiến chỉ đạo: Giao chuyên viên rà soát/);
    await expect(page.locator('main').textContent()).resolves.not.toContain('inbox_item #');
    await assign.getByRole('button', { name: /dạng gốc/ }).click();
    await expect(page.getByTestId('audit-raw').textContent()).resolves.toContain('"action": "incoming.assign"');
    await expectAccessible(page, 'audit log');
    await screenshot(page, 'audit-log-readable', { hideToasts: true });
    await context.close();

    const en = await signInAs(browser, s.url, 'admin', { lang: 'en' });
    await en.page.goto('/app/admin/audit');
    await en.page.getByTestId('audit-table').locator('tr', { hasText: 'Assigned' }).first().waitFor();
    await en.context.close();
  }, 180_000);

  it('the register screen offers the book as a PDF', async () => {
    const { page, context } = await signInAs(browser, s.url, 'vanthu.snv');
    await page.goto('/app/registers');
    await page.getByTestId('register-book').waitFor();
    await page.getByText('Sổ văn bản đi', { exact: true }).click();
    const href = await page.getByTestId('register-pdf').getAttribute('href');
    expect(href).toMatch(/\/api\/v1\/registers\/outgoing\?.*format=pdf/);
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  }, 180_000);
});
