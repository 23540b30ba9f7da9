// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../api';
import { AliasForm } from './AliasForm';
import { choose, describedError, prepareDom, renderIn, type } from '../testing';
import type { Organization } from '../types';

/** Adding an alias: a valid address in the province's domains, for an agency or unit. */

prepareDom();

const org = (id: number, name: string, kind: Organization['kind'], active = true): Organization => ({ id, name, shortName: name, kind, parentId: 1, code: null, email: null, address: null, phone: null, website: null, active });
const orgs = [org(1, 'Tỉnh Đồng Nai', 'province'), org(2, 'Sở Tài chính', 'agency'), org(3, 'Phòng Ngân sách', 'unit'), org(4, 'Công ty DN Tech', 'enterprise')];

function setup(onSubmit: (v: { address: string; orgId: number }) => Promise<unknown> = vi.fn(async () => ({}))) {
  renderIn(<AliasForm domains={['dongnai.gov.vn']} orgs={orgs} onSubmit={onSubmit} />);
  return onSubmit;
}

describe('the alias form', () => {
  it('checks the address and its domain while it is typed', async () => {
    setup();
    type('Địa chỉ bí danh', 'van phong@dongnai.gov.vn');
    expect(await screen.findByText('Địa chỉ thư không hợp lệ (ví dụ: vanphong@dongnai.gov.vn).')).toBeTruthy();
    type('Địa chỉ bí danh', 'vanphong@gmail.com');
    expect(await screen.findByText('Địa chỉ bí danh phải thuộc tên miền thư của tỉnh: dongnai.gov.vn.')).toBeTruthy();
    await waitFor(() => expect(describedError('Địa chỉ bí danh')).toContain('dongnai.gov.vn'));
    type('Địa chỉ bí danh', 'NganSach.STC@DongNai.gov.vn');
    await waitFor(() => expect(screen.getByLabelText('Địa chỉ bí danh').getAttribute('aria-invalid')).toBeNull());
  });

  it('offers only agencies and units, needs one, and sends the address in lower case', async () => {
    const onSubmit = setup();
    type('Địa chỉ bí danh', 'NganSach.STC@DongNai.gov.vn');
    fireEvent.click(screen.getByRole('button', { name: 'Thêm bí danh' }));
    expect(await screen.findByText('Chọn cơ quan hoặc đơn vị nhận thư.')).toBeTruthy();
    fireEvent.mouseDown(screen.getByLabelText('Thuộc cơ quan, đơn vị'));
    await screen.findAllByText('Phòng Ngân sách', { selector: '.ant-select-item-option-content' });
    expect(screen.queryByText('Công ty DN Tech', { selector: '.ant-select-item-option-content' })).toBeNull();
    expect(screen.queryByText('Tỉnh Đồng Nai', { selector: '.ant-select-item-option-content' })).toBeNull();
    await choose('Thuộc cơ quan, đơn vị', 'Phòng Ngân sách');
    fireEvent.click(screen.getByRole('button', { name: 'Thêm bí danh' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ address: 'ngansach.stc@dongnai.gov.vn', orgId: 3 }));
  });

  it("shows the server's refusal under the address and keeps it", async () => {
    setup(vi.fn(async () => Promise.reject(new ApiError(409, 'address_taken', 'Địa chỉ stc@dongnai.gov.vn đã được dùng.', 'The address is already taken.', 'address'))));
    type('Địa chỉ bí danh', 'stc@dongnai.gov.vn');
    await choose('Thuộc cơ quan, đơn vị', 'Sở Tài chính');
    fireEvent.click(screen.getByRole('button', { name: 'Thêm bí danh' }));
    expect(await screen.findByTestId('alias-error')).toBeTruthy();
    await waitFor(() => expect(describedError('Địa chỉ bí danh')).toContain('đã được dùng'));
    expect((screen.getByLabelText('Địa chỉ bí danh') as HTMLInputElement).value).toBe('stc@dongnai.gov.vn');
  });
});
