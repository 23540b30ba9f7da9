import type { AppContext } from '../context.js';
import { formatDateVi, localDate } from '../../domain/numbering.js';
import { formatDong, toDong } from '../../domain/money.js';
import { FLAG_LABELS, GROUP_LABELS, KIND_LABELS, RATING_LABELS, STAGE_LABELS } from '../../domain/projects.js';
import { provinceName } from '../directory/repo.js';
import { renderOfficialPdf } from '../pdf/render.js';
import type { getProject, ProjectRowView, provinceDisbursement } from './queries.js';
import type { listBudget } from './budget.js';

/** XLSX of the register, the province disbursement table and the budget table; the project's PDF report. */

/** An amount in a cell: a number while exact (every single amount is ≤ 10^15), digits beyond 2^53. */
const cell = (v: string | null) => {
  if (v === null) return null;
  const n = toDong(v);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : formatDong(n, false);
};
const MONEY_FMT = '#,##0';

async function workbook() {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  return wb;
}

export async function projectsToXlsx(items: ProjectRowView[], today: string): Promise<Buffer> {
  const wb = await workbook();
  const ws = wb.addWorksheet('Du an', { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.addRow([`DANH MỤC DỰ ÁN CÔNG NGHỆ THÔNG TIN (đến ngày ${formatDateVi(today)})`]);
  ws.addRow([]);
  ws.addRow(['STT', 'Mã dự án', 'Tên dự án', 'Chủ đầu tư', 'Nhóm', 'Loại', 'Giai đoạn', 'Thời gian', 'Tổng mức đầu tư (đồng)', 'Đã giải ngân (đồng)', 'Chênh lệch tiến độ (ngày)', 'Chênh lệch tiến độ (%)', 'Chênh lệch chi phí (đồng)', 'Chênh lệch chi phí (%)', 'Đánh giá rủi ro', 'Ngày đánh giá', 'Cảnh báo']);
  items.forEach((p, i) =>
    ws.addRow([
      i + 1,
      p.code,
      p.name,
      p.investingOrgName,
      GROUP_LABELS[p.group],
      KIND_LABELS[p.kind].vi,
      STAGE_LABELS[p.stage].vi,
      `${p.startYear}–${p.endYear}`,
      cell(p.totalInvestment),
      cell(p.spent),
      p.variance.scheduleDays,
      p.variance.schedulePct,
      cell(p.variance.costDong),
      p.variance.costPct,
      p.rating ? `${p.rating} – ${RATING_LABELS[p.rating]!.vi}` : '',
      formatDateVi(p.ratingAt),
      p.flags.map((f) => FLAG_LABELS[f].vi).join('; '),
    ]),
  );
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(3).font = { bold: true };
  for (const c of [9, 10, 13]) ws.getColumn(c).numFmt = MONEY_FMT;
  ws.columns.forEach((c, i) => (c.width = i === 2 ? 50 : i === 3 ? 35 : i === 0 ? 6 : 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function provinceToXlsx(t: Awaited<ReturnType<typeof provinceDisbursement>>): Promise<Buffer> {
  const wb = await workbook();
  const ws = wb.addWorksheet(`Giai ngan ${t.year}`, { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.addRow([`TÌNH HÌNH GIẢI NGÂN VỐN CÁC DỰ ÁN CNTT NĂM ${t.year}`]);
  ws.addRow([]);
  ws.addRow(['STT', 'Mã dự án', 'Tên dự án', 'Chủ đầu tư', 'Giai đoạn', 'Kế hoạch vốn giao (đồng)', 'Kế hoạch vốn sau điều chỉnh (đồng)', 'Đã giải ngân (đồng)', 'Tỷ lệ giải ngân (%)']);
  t.items.forEach((r, i) => ws.addRow([i + 1, r.code, r.name, r.investingOrgName, STAGE_LABELS[r.stage].vi, cell(r.allocated), cell(r.plan), cell(r.disbursed), r.rate]));
  ws.addRow(['', '', 'TỔNG CỘNG', '', '', '', cell(t.totals.plan), cell(t.totals.disbursed), t.totals.rate]).font = { bold: true };
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(3).font = { bold: true };
  for (const c of [6, 7, 8]) ws.getColumn(c).numFmt = MONEY_FMT;
  ws.columns.forEach((c, i) => (c.width = i === 2 ? 50 : i === 3 ? 35 : i === 0 ? 6 : 20));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function budgetToXlsx(t: Awaited<ReturnType<typeof listBudget>>): Promise<Buffer> {
  const wb = await workbook();
  const ws = wb.addWorksheet(`Du toan ${t.year}`, { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.addRow([`DỰ TOÁN CHI THƯỜNG XUYÊN CHO ỨNG DỤNG CNTT NĂM ${t.year}`]);
  ws.addRow([]);
  ws.addRow(['STT', 'Cơ quan', 'Nội dung', 'Dự toán đề nghị', 'Dự toán giao', 'Điều chỉnh', 'Quý I', 'Quý II', 'Quý III', 'Quý IV', 'Lũy kế thực hiện', 'Tỷ lệ (%)', 'Quyết toán']);
  t.items.forEach((l, i) =>
    ws.addRow([i + 1, l.orgName, l.name, cell(l.estimate), cell(l.allocated), cell(l.adjusted), ...l.spentByQuarter.map(cell), cell(l.spent), l.rate, cell(l.settled)]),
  );
  ws.addRow(['', '', 'TỔNG CỘNG', cell(t.totals.estimate), cell(t.totals.allocated), '', '', '', '', '', cell(t.totals.spent), '', cell(t.totals.settled)]).font = { bold: true };
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(3).font = { bold: true };
  for (const c of [4, 5, 6, 7, 8, 9, 10, 11, 13]) ws.getColumn(c).numFmt = MONEY_FMT;
  ws.columns.forEach((c, i) => (c.width = i === 2 || i === 1 ? 40 : i === 0 ? 6 : 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A project's situation as a report in the layout of an administrative document. */
export async function projectPdf(ctx: AppContext, p: Awaited<ReturnType<typeof getProject>>): Promise<Buffer> {
  const today = localDate(ctx.now());
  const [y, m, d] = today.split('-');
  const province = (await provinceName(ctx.db.kysely)) ?? '';
  const place = province.replace(/^Ủy ban nhân dân tỉnh\s*/i, '').replace(/^Tỉnh\s*/i, '') || province;
  const v = p.varianceCurrent;
  const o = p.varianceOriginal;
  const paragraphs = [
    `Mã dự án: ${p.code}. Chủ đầu tư: ${p.investingOrgName}. ${GROUP_LABELS[p.group]}, ${KIND_LABELS[p.kind].vi}. Thời gian thực hiện: ${p.startYear}–${p.endYear}.`,
    `Tổng mức đầu tư: ${formatDong(p.totalInvestment)}. Đã giải ngân lũy kế: ${formatDong(p.spent)}. Giai đoạn hiện tại: ${STAGE_LABELS[p.stage].vi}.`,
    `Chênh lệch so với tiến độ hiện hành (lần ${p.baselineVersion}): tiến độ ${v.scheduleDays} ngày (${(v.scheduleBp ?? 0) / 100}%), chi phí ${formatDong(v.costDong)} (${(v.costBp ?? 0) / 100}%).`,
    `Chênh lệch so với tiến độ ban đầu: tiến độ ${o.scheduleDays} ngày (${(o.scheduleBp ?? 0) / 100}%), chi phí ${formatDong(o.costDong)} (${(o.costBp ?? 0) / 100}%).`,
    p.rating ? `Đánh giá rủi ro của Sở KH&CN: ${p.rating}/5 (${RATING_LABELS[p.rating]!.vi}) ngày ${formatDateVi(p.ratingAt)}.` : 'Chưa có đánh giá rủi ro.',
    p.flags.length ? `Cảnh báo tự động: ${p.flags.map((f) => FLAG_LABELS[f].vi).join('; ')}.` : 'Không có cảnh báo tự động.',
    'Các giai đoạn và văn bản quyết định:',
    ...p.stages.map((s) => `– ${STAGE_LABELS[s.stage].vi}: ${s.document ? `${s.document.symbol ?? ''} ngày ${formatDateVi(s.document.docDate)}${s.document.signerName ? `, người ký ${s.document.signerName}` : ''}` : '(không có văn bản)'}.`),
    'Các mốc tiến độ:',
    ...p.milestones.map((ms) => `– ${ms.code} ${ms.name}: kế hoạch ${formatDateVi(ms.plannedStart)}–${formatDateVi(ms.plannedEnd)}, ${formatDong(ms.plannedCost)}; ${ms.actualEnd ? `hoàn thành ${formatDateVi(ms.actualEnd)}` : `đạt ${ms.percent}%`}.`),
  ];
  return renderOfficialPdf({
    issuer: p.investingOrgName.toUpperCase(),
    symbol: 'Số:      /BC',
    placeDate: `${place}, ngày ${Number(d)} tháng ${Number(m)} năm ${y}`,
    title: 'BÁO CÁO',
    subtitle: `Tình hình thực hiện dự án ${p.name}`,
    paragraphs,
  });
}
