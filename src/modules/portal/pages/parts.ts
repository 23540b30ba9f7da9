import { html, type Html } from '../html.js';
import { NO_ONLINE_LABEL, ONLINE_LEVEL_LABELS, type OnlineLevel } from '../../../domain/procedures.js';
import type { Lang } from '../layout.js';

/** Small pieces several pages share. */
export function onlineBadge(level: OnlineLevel | null, lang: Lang = 'vi'): Html {
  const label = level ? ONLINE_LEVEL_LABELS[level][lang] : NO_ONLINE_LABEL[lang];
  return html`<span class="badge ${level ?? 'none'}">${lang === 'vi' ? 'Trực tuyến: ' : 'Online: '}${label}</span>`;
}

const KINDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/msword': 'DOC',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/zip': 'ZIP',
};

/** "PDF, 125 KB" — what a person on a slow connection wants to know before downloading. */
export function fileFacts(mime: string, size: number): string {
  const kind = KINDS[mime] ?? mime.split('/').pop()!.toUpperCase();
  const amount = size < 1024 * 1024 ? `${Math.max(1, Math.round(size / 1024))} KB` : `${(size / 1048576).toFixed(1).replace('.', ',')} MB`;
  return `${kind}, ${amount}`;
}

/** The address a file is downloaded from; the name in the path is for people, the id decides. */
export const formHref = (f: { id: number; fileName: string }) => `/bieu-mau/${f.id}/${encodeURIComponent(f.fileName)}`;
export const docFileHref = (docId: number, f: { id: number; fileName: string }) => `/van-ban/${docId}/tep/${f.id}/${encodeURIComponent(f.fileName)}`;
export const procedureHref = (code: string) => `/thu-tuc/${encodeURIComponent(code)}`;

export function emailLink(email: string | null): Html | string {
  return email ? html`<a href="mailto:${email}">${email}</a>` : '';
}
export function phoneLink(phone: string | null): Html | string {
  return phone ? html`<a href="tel:${phone.replace(/[^\d+]/g, '')}">${phone}</a>` : '';
}
export function webLink(url: string | null): Html | string {
  return url && /^https?:\/\//i.test(url) ? html`<a href="${url}" rel="noopener">${url.replace(/^https?:\/\//i, '')}</a>` : (url ?? '');
}
