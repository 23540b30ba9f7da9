import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Modal, Space, Table } from 'antd';
import { EditOutlined, FileExcelOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { ApiError } from '../api';
import { answer, client, href } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { DecisionPicker } from '../components/DecisionPicker';
import { DocLink } from '../components/DocLink';
import { useNarrow } from '../components/useNarrow';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { setQuery, useLocation } from '../router';
import { REGULATION_KIND_LABELS, RegulationStateTag } from './labels';
import type { RegulationCell, RegulationKind, RegulationRow } from './types';
import './legal.css';

const KINDS = Object.keys(REGULATION_KIND_LABELS) as RegulationKind[];

/**
 * Quy chế nội bộ: each agency's regulations for the intranet, the official mailbox and
 * information security, standing on the decision it issued. The IT department sees every
 * agency, and those without one (or overdue for review) one click away.
 */
export default function Regulations() {
  const { t, lang } = useI18n();
  const narrow = useNarrow();
  const { query } = useLocation();
  const attention = query.get('attention') === '1';
  const [editing, setEditing] = useState<{ row: RegulationRow; kind: RegulationKind } | null>(null);
  const list = useQuery({ queryKey: ['legal-regulations', attention], queryFn: () => answer(client.GET('/api/v1/legal/regulations', { params: { query: { attention: attention || undefined } } })) });
  const cell = (row: RegulationRow, c: RegulationCell) => (
    <div className="lt-legal-reg-cell">
      <span>
        <RegulationStateTag state={c.state} />
        {row.canEdit && <Button size="small" type="text" icon={<EditOutlined />} aria-label={t(`Cập nhật ${REGULATION_KIND_LABELS[c.kind].vi.toLowerCase()}`, `Record ${REGULATION_KIND_LABELS[c.kind].en}`)} onClick={() => setEditing({ row, kind: c.kind })} />}
      </span>
      {c.decision && (
        <span className="lt-muted">
          <DocLink id={c.decision.documentId} symbol={c.decision.symbol} /> {fmtDate(c.decision.docDate)}
        </span>
      )}
      {c.nextReview && <span className="lt-muted">{t('Rà soát', 'Review')}: {fmtDate(c.nextReview)}</span>}
    </div>
  );
  const columns = [
    { key: 'name', title: t('Cơ quan', 'Agency'), width: 240, dataIndex: 'name' },
    ...KINDS.map((k, i) => ({ key: k, title: REGULATION_KIND_LABELS[k][lang], render: (_: unknown, r: RegulationRow) => cell(r, r.regulations[i]!) })),
  ];
  return (
    <Page
      title={t('Quy chế nội bộ về CNTT', 'Internal IT regulations')}
      sub={t('Quy chế sử dụng mạng nội bộ, hộp thư công vụ và bảo đảm an toàn thông tin của từng cơ quan, theo quyết định ban hành.', "Each agency's regulations for the intranet, the official mailbox and information security, by the issuing decision.")}
      extra={<Button icon={<FileExcelOutlined />} href={href('/api/v1/legal/regulations/export.xlsx', { query: { attention: attention || undefined } })}>{t('Xuất Excel', 'Export XLSX')}</Button>}
    >
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type={!attention ? 'primary' : 'default'} aria-pressed={!attention} onClick={() => setQuery({ attention: undefined })}>
          {t('Tất cả cơ quan', 'Every agency')} {list.data && !attention ? `(${list.data.total})` : ''}
        </Button>
        <Button type={attention ? 'primary' : 'default'} danger={!attention} icon={<WarningOutlined />} aria-pressed={attention} onClick={() => setQuery({ attention: '1' })} data-testid="attention">
          {t('Chưa có quy chế hoặc quá hạn rà soát', 'Missing or overdue for review')} {list.data ? `(${list.data.attention})` : ''}
        </Button>
      </Space>
      {narrow ? (
        <div className="lt-legal-cards">
          {list.data?.items.length === 0 && <Empty description={t('Không có cơ quan nào.', 'No agencies.')} />}
          {list.data?.items.map((r) => (
            <Card key={r.orgId} size="small" data-org={r.orgId}>
              <div className="lt-legal-title">{r.name}</div>
              {r.regulations.map((c) => (
                <div key={c.kind} style={{ marginTop: 4 }}>
                  <div>{REGULATION_KIND_LABELS[c.kind][lang]}</div>
                  {cell(r, c)}
                </div>
              ))}
            </Card>
          ))}
        </div>
      ) : (
        <Table<RegulationRow> size="small" rowKey="orgId" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }} onRow={(r) => ({ 'data-org': r.orgId }) as React.HTMLAttributes<HTMLElement>} locale={{ emptyText: t('Không có cơ quan nào.', 'No agencies.') }} />
      )}
      {editing && <RegulationEditor row={editing.row} kind={editing.kind} onClose={() => setEditing(null)} />}
    </Page>
  );
}


function RegulationEditor({ row, kind, onClose }: { row: RegulationRow; kind: RegulationKind; onClose: () => void }) {
  const { t, lang, err } = useI18n();
  const qc = useQueryClient();
  const current = row.regulations.find((c) => c.kind === kind)!;
  const [form] = Form.useForm<{ decisionDocumentId: number; nextReview?: dayjs.Dayjs | null; note?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function save() {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await answer(client.PUT('/api/v1/legal/regulations/{orgId}/{kind}', { params: { path: { orgId: row.orgId, kind } }, body: { decisionDocumentId: v.decisionDocumentId, nextReview: v.nextReview ? v.nextReview.format('YYYY-MM-DD') : null, note: v.note || null } }));
      void qc.invalidateQueries({ queryKey: ['legal-regulations'] });
      onClose();
    } catch (e) {
      setError(err(e));
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field as never) !== undefined) form.setFields([{ name: e.field as never, errors: [err(e)] }]);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={`${REGULATION_KIND_LABELS[kind][lang]} — ${row.name}`} onCancel={onClose} onOk={() => void save()} okText={t('Lưu', 'Save')} cancelText={t('Hủy', 'Cancel')} confirmLoading={saving}>
      {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ decisionDocumentId: current.decision?.documentId, nextReview: current.nextReview ? dayjs(current.nextReview) : null, note: current.note ?? undefined }}>
        <Form.Item name="decisionDocumentId" label={t('Quyết định ban hành (văn bản cơ quan đã phát hành)', 'Issuing decision (a document your agency issued)')} rules={[{ required: true, message: t('Hãy chọn quyết định.', 'Choose the decision.') }]}>
          <DecisionPicker
            initialQuery="quy chế"
            current={current.decision ? { id: current.decision.documentId, symbol: current.decision.symbol, summary: current.decision.summary, docDate: current.decision.docDate } : null}
          />
        </Form.Item>
        <Form.Item name="nextReview" label={t('Ngày rà soát tiếp theo', 'Next review')}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item name="note" label={t('Ghi chú', 'Note')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
