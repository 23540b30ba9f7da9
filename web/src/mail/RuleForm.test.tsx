// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../api';
import { RuleForm } from './RuleForm';
import { choose, describedError, prepareDom, renderIn, type } from '../testing';
import type { RuleInput } from './types';
import type { Lang } from '../i18n';

/** The rule editor as a clerk meets it: it says what is wrong while typing, and sends only a rule that does something. */

prepareDom();

const types = [
  { code: 'CV', name: 'Công văn', abbr: '' },
  { code: 'GM', name: 'Giấy mời', abbr: 'GM' },
];
const users = [
  { id: 7, fullName: 'Trần Thị Bích', position: 'Chuyên viên', username: 'chuyenvien.stc' },
  { id: 8, fullName: 'Lê Văn Cường', position: 'Phó Giám đốc', username: 'lanhdao.stc' },
];
const registers = [{ id: 3, name: 'Sổ văn bản đến 2026' }];

function setup(onSubmit: (v: RuleInput) => Promise<unknown> = vi.fn(async () => ({})), initial?: Partial<RuleInput>, lang: Lang = 'vi') {
  renderIn(<RuleForm types={types} users={users} registers={registers} onSubmit={onSubmit} initial={initial} />, lang);
  return onSubmit;
}
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Lưu quy tắc' }));

describe('the rule editor', () => {
  it('asks for a header name only when matching on a header, and checks it as typed', async () => {
    setup();
    expect(screen.queryByLabelText('Tên trường tiêu đề thư')).toBeNull();
    await choose('Trường so khớp', 'Trường tiêu đề thư');
    await screen.findByLabelText('Tên trường tiêu đề thư');
    type('Tên trường tiêu đề thư', 'X Priority');
    expect(await screen.findByText('Tên trường tiêu đề thư chỉ gồm chữ không dấu, số và dấu gạch ngang (ví dụ X-Priority).')).toBeTruthy();
    type('Tên trường tiêu đề thư', 'X-Priority');
    await waitFor(() => expect(screen.getByLabelText('Tên trường tiêu đề thư').getAttribute('aria-invalid')).toBeNull());
  });

  it('refuses an empty rule with every message under its field, the first one focused and announced', async () => {
    const onSubmit = setup();
    save();
    expect(await screen.findByText('Đặt tên cho quy tắc, ví dụ: Thư của Bộ Tài chính.')).toBeTruthy();
    expect(await screen.findByText('Nhập chuỗi cần tìm trong thư.')).toBeTruthy();
    await waitFor(() => expect(describedError('Chứa chuỗi')).toContain('Nhập chuỗi cần tìm trong thư.'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Tên quy tắc')));
    await waitFor(() => expect(screen.getByTestId('rule-live').textContent).toContain('Đặt tên cho quy tắc'));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says a rule must set something or stop, and stops saying it once it does', async () => {
    const onSubmit = setup();
    type('Tên quy tắc', 'Thư mời họp của UBND tỉnh');
    type('Chứa chuỗi', 'giấy mời');
    save();
    expect((await screen.findByTestId('rule-actions-error')).textContent).toBe('Quy tắc phải đặt ít nhất một giá trị (loại, độ khẩn, người xử lý, sổ) hoặc chọn "Dừng tại đây".');
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByLabelText('Dừng tại đây: không xét các quy tắc sau'));
    await waitFor(() => expect(screen.queryByTestId('rule-actions-error')).toBeNull());
    fireEvent.click(screen.getByLabelText('Dừng tại đây: không xét các quy tắc sau'));
    expect(await screen.findByTestId('rule-actions-error')).toBeTruthy();
  });

  it('sends a whole rule: trimmed text, the choices made, nulls for the rest', async () => {
    const onSubmit = setup();
    type('Tên quy tắc', '  Giấy mời từ UBND tỉnh ');
    type('Chứa chuỗi', ' ubnd@dongnai.gov.vn ');
    await choose('Trường so khớp', 'Người gửi');
    await choose('Loại văn bản', 'Giấy mời');
    await choose('Độ khẩn', 'Khẩn');
    await choose('Giao chủ trì cho', /Trần Thị Bích/);
    save();
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        name: 'Giấy mời từ UBND tỉnh',
        field: 'from',
        headerName: null,
        pattern: 'ubnd@dongnai.gov.vn',
        setTypeCode: 'GM',
        setUrgency: 'khan',
        setAssigneeUserId: 7,
        setRegisterId: null,
        stop: false,
        active: true,
      }),
    );
  });

  it("shows the server's refusal under the field it names and keeps what was typed", async () => {
    setup(vi.fn(async () => Promise.reject(new ApiError(400, 'invalid_field', 'Người được giao không thuộc cơ quan.', 'The assignee is not in your agency.', 'setAssigneeUserId'))), { name: 'Chuyển lãnh đạo', field: 'subject', pattern: 'khẩn', setAssigneeUserId: 8 });
    save();
    expect(await screen.findByTestId('rule-error')).toBeTruthy();
    await waitFor(() => expect(describedError('Giao chủ trì cho')).toContain('Người được giao không thuộc cơ quan.'));
    expect((screen.getByLabelText('Tên quy tắc') as HTMLInputElement).value).toBe('Chuyển lãnh đạo');
    expect((screen.getByLabelText('Chứa chuỗi') as HTMLInputElement).value).toBe('khẩn');
  });

  it('speaks English when switched', async () => {
    renderIn(<RuleForm types={types} users={users} registers={registers} onSubmit={vi.fn()} submitText="Save" />, 'en');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter the text to look for.')).toBeTruthy();
  });
});
