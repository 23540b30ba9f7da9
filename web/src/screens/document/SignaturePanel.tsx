import { useRef, useState } from 'react';
import { Alert, App as AntApp, Button } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, ExclamationCircleFilled, MinusCircleOutlined, RollbackOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client, type Json } from '../../api/client';
import { Panel } from '../../components/Panel';
import { fmtDateTime } from '../../format';
import { focusAfterDialogs } from '../../focus';
import { useI18n } from '../../i18n';
import type { DocumentDetail } from '../../types';
import { ReturnDialog } from './ReturnDialog';
import '../../drafting/drafting.css';
import '../../signatures/signatures.css';

type Verification = Json<'/api/v1/signatures/documents/{id}', 'get'>;
type Signature = Verification['files'][number]['signatures'][number];
type State = Signature['revocationSummary']['state'];

/** The common name of a distinguished name (one attribute a line, or "CN=…, O=…"; "\\," an escaped comma), or the name as it is. */
function cn(dn: string) {
  const m = /(?:^|\n|,\s*)CN=((?:\\.|[^,\n\\])+)/.exec(dn);
  return m ? m[1]!.replace(/\\(.)/g, '$1').trim() : dn;
}

/**
 * When to ask the server again: a check queued after arrival soon; one waiting for a re-check
 * once its time has come (a re-check that still finds the responder down stores no new
 * verification, so no live event tells of it). An answer arrives by the live event
 * `signature-check` (events.ts).
 */
function refetchAfter(v: Verification | undefined): number | false {
  const states = v?.files.flatMap((f) => f.signatures.map((s) => s.revocationSummary)) ?? [];
  if (states.some((s) => s.state === 'pending')) return 15_000;
  const next = states.filter((s) => s.state === 'will_retry' && s.nextRetryAt).map((s) => Date.parse(s.nextRetryAt!));
  if (!next.length) return false;
  return Math.min(Math.max(Math.min(...next) - Date.now() + 10_000, 15_000), 600_000);
}

const REVOCATION_ICON: Record<State, React.ReactNode> = {
  good: <CheckCircleFilled aria-hidden className="lt-rev-icon lt-rev-good" />,
  revoked: <CloseCircleFilled aria-hidden className="lt-rev-icon lt-rev-revoked" />,
  unknown: <ExclamationCircleFilled aria-hidden className="lt-rev-icon lt-rev-warn" />,
  pending: <ClockCircleOutlined aria-hidden className="lt-rev-icon lt-rev-wait" />,
  will_retry: <ClockCircleOutlined aria-hidden className="lt-rev-icon lt-rev-warn" />,
  gave_up: <ExclamationCircleFilled aria-hidden className="lt-rev-icon lt-rev-warn" />,
  not_checked: <MinusCircleOutlined aria-hidden className="lt-rev-icon lt-rev-none" />,
};

/** The sentence as the server says it, with a capital first letter. */
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Chữ ký số: the verification kept with the document (on arrival, at issue) — for each
 * signature the signer, the organisation, the signing time (dd/mm/yyyy HH:mm, Vietnam time),
 * integrity, the chain (trusted to which anchor, or why not) and revocation as OCSP/CRL
 * answered: checked (how, when), or not reachable — to be checked again at …, or given up
 * after N tries. A broken or untrusted signature is flagged with the reason the clerk may
 * return the document with (02), and the return is one button away.
 */
export function SignaturePanel({ doc }: { doc: DocumentDetail }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['signatures', doc.id],
    queryFn: () => answer(client.GET('/api/v1/signatures/documents/{id}', { params: { path: { id: doc.id } } })),
    refetchInterval: (query) => refetchAfter(query.state.data),
  });
  const [returning, setReturning] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const v = q.data;
  if (!v || !v.files.length) return null;
  const bad = v.verdict === 'broken' || v.verdict === 'untrusted';
  const itemId = doc.incoming?.itemId;
  // Nothing signed at all: one line, not a block per file.
  const unsigned = v.files.every((f) => !f.signatures.length);
  const canReturn = bad && !!v.returnReason && !!itemId && doc.actions.includes('reject');

  const giveBack = async (reason: string) => {
    await answer(client.POST('/api/v1/inbox/{itemId}/reject', { params: { path: { itemId: itemId! } }, body: { reason } }));
    const said = t('Đã trả lại văn bản (02), nơi gửi đã được báo.', 'Returned (02); the sender is told.');
    message.success(said);
    setDone(said);
    await Promise.all([['document', doc.id], ['trail', doc.id], ['inbox'], ['work']].map((k) => qc.invalidateQueries({ queryKey: k }))).catch(() => undefined);
    focusAfterDialogs(() => doneRef.current);
  };

  return (
    <div data-testid="signature-badge" data-verdict={v.verdict}>
      <Panel
        className="lt-card lt-sig-panel"
        title={
          <span>
            <SafetyCertificateOutlined aria-hidden /> {t('Chữ ký số', 'Digital signatures')}
          </span>
        }
        extra={
          <span className={`lt-sig-tag lt-sig-${v.verdict}`} data-testid="signature-verdict">
            {bad && <WarningOutlined aria-hidden />} {sentence(lang === 'vi' ? v.label : v.labelEn)}
          </span>
        }
      >
        {done && (
          <p className="lt-action-result" role="status" tabIndex={-1} ref={doneRef} data-testid="signature-return-result">
            {done}
          </p>
        )}
        {bad && v.returnReason && (
          <Alert
            className="lt-sig-alert"
            type={v.verdict === 'broken' ? 'error' : 'warning'}
            showIcon
            title={canReturn ? t('Văn bản này nên được trả lại (02) với lý do:', 'This document should be returned (02) with the reason:') : t('Văn thư có thể trả lại văn bản (02) với lý do:', 'The clerk may return the document (02) with the reason:')}
            description={
              <>
                <p className="lt-sig-reason" data-testid="signature-return-reason">
                  {v.returnReason}
                </p>
                {canReturn && (
                  <Button danger icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="signature-return">
                    {t('Trả lại văn bản (02)…', 'Return the document (02)…')}
                  </Button>
                )}
              </>
            }
          />
        )}
        {unsigned && (
          <p className="lt-muted" data-testid="signature-none">
            {t(`Không tệp PDF nào của văn bản có chữ ký số (${v.files.map((f) => f.fileName).join(', ')}).`, `No PDF of this document is digitally signed (${v.files.map((f) => f.fileName).join(', ')}).`)}
          </p>
        )}
        {!unsigned && v.files.map((f) => (
          <section key={f.attachmentId} className="lt-sig-file" data-testid="signature-file">
            <h3 className="lt-h3 lt-sig-file-name">
              {f.fileName}{' '}
              <span className="lt-muted lt-small">
                — {f.direction === 'received' ? t('kiểm tra khi nhận', 'checked on arrival') : t('kiểm tra khi phát hành', 'checked at issue')} {fmtDateTime(f.checkedAt)}
              </span>
            </h3>
            {f.signatures.length === 0 ? (
              <p className="lt-muted">{t('Tệp không có chữ ký số.', 'The file is not digitally signed.')}</p>
            ) : (
              <ol className="lt-sig-list">
                {f.signatures.map((s, i) => (
                  <SignatureFacts key={i} s={s} />
                ))}
              </ol>
            )}
          </section>
        ))}
      </Panel>
      {itemId && v.returnReason && <ReturnDialog open={returning} reason={v.returnReason ?? undefined} onClose={() => setReturning(false)} onSubmit={giveBack} />}
    </div>
  );
}

/** One signature: who, when, intact, chained to which anchor, and what OCSP/CRL said. */
function SignatureFacts({ s }: { s: Signature }) {
  const { t, lang } = useI18n();
  const r = s.revocationSummary;
  const anchor = s.trusted && s.chain.length ? cn(s.chain[s.chain.length - 1]!) : null;
  const why: Record<string, [string, string]> = {
    no_chain_to_trust_anchor: ['không dẫn tới CA gốc nào trong danh sách tin cậy của tỉnh', 'leads to no root CA the province trusts'],
    certificate_not_valid_at_signing_time: ['chứng thư không còn hoặc chưa có hiệu lực tại thời điểm ký', 'the certificate was not valid at the signing time'],
    certificate_revoked: ['chứng thư đã bị thu hồi trước thời điểm ký', 'the certificate was revoked before the signing time'],
  };
  const untrustedWhy = s.problem && why[s.problem] ? why[s.problem]! : null;
  return (
    <li className="lt-sig-item" data-testid="signature" data-verdict={s.verdict}>
      <dl className="lt-key-facts lt-sig-facts">
        <dt>{t('Người ký', 'Signer')}</dt>
        <dd data-testid="signature-signer">
          <b>{s.signer ?? '?'}</b>
        </dd>
        <dt>{t('Cơ quan, tổ chức', 'Organisation')}</dt>
        <dd>{s.organization ?? '—'}</dd>
        <dt>{t('Thời gian ký', 'Signed at')}</dt>
        <dd data-testid="signature-time">{s.signingTime ? fmtDateTime(s.signingTime) : '—'}</dd>
        <dt>{t('Toàn vẹn', 'Integrity')}</dt>
        <dd data-testid="signature-integrity" data-ok={s.integrity ? '1' : '0'}>
          {s.integrity ? (
            <span className="lt-rev-line">
              <CheckCircleFilled aria-hidden className="lt-rev-icon lt-rev-good" /> {t('Toàn vẹn: nội dung không đổi từ khi ký', 'Intact: unchanged since it was signed')}
            </span>
          ) : (
            <span className="lt-rev-line">
              <CloseCircleFilled aria-hidden className="lt-rev-icon lt-rev-revoked" /> {t('KHÔNG toàn vẹn: văn bản đã bị sửa sau khi ký hoặc chữ ký bị hỏng', 'NOT intact: altered after signing, or the signature is damaged')}
            </span>
          )}
        </dd>
        <dt>{t('Chuỗi chứng thư', 'Certificate chain')}</dt>
        <dd data-testid="signature-chain" data-trusted={s.trusted ? '1' : '0'}>
          {!s.integrity ? (
            <span className="lt-muted">{t('không xét (chữ ký hỏng)', 'not examined (broken signature)')}</span>
          ) : s.trusted ? (
            <span className="lt-rev-line">
              <CheckCircleFilled aria-hidden className="lt-rev-icon lt-rev-good" /> {t(`Tin cậy — tới CA gốc “${anchor}”`, `Trusted — up to the root CA “${anchor}”`)}
            </span>
          ) : (
            <span className="lt-rev-line">
              <ExclamationCircleFilled aria-hidden className="lt-rev-icon lt-rev-warn" /> {t('Không tin cậy', 'Not trusted')}
              {untrustedWhy ? `: ${t(...untrustedWhy)}` : ''}
            </span>
          )}
          {s.integrity && s.chain.length > 1 && <div className="lt-muted lt-small lt-sig-chain">{s.chain.map(cn).join(' → ')}</div>}
        </dd>
        <dt>{t('Thu hồi (OCSP/CRL)', 'Revocation (OCSP/CRL)')}</dt>
        <dd data-testid="signature-revocation" data-status={s.revocationCheck?.status ?? ''} data-state={r.state} data-next={r.nextRetryAt ?? ''}>
          <span className="lt-rev-line">
            {REVOCATION_ICON[r.state]} {sentence(lang === 'vi' ? r.text : r.textEn)}
          </span>
        </dd>
      </dl>
    </li>
  );
}
