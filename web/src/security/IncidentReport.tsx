import { useState } from 'react';
import { Alert, Button, Form, Input, Radio, Select } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { answer, client } from '../api/client';
import { Page } from '../components/Page';
import { foldedLabel } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { SEVERITY, SEVERITY_ORDER } from './labels';
import type { Severity } from './types';

interface Values {
  title: string;
  severity: Severity;
  detectedAt: string;
  systemIds?: number[];
  description: string;
  actionsTaken?: string;
  helpWanted?: string;
  reporterPhone?: string;
}

/** "2026-12-05T14:30" for a datetime-local input, in the device's time (Vietnam for its users). */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The initial report (báo cáo ban đầu), one column that works on a phone: what happened, when
 * it was detected, how severe, which systems, what was done, what help is wanted. Sending it
 * reaches the incident team and the Police at once.
 */
export default function IncidentReport() {
  const { t, lang, err } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const systems = useQuery({ queryKey: ['security-systems'], queryFn: async () => (await client.GET('/api/v1/security/systems')).data! });

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await answer(client.POST('/api/v1/security/incidents', { body: { ...v, detectedAt: new Date(v.detectedAt).toISOString(), systemIds: v.systemIds ?? [] } }));
      void qc.invalidateQueries({ queryKey: ['security-incidents'] });
      navigate(`/security/incidents/${created.id}`);
    } catch (e) {
      setError(err(e));
      if (e instanceof ApiError && e.field) form.setFields([{ name: e.field as keyof Values, errors: [err(e)] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('Báo cáo sự cố an toàn thông tin', 'Report a security incident')} sub={t('Báo cáo ban đầu gửi ngay tới Đội ứng cứu sự cố tỉnh và Công an tỉnh.', 'The initial report reaches the provincial incident team and the Police at once.')} extra={<Link to="/security/incidents">{t('← Danh sách sự cố', '← All incidents')}</Link>}>
      <div className="lt-panel" style={{ maxWidth: 720, padding: 16 }}>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" requiredMark onFinish={submit} initialValues={{ severity: 'medium', detectedAt: localInput(new Date()) }} data-testid="incident-form">
          <Form.Item name="title" label={t('Tóm tắt sự cố', 'What happened (summary)')} rules={[{ required: true, whitespace: true, message: t('Hãy nêu tóm tắt sự cố.', 'Summarise the incident.') }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="severity" label={t('Mức độ', 'Severity')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={SEVERITY_ORDER.map((s) => ({ value: s, label: SEVERITY[s][lang] }))} />
          </Form.Item>
          <Form.Item name="detectedAt" label={t('Thời điểm phát hiện', 'Detected at')} rules={[{ required: true, message: t('Hãy nhập thời điểm phát hiện.', 'Enter when it was detected.') }]}>
            <Input type="datetime-local" max={localInput(new Date())} />
          </Form.Item>
          <Form.Item name="systemIds" label={t('Hệ thống bị ảnh hưởng', 'Affected systems')}>
            <Select mode="multiple" allowClear loading={systems.isLoading} placeholder={t('Chọn trong danh mục của cơ quan', "From your agency's register")} options={(systems.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${t('cấp độ', 'level')} ${s.level})` }))} showSearch={{ filterOption: foldedLabel }} />
          </Form.Item>
          <Form.Item name="description" label={t('Mô tả: hiện tượng, phạm vi', 'Description: what is seen, how far it goes')} rules={[{ required: true, whitespace: true, message: t('Hãy mô tả sự cố.', 'Describe the incident.') }]}>
            <Input.TextArea rows={4} maxLength={10000} />
          </Form.Item>
          <Form.Item name="actionsTaken" label={t('Biện pháp đã thực hiện', 'What was done')}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item name="helpWanted" label={t('Đề nghị hỗ trợ', 'Help wanted')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="reporterPhone" label={t('Điện thoại liên hệ', 'Contact phone')}>
            <Input type="tel" maxLength={30} autoComplete="tel" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block size="large">
            {t('Gửi báo cáo ban đầu', 'Send the initial report')}
          </Button>
        </Form>
      </div>
    </Page>
  );
}
