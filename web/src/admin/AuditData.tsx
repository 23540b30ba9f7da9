import { Button, Popover } from 'antd';
import { AUDIT_FIELD_LABELS } from '../../../src/domain/audit-labels';
import { ASSIGN_ROLE, STATUS } from '../labels';
import { useI18n } from '../i18n';
import type { AuditEntry } from '../types';

type Lang = 'vi' | 'en';

function valueText(key: string, v: unknown, lang: Lang): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? (lang === 'vi' ? 'có' : 'yes') : lang === 'vi' ? 'không' : 'no';
  if (key === 'status' && typeof v === 'string' && STATUS[v]) return `${v} — ${STATUS[v][lang]}`;
  if (key === 'role' && typeof v === 'string') return ASSIGN_ROLE[v]?.[lang] ?? v;
  if (Array.isArray(v)) {
    const parts = v.map((x) => (x && typeof x === 'object' ? objectText(x as Record<string, unknown>, lang) : String(x)));
    return parts.length > 6 ? `${parts.slice(0, 6).join(', ')} … (${parts.length})` : parts.join(', ');
  }
  if (typeof v === 'object') return objectText(v as Record<string, unknown>, lang);
  return String(v);
}

function objectText(o: Record<string, unknown>, lang: Lang): string {
  return `(${fields(o, lang).map(([label, value]) => `${label}: ${value}`).join('; ')})`;
}

/** The data of an entry as labelled fields, in the order it was written. */
export function fields(data: Record<string, unknown>, lang: Lang): [string, string][] {
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => [AUDIT_FIELD_LABELS[k]?.[lang] ?? k, valueText(k, v, lang)]);
}

/** One line of "Field: value · Field: value", the whole of it in the tooltip. */
export function AuditData({ entry }: { entry: AuditEntry }) {
  const { lang } = useI18n();
  const data = entry.data && typeof entry.data === 'object' && !Array.isArray(entry.data) ? (entry.data as Record<string, unknown>) : null;
  const list = data ? fields(data, lang) : [];
  if (!list.length) return <span className="lt-muted">—</span>;
  return (
    <span title={list.map(([l, v]) => `${l}: ${v}`).join('\n')} data-testid="audit-data">
      {list.map(([l, v], i) => (
        <span key={l + i}>
          {i > 0 && <span className="lt-muted"> · </span>}
          <span className="lt-muted">{l}:</span> {v}
        </span>
      ))}
    </span>
  );
}

/** The entry exactly as stored (action code, entity, data, hashes): one click away. */
export function RawEntry({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  return (
    <Popover
      trigger="click"
      title={t(`Bản ghi số ${entry.seq} (dạng gốc)`, `Entry ${entry.seq} (raw)`)}
      content={<pre tabIndex={0} className="lt-json" style={{ maxWidth: 560, maxHeight: 360, overflow: 'auto', margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="audit-raw">{JSON.stringify(entry, null, 2)}</pre>}
    >
      <Button size="small" aria-label={t(`JSON: dạng gốc của bản ghi ${entry.seq}`, `JSON: raw form of entry ${entry.seq}`)}>
        JSON
      </Button>
    </Popover>
  );
}
