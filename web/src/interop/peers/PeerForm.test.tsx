// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../api';
import { PeerForm } from './PeerForm';
import { HostedCodeForm } from './HostedCodeForm';
import { describedError, prepareDom, renderIn, type } from '../../testing';
import type { Peer } from './types';

/** The peer node forms of the province administrator: checks said in Vietnamese while typing, secrets write-only. */

prepareDom();

const SECRET = 'khoa-chung-cua-hai-tinh-0123456789';
const stored: Peer = {
  id: 4,
  name: 'Tỉnh Khánh Hòa',
  transport: 'node',
  baseUrl: 'https://lienthong.khanhhoa.gov.vn',
  auth: 'hmac',
  peerNodeId: 'khanhhoa',
  ourNodeId: 'dongnai',
  hasInboundSecret: true,
  hasOutboundSecret: true,
  hasPrivateKey: false,
  peerCertificate: null,
  active: true,
  lastPolledAt: null,
  lastError: null,
  organizations: [],
  queue: { pending: 0, sending: 0, sent: 0, failed: 0 },
  createdAt: '2026-01-05T02:00:00.000Z',
  updatedAt: '2026-01-05T02:00:00.000Z',
};
const live = () => screen.getByTestId('peer-live').textContent;

describe('the peer node form', () => {
  it('says what is missing on submit, focuses the first field and announces it; then sends the node shaped for the API', async () => {
    const onSubmit = vi.fn(async () => ({}));
    renderIn(<PeerForm onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('button', { name: 'Thêm nút liên thông' }));
    expect(await screen.findByText('Nhập tên nút (ví dụ: Tỉnh Khánh Hòa).')).toBeTruthy();
    expect(await screen.findByText('Nhập địa chỉ của nút (ví dụ https://lienthong.khanhhoa.gov.vn).')).toBeTruthy();
    expect(await screen.findByText('Nhập khóa chung (ít nhất 16 ký tự), trao đổi với tỉnh kia qua kênh an toàn.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Tên nút')));
    expect(live()).toBe('Nhập tên nút (ví dụ: Tỉnh Khánh Hòa).');
    expect(onSubmit).not.toHaveBeenCalled();

    type('Tên nút', 'Tỉnh Khánh Hòa');
    type('Địa chỉ nút', 'ftp://lienthong.khanhhoa.gov.vn');
    await waitFor(() => expect(describedError('Địa chỉ nút')).toContain('URL http(s)://'));
    type('Địa chỉ nút', 'https://lienthong.khanhhoa.gov.vn/');
    type('Mã nút của tỉnh kia', 'khánh hòa');
    await waitFor(() => expect(describedError('Mã nút của tỉnh kia')).toContain('chỉ gồm chữ không dấu'));
    type('Mã nút của tỉnh kia', 'khanhhoa');
    type('Mã nút của tỉnh mình', 'dongnai');
    type('Khóa chung', 'ngan');
    await waitFor(() => expect(describedError('Khóa chung')).toContain('từ 16 đến 500 ký tự'));
    type('Khóa chung', SECRET);
    fireEvent.click(screen.getByRole('button', { name: 'Thêm nút liên thông' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Tỉnh Khánh Hòa', transport: 'node', baseUrl: 'https://lienthong.khanhhoa.gov.vn', ourNodeId: 'dongnai', active: true, auth: 'hmac', peerNodeId: 'khanhhoa', secret: SECRET });
  });

  it('in certificate mode asks for both PEM blocks; for the national axis, the system id and secret only', async () => {
    const onSubmit = vi.fn(async () => ({}));
    renderIn(<PeerForm onSubmit={onSubmit} />);
    fireEvent.click(screen.getByLabelText('Chứng thư số'));
    await waitFor(() => expect(screen.queryByLabelText('Khóa chung')).toBeNull());
    type('Chứng thư số của tỉnh kia (PEM)', 'không phải PEM');
    await waitFor(() => expect(describedError('Chứng thư số của tỉnh kia (PEM)')).toContain('-----BEGIN CERTIFICATE-----'));
    fireEvent.click(screen.getByLabelText('Trục liên thông quốc gia'));
    await waitFor(() => expect(screen.queryByLabelText('Mã nút của tỉnh kia')).toBeNull());
    expect(screen.queryByLabelText('Chứng thư số của tỉnh kia (PEM)')).toBeNull();
    type('Tên nút', 'Trục liên thông văn bản quốc gia');
    type('Địa chỉ nút', 'https://truc.gov.vn');
    type('Mã hệ thống (system id)', 'lienthong.dongnai');
    type('Mã bí mật của hệ thống (secret)', SECRET);
    fireEvent.click(screen.getByRole('button', { name: 'Thêm nút liên thông' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ name: 'Trục liên thông văn bản quốc gia', transport: 'axis', baseUrl: 'https://truc.gov.vn', ourNodeId: 'lienthong.dongnai', active: true, outboundSecret: SECRET }));
  });

  it('on an edit never shows the stored secret, keeps it when left empty, and puts the server’s refusal under its field', async () => {
    const onSubmit = vi.fn(async () => Promise.reject(new ApiError(409, 'duplicate_peer', 'Đã có nút liên thông mã hanoi.', 'A peer node hanoi already exists.', 'peerNodeId')));
    renderIn(<PeerForm peer={stored} onSubmit={onSubmit} />);
    const secret = screen.getByLabelText('Khóa chung') as HTMLInputElement;
    expect(secret.value).toBe('');
    expect(secret.type).toBe('password');
    expect(secret.placeholder).toBe('Đã lưu — để trống để giữ nguyên');
    type('Mã nút của tỉnh kia', 'hanoi');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu thay đổi' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const sent = (onSubmit.mock.calls[0] as unknown[])[0] as Record<string, unknown>;
    expect(sent).toMatchObject({ peerNodeId: 'hanoi', baseUrl: stored.baseUrl });
    expect(sent).not.toHaveProperty('secret');
    expect(await screen.findByTestId('peer-error')).toBeTruthy();
    await waitFor(() => expect(describedError('Mã nút của tỉnh kia')).toContain('Đã có nút liên thông mã hanoi.'));
    expect(live()).toBe('Đã có nút liên thông mã hanoi.');
  });
});

describe('the hosted code form', () => {
  it('takes a level-1 code alone, a full code with its organisation’s name, and refuses anything else', async () => {
    const onSubmit = vi.fn(async () => ({}));
    renderIn(<HostedCodeForm onSubmit={onSubmit} />);
    type('Mã định danh', '12.H41');
    await waitFor(() => expect(describedError('Mã định danh')).toContain('phải là mã định danh (000.00.05.H41) hoặc mã cấp 1 (H41)'));
    type('Mã định danh', '000.00.05.h41');
    fireEvent.click(screen.getByRole('button', { name: 'Gán mã' }));
    expect(await screen.findByText('Nhập tên tổ chức của mã định danh này.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    type('Tên tổ chức', 'Sở Tài chính tỉnh Khánh Hòa');
    fireEvent.click(screen.getByRole('button', { name: 'Gán mã' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ code: '000.00.05.H41', name: 'Sở Tài chính tỉnh Khánh Hòa' }));
  });

  it('a level-1 code needs no name', async () => {
    const onSubmit = vi.fn(async () => ({}));
    renderIn(<HostedCodeForm onSubmit={onSubmit} />);
    type('Mã định danh', ' h41 ');
    fireEvent.click(screen.getByRole('button', { name: 'Gán mã' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ code: 'H41' }));
  });
});
