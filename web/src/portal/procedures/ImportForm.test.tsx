// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../../api';
import { prepareDom, renderIn, type } from '../../testing';
import { ImportForm, type ImportRequest } from './ImportModal';
import type { ImportResult } from '../types';

/** The import of procedures: the text checked as it is pasted, the server's answer shown, the text kept. */

prepareDom();
const record = { code: '1.013579', name: 'Thủ tục cấp giấy chứng nhận đủ điều kiện kinh doanh dịch vụ thẩm định giá', executionMethods: [{ submissionMethod: 'ONLINE', processingTime: 10 }] };
const created: ImportResult = { created: 1, updated: 0, linked: 0, procedures: [{ id: 7, code: '1.013579', outcome: 'created' }] };

function setup(onImport: (r: ImportRequest) => Promise<ImportResult> = async () => created) {
  const fn = vi.fn(onImport);
  renderIn(
    <ImportForm
      orgs={[
        { value: 3, label: 'Sở Tài chính' },
        { value: 4, label: 'Sở Y tế' },
      ]}
      defaultOrgId={3}
      onImport={fn}
    />,
  );
  return fn;
}

describe('the import of procedures', () => {
  it('says what is wrong with pasted JSON before anything is sent, naming the record and the field', async () => {
    const onImport = setup();
    type('Hoặc dán nội dung JSON', '[{"code": "1.1", "name": "Một"}, {"code": "1.2"}]');
    expect(await screen.findByText('Trường "[1].name": không được để trống.')).toBeTruthy();
    expect(screen.getByLabelText('Hoặc dán nội dung JSON').getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByTestId('import-submit'));
    expect(onImport).not.toHaveBeenCalled();
    type('Hoặc dán nội dung JSON', JSON.stringify({ data: [record] }));
    expect((await screen.findByTestId('import-ready')).textContent).toBe('1 thủ tục hợp lệ, sẵn sàng nhập.');
  });

  it('sends the records with the agency and its online level, and shows what was created', async () => {
    const onImport = setup();
    type('Hoặc dán nội dung JSON', JSON.stringify(record));
    fireEvent.click(screen.getByTestId('import-submit'));
    const result = await screen.findByTestId('import-result');
    expect(within(result).getByText('Đã nhập 1 thủ tục: 1 thêm mới, 0 cập nhật, 0 đăng ký thực hiện.')).toBeTruthy();
    expect(within(result).getByRole('link', { name: '1.013579' }).getAttribute('href')).toBe('/app/portal/procedures/7');
    expect(onImport.mock.calls[0]![0]).toEqual({ kind: 'json', body: record, orgId: 3, onlineLevel: null });
  });

  it('refuses a CSV without the code and name columns, and shows the server’s line and column, keeping the text', async () => {
    const onImport = setup(async () => {
      throw new ApiError(400, 'invalid_field', 'Dòng 3, cột "levels": cấp "huyện" không hợp lệ (xã, tỉnh, bộ, khác).', 'Line 3, column "levels": level "huyện" is not one of xã, tỉnh, bộ, khác.', 'levels');
    });
    fireEvent.click(screen.getByText('CSV (như tệp dữ liệu mở)'));
    type('Hoặc dán nội dung CSV', 'ma,ten\n1.1,Thủ tục');
    expect(await screen.findByText(/Dòng 1 thiếu cột: code, name/)).toBeTruthy();
    const csv = 'code,name,levels\n1.099001,Thủ tục thử một,tỉnh\n1.099002,Thủ tục thử hai,huyện\n';
    type('Hoặc dán nội dung CSV', csv);
    fireEvent.click(screen.getByTestId('import-submit'));
    const error = await screen.findByTestId('import-error');
    expect(within(error).getByText('Dòng 3, cột "levels": cấp "huyện" không hợp lệ (xã, tỉnh, bộ, khác).')).toBeTruthy();
    expect(within(error).getByText('Chưa nhập được: không thủ tục nào được ghi')).toBeTruthy();
    expect((screen.getByLabelText('Hoặc dán nội dung CSV') as HTMLTextAreaElement).value).toBe(csv);
    expect(onImport.mock.calls[0]![0]).toMatchObject({ kind: 'csv', body: csv });
  });

  it('refuses a file of the wrong kind at once', async () => {
    setup();
    const input = document.querySelector('.lt-dragger input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['x'], 'thu-tuc.xlsx')] } });
    expect(await screen.findByText('Tệp "thu-tuc.xlsx" không phải tệp .json.')).toBeTruthy();
  });

  it('reads a picked JSON file and checks it like pasted text', async () => {
    const onImport = setup();
    const input = document.querySelector('.lt-dragger input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([JSON.stringify([record])], 'thu-tuc.json', { type: 'application/json' })] } });
    expect((await screen.findByTestId('import-picked')).textContent).toContain('thu-tuc.json');
    await waitFor(() => expect(screen.getByTestId('import-ready').textContent).toBe('1 thủ tục hợp lệ, sẵn sàng nhập.'));
    fireEvent.click(screen.getByTestId('import-submit'));
    await waitFor(() => expect(onImport).toHaveBeenCalledWith({ kind: 'json', body: [record], orgId: 3, onlineLevel: null }));
  });
});
