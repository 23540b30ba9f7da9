/**
 * The rules of the compose form, as pure functions: the form uses them as you type, the
 * component tests check them, and they mirror what the server checks (src/modules/documents/drafts.ts).
 */
import { todayIso } from './format';
import type { Body } from './api/client';

export type Lang = 'vi' | 'en';
type Msg = { vi: string; en: string };
const m = (vi: string, en: string): Msg => ({ vi, en });

export const LIMITS = { summary: 500, content: 5000, signerName: 200, signerPosition: 200, draftingUnit: 30, notes: 1000, recordKeeper: 200 } as const;

export const COMPETENCES = ['', 'TM.', 'KT.', 'TL.', 'TUQ.', 'Q.'] as const satisfies readonly NonNullable<Body<'/api/v1/documents', 'post'>['signerCompetence']>[];

export function checkSummary(v: unknown): Msg | null {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return m('Trích yếu không được để trống.', 'The summary is required.');
  if (s.length < 10) return m('Trích yếu quá ngắn: nêu rõ nội dung chính (ít nhất 10 ký tự).', 'The summary is too short (at least 10 characters).');
  if (s.length > LIMITS.summary) return m(`Trích yếu dài quá ${LIMITS.summary} ký tự.`, `The summary is longer than ${LIMITS.summary} characters.`);
  return null;
}

export function checkTypeCode(v: unknown): Msg | null {
  return typeof v === 'string' && v ? null : m('Chọn loại văn bản.', 'Choose the document type.');
}

export function checkSigner(v: unknown): Msg | null {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return m('Nhập họ tên người ký.', 'Enter the signer’s name.');
  if (s.length > LIMITS.signerName) return m(`Họ tên người ký dài quá ${LIMITS.signerName} ký tự.`, 'The signer’s name is too long.');
  if (/\d/.test(s)) return m('Họ tên người ký không chứa chữ số.', 'A name has no digits.');
  return null;
}

export function checkSignerPosition(v: unknown): Msg | null {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return m('Nhập chức vụ người ký.', 'Enter the signer’s position.');
  if (s.length > LIMITS.signerPosition) return m('Chức vụ dài quá 200 ký tự.', 'The position is too long.');
  return null;
}

/** The drafting unit goes into the symbol ("…/SKHCN-CNTT"): letters and digits only. */
export function checkDraftingUnit(v: unknown): Msg | null {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return null;
  if (s.length > LIMITS.draftingUnit) return m(`Viết tắt đơn vị soạn thảo dài quá ${LIMITS.draftingUnit} ký tự.`, 'The drafting unit abbreviation is too long.');
  if (!/^[\p{Lu}\p{N}Đ]+$/u.test(s)) return m('Viết tắt đơn vị soạn thảo chỉ gồm chữ in hoa và số, không dấu cách (ví dụ: CNTT).', 'Use capital letters and digits only, no spaces (e.g. CNTT).');
  return null;
}

/** A reply deadline, YYYY-MM-DD, not in the past. */
export function checkDueDate(v: unknown, today = todayIso()): Msg | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return m('Hạn trả lời không phải ngày hợp lệ (dd/mm/yyyy).', 'Not a valid date (dd/mm/yyyy).');
  if (v < today) return m('Hạn trả lời không được trước ngày hôm nay.', 'The reply deadline cannot be in the past.');
  return null;
}

export function checkRecipients(v: unknown, confidentiality: string, ownAgencyId?: number): Msg | null {
  const ids = Array.isArray(v) ? v : [];
  if (confidentiality !== 'thuong') return null; // secret: paper only, recipients are the printed list
  if (!ids.length) return m('Chọn ít nhất một nơi nhận.', 'Choose at least one recipient.');
  if (ownAgencyId !== undefined && ids.includes(ownAgencyId)) return m('Không gửi văn bản cho chính cơ quan mình.', 'An agency cannot send to itself.');
  if (ids.length > 2000) return m('Quá nhiều nơi nhận (tối đa 2000).', 'Too many recipients (at most 2000).');
  return null;
}

export const ACCEPTED_EXT = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'zip', 'png', 'jpg', 'jpeg', 'gif', 'tif', 'tiff', 'webp'];

export function checkFile(f: { name: string; size: number }, maxBytes = 50 * 1024 * 1024): Msg | null {
  const ext = f.name.split('.').pop()?.toLowerCase() ?? '';
  if (!ACCEPTED_EXT.includes(ext)) return m(`Tệp "${f.name}" không đúng định dạng. Chỉ nhận PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, ZIP và ảnh.`, `"${f.name}" is not an accepted kind of file (PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, ZIP, images).`);
  if (f.size === 0) return m(`Tệp "${f.name}" rỗng.`, `"${f.name}" is empty.`);
  if (f.size > maxBytes) return m(`Tệp "${f.name}" vượt quá ${Math.round(maxBytes / 1048576)} MB.`, `"${f.name}" is larger than ${Math.round(maxBytes / 1048576)} MB.`);
  return null;
}

/**
 * What the number and symbol will look like: "…/CV-UBND" style (Decree 30/2020): the number is
 * given at issue; a công văn has no type part; the drafting unit follows the agency.
 */
export function previewSymbol(typeAbbr: string | undefined, agencyShort: string | undefined, draftingUnit?: string | null, number?: number): string {
  const head = typeAbbr ? `${typeAbbr}-${agencyShort ?? '?'}` : (agencyShort ?? '?');
  const notation = draftingUnit && draftingUnit.trim() ? `${head}-${draftingUnit.trim()}` : head;
  const n = number === undefined ? '…' : number < 10 ? `0${number}` : String(number);
  return `${n}/${notation}`;
}
