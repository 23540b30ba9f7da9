import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Select, Skeleton, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { answer, client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { DocLink } from '../components/DocLink';
import { useOrganizations } from '../data';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { navigate, useLocation } from '../router';
import type { Body } from '../api/client';
import { PRIORITY, RECURRENCE } from './labels';
import type { Recurrence } from './types';

interface Values {
  pointRef?: string;
  content: string;
  leadOrgId: number;
  cooperatingOrgIds?: number[];
  recurrence: Recurrence;
  deadline?: Dayjs;
  expectedOutput?: string;
  priority: Body<'/api/v1/tasks', 'post'>['priority'];
}

/**
 * Giao nhiệm vụ: a task broken out of an issued document. The document's number and date are
 * shown from the document itself, never typed again.
 */
export default function TaskCreate() {
  const { t, lang, err } = useI18n();
  const { query } = useLocation();
  const qc = useQueryClient();
  const documentId = Number(query.get('documentId'));
  const doc = useQuery({ queryKey: ['document', documentId], queryFn: () => answer(client.GET('/api/v1/documents/{id}', { params: { path: { id: documentId } } })), enabled: documentId > 0 });
  const orgs = useOrganizations();
  const [form] = Form.useForm<Values>();
  const recurrence = Form.useWatch('recurrence', form) ?? 'none';
  const lead = Form.useWatch('leadOrgId', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const agencies = useMemo(() => (orgs.data ?? []).filter((o) => o.active && (o.kind === 'agency' || o.kind === 'enterprise')).map((o) => ({ value: o.id, label: o.name })), [orgs.data]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await answer(client.POST('/api/v1/tasks', { body: {
        documentId,
        pointRef: v.pointRef || null,
        content: v.content,
        leadOrgId: v.leadOrgId,
        cooperatingOrgIds: v.cooperatingOrgIds ?? [],
        recurrence: v.recurrence,
        deadline: v.recurrence === 'none' && v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
        expectedOutput: v.expectedOutput || null,
        priority: v.priority,
      } }));
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      navigate(`/tasks/${created.id}`);
    } catch (e) {
      setError(err(e));
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field as never) !== undefined) form.setFields([{ name: e.field as never, errors: [err(e)] }]);
    } finally {
      setBusy(false);
    }
  };

  if (!(documentId > 0)) return <Page title={t('Giao nhiệm vụ', 'Assign a task')}><Alert type="info" showIcon title={t('Mở một văn bản đã ban hành của UBND tỉnh rồi bấm "Giao nhiệm vụ".', 'Open an issued document of the People’s Committee and press "Assign a task".')} /></Page>;
  if (doc.error) return <Page title={t('Giao nhiệm vụ', 'Assign a task')}><LoadError error={doc.error} retry={() => void doc.refetch()} /></Page>;
  const d = doc.data;
  if (!d) return <Page title={t('Giao nhiệm vụ', 'Assign a task')}><Skeleton active /></Page>;

  return (
    <Page title={t('Giao nhiệm vụ', 'Assign a task')} sub={t('Nhiệm vụ gắn với văn bản giao; số, ký hiệu và ngày lấy từ văn bản.', 'The task stays linked to its document; number and date come from the document.')}>
      <Panel className="lt-card" title={t('Văn bản giao nhiệm vụ', 'Source document')}>
        <p data-testid="task-source">
          <DocLink id={d.id} symbol={d.symbol} /> {t('ngày', 'of')} {fmtDate(d.docDate)} — {d.summary}
        </p>
      </Panel>
      <Panel className="lt-card" title={t('Nhiệm vụ', 'Task')}>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ recurrence: 'none', priority: 'normal' }} requiredMark style={{ maxWidth: 760 }}>
          <Form.Item name="pointRef" label={t('Điểm, khoản của văn bản', 'Point of the document')}>
            <Input maxLength={100} placeholder={t('Ví dụ: Điểm 2', 'e.g. Điểm 2')} />
          </Form.Item>
          <Form.Item name="content" label={t('Nội dung nhiệm vụ (trích văn bản)', 'Task (quoted from the document)')} rules={[{ required: true, message: t('Hãy nhập nội dung nhiệm vụ.', 'Write the task.') }]}>
            <Input.TextArea rows={5} maxLength={10000} />
          </Form.Item>
          <Form.Item name="leadOrgId" label={t('Cơ quan chủ trì', 'Lead agency')} rules={[{ required: true, message: t('Hãy chọn cơ quan chủ trì.', 'Choose the lead agency.') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={agencies} />
          </Form.Item>
          <Form.Item name="cooperatingOrgIds" label={t('Cơ quan phối hợp', 'Co-operating agencies')}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={agencies.filter((a) => a.value !== lead)} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="recurrence" label={t('Thời hạn', 'Deadline kind')}>
              <Select style={{ width: 180 }} options={(Object.keys(RECURRENCE) as Recurrence[]).map((r) => ({ value: r, label: RECURRENCE[r][lang] }))} />
            </Form.Item>
            {recurrence === 'none' && (
              <Form.Item name="deadline" label={t('Hạn hoàn thành', 'Due date')} rules={[{ required: true, message: t('Hãy chọn hạn.', 'Pick the due date.') }]}>
                <DatePicker format="DD/MM/YYYY" />
              </Form.Item>
            )}
            <Form.Item name="priority" label={t('Mức ưu tiên', 'Priority')}>
              <Select style={{ width: 160 }} options={Object.entries(PRIORITY).map(([k, v]) => ({ value: k, label: v[lang] }))} />
            </Form.Item>
          </Space>
          <Form.Item name="expectedOutput" label={t('Sản phẩm', 'Expected output')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('Giao nhiệm vụ', 'Assign')}
            </Button>
            <Button onClick={() => navigate(`/documents/${d.id}`)}>{t('Hủy', 'Cancel')}</Button>
          </Space>
        </Form>
      </Panel>
    </Page>
  );
}
