import { renderOfficialPdf } from '../pdf/render.js';
import { formatDateVi, localDate } from '../../domain/numbering.js';
import { INCIDENT_STATUS_LABELS, SEVERITIES, SEVERITY_LABELS, type Severity } from '../../domain/security.js';
import type { IncidentDetail, IncidentSummary } from './incidents.js';

/**
 * What leaves the security module as a file: the incident report in the layout of the forms
 * of Thông tư 20/2017/TT-BTTTT (form 03 initial report, with the form 04 final report once
 * filed), the inspection conclusion, and the periodic summary (form 05) as XLSX.
 */

const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const when = (iso: string | null) => (iso ? `${hm.format(new Date(iso))} ngày ${formatDateVi(iso)}` : '—');
const placeDate = (now: Date) => {
  const [y, m, d] = localDate(now).split('-');
  return `Đồng Nai, ngày ${Number(d)} tháng ${Number(m)} năm ${y}`;
};

export async function incidentPdf(i: IncidentDetail, now: Date): Promise<Buffer> {
  const final = i.finalReportAt !== null;
  const paragraphs = [
    'Kính gửi: Đội ứng cứu sự cố an toàn thông tin mạng tỉnh (Sở Khoa học và Công nghệ); Phòng An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao, Công an tỉnh.',
    `1. Cơ quan báo cáo: ${i.orgName}. Người báo cáo: ${i.reporterName}${i.reporterPhone ? `, điện thoại ${i.reporterPhone}` : ''}.`,
    `2. Tóm tắt sự cố: ${i.title}.`,
    `3. Thời điểm phát hiện: ${when(i.detectedAt)}. Thời điểm báo cáo: ${when(i.reportedAt)} (${i.initialOnTime ? 'trong thời hạn' : 'quá thời hạn'} báo cáo, hạn ${when(i.initialDue)}).`,
    `4. Mức độ: ${SEVERITY_LABELS[i.severity].vi}. Hệ thống bị ảnh hưởng: ${i.systems.length ? i.systems.map((s) => `${s.name} (cấp độ ${s.level})`).join('; ') : 'chưa xác định'}.`,
    `5. Mô tả sự cố: ${i.description}`,
    `6. Biện pháp đã thực hiện: ${i.actionsTaken ?? 'chưa có'}.`,
    `7. Đề nghị hỗ trợ: ${i.helpWanted ?? 'không'}.`,
    `8. Quá trình ứng phó: tiếp nhận ${when(i.acknowledgedAt)}; bắt đầu xử lý ${when(i.handlingAt)}; kết thúc xử lý ${when(i.resolvedAt)}. Tình trạng: ${INCIDENT_STATUS_LABELS[i.status].vi}.`,
    ...i.events.filter((e) => e.kind === 'update').map((e) => `- ${when(e.at)}, ${e.userName ?? ''} (${e.orgName}): ${e.text ?? ''}`),
    ...(final
      ? [`9. Báo cáo kết thúc ứng phó (${when(i.finalReportAt)}${i.finalOverdue ? ', quá hạn' : ''}):`, `- Nguyên nhân: ${i.cause ?? ''}`, `- Thiệt hại: ${i.damage ?? ''}`, `- Bài học kinh nghiệm: ${i.lessons ?? ''}`]
      : [`9. Báo cáo kết thúc ứng phó: hạn ${i.finalDue ? when(i.finalDue) : '5 ngày sau khi kết thúc xử lý'}${i.finalOverdue ? ' (đã quá hạn)' : ''}.`]),
    'Nơi nhận: - Như trên; - Lưu: hồ sơ sự cố.',
  ];
  return renderOfficialPdf({
    issuer: i.orgName.toUpperCase(),
    symbol: `Sự cố số: ${i.id}`,
    placeDate: placeDate(now),
    title: final ? 'BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ' : 'BÁO CÁO BAN ĐẦU SỰ CỐ',
    subtitle: `An toàn thông tin mạng (mẫu ${final ? '04' : '03'}, Thông tư 20/2017/TT-BTTTT)`,
    paragraphs,
    signer: { position: 'Người báo cáo', name: i.reporterName },
  });
}

export interface ConclusionFacts {
  issuer: string;
  target: string;
  now: Date;
  scope: string;
  team: string;
  inspectedOn: string;
  summary: string;
  findings: { text: string; severity: Severity }[];
  recommendations: { text: string; deadline: string }[];
  signer: { name: string; position: string };
}

export function conclusionPdf(c: ConclusionFacts): Promise<Buffer> {
  return renderOfficialPdf({
    issuer: c.issuer.toUpperCase(),
    symbol: 'Số:      /KL-KT',
    placeDate: placeDate(c.now),
    title: 'KẾT LUẬN KIỂM TRA',
    subtitle: `Công tác bảo đảm an toàn thông tin tại ${c.target}`,
    paragraphs: [
      `Ngày ${formatDateVi(c.inspectedOn)}, đoàn kiểm tra (${c.team}) đã kiểm tra tại ${c.target}. Nội dung, phạm vi: ${c.scope}.`,
      'I. KẾT QUẢ KIỂM TRA',
      ...c.findings.map((f, k) => `${k + 1}. ${f.text} (mức độ: ${SEVERITY_LABELS[f.severity].vi}).`),
      'II. KẾT LUẬN',
      c.summary,
      'III. KIẾN NGHỊ',
      ...c.recommendations.map((r, k) => `${k + 1}. ${r.text} Hạn thực hiện: ${formatDateVi(r.deadline)}.`),
      `Đề nghị ${c.target} báo cáo kết quả thực hiện từng kiến nghị trên hệ thống Liên Thông trước thời hạn.`,
      `Nơi nhận: - ${c.target}; - Lưu: hồ sơ kiểm tra.`,
    ],
    signer: { competence: 'TM. ĐOÀN KIỂM TRA', position: c.signer.position, name: c.signer.name },
  });
}

/** The periodic summary (form 05): one sheet per agency's totals, one listing each incident. */
export async function summaryXlsx(title: string, items: IncidentSummary[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  const ws = wb.addWorksheet('Tong hop', { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.addRow([title]);
  ws.addRow([]);
  ws.addRow(['STT', 'Cơ quan', 'Tổng số sự cố', ...SEVERITIES.map((s) => `Mức ${SEVERITY_LABELS[s].vi}`), 'Báo cáo ban đầu đúng hạn', 'Đã báo cáo kết thúc', 'Quá hạn']);
  const byOrg = new Map<string, IncidentSummary[]>();
  for (const i of items) byOrg.set(i.orgName, [...(byOrg.get(i.orgName) ?? []), i]);
  const row = (list: IncidentSummary[]) => [list.length, ...SEVERITIES.map((s) => list.filter((i) => i.severity === s).length), list.filter((i) => i.initialOnTime).length, list.filter((i) => i.finalReportAt).length, list.filter((i) => i.overdue).length];
  [...byOrg.entries()].sort(([a], [b]) => a.localeCompare(b, 'vi')).forEach(([org, list], k) => ws.addRow([k + 1, org, ...row(list)]));
  ws.addRow(['', 'Toàn tỉnh', ...row(items)]).font = { bold: true };
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(3).font = { bold: true };
  ws.columns.forEach((c, k) => (c.width = k === 1 ? 45 : k === 0 ? 6 : 16));

  const list = wb.addWorksheet('Danh sach su co');
  list.addRow(['Số', 'Cơ quan', 'Tóm tắt', 'Mức độ', 'Phát hiện', 'Báo cáo', 'Đúng hạn', 'Tình trạng', 'Kết thúc xử lý', 'Báo cáo kết thúc']);
  for (const i of items) {
    list.addRow([i.id, i.orgName, i.title, SEVERITY_LABELS[i.severity].vi, when(i.detectedAt), when(i.reportedAt), i.initialOnTime ? 'Có' : 'Không', INCIDENT_STATUS_LABELS[i.status].vi, when(i.resolvedAt), when(i.finalReportAt)]);
  }
  list.getRow(1).font = { bold: true };
  list.columns.forEach((c, k) => (c.width = k === 2 ? 50 : k === 1 ? 35 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
