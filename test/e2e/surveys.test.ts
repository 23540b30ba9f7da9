import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn } from '../helpers/client.js';
import { contentOverflow, expectAccessible, poll, screenshot, scrollsSideways, tabTo } from './browser.js';
import { people } from './people.js';

/**
 * The IT-adoption survey in Debian's Chromium: an enterprise fills in its questionnaire on a
 * phone (a required answer missing is named on its question), saves and submits; the IT
 * department follows the period's responses, returns one with a comment and reads the
 * aggregates' charts. Then the newer screens: the province registers an enterprise, which
 * edits its profile on a phone; the IT department makes a new questionnaire version with a
 * question of each kind and reopens a closed period; an enterprise answers by keyboard only,
 * is returned (the IT department by keyboard too) and corrects; the organisation tree
 * registers an enterprise with its survey profile. Axe on every screen; screenshots 70–74,
 * 97–99, 112.
 */

const walk = people();
const { as } = walk;

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

    const { page, errors } = await as('dn.khachsanhoabinh', 390);
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

  it('the province registers an enterprise; an enterprise edits its profile on a phone', async () => {
    const admin = await as('admin');
    admin.page.setDefaultTimeout(45_000); // a modal of a dozen fields on a busy machine
    await admin.page.goto('/app/surveys/enterprises');
    const rows = admin.page.locator('tr[data-enterprise]');
    await poll(() => rows.count()).toBe(20);
    await admin.page.getByRole('button', { name: 'Đăng ký doanh nghiệp' }).click();
    const form = admin.page.getByTestId('enterprise-form');
    await form.getByLabel('Tên doanh nghiệp').fill('Công ty TNHH Gỗ Mỹ nghệ Tân Hạnh');
    await form.getByLabel('Tên viết tắt (chữ và số, không dấu cách)').fill('GOTANHANH');
    await form.getByLabel('Mã số thuế').fill('3600777001');
    await form.getByLabel('Ngành kinh tế (VSIC 2018, cấp 1)').fill('Công nghiệp chế biến');
    await admin.page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await form.getByLabel('Xã, phường nơi đặt trụ sở').fill('Phường Tân Hạnh');
    await form.getByLabel('Quy mô').click();
    await admin.page.locator('.ant-select-dropdown:visible').getByText('Nhỏ', { exact: true }).click();
    await form.getByLabel('Số lao động').fill('35');
    await form.getByLabel('Tên đăng nhập').fill('dn.gotanhanh');
    await form.getByLabel('Họ và tên').fill('Lương Văn Hạnh');
    await form.getByLabel(/^Mật khẩu ban đầu/).fill('TanHanh-Go-2026!');
    await expectAccessible(admin.page, 'register an enterprise');
    await admin.page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await poll(() => rows.count()).toBe(21);
    await expect(rows.filter({ hasText: 'Gỗ Mỹ nghệ Tân Hạnh' }).textContent()).resolves.toContain('C — ');
    expect(admin.errors).toEqual([]);

    const { page, errors } = await as('dn.viettel', 390);
    await page.goto('/app/my-surveys');
    const card = page.getByTestId('my-enterprise');
    await card.getByRole('button', { name: 'Sửa hồ sơ' }).click();
    const edit = page.getByTestId('enterprise-form');
    await expect(edit.getByLabel('Tên doanh nghiệp').isDisabled()).resolves.toBe(true); // the registered name stays with the province
    await edit.getByLabel('Số lao động').fill('412');
    await edit.getByLabel('Điện thoại').fill('0251 3999 888');
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'enterprise profile (phone)');
    await screenshot(page, '97-ho-so-doanh-nghiep-dien-thoai', { hideToasts: true });
    await page.getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await edit.waitFor({ state: 'detached' });
    const viettel = (await (await signIn(walk.s.url, 'cntt.skhcn')).get('/api/v1/surveys/enterprises')).body.find((e: { taxCode: string }) => e.taxCode === '3600123468');
    expect(viettel).toMatchObject({ employees: 412, phone: '0251 3999 888' });
    expect(errors).toEqual([]);
  }, 300_000);

  it('the IT department makes a new questionnaire version with a question of each kind and reopens a closed period', async () => {
    const { page, errors } = await as('cntt.skhcn');
    page.setDefaultTimeout(45_000); // the editor renders some twenty question cards at once
    await page.goto('/app/surveys/questionnaires');
    await page.locator('tr[data-questionnaire]').filter({ hasText: 'DN-CDS v2' }).getByRole('button', { name: 'Sửa thành phiên bản mới' }).click();
    const editors = page.locator('[data-question-editor]');
    await poll(() => editors.count()).toBeGreaterThan(10);
    const before = await editors.count();
    const added: [string, string, string, boolean][] = [
      ['CO_DINH_DANH', 'Có/Không', 'Doanh nghiệp có tài khoản định danh điện tử mức 2', true],
      ['SO_DON_HANG', 'Số (≥ 0)', 'Số đơn hàng trực tuyến trong năm', false],
      ['TY_LE_KH_SO', 'Tỷ lệ (0–100 %)', 'Tỷ lệ khách hàng giao dịch qua kênh số', true],
      ['KENH_BAN', 'Chọn một phương án', 'Kênh bán hàng trực tuyến chính', true],
      ['DE_XUAT', 'Chữ', 'Đề xuất với Sở Khoa học và Công nghệ', false],
    ];
    for (const [i, [code, kind, text, required]] of added.entries()) {
      await page.getByRole('button', { name: 'Thêm câu hỏi' }).click();
      const card = page.locator(`[data-question-editor="${before + i + 1}"]`);
      await card.getByLabel('Mã câu').fill(code);
      await card.getByLabel('Loại câu').click();
      await page.locator('.ant-select-dropdown:visible').getByText(kind, { exact: true }).click();
      await card.getByLabel('Nội dung câu hỏi').fill(text);
      await card.getByLabel('Hướng dẫn trả lời').fill(`Hướng dẫn: ${text.toLowerCase()}.`);
      if (!required) await card.getByText('Bắt buộc trả lời').click();
      if (code === 'KENH_BAN') {
        await card.getByLabel('Mã phương án 1').fill('website');
        await card.getByLabel('Phương án 1', { exact: true }).fill('Trang web của doanh nghiệp');
        await card.getByLabel('Mã phương án 2').fill('san_tmdt');
        await card.getByLabel('Phương án 2', { exact: true }).fill('Sàn thương mại điện tử');
      }
      if (code === 'SO_DON_HANG') await card.getByLabel('Đơn vị tính').fill('đơn');
    }
    await page.locator(`[data-question-editor="${before + 4}"]`).scrollIntoViewIfNeeded();
    await expectAccessible(page, 'questionnaire editor');
    await screenshot(page, '98-khao-sat-sua-phieu', { hideToasts: true });
    await page.getByRole('button', { name: 'Lưu phiên bản' }).click();
    const v3 = page.locator('tr[data-questionnaire]').filter({ hasText: 'DN-CDS v3' });
    await v3.waitFor();
    await expect(v3.textContent()).resolves.toContain(String(before + 5));
    const it_ = await signIn(walk.s.url, 'cntt.skhcn');
    const q3 = (await it_.get(`/api/v1/surveys/questionnaires/${await v3.getAttribute('data-questionnaire')}`)).body;
    expect(q3.questions.slice(-5).map((q: { code: string; kind: string; required: boolean; helpVi: string }) => [q.code, q.kind, q.required, q.helpVi.startsWith('Hướng dẫn:')])).toEqual([
      ['CO_DINH_DANH', 'yes_no', true, true],
      ['SO_DON_HANG', 'number', false, true],
      ['TY_LE_KH_SO', 'percent', true, true],
      ['KENH_BAN', 'choice', true, true],
      ['DE_XUAT', 'text', false, true],
    ]);

    // The half-year closed in July, reopened until a month from now.
    await page.getByRole('link', { name: '← Các kỳ khảo sát' }).click();
    await page.locator('tr[data-period]').filter({ hasText: 'Đã đóng' }).getByRole('link').click();
    await page.getByRole('button', { name: 'Mở lại kỳ' }).click();
    const d = new Date(Date.now() + 30 * 86_400_000);
    const due = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
    await page.getByLabel('Hạn nộp phiếu mới (bỏ trống: giữ hạn cũ)').fill(due);
    await page.keyboard.press('Enter');
    await page.locator('.ant-modal').getByRole('button', { name: 'Mở lại' }).click();
    await page.getByRole('button', { name: 'Đóng kỳ khảo sát' }).waitFor();
    await poll(() => page.textContent('body')).toContain(`– ${due}`);
    expect(errors).toEqual([]);
  }, 300_000);

  it('an enterprise answers by keyboard only on a phone, is returned and corrects', async () => {
    const { page, errors } = await as('dn.viettel', 390);
    await page.goto('/app/my-surveys');
    const open = page.locator('[data-response]').filter({ hasText: 'Hạn nộp' }).filter({ hasText: 'Chưa trả lời' }).first();
    await open.waitFor();
    const id = Number(await open.getAttribute('data-response'));
    await tabTo(page, open.getByRole('link'), 80);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/surveys/responses/${id}$`));
    const viettel = await signIn(walk.s.url, 'dn.viettel');
    const questions = (await viettel.get(`/api/v1/surveys/responses/${id}`)).body.questionnaire.questions as { code: string; kind: string; required: boolean }[];
    const required = questions.filter((x) => x.required && x.kind !== 'text');
    expect(required.length).toBeGreaterThan(3);
    await q(page, required[0]!.code).waitFor();

    // Every required answer but the last, each reached with Tab: Space picks the first option, digits fill a number.
    const answer = async (code: string, kind: string) => {
      await tabTo(page, q(page, code), 40);
      if (kind === 'number' || kind === 'percent') await page.keyboard.type(kind === 'percent' ? '40' : '120');
      else await page.keyboard.press('Space');
    };
    for (const x of required.slice(0, -1)) await answer(x.code, x.kind);
    await tabTo(page, page.getByRole('button', { name: 'Lưu nháp' }), 80);
    await page.keyboard.press('Enter');
    await page.getByText('Đã lưu nháp.').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Nộp phiếu' }), 5);
    await page.keyboard.press('Enter');
    const last = required.at(-1)!;
    await q(page, last.code).getByRole('alert').waitFor();
    await tabTo(page, q(page, last.code), 80, true);
    await page.keyboard.press(last.kind === 'number' || last.kind === 'percent' ? '7' : 'Space');
    await tabTo(page, page.getByRole('button', { name: 'Nộp phiếu' }), 80);
    await page.keyboard.press('Enter');
    await page.getByText('Đã nộp phiếu. Cảm ơn doanh nghiệp!').waitFor();

    // Returned by the IT department on its screen, by keyboard too: the button, the comment, "Trả lại".
    const number = required.find((x) => x.kind === 'number')!;
    const officer = await as('cntt.skhcn');
    await officer.page.goto(`/app/surveys/responses/${id}`);
    await q(officer.page, number.code).waitFor();
    await tabTo(officer.page, officer.page.getByRole('button', { name: 'Trả lại để sửa' }), 120);
    await officer.page.keyboard.press('Enter');
    const dialog = officer.page.getByRole('dialog');
    const comment = dialog.getByLabel('Ý kiến (câu nào cần sửa, vì sao)');
    await tabTo(officer.page, comment, 10);
    await officer.page.keyboard.type('Số lao động 120 chưa khớp hồ sơ (412 người): đề nghị kiểm tra lại.');
    await expectAccessible(officer.page, 'return a response');
    await tabTo(officer.page, dialog.getByRole('button', { name: 'Trả lại', exact: true }), 10);
    await officer.page.keyboard.press('Enter');
    await officer.page.getByText('Sở KH&CN trả lại phiếu ngày').waitFor();
    expect(officer.errors).toEqual([]);

    // The enterprise reads why, corrects the number and submits again.
    await page.reload();
    await page.getByText('Số lao động 120 chưa khớp hồ sơ').waitFor();
    await tabTo(page, q(page, number.code), 80);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('412');
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'returned response (phone)');
    await screenshot(page, '99-khao-sat-tra-lai-sua', { hideToasts: true });
    await tabTo(page, page.getByRole('button', { name: 'Nộp lại' }), 80);
    await page.keyboard.press('Enter');
    await page.getByText('Đã nộp phiếu. Cảm ơn doanh nghiệp!').waitFor();
    const done = (await viettel.get(`/api/v1/surveys/responses/${id}`)).body;
    expect(done.status).toBe('submitted');
    expect(done.answers[number.code]).toBe(412);
    expect(errors).toEqual([]);
  }, 180_000);
  it('the organisation tree registers an enterprise with its survey profile, as the enterprises screen does', async () => {
    const { page, errors } = await as('admin');
    page.setDefaultTimeout(45_000);
    await page.goto('/app/admin/organizations');
    await page.getByRole('button', { name: 'Thêm tổ chức' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên tổ chức').fill('Công ty TNHH Điện tử Long Bình');
    await dialog.getByLabel('Tên viết tắt (dùng trong ký hiệu)').fill('DTLONGBINH');
    await dialog.getByLabel('Loại', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').getByText('Doanh nghiệp', { exact: true }).click();
    // The profile's fields appear; the agency code and the parent go (an enterprise sits under the province).
    await dialog.getByLabel('Mã số thuế').fill('3600555001');
    await expect(dialog.getByLabel('Mã định danh').isVisible()).resolves.toBe(false);
    await dialog.getByLabel('Ngành kinh tế (VSIC 2018, cấp 1)').fill('Công nghiệp chế biến');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await dialog.getByLabel('Xã, phường nơi đặt trụ sở').fill('Phường Long Bình');
    await dialog.getByLabel('Quy mô').click();
    await page.locator('.ant-select-dropdown:visible').getByText('Vừa', { exact: true }).click();
    await dialog.getByLabel('Số lao động').fill('180');
    await dialog.getByLabel('Thư điện tử').fill('lienhe@dtlongbinh.vn');
    await expectAccessible(page, 'organisation tree: add an enterprise');
    await screenshot(page, '112-cay-to-chuc-them-doanh-nghiep', { hideToasts: true });
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr').filter({ hasText: 'Công ty TNHH Điện tử Long Bình' }).waitFor();

    // On the enterprises screen it is complete, with the profile given on the tree.
    await page.goto('/app/surveys/enterprises');
    const row = page.locator('tr[data-enterprise]').filter({ hasText: 'Điện tử Long Bình' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('3600555001');
    await expect(row.textContent()).resolves.toContain('C — ');
    await expect(row.textContent()).resolves.not.toContain('Hồ sơ chưa đủ');
    const made = (await (await signIn(walk.s.url, 'cntt.skhcn')).get('/api/v1/surveys/enterprises')).body.find((e: { taxCode: string }) => e.taxCode === '3600555001');
    expect(made).toMatchObject({ commune: 'Phường Long Bình', size: 'medium', employees: 180, email: 'lienhe@dtlongbinh.vn', complete: true });
    expect(errors).toEqual([]);
  }, 180_000);
});
