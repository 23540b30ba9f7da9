import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Input, List, Space } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download, get, post, saveFile } from '../api';
import { useAuth } from '../auth';
import { DocLink } from '../components/DocLink';
import { LoadError, Page } from '../components/Page';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { monthLabel } from './labels';
import type { Consolidation as Data } from './types';
import './monitoring.css';

/** The IT department's province report: the summary drafted from the agencies' reports, the exports, and issuing it to the People's Committee. */
export default function Consolidation({ month }: { month: string }) {
  const { t } = useI18n();
  const { has, user } = useAuth();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const key = ['monitoring', 'consolidation', month];
  const q = useQuery({ queryKey: key, queryFn: () => get<Data>(`/api/v1/monitoring/consolidation/${month}`) });
  const c = q.data;
  const officer = !!user?.isProvinceAdmin || has('it_officer');
  const [summary, setSummary] = useState('');
  const [signer, setSigner] = useState('');
  useEffect(() => setSummary(c?.summary ?? ''), [c?.summary]);
  const save = useMutation({ mutationFn: () => api<Data>('PUT', `/api/v1/monitoring/consolidation/${month}`, { summary }), onSuccess: (d) => (qc.setQueryData(key, d), message.success(t('Đã lưu.', 'Saved.'))) });
  const issue = useMutation({ mutationFn: () => post<Data>(`/api/v1/monitoring/consolidation/${month}/issue`, { signerName: signer, signerPosition: 'Giám đốc' }), onSuccess: (d) => (qc.setQueryData(key, d), message.success(t('Đã phát hành và gửi UBND tỉnh.', "Issued and sent to the People's Committee."))) });
  const exportAs = async (format: 'pdf' | 'xlsx') => saveFile(await download(`/api/v1/monitoring/consolidation/${month}/export?format=${format}`));
  return (
    <Page
      title={t(`Báo cáo tổng hợp tháng ${monthLabel(month)}`, `Province report, ${monthLabel(month)}`)}
      sub={c && t(`${c.reported}/${c.agencies} cơ quan đã gửi báo cáo; số liệu ${fmtDate(c.period.from)} – ${fmtDate(c.period.to)}`, `${c.reported}/${c.agencies} agencies reported; data ${fmtDate(c.period.from)}–${fmtDate(c.period.to)}`)}
      extra={
        <Space wrap>
          <Button icon={<FilePdfOutlined />} onClick={() => void exportAs('pdf')}>PDF</Button>
          <Button icon={<FileExcelOutlined />} onClick={() => void exportAs('xlsx')}>XLSX</Button>
        </Space>
      }
    >
      {q.error && <LoadError error={q.error} retry={() => void q.refetch()} />}
      {(save.error || issue.error) && <LoadError error={save.error ?? issue.error} />}
      {c && (
        <>
          {c.document && (
            <Alert type="success" showIcon title={<span>{t('Đã phát hành: ', 'Issued: ')}<DocLink id={c.document.id} symbol={c.document.symbol} /> {t('ngày', 'on')} {fmtDate(c.document.docDate)}</span>} />
          )}
          <Card size="small" title={c.drafted ? t('Nội dung tổng hợp (dự thảo từ báo cáo các cơ quan)', 'Summary (drafted from the agencies’ reports)') : t('Nội dung tổng hợp', 'Summary')} style={{ marginTop: 12 }}>
            {officer && !c.document ? (
              <>
                <label htmlFor="mon-summary" className="lt-sr">{t('Nội dung tổng hợp', 'Summary')}</label>
                <Input.TextArea id="mon-summary" autoSize={{ minRows: 10, maxRows: 30 }} maxLength={50000} value={summary} onChange={(e) => setSummary(e.target.value)} />
                <Button style={{ marginTop: 8 }} onClick={() => save.mutate()} loading={save.isPending}>{t('Lưu nội dung', 'Save')}</Button>
              </>
            ) : (
              <pre className="lt-mon-summary">{c.summary}</pre>
            )}
          </Card>
          <Card size="small" title={t(`Cơ quan gửi muộn hoặc chưa gửi (${c.late.length})`, `Late or missing (${c.late.length})`)} style={{ marginTop: 12 }}>
            <List size="small" dataSource={c.late} renderItem={(l) => <List.Item>{l.name} — {l.late ? t('gửi muộn', 'late') : t('chưa gửi', 'not sent')}</List.Item>} />
          </Card>
          {officer && !c.document && (
            <Card size="small" title={t('Phát hành báo cáo', 'Issue the report')} style={{ marginTop: 12 }}>
              <label htmlFor="mon-signer">{t('Người ký (Giám đốc Sở)', 'Signer (Director)')}</label>
              <Input id="mon-signer" maxLength={200} value={signer} onChange={(e) => setSigner(e.target.value)} style={{ maxWidth: 360, display: 'block' }} />
              <Button type="primary" style={{ marginTop: 8 }} disabled={!signer.trim()} loading={issue.isPending} onClick={() => issue.mutate()}>
                {t('Phát hành, gửi UBND tỉnh và Văn phòng UBND', "Issue to the People's Committee and its Office")}
              </Button>
            </Card>
          )}
        </>
      )}
    </Page>
  );
}
