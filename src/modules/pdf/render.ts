import type { PDFFont, PDFPage } from 'pdf-lib';
import { embedTinos } from './fonts.js';

export { fontPath } from './fonts.js';

export interface OfficialText {
  issuer: string; // "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"
  symbol: string; // "Số: 01/CT-UBND"
  placeDate: string; // "Đồng Nai, ngày 26 tháng 11 năm 2026"
  title: string; // "CHỈ THỊ"
  subtitle?: string; // the summary under the title
  paragraphs: string[];
  signer?: { competence?: string; position: string; name: string };
}

/** Lines of at most `width`; a word longer than a line (a long symbol, an address) is cut. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean).flatMap((w) => (font.widthOfTextAtSize(w, size) > width ? cutWord(w, font, size, width) : [w]));
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function cutWord(word: string, font: PDFFont, size: number, width: number): string[] {
  const parts: string[] = [];
  let part = '';
  for (const ch of word) {
    if (part && font.widthOfTextAtSize(part + ch, size) > width) {
      parts.push(part);
      part = ch;
    } else part += ch;
  }
  if (part) parts.push(part);
  return parts;
}

/** An A4 PDF laid out like an administrative document of Decree 30/2020. */
export async function renderOfficialPdf(doc: OfficialText): Promise<Buffer> {
  // Loaded when a PDF is made (the demo province's documents), not with every server.
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const { regular, bold } = await embedTinos(pdf);
  pdf.setTitle(`${doc.title} ${doc.symbol}`);
  pdf.setProducer('Liên Thông');
  const [W, H] = [595.28, 841.89];
  const margin = { left: 85, right: 57, top: 57, bottom: 57 };
  const width = W - margin.left - margin.right;
  let page: PDFPage = pdf.addPage([W, H]);
  let y = H - margin.top;
  const ensure = (h: number) => {
    if (y - h < margin.bottom) {
      page = pdf.addPage([W, H]);
      y = H - margin.top;
    }
  };
  const centered = (text: string, font: PDFFont, size: number, cx: number) => {
    page.drawText(text, { x: cx - font.widthOfTextAtSize(text, size) / 2, y, size, font });
  };
  const leftCol = margin.left + 100;
  const rightCol = W - margin.right - 118;
  centered(doc.issuer, bold, 11, leftCol);
  centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 11, rightCol);
  y -= 16;
  centered(doc.symbol, regular, 13, leftCol);
  centered('Độc lập - Tự do - Hạnh phúc', bold, 13, rightCol);
  y -= 24;
  centered(doc.placeDate, regular, 13, rightCol);
  y -= 36;
  centered(doc.title, bold, 14, margin.left + width / 2);
  y -= 18;
  for (const l of wrap(doc.subtitle ?? '', bold, 14, width - 60)) {
    centered(l, bold, 14, margin.left + width / 2);
    y -= 18;
  }
  y -= 12;
  for (const p of doc.paragraphs) {
    const lines = wrap(p, regular, 14, width - 28);
    lines.forEach((l, i) => {
      ensure(20);
      page.drawText(l, { x: margin.left + (i === 0 ? 28 : 0), y, size: 14, font: regular });
      y -= 20;
    });
    y -= 4;
  }
  if (doc.signer) {
    ensure(120);
    y -= 16;
    const cx = margin.left + width - 110;
    if (doc.signer.competence) {
      centered(doc.signer.competence, bold, 13, cx);
      y -= 17;
    }
    centered(doc.signer.position.toUpperCase(), bold, 13, cx);
    y -= 80;
    centered(doc.signer.name, bold, 14, cx);
  }
  return Buffer.from(await pdf.save());
}
