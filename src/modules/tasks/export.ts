import { formatDateVi } from '../../domain/numbering.js';
import { issuedBy, type ReportIssuer } from '../pdf/issuer.js';
import { PRIORITY_LABELS, RECURRENCE_LABELS, TASK_STATUS_LABELS, type Priority, type Recurrence } from '../../domain/tasks.js';
import type { TaskView } from './queries.js';

const COLUMNS = ['STT', 'Văn bản giao', 'Điểm', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời hạn', 'Sản phẩm', 'Ưu tiên', 'Tiến độ (%)', 'Trạng thái', 'Báo cáo gần nhất'];

function deadlineText(t: TaskView): string {
  if (t.recurrence === 'none') return formatDateVi(t.deadline);
  const label = RECURRENCE_LABELS[t.recurrence as Recurrence]?.vi ?? t.recurrence;
  return t.dueDate ? `${label} (kỳ này: ${formatDateVi(t.dueDate)})` : label;
}

/** The task list as the UBND Office files it: one row a task, in the order of the screen. */
export async function tasksToXlsx(items: TaskView[], title: string): Promise<Buffer> {
  // Loaded when a list is exported, not with every server.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  const ws = wb.addWorksheet('Nhiem vu', { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.addRow([title]);
  ws.addRow([]);
  ws.addRow(COLUMNS);
  items.forEach((t, i) =>
    ws.addRow([
      i + 1,
      [t.document.symbol, t.document.docDate ? `ngày ${formatDateVi(t.document.docDate)}` : null].filter(Boolean).join(' '),
      t.pointRef ?? '',
      t.content,
      t.leadOrgName,
      t.cooperating.map((c) => c.name).join('; '),
      deadlineText(t),
      t.expectedOutput ?? '',
      PRIORITY_LABELS[t.priority as Priority]?.vi ?? t.priority,
      t.percent,
      TASK_STATUS_LABELS[t.status].vi,
      formatDateVi(t.lastReportAt),
    ]),
  );
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(3).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = [3, 5, 7].includes(i) ? 45 : i === 0 ? 6 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The task list as a printable report in the layout of an administrative document. */
export async function tasksToPdf(items: TaskView[], who: ReportIssuer): Promise<Buffer> {
  const { renderTableReport } = await import('../pdf/table-report.js');
  const [y, m, d] = who.today.split('-');
  return renderTableReport({
    ...issuedBy(who),
    title: 'DANH SÁCH NHIỆM VỤ ĐƯỢC GIAO',
    subtitle: `(Tình hình thực hiện đến ngày ${d}/${m}/${y}; ${items.length} nhiệm vụ)`,
    columns: ['STT', 'Nội dung nhiệm vụ', 'Văn bản giao', 'Cơ quan chủ trì', 'Phối hợp', 'Thời hạn', 'Tiến độ', 'Trạng thái'],
    widths: [4, 34, 12, 14, 12, 10, 6, 11],
    rows: items.map((t, i) => [
      String(i + 1),
      `${t.pointRef ? `${t.pointRef}: ` : ''}${t.content}`,
      [t.document.symbol, t.document.docDate ? `ngày ${formatDateVi(t.document.docDate)}` : null].filter(Boolean).join(' '),
      t.leadOrgName,
      t.cooperating.map((c) => c.name).join('; '),
      deadlineText(t),
      `${t.percent}%`,
      TASK_STATUS_LABELS[t.status].vi + (t.overdue && t.status !== 'overdue' ? ' (quá hạn)' : ''),
    ]),
    recipients: ['Lãnh đạo UBND tỉnh (để báo cáo)', 'Các cơ quan chủ trì', `Lưu: VT, ${who.agencyShort}`],
  });
}
