// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../api';
import { ImapAccountForm } from './ImapAccountForm';
import { choose, describedError, prepareDom, renderIn, type } from '../testing';
import type { ImapAccount, ImapAccountInput } from './types';
import type { Organization } from '../types';

/** The IMAP account form as the province administrator meets it: server, port, security, a write-only password. */

prepareDom();

const org = (id: number, name: string, email: string | null): Organization => ({ id, name, shortName: name, kind: 'agency', parentId: 1, code: null, email, address: null, phone: null, website: null, active: true });
const orgs = [org(2, 'Sở Tài chính', 'stc@dongnai.gov.vn'), org(3, 'Sở Xây dựng', null)];
const account: ImapAccount = {
  id: 5, orgId: 2, orgName: 'Sở Tài chính', host: 'mail.dongnai.gov.vn', port: 143, security: 'starttls', username: 'stc@dongnai.gov.vn', mailbox: 'INBOX',
  tlsRejectUnauthorized: true, active: true, uidvalidity: '1700000000', polling: false, lastPolledAt: null, lastError: null, seen: { total: 0, accepted: 0, duplicate: 0, refused: 0, failed: 0 }, createdAt: '2026-01-01T00:00:00Z',
};

function setup(opts: { account?: ImapAccount; onSubmit?: (v: ImapAccountInput) => Promise<unknown> } = {}) {
  const onSubmit = opts.onSubmit ?? vi.fn(async () => ({}));
  renderIn(<ImapAccountForm account={opts.account} orgs={orgs} onSubmit={onSubmit} />);
  return onSubmit;
}
const submit = (name = 'Thêm hộp thư') => fireEvent.click(screen.getByRole('button', { name }));

describe('the IMAP account form', () => {
  it('checks the server name, the port and the password while they are typed', async () => {
    setup();
    type('Máy chủ IMAP', 'mail dongnai');
    expect(await screen.findByText('"mail dongnai" không phải tên máy chủ hay địa chỉ IP hợp lệ.')).toBeTruthy();
    type('Máy chủ IMAP', '10.0.0.25');
    await waitFor(() => expect(screen.getByLabelText('Máy chủ IMAP').getAttribute('aria-invalid')).toBeNull());
    type('Cổng', '70000');
    expect(await screen.findByText('Cổng phải là số nguyên từ 1 đến 65535.')).toBeTruthy();
    type('Mật khẩu', 'mat\u0000khau');
    expect(await screen.findByText('Mật khẩu chứa ký tự không hợp lệ (xuống dòng hoặc ký tự rỗng).')).toBeTruthy();
  });

  it('moves the default port with the security mode', async () => {
    setup();
    expect((screen.getByLabelText('Cổng') as HTMLInputElement).value).toBe('993');
    fireEvent.click(screen.getByLabelText('STARTTLS bắt buộc (cổng 143)'));
    await waitFor(() => expect((screen.getByLabelText('Cổng') as HTMLInputElement).value).toBe('143'));
  });

  it('needs a password for a new account, and sends what was entered', async () => {
    const onSubmit = setup();
    type('Máy chủ IMAP', 'Mail.DongNai.gov.vn');
    type('Tài khoản', 'stc@dongnai.gov.vn');
    submit();
    expect(await screen.findByText('Nhập mật khẩu hộp thư.')).toBeTruthy();
    await waitFor(() => expect(describedError('Mật khẩu')).toContain('Nhập mật khẩu hộp thư.'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Mật khẩu')));
    expect(onSubmit).not.toHaveBeenCalled();
    type('Mật khẩu', 'Mật khẩu hộp thư 2026');
    await choose('Thư chuyển vào', /Sở Tài chính/);
    fireEvent.click(screen.getByLabelText('Chấp nhận chứng chỉ tự ký (chỉ trong mạng nội bộ)'));
    submit();
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({ host: 'mail.dongnai.gov.vn', port: 993, security: 'tls', username: 'stc@dongnai.gov.vn', password: 'Mật khẩu hộp thư 2026', mailbox: 'INBOX', orgId: 2, tlsRejectUnauthorized: false, active: true }),
    );
  });

  it('keeps the stored password when an account is edited and the field is left empty; an organisation without an address cannot be chosen', async () => {
    const onSubmit = setup({ account });
    expect(screen.getByLabelText('Mật khẩu mới (để trống: giữ nguyên)')).toBeTruthy();
    fireEvent.mouseDown(screen.getByLabelText('Thư chuyển vào'));
    const noAddress = await screen.findByText(/Sở Xây dựng — chưa có địa chỉ thư/);
    expect(noAddress.closest('.ant-select-item')?.getAttribute('aria-disabled') ?? noAddress.closest('.ant-select-item')?.className).toMatch(/true|disabled/);
    submit('Lưu thay đổi');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const sent = (onSubmit as ReturnType<typeof vi.fn>).mock.calls[0]![0] as ImapAccountInput;
    expect(sent).not.toHaveProperty('password');
    expect(sent).toMatchObject({ host: 'mail.dongnai.gov.vn', port: 143, security: 'starttls', orgId: 2 });
  });

  it("puts the server's refusal under the field it names and keeps what was typed", async () => {
    setup({ onSubmit: vi.fn(async () => Promise.reject(new ApiError(400, 'invalid_field', 'Sở Xây dựng chưa có địa chỉ thư công vụ: hãy khai báo trước khi nhận thư qua IMAP.', 'No address.', 'orgId'))) });
    type('Máy chủ IMAP', 'mail.dongnai.gov.vn');
    type('Tài khoản', 'sxd@dongnai.gov.vn');
    type('Mật khẩu', 'bí mật 123');
    submit();
    expect(await screen.findByTestId('imap-error')).toBeTruthy();
    await waitFor(() => expect(describedError('Thư chuyển vào')).toContain('chưa có địa chỉ thư công vụ'));
    expect((screen.getByLabelText('Tài khoản') as HTMLInputElement).value).toBe('sxd@dongnai.gov.vn');
    expect((screen.getByLabelText('Mật khẩu') as HTMLInputElement).value).toBe('bí mật 123');
  });
});
