import { invalid } from './errors.js';

/** Small field checks shared by services; each failure names the field in both languages. */
export function requiredText(value: unknown, field: string, label: string, max = 500): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(field, `${label} không được để trống.`, `${field} is required.`);
  }
  const v = value.trim();
  if (v.length > max) throw invalid(field, `${label} dài quá ${max} ký tự.`, `${field} is longer than ${max} characters.`);
  return v;
}

export function optionalText(value: unknown, field: string, label: string, max = 500): string | null {
  if (value === undefined || value === null || value === '') return null;
  return requiredText(value, field, label, max);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VI_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** Accepts YYYY-MM-DD or dd/mm/yyyy; answers YYYY-MM-DD. */
export function optionalDate(value: unknown, field: string, label: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') {
    let m = ISO_DATE.exec(value);
    let y: number, mo: number, d: number;
    if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    else if ((m = VI_DATE.exec(value))) [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
    else y = mo = d = 0;
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (y > 1900 && dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d) {
      return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    }
  }
  throw invalid(field, `${label} không phải ngày hợp lệ (dd/mm/yyyy).`, `${field} is not a valid date (dd/mm/yyyy or yyyy-mm-dd).`);
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, label: string, fallback?: T): T {
  if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(field, `${label} phải là một trong: ${allowed.join(', ')}.`, `${field} must be one of: ${allowed.join(', ')}.`);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function optionalEmail(value: unknown, field: string): string | null {
  const v = optionalText(value, field, 'Thư điện tử', 200);
  if (v !== null && !EMAIL.test(v)) throw invalid(field, `Địa chỉ thư "${v}" không hợp lệ.`, `E-mail address "${v}" is not valid.`);
  return v;
}

export function positiveInt(value: unknown, field: string, label: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
    throw invalid(field, `${label} phải là số nguyên dương.`, `${field} must be a positive integer.`);
  }
  return n;
}
