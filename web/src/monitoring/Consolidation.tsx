import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Input, List, Space } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { saveFile } from '../api';
import { client, fileOf } from '../api/client';
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
  const path = { params: { path: { month } } };
  const q = useQuery({ queryKey: key, queryFn: async (): Promise<Data> => (await client.GET('/api/v1/monitoring/consolidation/{month}', path)).data! });
  const c = q.data;
  const officer = !!user?.isProvinceAdmin || has('it_officer');
  const [summary, setSummary] = useState('');
  const [signer, setSigner] = useState('');
  const [position, setPosition] = useState('');
  useEffect(() => setSummary(c?.summary ?? ''), [c?.summary]);
  // The IT department's head and their title, as the directory names them, until the officer changes them.
  useEffect(() => {
    setSigner(c?.signer.name ?? '');
    setPosition(c?.signer.position ?? '');
  }, [c?.signer.name, c?.signer.position]);
  const save = useMutation({ mutationFn: async () => (await client.PUT('/api/v1/monitoring/consolidation/{month}', { ...path, body: { summary } })).data!, onSuccess: (d) => (qc.setQueryData(key, d), message.success(t('Đã lưu.', 'Saved.'))) });
  const issue = useMutation({ mutationFn: async () => (await client.POST('/api/v1/monitoring/consolidation/{month}/issue', { ...path, body: { signerName: signer, signerPosition: position } })).data!, onSuccess: (d) => (qc.setQueryData(key, d), message.success(t('Đã phát hành và gửi UBND tỉnh.', "Issued and sent to the People's Committee."))) });
  const exportAs = async (format: 'pdf' | 'xlsx') => saveFile(await fileOf(client.GET('/api/v1/monitoring/consolidation/{month}/export', { params: { path: { month }, query: { format } }, parseAs: 'blob' })));
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
              <Space wrap align="start">
                <div>
                  <label htmlFor="mon-signer" className="lt-mon-label">{t('Người ký', 'Signer')}</label>
                  <Input id="mon-signer" maxLength={200} value={signer} onChange={(e) => setSigner(e.target.value)} style={{ width: 300, maxWidth: '100%' }} />
                </div>
                <div>
                  <label htmlFor="mon-position" className="lt-mon-label">{t('Chức vụ người ký', 'Signer’s title')}</label>
                  <Input id="mon-position" maxLength={200} value={position} onChange={(e) => setPosition(e.target.value)} style={{ width: 240, maxWidth: '100%' }} />
                </div>
              </Space>
              <div>
              <Button type="primary" style={{ marginTop: 8 }} disabled={!signer.trim() || !position.trim()} loading={issue.isPending} onClick={() => issue.mutate()}>
                {t('Phát hành, gửi UBND tỉnh và Văn phòng UBND', "Issue to the People's Committee and its Office")}
              </Button>
              </div>
            </Card>
          )}
        </>
      )}
    </Page>
  );
}
