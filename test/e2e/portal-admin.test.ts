import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { signIn } from '../helpers/client.js';
import { renderOfficialPdf } from '../../src/modules/pdf/render.js';
import { confirmDialog, expectAccessible, launch, poll, screenshot, signInAs, type Person } from './browser.js';

/**
 * The back office of the public portal, in Debian's Chromium against a real server: a clerk
 * of the Department of Finance imports a procedure from the national portal's JSON, uploads
 * its form, publishes an issued document from the document's page; the public pages then
 * show them, and withdrawing the document takes it off. Announcements, the agency profile
 * and the province's freshness view; axe on every screen; screenshots into docs/screenshots.
 */

let s: TestServer;
let browser: Browser;
let clerk: Person;
let admin: Person | undefined;
let docId = 0;
let symbol = '';

const CODE = '1.013579';
const NAME = 'Thủ tục cấp giấy chứng nhận đủ điều kiện kinh doanh dịch vụ thẩm định giá';
const FORM_FILE = 'Mau-don-de-nghi-cap-giay-chung-nhan.pdf';

/** A record in the national portal's shape, as its export gives it. */
const nationalRecord = {
  code: CODE,
  name: NAME,
  procedureProposal: { proposalNumber: '2456/QĐ-BTC' },
  isProvince: true,
  formalityType: 'STANDARD',
  categoriesDetails: [{ name: 'Quản lý giá', code: 'QLG' }],
  subjectTypesDetails: [{ name: 'Doanh nghiệp' }],
  departmentsAuthority: [{ name: 'Bộ Tài chính' }],
  departmentsExecuting: [{ name: 'Sở Tài chính' }],
  executionSteps: [
    { name: 'Bước 1: Nộp hồ sơ', description: '<p>Doanh nghiệp nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành chính công.</p>' },
    { name: 'Bước 2: Thẩm định và cấp giấy chứng nhận' },
  ],
  executionMethods: [
    { submissionMethod: 'ONLINE', processingTime: 10, processingTimeUnit: 'Ngày làm việc', fees: [{ name: 'Phí thẩm định', amount: 3500000 }] },
    { submissionMethod: 'DIRECT', processingTime: 15, processingTimeUnit: 'Ngày làm việc', fees: [{ name: 'Phí thẩm định', amount: 3500000 }] },
  ],
  executionCases: [
    {
      name: 'Hồ sơ gồm',
      profileComponents: [
        { name: 'Đơn đề nghị cấp giấy chứng nhận theo mẫu', originalQty: 1, copyQty: 0, attachments: [{ fileName: FORM_FILE }] },
        { name: 'Bản sao giấy chứng nhận đăng ký doanh nghiệp', originalQty: 0, copyQty: 1 },
      ],
    },
  ],
  requirementsAndConditions: '<p>Có ít nhất <strong>03 thẩm định viên</strong> về giá đăng ký hành nghề tại doanh nghiệp.</p>',
  legalBasisesDetails: [{ code: '16/2023/QH15', name: 'Luật Giá' }],
  resultsDetails: [{ name: 'Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ thẩm định giá' }],
  departmentsCoordinating: [{ name: 'Bộ Kế hoạch và Đầu tư' }],
};

const publicPage = async (path: string) => {
  const r = await fetch(s.url + path);
  return { status: r.status, text: await r.text() };
};

beforeAll(async () => {
  [s, browser] = await Promise.all([startServer(), launch()]);
  // An issued document of the Department of Finance, to be published from its page.
  const stc = await signIn(s.url, 'vanthu.stc');
  const d = await stc.post('/api/v1/documents', {
    typeCode: 'QD',
    summary: 'Quyết định công bố danh mục thủ tục hành chính lĩnh vực quản lý giá thuộc thẩm quyền giải quyết của Sở Tài chính',
    signerName: 'Phạm Thị Hoa',
    signerPosition: 'Giám đốc',
    urgency: 'thuong',
    recipients: [s.ids.get('skhcn')!],
  });
  docId = d.body.id;
  const issued = await stc.issue(docId);
  symbol = issued.body.symbol;
  clerk = await signInAs(browser, s.url, 'vanthu.stc');
}, 120_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [name, p] of Object.entries({ clerk, admin })) {
    if (p?.errors.length) console.error(name, p.errors);
    await p?.page.screenshot({ path: `/tmp/lienthong-portal-admin-failure-${name}.png`, fullPage: true }).catch(() => {});
  }
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('the portal back office, in the browser', () => {
  it('imports a procedure from the national JSON, uploads its form, and the public page shows both', async () => {
    const { page } = clerk;
    await page.locator('nav').getByRole('link', { name: 'Thủ tục hành chính' }).click();
    await page.getByRole('heading', { name: 'Thủ tục hành chính', level: 1 }).waitFor();
    await page.locator('[data-testid="procedures-table"] tbody tr[data-code]').first().waitFor();
    await expectAccessible(page, 'procedure list');

    await page.getByRole('button', { name: /Nhập từ tệp JSON, CSV/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Nhập thủ tục hành chính' });
    // A record with a channel the national database does not know is refused before it is sent, naming the field.
    await dialog.getByLabel('Hoặc dán nội dung JSON').fill(JSON.stringify({ ...nationalRecord, executionMethods: [{ submissionMethod: 'FAX' }] }));
    await dialog.getByText('Trường "executionMethods[0].submissionMethod": phải là ONLINE, POSTAL hoặc DIRECT.').waitFor();
    // A CSV with a wrong level: the server names the line and the column, and nothing is written.
    await dialog.getByText('CSV (như tệp dữ liệu mở)').click();
    await dialog.getByLabel('Hoặc dán nội dung CSV').fill('code,name,levels\n1.099001,Thủ tục thử một,tỉnh\n1.099002,Thủ tục thử hai,huyện\n');
    await dialog.getByTestId('import-submit').click();
    await expect.poll(() => dialog.getByTestId('import-error').textContent()).toContain('Dòng 3, cột "levels"');
    expect((await signIn(s.url, 'vanthu.stc').then((c) => c.get('/api/v1/portal/procedures'))).body.some((p: { code: string }) => p.code === '1.099001')).toBe(false);

    await dialog.getByText('JSON của Cổng Dịch vụ công quốc gia').click();
    await dialog.locator('input[type=file]').setInputFiles({ name: 'thu-tuc-tham-dinh-gia.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ data: [nationalRecord] }, null, 2)) });
    await dialog.getByTestId('import-ready').filter({ hasText: '1 thủ tục hợp lệ' }).waitFor();
    await dialog.getByLabel('Mức độ trực tuyến tại cơ quan').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Toàn trình' }).click();
    await dialog.getByTestId('import-submit').click();
    await dialog.getByTestId('import-result').filter({ hasText: '1 thêm mới' }).waitFor();
    await expectAccessible(page, 'import dialog');
    await screenshot(page, '21-cong-nhap-thu-tuc');

    await dialog.getByRole('link', { name: CODE }).click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    // The editor shows the national fields as a form: channels with their time and fee, components with their form.
    await expect.poll(() => page.getByLabel('Thời hạn giải quyết (cách nộp 1)').inputValue()).toBe('10');
    expect(await page.getByLabel('Mức phí 1 (cách nộp 2), đồng').inputValue()).toBe('3500000');
    expect(await page.getByLabel('Số bản sao, thành phần 2, trường hợp 1').inputValue()).toBe('1');

    // Validation as you type: an emptied name says so at once, and saving is refused.
    await page.getByLabel('Tên thủ tục').fill('');
    await page.getByText('Tên thủ tục không được để trống.').waitFor();
    await page.getByLabel('Tên thủ tục').fill(NAME);
    await page.getByText('Tên thủ tục không được để trống.').waitFor({ state: 'detached' });

    // The form, uploaded with its progress, is downloadable at once and linked at its component.
    const pdf = await renderOfficialPdf({
      issuer: 'SỞ TÀI CHÍNH',
      symbol: 'Mẫu số 01',
      placeDate: 'Đồng Nai, ngày … tháng … năm …',
      title: 'ĐƠN ĐỀ NGHỊ',
      subtitle: 'Cấp giấy chứng nhận đủ điều kiện kinh doanh dịch vụ thẩm định giá',
      paragraphs: ['Kính gửi: Sở Tài chính tỉnh Đồng Nai.'],
      signer: { position: 'Người đại diện theo pháp luật', name: '' },
    });
    await page.locator('[data-testid="forms-panel"] input[type=file]').setInputFiles({ name: FORM_FILE, mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.locator(`[data-testid="forms-panel"] li[data-form="${FORM_FILE}"]`).waitFor();
    await page.getByRole('button', { name: 'Lưu thay đổi' }).first().click();
    await page.getByText('Đã lưu thủ tục').waitFor();
    await expectAccessible(page, 'procedure editor');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, '22-cong-sua-thu-tuc', { hideToasts: true });
    await page.evaluate(() => {
      document.querySelector('[data-testid="method-0"]')!.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -110);
    });
    await screenshot(page, '23-cong-cach-thuc-thanh-phan');

    const pub = await publicPage(`/thu-tuc/${CODE}`);
    expect(pub.status).toBe(200);
    expect(pub.text).toContain(NAME);
    expect(pub.text).toContain(FORM_FILE);
    expect(pub.text).toContain('3.500.000 đồng');
    expect(pub.text).toContain('Toàn trình');
    const formHref = /href="(\/bieu-mau\/\d+\/[^"]+)"/.exec(pub.text)![1]!;
    const file = await fetch(s.url + formHref);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    // The agency declares a lower online level: the public page says so at once.
    await page.getByLabel('Mức độ trực tuyến tại Sở Tài chính').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Một phần' }).click();
    await page.getByText('Đã lưu mức độ trực tuyến.').waitFor({ state: 'attached' });
    await expect.poll(async () => (await publicPage(`/thu-tuc/${CODE}`)).text).toContain('Một phần');

    await page.locator('nav').getByRole('link', { name: 'Thủ tục hành chính' }).click();
    await page.locator(`[data-testid="procedures-table"] tr[data-code="${CODE}"]`).filter({ hasText: 'Một phần' }).waitFor();
    await screenshot(page, '20-cong-thu-tuc');
  });

  it('publishes an issued document from its page; the portal shows it until it is withdrawn', async () => {
    const { page } = clerk;
    await page.goto(`/app/documents/${docId}`);
    await page.getByTestId('portal-publish').click();
    const dialog = page.getByRole('dialog', { name: 'Công bố văn bản trên cổng thông tin' });
    await dialog.getByLabel('Ngày có hiệu lực (không bắt buộc)').fill('01/01/2027');
    await dialog.getByLabel('Ngày có hiệu lực (không bắt buộc)').press('Enter');
    // The calendar closes on Enter; the dialog is what axe and the screenshot are about.
    await page.locator('.ant-picker-dropdown').waitFor({ state: 'hidden' });
    await expectAccessible(page, 'publish dialog');
    await screenshot(page, '24-cong-cong-bo-tu-van-ban');
    await dialog.getByRole('button', { name: 'Công bố', exact: true }).click();
    await page.getByTestId('portal-published').waitFor();

    const list = await publicPage('/van-ban');
    expect(list.text).toContain(symbol);
    const one = await publicPage(`/van-ban/${docId}`);
    expect(one.status).toBe(200);
    expect(one.text).toContain('01/01/2027');

    await page.locator('nav').getByRole('link', { name: 'Văn bản công bố' }).click();
    const row = page.locator(`[data-testid="publications-table"] tr[data-document="${docId}"]`);
    await row.waitFor();
    await expectAccessible(page, 'publications');
    await screenshot(page, '25-cong-van-ban-cong-bo');

    await row.getByRole('button', { name: 'Gỡ khỏi cổng' }).click();
    await confirmDialog(page, 'Gỡ khỏi cổng');
    await row.waitFor({ state: 'detached' });
    expect((await publicPage(`/van-ban/${docId}`)).status).toBe(404);
    expect((await publicPage('/van-ban')).text).not.toContain(symbol);
    expect(await (await fetch(`${s.url}/van-ban.atom`)).text()).not.toContain(symbol);
  });

  it('posts and withdraws an announcement, and keeps the agency profile with private fields off the portal', async () => {
    const { page } = clerk;
    await page.locator('nav').getByRole('link', { name: 'Thông báo' }).click();
    await page.getByRole('button', { name: 'Đăng thông báo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Đăng thông báo' });
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Tiêu đề không được để trống.').waitFor();
    const title = 'Thông báo lịch tiếp công dân của Sở Tài chính tháng 01/2027';
    await dialog.getByLabel('Tiêu đề').fill(title);
    await dialog.getByLabel('Nội dung').fill('Lãnh đạo Sở tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở Sở Tài chính.');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const row = page.locator('[data-testid="announcements-table"] tbody tr').filter({ hasText: title });
    await row.getByText('Đang đăng').waitFor();
    expect((await publicPage('/thong-bao')).text).toContain(title);
    await expectAccessible(page, 'announcements');
    await screenshot(page, '26-cong-thong-bao', { hideToasts: true });
    await row.getByRole('button', { name: /^Gỡ / }).click();
    await confirmDialog(page, 'Gỡ thông báo');
    await row.getByText('Đã gỡ').waitFor();
    expect((await publicPage('/thong-bao')).text).not.toContain(title);

    await page.locator('nav').getByRole('link', { name: 'Hồ sơ cơ quan' }).click();
    await page.getByLabel('Tên tiếng Anh').fill('Department of Finance of Dong Nai Province');
    await page.getByTestId('profile-save').click();
    // The confirmation toast (hidden from the screenshots, still there for screen readers).
    await page.getByText('Đã lưu thông tin cơ quan.').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Thêm người liên hệ' }).click();
    const n = await page.locator('[data-testid^="contact-"]').count();
    const who = `người ${n}`;
    await page.getByLabel(`Họ và tên (${who})`, { exact: true }).fill('Nguyễn Thị Minh Thư');
    await page.getByLabel(`Thư điện tử (${who})`, { exact: true }).fill('minhthu@');
    await page.getByText('Địa chỉ thư "minhthu@" không hợp lệ.').waitFor();
    await page.getByLabel(`Thư điện tử (${who})`, { exact: true }).fill('minhthu.stc@dongnai.gov.vn');
    await page.getByLabel(`Di động (${who})`, { exact: true }).fill('0912 345 678');
    await page.getByTestId('contacts-save').click();
    await page.getByText('Đã lưu danh sách liên hệ.').waitFor({ state: 'attached' });
    await expectAccessible(page, 'agency profile');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, '27-cong-ho-so-co-quan', { hideToasts: true });
    const agency = await publicPage(`/co-quan/${s.ids.get('stc')}`);
    expect(agency.text).toContain('Nguyễn Thị Minh Thư');
    expect(agency.text).toContain('minhthu.stc@dongnai.gov.vn');
    // A mobile number is private unless the agency ticks it.
    expect(agency.text).not.toContain('0912 345 678');
  });

  it('shows the province administrator every agency’s freshness, the stale ones marked', async () => {
    // A season without a change: every page but today's changes becomes stale.
    s.clock.now = new Date(Date.now() + 120 * 86_400_000);
    admin = await signInAs(browser, s.url, 'admin');
    const { page } = admin;
    await page.locator('nav').getByRole('link', { name: 'Tình trạng cập nhật' }).click();
    const rows = page.locator('[data-testid="freshness-table"] tbody tr[data-org]');
    await rows.nth(5).waitFor();
    expect(await page.locator('[data-testid="freshness-table"] [data-status="stale"]').count()).toBeGreaterThan(5);
    await poll(() => page.getByTestId('freshness-summary').textContent()).toMatch(/\d+ chậm cập nhật/);
    await expectAccessible(page, 'freshness');
    await screenshot(page, '28-cong-tinh-trang-cap-nhat');
    s.clock.now = new Date();
  });
});
