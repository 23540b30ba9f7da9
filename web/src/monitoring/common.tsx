import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client } from '../api/client';
import { useI18n } from '../i18n';
import { monthLabel } from './labels';
import type { Periods } from './types';

export const usePeriods = () => useQuery({ queryKey: ['monitoring', 'periods'], queryFn: async (): Promise<Periods> => (await client.GET('/api/v1/monitoring/periods')).data! });

/** The month shown: the one in the address, else the current period. */
export function MonthSelect({ value, onChange }: { value: string | undefined; onChange(m: string): void }) {
  const { t } = useI18n();
  const periods = usePeriods();
  const months = [...new Set([...(periods.data ? [periods.data.current] : []), ...(periods.data?.periods.map((p) => p.month) ?? [])])].sort().reverse();
  return <Select aria-label={t('Kỳ báo cáo', 'Period')} style={{ width: 150 }} value={value} onChange={onChange} options={months.map((m) => ({ value: m, label: `${t('Tháng', 'Month')} ${monthLabel(m)}` }))} />;
}
