import { Form, Input } from 'antd';
import { useI18n } from '../../i18n';
import { FormFrame } from '../../mail/FormFrame';
import { isFullCode, normalizeCode, routeCodeProblem } from './rules';

interface CodeValues {
  code?: string;
  name?: string;
}

const check = (p: string | null) => {
  if (p) throw new Error(p);
};

/**
 * Routes a code to a peer: a full agency code becomes a recipient of kind "external" (its
 * name is needed); a level-1 code (H41) routes every code of that province.
 */
export function HostedCodeForm({ onSubmit, onCancel }: { onSubmit(v: { code: string; name?: string }): Promise<unknown>; onCancel?(): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<CodeValues>();
  return (
    <FormFrame<CodeValues>
      form={form}
      name="hosted"
      submitText={t('Gán mã', 'Add the code')}
      failureTitle={t('Chưa gán được mã', 'The code was not added')}
      onCancel={onCancel}
      fieldOf={(f) => (f.startsWith('organizations') ? 'code' : f)}
      onSubmit={(v) => onSubmit({ code: normalizeCode(v.code), ...(v.name?.trim() ? { name: v.name.trim() } : {}) })}
    >
      <Form.Item name="code" label={t('Mã định danh', 'Code')} extra={t('Mã đầy đủ (000.00.05.H41) thành nơi nhận; mã cấp 1 (H41) chuyển mọi mã của tỉnh đó.', 'A full code (000.00.05.H41) becomes a recipient; a level-1 code (H41) routes every code of that province.')} rules={[{ validator: async (_r, v: string) => check(routeCodeProblem(v, lang)) }]}>
        <Input autoComplete="off" placeholder="000.00.05.H41" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('Tên tổ chức', 'Organisation name')}
        dependencies={['code']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_r, v?: string) => {
              if (isFullCode(getFieldValue('code') as string) && !v?.trim()) throw new Error(t('Nhập tên tổ chức của mã định danh này.', 'Enter the name of the organisation of this code.'));
            },
          }),
          { max: 300, message: t('Tên tổ chức tối đa 300 ký tự.', 'At most 300 characters.') },
        ]}
      >
        <Input autoComplete="off" placeholder={t('Sở Tài chính tỉnh Khánh Hòa', 'Department of Finance of Khánh Hòa')} />
      </Form.Item>
    </FormFrame>
  );
}
