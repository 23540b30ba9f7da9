import { describe, expect, it } from 'vitest';
import { INCIDENT_DEADLINES, incidentDeadlines, mayMove, recommendationOverdue, summaryRange } from '../src/domain/security.js';

/** The pure rules of information security: reporting deadlines, steps, periods. */
describe('security rules', () => {
  const detectedAt = '2026-11-10T02:00:00.000Z';

  it('the notice is due 5 days after detection; a later report is late whatever happens next', () => {
    const onTime = incidentDeadlines({ status: 'reported', detectedAt, reportedAt: '2026-11-15T02:00:00.000Z', resolvedAt: null, finalReportAt: null }, new Date('2026-11-20T00:00:00Z'));
    expect(onTime).toMatchObject({ initialDue: '2026-11-15T02:00:00.000Z', initialOnTime: true, finalDue: null, overdue: false });
    const late = incidentDeadlines({ status: 'closed', detectedAt, reportedAt: '2026-11-15T02:00:01.000Z', resolvedAt: '2026-11-16T00:00:00.000Z', finalReportAt: '2026-11-17T00:00:00.000Z' }, new Date('2026-12-01T00:00:00Z'));
    expect(late).toMatchObject({ initialOnTime: false, finalOverdue: false, overdue: true });
  });

  it('the final report is due 5 days after resolution: overdue while missing, late once filed after', () => {
    const base = { status: 'resolved' as const, detectedAt, reportedAt: detectedAt, resolvedAt: '2026-11-12T00:00:00.000Z', finalReportAt: null };
    expect(incidentDeadlines(base, new Date('2026-11-17T00:00:00.000Z'))).toMatchObject({ finalDue: '2026-11-17T00:00:00.000Z', finalOverdue: false, overdue: false });
    expect(incidentDeadlines(base, new Date('2026-11-17T00:00:00.001Z'))).toMatchObject({ finalOverdue: true, overdue: true });
    const filedLate = incidentDeadlines({ ...base, status: 'closed', finalReportAt: '2026-11-18T00:00:00.000Z' }, new Date('2026-12-01T00:00:00Z'));
    expect(filedLate).toMatchObject({ finalOverdue: true, overdue: false });
    // The deadlines are data.
    expect(incidentDeadlines(base, new Date('2026-11-17T00:00:00.001Z'), { ...INCIDENT_DEADLINES, finalReportDays: 10 }).finalOverdue).toBe(false);
  });

  it('steps follow in order; updates repeat while handling', () => {
    expect(mayMove('reported', 'acknowledged')).toBe(true);
    expect(mayMove('reported', 'resolved')).toBe(false);
    expect(mayMove('handling', 'handling')).toBe(true);
    expect(mayMove('resolved', 'closed')).toBe(true);
    expect(mayMove('closed', 'handling')).toBe(false);
  });

  it('a recommendation not closed past its deadline is overdue', () => {
    expect(recommendationOverdue('reopened', '2026-11-30', '2026-12-01')).toBe(true);
    expect(recommendationOverdue('reopened', '2026-12-01', '2026-12-01')).toBe(false);
    expect(recommendationOverdue('closed', '2026-11-30', '2026-12-01')).toBe(false);
  });

  it('six-monthly and yearly periods run from 15 December of the year before', () => {
    expect(summaryRange(2026, 'half')).toEqual({ from: '2025-12-15', to: '2026-06-14', due: '2026-06-20' });
    expect(summaryRange(2026, 'year')).toEqual({ from: '2025-12-15', to: '2026-12-14', due: '2026-12-15' });
  });
});
