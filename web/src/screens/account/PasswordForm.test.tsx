// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Lang } from '../../i18n';
import { ApiError } from '../../api';
import { describedError, prepareDom, renderIn, type } from '../../testing';
import { PasswordForm, type ChangePassword } from './PasswordForm';

/** The password form as a person meets it: the rule ticks off as they type, errors sit under their field. */

prepareDom();

function setup(onChange: ChangePassword = vi.fn(async () => ({ endedSessions: 2 })), lang: Lang = 'vi') {
  renderIn(<PasswordForm username="vanthu.stc" onChange={onChange} />, lang);
  return onChange;
}

const checks = () => [...document.querySelectorAll('.lt-password-checks li')].map((li) => li.getAttribute('data-ok'));

describe('the password form', () => {
  it('says what the new password lacks while it is typed, and ticks the rules off', async () => {
    setup();
    type('Mật khẩu mới', 'mai');
    expect(await screen.findByText('Mật khẩu cần ít nhất 10 ký tự (hiện có 3).')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('password-live').textContent).toBe('Mật khẩu cần ít nhất 10 ký tự (hiện có 3).'));
    await waitFor(() => expect(checks()).toEqual(['false', 'false', 'true', 'true']));
    type('Mật khẩu mới', 'chimotloaichu');
    expect(await screen.findByText(/Kết hợp chữ với số hoặc ký tự đặc biệt/)).toBeTruthy();
    await waitFor(() => expect(checks()).toEqual(['true', 'false', 'true', 'true']));
    type('Mật khẩu mới', 'vanthu.stc-2026');
    expect(await screen.findByText('Mật khẩu không được chứa tên đăng nhập.')).toBeTruthy();
    type('Mật khẩu mới', 'Matkhau123');
    expect(await screen.findByText('Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.')).toBeTruthy();
    type('Mật khẩu mới', 'Hoa mai nở sớm 2027');
    await waitFor(() => expect(screen.getByLabelText('Mật khẩu mới').getAttribute('aria-invalid')).toBeNull());
    await waitFor(() => expect(checks()).toEqual(['true', 'true', 'true', 'true']));
    // A long passphrase of letters alone is fine.
    type('Mật khẩu mới', 'hoa mai no som mua xuan');
    await waitFor(() => expect(screen.getByLabelText('Mật khẩu mới').getAttribute('aria-invalid')).toBeNull());
  });

  it('refuses an empty form, a repeat that differs and a new password equal to the current one; errors are announced with their field', async () => {
    const onChange = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Đổi mật khẩu' }));
    expect(await screen.findByText('Hãy nhập mật khẩu hiện tại.')).toBeTruthy();
    expect(screen.getByText('Hãy nhập mật khẩu mới.')).toBeTruthy();
    expect(screen.getByText('Hãy nhập lại mật khẩu mới.')).toBeTruthy();
    expect(screen.getByLabelText('Mật khẩu hiện tại').getAttribute('aria-invalid')).toBe('true');
    expect(describedError('Mật khẩu hiện tại')).toContain('Hãy nhập mật khẩu hiện tại.');
    await waitFor(() => expect(screen.getByTestId('password-live').textContent).toContain('Hãy nhập mật khẩu hiện tại.'));
    expect(screen.getByTestId('password-live').getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Mật khẩu hiện tại')));

    type('Mật khẩu hiện tại', 'Hoa mai nở sớm 2027');
    type('Mật khẩu mới', 'Hoa mai nở sớm 2027');
    expect(await screen.findByText('Mật khẩu mới phải khác mật khẩu hiện tại.')).toBeTruthy();
    type('Mật khẩu mới', 'Cây đa đầu làng 1975');
    type('Nhập lại mật khẩu mới', 'Cây đa đầu làng 1976');
    expect(await screen.findByText('Hai lần nhập mật khẩu mới không giống nhau.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Đổi mật khẩu' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(onChange).not.toHaveBeenCalled();
  });

  it('sends a valid form, reports the sessions ended and clears the fields', async () => {
    const onChange = setup();
    type('Mật khẩu hiện tại', 'demo');
    type('Mật khẩu mới', 'Cây đa đầu làng 1975');
    type('Nhập lại mật khẩu mới', 'Cây đa đầu làng 1975');
    fireEvent.click(screen.getByRole('button', { name: 'Đổi mật khẩu' }));
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('demo', 'Cây đa đầu làng 1975'));
    expect((await screen.findByTestId('password-done')).textContent).toContain('2 phiên đăng nhập khác của bạn đã kết thúc.');
    expect((screen.getByLabelText('Mật khẩu mới') as HTMLInputElement).value).toBe('');
  });

  it("puts the server's refusal under the field it names and keeps what was typed", async () => {
    setup(vi.fn(async () => Promise.reject(new ApiError(400, 'wrong_password', 'Mật khẩu hiện tại không đúng.', 'The current password is wrong.', 'currentPassword'))));
    type('Mật khẩu hiện tại', 'sai-mat-khau');
    type('Mật khẩu mới', 'Cây đa đầu làng 1975');
    type('Nhập lại mật khẩu mới', 'Cây đa đầu làng 1975');
    fireEvent.click(screen.getByRole('button', { name: 'Đổi mật khẩu' }));
    expect(await screen.findByText('Mật khẩu hiện tại không đúng.')).toBeTruthy();
    expect(describedError('Mật khẩu hiện tại')).toContain('Mật khẩu hiện tại không đúng.');
    expect((screen.getByLabelText('Mật khẩu mới') as HTMLInputElement).value).toBe('Cây đa đầu làng 1975');
  });

  it('speaks English when switched', async () => {
    setup(undefined, 'en');
    type('New password', 'short1');
    expect(await screen.findByText('The password needs at least 10 characters (it has 6).')).toBeTruthy();
  });
});
