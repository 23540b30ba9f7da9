import { Form, InputNumber, Switch } from 'antd';
import { useI18n } from '../i18n';
import { FormFrame } from './FormFrame';
import type { MailPolicy } from './types';

export const MAX_ATTACH_MB = 50;

interface PolicyValues {
  mailAttach: boolean;
  mailAttachMaxMb: number | null;
}

/** Whether the agency's dispatch mails carry the files, and up to what total size. */
export function PolicyForm({ policy, mayEdit, onSubmit }: { policy: MailPolicy; mayEdit: boolean; onSubmit(v: { mailAttach: boolean; mailAttachMaxMb: number }): Promise<unknown> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PolicyValues>();
  const attach = Form.useWatch('mailAttach', form) ?? policy.mailAttach;
  const fields = (
    <>
      <Form.Item name="mailAttach" label={t('Gửi kèm tệp của văn bản trong thư phát hành', 'Attach the document’s files to dispatch mails')} valuePropName="checked" extra={t('Khi tắt, thư chỉ có đường dẫn tới văn bản.', 'When off, mails carry only the link to the document.')}>
        {/* The state in words on the switch itself: a disabled switch that is on looked off, and the caption read as its state. */}
        <Switch disabled={!mayEdit} checkedChildren={t('Bật', 'On')} unCheckedChildren={t('Tắt', 'Off')} />
      </Form.Item>
      <Form.Item
        name="mailAttachMaxMb"
        label={t('Tổng dung lượng tệp gửi kèm tối đa (MB)', 'Largest total of attached files (MB)')}
        extra={t('Văn bản có tệp lớn hơn: thư chỉ có đường dẫn và lý do.', 'Larger files: the mail carries the link and the reason.')}
        rules={[
          { required: true, message: t('Nhập dung lượng tối đa.', 'Enter the largest size.') },
          { type: 'integer', min: 1, max: MAX_ATTACH_MB, message: t(`Dung lượng tối đa là số nguyên từ 1 đến ${MAX_ATTACH_MB} MB.`, `A whole number from 1 to ${MAX_ATTACH_MB} MB.`) },
        ]}
      >
        <InputNumber disabled={!mayEdit || !attach} style={{ width: 140 }} suffix="MB" />
      </Form.Item>
    </>
  );
  if (!mayEdit)
    return (
      <Form form={form} layout="vertical" initialValues={policy}>
        {fields}
        <p className="lt-muted">{t('Chỉ quản trị của cơ quan thay đổi được chính sách này.', 'Only your agency’s administrators change this policy.')}</p>
      </Form>
    );
  return (
    <FormFrame<PolicyValues> form={form} name="policy" initialValues={policy} submitText={t('Lưu chính sách', 'Save the policy')} onSubmit={(v) => onSubmit({ mailAttach: v.mailAttach, mailAttachMaxMb: Number(v.mailAttachMaxMb) })}>
      {fields}
    </FormFrame>
  );
}
