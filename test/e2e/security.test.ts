import { describe, expect, it } from 'vitest';
import { signIn } from '../helpers/client.js';
import { localDate } from '../../src/domain/numbering.js';
import { summaryYearOf } from '../../src/domain/security.js';
import { chooseByKeyboard, expectAccessible, poll, screenshot, scrollsSideways, tabTo } from './browser.js';
import { people } from './people.js';

/**
 * Information security in Debian's Chromium: the incident team's back office is open when a
 * security officer reports an incident from a phone, and the report appears there live; the
 * team acknowledges it and reads its access log; the systems register; an inspection with
 * its recommendations; the team on a phone, by keyboard; the team registers a system for an
 * agency; the register's agency filter and the summaries' report year, by keyboard at 390
 * and 1366 px. Axe on every screen; screenshots 65–69, 95–96, 113, 121, 150–153.
 */

const walk = people();
const { as } = walk;

describe('information security in the browser', () => {
  it('an incident reported from a phone reaches the open back office of the incident team live', async () => {
    const team = await as('ungcuu.skhcn');
    await team.page.getByRole('link', { name: 'Sự cố ATTT' }).click();
    const rows = team.page.locator('[data-testid="incidents-table"] tbody tr[data-incident]');
    await poll(() => rows.count()).toBe(4);
    await team.page.getByTestId('incident-chart').locator('svg').first().waitFor();
    await poll(() => team.page.locator('[data-live]').getAttribute('data-live')).toBe('live');
    await expectAccessible(team.page, 'incident list');
    await screenshot(team.page, '65-su-co-an-toan-thong-tin', { hideToasts: true });
    // The summaries are offered for a report year chosen among those with incidents.
    const yearPick = team.page.getByTestId('summary-year');
    const year = Number(((await yearPick.textContent()) ?? '').match(/\d{4}/)![0]);
    await expect(team.page.getByRole('link', { name: `Báo cáo năm ${year}` }).getAttribute('href')).resolves.toContain(`year=${year}`);
    await team.page.getByLabel('Năm báo cáo tổng hợp').click();
    const years = await team.page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents();
    expect(years[0]).toBe(`Năm ${year}`);
    await team.page.keyboard.press('Escape');

    const officer = await as('attt.stc', 390);
    await officer.page.goto('/app/security/incidents/new');
    await officer.page.getByTestId('incident-form').waitFor();
    await officer.page.getByLabel('Tóm tắt sự cố').fill('Máy chủ tệp bị mã hóa dữ liệu');
    await officer.page.getByText('Nghiêm trọng', { exact: true }).click();
    await officer.page.getByLabel('Mô tả: hiện tượng, phạm vi').fill('Thư mục dùng chung của phòng Ngân sách bị đổi tên toàn bộ tệp.');
    await officer.page.getByLabel('Biện pháp đã thực hiện').fill('Đã rút cáp mạng máy chủ tệp.');
    await officer.page.getByLabel('Đề nghị hỗ trợ').fill('Cần hỗ trợ khôi phục dữ liệu.');
    expect(await scrollsSideways(officer.page)).toBe(false);
    await expectAccessible(officer.page, 'incident report form (phone)');
    await officer.page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(officer.page, '66-bao-cao-su-co-dien-thoai');
    await officer.page.getByRole('button', { name: 'Gửi báo cáo ban đầu' }).click();
    await officer.page.getByTestId('incident-status').waitFor();

    // Live in the team's back office: the notice and the new row, without reloading.
    await team.page.getByTestId('incident-notice').filter({ hasText: 'Máy chủ tệp bị mã hóa dữ liệu' }).waitFor({ state: 'attached' }); // toasts are hidden for the screenshots
    await poll(() => rows.count()).toBe(5);
    expect(team.errors).toEqual([]);
    expect(officer.errors).toEqual([]);
  });

  it('the team acknowledges the incident and sees who read it', async () => {
    const team = walk.all[0]!;
    await team.page.locator('[data-testid="incidents-table"] tbody tr[data-incident]').first().getByRole('link').click();
    await team.page.getByTestId('incident-status').waitFor();
    await team.page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await team.page.locator('.ant-modal').getByRole('button', { name: 'Tiếp nhận' }).click();
    await poll(() => team.page.getByTestId('incident-status').textContent()).toContain('Đã tiếp nhận');
    await poll(() => team.page.getByTestId('access-log').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(team.page, 'incident view');
    await screenshot(team.page, '67-chi-tiet-su-co', { hideToasts: true });
  });

  it('the systems register and an inspection with its recommendations', async () => {
    const team = walk.all[0]!;
    await team.page.getByRole('link', { name: 'Hệ thống thông tin' }).click();
    await poll(() => team.page.locator('[data-testid="systems-table"] tbody tr').count()).toBeGreaterThanOrEqual(8);
    await expectAccessible(team.page, 'systems register');
    await screenshot(team.page, '68-he-thong-thong-tin', { hideToasts: true });

    // The incident team registers a system for an agency: it names the owner, not its own department.
    await team.page.getByRole('button', { name: 'Thêm hệ thống' }).click();
    const form = team.page.getByRole('dialog');
    await form.getByLabel('Tên hệ thống').fill('Hệ thống quản lý hồ sơ sức khỏe điện tử');
    await form.getByLabel('Cơ quan chủ quản').fill('Sở Y');
    await team.page.locator('.ant-select-dropdown:visible').getByText('Sở Y tế', { exact: true }).click();
    await expectAccessible(team.page, 'add a system for an agency');
    await screenshot(team.page, '113-he-thong-them-cho-co-quan', { hideToasts: true });
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form.waitFor({ state: 'detached' });
    const added = team.page.locator('[data-testid="systems-table"] tbody tr').filter({ hasText: 'Hệ thống quản lý hồ sơ sức khỏe điện tử' });
    await added.waitFor();
    await expect(added.textContent()).resolves.toContain('Sở Y tế');
    // A province-wide role narrows the register to one agency.
    const orgFilter = team.page.getByLabel('Lọc theo cơ quan chủ quản');
    await orgFilter.fill('Sở Y');
    await team.page.locator('.ant-select-dropdown:visible').getByText('Sở Y tế', { exact: true }).click();
    const systemRows = team.page.locator('[data-testid="systems-table"] tbody tr.ant-table-row');
    await poll(() => systemRows.count()).toBe(3);
    for (const text of await systemRows.allTextContents()) expect(text).toContain('Sở Y tế');
    expect(team.page.url()).toMatch(/[?&]org=\d+/);
    await expectAccessible(team.page, 'systems register of one agency');
    await screenshot(team.page, '121-he-thong-loc-theo-co-quan', { hideToasts: true });

    const inspector = await as('kiemtra.cat');
    await inspector.page.getByRole('link', { name: 'Kiểm tra ATTT' }).click();
    await inspector.page.getByTestId('inspection-plan').getByRole('link', { name: 'Sở Y tế' }).click();
    await inspector.page.getByTestId('conclusion').waitFor();
    const recs = inspector.page.locator('[data-recommendation]');
    await poll(() => recs.count()).toBe(3);
    await expect(recs.nth(0).getAttribute('data-status')).resolves.toBe('closed');
    await expect(recs.nth(1).getAttribute('data-status')).resolves.toBe('reopened');
    await expect(recs.nth(1).textContent()).resolves.toContain('quá hạn');
    await expectAccessible(inspector.page, 'inspection');
    await screenshot(inspector.page, '69-kiem-tra-attt', { fullPage: true, hideToasts: true });

    // The next inspection of the plan: recorded, then concluded by a letter to the agency.
    await inspector.page.getByRole('link', { name: '← Kế hoạch kiểm tra' }).click();
    await inspector.page.getByTestId('inspection-plan').getByRole('link', { name: 'Sở Tài chính' }).click();
    await inspector.page.getByRole('button', { name: 'Ghi kết quả kiểm tra' }).click();
    const modal = inspector.page.locator('.ant-modal');
    await modal.getByLabel('Đoàn kiểm tra').fill('Đại úy Nguyễn Hữu Thắng (Trưởng đoàn)');
    const d = new Date(Date.now() - 86_400_000);
    await modal.getByLabel('Ngày kiểm tra (dd/mm/yyyy)').fill(`${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`);
    await modal.getByRole('button', { name: 'Thêm phát hiện' }).click();
    await modal.getByLabel('Phát hiện 1', { exact: true }).fill('Tài khoản quản trị dùng chung.');
    await expectAccessible(inspector.page, 'record an inspection');
    await modal.getByRole('button', { name: 'Lưu' }).click();
    await inspector.page.getByRole('button', { name: 'Ban hành kết luận' }).click();
    await modal.getByLabel('Nội dung kết luận').fill('Cần tách tài khoản quản trị theo người.');
    await modal.getByLabel('Kiến nghị 1', { exact: true }).fill('Tách tài khoản quản trị theo người.');
    await modal.getByLabel('Hạn kiến nghị 1').fill('31/12/2099');
    await modal.getByRole('button', { name: 'Ban hành kết luận' }).click();
    await inspector.page.getByTestId('conclusion').waitFor();
    await poll(() => recs.count()).toBe(1);
    expect(inspector.errors).toEqual([]);
  });

  it('the incident team on a phone: the list with the overdue one, then acknowledges and adds an update by keyboard', async () => {
    const { page, errors } = await as('ungcuu.skhcn', 390);
    page.setDefaultTimeout(45_000);
    await page.goto('/app/security/incidents');
    const cards = page.getByTestId('incident-cards').locator('[data-incident]');
    await poll(() => cards.count()).toBeGreaterThanOrEqual(4);
    // The password guessing at the budget system: resolved 8 days ago, its final report overdue.
    await expect(cards.filter({ hasText: 'Dò quét mật khẩu hàng loạt' }).textContent()).resolves.toContain('Quá hạn');
    await expect(page.getByTestId('overdue-filter').textContent()).resolves.toMatch(/Quá hạn \([1-9]\)/);
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'incident list (phone)');
    await screenshot(page, '95-su-co-dien-thoai', { hideToasts: true });

    // Keyboard only from here: the phishing mails, still waiting to be acknowledged.
    const phishing = cards.filter({ hasText: 'Thư điện tử giả mạo' }).getByRole('link');
    await tabTo(page, phishing, 80);
    await page.keyboard.press('Enter');
    const status = page.getByTestId('incident-status');
    await poll(() => status.textContent()).toContain('Mới báo cáo');
    await tabTo(page, page.getByRole('button', { name: 'Tiếp nhận', exact: true }));
    await page.keyboard.press('Enter');
    const modal = page.locator('.ant-modal').filter({ hasText: 'Tiếp nhận sự cố' });
    await modal.getByLabel('Ghi chú').waitFor();
    await tabTo(page, modal.getByLabel('Ghi chú'), 10);
    await page.keyboard.type('Đã tiếp nhận; yêu cầu Sở Y tế gửi mẫu thư giả mạo.');
    await tabTo(page, modal.getByRole('button', { name: 'Tiếp nhận' }), 10);
    await page.keyboard.press('Enter');
    await poll(() => status.textContent()).toContain('Đã tiếp nhận');

    await tabTo(page, page.getByRole('button', { name: 'Cập nhật xử lý' }), 80);
    await page.keyboard.press('Enter');
    const update = page.locator('.ant-modal').filter({ hasText: 'Cập nhật quá trình xử lý' });
    await tabTo(page, update.getByLabel('Biện pháp đã thực hiện'), 10);
    await page.keyboard.type('Đã chặn tên miền giả mạo trên cổng thư; đổi mật khẩu 12 tài khoản đã đăng nhập trang giả.');
    await tabTo(page, update.getByRole('button', { name: 'Ghi nhận' }), 10);
    await page.keyboard.press('Enter');
    await page.locator('[data-event="update"]').filter({ hasText: 'đổi mật khẩu 12 tài khoản' }).waitFor();
    await poll(() => status.textContent()).toContain('Đang xử lý');
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, 'incident view (phone)');
    await screenshot(page, '96-chi-tiet-su-co-dien-thoai', { hideToasts: true });
    expect(errors).toEqual([]);
  }, 300_000);

  it("the systems register's agency filter by keyboard, on a phone and at 1366 px: typed without marks, taken with Enter, let go", async () => {
    for (const width of [390, 1366]) {
      const { page, errors } = await as('ungcuu.skhcn', width);
      page.setDefaultTimeout(45_000);
      await page.goto('/app/security/systems');
      const items = width < 500 ? page.getByTestId('system-cards').locator('[data-system]') : page.locator('[data-testid="systems-table"] tbody tr.ant-table-row');
      await poll(() => items.count()).toBeGreaterThanOrEqual(8);
      const every = await items.count();
      const filter = page.getByLabel('Lọc theo cơ quan chủ quản');
      await tabTo(page, filter, 60);
      // "so y te": the marks left out, as people type on a phone.
      await chooseByKeyboard(page, 'so y te', 'Sở Y tế');
      await poll(() => page.url()).toMatch(/[?&]org=\d+/);
      await poll(() => items.count()).toBeLessThan(every);
      for (const text of await items.allTextContents()) expect(text).toContain('Sở Y tế');
      expect(await scrollsSideways(page)).toBe(false);
      await expectAccessible(page, `systems register of one agency (${width} px)`);
      await screenshot(page, width < 500 ? '150-he-thong-loc-dien-thoai' : '151-he-thong-loc-ban-phim', { hideToasts: true });
      // Let go by keyboard too: every agency again.
      await filter.focus();
      await chooseByKeyboard(page, 'moi co quan', 'Mọi cơ quan');
      await poll(() => page.url()).not.toMatch(/[?&]org=/);
      await poll(() => items.count()).toBe(every);
      expect(errors).toEqual([]);
    }
  }, 300_000);

  it("the summaries' report year by keyboard on a phone and at 1366 px: an earlier year with an incident is offered and chosen", async () => {
    // An incident detected a year ago (the oldest a report may be), reported by the security officer of Finance.
    const detected = new Date(Date.now() - 365.5 * 86_400_000);
    const officer = await signIn(walk.s.url, 'attt.stc');
    const r = await officer.post('/api/v1/security/incidents', { title: 'Lộ mật khẩu tài khoản quản trị cổng thông tin', description: 'Phát hiện khi rà soát nhật ký.', detectedAt: detected.toISOString(), severity: 'medium' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const now = summaryYearOf(localDate(new Date()));
    const earlier = summaryYearOf(localDate(detected));
    expect(earlier).toBeLessThan(now);
    for (const width of [390, 1366]) {
      const { page, errors } = await as('ungcuu.skhcn', width);
      page.setDefaultTimeout(45_000);
      await page.goto('/app/security/incidents');
      const year = page.getByLabel('Năm báo cáo tổng hợp');
      await poll(() => page.getByTestId('summary-year').textContent()).toBe(`Năm ${now}`);
      await tabTo(page, year, 40);
      await chooseByKeyboard(page, '', `Năm ${earlier}`);
      await poll(() => page.getByTestId('summary-year').textContent()).toBe(`Năm ${earlier}`);
      expect(page.url()).toContain(`year=${earlier}`);
      // The two summaries are of that year, and the keyboard reaches them.
      for (const [name, period] of [[`Báo cáo 6 tháng ${earlier}`, 'half'], [`Báo cáo năm ${earlier}`, 'year']] as const) {
        const link = page.getByRole('link', { name });
        await expect(link.getAttribute('href')).resolves.toMatch(new RegExp(`year=${earlier}.*period=${period}|period=${period}.*year=${earlier}`));
      }
      await tabTo(page, page.getByRole('link', { name: `Báo cáo năm ${earlier}` }), 5);
      expect(await scrollsSideways(page)).toBe(false);
      await expectAccessible(page, `incident summaries of an earlier year (${width} px)`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, width < 500 ? '152-nam-bao-cao-dien-thoai' : '153-nam-bao-cao', { hideToasts: true });
      expect(errors).toEqual([]);
    }
  }, 300_000);
});
