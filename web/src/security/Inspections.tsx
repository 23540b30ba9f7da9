import { useState } from 'react';
import { Button, Empty, Form, Grid, Input, InputNumber, Select, Skeleton, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useAuth, useMe } from '../auth';
import { useOrganizations } from '../data';
import { ActionModal } from '../screens/document/ActionModal';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { DocLink } from '../components/DocLink';
import { foldedLabel } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { INSPECTION_STATUS } from './labels';
import type { AgencyRecommendations, Inspection } from './types';
import '../tasks/tasks.css';

/** The yearly inspection plans (Police, IT department) with their inspections, and the open and overdue recommendations per agency. */
export default function Inspections() {
  const { t, lang } = useI18n();
  const narrow = Grid.useBreakpoint().md === false;
  const plans = useQuery({ queryKey: ['security-plans'], queryFn: async () => (await client.GET('/api/v1/security/plans')).data! });
  const { has } = useAuth();
  const me = useMe();
  const qc = useQueryClient();
  const orgs = useOrganizations();
  const [dialog, setDialog] = useState<{ kind: 'plan' } | { kind: 'inspection'; planId: number } | null>(null);
  const inspector = me.isProvinceAdmin || has('inspector');
  const agencies = (orgs.data ?? []).filter((o) => o.active && o.kind === 'agency').map((o) => ({ value: o.id, label: o.name }));
  const refresh = () => void qc.invalidateQueries({ queryKey: ['security-plans'] });
  const byAgency = useQuery({ queryKey: ['security-recs-by-agency'], queryFn: async () => (await client.GET('/api/v1/security/recommendations/by-agency')).data! });

  const columns = [
    { key: 'target', title: t('Cơ quan được kiểm tra', 'Inspected agency'), render: (_: unknown, r: Inspection) => <Link to={`/security/inspections/${r.id}`}>{r.targetOrgName}</Link> },
    { key: 'month', title: t('Tháng', 'Month'), width: 70, render: (_: unknown, r: Inspection) => r.plannedMonth },
    { key: 'scope', title: t('Nội dung', 'Scope'), render: (_: unknown, r: Inspection) => r.scope },
    { key: 'status', title: t('Tình trạng', 'Status'), width: 140, render: (_: unknown, r: Inspection) => INSPECTION_STATUS[r.status][lang] },
    { key: 'conclusion', title: t('Kết luận', 'Conclusion'), width: 140, render: (_: unknown, r: Inspection) => (r.conclusion ? <DocLink id={r.conclusion.id} symbol={r.conclusion.symbol} /> : '—') },
    {
      key: 'recs',
      title: t('Kiến nghị', 'Recommendations'),
      width: 170,
      render: (_: unknown, r: Inspection) =>
        r.recommendations.length ? (
          <span>
            {t(`${r.openRecommendations}/${r.recommendations.length} chưa đóng`, `${r.openRecommendations}/${r.recommendations.length} open`)}
            {r.overdueRecommendations > 0 && <Tag color="red" className="lt-tag" style={{ marginLeft: 4 }}>{t(`${r.overdueRecommendations} quá hạn`, `${r.overdueRecommendations} overdue`)}</Tag>}
          </span>
        ) : '—',
    },
  ];

  return (
    <Page
      extra={inspector && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'plan' })}>{t('Lập kế hoạch kiểm tra', 'New inspection plan')}</Button>}
      title={t('Kiểm tra an toàn thông tin', 'Security inspections')}
      sub={t('Kế hoạch kiểm tra hằng năm của Công an tỉnh và Sở KH&CN; kết luận và việc thực hiện kiến nghị.', 'Yearly inspection plans of the Police and the IT department; conclusions and follow-up of recommendations.')}>
      {plans.error && <LoadError error={plans.error} retry={() => void plans.refetch()} />}
      {!plans.data && !plans.error && <Skeleton active />}
      {plans.data?.items.length === 0 && <Empty description={t('Chưa có kế hoạch kiểm tra.', 'No inspection plans.')} />}
      {plans.data?.items.map((p) => (
        <Panel key={p.id} className="lt-card" title={`${p.title}`} extra={<span className="lt-muted">{p.orgName} {p.canEdit && <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'inspection', planId: p.id })}>{t('Thêm cuộc kiểm tra', 'Add an inspection')}</Button>}</span>} data-testid="inspection-plan">
          {narrow ? (
            <div className="lt-task-cards">
              {p.inspections.map((r) => (
                <div key={r.id} className="lt-panel" style={{ padding: 10 }}>
                  <Link to={`/security/inspections/${r.id}`}><b>{r.targetOrgName}</b></Link>
                  <div className="lt-muted">{t('Tháng', 'Month')} {r.plannedMonth} · {INSPECTION_STATUS[r.status][lang]}</div>
                  <div>{r.scope}</div>
                  {r.overdueRecommendations > 0 && <Tag color="red" className="lt-tag">{t(`${r.overdueRecommendations} kiến nghị quá hạn`, `${r.overdueRecommendations} overdue`)}</Tag>}
                </div>
              ))}
            </div>
          ) : (
            <Table<Inspection> size="small" rowKey="id" dataSource={p.inspections} columns={columns} pagination={false} />
          )}
        </Panel>
      ))}
      <Panel className="lt-card" title={t('Kiến nghị chưa đóng và quá hạn theo cơ quan', 'Open and overdue recommendations per agency')} data-testid="recs-by-agency">
        <Table<AgencyRecommendations>
          size="small"
          rowKey="orgId"
          dataSource={byAgency.data?.items ?? []}
          loading={byAgency.isLoading}
          pagination={false}
          locale={{ emptyText: t('Chưa có kiến nghị.', 'No recommendations.') }}
          columns={[
            { key: 'org', title: t('Cơ quan', 'Agency'), render: (_: unknown, r) => r.orgName },
            { key: 'total', title: t('Tổng', 'Total'), width: 70, render: (_: unknown, r) => r.total },
            { key: 'open', title: t('Chưa đóng', 'Open'), width: 90, render: (_: unknown, r) => r.open },
            { key: 'overdue', title: t('Quá hạn', 'Overdue'), width: 90, render: (_: unknown, r) => (r.overdue ? <b className="lt-task-late">{r.overdue}</b> : 0) },
          ]}
        />
      </Panel>
      <ActionModal<{ year: number; title: string }>
        open={dialog?.kind === 'plan'}
        title={t('Kế hoạch kiểm tra năm', 'Yearly inspection plan')}
        okText={t('Lập kế hoạch', 'Create')}
        onClose={() => setDialog(null)}
        onSubmit={async (v) => { await answer(client.POST('/api/v1/security/plans', { body: v })); refresh(); }}
        initialValues={{ year: new Date().getFullYear() + 1, title: `Kế hoạch kiểm tra công tác bảo đảm an toàn thông tin năm ${new Date().getFullYear() + 1}` }}
      >
        <Form.Item name="year" label={t('Năm', 'Year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
        <Form.Item name="title" label={t('Tên kế hoạch', 'Title')} rules={[{ required: true, whitespace: true }]}><Input maxLength={500} /></Form.Item>
      </ActionModal>
      <ActionModal<{ targetOrgId: number; plannedMonth: number; scope: string }>
        open={dialog?.kind === 'inspection'}
        title={t('Thêm cuộc kiểm tra', 'Add an inspection')}
        okText={t('Thêm', 'Add')}
        onClose={() => setDialog(null)}
        onSubmit={async (v) => { if (dialog?.kind === 'inspection') await answer(client.POST('/api/v1/security/plans/{id}/inspections', { params: { path: { id: dialog.planId } }, body: v })); refresh(); }}
      >
        <Form.Item name="targetOrgId" label={t('Cơ quan được kiểm tra', 'Inspected agency')} rules={[{ required: true }]}><Select showSearch={{ filterOption: foldedLabel }} options={agencies} /></Form.Item>
        <Form.Item name="plannedMonth" label={t('Tháng', 'Month')} rules={[{ required: true }]}><InputNumber min={1} max={12} /></Form.Item>
        <Form.Item name="scope" label={t('Nội dung, phạm vi kiểm tra', 'Scope')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
      </ActionModal>
    </Page>
  );
}
