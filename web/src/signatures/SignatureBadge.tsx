import { Alert, Popover } from 'antd';
import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import '../drafting/drafting.css';


/**
 * "Đã ký số bởi … lúc …, toàn vẹn": the verification kept with the document (on arrival, at
 * issue), with what OCSP/CRL said of revocation (checked just after arrival: the live event
 * `signature-check` refreshes it). A broken or untrusted signature — revoked before the signing
 * time included — is shown as a warning with the reason the clerk may return the document with (02).
 */
/** The stored revocation text is "Vietnamese / English": the half of the language shown. */
const revocationWords = (text: string, lang: string) => {
  const [vi, en] = text.split(' / ');
  return lang === 'vi' || !en ? vi : en;
};

export function SignatureBadge({ documentId }: { documentId: number }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: ['signatures', documentId], queryFn: () => answer(client.GET('/api/v1/signatures/documents/{id}', { params: { path: { id: documentId } } })) });
  const v = q.data;
  if (!v || !v.files.length) return null;
  const detail = (
    <div className="lt-sig-detail">
      {v.files.map((f) => (
        <div key={f.attachmentId}>
          <b>{f.fileName}</b>
          <ul>
            {f.signatures.length === 0 && <li>{t('Không có chữ ký số', 'Not digitally signed')}</li>}
            {f.signatures.map((s, i) => (
              <li key={i}>
                {t('Ký bởi', 'Signed by')} <b>{s.signer ?? '?'}</b>
                {s.organization && s.organization !== s.signer ? ` (${s.organization})` : ''} {s.signingTime ? `${t('lúc', 'at')} ${fmtDateTime(s.signingTime)}` : ''} —{' '}
                {s.integrity ? t('toàn vẹn', 'intact') : t('KHÔNG toàn vẹn', 'NOT intact')}, {s.trusted ? t('chứng thư tin cậy', 'trusted certificate') : t('chứng thư không tin cậy', 'untrusted certificate')}
                {s.revocation && (
                  <div className={`lt-small ${s.revocationCheck?.status === 'revoked' ? '' : 'lt-muted'}`} data-testid="signature-revocation" data-status={s.revocationCheck?.status ?? ''}>
                    {t('Thu hồi (OCSP/CRL)', 'Revocation (OCSP/CRL)')}: {revocationWords(s.revocation, lang)}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
  const bad = v.verdict === 'broken' || v.verdict === 'untrusted';
  return (
    <div data-testid="signature-badge" data-verdict={v.verdict}>
      <Popover content={detail} title={t('Kiểm tra chữ ký số', 'Signature check')} trigger={['hover', 'click']}>
        <button type="button" className={`lt-sig-tag lt-sig-${v.verdict}`} aria-label={`${t('Chữ ký số', 'Signature')}: ${lang === 'vi' ? v.label : v.labelEn}. ${t('Xem chi tiết', 'Show details')}`}>
          {bad ? <WarningOutlined aria-hidden /> : <SafetyCertificateOutlined aria-hidden />} {t('Chữ ký số', 'Signature')}: {lang === 'vi' ? v.label : v.labelEn}
        </button>
      </Popover>
      {bad && v.returnReason && <Alert className="lt-sig-alert" type={v.verdict === 'broken' ? 'error' : 'warning'} showIcon title={t('Văn thư có thể trả lại văn bản (02) với lý do:', 'The clerk may return the document (02) with the reason:')} description={v.returnReason} />}
    </div>
  );
}
