import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, InputNumber, Select, Skeleton, Space } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { answer, client } from '../api/client';
import { useAuth } from '../auth';
import { LoadError, Page } from '../components/Page';
import { useOrganizations } from '../data';
import { useI18n } from '../i18n';
import { BAND } from './labels';
import type { Band, Settings as Data } from './types';
import './monitoring.css';

type Values = Omit<Data, 'bands'> & { bands: Record<Band, number | null> };
const BANDS: Band[] = ['tot', 'kha', 'trung_binh', 'yeu'];

/**
 * Thiết lập theo dõi tháng (Sở KH&CN): the cut-off day and the working days to send (new
 * periods take them, opened ones keep theirs), the band thresholds, the indicators published
 * on the portal, and who receives the province report. Everyone signed in reads them.
 */
export default function Settings() {
  const { t, lang, err } = useI18n();
  const { has, user } = useAuth();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const editor = !!user?.isProvinceAdmin || has('it_officer');
  const q = useQuery({ queryKey: ['monitoring', 'settings'], queryFn: async () => (await client.GET('/api/v1/monitoring/settings')).data! });
  const catalogue = useQuery({ queryKey: ['indicators'], queryFn: () => answer(client.GET('/api/v1/indicators')) });
  const orgs = useOrganizations();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data);
  }, [q.data, form]);
  const agencies = useMemo(() => (orgs.data ?? []).filter((o) => o.active && o.kind === 'agency').map((o) => ({ value: o.id, label: o.name })), [orgs.data]);
  const indicators = useMemo(() => (catalogue.data ?? []).filter((i) => i.active).map((i) => ({ value: i.code, label: `${i.code} — ${lang === 'vi' ? i.nameVi : i.nameEn}` })), [catalogue.data, lang]);

  const save = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const body = { cutoffDay: v.cutoffDay, submitWorkingDays: v.submitWorkingDays, bands: { tot: v.bands.tot ?? 0, kha: v.bands.kha ?? 0, trung_binh: v.bands.trung_binh ?? 0, yeu: v.bands.yeu ?? 0 }, publicCodes: v.publicCodes ?? [], ubndOrgId: v.ubndOrgId ?? null, officeOrgId: v.officeOrgId ?? null };
      const saved = (await client.PUT('/api/v1/monitoring/settings', { body })).data!;
      qc.setQueryData(['monitoring', 'settings'], saved);
      void qc.invalidateQueries({ queryKey: ['monitoring', 'dashboard'] });
      message.success(t('Đã lưu thiết lập.', 'Settings saved.'));
    } catch (e) {
      setError(err(e));
      const field = e instanceof ApiError ? e.field : undefined;
      if (field === 'bands') form.setFields(BANDS.map((b) => ({ name: ['bands', b], errors: b === 'tot' ? [err(e)] : [] })));
      else if (field && form.getFieldInstance(field as never) !== undefined) form.setFields([{ name: field as never, errors: [err(e)] }]);
    } finally {
      setBusy(false);
    }
  };

  const need = (vi: string, en: string) => ({ required: true, message: t(vi, en) });
  const title = t('Thiết lập theo dõi tháng', 'Monthly monitoring settings');
  if (q.error) return <Page title={title}><LoadError error={q.error} retry={() => void q.refetch()} /></Page>;
  if (!q.data) return <Page title={title}><Skeleton active /></Page>;
  return (
    <Page title={title} sub={t('Kỳ báo cáo mới dùng thiết lập này; kỳ đã mở giữ ngày chốt và hạn của mình.', 'New periods take these settings; opened periods keep their own cut-off and deadline.')}>
      {!editor && <Alert type="info" showIcon title={t('Chỉ Sở KH&CN (Quản lý CNTT tỉnh) sửa thiết lập.', 'Only the IT department edits the settings.')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form<Values> form={form} layout="vertical" disabled={!editor} onFinish={(v) => void save(v)} className="lt-mon-settings" requiredMark={editor}>
        <Card size="small" title={t('Kỳ báo cáo', 'Reporting period')}>
          <Space wrap align="start">
            <Form.Item name="cutoffDay" label={t('Ngày chốt số liệu (1–28)', 'Cut-off day (1–28)')} extra={t('Nghị định 09/2019: ngày 14', 'Decree 09/2019: the 14th')} rules={[need('Nhập ngày chốt số liệu.', 'Enter the cut-off day.'), { type: 'integer', min: 1, max: 28, message: t('Ngày chốt từ 1 đến 28.', 'The cut-off day is 1 to 28.') }]}>
              <InputNumber min={1} max={28} precision={0} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="submitWorkingDays" label={t('Số ngày làm việc để gửi báo cáo', 'Working days to send the report')} rules={[need('Nhập số ngày làm việc.', 'Enter the working days.'), { type: 'integer', min: 0, max: 30, message: t('Từ 0 đến 30 ngày.', '0 to 30 days.') }]}>
              <InputNumber min={0} max={30} precision={0} style={{ width: 160 }} />
            </Form.Item>
          </Space>
        </Card>
        <Card size="small" title={t('Ngưỡng xếp loại (điểm thấp nhất, trên 100)', 'Band thresholds (lowest score, out of 100)')} style={{ marginTop: 12 }}>
          <Space wrap align="start">
            {BANDS.map((b) => (
              <Form.Item key={b} name={['bands', b]} label={BAND[b][lang]} rules={[need('Nhập ngưỡng.', 'Enter the threshold.'), { type: 'number', min: 0, max: 100, message: t('Từ 0 đến 100.', '0 to 100.') }]}>
                <InputNumber min={0} max={100} style={{ width: 120 }} />
              </Form.Item>
            ))}
          </Space>
          <p className="lt-muted">{t('Ngưỡng giảm dần: Tốt > Khá > Trung bình ≥ Yếu.', 'Thresholds decrease: Good > Fair > Average ≥ Weak.')}</p>
        </Card>
        <Card size="small" title={t('Công bố và nơi nhận báo cáo', 'Publication and recipients')} style={{ marginTop: 12 }}>
          <Form.Item name="publicCodes" label={t('Chỉ tiêu công bố trên cổng thông tin', 'Indicators published on the portal')}>
            <Select mode="multiple" allowClear options={indicators} loading={catalogue.isLoading} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="ubndOrgId" label={t('Ủy ban nhân dân tỉnh (nhận báo cáo)', "People's Committee (receives the report)")}>
              <Select allowClear style={{ width: 320, maxWidth: '100%' }} options={agencies} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
            <Form.Item name="officeOrgId" label={t('Văn phòng UBND tỉnh (nhận bản sao)', "The Committee's Office (receives a copy)")}>
              <Select allowClear style={{ width: 320, maxWidth: '100%' }} options={agencies} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Space>
        </Card>
        {editor && (
          <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }}>
            {t('Lưu thiết lập', 'Save the settings')}
          </Button>
        )}
      </Form>
    </Page>
  );
}
