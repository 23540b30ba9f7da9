import { Link } from '../router';
import { useI18n } from '../i18n';

/** The number/symbol of a document as a link to its page (or "draft" when it has none). */
export function DocLink({ id, symbol, label }: { id: number; symbol: string | null; label?: string }) {
  const { t } = useI18n();
  return (
    <Link to={`/documents/${id}`} className="lt-symbol" aria-label={label}>
      {symbol ?? t('(chưa cấp số)', '(no number yet)')}
    </Link>
  );
}
