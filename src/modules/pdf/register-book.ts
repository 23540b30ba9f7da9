import type { PDFFont, PDFPage } from 'pdf-lib';
import { wrap } from './render.js';
import { embedTinos } from './fonts.js';

/** What a register book prints: the ten columns of Decree 30/2020 (appendix IV) and its rows. */
export interface RegisterBookText {
  /** The agency above the one keeping the book ("UBND TỈNH ĐỒNG NAI"), if any. */
  parentName: string | null;
  agencyName: string;
  registerName: string; // "Sổ đăng ký văn bản đi"
  /** "Năm 2026" on the cover, and the period under it when it is not the whole year. */
  yearLine: string;
  periodLine: string | null;
  columns: string[];
  rows: string[][];
  /** Relative widths of the ten columns. */
  widths: number[];
}

const [W, H] = [841.89, 595.28]; // A4 landscape
const M = { left: 36, right: 36, top: 36, bottom: 40 };
const BODY = 9;
const HEAD = 8.5;
const LINE = 11;
const PAD = 3;

/**
 * The register as a printable book: a cover page (agency, register name, year), then the
 * ten-column table on landscape A4 with its column headers and their numbers (1)–(10) on every
 * page, rows wrapping long summaries and recipient lists (a row taller than a page goes on over
 * the next), and "Trang n/N" at the foot of each page of the table.
 */
export async function renderRegisterBook(book: RegisterBookText): Promise<Buffer> {
  // Loaded when a book is printed, not with every server. Whole fonts: pdf-lib's subsets lose glyphs when drawn (text extraction still works, the page does not).
  const { PDFDocument, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const { regular, bold } = await embedTinos(pdf);
  pdf.setTitle(`${book.registerName} — ${book.agencyName} — ${book.yearLine}`);
  pdf.setProducer('Liên Thông');
  const black = rgb(0, 0, 0);

  const centered = (page: PDFPage, text: string, font: PDFFont, size: number, y: number) => {
    for (const [i, l] of wrap(text, font, size, W - M.left - M.right - 80).entries()) {
      page.drawText(l, { x: (W - font.widthOfTextAtSize(l, size)) / 2, y: y - i * size * 1.3, size, font, color: black });
    }
  };

  // Cover.
  const cover = pdf.addPage([W, H]);
  let cy = H - 70;
  if (book.parentName) {
    centered(cover, book.parentName.toUpperCase(), regular, 13, cy);
    cy -= 20;
  }
  centered(cover, book.agencyName.toUpperCase(), bold, 14, cy);
  cover.drawLine({ start: { x: W / 2 - 60, y: cy - 8 }, end: { x: W / 2 + 60, y: cy - 8 }, thickness: 0.6 });
  centered(cover, book.registerName.toUpperCase(), bold, 26, H / 2 + 40);
  centered(cover, book.yearLine, bold, 18, H / 2 - 10);
  if (book.periodLine) centered(cover, book.periodLine, regular, 13, H / 2 - 40);
  centered(cover, `Số văn bản đã đăng ký: ${book.rows.length}`, regular, 12, 90);

  // Table geometry.
  const tableWidth = W - M.left - M.right;
  const total = book.widths.reduce((a, b) => a + b, 0);
  const colW = book.widths.map((w) => (w / total) * tableWidth);
  const colX = colW.map((_, i) => M.left + colW.slice(0, i).reduce((a, b) => a + b, 0));
  const cellLines = (text: string, i: number, font: PDFFont, size: number) => (text ? wrap(text, font, size, colW[i]! - 2 * PAD) : []);
  const headLines = book.columns.map((c, i) => cellLines(c, i, bold, HEAD));
  const headH = Math.max(...headLines.map((l) => l.length)) * LINE + 2 * PAD;
  const numsH = LINE + 2 * PAD;

  const tablePages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const hLine = (at: number) => page.drawLine({ start: { x: M.left, y: at }, end: { x: M.left + tableWidth, y: at }, thickness: 0.5, color: black });
  const vLines = (top: number, bottom: number) => {
    for (const x of [...colX, M.left + tableWidth]) page.drawLine({ start: { x, y: top }, end: { x, y: bottom }, thickness: 0.5, color: black });
  };
  const newPage = () => {
    page = pdf.addPage([W, H]);
    tablePages.push(page);
    y = H - M.top;
    hLine(y);
    headLines.forEach((lines, i) => lines.forEach((l, k) => page.drawText(l, { x: colX[i]! + (colW[i]! - bold.widthOfTextAtSize(l, HEAD)) / 2, y: y - PAD - (k + 1) * LINE + 2.5, size: HEAD, font: bold, color: black })));
    hLine(y - headH);
    book.columns.forEach((_, i) => {
      const n = `(${i + 1})`;
      page.drawText(n, { x: colX[i]! + (colW[i]! - regular.widthOfTextAtSize(n, HEAD)) / 2, y: y - headH - PAD - LINE + 2.5, size: HEAD, font: regular, color: black });
    });
    hLine(y - headH - numsH);
    vLines(y, y - headH - numsH);
    y -= headH + numsH;
  };
  newPage();

  if (!book.rows.length) {
    page.drawText('Không có văn bản nào trong kỳ.', { x: M.left + PAD, y: y - PAD - LINE + 2.5, size: BODY, font: regular, color: black });
  }
  for (const row of book.rows) {
    const cells = row.map((c, i) => cellLines(c, i, regular, BODY));
    const height = Math.max(1, ...cells.map((l) => l.length));
    const fitsOnFresh = Math.floor((H - M.top - headH - numsH - M.bottom - 2 * PAD) / LINE);
    let from = 0;
    while (from < height) {
      let room = Math.floor((y - M.bottom - 2 * PAD) / LINE);
      // Keep a row whole when it fits on a page of its own.
      if (room < Math.min(height - from, fitsOnFresh)) {
        newPage();
        room = fitsOnFresh;
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

  tablePages.forEach((p, i) => {
    const label = `Trang ${i + 1}/${tablePages.length}`;
    p.drawText(label, { x: (W - regular.widthOfTextAtSize(label, 9)) / 2, y: 20, size: 9, font: regular, color: black });
    const head = `${book.registerName} — ${book.yearLine}`;
    p.drawText(head, { x: M.left, y: 20, size: 8, font: regular, color: rgb(0.3, 0.3, 0.3) });
  });
  return Buffer.from(await pdf.save());
}
