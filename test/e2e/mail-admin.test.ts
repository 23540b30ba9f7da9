import fs from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { signIn, pdfBytes, type Client } from '../helpers/client.js';
import { startSmtpListener } from '../../src/modules/mail/inbound/listener.js';
import { expectAccessible, launch, poll, screenshot, signInAs, waitText, type Person } from './browser.js';

/**
 * The mail gateway and edXML screens in the browser, against a real server in development
 * mode (no relay: mail is kept) with the built-in SMTP listener on loopback: what a clerk
 * issues is read in Thư đi; what nodemailer sends shows in Thư đến and as an incoming item;
 * a rule made in the screen acts on the next message; the province administrator keeps
 * aliases and IMAP accounts; an edXML package imported through the screen is in the log.
 */

const FIXTURE = '/work/shared/fixtures/edxml/bkav-new-document.edxml';
const SUMMARY = 'Về việc cung cấp thông tin hộp thư điện tử công vụ của các cơ quan năm 2026';

let s: TestServer;
let browser: Browser;
let listener: { port: number; close(): Promise<void> };
let clerkSkhcn: Person, clerkStc: Person, admin: Person;
let sender: Client;

beforeAll(async () => {
  [s, browser] = await Promise.all([startServer(), launch()]);
  expect(s.ctx.config.mail.smtpUrl).toBeNull(); // development: nothing leaves, messages are kept
  listener = await startSmtpListener(s.ctx, { port: 0, host: '127.0.0.1' });
  sender = await signIn(s.url, 'vanthu.skhcn');
  [clerkSkhcn, clerkStc] = await Promise.all([signInAs(browser, s.url, 'vanthu.skhcn'), signInAs(browser, s.url, 'vanthu.stc')]);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [name, p] of Object.entries({ clerkSkhcn, clerkStc, admin })) {
    if (p?.errors.length) console.error(`${name}: ${p.errors.join('\n')}`);
    await p?.page.screenshot({ path: `/tmp/lienthong-e2e-mail-failure-${name}.png`, fullPage: true }).catch(() => {});
  }
});

afterAll(async () => {
  await listener?.close();
  await browser?.close();
  await s?.close();
});

async function mail(subject: string, text: string, from = 'Nguyễn Văn An <an.nguyen@example.com>') {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  try {
    return await t.sendMail({ from, to: 'stc@dongnai.gov.vn', subject, text, attachments: [{ filename: 'Giấy mời.pdf', content: pdfBytes('giấy mời') }] });
  } finally {
    t.close();
  }
}

const nav = (p: Person, name: string) => p.page.locator('nav').getByRole('link', { name, exact: true }).click();

describe('Thư điện tử', () => {
  it('Thư đi: a document issued without a relay is kept and reads with the subject [symbol] summary', async () => {
    const draft = await sender.post('/api/v1/documents', { typeCode: 'CV', summary: SUMMARY, signerName: 'Lê Minh Đạt', signerPosition: 'Giám đốc', urgency: 'khan', recipients: [s.ids.get('stc'), s.ids.get('syt')] });
    expect(draft.status).toBe(201);
    expect((await sender.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'Danh sách hộp thư.pdf', pdfBytes('danh sách'))).status).toBe(201);
    const issued = await sender.post(`/api/v1/documents/${draft.body.id}/issue`);
    expect(issued.status).toBe(200);
    const subject = `[${issued.body.symbol}] ${SUMMARY}`;

    const page = clerkSkhcn.page;
    await nav(clerkSkhcn, 'Thư đi');
    await page.locator('[data-testid="no-relay"]').waitFor();
    const rows = page.locator('[data-testid="sent-table"] tbody tr[data-status="kept"]').filter({ hasText: subject });
    await poll(() => rows.count()).toBe(2); // one to each recipient's official mailbox
    expect(await rows.first().textContent()).toContain('Lưu giữ (chưa gửi)');
    // The status filter asks the server again.
    await page.locator('.ant-segmented').getByText('Gửi không thành công', { exact: true }).click();
    await page.locator('[data-testid="sent-table"] .lt-dt-empty').waitFor();
    await page.locator('.ant-segmented').getByText('Tất cả', { exact: true }).click();
    await rows.first().waitFor();
    await screenshot(page, '30-thu-di', { hideToasts: true });
    await expectAccessible(page, 'Thư đi');

    // The reader: headers, the HTML in a sandboxed frame, the file.
    await rows.filter({ hasText: 'stc@dongnai.gov.vn' }).getByTestId('sent-subject').click();
    await page.waitForURL(/\/app\/mail\/sent\/\d+$/);
    await waitText(page.getByTestId('message-subject'), subject);
    const headers = await page.getByTestId('message-headers').textContent();
    expect(headers).toContain('Sở Tài chính <stc@dongnai.gov.vn>');
    expect(headers).toContain(subject);
    expect(headers).toMatch(/<[^@]+@dongnai\.gov\.vn>/); // the Message-ID fixed when queued
    const frame = page.getByTestId('message-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await poll(() => page.frameLocator('[data-testid="message-html"]').locator('body').textContent()).toContain(SUMMARY);
    expect(await page.getByTestId('message-attachments').textContent()).toContain('Danh sách hộp thư.pdf');
    await screenshot(page, '30-thu-di-doc-thu', { fullPage: true });
    await page.getByText('Văn bản thuần', { exact: true }).click();
    await waitText(page.getByTestId('message-text'), `/app/documents/${draft.body.id}`);
    expect(await page.getByRole('button', { name: 'Gửi lại' }).count()).toBe(0); // only a failed message is retried
    await expectAccessible(page, 'Thư đi — đọc thư');
  });

  it('Thư đến: a message to an official address is logged and becomes an incoming item', async () => {
    await mail('Giấy mời dự họp giao ban chuyển đổi số', 'Kính mời Sở Tài chính dự họp lúc 8 giờ ngày 15/12/2026.');
    const page = clerkStc.page;
    await nav(clerkStc, 'Thư đến');
    const row = page.locator('[data-testid="inbound-table"] tbody tr[data-outcome="accepted"]').filter({ hasText: 'Giấy mời dự họp giao ban chuyển đổi số' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('an.nguyen@example.com');
    expect(text).toContain('Bên ngoài');
    expect(text).toContain('Đã nhận');
    expect(await row.locator('a[href$=".eml"], a[href*="/raw"]').count()).toBe(1);
    await screenshot(page, '31-thu-den', { hideToasts: true });
    await expectAccessible(page, 'Thư đến');
    await row.getByTestId('inbound-item').click();
    await page.waitForURL(/\/app\/documents\/\d+$/);
    await waitText(page.locator('.lt-page-sub'), 'Giấy mời dự họp giao ban chuyển đổi số');
    await page.locator('[data-testid="incoming-status"] [data-status="01"]').waitFor();
    await page.getByText('Giấy mời.pdf').first().waitFor();
  });

  it('Quy tắc: a rule made in the screen takes effect on the next message; the order changes from the keyboard', async () => {
    const page = clerkStc.page;
    await nav(clerkStc, 'Quy tắc');
    const addRule = async (name: string, pattern: string, pick: () => Promise<void>) => {
      await page.getByRole('button', { name: 'Thêm quy tắc' }).click();
      const dialog = page.getByRole('dialog', { name: 'Thêm quy tắc thư đến' });
      await dialog.getByLabel('Tên quy tắc').fill(name);
      await dialog.getByLabel('Chứa chuỗi').fill(pattern);
      await pick();
      await dialog.getByRole('button', { name: 'Lưu quy tắc' }).click();
      await dialog.waitFor({ state: 'hidden' });
    };
    // A rule that does nothing is refused with the reason, and what was typed stays.
    await page.getByRole('button', { name: 'Thêm quy tắc' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm quy tắc thư đến' });
    await dialog.getByLabel('Tên quy tắc').fill('Thư mời họp hỏa tốc');
    await dialog.getByLabel('Chứa chuỗi').fill('giay moi');
    await dialog.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await waitText(dialog.getByTestId('rule-actions-error'), 'Quy tắc phải đặt ít nhất một giá trị');
    expect(await dialog.getByLabel('Tên quy tắc').inputValue()).toBe('Thư mời họp hỏa tốc');
    await dialog.getByRole('combobox', { name: 'Độ khẩn' }).click();
    await page.locator('.ant-select-item-option', { hasText: 'Hỏa tốc' }).click();
    await dialog.getByRole('combobox', { name: 'Loại văn bản' }).click();
    await page.keyboard.type('Giấy mời');
    await page.locator('.ant-select-item-option-active', { hasText: 'Giấy mời' }).waitFor();
    await page.keyboard.press('Enter');
    await screenshot(page, '32-quy-tac-sua', { hideToasts: true });
    await expectAccessible(page, 'Quy tắc — sửa');
    await dialog.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await addRule('Thư từ Bộ Tài chính', 'mof.gov.vn', async () => {
      const d = page.getByRole('dialog', { name: 'Thêm quy tắc thư đến' });
      await d.getByRole('combobox', { name: 'Trường so khớp' }).click();
      await page.locator('.ant-select-item-option', { hasText: 'Người gửi' }).click();
      await d.getByLabel('Dừng tại đây: không xét các quy tắc sau').check();
    });
    const names = () => page.locator('[data-testid="rule-list"] .lt-rule-name').allInnerTexts();
    await poll(async () => (await names()).map((n) => n.split('\n')[0]!.trim())).toEqual(['Thư mời họp hỏa tốc', 'Thư từ Bộ Tài chính Dừng tại đây']);

    // Keyboard: focus the second rule's "up" button, Enter; the focus stays on the moved rule.
    const up = page.getByRole('button', { name: 'Chuyển "Thư từ Bộ Tài chính" lên' });
    await up.focus();
    await page.keyboard.press('Enter');
    await poll(async () => (await names())[0]).toContain('Thư từ Bộ Tài chính');
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Chuyển "Thư từ Bộ Tài chính" xuống');
    await screenshot(page, '32-quy-tac', { hideToasts: true });
    await expectAccessible(page, 'Quy tắc');

    // The next message whose subject says "giấy mời" arrives as a Hỏa tốc Giấy mời.
    await mail('GIẤY MỜI họp triển khai dự toán ngân sách 2027', 'Kính mời dự họp.');
    await nav(clerkStc, 'Thư đến');
    const row = page.locator('[data-testid="inbound-table"] tbody tr').filter({ hasText: 'GIẤY MỜI họp triển khai dự toán ngân sách 2027' });
    await row.waitFor();
    await row.getByTestId('inbound-item').click();
    await page.waitForURL(/\/app\/documents\/\d+$/);
    await page.locator('.lt-badge', { hasText: 'Hỏa tốc' }).first().waitFor();
    await waitText(page.locator('h1'), 'Giấy mời');
  });

  it('Cấu hình: the clerk reads the policy; the province administrator keeps aliases and IMAP accounts', async () => {
    const clerkPage = clerkStc.page;
    await nav(clerkStc, 'Cấu hình');
    await waitText(clerkPage.getByTestId('mail-policy'), 'Chỉ quản trị của cơ quan thay đổi được chính sách này.');
    expect(await clerkPage.getByText('Địa chỉ thư bí danh').count()).toBe(0);

    admin = await signInAs(browser, s.url, 'admin');
    const page = admin.page;
    await nav(admin, 'Cấu hình');
    await page.getByTestId('mail-policy').getByRole('button', { name: 'Lưu chính sách' }).waitFor();

    // An alias outside the province's domains is refused as it is typed.
    await page.getByRole('button', { name: 'Thêm bí danh' }).click();
    const aliasDialog = page.getByRole('dialog', { name: 'Thêm địa chỉ thư bí danh' });
    await aliasDialog.getByLabel('Địa chỉ bí danh').fill('tiepnhan.stc@gmail.com');
    // The message under the field (a live region repeats it for screen readers).
    await aliasDialog.locator('.ant-form-item-explain-error', { hasText: 'Địa chỉ bí danh phải thuộc tên miền thư của tỉnh: dongnai.gov.vn.' }).waitFor();
    await aliasDialog.getByLabel('Địa chỉ bí danh').fill('TiepNhan.STC@dongnai.gov.vn');
    await aliasDialog.getByRole('combobox', { name: 'Thuộc cơ quan, đơn vị' }).click();
    await page.keyboard.type('Sở Tài chính');
    await page.locator('.ant-select-item-option-active', { hasText: 'Sở Tài chính' }).waitFor();
    await page.keyboard.press('Enter');
    await aliasDialog.getByRole('button', { name: 'Thêm bí danh' }).click();
    await aliasDialog.waitFor({ state: 'hidden' });
    await waitText(page.getByTestId('alias-table'), 'tiepnhan.stc@dongnai.gov.vn');

    // An IMAP account: the password is required, then write-only; a poll that cannot connect shows its error.
    await page.getByRole('button', { name: 'Thêm hộp thư' }).click();
    const imap = page.getByRole('dialog', { name: 'Thêm hộp thư IMAP' });
    await imap.getByLabel('Máy chủ IMAP').fill('127.0.0.1');
    await imap.getByLabel('STARTTLS bắt buộc (cổng 143)').check();
    await poll(() => imap.getByRole('spinbutton', { name: 'Cổng' }).inputValue()).toBe('143');
    await imap.getByRole('spinbutton', { name: 'Cổng' }).fill('1');
    await imap.getByLabel('Tài khoản').fill('stc@dongnai.gov.vn');
    await imap.getByRole('button', { name: 'Thêm hộp thư' }).click();
    await imap.locator('.ant-form-item-explain-error', { hasText: 'Nhập mật khẩu hộp thư.' }).waitFor();
    await imap.getByLabel('Mật khẩu').fill('mật khẩu thử');
    await imap.getByRole('button', { name: 'Thêm hộp thư' }).click();
    await imap.waitFor({ state: 'hidden' });
    const account = page.getByTestId('imap-table').locator('tbody tr').filter({ hasText: 'stc@dongnai.gov.vn' });
    await waitText(account, '127.0.0.1:1 · STARTTLS · INBOX');
    await account.getByRole('button', { name: 'Tải ngay thư từ stc@dongnai.gov.vn' }).click();
    await page.locator('.ant-modal-confirm').filter({ hasText: 'Không tải được thư từ stc@dongnai.gov.vn' }).waitFor({ timeout: 30_000 });
    await page.locator('.ant-modal-confirm').getByRole('button').last().click();
    await poll(async () => (await account.locator('.lt-mail-error').count()) > 0).toBe(true); // last error kept
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, '33-cau-hinh-thu', { fullPage: true, hideToasts: true });
    await expectAccessible(page, 'Cấu hình thư');

    // What the server stored: the address lower-cased, the password never sent back.
    const api = await signIn(s.url, 'admin');
    expect((await api.get('/api/v1/mail/aliases')).body.map((a: { address: string }) => a.address)).toContain('tiepnhan.stc@dongnai.gov.vn');
    const accounts = (await api.get('/api/v1/mail/imap-accounts')).body;
    expect(accounts[0]).toMatchObject({ host: '127.0.0.1', port: 1, security: 'starttls', username: 'stc@dongnai.gov.vn' });
    expect(JSON.stringify(accounts)).not.toContain('mật khẩu thử');
    expect(accounts[0].lastError).toBeTruthy();
  });
});

describe('Liên thông edXML', () => {
  it('imports a package through the screen, shows it in the log and its signature result on the item; a broken package names the element', async () => {
    const page = clerkStc.page;
    await nav(clerkStc, 'Liên thông edXML');
    await page.getByTestId('edxml-key').waitFor();
    await page.locator('[data-testid="edxml-upload"] input[type=file]').setInputFiles({ name: 'bkav-new-document.edxml', mimeType: 'application/xml', buffer: fs.readFileSync(FIXTURE) });
    await page.getByTestId('edxml-document-link').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('edxml-result').textContent()).toContain('Không có chữ ký số');
    const row = page.locator('[data-testid="edxml-log"] tbody tr[data-state="imported"]').filter({ hasText: '000.00.11.H53,2020/10/30,2491/STC-BCTC' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('000.00.11.H53');
    expect(text).toContain('000.00.01.A53');
    expect(text).toContain('Nhận');
    expect(text).toContain('Không có chữ ký số');

    // A package without its Subject is refused with the element named.
    const broken = fs.readFileSync(FIXTURE, 'utf8').replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '');
    await page.locator('[data-testid="edxml-upload"] input[type=file]').setInputFiles({ name: 'thieu-trich-yeu.edxml', mimeType: 'application/xml', buffer: Buffer.from(broken) });
    const alert = page.getByTestId('edxml-result').getByRole('alert');
    await waitText(alert, 'thieu-trich-yeu.edxml');
    expect(await page.getByTestId('edxml-element').textContent()).toMatch(/Subject/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, '34-edxml', { fullPage: true, hideToasts: true });
    await expectAccessible(page, 'Liên thông edXML');

    // The item that came by edXML says who sent it and how its signature checked.
    await row.getByRole('link', { name: /Mở văn bản của gói/ }).click();
    await page.waitForURL(/\/app\/documents\/\d+$/);
    await waitText(page.getByTestId('edxml-origin'), '000.00.11.H53');
    expect(await page.getByTestId('edxml-origin').textContent()).toContain('Không có chữ ký số');
  });

  it('exports an issued document as an .edxml file from its page', async () => {
    const draft = await sender.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử xuất gói edXML từ màn hình', signerName: 'Lê Minh Đạt', recipients: [s.ids.get('stc')] });
    const issued = await sender.issue(draft.body.id);
    const page = clerkSkhcn.page;
    await page.goto(`/app/documents/${draft.body.id}`);
    await waitText(page.locator('h1'), issued.body.symbol);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('edxml-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.edxml$/);
    const body = fs.readFileSync((await download.path())!, 'utf8');
    expect(body).toContain('Về việc thử xuất gói edXML từ màn hình');
    expect(body).toContain(issued.body.symbol.split('/')[1]);
  });
});
