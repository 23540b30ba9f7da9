import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client } from '../api/client';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import type { DocumentRef } from './types';

/**
 * The approving decision of a system's level dossier, picked from the exchange: issued
 * decisions (QĐ) of the agency's registers, searched by number or summary as plans pick
 * theirs. The decision already linked stays among the options when a search leaves it out.
 */
export function DecisionPicker({ value, onChange, id, current }: { value?: number | null; onChange?: (v: number | null) => void; id?: string; current?: DocumentRef | null }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const hits = useQuery({
    queryKey: ['security-decision-search', q],
    queryFn: async () => (await client.GET('/api/v1/search', { params: { query: { q: q || undefined, state: 'issued', typeCode: 'QD', limit: 20 } } })).data!,
  });
  const options = (hits.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.symbol ?? ''} (${fmtDate(h.docDate)}) — ${h.summary}` }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: `${current.symbol ?? ''} (${fmtDate(current.docDate)}) — ${current.summary}` });
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('Tìm quyết định theo số, trích yếu', 'Search a decision by number or summary')}
      notFoundContent={hits.isFetching ? t('Đang tìm…', 'Searching…') : t('Không có quyết định đã ban hành phù hợp', 'No issued decision matches')}
      loading={hits.isFetching}
      options={options}
      style={{ width: '100%' }}
      data-testid="decision-picker"
    />
  );
}
