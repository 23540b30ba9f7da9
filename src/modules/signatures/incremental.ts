import { createHash } from 'node:crypto';
import { PDFArray, PDFHexString, PDFName, PDFRef, PDFString, type PDFDict, type PDFFont, type PDFObject } from 'pdf-lib';
import type { CmsSigner } from './cms.js';
import type { Box, SignRequest, TextOnPage } from './sign-request.js';
import { PdfReader } from './pdf-reader.js';
import { byteRanges, rangeHashPass } from './verify.js';
import { IncrementalUpdate, imageObject, subsetFont, type SubsetFont } from './pdf-update.js';

/**
 * A PAdES signature written as one incremental update without parsing the document: the
 * text written at issue and the visible signature go into a content stream added to their
 * pages, the font and the images are copied from objects made once per process, and the
 * signature dictionary, its widget and the form are written by hand. The signed byte range
 * is hashed as it is, in pieces (the original bytes, then the update around the signature).
 */

/** Bytes reserved for the CMS (hex-encoded twice as long in the file). */
const SIGNATURE_BYTES = 12000;
const RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';
const COLORS = { black: '0 0 0', red: '0.8 0 0', blue: '0 0.2 0.7' } as const;

const n = (v: number) => (Math.round(v * 100) / 100).toString();
const text = (s: string) => PDFHexString.fromText(s).toString();
const pdfDate = (d: Date) => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;
const stream = (data: string, dict = '') => `<< /Length ${Buffer.byteLength(data, 'latin1')}${dict} >>\nstream\n${data}\nendstream`;

/**
 * Texts laid out by fontkit, kept per font: the agency's name, the numbers and the days and
 * months come back at every issue, and a layout costs a quarter of a millisecond.
 */
const laidOut = new WeakMap<PDFFont, { hex: Map<string, string>; width: Map<string, number> }>();
function layoutsOf(font: PDFFont) {
  let known = laidOut.get(font);
  if (!known) laidOut.set(font, (known = { hex: new Map(), width: new Map() }));
  return known;
}
function remembered<T>(map: Map<string, T>, key: string, make: () => T): T {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= 1024) map.delete(map.keys().next().value!);
    map.set(key, (v = make()));
  }
  return v;
}
/** The text as the font's glyph ids (a hex string for Tj). */
const encoded = (font: PDFFont, s: string) => remembered(layoutsOf(font).hex, s, () => font.encodeText(s).toString());
/** Width in points at this size (widths scale with the size). */
const widthOf = (font: PDFFont, s: string, size: number) => (remembered(layoutsOf(font).width, s, () => font.widthOfTextAtSize(s, 1000)) * size) / 1000;

export interface PreparedUpdate {
  reader: PdfReader;
  update: IncrementalUpdate;
  sigRef: PDFRef;
}

export async function prepareUpdate(req: SignRequest): Promise<PreparedUpdate> {
  const reader = new PdfReader(req.pdf);
  const update = new IncrementalUpdate(reader);
  const v = req.visible;
  const sigPage = await reader.page(v.box.page);
  const [x0, y0, x1, y1] = sigPage.mediaBox as [number, number, number, number];
  const at = (b: Box): Box => (v.topRight ? { ...b, x: x1 + b.x, y: y1 + b.y } : { ...b, x: b.x + x0, y: b.y + y0 });
  const box = at(v.box);

  const texts = req.texts ?? [];
  const pageInfo = new Map([[v.box.page, sigPage]]);
  for (const t of texts) if (!pageInfo.has(t.page)) pageInfo.set(t.page, await reader.page(t.page));
  const regular = await subsetFont('Regular', [...v.lines, ...texts.filter((t) => !t.bold).map((t) => t.text)]);
  const bold = texts.some((t) => t.bold) ? await subsetFont('Bold', texts.filter((t) => t.bold).map((t) => t.text)) : null;
  const fontIn = async (f: SubsetFont) => (await fontInFile(reader, [...pageInfo.values()], f.id)) ?? update.instantiate(f.template);
  const regularRef = await fontIn(regular);
  const boldRef = bold ? await fontIn(bold) : null;
  const fontName = (ref: PDFRef) => `LtF${ref.objectNumber}`;
  const show = (t: TextOnPage) => {
    const f = t.bold && bold ? bold : regular;
    const ref = t.bold && boldRef ? boldRef : regularRef;
    return `BT /${fontName(ref)} ${n(t.size)} Tf ${COLORS[t.color ?? 'black']} rg 1 0 0 1 ${n(t.x)} ${n(t.y)} Tm ${encoded(f.font, t.text.normalize('NFC'))} Tj ET`;
  };

  // What each page gets: operators, and the image it names.
  const pages = new Map<number, { ops: string[]; images: Map<string, PDFRef> }>();
  const onPage = (p: number) => {
    let e = pages.get(p);
    if (!e) pages.set(p, (e = { ops: [], images: new Map() }));
    return e;
  };
  for (const t of texts) onPage(t.page).ops.push(show({ ...t, x: t.x + x0, y: t.y + y0 }));

  const sig = onPage(v.box.page);
  let textTop = box.y + box.height;
  if (v.image?.length) {
    const img = await imageObject(v.image);
    const ref = update.instantiate(img.template);
    const ib = v.imageBox ? at(v.imageBox) : box;
    const scale = Math.min(ib.width / img.width, ib.height / img.height);
    const w = img.width * scale;
    const h = img.height * scale;
    sig.images.set(`LtI${ref.objectNumber}`, ref);
    sig.ops.push(`q ${n(w)} 0 0 ${n(h)} ${n(ib.x)} ${n(ib.y + ib.height - h)} cm /LtI${ref.objectNumber} Do Q`);
    if (!v.imageBox) textTop = box.y + box.height - h;
  }
  let size = 8;
  const widest = Math.max(...v.lines.map((l) => widthOf(regular.font, l, size)));
  if (widest > box.width - 4) size = Math.max(5, (size * (box.width - 4)) / widest);
  let y = textTop - size - 1;
  for (const l of v.lines) {
    sig.ops.push(show({ page: v.box.page, x: box.x + 2, y, size, text: l, color: v.color }));
    y -= size + 2;
  }

  const sigRef = update.allocate();
  const widgetRef = update.allocate();
  const appearanceRef = update.allocate();
  const rect = `[${n(box.x)} ${n(box.y)} ${n(box.x + box.width)} ${n(box.y + box.height)}]`;
  update.put(
    sigRef,
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${RANGE_PLACEHOLDER} /Contents <${'0'.repeat(SIGNATURE_BYTES * 2)}> /Reason ${text(req.reason)} /Name ${text(req.name)} /Location ${text(req.location)} /M ${pdfDate(req.signingTime)} /Prop_Build << /App << /Name /Lien#20Thong >> >> >>`,
  );
  update.put(appearanceRef, stream('', ` /Type /XObject /Subtype /Form /BBox [0 0 ${n(box.width)} ${n(box.height)}]`));

  const fontRefs = [regularRef, ...(boldRef ? [boldRef] : [])];
  const q = update.allocate();
  update.put(q, stream('q'));
  for (const [p, e] of pages) {
    const page = pageInfo.get(p)!;
    const dict = page.dict.clone(reader.context);
    const ours = update.allocate();
    update.put(ours, stream(`Q\nq\n${e.ops.join('\n')}\nQ`));
    const contents = await reader.lookup(dict.get(PDFName.of('Contents')));
    const old: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : dict.get(PDFName.of('Contents')) ? [dict.get(PDFName.of('Contents'))!] : [];
    dict.set(PDFName.of('Contents'), reader.context.obj([q, ...old, ours]));
    dict.set(PDFName.of('Resources'), await resourcesWith(reader, page.resources, fontRefs, e.images));
    if (p === v.box.page) {
      update.put(widgetRef, `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${text(req.field)} /V ${sigRef} /F 132 /P ${page.ref} /Rect ${rect} /AP << /N ${appearanceRef} >> >>`);
      const annots = dict.get(PDFName.of('Annots'));
      const list = await reader.lookup(annots);
      if (annots instanceof PDFRef && list instanceof PDFArray) update.put(annots, withItem(reader, list, widgetRef));
      else dict.set(PDFName.of('Annots'), list instanceof PDFArray ? withItem(reader, list, widgetRef) : reader.context.obj([widgetRef]));
    }
    update.put(page.ref, dict);
  }
  await addField(reader, update, widgetRef);
  return { reader, update, sigRef };
}

/** Our font already in the file (an earlier update), named from one of these pages' resources. */
async function fontInFile(reader: PdfReader, pages: { resources: PDFDict | undefined }[], id: string): Promise<PDFRef | null> {
  for (const page of pages) {
    const fonts = await reader.dict(page.resources?.get(PDFName.of('Font')));
    for (const [name, ref] of fonts?.entries() ?? []) {
      if (!name.asString().startsWith('/LtF') || !(ref instanceof PDFRef)) continue;
      const marker = (await reader.dict(ref))?.get(PDFName.of('LtFont'));
      if (marker instanceof PDFString && marker.asString() === id) return ref;
    }
  }
  return null;
}

function withItem(reader: PdfReader, list: PDFArray, item: PDFRef): PDFArray {
  return reader.context.obj([...list.asArray(), item]);
}

/** A page's resources (inherited or its own) with the fonts and images of the update added, as a new direct dictionary. */
async function resourcesWith(reader: PdfReader, resources: PDFDict | undefined, fonts: PDFRef[], images: Map<string, PDFRef>): Promise<PDFDict> {
  const out = resources ? resources.clone(reader.context) : reader.context.obj({});
  const sub = async (key: string) => {
    const d = await reader.dict(out.get(PDFName.of(key)));
    const copy = d ? d.clone(reader.context) : reader.context.obj({});
    out.set(PDFName.of(key), copy);
    return copy;
  };
  const f = await sub('Font');
  for (const ref of fonts) f.set(PDFName.of(`LtF${ref.objectNumber}`), ref);
  if (images.size) {
    const x = await sub('XObject');
    for (const [name, ref] of images) x.set(PDFName.of(name), ref);
  }
  return out;
}

/** The signature field in the document's form (made when the document has none). */
async function addField(reader: PdfReader, update: IncrementalUpdate, widget: PDFRef) {
  const rootRef = reader.trailer.get(PDFName.of('Root'));
  const catalog = await reader.dict(rootRef);
  if (!(rootRef instanceof PDFRef) || !catalog) throw new Error('no catalog');
  const acroRef = catalog.get(PDFName.of('AcroForm'));
  const acro = await reader.dict(acroRef);
  const form = acro ? acro.clone(reader.context) : reader.context.obj({});
  const fieldsRef = form.get(PDFName.of('Fields'));
  const fields = await reader.lookup(fieldsRef);
  if (fieldsRef instanceof PDFRef && fields instanceof PDFArray) update.put(fieldsRef, withItem(reader, fields, widget));
  else form.set(PDFName.of('Fields'), fields instanceof PDFArray ? withItem(reader, fields, widget) : reader.context.obj([widget]));
  form.set(PDFName.of('SigFlags'), reader.context.obj(3));
  if (acroRef instanceof PDFRef) {
    update.put(acroRef, form);
    return;
  }
  const formRef = update.allocate();
  update.put(formRef, form);
  const newCatalog = catalog.clone(reader.context);
  newCatalog.set(PDFName.of('AcroForm'), formRef);
  update.put(rootRef, newCatalog);
}

/** A file just signed, with what its one hashing pass found on the way. */
export interface SignedPdf {
  pdf: Buffer;
  /** SHA-256 (hex) of the whole file: its name in the blob store. */
  sha256: string;
  /** SHA-256 of each signature's byte range, in file order (the new one last): its verification needs not hash the file again. */
  rangeHashes: Buffer[];
}

/**
 * Fills the byte range and writes the CMS into the placeholder. The file is hashed once,
 * from its start: the running hash is copied at each signature's /Contents (the earlier
 * ones' ranges, then the new one's, which is signed), and once the CMS is written the same
 * hash goes on over the rest for the file's own SHA-256.
 */
export async function signUpdate(original: Buffer, prepared: PreparedUpdate, signer: CmsSigner, signingTime: Date): Promise<SignedPdf> {
  const { appended, bodyAt } = prepared.update.build(original);
  const sigAt = bodyAt.get(prepared.sigRef.objectNumber)!;
  const rangeAt = appended.indexOf(RANGE_PLACEHOLDER, sigAt, 'latin1');
  const hexAt = appended.indexOf('/Contents <', sigAt, 'latin1') + '/Contents '.length;
  const L = original.length;
  const b = L + hexAt;
  const c = b + SIGNATURE_BYTES * 2 + 2;
  const d = L + appended.length - c;
  const range = `/ByteRange [0 ${b} ${c} ${d}]`;
  appended.write(range.slice(0, -1).padEnd(RANGE_PLACEHOLDER.length - 1, ' ') + ']', rangeAt, 'latin1');
  const pdf = Buffer.concat([original, appended]);
  const pass = rangeHashPass(pdf, [...byteRanges(original), [0, b, c, d]]);
  const cms = await signer.signDigest(pass.hashes.at(-1)!, signingTime);
  if (cms.length > SIGNATURE_BYTES) throw new Error(`CMS of ${cms.length} bytes does not fit the ${SIGNATURE_BYTES} reserved`);
  pdf.write(cms.toString('hex'), b + 1, 'latin1');
  const sha256 = pass.running && pass.at === b ? pass.running.update(pdf.subarray(b)).digest('hex') : createHash('sha256').update(pdf).digest('hex');
  return { pdf, sha256, rangeHashes: pass.hashes };
}
