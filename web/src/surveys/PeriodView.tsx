import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Grid, Modal, Popconfirm, Segmented, Space, Table, Tabs, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Chart } from './Chart';
import { ApiError, saveFile } from '../api';
import { client, fileOf } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { RESPONSE_STATUS, RESPONSE_STATUS_ORDER, ResponseStatusTag } from './labels';
import type { GroupAggregate, ResponseRow, ResponseStatus } from './types';
import './surveys.css';

const PAGE = 50;
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x.toLocaleString('vi-VN')} %`);

/** One period for the IT department: the responses (to read and return) and the aggregates with charts. */
export default function PeriodView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [status, setStatus] = useState<ResponseStatus | ''>('');
  const [dim, setDim] = useState<'sector' | 'commune'>('sector');
  const [page, setPage] = useState(1);
  const [reopening, setReopening] = useState(false);
  const [closesOn, setClosesOn] = useState<Dayjs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = { params: { path: { id } } };
  const period = useQuery({ queryKey: ['surveys', 'period', id], queryFn: async () => (await client.GET('/api/v1/surveys/periods/{id}', path)).data! });
  const responses = useQuery({
    queryKey: ['surveys', 'responses', id, status, page],
    queryFn: async () => (await client.GET('/api/v1/surveys/periods/{id}/responses', { params: { path: { id }, query: { status: status || undefined, offset: (page - 1) * PAGE, limit: PAGE } } })).data!,
    placeholderData: (prev) => prev,
  });
  const agg = useQuery({ queryKey: ['surveys', 'aggregates', id], queryFn: async () => (await client.GET('/api/v1/surveys/periods/{id}/aggregates', path)).data! });
  const filter = (s: ResponseStatus | '') => {
    setStatus(s);
    setPage(1);
  };

  const province = agg.data?.groups.find((g) => g.dimension === 'province');
  const yesNo = useMemo(() => (agg.data?.questionnaire.questions ?? []).filter((q) => q.kind === 'yes_no'), [agg.data]);
  const shortText = (s: string) => (s.length > 48 ? `${s.slice(0, 46)}…` : s);

  const provinceChart = useMemo(() => {
    if (!province) return null;
    const rows = yesNo.map((q) => ({ name: shortText(lang === 'vi' ? q.textVi : q.textEn), value: province.questions.find((x) => x.code === q.code)?.yesShare ?? 0 })).reverse();
    return {
      aria: { enabled: true, decal: { show: true } },
      grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} %` },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: screens.md ? 320 : 150, overflow: 'truncate' } },
      series: [{ type: 'bar', data: rows.map((r) => r.value), itemStyle: { color: '#1f5fa8' }, label: { show: true, position: 'right', formatter: '{c} %' } }],
    };
  }, [province, yesNo, lang, screens.md]);

  const groups = (agg.data?.groups ?? []).filter((g) => g.dimension === dim);
  const rateChart = useMemo(() => {
    if (!groups.length) return null;
    return {
      aria: { enabled: true, decal: { show: true } },
      grid: { left: 8, right: 16, top: 30, bottom: 10, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: groups.map((g) => (dim === 'sector' ? g.key : g.label)), axisLabel: { interval: 0, rotate: dim === 'commune' ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('Được hỏi', 'Asked'), type: 'bar', data: groups.map((g) => g.asked), itemStyle: { color: '#b7c7dc' } },
        { name: t('Đã nộp', 'Submitted'), type: 'bar', data: groups.map((g) => g.submitted), itemStyle: { color: '#1f5fa8' } },
      ],
    };
  }, [groups, dim, t]);

  const close = async () => {
    await client.POST('/api/v1/surveys/periods/{id}/close', path);
    await qc.invalidateQueries({ queryKey: ['surveys'] });
  };
  const reopen = async () => {
    setError(null);
    try {
      await client.POST('/api/v1/surveys/periods/{id}/reopen', { ...path, body: { closesOn: closesOn ? closesOn.format('YYYY-MM-DD') : null } });
      await qc.invalidateQueries({ queryKey: ['surveys'] });
      setReopening(false);
    } catch (e) {
      if (e instanceof ApiError) setError(t(e.messageVi, e.messageEn));
      else throw e;
    }
  };
  const exportAs = async (format: 'xlsx' | 'pdf') => saveFile(await fileOf(client.GET('/api/v1/surveys/periods/{id}/aggregates.{format}', { params: { path: { id, format } }, parseAs: 'blob' })));

  const p = period.data;
  const groupColumns = [
    { key: 'label', title: dim === 'sector' ? t('Ngành (VSIC)', 'Sector (VSIC)') : t('Xã, phường', 'Commune/ward'), render: (_: unknown, g: GroupAggregate) => <span>{g.label}{g.small && <Tag className="lt-tag" style={{ marginLeft: 6 }}>{t('dưới 3 phiếu: không công bố', 'under 3: not published')}</Tag>}</span> },
    { key: 'asked', title: t('Được hỏi', 'Asked'), width: 90, render: (_: unknown, g: GroupAggregate) => g.asked },
    { key: 'sub', title: t('Đã nộp', 'Submitted'), width: 90, render: (_: unknown, g: GroupAggregate) => g.submitted },
    { key: 'rate', title: t('Tỷ lệ phản hồi', 'Response rate'), width: 120, render: (_: unknown, g: GroupAggregate) => pct(g.responseRate) },
    ...yesNo.slice(0, 4).map((q) => ({ key: q.code, title: shortText(lang === 'vi' ? q.textVi : q.textEn), width: 150, render: (_: unknown, g: GroupAggregate) => pct(g.questions.find((x) => x.code === q.code)?.yesShare) })),
  ];

  return (
    <Page
      title={p ? `${p.name} (${p.code})` : t('Kỳ khảo sát', 'Survey period')}
      sub={p && <span>{p.questionnaire.code} v{p.questionnaire.version} · {fmtDate(p.opensOn)} – {fmtDate(p.closesOn)} · {t('đã nộp', 'submitted')} {p.counts.submitted}/{p.asked} ({pct(p.responseRate)})</span>}
      extra={
        <Space wrap>
          <Link to="/surveys">{t('← Các kỳ', '← Periods')}</Link>
          {p?.status === 'open' && (
            <Popconfirm title={t('Đóng kỳ? Phiếu không sửa được nữa; số liệu tổng hợp được công bố trên cổng.', 'Close? Answers freeze; the aggregates are published on the portal.')} onConfirm={() => void close()} okText={t('Đóng kỳ', 'Close')} cancelText={t('Hủy', 'Cancel')}>
              <Button>{t('Đóng kỳ khảo sát', 'Close the period')}</Button>
            </Popconfirm>
          )}
          {p?.status === 'closed' && <Button onClick={() => setReopening(true)}>{t('Mở lại kỳ', 'Reopen the period')}</Button>}
        </Space>
      }
    >
      {period.error && <LoadError error={period.error} retry={() => void period.refetch()} />}
      <Tabs
        items={[
          {
            key: 'responses',
            label: t('Phiếu trả lời', 'Responses'),
            children: (
              <>
                <nav aria-label={t('Lọc theo trạng thái', 'Filter by status')} style={{ marginBottom: 12 }}>
                  <Space wrap size={[6, 6]}>
                    <Button size="small" type={!status ? 'primary' : 'default'} aria-pressed={!status} onClick={() => filter('')}>
                      {t('Tất cả', 'All')} ({p?.asked ?? 0})
                    </Button>
                    {RESPONSE_STATUS_ORDER.map((s) => (
                      <Button key={s} size="small" type={status === s ? 'primary' : 'default'} aria-pressed={status === s} onClick={() => filter(s)} data-status={s}>
                        {RESPONSE_STATUS[s][lang]} ({p?.counts[s] ?? 0})
                      </Button>
                    ))}
                  </Space>
                </nav>
                {responses.error && <LoadError error={responses.error} retry={() => void responses.refetch()} />}
                {screens.md === false ? (
                  <div className="lt-survey-cards">
                    {responses.data?.items.length === 0 && <Empty />}
                    {responses.data?.items.map((r) => (
                      <Card key={r.id} size="small" data-response={r.id}>
                        <Link to={`/surveys/responses/${r.id}`}>{r.orgName}</Link>
                        <div className="lt-muted">{r.sectorCode} · {r.commune}</div>
                        <Space wrap>
                          <ResponseStatusTag status={r.status} />
                          {r.submittedAt && <span>{fmtDate(r.submittedAt)}</span>}
                        </Space>
                      </Card>
                    ))}
                    {(responses.data?.total ?? 0) > PAGE && (
                      <Space>
                        <Button disabled={page === 1} onClick={() => setPage(page - 1)}>{t('← Trang trước', '← Previous')}</Button>
                        <span>{t(`Trang ${page}/${Math.ceil((responses.data?.total ?? 0) / PAGE)}`, `Page ${page} of ${Math.ceil((responses.data?.total ?? 0) / PAGE)}`)}</span>
                        <Button disabled={page * PAGE >= (responses.data?.total ?? 0)} onClick={() => setPage(page + 1)}>{t('Trang sau →', 'Next →')}</Button>
                      </Space>
                    )}
                  </div>
                ) : (
                  <Table<ResponseRow>
                    size="small"
                    rowKey="id"
                    loading={responses.isLoading}
                    dataSource={responses.data?.items ?? []}
                    pagination={{ current: page, pageSize: PAGE, total: responses.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
                    onRow={(r) => ({ 'data-response': r.id, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
                    columns={[
                      { key: 'org', title: t('Doanh nghiệp, đơn vị', 'Organisation'), render: (_: unknown, r: ResponseRow) => <Link to={`/surveys/responses/${r.id}`}>{r.orgName}</Link> },
                      { key: 'sector', title: t('Ngành', 'Sector'), width: 70, render: (_: unknown, r: ResponseRow) => r.sectorCode },
                      { key: 'commune', title: t('Xã, phường', 'Commune/ward'), width: 170, render: (_: unknown, r: ResponseRow) => r.commune },
                      { key: 'status', title: t('Trạng thái', 'Status'), width: 160, render: (_: unknown, r: ResponseRow) => <ResponseStatusTag status={r.status} /> },
                      { key: 'at', title: t('Ngày nộp', 'Submitted'), width: 110, render: (_: unknown, r: ResponseRow) => fmtDate(r.submittedAt) },
                      { key: 'comment', title: t('Ý kiến trả lại', 'Return comment'), render: (_: unknown, r: ResponseRow) => (r.status === 'returned' ? r.returnComment : null) },
                    ]}
                  />
                )}
              </>
            ),
          },
          {
            key: 'aggregates',
            label: t('Số liệu tổng hợp', 'Aggregates'),
            children: (
              <>
                {agg.error && <LoadError error={agg.error} retry={() => void agg.refetch()} />}
                <Space wrap style={{ marginBottom: 12 }}>
                  <Button icon={<DownloadOutlined />} onClick={() => void exportAs('xlsx')}>{t('Tải XLSX', 'Download XLSX')}</Button>
                  <Button icon={<DownloadOutlined />} onClick={() => void exportAs('pdf')}>{t('Báo cáo PDF', 'PDF report')}</Button>
                </Space>
                <Card size="small" title={t('Toàn tỉnh: tỷ lệ doanh nghiệp trả lời Có (phiếu đã nộp)', 'Province: share answering yes (submitted responses)')} style={{ marginBottom: 12 }}>
                  {provinceChart ? <Chart option={provinceChart} className="lt-survey-chart" label={t('Biểu đồ tỷ lệ trả lời Có theo câu hỏi', 'Chart of yes shares by question')} /> : <Empty />}
                </Card>
                <Card
                  size="small"
                  title={t('Tỷ lệ phản hồi theo nhóm', 'Response rate by group')}
                  extra={<Segmented aria-label={t('Nhóm theo', 'Group by')} value={dim} onChange={(v) => setDim(v as 'sector' | 'commune')} options={[{ value: 'sector', label: t('Theo ngành', 'By sector') }, { value: 'commune', label: t('Theo xã, phường', 'By commune') }]} />}
                >
                  {rateChart && <Chart option={rateChart} style={{ height: 300 }} label={t('Biểu đồ số phiếu được hỏi và đã nộp theo nhóm', 'Chart of asked and submitted by group')} />}
                  <div tabIndex={0} role="region" aria-label={t('Bảng số liệu theo nhóm', 'Table by group')} style={{ overflowX: 'auto' }}>
                    <Table<GroupAggregate> size="small" rowKey="key" dataSource={groups} columns={groupColumns} pagination={false} style={{ minWidth: 900 }} />
                  </div>
                </Card>
              </>
            ),
          },
        ]}
      />
      <Modal open={reopening} title={t('Mở lại kỳ khảo sát', 'Reopen the survey period')} onCancel={() => setReopening(false)} onOk={() => void reopen()} okText={t('Mở lại', 'Reopen')} cancelText={t('Hủy', 'Cancel')}>
        <p>{t('Phiếu sửa được đến hạn mới; cổng ngừng công bố số liệu của kỳ đến khi đóng lại.', 'Answers may change until the new closing date; the portal stops publishing the period until it closes again.')}</p>
        <label htmlFor="lt-reopen-closes">{t('Hạn nộp phiếu mới (bỏ trống: giữ hạn cũ)', 'New closing date (empty: keep the old one)')}</label>
        <DatePicker id="lt-reopen-closes" format="DD/MM/YYYY" value={closesOn} onChange={setClosesOn} style={{ width: '100%' }} />
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} role="alert" />}
      </Modal>
    </Page>
  );
}
