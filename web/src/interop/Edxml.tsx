import { useCallback, useMemo } from 'react';
import { Button, Col, Row, Segmented, Space } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useAuth, useMe } from '../auth';
import { Panel } from '../components/Panel';
import { LoadError, Page } from '../components/Page';
import { DenseTable, type Column } from '../components/DenseTable';
import { useI18n } from '../i18n';
import { Badge, StatusTag } from '../labels';
import { fmtDateTime } from '../format';
import { Link, setQuery, useLocation } from '../router';
import { ImportPanel } from './ImportPanel';
import { KeyPanel } from './KeyPanel';
import { SignatureBadge } from './SignatureBadge';
import { BUSINESS, DIRECTION, PACKAGE_KIND, PACKAGE_STATE } from './labels';
import type { EdxmlPackage, EdxmlPackagePage } from './types';
import '../mail/mail.css';

const LIMIT = 50;

/**
 * Liên thông edXML: import a package, the agency's package log (received, refused, queued to
 * send) with each signature's result, and the certificate the agency signs with.
 */
export default function Edxml() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const { query } = useLocation();
  const direction = (['in', 'out'] as const).find((x) => x === query.get('direction')) ?? '';
  const kind = (['document', 'status'] as const).find((x) => x === query.get('kind')) ?? '';
  const update = (p: { direction?: string; kind?: string }) => setQuery({ direction, kind, ...p });

  const log = useInfiniteQuery({
    queryKey: ['edxml-packages', direction, kind],
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: EdxmlPackagePage) => last.nextBeforeId ?? undefined,
    queryFn: ({ pageParam, signal }) => answer(client.GET('/api/v1/edxml/packages', { params: { query: { direction: direction || undefined, kind: kind || undefined, limit: LIMIT, beforeId: pageParam } }, signal })),
    staleTime: 0,
  });
  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);

  const columns = useMemo<Column<EdxmlPackage>[]>(
    () => [
      { key: 'at', title: t('Thời điểm', 'At'), width: 124, render: (r) => fmtDateTime(r.createdAt) },
      { key: 'dir', title: t('Chiều', 'Dir.'), width: 56, render: (r) => DIRECTION[r.direction]?.[lang] ?? r.direction },
      {
        key: 'kind',
        title: t('Loại gói', 'Kind'),
        width: 130,
        render: (r) => (
          <span>
            {PACKAGE_KIND[r.kind]?.[lang] ?? r.kind}
            {r.kind === 'document' && r.businessDocType ? <span className="lt-muted"> · {BUSINESS[String(r.businessDocType)]?.[lang]}</span> : null}
            {r.status && (
              <>
                {' '}
                <StatusTag code={r.status.code} />
              </>
            )}
          </span>
        ),
      },
      {
        key: 'state',
        title: t('Kết quả', 'State'),
        width: 140,
        className: 'lt-dt-text',
        render: (r) => {
          const s = PACKAGE_STATE[r.state];
          return (
            <span title={r.lastError ?? ''}>
              <Badge tone={s?.tone ?? 'default'} data-status={r.state}>
                {s ? s[lang] : r.state}
              </Badge>
              {r.lastError && <span className="lt-mail-error">{r.lastError}</span>}
            </span>
          );
        },
      },
      { key: 'from', title: t('Mã nơi gửi', 'Sender code'), width: 116, className: 'lt-dt-text', render: (r) => <code>{r.senderCode ?? '—'}</code> },
      { key: 'to', title: t('Mã nơi nhận', 'Receiver codes'), width: 130, className: 'lt-dt-text', render: (r) => <code>{r.receiverCodes.join(', ') || '—'}</code> },
      { key: 'docid', title: t('Mã định danh văn bản', 'Document ID'), className: 'lt-dt-text', render: (r) => <code title="DocumentId">{r.edxmlDocumentId ?? '—'}</code> },
      { key: 'sig', title: t('Chữ ký số', 'Signature'), width: 150, className: 'lt-dt-text', render: (r) => <SignatureBadge result={r.signature.result} subject={r.signature.detail?.subject} reason={r.signature.detail?.reason} /> },
      {
        key: 'doc',
        title: t('Văn bản', 'Document'),
        width: 70,
        render: (r) => (r.documentId ? <Link to={`/documents/${r.documentId}`} aria-label={t(`Mở văn bản của gói ${r.id}`, `Open the document of package ${r.id}`)}>{t('Mở', 'Open')}</Link> : <span className="lt-muted">—</span>),
      },
      {
        key: 'file',
        title: t('Gói', 'File'),
        width: 56,
        render: (r) => (
          <Button size="small" type="link" icon={<DownloadOutlined />} href={`/api/v1/edxml/packages/${r.id}/content`} download aria-label={t(`Tải gói edXML ${r.id}`, `Download package ${r.id}`)} />
        ),
      },
    ],
    [t, lang],
  );
  const rowProps = useCallback((r: EdxmlPackage) => ({ 'data-package': r.id, 'data-state': r.state }), []);
  const mayImport = me.isProvinceAdmin || has('clerk');

  return (
    <Page title={t('Liên thông edXML', 'edXML exchange')} sub={t('Gói văn bản và trạng thái theo QCVN 102:2016 trao đổi với tỉnh khác, bộ, ngành và trục liên thông quốc gia.', 'Document and status packages (QCVN 102:2016) exchanged with other provinces, ministries and the national axis.')}>
      <Row gutter={[12, 12]}>
        {mayImport && (
          <Col xs={24} xl={14}>
            <ImportPanel />
          </Col>
        )}
        <Col xs={24} xl={mayImport ? 10 : 24}>
          <KeyPanel />
        </Col>
      </Row>
      <Panel className="lt-filters">
        <Space wrap>
          <Segmented
            aria-label={t('Chiều', 'Direction')}
            value={direction}
            onChange={(v) => update({ direction: String(v) })}
            options={[
              { value: '', label: t('Nhận và gửi', 'In and out') },
              { value: 'in', label: t('Nhận', 'In') },
              { value: 'out', label: t('Gửi', 'Out') },
            ]}
          />
          <Segmented
            aria-label={t('Loại gói', 'Kind')}
            value={kind}
            onChange={(v) => update({ kind: String(v) })}
            options={[
              { value: '', label: t('Mọi loại', 'Any kind') },
              { value: 'document', label: t('Văn bản', 'Documents') },
              { value: 'status', label: t('Trạng thái', 'Statuses') },
            ]}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void log.refetch()}>
            {t('Tải lại', 'Reload')}
          </Button>
        </Space>
      </Panel>
      {log.error && <LoadError error={log.error} retry={() => void log.refetch()} />}
      <Panel title={t('Nhật ký gói edXML', 'Package log')}>
        <DenseTable<EdxmlPackage>
          rowKey={(r) => r.id}
          columns={columns}
          rows={rows}
          loading={log.isLoading}
          minWidth={1000}
          caption={t('Nhật ký gói edXML', 'edXML package log')}
          rowProps={rowProps}
          rowClassName={(r) => (r.state === 'refused' || r.signature.result === 'invalid' ? 'lt-row-attention' : '')}
          onEndReached={() => log.hasNextPage && !log.isFetchingNextPage && void log.fetchNextPage()}
          empty={t('Chưa có gói edXML nào.', 'No edXML package yet.')}
          data-testid="edxml-log"
        />
        <div className="lt-pager">
          <span className="lt-muted" aria-live="polite">
            {t(`Đang hiện ${rows.length} gói${log.hasNextPage ? ', còn nữa' : ''}`, `Showing ${rows.length}${log.hasNextPage ? ', more available' : ''}`)}
          </span>
          <Button disabled={!log.hasNextPage} loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t(`Tải thêm ${LIMIT} gói`, `Load ${LIMIT} more`)}
          </Button>
        </div>
      </Panel>
    </Page>
  );
}
