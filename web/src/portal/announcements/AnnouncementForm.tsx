import { Checkbox, Form, Input } from 'antd';
import { useI18n } from '../../i18n';
import { useRule } from '../common';
import { checkRequired, LIMITS } from '../rules';

export interface AnnouncementValues {
  title?: string;
  body?: string;
  published?: boolean;
}

/** The fields of an announcement, inside an ActionModal's form (which shows the server's errors). */
export function AnnouncementFields({ creating }: { creating: boolean }) {
  const { t } = useI18n();
  const rule = useRule();
  const title = Form.useWatch('title') as string | undefined;
  const body = Form.useWatch('body') as string | undefined;
  return (
    <>
      <Form.Item
        name="title"
        label={t('Tiêu đề', 'Title')}
        required
        rules={[rule((v) => checkRequired(v, 'Tiêu đề', 'The title', LIMITS.announcementTitle))]}
        extra={<span className="lt-counter">{`${(title ?? '').length}/${LIMITS.announcementTitle}`}</span>}
      >
        <Input placeholder={t('Ví dụ: Thông báo lịch tiếp công dân tháng 12', 'E.g. Citizen reception schedule for December')} />
      </Form.Item>
      <Form.Item
        name="body"
        label={t('Nội dung', 'Text')}
        required
        rules={[rule((v) => checkRequired(v, 'Nội dung', 'The text', LIMITS.announcementBody))]}
        extra={t(`Văn bản thường hoặc HTML đơn giản (được lọc khi lưu) · ${(body ?? '').length}/${LIMITS.announcementBody.toLocaleString('vi-VN')}`, `Plain text or simple HTML (cleaned when saved) · ${(body ?? '').length}/${LIMITS.announcementBody}`)}
      >
        <Input.TextArea autoSize={{ minRows: 6, maxRows: 18 }} />
      </Form.Item>
      {creating && (
        <Form.Item name="published" valuePropName="checked">
          <Checkbox>{t('Đăng ngay trên cổng', 'Publish on the portal now')}</Checkbox>
        </Form.Item>
      )}
    </>
  );
}
