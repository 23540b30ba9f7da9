/**
 * The checks of the portal's forms, run as the user types. The limits are the server's
 * (src/domain/procedures.ts, src/domain/validate.ts, src/modules/portal/*-service.ts); the
 * whole procedure record is checked on save by the server's own rule (normalizeNationalRecord).
 */
import { DomainError } from '../../../src/domain/errors';
import { normalizeNationalRecord } from '../../../src/domain/procedures';

export interface Msg {
  vi: string;
  en: string;
}
const m = (vi: string, en: string): Msg => ({ vi, en });

export const LIMITS = {
  code: 40,
  text: 1000,
  rich: 50_000,
  list: 300,
  quantity: 1000,
  fileName: 255,
  announcementTitle: 300,
  announcementBody: 100_000,
  nameEn: 300,
  functions: 20_000,
  fax: 50,
  contactName: 200,
  contactPosition: 200,
  contactUnit: 300,
  phone: 50,
  email: 200,
  contacts: 100,
  importRecords: 2000,
  jsonBytes: 20 * 1024 * 1024,
  csvBytes: 10 * 1024 * 1024,
} as const;

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

export function checkRequired(v: unknown, vi: string, en: string, max: number): Msg | null {
  const s = str(v);
  if (!s) return m(`${vi} không được để trống.`, `${en} is required.`);
  if (s.length > max) return m(`${vi} dài quá ${max} ký tự.`, `${en} is longer than ${max} characters.`);
  return null;
}

export function checkOptional(v: unknown, vi: string, en: string, max: number): Msg | null {
  return str(v) ? checkRequired(v, vi, en, max) : null;
}

/** The national code of a procedure: "1.001193", "2.000488" … */
export function checkProcedureCode(v: unknown): Msg | null {
  const s = str(v);
  if (!s) return m('Nhập mã thủ tục (theo Cơ sở dữ liệu quốc gia, ví dụ 1.001193).', 'Enter the procedure code (national database, e.g. 1.001193).');
  if (s.length > LIMITS.code) return m(`Mã thủ tục dài quá ${LIMITS.code} ký tự.`, `The code is longer than ${LIMITS.code} characters.`);
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(s)) return m('Mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch (ví dụ 1.001193).', 'The code may hold only letters, digits, dots and dashes (e.g. 1.001193).');
  return null;
}

/** Originals and copies of a dossier component. */
export function checkQuantity(v: unknown): Msg | null {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > LIMITS.quantity) return m(`Số bản là số nguyên từ 0 đến ${LIMITS.quantity}.`, `A number of copies is an integer from 0 to ${LIMITS.quantity}.`);
  return null;
}

/** A processing time: a number of days, or a sentence as the national record has it. */
export function checkProcessingTime(v: unknown): Msg | null {
  const s = str(v);
  if (!s) return null;
  if (s.length > 200) return m('Thời hạn giải quyết dài quá 200 ký tự.', 'The processing time is longer than 200 characters.');
  if (/^-\d/.test(s)) return m('Thời hạn giải quyết không được âm.', 'The processing time cannot be negative.');
  return null;
}

/** A fee: an amount in đồng ("50000", "50.000") or words ("Theo quy định"); 0 is free. */
export function checkFeeAmount(v: unknown): Msg | null {
  const s = str(v);
  if (!s) return m('Nhập mức phí, lệ phí (0 nếu miễn phí, hoặc mô tả).', 'Enter the fee (0 when free, or a text).');
  if (s.length > LIMITS.text) return m(`Mức phí dài quá ${LIMITS.text} ký tự.`, `The fee is longer than ${LIMITS.text} characters.`);
  if (/^-\s*\d/.test(s)) return m('Mức phí không được âm.', 'A fee cannot be negative.');
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function checkEmail(v: unknown): Msg | null {
  const s = str(v);
  if (!s) return null;
  if (s.length > LIMITS.email) return m(`Thư điện tử dài quá ${LIMITS.email} ký tự.`, `The e-mail address is longer than ${LIMITS.email} characters.`);
  if (!EMAIL.test(s)) return m(`Địa chỉ thư "${s}" không hợp lệ.`, `"${s}" is not a valid e-mail address.`);
  return null;
}

/** Telephone and fax numbers as offices write them: digits, spaces, +, dots, dashes, brackets. */
export function checkPhone(v: unknown, vi = 'Số điện thoại', en = 'The phone number'): Msg | null {
  const s = str(v);
  if (!s) return null;
  if (s.length > LIMITS.phone) return m(`${vi} dài quá ${LIMITS.phone} ký tự.`, `${en} is longer than ${LIMITS.phone} characters.`);
  if (!/\d/.test(s)) return m(`${vi} phải có chữ số.`, `${en} must contain digits.`);
  return null;
}

/** A fee amount or a processing time typed as digits is a number in the record. */
export function numberOrText(v: unknown): number | string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const digits = s.replace(/[.\s]/g, '');
  if (/^\d+$/.test(digits) && (s === digits || /^\d{1,3}([.\s]\d{3})+$/.test(s))) return Number(digits);
  if (/^\d+\.\d+$/.test(s)) return Number(s);
  return s;
}

/**
 * Where a field the server (or the shared rule) names lives in a form:
 * "record.executionMethods[0].fees[1].amount" → ["executionMethods", 0, "fees", 1, "amount"];
 * a single import's leading "[0]" and a leading "record" are dropped.
 */
export function fieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of field.split(/\.|(?=\[)/)) {
    const idx = /^\[(\d+)\]$/.exec(part);
    if (idx) out.push(Number(idx[1]));
    else if (part) out.push(part);
  }
  if (out[0] === 'record') out.shift();
  return out;
}

export interface RecordProblem {
  message: Msg;
  field?: string;
}

/** The record checked by the server's own rule; the first problem, with the field it names. */
export function recordProblem(record: unknown): RecordProblem | null {
  try {
    normalizeNationalRecord(record);
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { message: m(e.messageVi, e.messageEn), field: e.field };
    throw e;
  }
}

export interface ParsedImport {
  body?: unknown;
  count: number;
  problem?: RecordProblem;
}

/** Where a JSON syntax error is, as a line and column of the text (browsers word it differently). */
function jsonPosition(text: string, e: Error): string {
  const lineCol = /line (\d+) column (\d+)/.exec(e.message);
  if (lineCol) return ` (dòng ${lineCol[1]}, cột ${lineCol[2]})`;
  let at = Number(/position (\d+)/.exec(e.message)?.[1] ?? -1);
  if (at < 0) {
    // V8: Unexpected token '}', ..."  "name": }" is not valid JSON — the excerpt ends where it failed.
    const excerpt = /"(?:\.\.\.)?([\s\S]+?)(?:\.\.\.)?" is not valid JSON/.exec(e.message)?.[1];
    const found = excerpt ? text.indexOf(excerpt) : -1;
    if (found < 0) return '';
    const token = /Unexpected token '(.)'/.exec(e.message)?.[1];
    const local = token ? excerpt!.lastIndexOf(token) : excerpt!.length - 1;
    at = found + Math.max(0, local);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  return ` (dòng ${line}, cột ${col})`;
}

/**
 * A national-portal JSON text before it is sent: it must parse, hold at most 2,000 records,
 * and each record must pass the server's rule — the problem names the record and field.
 */
export function parseImportJson(text: string): ParsedImport {
  const size = new Blob([text]).size;
  if (!text.trim()) return { count: 0, problem: { message: m('Chọn tệp JSON hoặc dán nội dung JSON.', 'Choose a JSON file or paste the JSON.') } };
  if (size > LIMITS.jsonBytes) return { count: 0, problem: { message: m('Tệp JSON lớn quá 20 MB; hãy chia thành nhiều tệp.', 'The JSON is larger than 20 MB; split it.') } };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    const where = jsonPosition(text, e as Error);
    return { count: 0, problem: { message: m(`Nội dung không phải JSON hợp lệ${where}.`, `The text is not valid JSON${where.replace('dòng', 'line').replace('cột', 'column')}.`) } };
  }
  const unwrapped = body && typeof body === 'object' && !Array.isArray(body) && !('code' in body) && 'data' in body ? (body as { data: unknown }).data : body;
  const list = Array.isArray(unwrapped) ? unwrapped : [unwrapped];
  if (!unwrapped || typeof unwrapped !== 'object') return { count: 0, problem: { message: m('Cần một thủ tục, một danh sách thủ tục, hoặc { "data": [...] }.', 'Expected one procedure, an array, or { "data": [...] }.') } };
  if (list.length === 0) return { count: 0, problem: { message: m('Danh sách thủ tục rỗng.', 'The list of procedures is empty.') } };
  if (list.length > LIMITS.importRecords) return { count: list.length, problem: { message: m('Tối đa 2.000 thủ tục mỗi lần nhập.', 'At most 2,000 procedures per import.') } };
  for (let i = 0; i < list.length; i++) {
    try {
      normalizeNationalRecord(list[i], Array.isArray(unwrapped) ? `[${i}]` : '');
    } catch (e) {
      if (e instanceof DomainError) return { body, count: list.length, problem: { message: m(e.messageVi, e.messageEn), field: e.field } };
      throw e;
    }
  }
  return { body, count: list.length };
}

/** A CSV text before it is sent: not empty, not too large, with the code and name columns. */
export function checkImportCsv(text: string): Msg | null {
  if (!text.trim()) return m('Chọn tệp CSV hoặc dán nội dung CSV.', 'Choose a CSV file or paste the CSV.');
  if (new Blob([text]).size > LIMITS.csvBytes) return m('Tệp CSV lớn quá 10 MB; hãy chia thành nhiều tệp.', 'The CSV is larger than 10 MB; split it.');
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  const missing = ['code', 'name'].filter((c) => !header.includes(c));
  if (missing.length) return m(`Dòng 1 thiếu cột: ${missing.join(', ')} (các cột như tệp /du-lieu-mo/thu-tuc.csv).`, `Line 1 lacks the columns: ${missing.join(', ')} (the columns of /du-lieu-mo/thu-tuc.csv).`);
  return null;
}

/** Problems of the import's file before reading it. */
export function checkImportFile(f: { name: string; size: number }, kind: 'json' | 'csv'): Msg | null {
  const ext = f.name.split('.').pop()?.toLowerCase() ?? '';
  if (kind === 'json' && ext !== 'json') return m(`Tệp "${f.name}" không phải tệp .json.`, `"${f.name}" is not a .json file.`);
  if (kind === 'csv' && ext !== 'csv' && ext !== 'txt') return m(`Tệp "${f.name}" không phải tệp .csv.`, `"${f.name}" is not a .csv file.`);
  if (f.size === 0) return m(`Tệp "${f.name}" rỗng.`, `"${f.name}" is empty.`);
  const max = kind === 'json' ? LIMITS.jsonBytes : LIMITS.csvBytes;
  if (f.size > max) return m(`Tệp "${f.name}" vượt quá ${max / 1048576} MB.`, `"${f.name}" is larger than ${max / 1048576} MB.`);
  return null;
}
