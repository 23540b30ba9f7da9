import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type dayjs from 'dayjs';
import { ApiError } from '../api';
import { answer, client } from '../api/client';
import { useAuth, useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { useNarrow } from '../components/useNarrow';
import { useOrganizations } from '../data';
import { fmtDate, todayIso } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { keepsLibrary } from './nav';
import type { CampaignSummary } from './types';
import './legal.css';

/**
 * Phổ biến văn bản: the IT department's campaigns asking agencies to disseminate texts by a
 * date (the request goes out as an official letter); an agency sees those it is asked in.
 */
export default function Campaigns() {
  const { t } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const keeper = keepsLibrary(me, has);
  const narrow = useNarrow();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ['legal-campaigns'], queryFn: () => answer(client.GET('/api/v1/legal/campaigns')) });
  const today = todayIso();
  const progress = (c: CampaignSummary) => (
    <Space wrap>
      <span>{t(`${c.reported}/${c.agencies} cơ quan đã báo cáo`, `${c.reported} of ${c.agencies} reported`)}</span>
      {!keeper && <Tag color={c.myAgencyReported ? 'green' : c.deadline < today ? 'red' : 'blue'} className="lt-tag">{c.myAgencyReported ? t('Cơ quan mình đã báo cáo', 'We reported') : t('Cơ quan mình chưa báo cáo', 'We have not reported')}</Tag>}
    </Space>
  );
  const columns = [
    { key: 'title', title: t('Đợt phổ biến', 'Campaign'), render: (_: unknown, c: CampaignSummary) => <Link to={`/legal/campaigns/${c.id}`}>{c.title}</Link> },
    { key: 'letter', title: t('Công văn', 'Letter'), width: 140, render: (_: unknown, c: CampaignSummary) => c.letterSymbol ?? '' },
    { key: 'deadline', title: t('Hạn', 'Due'), width: 110, render: (_: unknown, c: CampaignSummary) => <span className={c.deadline < today ? 'lt-task-late' : undefined}>{fmtDate(c.deadline)}</span> },
    { key: 'progress', title: t('Kết quả', 'Progress'), width: 300, render: (_: unknown, c: CampaignSummary) => progress(c) },
  ];
  return (
    <Page
      title={t('Phổ biến văn bản pháp luật', 'Dissemination campaigns')}
      sub={t('Sở KH&CN đề nghị các cơ quan phổ biến văn bản trước một ngày; mỗi cơ quan báo cáo kết quả kèm văn bản kiểm chứng.', 'The IT department asks agencies to disseminate texts by a date; each reports what it did with evidence.')}
      extra={keeper && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('Đề nghị phổ biến', 'New campaign')}</Button>}
    >
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {narrow ? (
        <div className="lt-legal-cards">
          {list.data?.items.length === 0 && <Empty description={t('Chưa có đợt phổ biến nào.', 'No campaigns.')} />}
          {list.data?.items.map((c) => (
            <Card key={c.id} size="small">
              <Link to={`/legal/campaigns/${c.id}`} className="lt-legal-title">{c.title}</Link>
              <div className="lt-muted">{t('Hạn', 'Due')} {fmtDate(c.deadline)}{c.letterSymbol ? ` · ${c.letterSymbol}` : ''}</div>
              {progress(c)}
            </Card>
          ))}
        </div>
      ) : (
        <Table<CampaignSummary> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} locale={{ emptyText: t('Chưa có đợt phổ biến nào.', 'No campaigns.') }} />
      )}
      {creating && <CampaignCreate onClose={() => setCreating(false)} />}
    </Page>
  );
}

interface Values {
  title: string;
  note?: string;
  deadline: dayjs.Dayjs;
  textIds: number[];
  orgIds: number[];
  sendLetter: boolean;
  signerPosition?: string;
}

function CampaignCreate({ onClose }: { onClose: () => void }) {
  const { t, err } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const texts = useQuery({ queryKey: ['legal-texts', 'in-force'], queryFn: () => answer(client.GET('/api/v1/legal/texts', { params: { query: { limit: 200 } } })) });
  const orgs = useOrganizations();
  const agencies = useMemo(() => (orgs.data ?? []).filter((o) => o.active && o.kind === 'agency').map((o) => ({ value: o.id, label: o.name })), [orgs.data]);
  async function save() {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const created = await answer(client.POST('/api/v1/legal/campaigns', { body: { title: v.title, note: v.note || null, deadline: v.deadline.format('YYYY-MM-DD'), textIds: v.textIds, orgIds: v.orgIds, sendLetter: v.sendLetter, ...(v.signerPosition ? { signerPosition: v.signerPosition } : {}) } }));
      void qc.invalidateQueries({ queryKey: ['legal-campaigns'] });
      navigate(`/legal/campaigns/${created.id}`);
    } catch (e) {
      setError(err(e));
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field as never) !== undefined) form.setFields([{ name: e.field as never, errors: [err(e)] }]);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={t('Đề nghị các cơ quan phổ biến văn bản', 'Ask agencies to disseminate texts')} onCancel={onClose} onOk={() => void save()} okText={t('Gửi đề nghị', 'Send')} cancelText={t('Hủy', 'Cancel')} confirmLoading={saving} width={680}>
      {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ sendLetter: true, signerPosition: 'Giám đốc', orgIds: [] }}>
        <Form.Item name="title" label={t('Tên đợt phổ biến', 'Title')} rules={[{ required: true, message: t('Hãy nhập tên đợt phổ biến.', 'Enter a title.') }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="textIds" label={t('Văn bản cần phổ biến', 'Texts')} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Choose texts.') }]}>
          <Select mode="multiple" maxCount={50} showSearch={{ optionFilterProp: 'label' }} options={(texts.data?.items ?? []).filter((x) => x.status === 'in_force' || x.status === 'amended').map((x) => ({ value: x.id, label: `${x.number} — ${x.title}` }))} />
        </Form.Item>
        <Form.Item name="orgIds" label={t('Cơ quan được đề nghị', 'Agencies')} rules={[{ required: true, message: t('Hãy chọn cơ quan.', 'Choose agencies.') }]}>
          <Select mode="multiple" maxCount={400} showSearch={{ optionFilterProp: 'label' }} options={agencies} />
        </Form.Item>
        <Button size="small" onClick={() => form.setFieldValue('orgIds', agencies.filter((a) => a.value !== me.agencyId).map((a) => a.value))} style={{ marginBottom: 12 }}>
          {t('Chọn tất cả cơ quan', 'Choose every agency')}
        </Button>
        <Space wrap>
          <Form.Item name="deadline" label={t('Hạn báo cáo', 'Due by')} rules={[{ required: true, message: t('Hãy chọn hạn.', 'Pick the date.') }]}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="sendLetter" label={t('Gửi công văn qua hệ thống', 'Send an official letter')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="signerPosition" label={t('Chức vụ người ký', 'Signer position')}>
            <Input maxLength={200} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('Ghi chú', 'Note')}>
          <Input.TextArea maxLength={4000} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
