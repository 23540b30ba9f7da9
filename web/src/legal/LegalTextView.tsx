import { useState } from 'react';
import { Button, Descriptions, Skeleton } from 'antd';
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useAuth, useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { useNarrow } from '../components/useNarrow';
import { fmtDate, fmtSize } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { TextEditor } from './LegalLibrary';
import { keepsLibrary } from './nav';
import { LEGAL_TYPE_LABELS, LegalStatusTag } from './labels';
import './legal.css';

/**
 * One text of the legal library: number, type, issuer, dates, its status with the text that
 * replaces or amends it and, the other way, the texts it replaces or amends; the summary, the
 * file and the dissemination campaigns that include it (those the reader sees).
 */
export default function LegalTextView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const keeper = keepsLibrary(me, has);
  const narrow = useNarrow();
  const [editing, setEditing] = useState(false);
  const q = useQuery({ queryKey: ['legal-texts', 'one', id], queryFn: () => answer(client.GET('/api/v1/legal/texts/{id}', { params: { path: { id } } })) });
  const back = <Link to="/legal">{t('← Thư viện văn bản', '← Legal library')}</Link>;
  if (q.error) return <Page title={t('Văn bản pháp luật', 'Legal text')} extra={back}><LoadError error={q.error} retry={() => void q.refetch()} /></Page>;
  if (!q.data) return <Page title={t('Văn bản pháp luật', 'Legal text')} extra={back}><Skeleton active /></Page>;
  const x = q.data;
  const ref = (r: { id: number; number: string; title: string }) => (
    <span>
      <Link to={`/legal/texts/${r.id}`}>{r.number}</Link> — {r.title}
    </span>
  );
  const replaces = x.successors.filter((s) => s.status === 'replaced');
  const amends = x.successors.filter((s) => s.status !== 'replaced');
  const items = [
    { key: 'number', label: t('Số ký hiệu', 'Number'), children: <b>{x.number}</b> },
    { key: 'type', label: t('Loại văn bản', 'Type'), children: LEGAL_TYPE_LABELS[x.type][lang] },
    { key: 'issuer', label: t('Cơ quan ban hành', 'Issuer'), children: x.issuer },
    { key: 'issued', label: t('Ngày ban hành', 'Issued on'), children: fmtDate(x.issuedOn) },
    { key: 'effective', label: t('Ngày có hiệu lực', 'In force from'), children: x.effectiveOn ? fmtDate(x.effectiveOn) : '—' },
    { key: 'status', label: t('Tình trạng hiệu lực', 'Status'), children: <LegalStatusTag status={x.status} /> },
    ...(x.linked ? [{ key: 'linked', label: x.status === 'replaced' ? t('Được thay thế bởi', 'Replaced by') : t('Được sửa đổi, bổ sung bởi', 'Amended by'), children: ref(x.linked) }] : []),
    ...(replaces.length ? [{ key: 'replaces', label: t('Văn bản này thay thế', 'This text replaces'), children: <ul className="lt-legal-refs">{replaces.map((r) => <li key={r.id}>{ref(r)}</li>)}</ul> }] : []),
    ...(amends.length ? [{ key: 'amends', label: t('Văn bản này sửa đổi, bổ sung', 'This text amends'), children: <ul className="lt-legal-refs">{amends.map((r) => <li key={r.id}>{ref(r)}</li>)}</ul> }] : []),
  ];
  return (
    <Page
      title={`${LEGAL_TYPE_LABELS[x.type][lang]} ${x.number}`}
      sub={x.title}
      extra={
        <span className="lt-legal-actions">
          {back}
          {keeper && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('Sửa văn bản', 'Edit the text')}
            </Button>
          )}
        </span>
      }
    >
      <Panel className="lt-card" data-testid="legal-text-facts">
        <Descriptions size="small" bordered column={narrow ? 1 : 2} items={items} />
      </Panel>
      {x.summary && (
        <Panel className="lt-card" title={t('Tóm tắt nội dung', 'Summary')}>
          <p className="lt-legal-summary">{x.summary}</p>
        </Panel>
      )}
      <Panel className="lt-card" title={t('Tệp văn bản', 'File')}>
        {x.file ? (
          <a href={`/api/v1/legal/texts/${x.id}/file`} download data-testid="legal-text-file">
            <DownloadOutlined /> {x.file.fileName} (PDF, {fmtSize(x.file.size)})
          </a>
        ) : (
          <span className="lt-muted">{t('Chưa có tệp', 'No file yet')}</span>
        )}
      </Panel>
      <Panel className="lt-card" title={t('Các đợt phổ biến có văn bản này', 'Dissemination campaigns with this text')} data-testid="legal-text-campaigns">
        {x.campaigns.length ? (
          <ul className="lt-legal-refs">
            {x.campaigns.map((c) => (
              <li key={c.id}>
                <Link to={`/legal/campaigns/${c.id}`}>{c.title}</Link> <span className="lt-muted">— {t('hạn', 'due')} {fmtDate(c.deadline)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="lt-muted">{t('Chưa có đợt phổ biến nào có văn bản này.', 'No campaign includes this text yet.')}</span>
        )}
      </Panel>
      {editing && <TextEditor text={x} onClose={() => setEditing(false)} />}
    </Page>
  );
}
