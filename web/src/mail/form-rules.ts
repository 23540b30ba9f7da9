/**
 * The checks the mail forms make while a person types: the same rules the server applies
 * (src/modules/mail/inbound/rules.ts, aliases.ts, imap/accounts.ts), said before sending.
 * Each returns the message to show, or null when the value is right.
 */
import type { Lang } from '../i18n';

type Msg = { vi: string; en: string };
const say = (m: Msg | null, lang: Lang) => (m ? m[lang] : null);

export const RULE_LIMITS = { name: 200, headerName: 100, pattern: 500 } as const;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;

export function headerNameProblem(value: string | null | undefined, lang: Lang): string | null {
  const v = (value ?? '').trim();
  if (!v) return say({ vi: 'Nhập tên trường tiêu đề thư (ví dụ X-Priority).', en: 'Enter the header name (e.g. X-Priority).' }, lang);
  if (v.length > RULE_LIMITS.headerName) return say({ vi: `Tên trường tiêu đề thư tối đa ${RULE_LIMITS.headerName} ký tự.`, en: `At most ${RULE_LIMITS.headerName} characters.` }, lang);
  if (!HEADER_NAME.test(v)) return say({ vi: 'Tên trường tiêu đề thư chỉ gồm chữ không dấu, số và dấu gạch ngang (ví dụ X-Priority).', en: 'A header name has only letters, digits and hyphens (e.g. X-Priority).' }, lang);
  return null;
}

/** A rule must do something: set a value or stop the rules after it. */
export function ruleActionProblem(v: { setTypeCode?: string | null; setUrgency?: string | null; setAssigneeUserId?: number | null; setRegisterId?: number | null; stop?: boolean }, lang: Lang): string | null {
  if (v.setTypeCode || v.setUrgency || v.setAssigneeUserId || v.setRegisterId || v.stop) return null;
  return say({ vi: 'Quy tắc phải đặt ít nhất một giá trị (loại, độ khẩn, người xử lý, sổ) hoặc chọn "Dừng tại đây".', en: 'A rule must set something (type, urgency, assignee, register) or stop here.' }, lang);
}

// The server's address rule (src/modules/mail/addresses.ts).
const ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export const normalizeAddress = (value: string | null | undefined) => (value ?? '').trim().replace(/^<|>$/g, '').trim().toLowerCase();

export function aliasProblem(value: string | null | undefined, domains: readonly string[], lang: Lang): string | null {
  const a = normalizeAddress(value);
  if (!a) return say({ vi: 'Nhập địa chỉ thư bí danh.', en: 'Enter the alias address.' }, lang);
  if (a.length > 254 || !ADDRESS.test(a)) return say({ vi: 'Địa chỉ thư không hợp lệ (ví dụ: vanphong@dongnai.gov.vn).', en: 'Not a valid mail address (e.g. office@dongnai.gov.vn).' }, lang);
  const domain = a.slice(a.lastIndexOf('@') + 1);
  if (domains.length && !domains.includes(domain)) {
    return say({ vi: `Địa chỉ bí danh phải thuộc tên miền thư của tỉnh: ${domains.join(', ')}.`, en: `An alias must be in one of the province's mail domains: ${domains.join(', ')}.` }, lang);
  }
  return null;
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:]+(%[\w.]+)?$/i;

export function hostProblem(value: string | null | undefined, lang: Lang): string | null {
  const h = (value ?? '').trim();
  if (!h) return say({ vi: 'Nhập máy chủ IMAP (ví dụ mail.dongnai.gov.vn).', en: 'Enter the IMAP server (e.g. mail.dongnai.gov.vn).' }, lang);
  if (HOST_NAME.test(h) || IPV4.test(h) || (h.includes(':') && IPV6.test(h))) return null;
  return say({ vi: `"${h}" không phải tên máy chủ hay địa chỉ IP hợp lệ.`, en: `"${h}" is not a valid host name or IP address.` }, lang);
}

export function portProblem(value: number | string | null | undefined, lang: Lang): string | null {
  const n = typeof value === 'string' ? Number(value) : value;
  if (n === null || n === undefined || (typeof value === 'string' && !value.trim())) return say({ vi: 'Nhập cổng (993 cho TLS, 143 cho STARTTLS).', en: 'Enter the port (993 for TLS, 143 for STARTTLS).' }, lang);
  if (!Number.isInteger(n) || n < 1 || n > 65535) return say({ vi: 'Cổng phải là số nguyên từ 1 đến 65535.', en: 'The port is a whole number from 1 to 65535.' }, lang);
  return null;
}

/** The password is write-only: empty on an existing account keeps the stored one. */
export function imapPasswordProblem(value: string | null | undefined, required: boolean, lang: Lang): string | null {
  const v = value ?? '';
  if (!v) return required ? say({ vi: 'Nhập mật khẩu hộp thư.', en: 'Enter the mailbox password.' }, lang) : null;
  if (v.length > 1024) return say({ vi: 'Mật khẩu dài quá 1024 ký tự.', en: 'The password is longer than 1024 characters.' }, lang);
  if (/[\r\n\0]/.test(v)) return say({ vi: 'Mật khẩu chứa ký tự không hợp lệ (xuống dòng hoặc ký tự rỗng).', en: 'The password holds characters IMAP cannot carry (line breaks or NUL).' }, lang);
  return null;
}

export function mailboxProblem(value: string | null | undefined, lang: Lang): string | null {
  const v = (value ?? '').trim();
  if (!v) return say({ vi: 'Nhập thư mục (thường là INBOX).', en: 'Enter the mailbox folder (usually INBOX).' }, lang);
  if (v.length > 255) return say({ vi: 'Tên thư mục tối đa 255 ký tự.', en: 'At most 255 characters.' }, lang);
  if ([...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return say({ vi: 'Tên thư mục chứa ký tự điều khiển.', en: 'The mailbox name holds control characters.' }, lang);
  return null;
}

/** The default port of each security mode. */
export const DEFAULT_PORT = { tls: 993, starttls: 143 } as const;
