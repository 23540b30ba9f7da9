import { describe, expect, it } from 'vitest';
import { monthlyPlan, sumMonthlyPlans } from '../src/domain/projects.js';

/** The province's planned curve: many capital plans' twelve months added up, exactly, whether spread evenly or given month by month. */
describe('sumMonthlyPlans', () => {
  it('equals adding every plan month by month, to the đồng, beyond what a float holds', () => {
    const plans = [
      { amount: 1_000_000_000_000_007n, monthly: null },
      { amount: 13n, monthly: null },
      { amount: 999_999_999_999_999n, monthly: null },
      { amount: 1200n, monthly: ['100', '100', '100', '100', '100', '100', '100', '100', '100', '100', '100', '100'] },
      { amount: 0n, monthly: null },
    ];
    const byHand = Array.from({ length: 12 }, () => 0n);
    for (const p of plans) monthlyPlan(p.amount, p.monthly).forEach((v, i) => (byHand[i]! += v));
    const sum = sumMonthlyPlans(plans);
    expect(sum).toEqual(byHand);
    expect(sum.reduce((a, b) => a + b, 0n)).toBe(2_000_000_000_000_000n + 1200n + 19n);
    // December carries each evenly spread plan's remainder.
    expect(sum[11]! - sum[0]!).toBe(11n + 1n + 3n);
  });
  it('is twelve zeros for no plans', () => {
    expect(sumMonthlyPlans([])).toEqual(Array.from({ length: 12 }, () => 0n));
  });
});
