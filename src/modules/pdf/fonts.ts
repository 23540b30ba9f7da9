import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);
// Tinos has Times New Roman's metrics, as official documents use, and every Vietnamese letter.
export const fontPath = (style: 'Regular' | 'Bold') => require.resolve(`@expo-google-fonts/tinos/${style === 'Regular' ? '400Regular' : '700Bold'}/Tinos_${style === 'Regular' ? '400Regular' : '700Bold'}.ttf`);

/**
 * Tinos embedded whole (pdf-lib's subsets lose glyphs when drawn) in every PDF the server
 * makes. pdf-lib deflates the 450 KB font file again for each document it saves (≈ 250 ms a
 * font here: most of the time of a one-page letter); the font never changes, so its file is
 * read once and its compressed stream made once per process and reused by every document.
 */
let files: Promise<{ regular: Uint8Array; bold: Uint8Array }> | null = null;
const deflated = new WeakMap<Uint8Array, Uint8Array>();

function fontFiles() {
  files ??= Promise.all([fs.readFile(fontPath('Regular')), fs.readFile(fontPath('Bold'))]).then(([regular, bold]) => ({ regular: new Uint8Array(regular), bold: new Uint8Array(bold) }));
  return files;
}

export async function embedTinos(pdf: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  const [{ default: fontkit }, f] = await Promise.all([import('@pdf-lib/fontkit'), fontFiles()]);
  pdf.registerFontkit(fontkit);
  const context = pdf.context;
  const flate = context.flateStream.bind(context);
  // The whole-font embedder hands its font file to flateStream as the same bytes it was given.
  context.flateStream = (contents, dict = {}) => {
    if (contents !== f.regular && contents !== f.bold) return flate(contents, dict);
    let bytes = deflated.get(contents as Uint8Array);
    if (!bytes) deflated.set(contents as Uint8Array, (bytes = new Uint8Array(deflateSync(contents as Uint8Array))));
    return context.stream(bytes, { ...dict, Filter: 'FlateDecode' });
  };
  const [regular, bold] = await Promise.all([pdf.embedFont(f.regular, { subset: false }), pdf.embedFont(f.bold, { subset: false })]);
  return { regular, bold };
}
