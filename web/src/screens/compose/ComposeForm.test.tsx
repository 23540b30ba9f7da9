// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Lang } from '../../i18n';
import { ApiError } from '../../api';
import { describedError, invalidField, prepareDom, renderIn, type } from '../../testing';
import { ComposeForm, toDraftBody, type ComposeValues, type LoadNextNumber, type PendingFile } from './ComposeForm';
import type { DocumentType, Organization } from '../../types';

/** The compose form's validation as a person meets it: messages appear while typing, in Vietnamese. */

prepareDom();

const types: DocumentType[] = [
  { code: 'CV', name: 'Công văn', abbr: '' },
  { code: 'QD', name: 'Quyết định', abbr: 'QĐ' },
  { code: 'KH', name: 'Kế hoạch', abbr: 'KH' },
];
const org = (id: number, name: string, shortName: string, kind: Organization['kind'], parentId: number | null): Organization => ({ id, name, shortName, kind, parentId, code: null, email: null, address: null, phone: null, website: null, active: true });
const orgs: Organization[] = [
  org(1, 'Tỉnh Đồng Nai', 'DongNai', 'province', null),
  org(2, 'Sở Khoa học và Công nghệ', 'SKHCN', 'agency', 1),
  org(3, 'Sở Tài chính', 'STC', 'agency', 1),
  org(4, 'Sở Y tế', 'SYT', 'agency', 1),
  org(5, 'Ủy ban nhân dân phường Trấn Biên', 'UBND', 'agency', 1),
  org(6, 'Phòng Công nghệ thông tin', 'CNTT', 'unit', 2),
];

function setup(opts: { initial?: Partial<ComposeValues>; error?: string; lang?: Lang; files?: PendingFile[]; loadNextNumber?: LoadNextNumber } = {}) {
  const onSave = vi.fn();
  const onIssue = vi.fn();
  const onFilesChange = vi.fn();
  renderIn(
    <ComposeForm
      types={types}
      orgs={orgs}
      agencyId={2}
      initial={{ typeCode: 'CV', ...opts.initial }}
      files={opts.files ?? []}
      onFilesChange={onFilesChange}
      onSave={onSave}
      onIssue={onIssue}
      error={opts.error}
      canIssue
      loadNextNumber={opts.loadNextNumber}
    />,
    opts.lang,
  );
  return { onSave, onIssue, onFilesChange };
}

describe('the compose form', () => {
  it('says what is wrong with the summary while it is typed, and stops once it is right', async () => {
    setup();
    type('Trích yếu nội dung', 'Về việc');
    expect(await screen.findByText('Trích yếu quá ngắn: nêu rõ nội dung chính (ít nhất 10 ký tự).')).toBeTruthy();
    type('Trích yếu nội dung', 'Về việc triển khai hộp thư điện tử công vụ');
    await waitFor(() => expect(screen.getByLabelText('Trích yếu nội dung').getAttribute('aria-invalid')).toBeNull());
    expect(await screen.findByText(`${'Về việc triển khai hộp thư điện tử công vụ'.length}/500`)).toBeTruthy();
  });

  it('puts the drafting unit in capitals and refuses spaces in it', async () => {
    setup();
    type('Đơn vị soạn thảo (viết tắt)', 'cntt');
    await waitFor(() => expect((screen.getByLabelText('Đơn vị soạn thảo (viết tắt)') as HTMLInputElement).value).toBe('CNTT'));
    await waitFor(() => expect(screen.getByTestId('symbol-preview').textContent).toBe('…/SKHCN-CNTT'));
    type('Đơn vị soạn thảo (viết tắt)', 'cn tt');
    expect(await screen.findByText(/chỉ gồm chữ in hoa và số, không dấu cách/)).toBeTruthy();
  });

  it('refuses to issue an empty form and marks every missing field', async () => {
    const { onIssue } = setup();
    fireEvent.click(screen.getByRole('button', { name: /Cấp số và phát hành/ }));
    expect(await screen.findByText('Trích yếu không được để trống.')).toBeTruthy();
    expect(screen.getByText('Nhập chức vụ người ký.')).toBeTruthy();
    expect(screen.getByText('Nhập họ tên người ký.')).toBeTruthy();
    expect(screen.getByText('Chọn ít nhất một nơi nhận.')).toBeTruthy();
    expect(onIssue).not.toHaveBeenCalled();
    // The messages are tied to their fields for screen readers.
    expect(invalidField('Trích yếu nội dung')).toBe(true);
    expect(describedError('Trích yếu nội dung')).toContain('Trích yếu không được để trống.');
  });

  it('hands a complete form over, shaped for the API', async () => {
    const { onIssue } = setup({ initial: { recipients: [3, 4] } });
    type('Trích yếu nội dung', '  Về việc báo cáo tình hình ứng dụng CNTT tháng 11  ');
    type('Chức vụ người ký', 'Giám đốc');
    type('Họ tên người ký', 'Lê Minh Đạt');
    type('Đơn vị soạn thảo (viết tắt)', 'cntt');
    fireEvent.click(screen.getByRole('button', { name: /Cấp số và phát hành/ }));
    await waitFor(() => expect(onIssue).toHaveBeenCalledTimes(1));
    const body = toDraftBody(onIssue.mock.calls[0]![0]);
    expect(body).toMatchObject({ typeCode: 'CV', summary: 'Về việc báo cáo tình hình ứng dụng CNTT tháng 11', signerName: 'Lê Minh Đạt', signerPosition: 'Giám đốc', urgency: 'thuong', confidentiality: 'thuong', draftingUnit: 'CNTT', recipients: [3, 4] });
  });

  it('previews the symbol from the type, the agency and the unit', async () => {
    setup({ initial: { typeCode: 'QD', draftingUnit: 'VP' } });
    expect(screen.getByTestId('symbol-preview').textContent).toBe('…/QĐ-SKHCN-VP');
  });

  it('asks the server for the expected number once typing pauses, and labels it as expected', async () => {
    const loadNextNumber = vi.fn<LoadNextNumber>(async (q) => ({ registerId: 7, registerName: 'Sổ văn bản đi', year: 2026, number: 5, symbol: `05/SKHCN${q.draftingUnit ? `-${q.draftingUnit}` : ''}` }));
    setup({ loadNextNumber });
    for (const v of ['c', 'cn', 'cnt', 'cntt']) type('Đơn vị soạn thảo (viết tắt)', v);
    await waitFor(() => expect(screen.getByTestId('symbol-preview').textContent).toBe('05/SKHCN-CNTT'));
    expect(screen.getByTestId('symbol-expected').textContent).toBe('dự kiến');
    expect(screen.getByText(/Số dự kiến theo Sổ văn bản đi năm 2026/)).toBeTruthy();
    // Debounced: the keystrokes in between were never sent.
    const asked = loadNextNumber.mock.calls.map((c) => c[0].draftingUnit);
    expect(asked.at(-1)).toBe('CNTT');
    expect(asked.filter((u) => u && u !== 'CNTT')).toEqual([]);
  });

  it('hides the preview when the server does not know the type (400)', async () => {
    const loadNextNumber = vi.fn<LoadNextNumber>(async () => {
      throw new ApiError(400, 'invalid', 'Loại văn bản không hợp lệ.', 'Unknown document type.', 'typeCode');
    });
    setup({ loadNextNumber });
    await waitFor(() => expect(loadNextNumber).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByTestId('symbol-preview')).toBeNull());
  });

  it('shows a failure from the server in Vietnamese and keeps what was typed', async () => {
    setup({ initial: { summary: 'Về việc kiểm tra giữ nguyên nội dung đã nhập' }, error: 'Nơi nhận không phải cơ quan đang hoạt động: 99.' });
    const alert = screen.getByTestId('compose-error');
    expect(within(alert).getByText('Chưa lưu được văn bản')).toBeTruthy();
    expect(within(alert).getByText('Nơi nhận không phải cơ quan đang hoạt động: 99.')).toBeTruthy();
    expect((screen.getByLabelText('Trích yếu nội dung') as HTMLTextAreaElement).value).toBe('Về việc kiểm tra giữ nguyên nội dung đã nhập');
  });

  it('for a secret document: warns, needs no recipients and takes no files', async () => {
    const { onSave } = setup({ initial: { confidentiality: 'mat', summary: 'Về việc bảo vệ bí mật nhà nước năm 2026', signerName: 'Lê Minh Đạt', signerPosition: 'Giám đốc' } });
    expect(screen.getByText('Văn bản mật không được gửi qua mạng')).toBeTruthy();
    expect(document.querySelector('.lt-dragger input[type=file]')?.hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /Lưu dự thảo/ }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
  });

  it('refuses a file of the wrong kind before sending it', async () => {
    const { onFilesChange } = setup();
    const input = document.querySelector('.lt-dragger input[type=file]') as HTMLInputElement;
    const exe = new File(['MZ'], 'chuong-trinh.exe', { type: 'application/octet-stream' });
    const pdf = new File(['%PDF-1.4'], 'bao-cao.pdf', { type: 'application/pdf' });
    fireEvent.change(input, { target: { files: [exe, pdf] } });
    expect(await screen.findByText(/Tệp "chuong-trinh.exe" không đúng định dạng/)).toBeTruthy();
    await waitFor(() => expect(onFilesChange).toHaveBeenCalled());
    const kept = onFilesChange.mock.calls.at(-1)![0] as PendingFile[];
    expect(kept.map((f) => [f.name, f.role, f.state])).toEqual([['bao-cao.pdf', 'main', 'waiting']]);
  });

  it('speaks English when asked', async () => {
    setup({ lang: 'en' });
    fireEvent.click(screen.getByRole('button', { name: /Number and issue/ }));
    expect(await screen.findByText('The summary is required.')).toBeTruthy();
    expect(screen.getByText('Choose at least one recipient.')).toBeTruthy();
  });
});
