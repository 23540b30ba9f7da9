import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { answer, client, type QueryOf } from '../api/client';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import type { SearchHit } from '../types';
import { DOCUMENT_TYPES } from '../../../src/domain/document-types';

/** "Quyết định, Nghị quyết": the names of document types by their codes. */
const typeNames = (codes: readonly string[]) => codes.map((c) => DOCUMENT_TYPES.find((d) => d.code === c)?.name ?? c).join(', ');

/** A document as a picker shows it: number, date, summary. */
export type PickedDocument = Pick<SearchHit, 'id' | 'symbol' | 'summary'> & { docDate?: string | null };

const labelOf = (d: PickedDocument) => `${d.symbol ?? ''}${d.docDate ? ` (${fmtDate(d.docDate)})` : ''} — ${d.summary}`;

/**
 * Pick an issued document of the caller's agency (its registers: the server answers only those
 * the caller may read), by number or summary: what is typed goes to the search of the server,
 * which folds diacritics and case ("quyet dinh" finds "Quyết định"). Each option shows number,
 * date and summary. A decision already linked (`current`) stays among the options when a
 * search leaves it out. An antd Select: arrows, Enter and Escape work, typing searches.
 *
 * `typeCode` narrows to one document type (`QD`, decisions); `fit` to the types that fit a
 * decision (data of the module asking, e.g. STAGE_DECISIONS of src/domain/projects.ts), its
 * words becoming the placeholder; `senderOrgId` to what one agency issued; `initialQuery` is
 * what it searches before anything is typed.
 */
export function DecisionPicker({
  value,
  onChange,
  id,
  current,
  typeCode,
  fit,
  senderOrgId,
  initialQuery = '',
  allowClear,
  placeholder,
}: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
  current?: PickedDocument | null;
  typeCode?: QueryOf<'/api/v1/search', 'get'>['typeCode'];
  fit?: { types: readonly string[]; vi: string; en: string };
  senderOrgId?: number;
  initialQuery?: string;
  allowClear?: boolean;
  placeholder?: string;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState(initialQuery);
  const types = fit ? fit.types.join(',') : typeCode;
  const hits = useQuery({
    queryKey: ['decision-search', types ?? '', senderOrgId ?? 0, q],
    queryFn: () => answer(client.GET('/api/v1/search', { params: { query: { q: q.trim() || undefined, state: 'issued', typeCode: types, senderOrgId, limit: 20 } } })),
    staleTime: 30_000,
  });
  const options = (hits.data?.items ?? []).map((h) => ({ value: h.id, label: labelOf(h) }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: labelOf(current) });
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange?.(v ?? null)}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={placeholder ?? (fit ? t(`Tìm ${typeNames(fit.types).toLowerCase()} theo số, trích yếu`, `Search: ${typeNames(fit.types)}, by number or summary`) : typeCode === 'QD' ? t('Tìm quyết định theo số, trích yếu', 'Search a decision by number or summary') : t('Tìm số, ký hiệu, trích yếu văn bản', 'Search a document by number or summary'))}
      notFoundContent={hits.isFetching ? t('Đang tìm…', 'Searching…') : fit ? t(`Không có văn bản đã ban hành phù hợp (${typeNames(fit.types)})`, `No issued document matches (${typeNames(fit.types)})`) : t('Không có văn bản đã ban hành phù hợp', 'No issued document matches')}
      loading={hits.isFetching}
      options={options}
      style={{ width: '100%' }}
      data-testid="decision-picker"
    />
  );
}
