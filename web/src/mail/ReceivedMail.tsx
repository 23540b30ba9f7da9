import { useCallback, useMemo } from 'react';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMe } from '../auth';
import { type Column } from '../components/DenseTable';
import { useI18n } from '../i18n';
import { Badge, STATUS, StatusTag } from '../labels';
import { fmtDateTime } from '../format';
import { Link } from '../router';
import { INBOUND_OUTCOME, INBOUND_SOURCE } from './labels';
import { MailLogScreen, useMailLog, type MailLogSpec } from './MailLog';
import { answer, client } from '../api/client';
import type { InboundOutcome, InboundPage, InboundRow } from './types';
import './mail.css';

const LOG: MailLogSpec<InboundPage, InboundOutcome> = {
  name: { vi: 'Thư đến', en: 'Received mail' },
  key: 'mail-inbound',
  param: 'outcome',
  paramLabel: { vi: 'Lọc theo kết quả', en: 'Filter by outcome' },
  filters: ['', 'accepted', 'duplicate', 'refused'],
  labels: INBOUND_OUTCOME,
  load: ({ filter, ...page }, signal) => answer(client.GET('/api/v1/mail/inbound', { params: { query: { outcome: filter, ...page } }, signal })),
};

/**
 * Thư đến: every message that reached the agency's official mailboxes (through the built-in
 * listener or fetched over IMAP) and what became of it: an incoming item, a duplicate left
 * aside, or a refusal with its reason. The raw message downloads as .eml.
 */
export default function ReceivedMail() {
  const { t, lang } = useI18n();
  const me = useMe();
  const log = useMailLog(LOG);

  const columns = useMemo<Column<InboundRow>[]>(() => {
    const cols: Column<InboundRow>[] = [
      { key: 'at', title: t('Nhận lúc', 'Received'), width: 124, render: (r) => fmtDateTime(r.receivedAt) },
      {
        key: 'from',
        title: t('Người gửi', 'From'),
        width: 230,
        className: 'lt-dt-clip',
        render: (r) => (
          <span title={r.from ?? ''}>
            {r.from ?? '—'}
            <br />
            <span className="lt-muted">{r.senderOrgName ?? t('Bên ngoài', 'External')}</span>
          </span>
        ),
      },
      { key: 'to', title: t('Gửi tới', 'To'), width: 190, className: 'lt-dt-clip', render: (r) => <span title={r.to}>{r.to}</span> },
    ];
    if (me.isProvinceAdmin) cols.push({ key: 'org', title: t('Cơ quan nhận', 'Agency'), width: 170, className: 'lt-dt-clip', render: (r) => <span title={r.orgName}>{r.orgName}</span> });
    cols.push(
      { key: 'subject', title: t('Tiêu đề', 'Subject'), className: 'lt-dt-clip', render: (r) => <span title={r.subject ?? ''}>{r.subject || <i className="lt-muted">{t('(không có tiêu đề)', '(no subject)')}</i>}</span> },
      {
        key: 'outcome',
        title: t('Kết quả', 'Outcome'),
        width: 210,
        className: 'lt-dt-clip',
        render: (r) => {
          const o = INBOUND_OUTCOME[r.outcome];
          return (
            <span title={r.reason ?? ''}>
              <Badge tone={o?.tone ?? 'default'} data-status={r.outcome}>
                {o ? o[lang] : r.outcome}
              </Badge>
              {r.reason && <span className="lt-mail-error"> {r.reason}</span>}
              <span className="lt-muted"> · {INBOUND_SOURCE[r.source]?.[lang] ?? r.source}</span>
            </span>
          );
        },
      },
      {
        key: 'item',
        title: t('Văn bản đến', 'Incoming item'),
        width: 170,
        render: (r) =>
          r.link && r.documentId ? (
            <Link
              to={`/documents/${r.documentId}`}
              data-testid="inbound-item"
              // The visible words (the status) are part of the name, as a screen reader user hears them.
              aria-label={r.itemStatus ? `${t('Mở văn bản đến', 'Open the incoming item')}: ${r.itemStatus} ${STATUS[r.itemStatus]?.[lang] ?? ''}` : undefined}
            >
              {r.itemStatus ? <StatusTag code={r.itemStatus} /> : t('Mở văn bản', 'Open')}
            </Link>
          ) : r.relatedDocumentId ? (
            <Link to={`/documents/${r.relatedDocumentId}`}>{t('Văn bản liên quan', 'Related document')}</Link>
          ) : (
            <span className="lt-muted">—</span>
          ),
      },
      {
        key: 'raw',
        title: t('Thư gốc', 'Raw'),
        width: 80,
        render: (r) =>
          r.rawAvailable && r.orgId === me.agencyId ? (
            <Button size="small" type="link" icon={<DownloadOutlined />} href={`/api/v1/mail/inbound/${r.id}/raw`} download aria-label={t(`Tải thư gốc .eml: ${r.subject ?? r.id}`, `Download the .eml: ${r.subject ?? r.id}`)}>
              .eml
            </Button>
          ) : (
            <span className="lt-muted" title={r.outcome === 'refused' ? t('Thư bị từ chối không được lưu', 'Refused mail is not kept') : undefined}>
              —
            </span>
          ),
      },
    );
    return cols;
  }, [t, lang, me.isProvinceAdmin, me.agencyId]);
  const rowProps = useCallback((r: InboundRow) => ({ 'data-inbound': r.id, 'data-outcome': r.outcome }), []);

  return (
    <MailLogScreen<InboundRow>
      log={log}
      sub={t('Thư gửi tới hộp thư công vụ của cơ quan: thư hợp lệ thành văn bản đến (trạng thái 01); thư trùng được bỏ qua; thư bị từ chối kèm lý do.', 'Mail to your agency’s official mailboxes: accepted mail becomes an incoming item (01); duplicates are left aside; refusals carry their reason.')}
      columns={columns}
      minWidth={1150}
      rowProps={rowProps}
      rowClassName={(r) => (r.outcome === 'refused' ? 'lt-row-attention' : '')}
      empty={log.value ? t('Không có thư nào với kết quả này.', 'No message with this outcome.') : t('Chưa có thư nào đến hộp thư công vụ.', 'No mail has reached the official mailboxes yet.')}
      data-testid="inbound-table"
    />
  );
}
