import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { PDFArray, PDFCrossRefStream, PDFDict, PDFDocument, PDFName, PDFRef, PDFString, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { fontPath } from '../pdf/render.js';
import type { CmsSigner } from './cms.js';
import type { Box, SignRequest } from './sign-request.js';
import { lastStartXref } from './pdf-reader.js';
import { bytesOf, xrefTable } from './pdf-update.js';
import { prepareUpdate, signUpdate, type SignedPdf } from './incremental.js';
import { byteRanges, rangeHashPass } from './verify.js';

/**
 * PAdES signing of a PDF as an incremental update: the bytes signed before (the leader's
 * signature) stay as they were, so both signatures stay valid. incremental.ts writes the
 * update reading only the objects it changes; a file it cannot follow is loaded whole by
 * pdf-lib here (the placeholder of @signpdf/placeholder-pdf-lib, only the objects new or
 * changed written after the original bytes), and @signpdf/signpdf fills the byte range.
 */

export type { Box, TextOnPage, VisibleSignature, SignRequest } from './sign-request.js';
export type { SignedPdf } from './incremental.js';

const COLORS = { black: rgb(0, 0, 0), red: rgb(0.8, 0, 0), blue: rgb(0, 0.2, 0.7) };

let fonts: Promise<[Buffer, Buffer]> | null = null;
const fontBytes = () => (fonts ??= Promise.all([fs.readFile(fontPath('Regular')), fs.readFile(fontPath('Bold'))]));

class ExternalSigner extends Signer {
  constructor(private readonly cms: CmsSigner) {
    super();
  }
  override async sign(data: Buffer, signingTime?: Date): Promise<Buffer> {
    return this.cms.sign(data, signingTime ?? new Date());
  }
}


/** The original bytes followed by an update section holding the given objects. */
function appendUpdate(original: Buffer, doc: PDFDocument, refs: PDFRef[]): Buffer {
  const parts: Buffer[] = [original];
  let offset = original.length;
  if (original[original.length - 1] !== 0x0a) {
    parts.push(Buffer.from('\n'));
    offset += 1;
  }
  const entries: { num: number; offset: number }[] = [];
  for (const ref of [...new Map(refs.map((r) => [r.objectNumber, r])).values()].sort((a, b) => a.objectNumber - b.objectNumber)) {
    const obj = doc.context.lookup(ref);
    if (!obj) continue;
    const chunk = Buffer.concat([Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`), bytesOf(obj), Buffer.from('\nendobj\n')]);
    entries.push({ num: ref.objectNumber, offset });
    parts.push(chunk);
    offset += chunk.length;
  }
  const info = doc.context.trailerInfo;
  const prev = lastStartXref(original);
  const trailerOf = (size: number) => {
    const t = doc.context.obj({});
    t.set(PDFName.of('Size'), doc.context.obj(size));
    t.set(PDFName.of('Root'), info.Root!);
    if (info.Info) t.set(PDFName.of('Info'), info.Info);
    if (info.ID) t.set(PDFName.of('ID'), info.ID);
    t.set(PDFName.of('Prev'), doc.context.obj(prev));
    return t;
  };
  const xrefAt = offset;
  if (original.subarray(prev, prev + 4).toString('latin1') !== 'xref') {
    // The previous section is a cross-reference stream: this one is a stream too.
    const ref = doc.context.nextRef();
    const dict = trailerOf(doc.context.largestObjectNumber + 1);
    dict.set(PDFName.of('Type'), PDFName.of('XRef'));
    const stream = PDFCrossRefStream.create(dict, true);
    for (const e of entries) stream.addUncompressedEntry(PDFRef.of(e.num), e.offset);
    stream.addUncompressedEntry(ref, xrefAt);
    parts.push(Buffer.from(`${ref.objectNumber} 0 obj\n`), bytesOf(stream), Buffer.from(`\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`));
    return Buffer.concat(parts);
  }
  const xref = xrefTable(entries);
  parts.push(Buffer.from(`${xref}trailer\n`), bytesOf(trailerOf(doc.context.largestObjectNumber + 1)), Buffer.from(`\nstartxref\n${xrefAt}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function drawLines(page: PDFPage, lines: string[], box: Box, font: PDFFont, color: 'red' | 'blue', top: number) {
  let size = 8;
  const widest = Math.max(...lines.map((l) => font.widthOfTextAtSize(l, size)));
  if (widest > box.width - 4) size = Math.max(5, (size * (box.width - 4)) / widest);
  let y = top - size - 1;
  for (const l of lines) {
    page.drawText(l, { x: box.x + 2, y, size, font, color: COLORS[color] });
    y -= size + 2;
  }
}

/**
 * Signs the PDF (PAdES B-B, ETSI.CAdES.detached) as one incremental update, reading only the
 * objects it changes (incremental.ts); a file whose structure cannot be followed that way
 * is loaded whole by pdf-lib instead.
 */
export async function signPdf(req: SignRequest): Promise<Buffer> {
  return (await signPdfHashed(req)).pdf;
}

/**
 * The same, with the file's SHA-256 and each signature's byte-range hash found while
 * signing: the caller stores it under that name and verifies it without hashing it again.
 */
export async function signPdfHashed(req: SignRequest): Promise<SignedPdf> {
  let update: Awaited<ReturnType<typeof prepareUpdate>>;
  try {
    update = await prepareUpdate(req);
  } catch {
    const pdf = await signPdfLoadingAll(req);
    return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), rangeHashes: rangeHashPass(pdf, byteRanges(pdf)).hashes };
  }
  return signUpdate(req.pdf, update, req.signer, req.signingTime);
}

/** Signs the PDF loaded whole by pdf-lib, then @signpdf: for files the reader cannot follow. */
async function signPdfLoadingAll(req: SignRequest): Promise<Buffer> {
  const original = req.pdf;
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  doc.registerFontkit(fontkit);
  // Object streams and the cross-reference stream are not kept by pdf-lib: new objects must
  // take numbers above every number the file used, or they would replace them.
  const size = /\/Size\s+(\d+)/.exec(original.subarray(lastStartXref(original)).toString('latin1'));
  if (size) doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, Number(size[1]) - 1);
  const firstNew = doc.context.largestObjectNumber + 1;
  const [regularBytes, boldBytes] = await fontBytes();
  const regular = await doc.embedFont(regularBytes, { subset: true });
  const bold = req.texts?.some((t) => t.bold) ? await doc.embedFont(boldBytes, { subset: true }) : regular;
  const pages = doc.getPages();
  const pageAt = (n: number) => pages[Math.min(Math.max(0, n), pages.length - 1)]!;
  const touched = new Set<PDFPage>();
  for (const t of req.texts ?? []) {
    const page = pageAt(t.page);
    page.drawText(t.text, { x: t.x, y: t.y, size: t.size, font: t.bold ? bold : regular, color: COLORS[t.color ?? 'black'] });
    touched.add(page);
  }
  const page = pageAt(req.visible.box.page);
  const { width: pw, height: ph } = page.getSize();
  const v = req.visible.topRight ? { ...req.visible, box: { ...req.visible.box, x: pw + req.visible.box.x, y: ph + req.visible.box.y } } : req.visible;
  touched.add(page);
  let textTop = v.box.y + v.box.height;
  if (v.image?.length) {
    const img = await doc.embedPng(v.image);
    const ib = v.imageBox ?? v.box;
    const scale = Math.min(ib.width / img.width, ib.height / img.height);
    page.drawImage(img, { x: ib.x, y: ib.y + ib.height - img.height * scale, width: img.width * scale, height: img.height * scale });
    if (!v.imageBox) textTop = v.box.y + v.box.height - img.height * scale;
  }
  drawLines(page, v.lines, v.box, regular, v.color, textTop);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: page,
    reason: req.reason,
    contactInfo: '',
    name: req.name,
    location: req.location,
    signingTime: req.signingTime,
    signatureLength: 12000,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: [v.box.x, v.box.y, v.box.x + v.box.width, v.box.y + v.box.height],
    appName: 'Liên Thông',
  });
  // The placeholder names every field "Signature1": each signature gets its own name.
  const annots = page.node.lookup(PDFName.of('Annots'), PDFArray);
  const widget = annots.lookup(annots.size() - 1, PDFDict);
  widget.set(PDFName.of('T'), PDFString.of(req.field));
  await doc.flush();
  const changed: PDFRef[] = [];
  for (const [ref] of doc.context.enumerateIndirectObjects()) if (ref.objectNumber >= firstNew) changed.push(ref);
  for (const p of touched) changed.push(p.ref);
  const root = doc.context.trailerInfo.Root as PDFRef;
  changed.push(root);
  const acro = doc.catalog.get(PDFName.of('AcroForm'));
  if (acro instanceof PDFRef) changed.push(acro);
  const fields = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).get(PDFName.of('Fields'));
  if (fields instanceof PDFRef) changed.push(fields);
  const annotsRef = page.node.get(PDFName.of('Annots'));
  if (annotsRef instanceof PDFRef) changed.push(annotsRef);
  for (const p of touched) {
    const c = p.node.get(PDFName.of('Contents'));
    if (c instanceof PDFRef && c.objectNumber < firstNew) changed.push(c);
  }
  const prepared = appendUpdate(original, doc, changed);
  return new SignPdf().sign(prepared, new ExternalSigner(req.signer), req.signingTime);
}
