import fs from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A one-page blank form (tờ khai) for the demo procedures: national motto, title, lines to
 * fill in. The font is subset, so a form weighs tens of kilobytes — what a citizen on a
 * slow connection downloads.
 */
export async function renderBlankForm(title: string, lines: string[]): Promise<Buffer> {
  // Loaded when a PDF is made (the demo province's documents), not with every server.
  const [{ PDFDocument }, { default: fontkit }] = await Promise.all([import('pdf-lib'), import('@pdf-lib/fontkit')]);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const regular = await pdf.embedFont(await fs.readFile(require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf')), { subset: true });
  const bold = await pdf.embedFont(await fs.readFile(require.resolve('@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf')), { subset: true });
  pdf.setTitle(title);
  pdf.setProducer('Liên Thông');
  const page = pdf.addPage([595.28, 841.89]);
  let y = 780;
  const center = (t: string, font: typeof regular, size: number) => page.drawText(t, { x: (595.28 - font.widthOfTextAtSize(t, size)) / 2, y, size, font });
  center('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 12);
  y -= 16;
  center('Độc lập - Tự do - Hạnh phúc', bold, 13);
  y -= 48;
  center(title, bold, 15);
  y -= 36;
  for (const line of lines) {
    page.drawText(line, { x: 70, y, size: 12, font: regular, maxWidth: 460, lineHeight: 16 });
    y -= 16 * Math.max(1, Math.ceil(regular.widthOfTextAtSize(line, 12) / 460)) + 10;
  }
  y -= 30;
  page.drawText('NGƯỜI YÊU CẦU', { x: 380, y, size: 12, font: bold });
  page.drawText('(Ký, ghi rõ họ, chữ đệm, tên)', { x: 360, y: y - 16, size: 11, font: regular });
  return Buffer.from(await pdf.save());
}
