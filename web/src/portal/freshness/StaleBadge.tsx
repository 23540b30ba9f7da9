import { useI18n } from '../../i18n';
import { Badge } from '../../labels';

/** "Chậm cập nhật" when an agency's pages went unchanged longer than the province accepts. */
export function StaleBadge({ stale }: { stale: boolean }) {
  const { t } = useI18n();
  return stale ? (
    <Badge tone="red" data-status="stale">
      {t('Chậm cập nhật', 'Stale')}
    </Badge>
  ) : (
    <Badge tone="green" data-status="fresh">
      {t('Đúng hạn', 'Up to date')}
    </Badge>
  );
}
