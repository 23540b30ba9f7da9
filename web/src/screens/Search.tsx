import { useState } from 'react';
import { Button, Checkbox, Col, DatePicker, Empty, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { answer, client, type QueryOf } from '../api/client';
import { useMe } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { navigate, setQuery, useLocation } from '../router';
import { STATUS, StatusTag, URGENCY, UrgencyTag } from '../labels';
import { fmtDate } from '../format';
import { useDocumentTypes, useOrganizations } from '../data';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { ContentMatch } from '../components/ContentMatch';
import type { SearchHit } from '../types';

type SearchQuery = QueryOf<'/api/v1/search', 'get'>;

interface Filters {
  q?: string;
  direction?: SearchQuery['direction'];
  typeCode?: string;
  urgency?: SearchQuery['urgency'];
  status?: SearchQuery['status'];
  year?: number | null;
  range?: [Dayjs | null, Dayjs | null] | null;
  senderOrgId?: number;
  overdue?: boolean;
}

const LIMIT = 50;

export default function Search() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { query } = useLocation();
  const types = useDocumentTypes();
  const orgs = useOrganizations();
  const [form] = Form.useForm<Filters>();
  const [params, setParams] = useState<SearchQuery | null>(() => (query.get('q') ? { q: query.get('q')! } : null));
  const [offset, setOffset] = useState(0);

  const result = useQuery({
    queryKey: ['search', params, offset],
    enabled: params !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => answer(client.GET('/api/v1/search', { params: { query: { ...params, limit: LIMIT, offset } }, signal })),
  });

  const run = (f: Filters) => {
    const p: SearchQuery = {
      q: f.q?.trim() || undefined,
      direction: f.direction,
      typeCode: f.typeCode,
      urgency: f.urgency,
      status: f.status,
      year: f.year ?? undefined,
      from: f.range?.[0]?.format('YYYY-MM-DD'),
      to: f.range?.[1]?.format('YYYY-MM-DD'),
      senderOrgId: f.senderOrgId,
      overdue: f.overdue,
    };
    setOffset(0);
    setParams(p);
    setQuery({ q: p.q });
  };

  const agencies = (orgs.data ?? []).filter((o) => o.kind === 'agency' && o.id !== me.agencyId);
  return (
    <Page title={t('Tìm kiếm văn bản', 'Search documents')} sub={t('Tìm trong văn bản đi và đến của cơ quan; không phân biệt dấu và chữ hoa (gõ "chi thi cntt" vẫn thấy "Chỉ thị … CNTT").', 'Across your agency’s outgoing and incoming documents; marks and case are ignored.')}>
      <Panel className="lt-card lt-filters">
        <Form<Filters> form={form} layout="vertical" onFinish={run} initialValues={{ q: query.get('q') ?? '' }}>
          <Row gutter={10}>
            <Col xs={24} lg={10}>
              <Form.Item name="q" label={t('Từ khóa', 'Words')}>
                <Input allowClear placeholder={t('Số, ký hiệu, trích yếu, người ký, nội dung tệp…', 'Number, summary, signer, file text…')} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={4}>
              <Form.Item name="direction" label={t('Chiều', 'Direction')}>
                <Select allowClear placeholder={t('Đi và đến', 'Both')} options={[{ value: 'incoming', label: t('Văn bản đến', 'Incoming') }, { value: 'outgoing', label: t('Văn bản đi', 'Outgoing') }]} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={5}>
              <Form.Item name="typeCode" label={t('Loại văn bản', 'Type')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('Mọi loại', 'Any')} options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={5}>
              <Form.Item name="urgency" label={t('Độ khẩn', 'Urgency')}>
                <Select allowClear placeholder={t('Mọi độ khẩn', 'Any')} options={Object.entries(URGENCY).map(([k, v]) => ({ value: k, label: v[lang] }))} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={5}>
              <Form.Item name="status" label={t('Trạng thái xử lý', 'Status')}>
                <Select allowClear placeholder={t('Mọi trạng thái', 'Any')} options={['01', '02', '03', '04', '05', '06'].map((c) => ({ value: c, label: `${c} · ${STATUS[c]![lang]}` }))} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="range" label={t('Ngày văn bản', 'Document date')}>
                <DatePicker.RangePicker format="DD/MM/YYYY" style={{ width: '100%' }} allowEmpty={[true, true]} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={3}>
              <Form.Item name="year" label={t('Năm sổ', 'Year')}>
                <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={6}>
              <Form.Item name="senderOrgId" label={t('Cơ quan gửi', 'Sender')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('Mọi cơ quan', 'Any')} options={agencies.map((o) => ({ value: o.id, label: o.name }))} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={4}>
              <Form.Item name="overdue" valuePropName="checked" label=" ">
                <Checkbox>{t('Chỉ văn bản quá hạn', 'Overdue only')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('Tìm kiếm', 'Search')}
            </Button>
            <Button onClick={() => { form.resetFields(); form.setFieldValue('q', ''); }}>{t('Xóa điều kiện', 'Clear')}</Button>
          </Space>
        </Form>
      </Panel>
      {result.error && <LoadError error={result.error} retry={() => void result.refetch()} />}
      {params && (
        <Panel className="lt-card" title={t('Kết quả', 'Results')}>
          <Table<SearchHit>
            size="small"
            rowKey="id"
            loading={result.isFetching}
            dataSource={result.data?.items ?? []}
            pagination={false}
            scroll={{ x: 960 }}
            onRow={(r) => ({ onClick: (e) => !(e.target as HTMLElement).closest('a') && navigate(`/documents/${r.id}`), className: 'lt-click' })}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('Không tìm thấy văn bản nào.', 'Nothing found.')} /> }}
            columns={[
              { title: t('Chiều', 'Dir.'), dataIndex: 'direction', width: 64, render: (v: string) => <Tag className="lt-tag" color={v === 'incoming' ? 'blue' : 'green'}>{v === 'incoming' ? t('Đến', 'In') : t('Đi', 'Out')}</Tag> },
              { title: t('Số, ký hiệu', 'Number'), dataIndex: 'symbol', width: 140, render: (_v, r) => <DocLink id={r.id} symbol={r.symbol} /> },
              { title: t('Ngày', 'Date'), dataIndex: 'docDate', width: 90, render: (v) => fmtDate(v) || '—' },
              { title: t('Trích yếu', 'Summary'), dataIndex: 'summary', className: 'lt-cell-text', render: (v: string, r) => (r.contentMatch ? <><div>{v}</div><ContentMatch match={r.contentMatch} /></> : v) },
              { title: t('Cơ quan gửi', 'Sender'), dataIndex: 'senderName', width: 170, className: 'lt-cell-text' },
              { title: t('Người ký', 'Signer'), dataIndex: 'signerName', width: 120, className: 'lt-cell-text' },
              { title: t('Độ khẩn', 'Urgency'), dataIndex: 'urgency', width: 110, render: (v: string) => <UrgencyTag urgency={v} quiet /> },
              { title: t('Trạng thái', 'Status'), dataIndex: 'status', width: 140, render: (_v, r) => (r.status ? <StatusTag status={r.status} /> : r.state === 'draft' ? <Tag className="lt-tag">{t('Dự thảo', 'Draft')}</Tag> : r.direction === 'outgoing' ? <Tag color="green" className="lt-tag">{t('Đã phát hành', 'Issued')}</Tag> : <span className="lt-muted">—</span>) },
            ]}
          />
          <div className="lt-pager">
            <span className="lt-muted" aria-live="polite">{result.data ? t(`${offset + result.data.items.length}${result.data.hasMore ? '+' : ''} kết quả`, `${offset + result.data.items.length}${result.data.hasMore ? '+' : ''} results`) : ''}</span>
            <Space>
              <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - LIMIT))}>{t('Trang trước', 'Previous')}</Button>
              <Button disabled={!result.data?.hasMore} onClick={() => setOffset(offset + LIMIT)}>{t('Trang sau', 'Next')}</Button>
            </Space>
          </div>
        </Panel>
      )}
    </Page>
  );
}
