import { useMemo, useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useAuth, useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { ActionModal } from '../screens/document/ActionModal';
import { useOrganizations } from '../data';
import { useI18n } from '../i18n';
import { DATA_SOURCE, INDICATOR_GROUP, SCORING_RULE } from './labels';
import type { Indicator, ScoreStep } from './types';
import './tasks.css';

type Values = Omit<Indicator, 'id' | 'verifyingOrgName' | 'updatedAt'>;

const stepText = (s: ScoreStep) => (s.min !== null && s.max !== null ? (s.min === s.max ? `${s.min}` : `${s.min}–${s.max}`) : s.min !== null ? `≥ ${s.min}` : `≤ ${s.max}`);

/**
 * Danh mục chỉ tiêu: the indicators the monitoring is built on. Everyone reads it; the
 * provincial IT department (role "Quản lý CNTT tỉnh") and province administrators edit it.
 */
export default function Indicators() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const qc = useQueryClient();
  const editor = me.isProvinceAdmin || has('it_officer');
  const [group, setGroup] = useState<string | undefined>();
  const list = useQuery({ queryKey: ['indicators'], queryFn: () => answer(client.GET('/api/v1/indicators')) });
  const orgs = useOrganizations();
  const [editing, setEditing] = useState<Partial<Indicator> | null>(null);
  const [form] = Form.useForm<Values>();
  const rule = Form.useWatch('scoringRule', form);
  const source = Form.useWatch('source', form);
  const rows = useMemo(() => (list.data ?? []).filter((i) => !group || i.group === group), [list.data, group]);
  const agencies = (orgs.data ?? []).filter((o) => o.active && (o.kind === 'agency' || o.kind === 'province')).map((o) => ({ value: o.id, label: o.name }));
  const options = (m: Record<string, { vi: string; en: string }>) => Object.entries(m).map(([value, l]) => ({ value, label: l[lang] }));

  const save = async (v: Values) => {
    const body = { ...v, denominator: v.denominator || null, evidence: v.evidence || null, steps: v.scoringRule === 'step_table' ? (v.steps ?? []).map((s) => ({ min: s.min ?? null, max: s.max ?? null, points: s.points })) : [], verifyingOrgId: v.source === 'verified' ? v.verifyingOrgId : null };
    if (editing?.id) await answer(client.PATCH('/api/v1/indicators/{id}', { params: { path: { id: editing.id } }, body }));
    else await answer(client.POST('/api/v1/indicators', { body }));
    await qc.invalidateQueries({ queryKey: ['indicators'] });
  };

  return (
    <Page
      title={t('Danh mục chỉ tiêu', 'Indicator catalogue')}
      sub={t('Chỉ tiêu đo lường ứng dụng CNTT, chuyển đổi số: định nghĩa, cách tính điểm, nguồn dữ liệu, tài liệu kiểm chứng.', 'Indicators of IT use and digital transformation: definitions, scoring, data source, evidence.')}
      extra={
        editor && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ scoringRule: 'ratio_max', source: 'automatic', maxPoints: 10, active: true, steps: [] })}>
            {t('Thêm chỉ tiêu', 'Add an indicator')}
          </Button>
        )
      }
    >
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      <Select aria-label={t('Nhóm chỉ số', 'Group')} placeholder={t('Mọi nhóm chỉ số', 'Every group')} allowClear style={{ width: 260, marginBottom: 12 }} value={group} onChange={setGroup} options={options(INDICATOR_GROUP)} />
      <Table<Indicator>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={rows}
        scroll={{ x: 1100 }}
        pagination={false}
        data-testid="indicators-table"
        columns={[
          { title: t('Mã', 'Code'), dataIndex: 'code', width: 170, render: (v: string, r) => <span className="lt-code">{v}{!r.active && <Tag className="lt-tag" style={{ marginLeft: 4 }}>{t('ngừng dùng', 'inactive')}</Tag>}</span> },
          { title: t('Chỉ tiêu', 'Indicator'), render: (_: unknown, r) => <div><b>{lang === 'vi' ? r.nameVi : r.nameEn}</b><div className="lt-muted">{r.numerator}{r.denominator ? ` ÷ ${r.denominator}` : ''}</div></div> },
          { title: t('Nhóm', 'Group'), dataIndex: 'group', width: 150, render: (g: string) => INDICATOR_GROUP[g]?.[lang] ?? g },
          { title: t('Đơn vị', 'Unit'), dataIndex: 'unit', width: 80 },
          { title: t('Cách tính', 'Scoring'), width: 200, render: (_: unknown, r) => <div>{SCORING_RULE[r.scoringRule]?.[lang]} · {t('tối đa', 'max')} {r.maxPoints}{r.steps.length > 0 && <div className="lt-muted">{r.steps.map((s) => `${stepText(s)} → ${s.points}`).join('; ')}</div>}</div> },
          { title: t('Nguồn', 'Source'), width: 160, render: (_: unknown, r) => <span>{DATA_SOURCE[r.source]?.[lang]}{r.verifyingOrgName && <div className="lt-muted">{r.verifyingOrgName}</div>}</span> },
          ...(editor ? [{ title: <span className="lt-sr">{t('Thao tác', 'Actions')}</span>, width: 80, render: (_: unknown, r: Indicator) => <Button size="small" onClick={() => setEditing(r)}>{t('Sửa', 'Edit')}<span className="lt-sr"> {r.code}</span></Button> }] : []),
        ]}
      />
      <ActionModal<Values>
        open={!!editing}
        form={form}
        width={720}
        title={editing?.id ? t(`Sửa chỉ tiêu ${editing.code}`, `Edit ${editing.code}`) : t('Thêm chỉ tiêu', 'Add an indicator')}
        okText={t('Lưu', 'Save')}
        onClose={() => setEditing(null)}
        initialValues={editing ?? {}}
        onSubmit={save}
      >
        <Space wrap align="start">
          <Form.Item name="code" label={t('Mã', 'Code')} rules={[{ required: true }]}><Input maxLength={40} style={{ width: 200 }} /></Form.Item>
          <Form.Item name="group" label={t('Nhóm chỉ số', 'Group')} rules={[{ required: true }]}><Select style={{ width: 220 }} options={options(INDICATOR_GROUP)} /></Form.Item>
          <Form.Item name="unit" label={t('Đơn vị tính', 'Unit')} rules={[{ required: true }]}><Input maxLength={40} style={{ width: 120 }} /></Form.Item>
        </Space>
        <Form.Item name="nameVi" label={t('Tên chỉ tiêu', 'Name (Vietnamese)')} rules={[{ required: true }]}><Input maxLength={300} /></Form.Item>
        <Form.Item name="nameEn" label={t('Tên tiếng Anh', 'Name (English)')} rules={[{ required: true }]}><Input maxLength={300} /></Form.Item>
        <Form.Item name="numerator" label={t('Tử số', 'Numerator')} rules={[{ required: true }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        <Form.Item name="denominator" label={t('Mẫu số', 'Denominator')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        <Space wrap align="start">
          <Form.Item name="scoringRule" label={t('Cách tính điểm', 'Scoring rule')} rules={[{ required: true }]}><Select style={{ width: 260 }} options={options(SCORING_RULE)} /></Form.Item>
          <Form.Item name="maxPoints" label={t('Điểm tối đa', 'Maximum points')} rules={[{ required: true }]}><InputNumber min={0.01} max={1000} /></Form.Item>
        </Space>
        {rule === 'step_table' && (
          <Form.List name="steps">
            {(fields, { add, remove }) => (
              <fieldset className="lt-fieldset">
                <legend>{t('Bảng bậc (bậc đầu tiên chứa giá trị cho điểm)', 'Steps (the first step holding the value gives its points)')}</legend>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="baseline">
                    <Form.Item name={[f.name, 'min']} label={t(`Từ (bậc ${i + 1})`, `From (step ${i + 1})`)}><InputNumber /></Form.Item>
                    <Form.Item name={[f.name, 'max']} label={t('Đến', 'To')}><InputNumber /></Form.Item>
                    <Form.Item name={[f.name, 'points']} label={t('Điểm', 'Points')} rules={[{ required: true }]}><InputNumber min={0} /></Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t(`Bỏ bậc ${i + 1}`, `Remove step ${i + 1}`)} />
                  </Space>
                ))}
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({ min: null, max: null, points: 0 })}>{t('Thêm bậc', 'Add a step')}</Button>
              </fieldset>
            )}
          </Form.List>
        )}
        <Space wrap align="start">
          <Form.Item name="source" label={t('Nguồn dữ liệu', 'Data source')} rules={[{ required: true }]}><Select style={{ width: 260 }} options={options(DATA_SOURCE)} /></Form.Item>
          {source === 'verified' && (
            <Form.Item name="verifyingOrgId" label={t('Cơ quan xác nhận', 'Verifying agency')} rules={[{ required: true }]}><Select style={{ width: 280 }} showSearch={{ optionFilterProp: 'label' }} options={agencies} /></Form.Item>
          )}
        </Space>
        <Form.Item name="evidence" label={t('Tài liệu kiểm chứng', 'Evidence')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        <Form.Item name="active" label={t('Đang dùng', 'Active')} valuePropName="checked"><Switch /></Form.Item>
      </ActionModal>
    </Page>
  );
}
