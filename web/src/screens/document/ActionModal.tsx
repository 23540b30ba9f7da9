import { useState, type ReactNode } from 'react';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useI18n } from '../../i18n';
import { ApiError } from '../../api';

/**
 * A modal form for one action. A failure is shown inside the modal in the user's language,
 * the modal stays open and keeps what was typed; the field the server blames is marked.
 * `submitOnEnter`: Enter in a field submits, as in any HTML form (a hidden submit button).
 */
export function ActionModal<T extends object>({
  open,
  title,
  okText,
  danger,
  onClose,
  onSubmit,
  children,
  initialValues,
  width = 560,
  form: external,
  submitOnEnter,
}: {
  open: boolean;
  title: ReactNode;
  okText: string;
  danger?: boolean;
  onClose(): void;
  onSubmit(values: T): Promise<unknown>;
  children: ReactNode;
  initialValues?: Partial<T>;
  width?: number;
  form?: FormInstance<T>;
  submitOnEnter?: boolean;
}) {
  const { t, err } = useI18n();
  const [own] = Form.useForm<T>();
  const form = external ?? own;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show their own messages
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (e) {
      setError(err(e));
      if (e instanceof ApiError && e.field) {
        const name = e.field.split('.')[0]!.replace(/\[\d+\]$/, '');
        if (form.getFieldInstance(name as never) !== undefined) form.setFields([{ name: name as never, errors: [err(e)] }]);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('Hủy', 'Cancel')}
      okButtonProps={{ danger, loading: busy }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={width}
      mask={{ closable: false }}
    >
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initialValues} preserve={false} requiredMark onFinish={submitOnEnter ? () => void submit() : undefined}>
        {children}
        {submitOnEnter && (
          <button type="submit" className="lt-sr" tabIndex={-1} aria-hidden="true">
            {okText}
          </button>
        )}
      </Form>
    </Modal>
  );
}
