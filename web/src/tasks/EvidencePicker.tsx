import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useI18n } from '../i18n';
import { fmtDate } from '../format';

/** Evidence documents, searched in the agency's own registers (issued and received). */
export function EvidencePicker({ value, onChange, id }: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const hits = useQuery({
    queryKey: ['evidence-search', q],
    queryFn: () => answer(client.GET('/api/v1/search', { params: { query: { q: q || undefined, state: 'issued', limit: 20 } } })),
    staleTime: 30_000,
  });
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      maxCount={10}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('Tìm số, ký hiệu, trích yếu trong sổ của cơ quan', 'Search number or summary in your registers')}
      loading={hits.isFetching}
      options={(hits.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.symbol ?? ''} ${h.docDate ? `(${fmtDate(h.docDate)})` : ''} — ${h.summary}` }))}
      style={{ width: '100%' }}
    />
  );
}
