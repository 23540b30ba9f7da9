import { invalid } from './errors.js';

/**
 * Monthly monitoring (point 9 of the directive, governance.md "Monitoring"): reporting
 * periods with their cut-off day (Decree 09/2019 art. 12: the 15th of the previous month to
 * the 14th of the report's month), the deadline to send, the bands of rankings, the states
 * of an agency's report. Every "which day" rule is in Asia/Ho_Chi_Minh (UTC+7, no summer
 * time), so a local day's bounds are fixed instants.
 */

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Report states: written by the agency, sent, returned with comments by the IT department, accepted. */
export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, { vi: string; en: string }> = {
  draft: { vi: 'Đang soạn', en: 'Draft' },
  submitted: { vi: 'Đã gửi', en: 'Submitted' },
  returned: { vi: 'Trả lại để bổ sung', en: 'Returned' },
  accepted: { vi: 'Đã tiếp nhận', en: 'Accepted' },
};

export const BANDS = ['tot', 'kha', 'trung_binh', 'yeu'] as const;
export type Band = (typeof BANDS)[number];
export const BAND_LABELS: Record<Band, { vi: string; en: string }> = {
  tot: { vi: 'Tốt', en: 'Good' },
  kha: { vi: 'Khá', en: 'Fair' },
  trung_binh: { vi: 'Trung bình', en: 'Average' },
  yeu: { vi: 'Yếu', en: 'Weak' },
};
/** The lowest score (out of 100) of each band, best first; data the IT department edits. */
export type BandThresholds = Record<Band, number>;
export const DEFAULT_BANDS: BandThresholds = { tot: 85, kha: 70, trung_binh: 50, yeu: 0 };

export interface MonitoringSettings {
  /** The last day of a monthly period (Decree 09/2019: 14). 1–28. */
  cutoffDay: number;
  /** Working days after the cut-off to send the report (one province: 2). */
  submitWorkingDays: number;
  bands: BandThresholds;
  /** Indicator codes the IT department publishes on the public portal. */
  publicCodes: string[];
}
export const DEFAULT_SETTINGS: MonitoringSettings = { cutoffDay: 14, submitWorkingDays: 2, bands: DEFAULT_BANDS, publicCodes: [] };

export interface PeriodWindow {
  month: string;
  cutoffDay: number;
  /** First and last local day of the data (inclusive), YYYY-MM-DD. */
  from: string;
  to: string;
  /** The same as instants: [startIso, endIso). */
  startIso: string;
  endIso: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function parseMonth(month: unknown): { year: number; month: number } {
  const m = typeof month === 'string' ? MONTH.exec(month) : null;
  if (!m) throw invalid('month', 'Kỳ báo cáo phải có dạng yyyy-mm (ví dụ 2026-11).', 'A period is written yyyy-mm (e.g. 2026-11).');
  return { year: Number(m[1]), month: Number(m[2]) };
}

export const monthName = (year: number, month: number) => `${year}-${pad(month)}`;

/** The month before/after, `2026-01` ↔ `2025-12`. */
export function shiftMonth(month: string, by: number): string {
  const { year, month: m } = parseMonth(month);
  const i = year * 12 + (m - 1) + by;
  return monthName(Math.floor(i / 12), (i % 12) + 1);
}

/** The instant local midnight of a day starts (Vietnam is UTC+7 all year). */
export const localDayStart = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The period of a month: the day after the previous month's cut-off to this month's cut-off. */
export function periodWindow(month: string, cutoffDay = DEFAULT_SETTINGS.cutoffDay): PeriodWindow {
  if (!Number.isInteger(cutoffDay) || cutoffDay < 1 || cutoffDay > 28) throw invalid('cutoffDay', 'Ngày chốt số liệu phải từ 1 đến 28.', 'The cut-off day is 1 to 28.');
  const { year, month: m } = parseMonth(month);
  const prev = shiftMonth(month, -1);
  const from = `${prev}-${pad(cutoffDay + 1)}`;
  const to = `${monthName(year, m)}-${pad(cutoffDay)}`;
  return { month, cutoffDay, from, to, startIso: localDayStart(from), endIso: localDayStart(addDays(to, 1)) };
}

/** The month whose period holds a local day. */
export function monthOfDay(day: string, cutoffDay = DEFAULT_SETTINGS.cutoffDay): string {
  const month = day.slice(0, 7);
  return Number(day.slice(8, 10)) > cutoffDay ? shiftMonth(month, 1) : month;
}

/** The cut-off plus N working days (Saturdays and Sundays skipped; holidays are the IT department's to add by moving the deadline). */
export function submitDeadline(to: string, workingDays: number): string {
  let day = to;
  let left = workingDays;
  while (left > 0) {
    day = addDays(day, 1);
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return day;
}

/** Sent after the deadline day (local)? */
export const isLate = (submittedLocalDay: string, deadline: string) => submittedLocalDay > deadline;

export function bandOf(score: number, t: BandThresholds): Band {
  if (score >= t.tot) return 'tot';
  if (score >= t.kha) return 'kha';
  if (score >= t.trung_binh) return 'trung_binh';
  return 'yeu';
}

export function validBands(input: unknown): BandThresholds {
  const o = (input ?? {}) as Record<string, unknown>;
  const vals = BANDS.map((b) => o[b]);
  if (!vals.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100)) throw invalid('bands', 'Ngưỡng xếp loại là số từ 0 đến 100.', 'Band thresholds are numbers from 0 to 100.');
  const [tot, kha, tb, yeu] = vals as number[];
  if (!(tot! > kha! && kha! > tb! && tb! >= yeu!)) throw invalid('bands', 'Ngưỡng phải giảm dần: Tốt > Khá > Trung bình ≥ Yếu.', 'Thresholds must decrease: good > fair > average ≥ weak.');
  return { tot: tot!, kha: kha!, trung_binh: tb!, yeu: yeu! };
}

/** The p-th percentile (nearest rank) of values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Days (with fractions, two decimals) between two instants. */
export const daysBetweenInstants = (fromIso: string, toIso: string) => round2((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000);

/**
 * The score of an agency out of 100: points earned ÷ points possible over the indicators
 * that have a value this period (an indicator with nothing to measure counts for neither).
 */
export function totalScore(parts: readonly { points: number | null; maxPoints: number }[]): number | null {
  let got = 0;
  let max = 0;
  for (const p of parts) {
    if (p.points === null) continue;
    got += p.points;
    max += p.maxPoints;
  }
  return max > 0 ? round2((got / max) * 100) : null;
}

/** Ranks by score, best first; equal scores share a rank (1, 2, 2, 4). */
export function rank<T extends { score: number | null }>(rows: readonly T[]): (T & { rank: number | null })[] {
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
  let last: number | null = null;
  let lastRank = 0;
  return sorted.map((r, i) => {
    if (r.score === null) return { ...r, rank: null };
    if (r.score !== last) {
      lastRank = i + 1;
      last = r.score;
    }
    return { ...r, rank: lastRank };
  });
}

/** The summary the officer edits: the agencies' own words gathered under the three headings. */
export function draftSummary(month: string, reports: readonly { orgName: string; results: string | null; problems: string | null; proposals: string | null }[]): string {
  const section = (title: string, key: 'results' | 'problems' | 'proposals') => {
    const lines = reports.filter((r) => r[key]?.trim()).map((r) => `- ${r.orgName}: ${r[key]!.trim().replace(/\s+/g, ' ')}`);
    return `${title}\n${lines.length ? lines.join('\n') : '- Không có nội dung.'}`;
  };
  const [y, m] = month.split('-');
  return [
    `Tháng ${m}/${y}, ${reports.length} cơ quan đã gửi báo cáo.`,
    section('I. Kết quả đạt được', 'results'),
    section('II. Khó khăn, vướng mắc', 'problems'),
    section('III. Đề xuất, kiến nghị', 'proposals'),
  ].join('\n\n');
}

/**
 * The governing body printed above the issuing department in a report's header (Decree
 * 30/2020, appendix I): "Ủy ban nhân dân tỉnh Đồng Nai" → "UBND TỈNH ĐỒNG NAI"; from the
 * province's own name ("Tỉnh Đồng Nai") when the People's Committee is not in the directory.
 */
export function superiorHeader(ubndName: string | null, provinceName: string | null): string {
  if (ubndName?.trim()) return ubndName.trim().replace(/^(Ủy ban nhân dân|UBND)\s+/iu, 'UBND ').toLocaleUpperCase('vi');
  return provinceName?.trim() ? `UBND ${provinceName.trim()}`.toLocaleUpperCase('vi') : '';
}

/** The place written before the date: the province's name without "Tỉnh" / "Thành phố". */
export const placeOf = (provinceName: string | null) => (provinceName ?? '').trim().replace(/^(tỉnh|thành phố)\s+/iu, '');
