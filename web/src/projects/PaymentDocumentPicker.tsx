import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import type { PaymentDocument } from './types';

/**
 * The payment document of a disbursement (payment request, withdrawal order…): an issued
 * document of the project's investing agency — issued by it or sent to it — whoever records
 * the entry (the agency's officers, Finance). What is typed goes to the server, which searches
 * number and summary with diacritics and case folded ("de nghi thanh toan" finds "Đề nghị
 * thanh toán"). Each option: number (date) — summary, and who sent one the agency received.
 */
export function PaymentDocumentPicker({ projectId, value, onChange, id }: { projectId: number; value?: number | null; onChange?: (v: number | null) => void; id?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const hits = useQuery({
    queryKey: ['projects', 'payment-documents', projectId, q],
    queryFn: () => answer(client.GET('/api/v1/projects/{id}/payment-documents', { params: { path: { id: projectId }, query: { q: q.trim() || undefined } } })),
    staleTime: 30_000,
  });
  const labelOf = (d: PaymentDocument) => `${d.symbol ?? ''}${d.docDate ? ` (${fmtDate(d.docDate)})` : ''} — ${d.summary}${d.direction === 'incoming' && d.senderName ? ` · ${t('đến từ', 'from')} ${d.senderName}` : ''}`;
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? null)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('Tìm văn bản của chủ đầu tư theo số, trích yếu', "Search the investing agency's documents by number or summary")}
      notFoundContent={hits.isFetching ? t('Đang tìm…', 'Searching…') : t('Chủ đầu tư không có văn bản đã ban hành phù hợp', 'The investing agency has no issued document that matches')}
      loading={hits.isFetching}
      options={(hits.data?.items ?? []).map((d) => ({ value: d.id, label: labelOf(d) }))}
      style={{ width: '100%' }}
      data-testid="payment-document-picker"
    />
  );
}
