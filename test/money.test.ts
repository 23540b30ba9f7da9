import { describe, expect, it } from 'vitest';
import { formatDong, parseDong, percentOf, sumDong } from '../src/domain/money.js';

describe('money in integer đồng', () => {
  it('reads what a Vietnamese user types and refuses decimals', () => {
    expect(parseDong('1.250.000.000')).toBe(1_250_000_000n);
    expect(parseDong('1 250 000 000 ₫')).toBe(1_250_000_000n);
    expect(parseDong('1250000000 VND')).toBe(1_250_000_000n);
    expect(() => parseDong('1,5')).toThrow();
    expect(() => parseDong('12.50')).toThrow();
    expect(() => parseDong('1000000000000001')).toThrow();
  });
  it('shows 1.250.000.000 ₫', () => {
    expect(formatDong(1_250_000_000n)).toBe('1.250.000.000 ₫');
    expect(formatDong('-5000')).toBe('-5.000 ₫');
  });
  it('sums near 10^15 exactly where floating point does not', () => {
    const parts = ['999999999999999', '1', '-3'];
    expect(sumDong(parts)).toBe(999_999_999_999_997n);
    // Ten projects of 999.999.999.999.999 ₫ and one đồng: past 2^53 a float drops the đồng.
    const amounts = [...Array(10).fill('999999999999999'), '1'];
    expect(String(amounts.reduce((a, b) => a + Number(b), 0))).not.toBe('9999999999999991');
    expect(sumDong(amounts)).toBe(9_999_999_999_999_991n);
  });
  it('rates in integer arithmetic, rounded half up, none of a zero whole', () => {
    expect(percentOf(1n, 3n)).toBe(33.3);
    expect(percentOf(2n, 3n)).toBe(66.7);
    expect(percentOf(1n, 8n, 2)).toBe(12.5);
    expect(percentOf(5n, 0n)).toBeNull();
  });
});
