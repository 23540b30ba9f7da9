import type { PDFFont, PDFPage } from 'pdf-lib';
import { wrap } from './render.js';
import { embedTinos } from './fonts.js';

/**
 * A list (tasks, campaigns…) printed in the layout of a Vietnamese administrative document
 * (Decree 30/2020): issuing body and the national motto side by side, số/ký hiệu, place and
 * date, the title, then a table on landscape A4 whose header repeats on every page, then
 * "Nơi nhận" and the signature block, and "Trang n/N" at each foot.
 */
export interface TableReport {
  parentName: string | null; // "UBND TỈNH ĐỒNG NAI"
  issuer: string; // "VĂN PHÒNG UBND TỈNH"
  symbol: string; // "Số:      /BC-VPUBND"
  placeDate: string; // "Đồng Nai, ngày 5 tháng 12 năm 2026"
  title: string;
  subtitle?: string;
  columns: string[];
  widths: number[];
  rows: string[][];
  recipients: string[]; // Nơi nhận
  signer: { position: string; name: string };
}

const [W, H] = [841.89, 595.28];
const M = { left: 40, right: 36, top: 36, bottom: 40 };
const BODY = 9;
const LINE = 11;
const PAD = 3;

export async function renderTableReport(r: TableReport): Promise<Buffer> {
  const { PDFDocument, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const { regular, bold } = await embedTinos(pdf);
  pdf.setTitle(r.title);
  pdf.setProducer('Liên Thông');
  const black = rgb(0, 0, 0);
  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const tableWidth = W - M.left - M.right;
  const total = r.widths.reduce((a, b) => a + b, 0);
  const colW = r.widths.map((w) => (w / total) * tableWidth);
  const colX = colW.map((_, i) => M.left + colW.slice(0, i).reduce((a, b) => a + b, 0));
  const cell = (t: string, i: number, font: PDFFont) => (t ? wrap(t, font, BODY, colW[i]! - 2 * PAD) : []);
  const headLines = r.columns.map((c, i) => cell(c, i, bold));
  const headH = Math.max(...headLines.map((l) => l.length)) * LINE + 2 * PAD;
  const centerAt = (t: string, font: PDFFont, size: number, cx: number) => page.drawText(t, { x: cx - font.widthOfTextAtSize(t, size) / 2, y, size, font, color: black });
  const hLine = (at: number) => page.drawLine({ start: { x: M.left, y: at }, end: { x: M.left + tableWidth, y: at }, thickness: 0.5, color: black });
  const vLines = (top: number, bottom: number) => {
    for (const x of [...colX, M.left + tableWidth]) page.drawLine({ start: { x, y: top }, end: { x, y: bottom }, thickness: 0.5, color: black });
  };
  const addPage = () => {
    page = pdf.addPage([W, H]);
    pages.push(page);
    y = H - M.top;
  };
  const tableHead = () => {
    hLine(y);
    headLines.forEach((lines, i) => lines.forEach((l, k) => page.drawText(l, { x: colX[i]! + (colW[i]! - bold.widthOfTextAtSize(l, BODY)) / 2, y: y - PAD - (k + 1) * LINE + 2.5, size: BODY, font: bold, color: black })));
    vLines(y, y - headH);
    y -= headH;
    hLine(y);
  };

  addPage();
  const leftCx = M.left + 130;
  const rightCx = W - M.right - 170;
  if (r.parentName) {
    centerAt(r.parentName.toUpperCase(), regular, 11, leftCx);
    centerAt('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 11, rightCx);
    y -= 14;
    centerAt(r.issuer.toUpperCase(), bold, 11, leftCx);
  } else {
    centerAt(r.issuer.toUpperCase(), bold, 11, leftCx);
    centerAt('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 11, rightCx);
  }
  centerAt(r.parentName ? 'Độc lập - Tự do - Hạnh phúc' : '', bold, 12, rightCx);
  if (!r.parentName) {
    y -= 14;
    centerAt('Độc lập - Tự do - Hạnh phúc', bold, 12, rightCx);
  }
  page.drawLine({ start: { x: leftCx - 40, y: y - 5 }, end: { x: leftCx + 40, y: y - 5 }, thickness: 0.6 });
  page.drawLine({ start: { x: rightCx - 80, y: y - 5 }, end: { x: rightCx + 80, y: y - 5 }, thickness: 0.6 });
  y -= 22;
  centerAt(r.symbol, regular, 12, leftCx);
  page.drawText(r.placeDate, { x: rightCx - regular.widthOfTextAtSize(r.placeDate, 12) / 2, y, size: 12, font: regular, color: black });
  y -= 30;
  centerAt(r.title, bold, 14, W / 2);
  y -= 16;
  if (r.subtitle) {
    centerAt(r.subtitle, regular, 11, W / 2);
    y -= 16;
  }
  y -= 6;
  tableHead();
  const fresh = Math.floor((H - M.top - M.bottom - headH - 2 * PAD) / LINE);
  if (!r.rows.length) {
    page.drawText('Không có nhiệm vụ nào.', { x: M.left + PAD, y: y - PAD - LINE + 2.5, size: BODY, font: regular, color: black });
    y -= LINE + 2 * PAD;
  }
  for (const row of r.rows) {
    const cells = row.map((c, i) => cell(c, i, regular));
    const height = Math.max(1, ...cells.map((l) => l.length));
    let from = 0;
    while (from < height) {
      let room = Math.floor((y - M.bottom - 2 * PAD) / LINE);
      if (room < Math.min(height - from, fresh)) {
        addPage();
        tableHead();
        room = fresh;
      }
      const n = Math.min(room, height - from);
      cells.forEach((lines, i) => lines.slice(from, from + n).forEach((l, k) => page.drawText(l, { x: colX[i]! + PAD, y: y - PAD - (k + 1) * LINE + 2.5, size: BODY, font: regular, color: black })));
      const bottom = y - n * LINE - 2 * PAD;
      vLines(y, bottom);
      hLine(bottom);
      y = bottom;
      from += n;
    }
  }
  // Nơi nhận on the left, the signer on the right.
  const needed = Math.max(r.recipients.length * 12 + 24, 110);
  if (y - needed < M.bottom) addPage();
  y -= 20;
  const top = y;
  page.drawText('Nơi nhận:', { x: M.left, y, size: 10, font: bold, color: black });
  r.recipients.forEach((n, i) => page.drawText(`- ${n};`, { x: M.left, y: y - 12 * (i + 1), size: 9, font: regular, color: black }));
  y = top;
  centerAt(r.signer.position.toUpperCase(), bold, 11, rightCx);
  y -= 70;
  centerAt(r.signer.name, bold, 12, rightCx);
  pages.forEach((p, i) => {
    const label = `Trang ${i + 1}/${pages.length}`;
    p.drawText(label, { x: (W - regular.widthOfTextAtSize(label, 9)) / 2, y: 20, size: 9, font: regular, color: black });
  });
  return Buffer.from(await pdf.save());
}
