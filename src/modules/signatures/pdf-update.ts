import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFCrossRefStream, PDFDocument, PDFName, PDFRef, type PDFDict, type PDFFont, type PDFObject } from 'pdf-lib';
import { fontPath } from '../pdf/render.js';
import type { PdfReader } from './pdf-reader.js';

/**
 * The objects of one incremental update, appended after the original bytes with a
 * cross-reference section (a table, or a stream when the file uses streams) whose trailer
 * points back at the previous one (/Prev). The original bytes are never rewritten.
 */

export function bytesOf(obj: PDFObject): Buffer {
  const b = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(b, 0);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

export class IncrementalUpdate {
  private next: number;
  private readonly objects = new Map<number, Buffer>();

  constructor(private readonly reader: PdfReader) {
    this.next = reader.size;
  }

  allocate(): PDFRef {
    return PDFRef.of(this.next++);
  }

  put(ref: PDFRef, obj: PDFObject | Buffer | string) {
    this.objects.set(ref.objectNumber, typeof obj === 'string' ? Buffer.from(obj, 'latin1') : Buffer.isBuffer(obj) ? obj : bytesOf(obj));
  }

  /** Copies a template (fonts, images made once per process) under fresh numbers; answers its root. */
  instantiate(t: Template): PDFRef {
    const map = new Map(t.objects.map((o) => [o.num, this.allocate().objectNumber]));
    for (const o of t.objects) {
      const head = o.head.replace(/(\d+) 0 R/g, (all, n: string) => (map.has(Number(n)) ? `${map.get(Number(n))} 0 R` : all));
      this.put(PDFRef.of(map.get(o.num)!), o.tail ? Buffer.concat([Buffer.from(head, 'latin1'), o.tail]) : head);
    }
    return PDFRef.of(map.get(t.root)!);
  }

  /**
   * The bytes appended after the original, and the offset (within them) of each object's
   * body, so the caller can find its placeholders.
   */
  build(original: Buffer): { appended: Buffer; bodyAt: Map<number, number> } {
    const parts: Buffer[] = [];
    let offset = original.length;
    const push = (b: Buffer) => {
      parts.push(b);
      offset += b.length;
    };
    if (original[original.length - 1] !== 0x0a) push(Buffer.from('\n'));
    const entries: { num: number; offset: number }[] = [];
    const bodyAt = new Map<number, number>();
    for (const num of [...this.objects.keys()].sort((a, b) => a - b)) {
      entries.push({ num, offset });
      const head = Buffer.from(`${num} 0 obj\n`);
      bodyAt.set(num, offset - original.length + head.length);
      push(head);
      push(this.objects.get(num)!);
      push(Buffer.from('\nendobj\n'));
    }
    const t = this.reader.trailer;
    const size = Math.max(this.next, this.reader.size);
    const trailer = (extra: number) => {
      const d = this.reader.context.obj({}) as PDFDict;
      d.set(PDFName.of('Size'), this.reader.context.obj(size + extra));
      for (const k of ['Root', 'Info', 'ID']) {
        const v = t.get(PDFName.of(k));
        if (v) d.set(PDFName.of(k), v);
      }
      d.set(PDFName.of('Prev'), this.reader.context.obj(this.reader.lastXref));
      return d;
    };
    const xrefAt = offset;
    if (this.reader.lastIsStream) {
      const ref = PDFRef.of(size);
      const dict = trailer(1);
      dict.set(PDFName.of('Type'), PDFName.of('XRef'));
      const stream = PDFCrossRefStream.create(dict, true);
      for (const e of entries) stream.addUncompressedEntry(PDFRef.of(e.num), e.offset);
      stream.addUncompressedEntry(ref, xrefAt);
      push(Buffer.concat([Buffer.from(`${size} 0 obj\n`), bytesOf(stream), Buffer.from(`\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`)]));
    } else {
      const xref = xrefTable(entries);
      push(Buffer.concat([Buffer.from(`${xref}trailer\n`), bytesOf(trailer(0)), Buffer.from(`\nstartxref\n${xrefAt}\n%%EOF\n`)]));
    }
    return { appended: Buffer.concat(parts), bodyAt };
  }
}

/** Serialized objects (numbers of their own) reachable from a root, to be copied under fresh numbers. */
export interface Template {
  root: number;
  objects: { num: number; head: string; tail: Buffer | null }[];
}

function templateOf(doc: PDFDocument, root: PDFRef): Template {
  const objects: Template['objects'] = [];
  const seen = new Set<number>();
  const queue = [root.objectNumber];
  while (queue.length) {
    const num = queue.shift()!;
    if (seen.has(num)) continue;
    seen.add(num);
    const obj = doc.context.lookup(PDFRef.of(num));
    if (!obj) continue;
    const bytes = bytesOf(obj);
    // A stream's data (binary) is kept apart: only its dictionary names other objects.
    const at = bytes.indexOf('\nstream\n');
    const head = (at >= 0 ? bytes.subarray(0, at + 8) : bytes).toString('latin1');
    objects.push({ num, head, tail: at >= 0 ? Buffer.from(bytes.subarray(at + 8)) : null });
    for (const m of head.matchAll(/(\d+) 0 R/g)) queue.push(Number(m[1]));
  }
  return { root: root.objectNumber, objects };
}

/**
 * Tinos, embedded once per process with the widths of the letters of Vietnamese (and of what
 * a text adds to them), copied into an update unless the file already holds it from an
 * earlier one (the leader's signature): no font is parsed or embedded while signing. Whole,
 * not subset: pdf-lib's subsets lose glyphs when drawn (see src/modules/pdf/fonts.ts).
 * Ligatures and contextual forms are off so that a text's glyphs are those of its letters.
 */
const VIETNAMESE = (() => {
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  s += 'ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư–—…“”‘’°×';
  for (let c = 0x1ea0; c <= 0x1ef9; c++) s += String.fromCharCode(c);
  return s;
})();

export interface SubsetFont {
  font: PDFFont;
  template: Template;
  /** Written into the font dictionary (/LtFont): a later update of the same file finds the font there and reuses it. */
  id: string;
}

const fonts = new Map<'Regular' | 'Bold', { chars: Set<string>; made: Promise<SubsetFont> }>();

async function makeFont(style: 'Regular' | 'Bold', chars: Set<string>): Promise<SubsetFont> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await fs.readFile(fontPath(style)), { subset: false, features: { liga: false, clig: false, calt: false, dlig: false, rlig: false } });
  font.encodeText([...chars].join(''));
  await doc.flush();
  const template = templateOf(doc, font.ref);
  const id = `Tinos-${style}-${createHash('sha256').update([...chars].sort().join('')).digest('hex').slice(0, 16)}`;
  const root = template.objects.find((o) => o.num === template.root)!;
  root.head = root.head.replace(/^<</, `<<\n/LtFont (${id})`);
  return { font, template, id };
}

/** The font for these texts; made again (rarely) when a text has a letter outside the subset. */
export function subsetFont(style: 'Regular' | 'Bold', texts: string[]): Promise<SubsetFont> {
  let known = fonts.get(style);
  const wanted = new Set(texts.join('').normalize('NFC'));
  if (!known || [...wanted].some((c) => !known!.chars.has(c))) {
    const chars = new Set([...VIETNAMESE, ...(known?.chars ?? []), ...wanted]);
    known = { chars, made: makeFont(style, chars) };
    known.made.catch(() => fonts.delete(style));
    fonts.set(style, known);
  }
  return known.made;
}

/** A PNG (seal, handwritten signature) as an image XObject, made once per image. */
const images = new Map<string, Promise<{ template: Template; width: number; height: number }>>();

export function imageObject(png: Uint8Array) {
  const id = createHash('sha256').update(png).digest('hex');
  let known = images.get(id);
  if (!known) {
    known = (async () => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      const img = await doc.embedPng(png);
      await doc.flush();
      return { template: templateOf(doc, img.ref), width: img.width, height: img.height };
    })();
    known.catch(() => images.delete(id));
    if (images.size > 64) images.delete(images.keys().next().value!);
    images.set(id, known);
  }
  return known;
}

/** A classic cross-reference section of the objects an update adds, in runs of consecutive numbers. */
export function xrefTable(entries: { num: number; offset: number }[]): string {
  let xref = 'xref\n0 1\n0000000000 65535 f \n';
  for (let i = 0; i < entries.length; ) {
    let j = i;
    while (j + 1 < entries.length && entries[j + 1]!.num === entries[j]!.num + 1) j++;
    xref += `${entries[i]!.num} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) xref += `${String(entries[k]!.offset).padStart(10, '0')} 00000 n \n`;
    i = j + 1;
  }
  return xref;
}
