/** Dates as Vietnamese offices write them: dd/mm/yyyy, in Vietnam time. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateParts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeParts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });

/** "2025-11-26" or an ISO timestamp → "26/11/2025". */
export function fmtDate(v: string | null | undefined): string {
  if (!v) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split('-');
    return `${d}/${m}/${y}`;
  }
  const dt = new Date(v);
  if (Number.isNaN(dt.getTime())) return v;
  return dateParts.format(dt); // en-GB gives dd/mm/yyyy
}

/** ISO timestamp → "26/11/2025 14:05". */
export function fmtDateTime(v: string | null | undefined): string {
  if (!v) return '';
  const dt = new Date(v);
  if (Number.isNaN(dt.getTime())) return v;
  return `${dateParts.format(dt)} ${timeParts.format(dt)}`;
}

/** Today in Vietnam as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  const p = dateParts.formatToParts(now);
  const g = (t: string) => p.find((x) => x.type === t)!.value;
  return `${g('year')}-${g('month')}-${g('day')}`;
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86400000);
}

export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Folds Vietnamese text for matching: no marks, đ → d, lower case ("Đồng Nai" → "dong nai"). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** An antd Select's search on its options' labels, marks and case ignored ("so y te" finds "Sở Y tế"): `showSearch={{ filterOption: foldedLabel }}`. */
export const foldedLabel = (input: string, option?: { label?: unknown }) => fold(String(option?.label ?? '')).includes(fold(input.trim()));
