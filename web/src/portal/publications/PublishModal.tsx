import { useState } from 'react';
import { DatePicker, Form, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { answer, client } from '../../api/client';
import { fmtDate } from '../../format';
import { useI18n } from '../../i18n';
import { ActionModal } from '../../screens/document/ActionModal';
import { useRefreshPortal } from '../common';

export interface PublishValues {
  documentId?: number;
  effectiveDate?: Dayjs | null;
}

const DATE = 'DD/MM/YYYY';
export const toIsoDate = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null);

/** The effective date: a real calendar day, not before 1900 (the server's rule). */
export const effectiveDateRule = (t: (vi: string, en: string) => string) => ({
  validator: async (_: unknown, v: Dayjs | null | undefined) => {
    if (!v) return;
    if (!v.isValid() || v.year() < 1901) throw new Error(t('Ngày có hiệu lực không phải ngày hợp lệ (dd/mm/yyyy).', 'Not a valid date (dd/mm/yyyy).'));
  },
});

/** Issued, unclassified documents of the agency matching what is typed. */
function useIssued(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['portal', 'issued', q],
    queryFn: ({ signal }) => answer(client.GET('/api/v1/documents/outgoing', { params: { query: { state: 'issued', q: q.trim() || undefined, limit: 30 } }, signal })),
    enabled,
    staleTime: 10_000,
  });
}

/**
 * Publishes one of the agency's issued documents (or changes the effective date of one
 * already published). Secret documents are not offered; the server refuses them anyway.
 */
export function PublishModal({
  document,
  published,
  onClose,
  onDone,
}: {
  /** A document chosen already (from its detail page, or the list's "edit date"). */
  document?: { id: number; symbol: string | null; summary: string; effectiveDate?: string | null };
  /** Documents live on the portal now: not offered again. */
  published?: Set<number>;
  onClose(): void;
  onDone?(): void;
}) {
  const { t } = useI18n();
  const refresh = useRefreshPortal();
  const [search, setSearch] = useState('');
  const editing = document?.effectiveDate !== undefined;
  const issued = useIssued(search, !document);
  const options = (issued.data?.items ?? [])
    .filter((d) => d.confidentiality === 'thuong' && !published?.has(d.id))
    .map((d) => ({ value: d.id, label: `${d.symbol ?? '—'} · ${fmtDate(d.docDate ?? d.issuedAt)} — ${d.summary}` }));

  return (
    <ActionModal<PublishValues>
      open
      width={640}
      title={editing ? t('Sửa ngày có hiệu lực', 'Change the effective date') : t('Công bố văn bản trên cổng thông tin', 'Publish a document on the portal')}
      okText={editing ? t('Lưu', 'Save') : t('Công bố', 'Publish')}
      initialValues={{ documentId: document?.id, effectiveDate: document?.effectiveDate ? dayjs(document.effectiveDate) : null }}
      onClose={onClose}
      onSubmit={async (v) => {
        if (editing) await client.PATCH('/api/v1/portal/publications/{id}', { params: { path: { id: document!.id } }, body: { effectiveDate: toIsoDate(v.effectiveDate) } });
        else await client.POST('/api/v1/portal/publications', { body: { documentId: (v.documentId ?? document?.id)!, effectiveDate: toIsoDate(v.effectiveDate) } });
        refresh();
        onDone?.();
      }}
    >
      {document ? (
        <p data-testid="publish-document">
          <b>{document.symbol}</b> — {document.summary}
        </p>
      ) : (
        <Form.Item name="documentId" label={t('Văn bản đã phát hành của cơ quan', 'An issued document of your agency')} rules={[{ required: true, message: t('Chọn văn bản cần công bố.', 'Choose the document to publish.') }]} extra={t('Văn bản mật không được công bố và không có trong danh sách.', 'Secret documents are never published and are not listed.')}>
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={issued.isFetching}
            options={options}
            placeholder={t('Gõ số, ký hiệu hoặc trích yếu để tìm', 'Type a number or words of the summary')}
            notFoundContent={issued.isFetching ? t('Đang tìm…', 'Searching…') : t('Không có văn bản phù hợp.', 'No matching document.')}
            popupMatchSelectWidth
          />
        </Form.Item>
      )}
      <Form.Item name="effectiveDate" label={t('Ngày có hiệu lực (không bắt buộc)', 'Effective date (optional)')} rules={[effectiveDateRule(t)]}>
        <DatePicker format={DATE} placeholder="dd/mm/yyyy" style={{ width: 200 }} />
      </Form.Item>
      {!editing && <p className="lt-muted lt-small">{t('Văn bản hiện ngay trên trang Văn bản của cổng, trong nguồn tin Atom và dữ liệu mở; gỡ xuống được bất cứ lúc nào.', 'It shows at once on the portal’s documents page, the Atom feed and open data; it can be withdrawn at any time.')}</p>}
    </ActionModal>
  );
}
