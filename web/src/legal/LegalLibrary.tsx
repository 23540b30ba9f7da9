import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Modal, Select, Space, Table, Upload } from 'antd';
import { DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { ApiError } from '../api';
import { answer, client, postFile } from '../api/client';
import { useAuth, useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { useNarrow } from '../components/useNarrow';
import { fmtDate, fmtSize } from '../format';
import { useI18n } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { keepsLibrary } from './nav';
import { LEGAL_STATUS_LABELS, LEGAL_TYPE_LABELS, LegalStatusTag } from './labels';
import type { LegalStatus, LegalText, LegalType } from './types';
import './legal.css';

const TYPES = Object.keys(LEGAL_TYPE_LABELS) as LegalType[];
const STATUSES = Object.keys(LEGAL_STATUS_LABELS) as LegalStatus[];

/**
 * Văn bản pháp luật về CNTT: the library every signed-in user reads, searched without marks;
 * the provincial IT department adds texts, keeps their status and the text that replaces or
 * amends them, and uploads the PDF.
 */
export default function LegalLibrary() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const keeper = keepsLibrary(me, has);
  const narrow = useNarrow();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const type = (query.get('type') ?? '') as LegalType | '';
  const status = (query.get('status') ?? '') as LegalStatus | '';
  const [draftQ, setDraftQ] = useState(q);
  const [editing, setEditing] = useState<LegalText | 'new' | null>(null);
  const filters = { q: q || undefined, type: type || undefined, status: status || undefined };
  const list = useQuery({ queryKey: ['legal-texts', filters], queryFn: () => answer(client.GET('/api/v1/legal/texts', { params: { query: { ...filters, limit: 200 } } })) });
  const set = (patch: Record<string, string | undefined>) => setQuery({ ...filters, ...patch });
  const fileLink = (r: LegalText) =>
    r.file ? (
      <a href={`/api/v1/legal/texts/${r.id}/file`} download aria-label={`PDF, ${fmtSize(r.file.size)} — ${t('tải', 'download')} ${r.number}`}>
        <DownloadOutlined /> PDF, {fmtSize(r.file.size)}
      </a>
    ) : (
      <span className="lt-muted">{t('Chưa có tệp', 'No file')}</span>
    );
  const statusCell = (r: LegalText) => (
    <span>
      <LegalStatusTag status={r.status} />
      {r.linked && (
        <div className="lt-muted">
          {r.status === 'replaced' ? t('Thay thế bởi', 'Replaced by') : t('Sửa đổi bởi', 'Amended by')} {r.linked.number}
        </div>
      )}
    </span>
  );

  const columns = [
    {
      key: 'number',
      title: t('Số ký hiệu', 'Number'),
      width: 170,
      render: (_: unknown, r: LegalText) => (
        <span>
          <Link to={`/legal/texts/${r.id}`} className="lt-legal-number">
            {r.number}
          </Link>
          <div className="lt-muted">{LEGAL_TYPE_LABELS[r.type][lang]}</div>
        </span>
      ),
    },
    {
      key: 'title',
      title: t('Trích yếu', 'Title'),
      render: (_: unknown, r: LegalText) => (
        <span>
          <span className="lt-legal-title">{r.title}</span>
          {r.summary && <div className="lt-muted">{r.summary}</div>}
        </span>
      ),
    },
    { key: 'issuer', title: t('Cơ quan ban hành', 'Issuer'), width: 150, dataIndex: 'issuer' },
    { key: 'dates', title: t('Ban hành / hiệu lực', 'Issued / in force'), width: 130, render: (_: unknown, r: LegalText) => <span>{fmtDate(r.issuedOn)}<div className="lt-muted">{r.effectiveOn ? fmtDate(r.effectiveOn) : ''}</div></span> },
    { key: 'status', title: t('Tình trạng hiệu lực', 'Status'), width: 190, render: (_: unknown, r: LegalText) => statusCell(r) },
    { key: 'file', title: t('Tệp', 'File'), width: 120, render: (_: unknown, r: LegalText) => fileLink(r) },
    ...(keeper ? [{ key: 'edit', title: <span className="lt-sr">{t('Sửa', 'Edit')}</span>, width: 60, render: (_: unknown, r: LegalText) => <Button size="small" icon={<EditOutlined />} aria-label={t(`Sửa ${r.number}`, `Edit ${r.number}`)} onClick={() => setEditing(r)} /> }] : []),
  ];

  return (
    <Page
      title={t('Văn bản pháp luật về CNTT', 'IT legal library')}
      sub={t('Luật, nghị định, thông tư, quyết định về CNTT mà cơ quan nhà nước phải nắm; Sở KH&CN cập nhật tình trạng hiệu lực.', 'Laws, decrees, circulars and decisions on IT the agencies must know; the IT department keeps their status current.')}
      extra={
        keeper && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('Thêm văn bản', 'Add a text')}
          </Button>
        )
      }
    >
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: draftQ.trim() || undefined });
        }}
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search aria-label={t('Tìm số ký hiệu, trích yếu (có dấu hoặc không dấu)', 'Search number or title')} placeholder={t('Tìm: giao dich dien tu, 30/2020…', 'Search…')} value={draftQ} onChange={(e) => setDraftQ(e.target.value)} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: narrow ? '100%' : 320 }} maxLength={200} />
          <Select aria-label={t('Loại văn bản', 'Type')} placeholder={t('Mọi loại', 'Every type')} allowClear style={{ width: 160 }} value={type || undefined} onChange={(v) => set({ type: v })} options={TYPES.map((x) => ({ value: x, label: LEGAL_TYPE_LABELS[x][lang] }))} />
          <Select aria-label={t('Tình trạng hiệu lực', 'Status')} placeholder={t('Mọi tình trạng', 'Every status')} allowClear style={{ width: 230 }} value={status || undefined} onChange={(v) => set({ status: v })} options={STATUSES.map((x) => ({ value: x, label: LEGAL_STATUS_LABELS[x][lang] }))} />
        </Space>
      </form>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      <p role="status" className="lt-muted">{list.data ? t(`${list.data.total} văn bản`, `${list.data.total} texts`) : ''}</p>
      {narrow ? (
        <div className="lt-legal-cards" data-testid="legal-cards">
          {list.data?.items.length === 0 && <Empty description={t('Không có văn bản nào phù hợp.', 'No text matches.')} />}
          {list.data?.items.map((r) => (
            <Card key={r.id} size="small" data-text={r.id}>
              <div>
                <Link to={`/legal/texts/${r.id}`} className="lt-legal-number">
                  {LEGAL_TYPE_LABELS[r.type][lang]} {r.number}
                </Link>
              </div>
              <div className="lt-legal-title">{r.title}</div>
              <div className="lt-muted">
                {r.issuer} · {fmtDate(r.issuedOn)}
              </div>
              <Space wrap style={{ marginTop: 4 }}>
                {statusCell(r)}
                {fileLink(r)}
                {keeper && <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>{t('Sửa', 'Edit')}</Button>}
              </Space>
            </Card>
          ))}
        </div>
      ) : (
        <Table<LegalText>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-text': r.id }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('Không có văn bản nào phù hợp.', 'No text matches.') }}
          data-testid="legal-table"
        />
      )}
      {editing && <TextEditor text={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Page>
  );
}

interface FormValues {
  number: string;
  type: LegalType;
  issuer: string;
  title: string;
  summary?: string;
  issuedOn: dayjs.Dayjs;
  effectiveOn?: dayjs.Dayjs | null;
  status: LegalStatus;
  linkedId?: number | null;
}

export function TextEditor({ text, onClose }: { text: LegalText | null; onClose: () => void }) {
  const { t, lang, err } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [saving, setSaving] = useState(false);
  const status = Form.useWatch('status', form);
  const all = useQuery({ queryKey: ['legal-texts', 'all'], queryFn: () => answer(client.GET('/api/v1/legal/texts', { params: { query: { limit: 200 } } })) });
  async function save() {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const body = {
        number: v.number,
        type: v.type,
        issuer: v.issuer,
        title: v.title,
        summary: v.summary || null,
        issuedOn: v.issuedOn.format('YYYY-MM-DD'),
        effectiveOn: v.effectiveOn ? v.effectiveOn.format('YYYY-MM-DD') : null,
        status: v.status,
        linkedId: v.status === 'replaced' || v.status === 'amended' ? (v.linkedId ?? null) : null,
      };
      const saved = text ? await answer(client.PUT('/api/v1/legal/texts/{id}', { params: { path: { id: text.id } }, body })) : await answer(client.POST('/api/v1/legal/texts', { body }));
      if (file) await postFile('/api/v1/legal/texts/{id}/file', { params: { path: { id: saved.id } }, body: { file } });
      void qc.invalidateQueries({ queryKey: ['legal-texts'] });
      onClose();
    } catch (e) {
      setError(err(e));
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field as never) !== undefined) form.setFields([{ name: e.field as never, errors: [err(e)] }]);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={text ? t(`Sửa văn bản ${text.number}`, `Edit ${text.number}`) : t('Thêm văn bản vào thư viện', 'Add a text')} onCancel={onClose} onOk={() => void save()} okText={t('Lưu', 'Save')} cancelText={t('Hủy', 'Cancel')} confirmLoading={saving} width={680}>
      {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={
          text
            ? { ...text, summary: text.summary ?? undefined, issuedOn: dayjs(text.issuedOn), effectiveOn: text.effectiveOn ? dayjs(text.effectiveOn) : null, linkedId: text.linked?.id ?? null }
            : { type: 'decree', status: 'in_force', issuer: 'Chính phủ' }
        }
      >
        <Space wrap>
          <Form.Item name="number" label={t('Số ký hiệu', 'Number')} rules={[{ required: true, message: t('Hãy nhập số ký hiệu.', 'Enter the number.') }]}>
            <Input maxLength={100} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="type" label={t('Loại văn bản', 'Type')}>
            <Select style={{ width: 160 }} options={TYPES.map((x) => ({ value: x, label: LEGAL_TYPE_LABELS[x][lang] }))} />
          </Form.Item>
          <Form.Item name="issuer" label={t('Cơ quan ban hành', 'Issuer')} rules={[{ required: true, message: t('Hãy nhập cơ quan ban hành.', 'Enter the issuer.') }]}>
            <Input maxLength={300} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('Trích yếu', 'Title')} rules={[{ required: true, message: t('Hãy nhập trích yếu.', 'Enter the title.') }]}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item name="summary" label={t('Tóm tắt nội dung', 'Summary')}>
          <Input.TextArea maxLength={10000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="issuedOn" label={t('Ngày ban hành', 'Issued on')} rules={[{ required: true, message: t('Hãy chọn ngày ban hành.', 'Pick the date.') }]}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="effectiveOn" label={t('Ngày hiệu lực', 'In force from')}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="status" label={t('Tình trạng hiệu lực', 'Status')}>
            <Select style={{ width: 300 }} options={STATUSES.map((x) => ({ value: x, label: LEGAL_STATUS_LABELS[x][lang] }))} />
          </Form.Item>
        </Space>
        {(status === 'replaced' || status === 'amended') && (
          <Form.Item name="linkedId" label={status === 'replaced' ? t('Văn bản thay thế', 'Replaced by') : t('Văn bản sửa đổi, bổ sung', 'Amended by')} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Choose the text.') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={(all.data?.items ?? []).filter((x) => x.id !== text?.id).map((x) => ({ value: x.id, label: `${x.number} — ${x.title}` }))} />
          </Form.Item>
        )}
        <Form.Item label={t('Tệp văn bản (PDF)', 'File (PDF)')}>
          <Upload accept="application/pdf,.pdf" maxCount={1} beforeUpload={(f) => (setFile(f), false)} onRemove={() => setFile(null)}>
            <Button icon={<UploadOutlined />}>{text?.file ? t('Thay tệp PDF', 'Replace the PDF') : t('Chọn tệp PDF', 'Choose a PDF')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
