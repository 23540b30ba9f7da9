import { invalid } from './errors.js';

/**
 * Money is integer đồng (VND), always. Amounts travel as bigint in the code and as decimal
 * strings of digits in JSON and in the databases' `bigint` columns (pg returns int8 as a
 * string; SQLite integers up to 2^63 are exact), so sums and differences of 10^15 đồng are
 * exact: no floating point touches an amount. A ratio of two amounts is computed here once,
 * in integer arithmetic, rounded half up to the asked number of decimals.
 */

/** The largest amount accepted anywhere: 10^15 đồng (a province's totals stay far below). */
export const MAX_DONG = 10n ** 15n;

/** An amount as it comes from a column or JSON (bigint, integer number, digit string). */
export function toDong(v: bigint | number | string | null | undefined): bigint {
  if (v === null || v === undefined || v === '') return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`amount ${v} is not an integer number of đồng`);
    return BigInt(v);
  }
  if (!/^-?\d+$/.test(v)) throw new Error(`amount "${v}" is not an integer number of đồng`);
  return BigInt(v);
}

/**
 * Reads an amount a person typed: "1.250.000.000", "1 250 000 000", "1250000000", with or
 * without "₫"/"đ"/"VND". Thousands are grouped with dots (Vietnamese); a comma or a dot
 * followed by other than three digits is refused rather than guessed (it would be a decimal).
 */
export function parseDong(input: unknown, field = 'amount', labelVi = 'Số tiền'): bigint {
  if (typeof input === 'bigint') return checkRange(input, field, labelVi);
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) throw invalid(field, `${labelVi} phải là số nguyên đồng.`, `${field} must be a whole number of đồng.`);
    return checkRange(BigInt(input), field, labelVi);
  }
  if (typeof input !== 'string') throw invalid(field, `${labelVi} là bắt buộc.`, `${field} is required.`);
  const s = input
    .trim()
    .replace(/\s*(₫|đ|đồng|vnd|VND|VNĐ)$/u, '')
    .trim();
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1).trim() : s;
  const ok = /^\d+$/.test(body) || /^\d{1,3}([. \u00a0]\d{3})+$/.test(body);
  if (!ok) throw invalid(field, `${labelVi} "${input}" không đúng: nhập số nguyên đồng, nhóm nghìn bằng dấu chấm (1.250.000.000).`, `${field} "${input}" is not a whole number of đồng (group thousands with dots: 1.250.000.000).`);
  const n = BigInt(body.replace(/[. \u00a0]/g, ''));
  return checkRange(negative ? -n : n, field, labelVi);
}

function checkRange(n: bigint, field: string, labelVi: string): bigint {
  if (n > MAX_DONG || n < -MAX_DONG) throw invalid(field, `${labelVi} vượt quá giới hạn 10^15 đồng.`, `${field} exceeds 10^15 đồng.`);
  return n;
}

/** 1250000000n → "1.250.000.000 ₫" (the sign before the digits). */
export function formatDong(v: bigint | number | string, withSymbol = true): string {
  const n = toDong(v);
  const digits = (n < 0n ? -n : n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${n < 0n ? '-' : ''}${digits}${withSymbol ? ' ₫' : ''}`;
}

export function sumDong(values: Iterable<bigint | number | string | null | undefined>): bigint {
  let total = 0n;
  for (const v of values) total += toDong(v);
  return total;
}

/**
 * part ÷ whole as a percentage with `decimals` places, rounded half away from zero, in
 * integer arithmetic; null when the whole is zero (no rate, rather than 0 % or infinity).
 */
export function percentOf(part: bigint, whole: bigint, decimals = 1): number | null {
  if (whole === 0n) return null;
  const scale = 10n ** BigInt(decimals);
  const num = part * 100n * scale;
  const neg = num < 0n !== whole < 0n;
  const a = num < 0n ? -num : num;
  const b = whole < 0n ? -whole : whole;
  const q = (a * 2n + b) / (2n * b);
  return Number(neg ? -q : q) / Number(scale);
}
