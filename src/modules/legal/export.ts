import { formatDateVi } from '../../domain/numbering.js';
import { CAMPAIGN_ORG_STATE_LABELS, DISSEMINATION_FORM_LABELS, REGULATION_KIND_LABELS, REGULATION_KINDS, REGULATION_STATE_LABELS } from '../../domain/legal.js';
import type { CampaignView } from './campaigns.js';
import type { RegulationRow } from './regulations.js';

/** XLSX of a campaign's agencies and of the internal regulations, as exceljs sheets like the task list. */
async function workbook() {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  return wb;
}

export async function campaignToXlsx(c: CampaignView): Promise<Buffer> {
  const wb = await workbook();
  const ws = wb.addWorksheet('Pho bien', { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.addRow([`KẾT QUẢ PHỔ BIẾN VĂN BẢN: ${c.title.toUpperCase()}`]);
  ws.addRow([`Hạn hoàn thành: ${formatDateVi(c.deadline)}${c.letter?.symbol ? ` — theo Công văn số ${c.letter.symbol} ngày ${formatDateVi(c.letter.docDate)}` : ''}`]);
  ws.addRow([`Văn bản phổ biến: ${c.texts.map((t) => t.number).join('; ')}`]);
  ws.addRow([]);
  ws.addRow(['STT', 'Cơ quan', 'Tình trạng', 'Ngày thực hiện', 'Hình thức', 'Số người', 'Văn bản kiểm chứng', 'Ghi chú']);
  c.agencies.forEach((a, i) => {
    const state = CAMPAIGN_ORG_STATE_LABELS[a.state].vi;
    if (!a.reports.length) ws.addRow([i + 1, a.name, state, '', '', 0, '', '']);
    a.reports.forEach((r, j) =>
      ws.addRow([j === 0 ? i + 1 : '', j === 0 ? a.name : '', j === 0 ? state : '', formatDateVi(r.heldOn), DISSEMINATION_FORM_LABELS[r.form].vi, r.peopleReached, r.evidence ? [r.evidence.symbol, r.evidence.docDate ? `ngày ${formatDateVi(r.evidence.docDate)}` : null].filter(Boolean).join(' ') : '', r.note ?? '']),
    );
  });
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(5).font = { bold: true };
  ws.columns.forEach((col, i) => (col.width = [1, 6, 7].includes(i) ? 40 : i === 0 ? 6 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function regulationsToXlsx(rows: RegulationRow[], title: string): Promise<Buffer> {
  const wb = await workbook();
  const ws = wb.addWorksheet('Quy che', { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.addRow([title]);
  ws.addRow([]);
  ws.addRow(['STT', 'Cơ quan', ...REGULATION_KINDS.flatMap((k) => [REGULATION_KIND_LABELS[k].vi, 'Quyết định ban hành', 'Rà soát tiếp theo'])]);
  rows.forEach((r, i) =>
    ws.addRow([
      i + 1,
      r.name,
      ...r.regulations.flatMap((c) => [REGULATION_STATE_LABELS[c.state].vi, c.decision ? [c.decision.symbol, c.decision.docDate ? `ngày ${formatDateVi(c.decision.docDate)}` : null].filter(Boolean).join(' ') : '', formatDateVi(c.nextReview)]),
    ]),
  );
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(3).font = { bold: true };
  ws.columns.forEach((col, i) => (col.width = i === 1 ? 40 : i === 0 ? 6 : 20));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
