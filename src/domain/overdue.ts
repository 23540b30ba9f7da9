import { localDate } from './numbering.js';

/**
 * When an item is overdue: it still waits for someone (arrived, registered, assigned, being
 * processed; not refused, done or withdrawn) and its deadline, a calendar day, is before
 * today in Vietnam (Asia/Ho_Chi_Minh). The SQL filters use the same two facts: the open
 * statuses and `deadline < today`.
 */
export const OPEN_STATUSES = ['01', '03', '04', '05'] as const;

export const isOpenStatus = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

/** The day deadlines are compared with: today in Vietnam, YYYY-MM-DD. */
export const deadlineToday = (now: Date) => localDate(now);

export function isOverdue(deadline: string | null | undefined, status: string, today: string, withdrawn = false): boolean {
  return !withdrawn && !!deadline && deadline < today && isOpenStatus(status);
}

/** Whole days from one calendar day to another (negative when `to` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}
