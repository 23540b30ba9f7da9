import { memo } from 'react';
import { useI18n } from '../../i18n';
import { STATUS } from '../../labels';
import type { OutgoingProgress } from '../../types';

/** The order of the bar: furthest along first, refusals at the end. */
const ORDER = ['06', '05', '04', '03', '01', '02'] as const;

/**
 * Where the recipients of one document stand: a stacked bar (one segment per status, as wide
 * as its share) with the count done, and badges for what needs the sender's attention. The
 * bar is drawn for the eye; the same facts are in text for screen readers.
 */
export const Progress = memo(function Progress({ p, transmitted }: { p: OutgoingProgress; transmitted: boolean }) {
  const { t, lang } = useI18n();
  if (!transmitted) return <span className="lt-muted">{t('Văn bản mật: không gửi điện tử', 'Classified: not sent electronically')}</span>;
  if (p.sent === 0) return <span className="lt-muted">{t('Chưa gửi nơi nào', 'Not sent yet')}</span>;
  const live = p.sent - p.recalled;
  const parts = ORDER.filter((c) => p.byStatus[c] > 0).map((c) => ({ code: c, n: p.byStatus[c], label: STATUS[c]![lang] }));
  const summary = [
    t(`${p.sent} nơi nhận`, `${p.sent} recipients`),
    ...parts.map((x) => `${x.n} ${x.label.toLowerCase()}`),
    p.recalled ? t(`${p.recalled} đã thu hồi`, `${p.recalled} recalled`) : '',
    p.recallPending ? t(`${p.recallPending} chờ trả lời thu hồi`, `${p.recallPending} recall pending`) : '',
    p.overdue ? t(`${p.overdue} quá hạn`, `${p.overdue} overdue`) : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <span className="lt-progress" title={summary} data-testid="progress">
      <span className="lt-progress-bar" aria-hidden>
        {parts.map((x) => (
          <span key={x.code} className={`lt-progress-seg lt-seg-${x.code}`} style={{ flexGrow: x.n }} />
        ))}
        {p.recalled > 0 && <span className="lt-progress-seg lt-seg-recalled" style={{ flexGrow: p.recalled }} />}
      </span>
      <span className="lt-progress-count" aria-hidden>
        {p.byStatus['06']}/{live}
      </span>
      <span className="lt-sr">{summary}</span>
      {p.byStatus['02'] > 0 && (
        <span className="lt-badge lt-badge-red" aria-hidden data-flag="rejected">
          {t(`${p.byStatus['02']} từ chối`, `${p.byStatus['02']} rejected`)}
        </span>
      )}
      {p.overdue > 0 && (
        <span className="lt-badge lt-badge-volcano" aria-hidden data-flag="overdue">
          {t(`${p.overdue} quá hạn`, `${p.overdue} overdue`)}
        </span>
      )}
      {p.recallPending > 0 && (
        <span className="lt-badge lt-badge-magenta" aria-hidden data-flag="recall">
          {t(`${p.recallPending} chờ thu hồi`, `${p.recallPending} recall pending`)}
        </span>
      )}
      {p.recalled > 0 && (
        <span className="lt-badge lt-badge-purple" aria-hidden data-flag="recalled">
          {t(`${p.recalled} đã thu hồi`, `${p.recalled} recalled`)}
        </span>
      )}
    </span>
  );
});

/** The legend under the table: what each colour of the bar means. */
export function ProgressLegend() {
  const { t, lang } = useI18n();
  return (
    <div className="lt-progress-legend" aria-hidden>
      {ORDER.map((c) => (
        <span key={c}>
          <span className={`lt-progress-key lt-seg-${c}`} /> {c} {STATUS[c]![lang]}
        </span>
      ))}
      <span>
        <span className="lt-progress-key lt-seg-recalled" /> {t('Đã thu hồi', 'Recalled')}
      </span>
    </div>
  );
}
