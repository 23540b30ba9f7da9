import { Form, Input, Select } from 'antd';
import { useI18n } from '../i18n';
import { FormFrame } from './FormFrame';
import { aliasProblem, normalizeAddress } from './form-rules';
import type { Organization } from '../types';

interface AliasValues {
  address?: string;
  orgId?: number;
}

/**
 * Adds an alias: one more official address of an agency or unit, in the province's mail
 * domains (province administrators). Mail to it reaches that organisation's agency.
 */
export function AliasForm({ domains, orgs, onSubmit, onCancel }: { domains: string[]; orgs: Organization[]; onSubmit(v: { address: string; orgId: number }): Promise<unknown>; onCancel?(): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<AliasValues>();
  const choices = orgs.filter((o) => o.active && (o.kind === 'agency' || o.kind === 'unit'));
  return (
    <FormFrame<AliasValues>
      form={form}
      name="alias"
      submitText={t('Thêm bí danh', 'Add the alias')}
      failureTitle={t('Chưa thêm được bí danh', 'The alias was not added')}
      onCancel={onCancel}
      onSubmit={(v) => onSubmit({ address: normalizeAddress(v.address), orgId: v.orgId! })}
    >
      <Form.Item
        name="address"
        label={t('Địa chỉ bí danh', 'Alias address')}
        extra={domains.length ? t(`Tên miền thư của tỉnh: ${domains.join(', ')}`, `The province's mail domains: ${domains.join(', ')}`) : undefined}
        rules={[{ validator: async (_r, v: string) => { const p = aliasProblem(v, domains, lang); if (p) throw new Error(p); } }]}
      >
        <Input autoComplete="off" inputMode="email" placeholder={`vanphong@${domains[0] ?? 'dongnai.gov.vn'}`} />
      </Form.Item>
      <Form.Item name="orgId" label={t('Thuộc cơ quan, đơn vị', 'Belongs to')} rules={[{ required: true, message: t('Chọn cơ quan hoặc đơn vị nhận thư.', 'Choose the agency or unit.') }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('Chọn cơ quan, đơn vị', 'Choose an agency or unit')} options={choices.map((o) => ({ value: o.id, label: o.email ? `${o.name} (${o.email})` : o.name }))} />
      </Form.Item>
    </FormFrame>
  );
}
