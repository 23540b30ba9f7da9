import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { softHsmToken } from '../helpers/softhsm.js';
import { signIn, type Client } from '../helpers/client.js';
import forge from 'node-forge';
import { renderOfficialPdf } from '../../src/modules/pdf/render.js';
import { issueCertificate, toPkcs12 } from '../../src/modules/signatures/certificates.js';
import { sealImage, signatureImage } from '../../src/modules/signatures/images.js';
import { AGENCY_KEY, LEADER_KEY, ROOT_CERT, ROOT_KEY } from '../../src/demo/signing-keys.js';
import { cmsSigner, nodeRsa } from '../../src/modules/signatures/cms.js';
import { signPdf } from '../../src/modules/signatures/pades.js';
import { drainRevocationChecks } from '../../src/modules/signatures/revocation-job.js';
import { confirmDialog, expectAccessible, launch, poll, screenshot, scrollsSideways, signInAs, tabTo, type Person } from './browser.js';

/**
 * Drafting and signing screens in Debian's Chromium (issue 19): the leader finds the draft
 * waiting, reads its versions and the head of unit's return, approves and signs; the
 * recipient sees the signature verified on the document; a specialist starts a reply from an
 * incoming document on a phone. Axe on each screen; screenshots 80–84. Then (100–103) the
 * return of a broken arrival with its reason written, "Trả lời bởi …" in the sender's trail,
 * paper-only issue on the compose screen, and the administrators' signing keys screen; then
 * (140–142) a key on a PKCS#11 token (SoftHSM2) named on that screen; then (143–149) the
 * document's signature panel (who, when, intact, chain, revocation re-checked at … or given
 * up), the return (02) from it by keyboard, and a token picked from those the server offers
 * with its certificate chosen by keyboard.
 */

let s: TestServer;
let browser: Browser;
const people: Person[] = [];
let draftId: number;
let incomingItem: number;
let askedId: number;
let tmp: string;

const demoRoot = () => ({ certificate: forge.pki.certificateFromPem(ROOT_CERT), key: forge.pki.privateKeyFromPem(ROOT_KEY) as forge.pki.rsa.PrivateKey, pem: ROOT_CERT, keyPem: '' });

/** A loopback port nothing listens on: an OCSP responder that is down. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });

/** dd/mm/yyyy HH:mm in Vietnam time, as the panel writes a time. */
function vnTime(d: Date) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const g = (type: string) => parts.find((x) => x.type === type)!.value;
  return `${g('day')}/${g('month')}/${g('year')} ${g('hour')}:${g('minute')}`;
}

const pdf = (leader: string, body: string) =>
  renderOfficialPdf({ issuer: 'SỞ TÀI CHÍNH', symbol: 'Số:        /STC-KHTC', placeDate: 'Đồng Nai, ngày      tháng      năm 2026', title: 'CÔNG VĂN', subtitle: 'V/v góp ý dự toán kinh phí chuyển đổi số năm 2027', paragraphs: [body], signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', name: leader } });

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-e2e-signing-'));
  // A token the server may open: its library is listed in PKCS11_MODULES.
  s = await startServer({ env: { PKCS11_MODULES: softHsmToken() } });
  browser = await launch();
  const [sytClerk, clerk, specialist, head, leader] = (await Promise.all(['vanthu.syt', 'vanthu.stc', 'chuyenvien.stc', 'truongphong.stc', 'lanhdao.stc'].map((u) => signIn(s.url, u)))) as Client[] as [Client, Client, Client, Client, Client];
  const d = await sytClerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc đề nghị góp ý dự toán chuyển đổi số năm 2027', signerName: 'Trần Văn Y', recipients: [s.ids.get('stc')!] });
  const issued = await sytClerk.issue(d.body.id);
  incomingItem = issued.body.dispatched[0].itemId;
  askedId = d.body.id;
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
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
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
  }, 180_000);

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
  }, 120_000);

  it('a broken arrival is returned with its reason written; the sender opens the reply from its trail', async () => {
    const [sytClerk, stcClerk] = (await Promise.all([signIn(s.url, 'vanthu.syt'), signIn(s.url, 'vanthu.stc')])) as [Client, Client];
    // The reply signed above, altered by one byte and sent back to STC as if it came so.
    const reply = (await stcClerk.get(`/api/v1/documents/${draftId}`)).body;
    const main = reply.attachments.find((a: any) => a.role === 'main');
    const altered = Buffer.from((await stcClerk.get(`/api/v1/documents/${draftId}/attachments/${main.id}`)).raw);
    altered[2000] = altered[2000]! ^ 0x01;
    const d = await sytClerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc văn bản bị sửa sau khi ký', signerName: 'Trần Văn Y', recipients: [s.ids.get('stc')!] });
    await sytClerk.upload(`/api/v1/documents/${d.body.id}/attachments`, 'cong-van.pdf', altered, { role: 'main' });
    expect((await sytClerk.post(`/api/v1/documents/${d.body.id}/issue`)).status).toBe(200);

    const { page } = await as('vanthu.stc');
    await page.goto(`${s.url}/app/documents/${d.body.id}`);
    await poll(() => page.locator('[data-testid="signature-badge"]').getAttribute('data-verdict')).toBe('broken');
    await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
    const dialog = page.getByRole('dialog', { name: 'Từ chối tiếp nhận văn bản' });
    const reason = dialog.getByLabel('Lý do từ chối');
    await poll(() => reason.inputValue()).toMatch(/bị thay đổi sau khi ký/);
    await expect(dialog.locator('[data-testid="return-reason-note"]').isVisible()).resolves.toBe(true);
    // Editable: the clerk adds a sentence of their own.
    // Ctrl+End: the end of the text; End alone stops at the end of the wrapped line.
    await reason.press('Control+End');
    await reason.pressSequentially(' Văn thư Sở Tài chính.');
    await screenshot(page, '100-tra-lai-ly-do-chu-ky', { hideToasts: true });
    await expectAccessible(page, 'return with the signature reason');
    await dialog.getByRole('button', { name: 'Từ chối và trả lại' }).click();
    await poll(() => page.locator('[data-testid="action-result"]').innerText()).toContain('Đã từ chối');

    // The sender's trail: the return (02) with the reason.
    const trail = (await sytClerk.get(`/api/v1/documents/${d.body.id}/trail`)).body;
    const atStc = trail.recipients.find((r: any) => r.orgId === s.ids.get('stc'));
    expect(atStc.current.code).toBe('02');
    expect(atStc.events.at(-1).note).toMatch(/bị thay đổi sau khi ký.*Văn thư Sở Tài chính\./);

    // "Trả lời bởi …" on the sender's document answered by the reply; the link opens the reply in its own inbox.
    const sender = await as('vanthu.syt');
    await sender.page.goto(`${s.url}/app/documents/${askedId}`);
    const answered = sender.page.locator('[data-testid="answered-by"]');
    await poll(() => answered.innerText()).toMatch(new RegExp(`Trả lời bởi\\s+${reply.symbol}`));
    await screenshot(sender.page, '101-tra-loi-boi', { fullPage: true });
    await expectAccessible(sender.page, 'answered by');
    await answered.getByRole('link').focus();
    await sender.page.keyboard.press('Enter');
    await sender.page.waitForURL(new RegExp(`/app/documents/${draftId}$`));
    await poll(() => sender.page.locator('main, #main').first().innerText()).toContain(reply.symbol);
    await expect(sender.page.getByRole('button', { name: 'Vào sổ (tiếp nhận)' }).count()).resolves.toBe(1);
  }, 180_000);

  it('compose: no main PDF is refused next to the files; paper-only issue goes through', async () => {
    const clerk = await signIn(s.url, 'vanthu.stc');
    const d = await clerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc gửi bản giấy hồ sơ quyết toán', signerName: 'Nguyễn Văn Lãnh', signerPosition: 'Giám đốc', recipients: [s.ids.get('syt')!] });
    const { page } = await as('vanthu.stc');
    await page.goto(`${s.url}/app/compose?id=${d.body.id}`);
    await page.getByRole('button', { name: 'Cấp số và phát hành' }).click();
    await confirmDialog(page, 'Phát hành');
    const error = page.locator('[data-testid="main-pdf-error"]');
    await poll(() => error.innerText()).toMatch(/văn bản chính là tệp PDF/);
    // It stands in the attachments panel, by the paper-only box.
    await expect(page.locator('.lt-card').filter({ hasText: 'Tệp đính kèm' }).locator('[data-testid="main-pdf-error"]').count()).resolves.toBe(1);
    const paper = page.getByRole('checkbox', { name: 'Chỉ phát hành bản giấy' });
    await paper.focus();
    await page.keyboard.press('Space');
    await poll(() => page.locator('#paper-only-help').innerText()).toContain('không cần tệp PDF');
    await screenshot(page, '102-phat-hanh-ban-giay', { fullPage: true, hideToasts: true });
    await expectAccessible(page, 'compose paper-only');
    await page.getByRole('button', { name: 'Cấp số và phát hành' }).click();
    await expect(page.locator('.ant-modal-confirm').last().innerText()).resolves.toContain('Chỉ phát hành bản giấy');
    await confirmDialog(page, 'Phát hành');
    await page.waitForURL(new RegExp(`/app/documents/${d.body.id}$`));
    const issued = (await clerk.get(`/api/v1/documents/${d.body.id}`)).body;
    expect(issued.state).toBe('issued');
    expect((await clerk.get(`/api/v1/documents/${d.body.id}/trail`)).body.recipients).toEqual([]);
  }, 120_000);

  it('the signing keys screen, by keyboard at 1366 and 390 px', async () => {
    const root = { certificate: forge.pki.certificateFromPem(ROOT_CERT), key: forge.pki.privateKeyFromPem(ROOT_KEY) as forge.pki.rsa.PrivateKey, pem: ROOT_CERT, keyPem: '' };
    const specialist = (await signIn(s.url, 'chuyenvien.stc')) as Client;
    const cert = issueCertificate({ CN: specialist.user.fullName, O: 'Sở Tài chính tỉnh Đồng Nai' }, root, { keyPem: LEADER_KEY });
    const p12 = toPkcs12(cert, [root.certificate], 'mat-khau-p12', '3des');

    const { page } = await as('admin');
    await page.goto(`${s.url}/app/admin/signing-keys?org=${s.ids.get('stc')}`);
    const cards = page.locator('[data-testid="keys-active"] [data-testid="signing-key"]');
    await poll(() => cards.count()).toBe(2);
    await expect(cards.first().innerText()).resolves.toMatch(/PKCS#12/);

    // Add a key for the specialist, by keyboard (the file is chosen as a file dialog would).
    await page.getByRole('button', { name: 'Thêm khóa PKCS#12' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Thêm khóa PKCS#12' });
    await dialog.getByLabel('Khóa của').focus();
    await page.keyboard.type(specialist.user.fullName);
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Tệp khóa (.p12, .pfx)').setInputFiles({ name: 'chuyenvien.p12', mimeType: 'application/x-pkcs12', buffer: p12 });
    await dialog.getByLabel('Mật khẩu của tệp khóa').fill('sai-mat-khau');
    await dialog.getByRole('button', { name: 'Kiểm tra và lưu khóa' }).focus();
    await page.keyboard.press('Enter');
    await poll(() => dialog.getByRole('alert').first().innerText()).toMatch(/sai mật khẩu/);
    await dialog.getByLabel('Mật khẩu của tệp khóa').fill('mat-khau-p12');
    await dialog.getByLabel(/Ảnh chữ ký hoặc con dấu/).setInputFiles({ name: 'chu-ky.png', mimeType: 'image/png', buffer: signatureImage() });
    await dialog.getByRole('button', { name: 'Kiểm tra và lưu khóa' }).focus();
    await page.keyboard.press('Enter');
    await poll(() => cards.count()).toBe(3);
    const mine = cards.filter({ hasText: specialist.user.fullName });
    await poll(() => mine.locator('[data-testid="key-image"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    await screenshot(page, '103-khoa-ky-so', { fullPage: true, hideToasts: true });
    await expectAccessible(page, 'signing keys (1366)');

    // On a phone: replace the agency's seal image, then disable the specialist's key.
    const phone = await as('admin', 390);
    await phone.page.goto(`${s.url}/app/admin/signing-keys?org=${s.ids.get('stc')}`);
    const phoneCards = phone.page.locator('[data-testid="keys-active"] [data-testid="signing-key"]');
    await poll(() => phoneCards.count()).toBe(3);
    await expect(scrollsSideways(phone.page)).resolves.toBe(false);
    await expectAccessible(phone.page, 'signing keys (390)');
    const agencyCard = phone.page.locator('[data-testid="keys-active"] [data-owner="agency"]');
    await agencyCard.getByRole('button', { name: /ảnh — Cơ quan/ }).focus();
    await phone.page.keyboard.press('Enter');
    const imageDialog = phone.page.getByRole('dialog', { name: 'Ảnh con dấu của cơ quan' });
    await imageDialog.getByLabel('Tệp ảnh PNG').setInputFiles({ name: 'khong-phai-anh.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.7 không phải ảnh') });
    await imageDialog.getByRole('button', { name: 'Lưu ảnh' }).focus();
    await phone.page.keyboard.press('Enter');
    await poll(() => imageDialog.getByRole('alert').first().innerText()).toMatch(/PNG/);
    await imageDialog.getByLabel('Tệp ảnh PNG').setInputFiles({ name: 'con-dau.png', mimeType: 'image/png', buffer: sealImage() });
    await imageDialog.getByRole('button', { name: 'Lưu ảnh' }).focus();
    await phone.page.keyboard.press('Enter');
    await imageDialog.waitFor({ state: 'hidden' });
    await phoneCards.filter({ hasText: specialist.user.fullName }).getByRole('button', { name: /Vô hiệu hóa khóa/ }).focus();
    await phone.page.keyboard.press('Enter');
    await phone.page.locator('.ant-popconfirm').getByRole('button', { name: 'Vô hiệu hóa' }).focus();
    await phone.page.keyboard.press('Enter');
    await poll(() => phoneCards.count()).toBe(2);
    await poll(() => phone.page.locator('[data-testid="keys-inactive"] [data-testid="signing-key"]').filter({ hasText: specialist.user.fullName }).count()).toBe(1);
    expect((await specialist.get('/api/v1/signatures/keys')).body.mine).toBeNull();
    await expect(scrollsSideways(phone.page)).resolves.toBe(false);
  }, 180_000);

  it('a key on a PKCS#11 token named on the keys screen: a wrong PIN said in words, then the key in use (1366 and 390 px, by keyboard)', async () => {
    const root = { certificate: forge.pki.certificateFromPem(ROOT_CERT), key: forge.pki.privateKeyFromPem(ROOT_KEY) as forge.pki.rsa.PrivateKey, pem: ROOT_CERT, keyPem: '' };
    const cert = issueCertificate({ CN: 'Sở Y tế tỉnh Đồng Nai', O: 'Sở Y tế tỉnh Đồng Nai' }, root, { keyPem: AGENCY_KEY });
    const { page } = await as('admin');
    await page.goto(`${s.url}/app/admin/signing-keys?org=${s.ids.get('syt')}`);
    const cards = page.locator('[data-testid="keys-active"] [data-testid="signing-key"]');
    // The button waits for the agency's keys to load (none yet for Sở Y tế): press it once it is enabled.
    const addToken = page.getByRole('button', { name: 'Khóa trên thiết bị ký số (PKCS#11)' });
    await poll(() => addToken.isEnabled()).toBe(true);
    await addToken.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Khóa trên thiết bị ký số (PKCS#11)' });
    // The one library the server allows is chosen already.
    await poll(() => dialog.innerText()).toMatch(/libsofthsm2\.so/);
    // The token is picked from those the library offers; its one key comes with it.
    await dialog.getByRole('combobox', { name: 'Thiết bị ký số (token)' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'lienthong-stc' }).click();
    await poll(() => dialog.getByLabel('Nhãn khóa trên thiết bị').inputValue()).toBe('stc-agency');
    await dialog.getByLabel('Mã PIN').fill('000000');
    await dialog.getByLabel(/Chứng thư số của khóa/).setInputFiles({ name: 'so-y-te.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(cert.pem) });
    await dialog.getByLabel(/Ảnh chữ ký hoặc con dấu/).setInputFiles({ name: 'con-dau.png', mimeType: 'image/png', buffer: sealImage() });
    const save = dialog.getByRole('button', { name: 'Mở thiết bị, ký thử và lưu' });
    await save.focus();
    await page.keyboard.press('Enter');
    await poll(() => dialog.getByRole('alert').first().innerText()).toMatch(/Mã PIN của thiết bị ký số không đúng/);
    await screenshot(page, '140-khoa-thiet-bi-sai-pin', { hideToasts: true });
    await expectAccessible(page, 'token key dialog, wrong PIN');
    await dialog.getByLabel('Mã PIN').fill('123456');
    await save.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => cards.count()).toBe(1);
    await expect(cards.first().innerText()).resolves.toMatch(/PKCS#11 \(thiết bị ký số\)[\s\S]*Đang dùng[\s\S]*Sở Y tế tỉnh Đồng Nai/);
    await poll(() => cards.first().locator('[data-testid="key-image"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, '141-khoa-thiet-bi-dang-dung', { fullPage: true, hideToasts: true });
    await expectAccessible(page, 'signing keys with a token key');
    const sytClerk = (await signIn(s.url, 'vanthu.syt')) as Client;
    expect((await sytClerk.get('/api/v1/signatures/keys')).body.agency).toMatchObject({ kind: 'pkcs11', subject: expect.stringContaining('Sở Y tế') });

    // On a phone: the same dialog fits and reads (nothing scrolls sideways).
    const phone = await as('admin', 390);
    await phone.page.goto(`${s.url}/app/admin/signing-keys?org=${s.ids.get('syt')}`);
    await poll(() => phone.page.locator('[data-testid="keys-active"] [data-testid="signing-key"]').count()).toBe(1);
    await phone.page.getByRole('button', { name: 'Khóa trên thiết bị ký số (PKCS#11)' }).focus();
    await phone.page.keyboard.press('Enter');
    const phoneDialog = phone.page.getByRole('dialog', { name: 'Khóa trên thiết bị ký số (PKCS#11)' });
    await phoneDialog.getByRole('combobox', { name: 'Thiết bị ký số (token)' }).waitFor();
    await expect(scrollsSideways(phone.page)).resolves.toBe(false);
    await screenshot(phone.page, '142-khoa-thiet-bi-dien-thoai');
    await expectAccessible(phone.page, 'token key dialog (390)');
  }, 180_000);

  it('the signature panel: signer, organisation, time, integrity, chain, and revocation checked again at …, then given up (1366, 390 px, English)', async () => {
    const root = demoRoot();
    const rootCN = /CN=(.+)/.exec(new X509Certificate(ROOT_CERT).subject)![1]!.replace(/\\,/g, ',');
    // Signed by a person whose certificate names an OCSP responder that is down.
    const who = issueCertificate({ CN: 'Lê Thị Hoa', O: 'Sở Nội vụ tỉnh Đồng Nai' }, root, { keyPem: LEADER_KEY, ocspUrl: `http://127.0.0.1:${await closedPort()}/` });
    const signingTime = new Date(Date.now() - 3600_000);
    const signed = await signPdf({
      pdf: await pdf('Lê Thị Hoa', 'Đề nghị cung cấp số liệu biên chế năm 2027.'),
      signer: cmsSigner([who.certificate, root.certificate], nodeRsa(createPrivateKey(LEADER_KEY))),
      field: 'KyDuyet',
      name: 'Lê Thị Hoa',
      reason: 'Ký duyệt',
      location: 'Đồng Nai',
      signingTime,
      visible: { box: { page: 0, x: 340, y: 150, width: 170, height: 60 }, lines: ['Lê Thị Hoa'], color: 'blue' },
    });
    const snvClerk = (await signIn(s.url, 'vanthu.snv')) as Client;
    const d = await snvClerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc số liệu biên chế có chữ ký cần kiểm tra thu hồi', signerName: 'Lê Thị Hoa', recipients: [s.ids.get('stc')!] });
    expect((await snvClerk.upload(`/api/v1/documents/${d.body.id}/attachments`, 'cong-van-bien-che.pdf', signed, { role: 'main' })).status).toBe(201);
    expect((await snvClerk.post(`/api/v1/documents/${d.body.id}/issue`)).status).toBe(200);
    // After the arrival commits, the job asks the responder: not reachable.
    s.clock.now = new Date();
    const t0 = s.clock.now.getTime();
    await drainRevocationChecks(s.ctx);

    const { page } = await as('vanthu.stc');
    await page.goto(`${s.url}/app/documents/${d.body.id}`);
    const sig = page.locator('[data-testid="signature"]').filter({ hasText: 'Lê Thị Hoa' });
    const rev = sig.locator('[data-testid="signature-revocation"]');
    await poll(() => rev.getAttribute('data-state')).toBe('will_retry');
    const next = new Date((await rev.getAttribute('data-next'))!);
    expect(Math.abs(next.getTime() - (t0 + 5 * 60_000))).toBeLessThan(10_000);
    await expect(rev.innerText()).resolves.toContain(`Chưa kiểm tra được: không kết nối được máy chủ OCSP/CRL; sẽ kiểm tra lại lúc ${vnTime(next)}`);
    await expect(sig.locator('[data-testid="signature-signer"]').innerText()).resolves.toBe('Lê Thị Hoa');
    await expect(sig.innerText()).resolves.toContain('Sở Nội vụ tỉnh Đồng Nai');
    await expect(sig.locator('[data-testid="signature-time"]').innerText()).resolves.toBe(vnTime(signingTime));
    await expect(sig.locator('[data-testid="signature-integrity"]').getAttribute('data-ok')).resolves.toBe('1');
    await expect(sig.locator('[data-testid="signature-chain"]').innerText()).resolves.toContain(`Tin cậy — tới CA gốc “${rootCN}”`);
    await page.locator('[data-testid="signature-badge"]').scrollIntoViewIfNeeded();
    await screenshot(page, '143-chu-ky-so-se-kiem-tra-lai');
    await expectAccessible(page, 'signature panel, re-check planned');

    // The responder never comes back: asked again at 5 min, 30 min, 2 h and 12 h, then given up.
    let t = t0;
    for (const minutes of [5, 30, 120, 720]) {
      t += (minutes + 1) * 60_000;
      s.clock.now = new Date(t);
      await drainRevocationChecks(s.ctx);
    }
    s.clock.now = new Date();
    const phone = await as('vanthu.stc', 390);
    await phone.page.goto(`${s.url}/app/documents/${d.body.id}`);
    const phoneRev = phone.page.locator('[data-testid="signature"]').filter({ hasText: 'Lê Thị Hoa' }).locator('[data-testid="signature-revocation"]');
    await poll(() => phoneRev.getAttribute('data-state')).toBe('gave_up');
    await expect(phoneRev.innerText()).resolves.toContain('Đã thử 5 lần, không kiểm tra được: không kết nối được máy chủ OCSP/CRL');
    await phone.page.locator('[data-testid="signature-badge"]').scrollIntoViewIfNeeded();
    await screenshot(phone.page, '144-chu-ky-so-da-thu-5-lan');
    await expect(scrollsSideways(phone.page)).resolves.toBe(false);
    await expectAccessible(phone.page, 'signature panel, given up (390)');

    // In English.
    const en = await signInAs(browser, s.url, 'vanthu.stc', { lang: 'en', viewport: { width: 1366, height: 900 } });
    people.push(en);
    await en.page.goto(`${s.url}/app/documents/${d.body.id}`);
    const enSig = en.page.locator('[data-testid="signature"]').filter({ hasText: 'Lê Thị Hoa' });
    await poll(() => enSig.locator('[data-testid="signature-revocation"]').innerText()).toContain('Tried 5 times, could not be checked: the OCSP/CRL server could not be reached');
    await expect(enSig.innerText()).resolves.toMatch(new RegExp(`Signer[\\s\\S]*Organisation[\\s\\S]*Signed at[\\s\\S]*${vnTime(signingTime)}[\\s\\S]*Intact[\\s\\S]*Trusted — up to the root CA`));
    await en.page.locator('[data-testid="signature-badge"]').scrollIntoViewIfNeeded();
    await screenshot(en.page, '149-bang-chu-ky-so-tieng-anh');
    await expectAccessible(en.page, 'signature panel (English)');
  }, 180_000);

  it('a broken signature: the panel flags it, and the document is returned (02) from it with the reason written, by keyboard (1366, 390 px)', async () => {
    const [snvClerk, stcClerk] = (await Promise.all([signIn(s.url, 'vanthu.snv'), signIn(s.url, 'vanthu.stc')])) as [Client, Client];
    // The reply signed above, one byte altered, sent by Sở Nội vụ.
    const reply = (await stcClerk.get(`/api/v1/documents/${draftId}`)).body;
    const main = reply.attachments.find((a: any) => a.role === 'main');
    const altered = Buffer.from((await stcClerk.get(`/api/v1/documents/${draftId}/attachments/${main.id}`)).raw);
    altered[2000] = altered[2000]! ^ 0x01;
    const d = await snvClerk.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc văn bản có chữ ký số bị hỏng', signerName: 'Lê Thị Hoa', recipients: [s.ids.get('stc')!] });
    expect((await snvClerk.upload(`/api/v1/documents/${d.body.id}/attachments`, 'cong-van-bi-sua.pdf', altered, { role: 'main' })).status).toBe(201);
    expect((await snvClerk.post(`/api/v1/documents/${d.body.id}/issue`)).status).toBe(200);

    const { page } = await as('vanthu.stc');
    await page.goto(`${s.url}/app/documents/${d.body.id}`);
    const panel = page.locator('[data-testid="signature-badge"]');
    await poll(() => panel.getAttribute('data-verdict')).toBe('broken');
    await expect(panel.locator('[data-testid="signature-integrity"]').first().getAttribute('data-ok')).resolves.toBe('0');
    await expect(panel.locator('[data-testid="signature-return-reason"]').innerText()).resolves.toMatch(/bị thay đổi sau khi ký/);
    await expect(panel.getByRole('button', { name: 'Trả lại văn bản (02)…' }).isVisible()).resolves.toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, '145-chu-ky-so-hong-tra-lai');
    await expectAccessible(page, 'broken signature panel');

    // On a phone, by keyboard: Tab to the panel's return, Enter, the reason is there, Enter on the dialog's button.
    const phone = await as('vanthu.stc', 390);
    await phone.page.goto(`${s.url}/app/documents/${d.body.id}`);
    const back = phone.page.locator('[data-testid="signature-return"]');
    await tabTo(phone.page, back, 150);
    await phone.page.keyboard.press('Enter');
    const dialog = phone.page.getByRole('dialog', { name: 'Từ chối tiếp nhận văn bản' });
    const reason = dialog.getByLabel('Lý do từ chối');
    await poll(() => reason.inputValue()).toMatch(/^Chữ ký số của tệp "cong-van-bi-sua\.pdf" không hợp lệ: văn bản đã bị thay đổi sau khi ký/);
    await expect(dialog.locator('[data-testid="return-reason-note"]').isVisible()).resolves.toBe(true);
    await screenshot(phone.page, '146-tra-lai-tu-bang-chu-ky-dien-thoai');
    await expect(scrollsSideways(phone.page)).resolves.toBe(false);
    await expectAccessible(phone.page, 'return from the signature panel (390)');
    await tabTo(phone.page, dialog.getByRole('button', { name: 'Từ chối và trả lại' }), 15);
    await phone.page.keyboard.press('Enter');
    const result = phone.page.locator('[data-testid="signature-return-result"]');
    await poll(() => result.innerText()).toContain('Đã trả lại văn bản (02)');
    // The keyboard lands on what was done; the return is gone with the action.
    await poll(() => phone.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('signature-return-result');
    await poll(() => back.count()).toBe(0);
    const trail = (await snvClerk.get(`/api/v1/documents/${d.body.id}/trail`)).body;
    const atStc = trail.recipients.find((r: any) => r.orgId === s.ids.get('stc'));
    expect(atStc.current.code).toBe('02');
    expect(atStc.events.at(-1).note).toMatch(/cong-van-bi-sua\.pdf.*bị thay đổi sau khi ký/);
  }, 180_000);

  it('a token picked from those the server offers, its certificate chosen with the keyboard (1366, 390 px)', async () => {
    const orgId = s.ids.get('sgddt')!;
    const cert = issueCertificate({ CN: 'Sở Giáo dục và Đào tạo tỉnh Đồng Nai', O: 'Sở Giáo dục và Đào tạo tỉnh Đồng Nai' }, demoRoot(), { keyPem: AGENCY_KEY });
    const { page } = await as('admin');
    await page.goto(`${s.url}/app/admin/signing-keys?org=${orgId}`);
    const addToken = page.getByRole('button', { name: 'Khóa trên thiết bị ký số (PKCS#11)' });
    await poll(() => addToken.isEnabled()).toBe(true);
    await addToken.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Khóa trên thiết bị ký số (PKCS#11)' });
    // The token: Tab to the list, open it with the arrow key, Enter on the token.
    const token = dialog.getByRole('combobox', { name: 'Thiết bị ký số (token)' });
    await tabTo(page, token, 12);
    await page.keyboard.press('ArrowDown');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /lienthong-stc — sê-ri [0-9a-f]{16}/ }).waitFor();
    await page.keyboard.press('Enter');
    await poll(() => dialog.getByLabel('Nhãn khóa trên thiết bị').inputValue()).toBe('stc-agency');
    await expect(dialog.locator('#token-help').innerText()).resolves.toMatch(/Sê-ri [0-9a-f]{16}, SoftHSM v2 \(SoftHSM project\); khóa: stc-agency; không có chứng thư/);
    await tabTo(page, dialog.getByLabel('Mã PIN'), 12);
    await page.keyboard.type('123456');
    // The certificate: Tab to the file button, Enter opens the chooser; the name is shown, the keyboard stays there.
    const pick = dialog.getByRole('button', { name: /^Chọn tệp… \(Chứng thư số của khóa/ });
    await tabTo(page, pick, 12);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'so-giao-duc.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(cert.pem) });
    await poll(() => dialog.locator('.ant-upload-list-item-name').first().innerText()).toBe('so-giao-duc.pem');
    await poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Chọn tệp khác');
    await screenshot(page, '147-chon-thiet-bi-ky-so', { hideToasts: true });
    await expectAccessible(page, 'token picked, certificate chosen');
    await tabTo(page, dialog.getByRole('button', { name: 'Mở thiết bị, ký thử và lưu' }), 20);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const cards = page.locator('[data-testid="keys-active"] [data-testid="signing-key"]');
    await poll(() => cards.count()).toBe(1);
    await expect(cards.first().innerText()).resolves.toMatch(/PKCS#11 \(thiết bị ký số\)[\s\S]*Sở Giáo dục và Đào tạo/);

    // On a phone: the same list, its token's details readable, nothing scrolls sideways; the PKCS#12 file by keyboard too.
    const phone = await as('admin', 390);
    await phone.page.goto(`${s.url}/app/admin/signing-keys?org=${orgId}`);
    await poll(() => phone.page.locator('[data-testid="keys-active"] [data-testid="signing-key"]').count()).toBe(1);
    await phone.page.getByRole('button', { name: 'Khóa trên thiết bị ký số (PKCS#11)' }).focus();
    await phone.page.keyboard.press('Enter');
    const phoneDialog = phone.page.getByRole('dialog', { name: 'Khóa trên thiết bị ký số (PKCS#11)' });
    await tabTo(phone.page, phoneDialog.getByRole('combobox', { name: 'Thiết bị ký số (token)' }), 12);
    await phone.page.keyboard.press('ArrowDown');
    await phone.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'lienthong-stc' }).waitFor();
    await phone.page.keyboard.press('Enter');
    await poll(() => phoneDialog.locator('#token-help').innerText()).toMatch(/khóa: stc-agency/);
    await expect(scrollsSideways(phone.page)).resolves.toBe(false);
    await screenshot(phone.page, '148-chon-thiet-bi-dien-thoai');
    await expectAccessible(phone.page, 'token picked (390)');
  }, 180_000);
});
