import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { ApiError } from '../api';
import { answer, client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { useNarrow } from '../components/useNarrow';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { EvidencePicker } from '../tasks/EvidencePicker';
import { CAMPAIGN_ORG_STATE_LABELS, CampaignStateTag, DISSEMINATION_FORM_LABELS, LegalStatusTag } from './labels';
import type { Campaign, CampaignOrgState, DisseminationForm } from './types';
import './legal.css';

const FORMS = Object.keys(DISSEMINATION_FORM_LABELS) as DisseminationForm[];
const STATES = Object.keys(CAMPAIGN_ORG_STATE_LABELS) as CampaignOrgState[];
type Agency = Campaign['agencies'][number];

/** One campaign: the letter, the texts, which agencies reported and which not; an agency's report form. */
export default function CampaignView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const narrow = useNarrow();
  const [only, setOnly] = useState<CampaignOrgState | null>(null);
  const c = useQuery({ queryKey: ['legal-campaigns', id], queryFn: () => answer(client.GET('/api/v1/legal/campaigns/{id}', { params: { path: { id } } })) });
  if (c.error) return <Page title={t('Đợt phổ biến', 'Campaign')}><LoadError error={c.error} retry={() => void c.refetch()} /></Page>;
  if (!c.data) return <Page title={t('Đợt phổ biến', 'Campaign')}>{null}</Page>;
  const data = c.data;
  const rows = only ? data.agencies.filter((a) => a.state === only) : data.agencies;
  const reportsCell = (a: Agency) =>
    a.reports.length ? (
      <ul className="lt-task-evidence">
        {a.reports.map((r) => (
          <li key={r.id}>
            {fmtDate(r.heldOn)} · {DISSEMINATION_FORM_LABELS[r.form][lang]} · {t(`${r.peopleReached} người`, `${r.peopleReached} people`)}
            {r.evidence && <> · <DocLink id={r.evidence.documentId} symbol={r.evidence.symbol} /></>}
            {r.note && <div className="lt-muted">{r.note}</div>}
          </li>
        ))}
      </ul>
    ) : (
      <span className="lt-muted">{t('Chưa báo cáo', 'No report yet')}</span>
    );
  const columns = [
    { key: 'name', title: t('Cơ quan', 'Agency'), width: 240, dataIndex: 'name' },
    { key: 'state', title: t('Tình trạng', 'State'), width: 180, render: (_: unknown, a: Agency) => <CampaignStateTag state={a.state} /> },
    { key: 'people', title: t('Số người', 'People'), width: 90, render: (_: unknown, a: Agency) => a.peopleReached },
    { key: 'reports', title: t('Kết quả', 'Reports'), render: (_: unknown, a: Agency) => reportsCell(a) },
  ];
  return (
    <Page
      title={data.title}
      sub={<Link to="/legal/campaigns">{t('‹ Các đợt phổ biến', '‹ All campaigns')}</Link>}
      extra={<Button icon={<FileExcelOutlined />} href={`/api/v1/legal/campaigns/${id}/export.xlsx`}>{t('Xuất Excel', 'Export XLSX')}</Button>}
    >
      <Descriptions size="small" column={narrow ? 1 : 2} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('Hạn báo cáo', 'Due by')}>{fmtDate(data.deadline)}</Descriptions.Item>
        <Descriptions.Item label={t('Công văn đề nghị', 'Letter')}>
          {data.letter ? <span><DocLink id={data.letter.documentId} symbol={data.letter.symbol} /> {t('ngày', 'of')} {fmtDate(data.letter.docDate)}{data.letter.signerName ? ` — ${data.letter.signerName}` : ''}</span> : t('Không gửi công văn', 'No letter')}
        </Descriptions.Item>
        <Descriptions.Item label={t('Văn bản phổ biến', 'Texts')} span={narrow ? 1 : 2}>
          <ul className="lt-task-evidence">
            {data.texts.map((x) => (
              <li key={x.id}>
                <b>{x.number}</b> — {x.title} <LegalStatusTag status={x.status} />
              </li>
            ))}
          </ul>
        </Descriptions.Item>
      </Descriptions>
      {data.canReport && <ReportForm id={id} />}
      <nav aria-label={t('Lọc theo tình trạng báo cáo', 'Filter by state')} className="lt-legal-counts">
        <Space wrap size={[6, 6]}>
          <Button size="small" type={!only ? 'primary' : 'default'} aria-pressed={!only} onClick={() => setOnly(null)}>
            {t('Tất cả', 'All')} ({data.agencies.length})
          </Button>
          {STATES.map((s) => (
            <Button key={s} size="small" type={only === s ? 'primary' : 'default'} aria-pressed={only === s} onClick={() => setOnly(s)} data-state={s}>
              {CAMPAIGN_ORG_STATE_LABELS[s][lang]} ({data.counts[s]})
            </Button>
          ))}
        </Space>
      </nav>
      {narrow ? (
        <div className="lt-legal-cards">
          {rows.length === 0 && <Empty description={t('Không có cơ quan nào.', 'No agencies.')} />}
          {rows.map((a) => (
            <Card key={a.orgId} size="small" data-org={a.orgId}>
              <div className="lt-legal-title">{a.name}</div>
              <Space wrap>
                <CampaignStateTag state={a.state} />
                <span>{t(`${a.peopleReached} người`, `${a.peopleReached} people`)}</span>
              </Space>
              {reportsCell(a)}
            </Card>
          ))}
        </div>
      ) : (
        <Table<Agency> size="small" rowKey="orgId" dataSource={rows} columns={columns} pagination={false} onRow={(a) => ({ 'data-org': a.orgId }) as React.HTMLAttributes<HTMLElement>} />
      )}
    </Page>
  );
}

interface Values {
  heldOn: dayjs.Dayjs;
  form: DisseminationForm;
  peopleReached: number;
  note?: string;
  evidence?: number[];
}

function ReportForm({ id }: { id: number }) {
  const { t, lang, err } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function save(v: Values) {
    setSaving(true);
    setError(null);
    try {
      const updated = await answer(client.POST('/api/v1/legal/campaigns/{id}/reports', { params: { path: { id } }, body: { heldOn: v.heldOn.format('YYYY-MM-DD'), form: v.form, peopleReached: v.peopleReached, note: v.note || null, evidenceDocumentId: v.evidence?.[0] ?? null } }));
      qc.setQueryData(['legal-campaigns', id], updated);
      void qc.invalidateQueries({ queryKey: ['legal-campaigns'] });
      form.resetFields();
    } catch (e) {
      setError(err(e));
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field as never) !== undefined) form.setFields([{ name: e.field as never, errors: [err(e)] }]);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card size="small" title={<h2 className="lt-h2" style={{ margin: 0, fontSize: 15 }}>{t('Báo cáo kết quả phổ biến của cơ quan', 'Report what your agency did')}</h2>} style={{ marginBottom: 12 }}>
      {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ heldOn: dayjs(), form: 'conference', peopleReached: 0 }}>
        <Space wrap>
          <Form.Item name="heldOn" label={t('Ngày thực hiện', 'Held on')} rules={[{ required: true, message: t('Hãy chọn ngày.', 'Pick the date.') }]}>
            <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="form" label={t('Hình thức', 'Form')}>
            <Select style={{ width: 240 }} options={FORMS.map((f) => ({ value: f, label: DISSEMINATION_FORM_LABELS[f][lang] }))} />
          </Form.Item>
          <Form.Item name="peopleReached" label={t('Số người được phổ biến', 'People reached')} rules={[{ required: true, message: t('Hãy nhập số người.', 'Enter a number.') }]}>
            <InputNumber min={0} max={1000000} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="evidence" normalize={(v: number[] | undefined) => v?.slice(-1)} label={t('Văn bản kiểm chứng (trong sổ của cơ quan)', 'Evidence document (from your registers)')}>
          <EvidencePicker />
        </Form.Item>
        <Form.Item name="note" label={t('Ghi chú', 'Note')}>
          <Input.TextArea maxLength={4000} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>{t('Gửi báo cáo', 'Send the report')}</Button>
      </Form>
    </Card>
  );
}
