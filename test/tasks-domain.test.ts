import { describe, expect, it } from 'vitest';
import { periodOf, taskStatus, daysLeft, type TaskFacts } from '../src/domain/tasks.js';
import { score, scorePeer, scoreRatio, scoreSteps, validScoring } from '../src/domain/indicators.js';
import { DomainError } from '../src/domain/errors.js';
import { directivePoints } from '../src/demo/tasks.js';

const facts = (f: Partial<TaskFacts> = {}): TaskFacts => ({
  deadline: '2026-01-31',
  recurrence: 'none',
  createdAt: '2026-01-02T03:00:00.000Z',
  percent: 0,
  lastReportAt: null,
  doneAt: null,
  acceptedAt: null,
  returnedAt: null,
  extensionAsked: false,
  ...f,
});

describe('task status (one rule, Vietnam calendar day)', () => {
  it('turns overdue at midnight in Asia/Ho_Chi_Minh across a month boundary, not at UTC midnight', () => {
    // 31/01 23:59 in Vietnam is 16:59 UTC: still the deadline day.
    expect(taskStatus(facts(), new Date('2026-01-31T16:59:00Z'))).toEqual({ status: 'not_started', overdue: false, dueDate: '2026-01-31' });
    // 01/02 00:00 in Vietnam is 31/01 17:00 UTC: overdue, though UTC still says January.
    expect(taskStatus(facts(), new Date('2026-01-31T17:00:00Z'))).toEqual({ status: 'overdue', overdue: true, dueDate: '2026-01-31' });
    expect(daysLeft('2026-01-31', new Date('2026-02-02T01:00:00Z'))).toBe(-2);
  });

  it('grades completion by the Vietnamese day it was declared: on time on 31/01, late on 01/02', () => {
    const accepted = { acceptedAt: '2026-02-05T02:00:00Z', percent: 100 };
    expect(taskStatus(facts({ ...accepted, doneAt: '2026-01-31T16:30:00Z' }), new Date('2026-02-10T00:00:00Z')).status).toBe('done_on_time');
    expect(taskStatus(facts({ ...accepted, doneAt: '2026-01-31T17:30:00Z' }), new Date('2026-02-10T00:00:00Z')).status).toBe('done_late');
  });

  it('puts what waits for someone before the dates: acceptance, an extension, a return', () => {
    const late = new Date('2026-02-03T00:00:00Z');
    expect(taskStatus(facts({ doneAt: '2026-02-01T00:00:00Z' }), late)).toMatchObject({ status: 'awaiting_acceptance', overdue: false });
    expect(taskStatus(facts({ extensionAsked: true }), late)).toMatchObject({ status: 'extension_asked', overdue: true });
    expect(taskStatus(facts({ returnedAt: '2026-01-20T00:00:00Z', percent: 90 }), new Date('2026-01-25T00:00:00Z'))).toMatchObject({ status: 'returned', overdue: false });
    expect(taskStatus(facts({ percent: 20, lastReportAt: '2026-01-10T00:00:00Z' }), new Date('2026-01-25T00:00:00Z')).status).toBe('in_progress');
  });

  it('a monthly task is overdue when a whole month it existed in passed without a report', () => {
    const monthly = facts({ recurrence: 'monthly', deadline: null, createdAt: '2025-12-10T00:00:00Z' });
    // January: December was owed and had no report.
    expect(taskStatus(monthly, new Date('2026-01-05T00:00:00Z'))).toEqual({ status: 'overdue', overdue: true, dueDate: '2026-01-31' });
    // A report in December covers it; the next is due by the end of January.
    expect(taskStatus({ ...monthly, lastReportAt: '2025-12-20T00:00:00Z' }, new Date('2026-01-05T00:00:00Z'))).toMatchObject({ overdue: false, dueDate: '2026-01-31' });
    // Created in the current month: nothing owed yet.
    expect(taskStatus({ ...monthly, createdAt: '2026-01-02T00:00:00Z' }, new Date('2026-01-05T00:00:00Z')).overdue).toBe(false);
    // "Thường xuyên" is never overdue.
    expect(taskStatus(facts({ recurrence: 'ongoing', deadline: null, createdAt: '2020-01-01T00:00:00Z' }), new Date('2026-01-05T00:00:00Z'))).toMatchObject({ overdue: false, dueDate: null });
  });

  it('knows periods across year ends', () => {
    expect(periodOf('2026-01-15', 'monthly', 1)).toEqual({ start: '2025-12-01', end: '2025-12-31' });
    expect(periodOf('2026-02-15', 'monthly')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(periodOf('2026-02-15', 'quarterly', 1)).toEqual({ start: '2025-10-01', end: '2025-12-31' });
    expect(periodOf('2028-05-01', 'yearly')).toEqual({ start: '2028-01-01', end: '2028-12-31' });
  });

  it('reads the nine points out of the directive, a continued paragraph kept with its point', () => {
    const points = directivePoints(['Mở đầu.', '1. Lập kế hoạch.', '2. Văn phòng UBND tỉnh lập kế hoạch.', 'Kể từ ngày 01/01/2008, gửi qua hộp thư.', '3. Quy chế.', 'Chỉ thị này có hiệu lực thực hiện sau 10 ngày kể từ ngày ký.']);
    expect([...points.keys()]).toEqual([1, 2, 3]);
    expect(points.get(2)).toBe('Văn phòng UBND tỉnh lập kế hoạch.\nKể từ ngày 01/01/2008, gửi qua hộp thư.');
    expect(points.get(3)).toBe('Quy chế.');
  });
});

describe('indicator scoring', () => {
  it('ratio × maximum, nothing to measure is no score rather than zero', () => {
    expect(scoreRatio(45, 60, 10)).toBe(7.5);
    expect(scoreRatio(70, 60, 10)).toBe(10);
    expect(scoreRatio(0, 0, 10)).toBeNull();
  });

  it('value ÷ best peer × maximum', () => {
    expect(scorePeer(30, 120, 5)).toBe(1.25);
    expect(scorePeer(3, 0, 5)).toBe(0);
  });

  it('a step table gives the points of the first step holding the value', () => {
    const meetings = [
      { min: 4, max: null, points: 20 },
      { min: 3, max: 3, points: 15 },
      { min: 2, max: 2, points: 10 },
      { min: 1, max: 1, points: 5 },
    ];
    expect([5, 4, 3, 2, 1, 0].map((v) => scoreSteps(v, meetings))).toEqual([20, 20, 15, 10, 5, 0]);
    // Lower is better: overdue items at the period's end.
    const overdue = [
      { min: null, max: 0, points: 5 },
      { min: null, max: 5, points: 3 },
    ];
    expect([0, 4, 9].map((v) => score({ rule: 'step_table', maxPoints: 5, steps: overdue }, { value: v }))).toEqual([5, 3, 0]);
    expect(score({ rule: 'yes_no', maxPoints: 5, steps: [] }, { value: 1 })).toBe(5);
  });

  it('refuses step tables that cannot score, naming the step', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('no error');
    };
    expect(err(() => validScoring('step_table', 10, [])).field).toBe('steps');
    expect(err(() => validScoring('step_table', 10, [{ min: 1, max: 1, points: 5 }, { min: 5, max: 2, points: 5 }])).field).toBe('steps[1]');
    expect(err(() => validScoring('step_table', 10, [{ min: 1, max: null, points: 15 }])).messageVi).toContain('từ 0 đến 10');
    expect(err(() => validScoring('ratio_max', 10, [{ min: 1, max: null, points: 5 }])).field).toBe('steps');
    expect(err(() => validScoring('yes_no', 0, [])).field).toBe('maxPoints');
    expect(validScoring('step_table', 20, [{ min: 4, points: 20 }]).steps).toEqual([{ min: 4, max: null, points: 20 }]);
  });
});
