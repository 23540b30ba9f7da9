import { formatDateVi } from '../../domain/numbering.js';
import { FUND_SOURCE_LABELS, PLAN_KIND_LABELS, PLAN_PRIORITY_LABELS, PROGRESS_STATUS_LABELS } from '../../domain/plans.js';
import { formatDong } from '../../domain/money.js';
import { renderOfficialPdf } from '../pdf/render.js';
import type { PlanDetail } from './queries.js';

/** The plan as the agency files it: a PDF in the administrative layout and an XLSX of its items. */

export const IMPORT_COLUMNS = [
  'STT',
  'Nội dung nhiệm vụ',
  'Mục tiêu',
  'Chỉ tiêu phục vụ (mã chỉ số)',
  'Đơn vị chủ trì',
  'Đơn vị phối hợp',
  'Bắt đầu (dd/mm/yyyy)',
  'Kết thúc (dd/mm/yyyy)',
  'Sản phẩm dự kiến',
  'Kinh phí dự kiến (đồng)',
  'Nguồn vốn',
  'Ưu tiên',
] as const;

const EXPORT_COLUMNS = [...IMPORT_COLUMNS, 'Tiến độ (%)', 'Tình trạng'];

const viDate = (d: Date) => `ngày ${d.getDate()} tháng ${d.getMonth() + 1} năm ${d.getFullYear()}`;

/** The number line of the plan's header, as the PDF and the XLSX print it. */
const symbolLine = (plan: PlanDetail) => (plan.decision?.symbol ? `Số: ${plan.decision.symbol}` : 'Số:        /KH');

/**
 * The items as a sheet, under the administrative header the PDF carries (Decree 30/2020):
 * the agency and the number on the left, Quốc hiệu and tiêu ngữ on the right, place and date
 * under them, then the title. The header is merged cells over the table's 14 columns.
 */
export async function planToXlsx(plan: PlanDetail, p: { province: string; now: Date }): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  const ws = wb.addWorksheet('Ke hoach', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const last = EXPORT_COLUMNS.length;
  const center = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
  const header = (row: number, from: number, to: number, text: string, font: Partial<import('exceljs').Font>) => {
    ws.mergeCells(row, from, row, to);
    const cell = ws.getCell(row, from);
    cell.value = text;
    cell.font = font;
    cell.alignment = center;
  };
  header(1, 1, 4, plan.agencyName.toUpperCase(), { bold: true, size: 12 });
  header(1, 6, last, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 });
  header(2, 1, 4, symbolLine(plan), { size: 12 });
  header(2, 6, last, 'Độc lập - Tự do - Hạnh phúc', { bold: true, size: 13, underline: true });
  header(3, 6, last, `${p.province}, ${viDate(p.now)}`, { italic: true, size: 12 });
  header(5, 1, last, 'KẾ HOẠCH', { bold: true, size: 14 });
  header(6, 1, last, `${plan.title} (phiên bản ${plan.version})`, { bold: true, size: 13 });
  header(7, 1, last, `${plan.agencyName} — ${PLAN_KIND_LABELS[plan.kind].vi} ${plan.yearFrom === plan.yearTo ? plan.yearFrom : `${plan.yearFrom}–${plan.yearTo}`}`, { italic: true, size: 12 });
  ws.getRow(6).height = 36;
  const table = 9;
  ws.getRow(table).values = [...EXPORT_COLUMNS];
  plan.items.forEach((i, n) =>
    ws.addRow([
      n + 1,
      i.content,
      i.objective ?? '',
      i.targets.map((t) => t.indicatorCode).join('; '),
      i.leadUnit,
      i.cooperatingUnits ?? '',
      formatDateVi(i.startDate),
      formatDateVi(i.endDate),
      i.expectedOutput ?? '',
      Number(i.cost),
      FUND_SOURCE_LABELS[i.fundSource].vi,
      PLAN_PRIORITY_LABELS[i.priority].vi,
      i.progress.percent,
      PROGRESS_STATUS_LABELS[i.progress.status].vi,
    ]),
  );
  ws.addRow(['', 'Tổng kinh phí', '', '', '', '', '', '', '', Number(plan.totalCost)]);
  ws.getColumn(10).numFmt = '#,##0';
  ws.getRow(table).font = { bold: true };
  ws.getRow(table).alignment = center;
  ws.columns.forEach((c, i) => (c.width = [1, 2, 8].includes(i) ? 40 : i === 0 ? 6 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The template to fill in for an import: the columns and one example row. */
export async function importTemplate(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ke hoach');
  ws.addRow([...IMPORT_COLUMNS]);
  ws.addRow([1, 'Triển khai hệ thống quản lý văn bản điều hành liên thông 4 cấp', 'Gửi, nhận văn bản điện tử 100%', 'VB.DI_DIENTU; VB.KYSO', 'Văn phòng', 'Phòng Kế hoạch - Tài chính', '01/02/2027', '30/11/2027', 'Hệ thống vận hành chính thức', '1.250.000.000', 'Chi thường xuyên', 'Cao']);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 50 : 20));
  const help = wb.addWorksheet('Huong dan');
  help.addRow(['Nguồn vốn: Đầu tư công | Chi thường xuyên | Xã hội hóa | Khác']);
  help.addRow(['Ưu tiên: Cao | Trung bình | Thấp']);
  help.addRow(['Chỉ tiêu phục vụ: mã chỉ số của chương trình (VB.DI_DIENTU…), cách nhau bởi dấu chấm phẩy']);
  help.addRow(['Kinh phí: số nguyên đồng, nhóm nghìn bằng dấu chấm (1.250.000.000)']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The plan in the layout of a Vietnamese administrative document (Decree 30/2020). */
export async function planToPdf(plan: PlanDetail, p: { province: string; itOrgName: string; now: Date }): Promise<Buffer> {
  const period = plan.yearFrom === plan.yearTo ? `năm ${plan.yearFrom}` : `giai đoạn ${plan.yearFrom}–${plan.yearTo}`;
  const paragraphs = [
    `Thực hiện Chỉ thị của Ủy ban nhân dân tỉnh về tăng cường ứng dụng công nghệ thông tin và chương trình chuyển đổi số của tỉnh, ${plan.agencyName} xây dựng kế hoạch ứng dụng công nghệ thông tin ${period}${plan.version > 1 ? ` (điều chỉnh lần ${plan.version - 1}${plan.reason ? `: ${plan.reason}` : ''})` : ''} với các nhiệm vụ sau:`,
    ...plan.items.map(
      (i, n) =>
        `${n + 1}. ${i.content}. ${i.objective ? `Mục tiêu: ${i.objective}. ` : ''}${i.targets.length ? `Chỉ tiêu phục vụ: ${i.targets.map((t) => `${t.indicatorCode} (${t.title})`).join('; ')}. ` : ''}Chủ trì: ${i.leadUnit}${i.cooperatingUnits ? `; phối hợp: ${i.cooperatingUnits}` : ''}. Thời gian: ${formatDateVi(i.startDate)} – ${formatDateVi(i.endDate)}. ${i.expectedOutput ? `Sản phẩm: ${i.expectedOutput}. ` : ''}Kinh phí dự kiến: ${i.costText} (${FUND_SOURCE_LABELS[i.fundSource].vi}). Mức ưu tiên: ${PLAN_PRIORITY_LABELS[i.priority].vi.toLowerCase()}.`,
    ),
    `Tổng kinh phí dự kiến: ${formatDong(plan.totalCost)}.`,
    `Nơi nhận: ${p.itOrgName} (thẩm định); Lưu: VT.`,
  ];
  return renderOfficialPdf({
    issuer: plan.agencyName.toUpperCase(),
    symbol: symbolLine(plan),
    placeDate: `${p.province}, ${viDate(p.now)}`,
    title: 'KẾ HOẠCH',
    subtitle: plan.title,
    paragraphs,
  });
}

/** The IT department's answer: its comments item by item, as the letter's main file. */
export async function reviewToPdf(plan: PlanDetail, p: { province: string; itOrgName: string; now: Date; agree: boolean; text: string; signer: string }): Promise<Buffer> {
  const comments = plan.events.filter((e) => e.kind === 'comment' && e.text);
  const byItem = (id: number | null) => plan.items.findIndex((i) => i.id === id);
  return renderOfficialPdf({
    issuer: p.itOrgName.toUpperCase(),
    symbol: 'Số:        /CV',
    placeDate: `${p.province}, ${viDate(p.now)}`,
    title: p.agree ? 'Ý KIẾN THỐNG NHẤT' : 'ĐỀ NGHỊ CHỈNH SỬA',
    subtitle: `Kế hoạch ${plan.title} của ${plan.agencyName}`,
    paragraphs: [
      p.text,
      ...comments.map((c) => (c.itemId && byItem(c.itemId) >= 0 ? `Nhiệm vụ ${byItem(c.itemId) + 1} (${plan.items[byItem(c.itemId)]!.content}): ${c.text}` : `Ý kiến chung: ${c.text}`)),
      `Nơi nhận: ${plan.agencyName}; Lưu: VT, CNTT.`,
    ],
    signer: { position: 'Giám đốc', name: p.signer },
  });
}
