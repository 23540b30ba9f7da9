// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../api';
import { prepareDom, invalidField, renderIn, type } from '../../testing';
import { ProcedureForm } from './ProcedureForm';
import type { NationalProcedure } from '../types';

/** The procedure editor as a clerk meets it: mistakes said while typing, the server's complaint on its field. */

prepareDom();
const birth = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../src/demo/procedures/1.001193-dang-ky-khai-sinh.json'), 'utf8')) as NationalProcedure;

function setup(opts: { initial?: Partial<NationalProcedure>; mode?: 'create' | 'edit'; onSubmit?: (r: NationalProcedure) => Promise<unknown> } = {}) {
  const onSubmit = vi.fn(opts.onSubmit ?? (async () => {}));
  renderIn(<ProcedureForm mode={opts.mode ?? 'edit'} initial={opts.initial ?? birth} onSubmit={onSubmit} formFiles={['To-khai-dang-ky-khai-sinh.pdf']} />);
  return { onSubmit };
}
const save = () => fireEvent.click(screen.getByTestId('procedure-save'));

describe('the procedure editor', () => {
  it('shows the national record as a form: channels with their time and fees, components with originals, copies and forms', () => {
    setup();
    expect((screen.getByLabelText('Tên thủ tục') as HTMLTextAreaElement).value).toBe('Thủ tục đăng ký khai sinh');
    expect((screen.getByLabelText('Mã thủ tục') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Thời hạn giải quyết (cách nộp 2)') as HTMLInputElement).value).toBe('2');
    expect((screen.getByLabelText('Mức phí 2 (cách nộp 3), đồng') as HTMLInputElement).value).toBe('8000');
    expect((screen.getByLabelText('Số bản sao, thành phần 2, trường hợp 2') as HTMLInputElement).value).toBe('1');
    expect(within(screen.getByTestId('case-0')).getByText('To-khai-dang-ky-khai-sinh.pdf')).toBeTruthy();
    expect((screen.getByLabelText('Cấp xã') as HTMLInputElement).checked).toBe(true);
  });

  it('says what is wrong while it is typed, and stops once it is right', async () => {
    setup({ mode: 'create', initial: { code: '', name: '' } });
    type('Mã thủ tục', '1 001');
    expect(await screen.findByText('Mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch (ví dụ 1.001193).')).toBeTruthy();
    type('Mã thủ tục', '1.001999');
    await waitFor(() => expect(invalidField('Mã thủ tục')).toBe(false));
    type('Tên thủ tục', 'x'.repeat(1001));
    expect(await screen.findByText('Tên thủ tục dài quá 1000 ký tự.')).toBeTruthy();
  });

  it('refuses to save an empty record, marks each field, and sends nothing', async () => {
    const { onSubmit } = setup({ mode: 'create', initial: { code: '', name: '', executionMethods: [{ submissionMethod: 'DIRECT', fees: [{ amount: '' }] }] } });
    save();
    expect(await screen.findByText('Nhập mã thủ tục (theo Cơ sở dữ liệu quốc gia, ví dụ 1.001193).')).toBeTruthy();
    expect(screen.getByText('Tên thủ tục không được để trống.')).toBeTruthy();
    expect(screen.getByText('Nhập mức phí, lệ phí (0 nếu miễn phí, hoặc mô tả).')).toBeTruthy();
    expect(within(screen.getByTestId('procedure-error')).getByText(/xem các ô được đánh dấu đỏ/)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    // The message is tied to its field for screen readers.
    const name = screen.getByLabelText('Tên thủ tục');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toContain('Tên thủ tục không được để trống.');
  });

  it('hands the record over in the national shape: numbers as numbers, the fields the form does not show kept', async () => {
    const { onSubmit } = setup();
    type('Mức phí 2 (cách nộp 3), đồng', '10.000');
    type('Thời hạn giải quyết (cách nộp 1)', '3');
    save();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const r = onSubmit.mock.calls[0]![0];
    expect(r.executionMethods![2]!.fees![1]).toEqual({ name: 'Đăng ký khai sinh quá hạn', amount: 10000 });
    expect(r.executionMethods![0]!.processingTime).toBe(3);
    expect(r.executionMethods![1]!.fees![1]!.amount).toBe('Theo giá của doanh nghiệp bưu chính');
    expect(r.procedureRelatedGroup).toEqual(birth.procedureRelatedGroup);
    expect(r.executionCases![0]!.profileComponents[0]!.attachments).toEqual([{ fileName: 'To-khai-dang-ky-khai-sinh.pdf' }]);
  });

  it('puts the server’s complaint on the field it names and keeps what was typed', async () => {
    setup({
      onSubmit: async () => {
        throw new ApiError(400, 'invalid_field', 'Trường "record.executionMethods[0].fees[0].amount": phải là số không âm.', 'Field "record.executionMethods[0].fees[0].amount": must be a non-negative number.', 'record.executionMethods[0].fees[0].amount');
      },
    });
    type('Tên thủ tục', 'Thủ tục đăng ký khai sinh (sửa đổi)');
    save();
    const alert = await screen.findByTestId('procedure-error');
    expect(within(alert).getByText('Chưa lưu được thủ tục')).toBeTruthy();
    await waitFor(() => expect(invalidField('Mức phí 1 (cách nộp 1), đồng')).toBe(true));
    expect((screen.getByLabelText('Tên thủ tục') as HTMLTextAreaElement).value).toBe('Thủ tục đăng ký khai sinh (sửa đổi)');
  });

  it('edits the whole record as JSON, checked by the server’s rule as it is typed', async () => {
    const { onSubmit } = setup();
    fireEvent.click(screen.getByText('JSON (cấu trúc quốc gia)'));
    const json = screen.getByLabelText('Bản ghi theo cấu trúc Cổng Dịch vụ công quốc gia') as HTMLTextAreaElement;
    expect(JSON.parse(json.value).procedureRelatedGroup).toEqual(birth.procedureRelatedGroup);
    fireEvent.change(json, { target: { value: '{ "code": "1.001193", ' } });
    expect(await screen.findByText('Nội dung không phải JSON hợp lệ.')).toBeTruthy();
    fireEvent.change(json, { target: { value: JSON.stringify({ ...birth, executionMethods: [{ submissionMethod: 'EMAIL' }] }) } });
    expect(await screen.findByText('Trường "executionMethods[0].submissionMethod": phải là ONLINE, POSTAL hoặc DIRECT.')).toBeTruthy();
    fireEvent.change(json, { target: { value: JSON.stringify({ ...birth, code: '9.999' }) } });
    expect(await screen.findByText('Không đổi được mã thủ tục; hãy tạo thủ tục mới.')).toBeTruthy();
    save();
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(json, { target: { value: JSON.stringify({ ...birth, name: 'Thủ tục đăng ký khai sinh lưu động' }) } });
    fireEvent.click(screen.getByText('Biểu mẫu nhập'));
    await waitFor(() => expect((screen.getByLabelText('Tên thủ tục') as HTMLTextAreaElement).value).toBe('Thủ tục đăng ký khai sinh lưu động'));
  });

  it('speaks English when asked', async () => {
    const onSubmit = vi.fn(async () => {});
    renderIn(<ProcedureForm mode="create" initial={{ code: '', name: '' }} onSubmit={onSubmit} />, 'en');
    fireEvent.click(screen.getByTestId('procedure-save'));
    expect(await screen.findByText('The name is required.')).toBeTruthy();
  });
});
