import { formatDateVi } from '../../domain/numbering.js';
import { AUDIENCE_LABELS, type Audience, type QuestionKind } from '../../domain/surveys.js';
import type { GroupAggregate, PeriodAggregates } from './aggregates.js';
import { issuedBy, type ReportIssuer } from '../pdf/issuer.js';

/**
 * A period's aggregates as files: the XLSX workbook (one sheet per breakdown: province, sectors,
 * communes/wards, each group a row, each figure a column) and the PDF report in the
 * administrative layout (the province's results per question). Only aggregates: never one
 * enterprise's answers.
 */

type Q = PeriodAggregates['questionnaire']['questions'][number];

/** The figure columns of a question: what it is summed as. */
function figureColumns(q: Q): { head: string; value(g: GroupAggregate): number | null }[] {
  const of = (g: GroupAggregate) => g.questions.find((x) => x.code === q.code);
  const kind: QuestionKind = q.kind;
  if (kind === 'yes_no') return [{ head: `${q.textVi} — tỷ lệ Có (%)`, value: (g) => of(g)?.yesShare ?? null }];
  if (kind === 'number') return [
    { head: `${q.textVi} — tổng${q.unit ? ` (${q.unit})` : ''}`, value: (g) => of(g)?.total ?? null },
    { head: `${q.textVi} — bình quân`, value: (g) => of(g)?.mean ?? null },
  ];
  if (kind === 'percent') return [{ head: `${q.textVi} — bình quân (%)`, value: (g) => of(g)?.mean ?? null }];
  if (kind === 'choice') return q.choices.map((c) => ({ head: `${q.textVi} — ${c.vi} (%)`, value: (g) => of(g)?.choices.find((x) => x.code === c.code)?.share ?? null }));
  return [];
}

const SHEETS = [
  ['province', 'Toan tinh'],
  ['sector', 'Theo nganh'],
  ['commune', 'Theo xa phuong'],
] as const;

export async function aggregatesXlsx(a: PeriodAggregates): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  const columns = a.questionnaire.questions.flatMap(figureColumns);
  for (const [dim, sheet] of SHEETS) {
    const groups = a.groups.filter((g) => g.dimension === dim);
    if (!groups.length) continue;
    const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', xSplit: 1, ySplit: 4 }] });
    ws.addRow([`${a.period.name} (${a.period.code}) — ${a.questionnaire.code} phiên bản ${a.questionnaire.version}`]).font = { bold: true, size: 13 };
    ws.addRow([`Đối tượng: ${AUDIENCE_LABELS[a.period.audience as Audience]?.vi ?? a.period.audience}; thời gian ${formatDateVi(a.period.opensOn)} – ${formatDateVi(a.period.closesOn)}; số liệu các phiếu đã nộp.`]);
    ws.addRow([]);
    ws.addRow([dim === 'sector' ? 'Ngành (VSIC)' : dim === 'commune' ? 'Xã, phường' : 'Phạm vi', 'Được hỏi', 'Đã nộp', 'Tỷ lệ phản hồi (%)', 'Dưới 3 phiếu', ...columns.map((c) => c.head)]).font = { bold: true };
    for (const g of groups) ws.addRow([g.label, g.asked, g.submitted, g.responseRate, g.small ? 'x' : '', ...columns.map((c) => c.value(g))]);
    ws.getRow(4).alignment = { wrapText: true, vertical: 'top' };
    ws.columns.forEach((c, k) => (c.width = k === 0 ? 40 : k < 5 ? 12 : 22));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const num = (x: number | null | undefined, unit = '') => (x === null || x === undefined ? '—' : `${x.toLocaleString('vi-VN')}${unit}`);

/** The province's results, one row per question, as an administrative report. */
export async function aggregatesPdf(a: PeriodAggregates, who: ReportIssuer): Promise<Buffer> {
  const { renderTableReport } = await import('../pdf/table-report.js');
  const province = a.groups.find((g) => g.dimension === 'province');
  const result = (q: Q): string => {
    const r = province?.questions.find((x) => x.code === q.code);
    if (!r) return '—';
    if (q.kind === 'yes_no') return `Có: ${num(r.yes)} (${num(r.yesShare, ' %')})`;
    if (q.kind === 'number') return `Tổng ${num(r.total)}${q.unit ? ` ${q.unit}` : ''}; bình quân ${num(r.mean)}`;
    if (q.kind === 'percent') return `Bình quân ${num(r.mean, ' %')}`;
    return q.choices.map((c) => `${c.vi}: ${num(r.choices.find((x) => x.code === c.code)?.share, ' %')}`).join('; ');
  };
  const questions = a.questionnaire.questions.filter((q) => q.kind !== 'text');
  return renderTableReport({
    ...issuedBy(who),
    title: 'BÁO CÁO TỔNG HỢP KẾT QUẢ KHẢO SÁT ỨNG DỤNG CÔNG NGHỆ THÔNG TIN',
    subtitle: `${a.period.name} (${a.period.code}); được hỏi ${a.asked}, đã nộp ${a.submitted} (tỷ lệ phản hồi ${num(a.responseRate, ' %')})`,
    columns: ['STT', 'Phần', 'Câu hỏi', 'Số trả lời', 'Kết quả toàn tỉnh'],
    widths: [4, 16, 40, 8, 32],
    rows: questions.map((q, i) => [String(i + 1), q.section, q.textVi, String(province?.questions.find((x) => x.code === q.code)?.answered ?? 0), result(q)]),
    recipients: ['UBND tỉnh (để báo cáo)', 'Các sở, ngành liên quan', `Lưu: VT, ${who.agencyShort}`],
  });
}
