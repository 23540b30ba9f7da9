import { useMemo } from 'react';
import { Input, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { useOrganizations } from '../data';
import { foldedLabel } from '../format';
import { useI18n } from '../i18n';
import { dong } from './labels';

/** The pieces every projects and budget form shares: agencies, money and date inputs with their rules (the decision picker is components/DecisionPicker). */

type T = (vi: string, en: string) => string;

/** Active agencies of the directory, searchable by name. */
export function AgencySelect({ value, onChange, id, disabled, allowClear }: { value?: number | null; onChange?: (v: number | null) => void; id?: string; disabled?: boolean; allowClear?: boolean }) {
  const { t } = useI18n();
  const orgs = useOrganizations();
  const options = useMemo(() => (orgs.data ?? []).filter((o) => o.active && o.kind === 'agency').map((o) => ({ value: o.id, label: o.name })), [orgs.data]);
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? null)}
      disabled={disabled}
      allowClear={allowClear}
      showSearch={{ filterOption: foldedLabel }}
      placeholder={t('Chọn cơ quan', 'Pick an agency')}
      loading={orgs.isLoading}
      options={options}
      style={{ width: '100%' }}
    />
  );
}

/** Whole đồng typed with the Vietnamese grouping (1.250.000.000) or plain digits. */
export const MONEY = /^(\d{1,3}(\.\d{3})*|\d+)$/;
export const DATE = /^\d{2}\/\d{2}\/\d{4}$/;

export function moneyRules(t: T, required = true): Rule[] {
  return [
    ...(required ? [{ required: true, message: t('Nhập số tiền.', 'Enter the amount.') }] : []),
    { pattern: MONEY, message: t('Số đồng, nhóm nghìn bằng dấu chấm: 1.250.000.000', 'Whole đồng, grouped with dots: 1.250.000.000') },
  ];
}

export function dateRules(t: T, required = true): Rule[] {
  return [...(required ? [{ required: true, message: t('Nhập ngày.', 'Enter the date.') }] : []), { pattern: DATE, message: t('Nhập ngày dạng dd/mm/yyyy.', 'Enter the date as dd/mm/yyyy.') }];
}

/** An amount input: numeric keyboard on phones, the grouping shown as a placeholder. */
export function MoneyInput(props: { value?: string; onChange?: (e: React.ChangeEvent<HTMLInputElement>) => void; id?: string }) {
  return <Input {...props} maxLength={30} inputMode="numeric" placeholder="1.250.000.000" />;
}
export function DateInput(props: { value?: string; onChange?: (e: React.ChangeEvent<HTMLInputElement>) => void; id?: string }) {
  return <Input {...props} maxLength={10} inputMode="numeric" placeholder="dd/mm/yyyy" />;
}

/** Stored digits → what the form shows: "1.250.000.000". */
export const moneyField = (v: string | null | undefined) => (v ? dong(v, false) : undefined);
/** Empty text → null, for optional fields the API takes as null. */
export const orNull = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);
