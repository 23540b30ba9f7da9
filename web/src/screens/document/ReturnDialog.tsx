import { Form, Input } from 'antd';
import { useI18n } from '../../i18n';
import { ActionModal } from './ActionModal';

/**
 * Từ chối tiếp nhận (02): the document goes back to its sender with a reason. Opened from the
 * actions, or from the signature panel when a signature is broken or untrusted — then the
 * reason the verification gives is written in already, editable.
 */
export function ReturnDialog({ open, reason, onClose, onSubmit }: { open: boolean; reason?: string; onClose(): void; onSubmit(reason: string): Promise<unknown> }) {
  const { t } = useI18n();
  return (
    <ActionModal<{ reason: string }>
      open={open}
      title={t('Từ chối tiếp nhận văn bản', 'Reject the document')}
      okText={t('Từ chối và trả lại', 'Reject and return')}
      danger
      initialValues={{ reason }}
      onClose={onClose}
      onSubmit={(v) => onSubmit(v.reason)}
    >
      <p className="lt-muted">{t('Văn bản được trả lại nơi gửi với trạng thái 02. Không hoàn tác được.', 'The document goes back to the sender at status 02. This cannot be undone.')}</p>
      {reason && (
        <p className="lt-small" data-testid="return-reason-note">
          {t('Lý do đã được điền sẵn theo kết quả kiểm tra chữ ký số; có thể sửa trước khi gửi.', 'The reason is filled in from the signature check; you may edit it before sending.')}
        </p>
      )}
      <Form.Item name="reason" label={t('Lý do từ chối', 'Reason')} rules={[{ required: true, whitespace: true, message: t('Nhập lý do từ chối.', 'Give the reason.') }, { max: 1000 }]}>
        <Input.TextArea rows={3} placeholder={t('Ví dụ: Văn bản gửi nhầm cơ quan; thiếu phụ lục…', 'E.g. sent to the wrong agency; appendix missing…')} />
      </Form.Item>
    </ActionModal>
  );
}
