/**
 * The checks of the peer forms while the province administrator types: the server's rules
 * (src/modules/interop/federation/peers.ts, src/domain/federation.ts routeCode), said before
 * sending. Each returns the message to show, or null when the value is right.
 */
import type { Lang } from '../../i18n';

type Msg = { vi: string; en: string };
const say = (m: Msg, lang: Lang) => m[lang];

export const PEER_LIMITS = { name: 200, baseUrl: 500, nodeId: 200, secretMin: 16, secretMax: 500 } as const;
const NODE_ID = /^[A-Za-z0-9._:@-]+$/;
const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const LEVEL1 = /^[A-Z]\d{2}$/;

export function baseUrlProblem(value: string | undefined, lang: Lang): string | null {
  const v = (value ?? '').trim();
  if (!v) return say({ vi: 'Nhập địa chỉ của nút (ví dụ https://lienthong.khanhhoa.gov.vn).', en: 'Enter the node address (e.g. https://lienthong.khanhhoa.gov.vn).' }, lang);
  let u: URL | null = null;
  try {
    u = new URL(v);
  } catch {
    u = null;
  }
  if (!u || !/^https?:$/.test(u.protocol) || u.search || u.hash || u.username || v.length > PEER_LIMITS.baseUrl) {
    return say({ vi: 'Địa chỉ nút phải là URL http(s):// không có tham số, không có mật khẩu.', en: 'The node address must be a plain http(s):// URL (no query, no credentials).' }, lang);
  }
  return null;
}

export function nodeIdProblem(value: string | undefined, label: Msg, lang: Lang): string | null {
  const v = (value ?? '').trim();
  if (!v) return say({ vi: `Nhập ${label.vi.toLowerCase()}.`, en: `Enter ${label.en.toLowerCase()}.` }, lang);
  if (v.length > PEER_LIMITS.nodeId || !NODE_ID.test(v)) return say({ vi: `${label.vi} chỉ gồm chữ không dấu, số và . _ : @ - (tối đa ${PEER_LIMITS.nodeId} ký tự).`, en: `${label.en} may hold only letters, digits and . _ : @ - (at most ${PEER_LIMITS.nodeId}).` }, lang);
  return null;
}

/** A secret is needed when none is stored yet; left empty on an edit it keeps the stored one. */
export function secretProblem(value: string | undefined, stored: boolean, lang: Lang): string | null {
  const v = value ?? '';
  if (!v) return stored ? null : say({ vi: 'Nhập khóa chung (ít nhất 16 ký tự), trao đổi với tỉnh kia qua kênh an toàn.', en: 'Enter the shared secret (at least 16 characters), agreed with the other province over a safe channel.' }, lang);
  if (v.length < PEER_LIMITS.secretMin || v.length > PEER_LIMITS.secretMax) return say({ vi: 'Khóa chung phải dài từ 16 đến 500 ký tự.', en: 'A shared secret must be 16 to 500 characters long.' }, lang);
  return null;
}

export function pemProblem(value: string | undefined, kind: 'CERTIFICATE' | 'PRIVATE KEY', stored: boolean, lang: Lang): string | null {
  const v = (value ?? '').trim();
  const what = kind === 'CERTIFICATE' ? { vi: 'chứng thư số của nút kia', en: 'the peer certificate' } : { vi: 'khóa bí mật của tỉnh mình', en: 'our private key' };
  if (!v) return stored ? null : say({ vi: `Dán ${what.vi} (PEM).`, en: `Paste ${what.en} (PEM).` }, lang);
  const re = kind === 'CERTIFICATE' ? /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/ : /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+-----END (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;
  if (!re.test(v)) return say({ vi: `Không đọc được ${what.vi}: cần khối PEM "-----BEGIN ${kind}-----".`, en: `Cannot read ${what.en}: a PEM block "-----BEGIN ${kind}-----" is needed.` }, lang);
  return null;
}

export const normalizeCode = (value: string | undefined) => (value ?? '').trim().toUpperCase();

export function routeCodeProblem(value: string | undefined, lang: Lang): string | null {
  const c = normalizeCode(value);
  if (!c) return say({ vi: 'Nhập mã định danh (000.00.05.H41) hoặc mã cấp 1 (H41).', en: 'Enter an agency code (000.00.05.H41) or a level-1 code (H41).' }, lang);
  if (!AGENCY_CODE.test(c) && !LEVEL1.test(c)) return say({ vi: `Mã "${c}" phải là mã định danh (000.00.05.H41) hoặc mã cấp 1 (H41).`, en: `The code "${c}" must be an agency code (000.00.05.H41) or a level-1 code (H41).` }, lang);
  return null;
}

/** A full code becomes a recipient: it needs the organisation's name. */
export const isFullCode = (value: string | undefined) => AGENCY_CODE.test(normalizeCode(value));
