// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Form } from 'antd';
import { ApiError } from '../../api';
import { prepareDom, invalidField, renderIn, type } from '../../testing';
import { ContactsForm, NEW_CONTACT, toContactsBody } from './ContactsForm';
import { ProfileForm } from './Profile';
import { AnnouncementFields } from '../announcements/AnnouncementForm';
import type { Contact } from '../types';

/** The agency's profile, contacts and announcements: checked as typed, public flags as the clerk set them. */

prepareDom();
const leader: Contact = { kind: 'leader', fullName: 'Trần Quốc Dũng', position: 'Giám đốc', phone: '0251 3822 337', mobile: '0903 333 444', email: null, public: { position: true, unit: true, phone: true, mobile: false, email: true } };

describe('the contacts of an agency', () => {
  it('checks names, e-mail addresses and phone numbers as they are typed', async () => {
    const onSubmit = vi.fn(async () => {});
    renderIn(<ContactsForm initial={[leader, { ...NEW_CONTACT }]} onSubmit={onSubmit} />);
    type('Thư điện tử (người 1)', 'dung@stc');
    expect(await screen.findByText('Địa chỉ thư "dung@stc" không hợp lệ.')).toBeTruthy();
    type('Điện thoại (người 1)', 'không có');
    expect(await screen.findByText('Số điện thoại phải có chữ số.')).toBeTruthy();
    fireEvent.click(screen.getByTestId('contacts-save'));
    expect(await screen.findByText('Họ và tên không được để trống.')).toBeTruthy();
    expect(invalidField('Họ và tên (người 2)')).toBe(true);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends every field trimmed with its public flag; a mobile number stays private unless ticked', async () => {
    const onSubmit = vi.fn(async () => {});
    renderIn(<ContactsForm initial={[leader]} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('button', { name: /Thêm người liên hệ/ }));
    type('Họ và tên (người 2)', '  Bùi Thanh Tâm ');
    type('Di động (người 2)', '0912 345 678');
    type('Thư điện tử (người 2)', 'tam.stc@dongnai.gov.vn');
    fireEvent.click(screen.getByLabelText('Công khai trên cổng — thư điện tử (người 1)'));
    fireEvent.click(screen.getByTestId('contacts-save'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const body = (onSubmit.mock.calls[0] as unknown as [ReturnType<typeof toContactsBody>])[0];
    expect(body.contacts[1]).toEqual({ kind: 'leader', fullName: 'Bùi Thanh Tâm', position: null, positionEn: null, unit: null, phone: null, mobile: '0912 345 678', email: 'tam.stc@dongnai.gov.vn', public: { position: true, unit: true, phone: true, mobile: false, email: true } });
    expect(body.contacts[0]!.public.email).toBe(false);
  });

  it('moves a person up and puts the server’s complaint on the field it names', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError(400, 'invalid_field', 'Địa chỉ thư "x@y.z" không hợp lệ.', 'E-mail address "x@y.z" is not valid.', 'contacts[0].email');
    });
    renderIn(<ContactsForm initial={[leader, { ...NEW_CONTACT, fullName: 'Bùi Thanh Tâm', kind: 'focal' }]} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('button', { name: 'Đưa người 2 lên' }));
    expect((screen.getByLabelText('Họ và tên (người 1)') as HTMLInputElement).value).toBe('Bùi Thanh Tâm');
    fireEvent.click(screen.getByTestId('contacts-save'));
    const alert = await screen.findByTestId('contacts-error');
    expect(within(alert).getByText('Chưa lưu được danh sách liên hệ')).toBeTruthy();
    await waitFor(() => expect(invalidField('Thư điện tử (người 1)')).toBe(true));
    expect((screen.getByLabelText('Họ và tên (người 2)') as HTMLInputElement).value).toBe('Trần Quốc Dũng');
  });
});

describe('the agency profile', () => {
  it('limits the English name and the fax, and sends empty fields as null', async () => {
    const onSubmit = vi.fn(async () => {});
    renderIn(<ProfileForm initial={{ nameEn: null, functionsVi: 'Tham mưu về tài chính.', functionsEn: null, fax: null }} onSubmit={onSubmit} />);
    type('Tên tiếng Anh', 'D'.repeat(301));
    expect(await screen.findByText('Tên tiếng Anh dài quá 300 ký tự.')).toBeTruthy();
    type('Số fax', 'fax');
    expect(await screen.findByText('Số fax phải có chữ số.')).toBeTruthy();
    type('Tên tiếng Anh', ' Department of Finance ');
    type('Số fax', '0251 3822 000');
    fireEvent.click(screen.getByTestId('profile-save'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ nameEn: 'Department of Finance', functionsVi: 'Tham mưu về tài chính.', functionsEn: null, fax: '0251 3822 000' }));
  });
});

describe('an announcement', () => {
  it('needs a title and a text, and counts the title as it is typed', async () => {
    function Harness() {
      const [form] = Form.useForm();
      return (
        <Form form={form} layout="vertical">
          <AnnouncementFields creating />
          <button type="button" onClick={() => void form.validateFields().catch(() => {})}>
            Lưu
          </button>
        </Form>
      );
    }
    renderIn(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Tiêu đề không được để trống.')).toBeTruthy();
    expect(screen.getByText('Nội dung không được để trống.')).toBeTruthy();
    type('Tiêu đề', 'Thông báo lịch tiếp công dân');
    expect(await screen.findByText('28/300')).toBeTruthy();
    await waitFor(() => expect(invalidField('Tiêu đề')).toBe(false));
  });
});
