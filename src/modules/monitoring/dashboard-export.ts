import type { AppContext, Actor } from '../context.js';
import { BAND_LABELS, REPORT_STATUS_LABELS, type Band, type ReportStatus } from '../../domain/monitoring.js';
import { dashboard } from './queries.js';
import { tablesToXlsx } from './xlsx.js';

const cell = (v: number | null) => v ?? '—';
const band = (b: Band | null) => (b ? BAND_LABELS[b].vi : '—');
const report = (s: string | null, late: boolean) => (s ? `${REPORT_STATUS_LABELS[s as ReportStatus]?.vi ?? s}${late ? ' (muộn)' : ''}` : 'Chưa gửi');

/** The dashboard's own tables as the user sees them (an agency: its own row): the ranking, who has not reported, what is overdue. */
export async function dashboardXlsx(ctx: AppContext, actor: Actor, month: string): Promise<Buffer> {
  const d = await dashboard(ctx, actor, month);
  const overdue = d.ranking.filter((r) => (r.overdueDocuments ?? 0) > 0 || (r.overdueTasks ?? 0) > 0);
  return tablesToXlsx(
    [
      {
        sheet: 'Xep hang',
        heading: `Xếp hạng các cơ quan (điểm trên 100; ${d.agencyCount} cơ quan)`,
        columns: ['Hạng', 'Cơ quan', 'Điểm', 'Xếp loại', 'VB quá hạn', 'NV quá hạn', 'Báo cáo'],
        widths: [8, 50, 10, 14, 12, 12, 22],
        rows: d.ranking.map((r) => [cell(r.rank), r.name, cell(r.score), band(r.band), cell(r.overdueDocuments), cell(r.overdueTasks), report(r.reportStatus, r.late)]),
      },
      {
        sheet: 'Chua bao cao',
        heading: `Cơ quan chưa gửi báo cáo (hạn ${d.period.deadline.split('-').reverse().join('/')})`,
        columns: ['STT', 'Cơ quan', 'Tình trạng'],
        widths: [8, 62, 24],
        rows: d.notReported.map((a, i) => [i + 1, a.name, a.overdue ? 'Quá hạn' : 'Chưa đến hạn']),
      },
      {
        sheet: 'Qua han',
        heading: 'Văn bản và nhiệm vụ quá hạn cuối kỳ',
        columns: ['STT', 'Cơ quan', 'Văn bản quá hạn', 'Nhiệm vụ quá hạn'],
        widths: [8, 56, 16, 16],
        rows: overdue.map((r, i) => [i + 1, r.name, cell(r.overdueDocuments), cell(r.overdueTasks)]),
      },
    ],
    `tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`,
  );
}
