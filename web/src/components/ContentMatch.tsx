import { FileTextOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import type { ContentMatch as Match } from '../types';

/** Where the searched words are inside a file of the document: an excerpt, the words marked. */
export function ContentMatch({ match }: { match: Match }) {
  const { t } = useI18n();
  return (
    <div className="lt-content-match">
      <span className="lt-muted">
        <FileTextOutlined aria-hidden /> {t(`Trong tệp ${match.fileName}:`, `In ${match.fileName}:`)}
      </span>{' '}
      {match.parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </div>
  );
}
