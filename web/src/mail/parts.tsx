import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useI18n } from '../i18n';
import { Badge } from '../labels';
import { OUTBOX_STATUS } from './labels';
import type { OutboxRow } from './types';

/** Whether mail leaves the server: said by the server when it knows, else guessed from kept messages. */
export function useRelay(enabled = true) {
  const policy = useQuery({ queryKey: ['mail-policy', null], queryFn: () => answer(client.GET('/api/v1/mail/policy')), staleTime: 5 * 60_000, enabled });
  return policy.data?.relay;
}

export function StatusBadge({ r }: { r: Pick<OutboxRow, 'status' | 'attempts'> }) {
  const { lang, t } = useI18n();
  const s = OUTBOX_STATUS[r.status];
  return (
    <Badge tone={s?.tone ?? 'default'} data-status={r.status}>
      {s ? s[lang] : r.status}
      {r.attempts > 0 && r.status !== 'sent' ? ` · ${t(`${r.attempts} lần thử`, `${r.attempts} attempts`)}` : ''}
    </Badge>
  );
}

