import type { PDFFont, PDFPage } from 'pdf-lib';
import { wrap } from '../pdf/render.js';
import { embedTinos } from '../pdf/fonts.js';

/** What the consolidated report prints, laid out as an administrative report of Decree 30/2020. */
export interface ReportText {
  parentName: string; // "UBND TỈNH ĐỒNG NAI"
  issuer: string; // "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
  symbol: string; // "Số: 12/BC-SKHCN" or "Số:      /BC-SKHCN" before issue
  placeDate: string;
  title: string;
  subtitle: string;
  paragraphs: string[];
  tables: { heading: string; columns: string[]; widths: number[]; rows: string[][] }[];
  chart: { heading: string; bars: { label: string; value: number; color: [number, number, number] }[] } | null;
  signer: { position: string; name: string };
  recipients: string[];
}

/**
 * A report for 300 agencies draws thousands of short cells, most of them the same few
 * strings ("0", "—", "Khá"); fontkit lays a string out again for every width and every
 * encoding. The font's two calls remembered per string make the PDF several times faster.
 */
function memoized(font: PDFFont): PDFFont {
  const widths = new Map<string, number>();
  const codes = new Map<string, ReturnType<PDFFont['encodeText']>>();
  const width = font.widthOfTextAtSize.bind(font);
  const encode = font.encodeText.bind(font);
  font.widthOfTextAtSize = (text: string, size: number) => {
    const key = `${size}|${text}`;
    let w = widths.get(key);
    if (w === undefined) widths.set(key, (w = width(text, size)));
    return w;
  };
  font.encodeText = (text: string) => {
    let c = codes.get(text);
    if (c === undefined) codes.set(text, (c = encode(text)));
    return c;
  };
  return font;
}

const [W, H] = [595.28, 841.89];
const M = { left: 70, right: 45, top: 50, bottom: 50 };
const width = W - M.left - M.right;

export async function renderReportPdf(doc: ReportText): Promise<Buffer> {
  const { PDFDocument, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const fonts = await embedTinos(pdf);
  const regular = memoized(fonts.regular);
  const bold = memoized(fonts.bold);
  pdf.setTitle(`${doc.title} ${doc.subtitle}`);
  pdf.setProducer('Liên Thông');
  let page: PDFPage = pdf.addPage([W, H]);
  let y = H - M.top;
  const ensure = (h: number) => {
    if (y - h < M.bottom) {
      page = pdf.addPage([W, H]);
      y = H - M.top;
      return true;
    }
    return false;
  };
  const centered = (text: string, font: PDFFont, size: number, cx: number) => page.drawText(text, { x: cx - font.widthOfTextAtSize(text, size) / 2, y, size, font });
  const leftCol = M.left + 95;
  const rightCol = W - M.right - 125;

  centered(doc.parentName, regular, 11, leftCol);
  centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 11, rightCol);
  y -= 14;
  centered(doc.issuer, bold, 11, leftCol);
  centered('Độc lập - Tự do - Hạnh phúc', bold, 12, rightCol);
  page.drawLine({ start: { x: rightCol - 75, y: y - 4 }, end: { x: rightCol + 75, y: y - 4 }, thickness: 0.6 });
  page.drawLine({ start: { x: leftCol - 40, y: y - 4 }, end: { x: leftCol + 40, y: y - 4 }, thickness: 0.6 });
  y -= 22;
  centered(doc.symbol, regular, 12, leftCol);
  page.drawText(doc.placeDate, { x: rightCol - regular.widthOfTextAtSize(doc.placeDate, 12) / 2, y, size: 12, font: regular });
  y -= 34;
  centered(doc.title, bold, 14, M.left + width / 2);
  y -= 18;
  for (const l of wrap(doc.subtitle, bold, 13, width - 40)) {
    centered(l, bold, 13, M.left + width / 2);
    y -= 17;
  }
  y -= 10;
  const para = (text: string, font = regular, size = 12.5, indent = 24) => {
    wrap(text, font, size, width - indent).forEach((l, i) => {
      ensure(17);
      page.drawText(l, { x: M.left + (i === 0 ? indent : 0), y, size, font });
      y -= 17;
    });
  };
  for (const p of doc.paragraphs) {
    for (const line of p.split('\n')) para(line, /^[IVX]+\. /.test(line) ? bold : regular, 12.5, /^[IVX]+\. /.test(line) ? 0 : 24);
    y -= 3;
  }

  const SIZE = 9.5;
  for (const t of doc.tables) {
    y -= 6;
    ensure(60);
    para(t.heading, bold, 12.5, 0);
    const total = t.widths.reduce((a, b) => a + b, 0);
    const cols = t.widths.map((w) => (w / total) * width);
    const drawRow = (cells: string[], font: PDFFont) => {
      // Most cells are a short number: one width (remembered) instead of a word-by-word wrap.
      const lines = cells.map((c, i) => (font.widthOfTextAtSize(c || ' ', SIZE) <= cols[i]! - 6 ? [c || ' '] : wrap(c || ' ', font, SIZE, cols[i]! - 6)));
      const h = Math.max(...lines.map((l) => l.length)) * 11.5 + 5;
      if (ensure(h)) drawRow(t.columns, bold);
      let x = M.left;
      lines.forEach((ls, i) => {
        page.drawRectangle({ x, y: y - h + 9, width: cols[i]!, height: h, borderColor: rgb(0, 0, 0), borderWidth: 0.5 });
        ls.forEach((l, k) => page.drawText(l, { x: x + 3, y: y - k * 11.5, size: SIZE, font }));
        x += cols[i]!;
      });
      y -= h;
    };
    drawRow(t.columns, bold);
    for (const r of t.rows) drawRow(r, regular);
    y -= 8;
  }

  if (doc.chart && doc.chart.bars.length) {
    const bars = doc.chart.bars;
    const rowH = 13;
    ensure(bars.length * rowH + 40);
    para(doc.chart.heading, bold, 12.5, 0);
    const labelW = 170;
    const max = Math.max(100, ...bars.map((b) => b.value));
    for (const b of bars) {
      const label = wrap(b.label, regular, 8.5, labelW - 6)[0] ?? '';
      page.drawText(label, { x: M.left, y: y - 2, size: 8.5, font: regular });
      const w = ((width - labelW - 40) * b.value) / max;
      page.drawRectangle({ x: M.left + labelW, y: y - 4, width: Math.max(w, 0.5), height: 9, color: rgb(...b.color) });
      page.drawText(b.value.toFixed(2), { x: M.left + labelW + w + 4, y: y - 2, size: 8.5, font: regular });
      y -= rowH;
    }
    y -= 8;
  }

  ensure(150);
  const top = y;
  page.drawText('Nơi nhận:', { x: M.left, y, size: 11, font: bold });
  y -= 13;
  for (const r of doc.recipients) {
    page.drawText(`- ${r};`, { x: M.left, y, size: 10, font: regular });
    y -= 12;
  }
  y = top;
  const cx = M.left + width - 110;
  centered(doc.signer.position.toUpperCase(), bold, 12.5, cx);
  y -= 80;
  centered(doc.signer.name, bold, 13, cx);
  return Buffer.from(await pdf.save());
}
