import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { signIn, type Client } from '../helpers/client.js';
import { renderOfficialPdf } from '../../src/modules/pdf/render.js';
import { expectAccessible, launch, poll, screenshot, signInAs, type Person } from './browser.js';

/**
 * Drafting and signing screens in Debian's Chromium (issue 19): the leader finds the draft
 * waiting, reads its versions and the head of unit's return, approves and signs; the
 * recipient sees the signature verified on the document; a specialist starts a reply from an
 * incoming document on a phone. Axe on each screen; screenshots 80–84.
 */

let s: TestServer;
let browser: Browser;
const people: Person[] = [];
let draftId: number;
let incomingItem: number;

const pdf = (leader: string, body: string) =>
  renderOfficialPdf({ issuer: 'SỞ TÀI CHÍNH', symbol: 'Số:        /STC-KHTC', placeDate: 'Đồng Nai, ngày      tháng      năm 2026', title: 'CÔNG VĂN', subtitle: 'V/v góp ý dự toán kinh phí chuyển đổi số năm 2027', paragraphs: [body], signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', name: leader } });

beforeAll(async () => {
  s = await startServer();
  browser = await launch();
  const [sytClerk, clerk, specialist, head, leader] = (await Promise.all(['vanthu.syt', 'vanthu.stc', 'chuyenvien.stc', 'truongphong.stc', 'lanhdao.stc'].map((u) => signIn(s.url, u)))) as Client[] as [Client, Client, Client, Client, Client];
  const d = await sytClerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc đề nghị góp ý dự toán chuyển đổi số năm 2027', signerName: 'Trần Văn Y', recipients: [s.ids.get('stc')!] });
  const issued = await sytClerk.issue(d.body.id);
  incomingItem = issued.body.dispatched[0].itemId;
  await clerk.post(`/api/v1/inbox/${incomingItem}/receive`);
  const started = await specialist.post('/api/v1/drafts', { replyToItemId: incomingItem, draftingUnit: 'KHTC' });
  draftId = started.body.documentId;
  const name = leader.user.fullName as string;
  await specialist.upload(`/api/v1/drafts/${draftId}/versions`, 'du-thao-tra-loi.pdf', await pdf(name, 'Bản thứ nhất.'));
  await specialist.post(`/api/v1/drafts/${draftId}/submit`, { toUserId: head.user.userId, note: 'Kính trình chị cho ý kiến' });
  await head.post(`/api/v1/drafts/${draftId}/return`, { note: 'Đề nghị bổ sung số liệu quyết toán năm 2026' });
  await specialist.upload(`/api/v1/drafts/${draftId}/versions`, 'du-thao-tra-loi-v2.pdf', await pdf(name, 'Bản thứ hai, đã bổ sung số liệu quyết toán.'));
  await specialist.post(`/api/v1/drafts/${draftId}/submit`, { toUserId: head.user.userId });
  await head.post(`/api/v1/drafts/${draftId}/submit`, { toUserId: leader.user.userId, note: 'Đã kiểm tra, kính trình Giám đốc ký' });
}, 60_000);
afterAll(async () => {
  for (const p of people) await p.context.close();
  await browser?.close();
  await s?.close();
});

async function as(username: string, width = 1366): Promise<Person> {
  const p = await signInAs(browser, s.url, username, { viewport: { width, height: width > 500 ? 900 : 844 } });
  people.push(p);
  return p;
}

describe('drafting and signing in the browser', () => {
  it('the leader signs the draft waiting for them; the recipient sees the signatures verified', async () => {
    const { page } = await as('lanhdao.stc');
    await page.goto(`${s.url}/app/drafts`);
    const row = page.locator('[data-testid="drafts-table"] tbody tr').filter({ hasText: 'trả lời' });
    await poll(() => row.count()).toBe(1);
    await screenshot(page, '80-du-thao-cho-ky');
    await expectAccessible(page, 'drafts');

    await row.getByRole('link').click();
    await page.waitForURL(/\/app\/drafts\/\d+$/);
    await poll(() => page.locator('[data-testid="draft-versions"] tbody tr.ant-table-row').count()).toBe(2);
    await expect(page.locator('[data-testid="draft-steps"]').innerText()).resolves.toContain('Đề nghị bổ sung số liệu quyết toán năm 2026');
    await screenshot(page, '81-trang-du-thao', { fullPage: true });
    await expectAccessible(page, 'draft');

    await page.getByRole('button', { name: 'Duyệt và ký số' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ký số' }).click();
    await poll(() => page.locator('[data-testid="draft-stage"]').innerText()).toContain('Đã ký');
    await poll(() => page.locator('[data-testid="draft-versions"] tbody tr.ant-table-row').count()).toBe(3);
    await screenshot(page, '82-da-ky-so', { fullPage: true, hideToasts: true });

    const clerk = await signIn(s.url, 'vanthu.stc');
    expect((await clerk.post(`/api/v1/documents/${draftId}/issue`)).status).toBe(200);
    const recipient = await as('vanthu.syt');
    await recipient.page.goto(`${s.url}/app/documents/${draftId}`);
    const badge = recipient.page.locator('[data-testid="signature-badge"]');
    await poll(() => badge.getAttribute('data-verdict')).toBe('valid');
    await screenshot(recipient.page, '83-chu-ky-so-hop-le');
    await expectAccessible(recipient.page, 'signed document');
  }, 60_000);

  it('a specialist starts a reply from an incoming document on a phone', async () => {
    // A new incoming document: the first one was answered (06) by the reply issued above.
    const [sytClerk, clerk] = (await Promise.all([signIn(s.url, 'vanthu.syt'), signIn(s.url, 'vanthu.stc')])) as [Client, Client];
    const d = await sytClerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc đề nghị cung cấp số liệu tạm ứng ngân sách', signerName: 'Trần Văn Y', recipients: [s.ids.get('stc')!] });
    const issued = await sytClerk.issue(d.body.id);
    await clerk.post(`/api/v1/inbox/${issued.body.dispatched[0].itemId}/receive`);
    const { page } = await as('chuyenvien.stc', 390);
    await page.goto(`${s.url}/app/documents/${d.body.id}`);
    await page.getByRole('button', { name: 'Soạn văn bản trả lời' }).click();
    await page.waitForURL(/\/app\/drafts\/\d+$/);
    await poll(() => page.locator('[data-testid="draft-stage"]').innerText()).toContain('Đang soạn thảo');
    await expect(page.locator('main, #main').first().innerText()).resolves.toContain('Sở Y tế');
    await screenshot(page, '84-soan-tra-loi-dien-thoai', { fullPage: true });
    await expectAccessible(page, 'reply draft (phone)');
    await expect(page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).resolves.toBeLessThanOrEqual(0);
  }, 40_000);
});
