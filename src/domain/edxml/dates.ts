import { TIME_ZONE } from '../numbering.js';

/**
 * Dates and times of edXML: emitted as yyyy/MM/dd and yyyy/MM/dd HH:mm:ss (Vietnam time);
 * read in that form, as dd/MM/yyyy (seen in the wild) or as yyyy-MM-dd. Kept inside as
 * YYYY-MM-DD and "YYYY-MM-DD HH:mm:ss".
 */
const YMD = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function iso(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2999 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** YYYY-MM-DD, or null when the text is not a date in one of the accepted forms. */
export function readEdxmlDate(text: string): string | null {
  let m = YMD.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DMY.exec(text);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/** "YYYY-MM-DD HH:mm:ss" (local time of the sender, taken as Vietnam time), or null. */
export function readEdxmlTimestamp(text: string): string | null {
  const m = /^(\S+)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const day = readEdxmlDate(m[1]!);
  if (!day) return null;
  const [h, mi, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  return `${day} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export const writeEdxmlDate = (isoDate: string): string => (isoDate ? isoDate.replace(/-/g, '/') : '');

export const writeEdxmlTimestamp = (local: string): string => (local ? local.replace(/-/g, '/') : '');

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as Vietnam local time "YYYY-MM-DD HH:mm:ss". */
export function toLocalTimestamp(at: Date): string {
  const p = Object.fromEntries(localParts.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Vietnam local time (UTC+7, no daylight saving) back to an ISO-8601 UTC instant. */
export function localTimestampToIso(local: string): string {
  return new Date(`${local.replace(' ', 'T')}+07:00`).toISOString();
}
