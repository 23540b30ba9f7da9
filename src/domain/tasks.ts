import { localDate } from './numbering.js';

/**
 * Directive tasks (nhiệm vụ được giao): their status is never typed, it is computed here
 * from the deadline and what was reported, on the Vietnamese calendar day
 * (Asia/Ho_Chi_Minh), the way the UBND Office tracks them (governance.md, "Tasks").
 */

export const TASK_STATUSES = ['not_started', 'in_progress', 'overdue', 'extension_asked', 'awaiting_acceptance', 'returned', 'done_on_time', 'done_late'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, { vi: string; en: string }> = {
  not_started: { vi: 'Chưa thực hiện', en: 'Not started' },
  in_progress: { vi: 'Đang thực hiện', en: 'In progress' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  extension_asked: { vi: 'Đề nghị gia hạn', en: 'Extension asked' },
  awaiting_acceptance: { vi: 'Chờ xác nhận hoàn thành', en: 'Awaiting acceptance' },
  returned: { vi: 'Trả lại', en: 'Returned' },
  done_on_time: { vi: 'Hoàn thành đúng hạn', en: 'Done on time' },
  done_late: { vi: 'Hoàn thành quá hạn', en: 'Done late' },
};

/** A deadline is a date, or the task recurs: each month, quarter or year, or "thường xuyên". */
export const RECURRENCES = ['none', 'monthly', 'quarterly', 'yearly', 'ongoing'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
export const RECURRENCE_LABELS: Record<Recurrence, { vi: string; en: string }> = {
  none: { vi: 'Theo hạn', en: 'By a date' },
  monthly: { vi: 'Hằng tháng', en: 'Monthly' },
  quarterly: { vi: 'Hằng quý', en: 'Quarterly' },
  yearly: { vi: 'Hằng năm', en: 'Yearly' },
  ongoing: { vi: 'Thường xuyên', en: 'Ongoing' },
};

/** What happened to a task, in its trail. */
export const TASK_EVENT_KINDS = ['created', 'progress', 'contribution', 'extension_asked', 'extension_granted', 'extension_refused', 'done', 'accepted', 'returned'] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

export const PRIORITIES = ['high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, { vi: string; en: string }> = {
  high: { vi: 'Cao', en: 'High' },
  normal: { vi: 'Bình thường', en: 'Normal' },
  low: { vi: 'Thấp', en: 'Low' },
};

/** What a task's status is computed from (timestamps ISO UTC, dates YYYY-MM-DD). */
export interface TaskFacts {
  deadline: string | null;
  recurrence: Recurrence;
  createdAt: string;
  percent: number;
  lastReportAt: string | null;
  /** The lead agency declared it done (cleared when the office returns it). */
  doneAt: string | null;
  acceptedAt: string | null;
  returnedAt: string | null;
  extensionAsked: boolean;
}

export interface ComputedStatus {
  status: TaskStatus;
  /** Past its due day and not done: shown first, whatever else is pending. */
  overdue: boolean;
  /** The day it is due: the deadline, or the end of the current period of a recurring task. */
  dueDate: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthsIn: Record<'monthly' | 'quarterly' | 'yearly', number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** First and last day of the period (month, quarter, year) holding the date, and of the one before. */
export function periodOf(date: string, recurrence: 'monthly' | 'quarterly' | 'yearly', back = 0): { start: string; end: string } {
  const span = monthsIn[recurrence];
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1;
  const startIndex = y * 12 + Math.floor(m / span) * span - back * span;
  const endIndex = startIndex + span; // first month after the period
  const lastDay = new Date(Date.UTC(Math.floor(endIndex / 12), endIndex % 12, 0)).getUTCDate();
  const endMonth = endIndex - 1;
  return {
    start: `${Math.floor(startIndex / 12)}-${pad((startIndex % 12) + 1)}-01`,
    end: `${Math.floor(endMonth / 12)}-${pad((endMonth % 12) + 1)}-${pad(lastDay)}`,
  };
}

/**
 * A dated task is overdue from the day after its deadline. A recurring one is overdue when a
 * whole period it existed in ended with no report in it or after. "Thường xuyên" never is.
 */
function overdueOn(f: TaskFacts, today: string): { overdue: boolean; dueDate: string | null } {
  if (f.recurrence === 'ongoing') return { overdue: false, dueDate: null };
  if (f.recurrence === 'none') return { overdue: f.deadline !== null && today > f.deadline, dueDate: f.deadline };
  const current = periodOf(today, f.recurrence);
  const previous = periodOf(today, f.recurrence, 1);
  const created = localDate(new Date(f.createdAt));
  const lastReport = f.lastReportAt ? localDate(new Date(f.lastReportAt)) : null;
  const owedLastPeriod = created < current.start;
  return { overdue: owedLastPeriod && (lastReport === null || lastReport < previous.start), dueDate: current.end };
}

/** The one rule of a task's status. */
export function taskStatus(f: TaskFacts, now: Date): ComputedStatus {
  const today = localDate(now);
  if (f.acceptedAt && f.doneAt) {
    const doneDay = localDate(new Date(f.doneAt));
    const late = f.recurrence === 'none' && f.deadline !== null && doneDay > f.deadline;
    return { status: late ? 'done_late' : 'done_on_time', overdue: false, dueDate: f.deadline };
  }
  const { overdue, dueDate } = overdueOn(f, today);
  if (f.doneAt) return { status: 'awaiting_acceptance', overdue: false, dueDate };
  if (f.extensionAsked) return { status: 'extension_asked', overdue, dueDate };
  if (f.returnedAt) return { status: 'returned', overdue, dueDate };
  if (overdue) return { status: 'overdue', overdue, dueDate };
  return { status: f.percent > 0 || f.lastReportAt ? 'in_progress' : 'not_started', overdue, dueDate };
}

/** Days from today to the due day (negative: overdue by that many days). */
export function daysLeft(dueDate: string, now: Date): number {
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${localDate(now)}T00:00:00Z`)) / 86400_000);
}

/** "Never overdue" and "no due day" as stored days: they sort after every real date. */
export const NEVER = '9999-12-31';
/** The statuses a task shows as "overdue" once its overdue day came. */
export const OVERDUE_CAN_OVERRIDE: readonly TaskStatus[] = ['not_started', 'in_progress'];

/** The days a task's status is kept from (Vietnamese days of creation, last report, declared completion). */
export interface TaskDays {
  deadline: string | null;
  recurrence: Recurrence;
  createdDay: string;
  lastReportDay: string | null;
  doneDay: string | null;
  percent: number;
  declaredDone: boolean;
  accepted: boolean;
  returned: boolean;
  extensionAsked: boolean;
}

/**
 * The same rule as taskStatus, split into what does not move with time — the status as long
 * as the task is not overdue, and the first day it is overdue (NEVER if it cannot be) — so
 * the board keeps them in the database when a task changes, and tells "overdue" by comparing
 * one stored day with today. The overdue rule of overdueOn is monotone in the day: a dated task
 * from the day after its deadline; a recurring one from the start of the period after the one
 * it was created in and of the second period after its last report, whichever is later.
 */
export function storedStatus(d: TaskDays): { base: TaskStatus; overdueFrom: string } {
  if (d.accepted && d.declaredDone) {
    const late = d.recurrence === 'none' && d.deadline !== null && d.doneDay !== null && d.doneDay > d.deadline;
    return { base: late ? 'done_late' : 'done_on_time', overdueFrom: NEVER };
  }
  if (d.declaredDone) return { base: 'awaiting_acceptance', overdueFrom: NEVER };
  let overdueFrom = NEVER;
  if (d.recurrence === 'none') {
    if (d.deadline) overdueFrom = new Date(Date.parse(`${d.deadline}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  } else if (d.recurrence !== 'ongoing') {
    const afterCreated = periodOf(d.createdDay, d.recurrence, -1).start;
    const afterReport = d.lastReportDay ? periodOf(d.lastReportDay, d.recurrence, -2).start : afterCreated;
    overdueFrom = afterCreated > afterReport ? afterCreated : afterReport;
  }
  const base: TaskStatus = d.extensionAsked ? 'extension_asked' : d.returned ? 'returned' : d.percent > 0 || d.lastReportDay ? 'in_progress' : 'not_started';
  return { base, overdueFrom };
}

/** The status shown on a day from the kept status and overdue day. */
export function statusOn(base: TaskStatus, overdueFrom: string, today: string): TaskStatus {
  return overdueFrom <= today && OVERDUE_CAN_OVERRIDE.includes(base) ? 'overdue' : base;
}

/** The day the board sorts a task by on a day: its deadline, or the end of a recurring task's current period (NEVER: none). */
export function dueDayOn(recurrence: Recurrence, deadline: string | null, accepted: boolean, today: string): string {
  if (accepted || recurrence === 'none') return deadline ?? NEVER;
  if (recurrence === 'ongoing') return NEVER;
  return periodOf(today, recurrence).end;
}
