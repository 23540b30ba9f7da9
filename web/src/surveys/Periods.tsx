import { useState } from 'react';
import { Button, Card, DatePicker, Empty, Form, Grid, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../api';
import { client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { Period } from './types';
import './surveys.css';

interface NewPeriod {
  code: string;
  name: string;
  questionnaireId: number;
  closesOn: Dayjs;
}

/** Khảo sát CNTT: the IT department's survey periods with their response rate; opens a new period. */
export default function Periods() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const periods = useQuery({ queryKey: ['surveys', 'periods'], queryFn: async () => (await client.GET('/api/v1/surveys/periods')).data! });
  const qs = useQuery({ queryKey: ['surveys', 'questionnaires'], queryFn: async () => (await client.GET('/api/v1/surveys/questionnaires')).data! });
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<NewPeriod>();

  const open = async () => {
    const v = await form.validateFields();
    try {
      await client.POST('/api/v1/surveys/periods', { body: { code: v.code, name: v.name, questionnaireId: v.questionnaireId, closesOn: v.closesOn.format('YYYY-MM-DD') } });
      await qc.invalidateQueries({ queryKey: ['surveys'] });
      setOpening(false);
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError) setError(t(e.messageVi, e.messageEn));
      else throw e;
    }
  };

  const rate = (p: Period) => (p.responseRate === null || p.responseRate === undefined ? '—' : `${p.responseRate.toLocaleString('vi-VN')} %`);
  const columns = [
    { key: 'name', title: t('Kỳ khảo sát', 'Period'), render: (_: unknown, p: Period) => <Link to={`/surveys/periods/${p.id}`}><b>{p.name}</b> ({p.code})</Link> },
    { key: 'q', title: t('Phiếu', 'Questionnaire'), width: 150, render: (_: unknown, p: Period) => `${p.questionnaire.code} v${p.questionnaire.version}` },
    { key: 'dates', title: t('Thời gian', 'Dates'), width: 200, render: (_: unknown, p: Period) => `${fmtDate(p.opensOn)} – ${fmtDate(p.closesOn)}` },
    { key: 'status', title: t('Trạng thái', 'Status'), width: 110, render: (_: unknown, p: Period) => (p.status === 'open' ? <Tag color="green" className="lt-tag">{t('Đang mở', 'Open')}</Tag> : <Tag className="lt-tag">{t('Đã đóng', 'Closed')}</Tag>) },
    { key: 'counts', title: t('Đã nộp / được hỏi', 'Submitted / asked'), width: 160, render: (_: unknown, p: Period) => `${p.counts.submitted} / ${p.asked}` },
    { key: 'rate', title: t('Tỷ lệ phản hồi', 'Response rate'), width: 130, render: (_: unknown, p: Period) => rate(p) },
  ];

  return (
    <Page
      title={t('Khảo sát ứng dụng CNTT', 'IT adoption surveys')}
      sub={t('Các kỳ khảo sát doanh nghiệp, cơ quan, đơn vị: tiến độ trả lời, phiếu trả lại, số liệu tổng hợp.', 'Survey periods for enterprises and public units: responses, returns, aggregates.')}
      extra={
        <Space wrap>
          <Link to="/surveys/enterprises">{t('Doanh nghiệp', 'Enterprises')}</Link>
          <Link to="/surveys/questionnaires">{t('Mẫu phiếu', 'Questionnaires')}</Link>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)}>
            {t('Mở kỳ khảo sát', 'Open a period')}
          </Button>
        </Space>
      }
    >
      {periods.error && <LoadError error={periods.error} retry={() => void periods.refetch()} />}
      {screens.md === false ? (
        <div className="lt-survey-cards">
          {periods.data?.length === 0 && <Empty />}
          {periods.data?.map((p) => (
            <Card key={p.id} size="small" data-period={p.id}>
              <Link to={`/surveys/periods/${p.id}`}>
                <b>{p.name}</b> ({p.code})
              </Link>
              <div className="lt-muted">
                {p.questionnaire.code} v{p.questionnaire.version} · {fmtDate(p.opensOn)} – {fmtDate(p.closesOn)}
              </div>
              <Space wrap>
                {p.status === 'open' ? <Tag color="green" className="lt-tag">{t('Đang mở', 'Open')}</Tag> : <Tag className="lt-tag">{t('Đã đóng', 'Closed')}</Tag>}
                <span>
                  {p.counts.submitted} / {p.asked} · {rate(p)}
                </span>
              </Space>
            </Card>
          ))}
        </div>
      ) : (
        <Table<Period> size="small" rowKey="id" loading={periods.isLoading} dataSource={periods.data ?? []} columns={columns} pagination={false} onRow={(p) => ({ 'data-period': p.id }) as React.HTMLAttributes<HTMLElement>} />
      )}
      <Modal open={opening} title={t('Mở kỳ khảo sát', 'Open a survey period')} onCancel={() => setOpening(false)} onOk={() => void open()} okText={t('Mở kỳ', 'Open')} cancelText={t('Hủy', 'Cancel')}>
        <Form form={form} layout="vertical">
          <Form.Item name="code" label={t('Mã kỳ (2026-H2, 2027, 2027-Q1)', 'Code (2026-H2, 2027, 2027-Q1)')} rules={[{ required: true, pattern: /^\d{4}(-(H[12]|Q[1-4]|\d{2}))?$/, message: t('Mã kỳ dạng 2026-H2, 2027 hoặc 2027-Q1.', 'A code like 2026-H2, 2027 or 2027-Q1.') }]}>
            <Input maxLength={10} />
          </Form.Item>
          <Form.Item name="name" label={t('Tên kỳ', 'Name')} rules={[{ required: true, message: t('Hãy nhập tên kỳ.', 'Enter a name.') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="questionnaireId" label={t('Phiếu (phiên bản)', 'Questionnaire version')} rules={[{ required: true, message: t('Hãy chọn phiếu.', 'Choose a questionnaire.') }]}>
            <Select options={(qs.data ?? []).map((q) => ({ value: q.id, label: `${q.code} v${q.version} — ${q.titleVi}` }))} />
          </Form.Item>
          <Form.Item name="closesOn" label={t('Hạn nộp phiếu', 'Closing date')} rules={[{ required: true, message: t('Hãy chọn hạn nộp.', 'Choose a closing date.') }]}>
            <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
          </Form.Item>
          {error && <div className="lt-survey-error" role="alert">{error}</div>}
        </Form>
      </Modal>
    </Page>
  );
}
