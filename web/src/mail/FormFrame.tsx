import { useState, type ReactNode } from 'react';
import { Alert, Button, Form, Space, type FormInstance } from 'antd';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

/**
 * A form of the mail and edXML screens: fields check themselves while typed; on submit the
 * first wrong field takes the focus; what the server refuses is said in the user's language
 * above the fields and under the field it names; what was typed stays. Messages are also
 * spoken by a live region (antd ties them to their field but does not announce them).
 */
export function FormFrame<T extends object>({
  form,
  onSubmit,
  submitText,
  onCancel,
  children,
  initialValues,
  fieldOf = (f) => f,
  onValuesChange,
  name,
  failureTitle,
}: {
  form: FormInstance<T>;
  onSubmit(values: T): Promise<unknown>;
  submitText: string;
  onCancel?(): void;
  children: ReactNode;
  initialValues?: Partial<T>;
  /** The form field a server error names (its `field`), when they differ; null: none. */
  fieldOf?(serverField: string): string | null;
  onValuesChange?(changed: Partial<T>, all: T): void;
  name: string;
  failureTitle?: string;
}) {
  const { t, err } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [spoken, setSpoken] = useState('');

  const failed = (fields: { name: (string | number)[]; errors: string[] }[]) => {
    const first = fields.find((f) => f.errors.length);
    if (!first) return;
    form.focusField(first.name as never);
    setSpoken(first.errors[0] ?? '');
  };

  const submit = async (values: T) => {
    setFailure(null);
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (e) {
      const message = err(e);
      setFailure(message);
      setSpoken(message);
      const field = e instanceof ApiError && e.field ? fieldOf(e.field.split('.')[0]!) : null;
      if (field && form.getFieldInstance(field as never) !== undefined) {
        form.setFields([{ name: field as never, errors: [message] }]);
        form.focusField(field as never);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<T>
      form={form}
      name={name}
      layout="vertical"
      initialValues={initialValues}
      requiredMark
      onValuesChange={onValuesChange}
      onFieldsChange={(changed) => {
        const e = changed.find((f) => f.errors?.length)?.errors?.[0];
        if (e) setSpoken(e);
      }}
      onFinish={(v) => void submit(v)}
      onFinishFailed={({ errorFields }) => failed(errorFields)}
    >
      {failure && <Alert type="error" showIcon role="alert" title={failureTitle ?? t('Chưa lưu được', 'Not saved')} description={failure} style={{ marginBottom: 12 }} data-testid={`${name}-error`} />}
      {children}
      <div className="lt-sr" aria-live="polite" data-testid={`${name}-live`}>
        {spoken}
      </div>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitText}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('Hủy', 'Cancel')}</Button>}
      </Space>
    </Form>
  );
}
