import { useState, type ReactNode } from 'react';
import { App as AntApp, Button, Descriptions, Segmented, Skeleton, Space } from 'antd';
import { PaperClipOutlined, RedoOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useAuth, useMe } from '../auth';
import { Panel } from '../components/Panel';
import { LoadError, Page } from '../components/Page';
import { useI18n } from '../i18n';
import { fmtDateTime, fmtSize } from '../format';
import { Link, navigate } from '../router';
import { OUTBOX_KIND } from './labels';
import { StatusBadge } from './parts';

/**
 * One message as the relay gets it (or would get it): its headers, the text and the HTML
 * body, the files. The HTML is drawn in a sandboxed frame with no scripts, no forms and no
 * access to this application, and its own policy forbids loading anything.
 */
export function MessageReader({ id, notice }: { id: number; notice?: ReactNode }) {
  const { t, lang, err } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const { modal, message } = AntApp.useApp();
  const qc = useQueryClient();
  const m = useQuery({ queryKey: ['mail-outbox-message', id], queryFn: () => answer(client.GET('/api/v1/mail/outbox/{id}', { params: { path: { id } } })), enabled: Number.isInteger(id) });
  const [view, setView] = useState<'html' | 'text'>('html');
  const back = (
    <Button onClick={() => (window.history.length > 1 ? window.history.back() : navigate('/mail/sent'))}>{t('← Quay lại', '← Back')}</Button>
  );

  if (m.error)
    return (
      <Page title={t('Thư đi', 'Sent mail')} extra={back}>
        <LoadError error={m.error} retry={() => void m.refetch()} />
      </Page>
    );
  const d = m.data;
  if (!d)
    return (
      <Page title={t('Thư đi', 'Sent mail')} extra={back}>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Page>
    );

  const mayRetry = d.status === 'failed' && (me.isProvinceAdmin || has('clerk', 'admin'));
  const retry = () =>
    modal.confirm({
      title: t('Gửi lại thư này?', 'Send this message again?'),
      content: t(`Thư tới ${d.to} được đưa lại vào hàng đợi và gửi ngay, với cùng Message-ID.`, `The message to ${d.to} goes back to the queue and is sent at once, with the same Message-ID.`),
      okText: t('Gửi lại', 'Send again'),
      cancelText: t('Hủy', 'Cancel'),
      onOk: async () => {
        try {
          await client.POST('/api/v1/mail/outbox/{id}/retry', { params: { path: { id: d.id } } });
          message.success(t('Đã đưa thư vào hàng đợi gửi lại.', 'Queued to be sent again.'));
          void qc.invalidateQueries({ queryKey: ['mail-outbox'] });
          void qc.invalidateQueries({ queryKey: ['mail-outbox-message', id] });
        } catch (e) {
          modal.error({ title: t('Không gửi lại được', 'It could not be retried'), content: err(e) });
        }
      },
    });

  const headers = Object.entries(d.headers).filter(([, v]) => v !== null && v !== undefined && v !== '');
  const html = d.html
    ? `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><base target="_blank">${d.html}`
    : null;

  return (
    <Page
      title={<span data-testid="message-subject">{d.subject}</span>}
      sub={
        <Space wrap size={6}>
          <StatusBadge r={d} />
          <span>{d.kind ? (OUTBOX_KIND[d.kind]?.[lang] ?? d.kind) : ''}</span>
          {d.documentId && <Link to={`/documents/${d.documentId}`}>{t('Mở văn bản', 'Open the document')}</Link>}
        </Space>
      }
      extra={
        <Space>
          {mayRetry && (
            <Button type="primary" icon={<RedoOutlined />} onClick={retry}>
              {t('Gửi lại', 'Send again')}
            </Button>
          )}
          {back}
        </Space>
      }
    >
      {notice}
      <Panel className="lt-card" title={t('Tiêu đề thư', 'Headers')}>
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={{ label: { width: 170 } }}
          data-testid="message-headers"
          items={[
            ...headers.map(([k, v]) => ({ key: k, label: k, children: <span className="lt-mail-header">{v}</span> })),
            { key: 'attempts', label: t('Số lần thử', 'Attempts'), children: d.attempts },
            ...(d.nextAttemptAt ? [{ key: 'next', label: t('Thử lại lúc', 'Next attempt'), children: fmtDateTime(d.nextAttemptAt) }] : []),
            ...(d.sentAt ? [{ key: 'sent', label: t('Gửi lúc', 'Sent at'), children: fmtDateTime(d.sentAt) }] : []),
            ...(d.lastError ? [{ key: 'err', label: t('Lỗi gần nhất', 'Last error'), children: <span className="lt-mail-error">{d.lastError}</span> }] : []),
          ]}
        />
      </Panel>
      <Panel
        className="lt-card"
        title={t('Nội dung', 'Body')}
        extra={
          html && (
            <Segmented
              aria-label={t('Dạng nội dung', 'Body format')}
              value={view}
              onChange={(v) => setView(v as 'html' | 'text')}
              options={[
                { value: 'html', label: 'HTML' },
                { value: 'text', label: t('Văn bản thuần', 'Plain text') },
              ]}
            />
          )
        }
      >
        {html && view === 'html' ? (
          <iframe className="lt-mail-html" title={t('Nội dung thư dạng HTML', 'HTML body of the message')} sandbox="" referrerPolicy="no-referrer" srcDoc={html} data-testid="message-html" />
        ) : (
          <pre className="lt-mail-text" data-testid="message-text" tabIndex={0}>
            {d.text}
          </pre>
        )}
      </Panel>
      <Panel className="lt-card" title={<span><PaperClipOutlined aria-hidden /> {t(`Tệp gửi kèm (${d.attachments.length})`, `Attachments (${d.attachments.length})`)}</span>}>
        {d.attachments.length === 0 ? (
          <p className="lt-muted">{t('Thư không gửi kèm tệp (chính sách của cơ quan, hoặc văn bản không có tệp).', 'No files attached (the agency’s policy, or the document has none).')}</p>
        ) : (
          <ul className="lt-plain-list" data-testid="message-attachments">
            {d.attachments.map((a, i) => (
              <li key={i}>
                <b>{a.fileName}</b> <span className="lt-muted">— {fmtSize(a.size)} · {a.mime}</span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </Page>
  );
}
