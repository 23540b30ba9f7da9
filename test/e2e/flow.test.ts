import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { renderOfficialPdf } from '../../src/modules/pdf/render.js';
import { confirmDialog, expectAccessible, launch, poll, screenshot, signInAs, waitText, type Person } from './browser.js';

/**
 * The must-hold flow, in the browser: clerk A (Science & Technology) composes and issues to
 * Finance (B) and Health (C) with an attachment; B sees it arrive without reloading and
 * registers it; B's leader assigns it; B's specialist starts and completes it; A sees 06.
 * C rejects with a reason and A sees it. A recalls it from B (completed, 06) and B agrees.
 */

let s: TestServer;
let browser: Browser;
let clerkA: Person, clerkB: Person, leaderB: Person, specialistB: Person, clerkC: Person;
let docId = 0;

const stc = () => s.ids.get('stc')!;
const syt = () => s.ids.get('syt')!;
const SUMMARY = 'Về việc triển khai hệ thống quản lý văn bản và điều hành tỉnh Đồng Nai năm 2026';

beforeAll(async () => {
  [s, browser] = await Promise.all([startServer(), launch()]);
  // B is at its inbox before anything is sent: what arrives must show up there by itself.
  clerkB = await signInAs(browser, s.url, 'vanthu.stc');
  clerkA = await signInAs(browser, s.url, 'vanthu.skhcn');
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  // Leave pictures of every open browser for whoever debugs the failure.
  for (const [name, p] of Object.entries({ clerkA, clerkB, leaderB, specialistB, clerkC })) {
    await p?.page.screenshot({ path: `/tmp/lienthong-e2e-failure-${name}.png`, fullPage: true }).catch(() => {});
  }
});

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function statusOnPage(page: Page, code: string) {
  await page.locator(`[data-testid="incoming-status"] [data-status="${code}"]`).first().waitFor();
}

async function trailShows(page: Page, orgId: number, code: string) {
  await page.locator(`[data-testid="trail-status-${orgId}"][data-status="${code}"]`).waitFor();
}

async function compose(page: Page, summary: string, recipients: { search: string; name: string }[], file?: { name: string; buffer: Buffer }) {
  await page.locator('nav').getByRole('link', { name: 'Soạn và phát hành' }).click();
  await page.getByLabel('Trích yếu nội dung').waitFor();
  await page.getByLabel('Đơn vị soạn thảo (viết tắt)').fill('cntt');
  await page.getByLabel('Trích yếu nội dung').fill(summary);
  await page.getByLabel('Chức vụ người ký').fill('Giám đốc');
  await page.getByLabel('Họ tên người ký').fill('Lê Minh Đạt');
  await page.getByText('Khẩn', { exact: true }).click();
  await page.getByLabel('Hạn trả lời').fill('31/12/2099');
  await page.getByLabel('Hạn trả lời').press('Enter');
  const picker = page.locator('.lt-recipients .ant-select');
  for (const r of recipients) {
    await picker.click();
    await page.keyboard.type(r.search);
    await page.locator('.ant-select-tree-title', { hasText: r.name }).click();
  }
  await page.keyboard.press('Escape');
  if (file) await page.locator('.lt-dragger input[type=file]').setInputFiles({ name: file.name, mimeType: 'application/pdf', buffer: file.buffer });
  // The server's expected number, labelled as such (another clerk may still issue first).
  await page.locator('[data-testid="symbol-expected"]').waitFor();
  await poll(() => page.locator('[data-testid="symbol-preview"]').textContent()).toMatch(/^\d{2,}\/SKHCN-CNTT$/);
  return (await page.locator('[data-testid="symbol-preview"]').textContent())!;
}

/** A real one-page official letter (a broken PDF would show the viewer's error box). */
function officialPdf() {
  return renderOfficialPdf({
    issuer: 'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
    symbol: 'Số:      /SKHCN-CNTT',
    placeDate: 'Đồng Nai, ngày 26 tháng 11 năm 2026',
    title: 'CÔNG VĂN',
    subtitle: SUMMARY,
    paragraphs: [
      'Thực hiện Chỉ thị của Ủy ban nhân dân tỉnh về tăng cường ứng dụng công nghệ thông tin, Sở Khoa học và Công nghệ đề nghị các cơ quan, đơn vị phối hợp triển khai hệ thống quản lý văn bản và điều hành.',
      'Đề nghị các cơ quan báo cáo kết quả trước ngày 15 hằng tháng.',
    ],
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', name: 'Lê Minh Đạt' },
  });
}

describe('the document flow in the browser', () => {
  it('clerk A composes with an attachment and issues to two agencies', async () => {
    const page = clerkA.page;
    await clerkB.page.locator('nav').getByRole('link', { name: 'Văn bản đến' }).click();
    await clerkB.page.locator('[data-live="live"]').waitFor();
    await clerkB.page.locator('[data-testid="inbox-table"] tbody tr[data-item]').first().waitFor(); // the directive of the demo

    const expected = await compose(
      page,
      SUMMARY,
      [
        { search: 'tai chinh', name: 'Sở Tài chính' },
        { search: 'y te', name: 'Sở Y tế' },
      ],
      { name: 'ke-hoach-trien-khai.pdf', buffer: await officialPdf() },
    );
    await poll(() => page.locator('.lt-upload-list li').count()).toBe(1);
    await screenshot(page, '04-soan-va-phat-hanh', { fullPage: true });
    await expectAccessible(page, 'compose');

    await page.getByRole('button', { name: 'Cấp số và phát hành' }).click();
    await confirmDialog(page, 'Phát hành');
    await page.waitForURL(/\/app\/documents\/\d+$/);
    docId = Number(page.url().split('/').pop());
    await waitText(page.locator('h1'), expected); // nobody else issued meanwhile
    await poll(() => page.locator('.lt-files li').count()).toBe(1);
    await poll(() => page.locator('[data-testid="pdf-preview"]').getAttribute('src')).toMatch(/inline=1/);
    await trailShows(page, stc(), '01');
    await trailShows(page, syt(), '01');

    // B: the new document appears in the inbox without a reload, flagged as new.
    const row = clerkB.page.locator(`[data-testid="inbox-table"] tr[data-document="${docId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.locator('.lt-new').waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain(SUMMARY);
    expect(rowText).toContain('Sở Khoa học và Công nghệ');
    expect(rowText).toContain('Khẩn');
    await screenshot(clerkB.page, '03-van-ban-den');
    await expectAccessible(clerkB.page, 'inbox');
  });

  it('clerk B registers it (03)', async () => {
    const page = clerkB.page;
    await page.locator(`[data-testid="inbox-table"] tr[data-document="${docId}"] a`).first().click();
    await page.waitForURL(new RegExp(`/app/documents/${docId}$`));
    await statusOnPage(page, '01');
    await poll(() => page.locator('[data-testid="actions"] button').allInnerTexts()).toEqual(['Vào sổ (tiếp nhận)', 'Từ chối tiếp nhận', 'Sao văn bản']);
    await page.getByRole('button', { name: 'Vào sổ (tiếp nhận)' }).click();
    await confirmDialog(page, 'Vào sổ');
    await statusOnPage(page, '03');
    await page.getByText(/^\d+\/20\d\d$/).waitFor(); // arrival number / year
    await trailShows(clerkA.page, stc(), '03'); // A's open page follows without reload
  });

  it('leader B assigns it to the specialist as lead (04)', async () => {
    leaderB = await signInAs(browser, s.url, 'lanhdao.stc');
    const specialist = await s.ctx.db.kysely.selectFrom('users').select(['full_name']).where('username', '=', 'chuyenvien.stc').executeTakeFirstOrThrow();
    const page = leaderB.page;
    // The leader's landing page lists it under "to assign".
    await page.locator(`[data-testid="work-table"] a[href="/app/documents/${docId}"]`).waitFor();
    await screenshot(page, '02-viec-can-lam');
    await expectAccessible(page, 'my work');
    await page.locator(`[data-testid="work-table"] a[href="/app/documents/${docId}"]`).click();
    await statusOnPage(page, '03');
    await page.getByRole('button', { name: 'Phân công xử lý' }).click();
    const dialog = page.getByRole('dialog', { name: 'Phân công xử lý' });
    await dialog.getByRole('combobox', { name: 'Người xử lý 1' }).click();
    await page.keyboard.type(specialist.full_name);
    await page.locator('.ant-select-item-option-active', { hasText: specialist.full_name }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Ý kiến chỉ đạo').fill('Giao chuyên viên chủ trì, tham mưu báo cáo trước ngày 15.');
    await screenshot(page, '06-phan-cong');
    await expectAccessible(page, 'assign dialog');
    await dialog.getByRole('button', { name: 'Phân công', exact: true }).click();
    await statusOnPage(page, '04');
    await waitText(page.locator('.lt-direction'), 'tham mưu báo cáo');
  });

  it('specialist B starts and completes it (05, 06); A sees 06 in the trail', async () => {
    specialistB = await signInAs(browser, s.url, 'chuyenvien.stc');
    const page = specialistB.page;
    await page.goto(`/app/documents/${docId}`);
    await statusOnPage(page, '04');
    await page.getByRole('button', { name: 'Bắt đầu xử lý' }).click();
    await confirmDialog(page, 'Bắt đầu');
    await statusOnPage(page, '05');
    await page.getByRole('button', { name: 'Hoàn thành xử lý' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hoàn thành xử lý' });
    await dialog.getByLabel('Kết quả xử lý').fill('Đã báo cáo lãnh đạo Sở; đã bố trí kinh phí triển khai.');
    await dialog.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
    await statusOnPage(page, '06');
    await page.getByText('Đã báo cáo lãnh đạo Sở; đã bố trí kinh phí triển khai.').first().waitFor();

    await trailShows(clerkA.page, stc(), '06');
  });

  it('clerk C rejects with a reason; A sees 02 and the reason', async () => {
    clerkC = await signInAs(browser, s.url, 'vanthu.syt');
    const page = clerkC.page;
    await page.goto(`/app/documents/${docId}`);
    await statusOnPage(page, '01');
    await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
    const dialog = page.getByRole('dialog', { name: 'Từ chối tiếp nhận văn bản' });
    // The reason is required, and says so in Vietnamese.
    await dialog.getByRole('button', { name: 'Từ chối và trả lại' }).click();
    await dialog.getByText('Nhập lý do từ chối.').waitFor();
    await dialog.getByLabel('Lý do từ chối').fill('Văn bản không thuộc lĩnh vực Sở Y tế quản lý.');
    await dialog.getByRole('button', { name: 'Từ chối và trả lại' }).click();
    await statusOnPage(page, '02');

    await trailShows(clerkA.page, syt(), '02');
    await clerkA.page.getByText('Văn bản không thuộc lĩnh vực Sở Y tế quản lý.').first().waitFor();
    await screenshot(clerkA.page, '05-chi-tiet-van-ban', { hideToasts: true, fullPage: true });
    await expectAccessible(clerkA.page, 'document detail');
  });

  it('A recalls it from B, who completed it, and B agrees (13, 15)', async () => {
    // The same document: B completed it (06), and a completed document may still be recalled.
    const page = clerkA.page;
    await page.goto(`/app/documents/${docId}`);
    await trailShows(page, stc(), '06');

    const b = clerkB.page;
    await b.locator('nav').getByRole('link', { name: 'Văn bản đến' }).click();
    await b.locator(`[data-testid="inbox-table"] tr[data-document="${docId}"] a`).first().click();
    await statusOnPage(b, '06');

    await page.getByRole('button', { name: 'Thu hồi văn bản' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thu hồi văn bản' });
    // C rejected it (02): only B can be asked.
    await poll(() => dialog.getByRole('checkbox').count()).toBe(1);
    // Its status by name, not a bare "— 06".
    expect(await dialog.locator('.ant-checkbox-wrapper').innerText()).toMatch(/Sở Tài chính\s+06 Hoàn thành/);
    await dialog.getByLabel('Lý do thu hồi').fill('Văn bản phát hành nhầm nơi nhận.');
    await dialog.getByRole('button', { name: 'Gửi yêu cầu thu hồi' }).click();
    await page.locator(`[data-testid="trail-status-${stc()}"] [data-status="13"]`).waitFor();

    // B's open page learns of the request by itself and offers the answer.
    await b.getByRole('button', { name: 'Trả lời yêu cầu thu hồi' }).click();
    const answer = b.getByRole('dialog', { name: 'Trả lời yêu cầu thu hồi' });
    expect(await answer.getByLabel(/Đồng ý thu hồi/).isChecked()).toBe(true);
    await answer.getByRole('button', { name: 'Gửi trả lời' }).click();
    await b.waitForURL(/\/app\/inbox$/);
    await poll(() => b.locator(`[data-testid="inbox-table"] tr[data-document="${docId}"]`).count()).toBe(0);

    await page.locator(`[data-testid="trail-status-${stc()}"] [data-status="15"]`).waitFor();
  });

  it('raised no script errors in any browser', () => {
    for (const p of [clerkA, clerkB, leaderB, specialistB, clerkC]) expect(p?.errors ?? []).toEqual([]);
  });
});
