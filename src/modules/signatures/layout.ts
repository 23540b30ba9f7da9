import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Box } from './pades.js';

/**
 * Where the number, the date and the signer's block are in a document laid out as an
 * administrative document (Decree 30/2020, appendix I): found once from the text of the PDF
 * (pdf.js) when the leader signs, kept with the draft, used again by the clerk at issue.
 * Positions are approximate (Times metrics, proportional within a text run); a document
 * where they are not found gets the defaults of the A4 layout of src/modules/pdf/render.ts.
 */
export interface Spot {
  page: number;
  x: number;
  y: number;
  size: number;
}

export interface Layout {
  /** Where the number goes (after "Số:"). */
  number: Spot | null;
  /** After "ngày" and after "tháng" of the place-and-date line; null when the date is already written. */
  day: Spot | null;
  month: Spot | null;
  /** The signer's block: between the title and the name. */
  signature: Box;
}

interface Item {
  str: string;
  transform: number[];
  width: number;
}

const DEFAULT_SIGNATURE: Box = { page: 0, x: 340, y: 150, width: 170, height: 62 };

let pdfjs: Promise<{ getDocument: (o: object) => { promise: Promise<{ numPages: number; getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }> }>; destroy(): Promise<void> }> } }> | null = null;
const load = () => (pdfjs ??= import(pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs')).href));

/**
 * The legacy build of PDF.js carries core-js, which replaces some of the engine's own
 * functions with its slower ones for the whole process: JSON.parse and JSON.stringify (every
 * request's JSON, the mails queued at issue), Array.prototype.push, Function.prototype.toString.
 * They are put back once PDF.js has read a document (its worker module loads with the first);
 * what it adds that Node 20 lacks (Promise.withResolvers …) stays.
 */
const natives = { parse: JSON.parse, stringify: JSON.stringify, push: Array.prototype.push, toString: Function.prototype.toString };
function restoreNatives() {
  if (JSON.parse !== natives.parse) JSON.parse = natives.parse;
  if (JSON.stringify !== natives.stringify) JSON.stringify = natives.stringify;
  if (Array.prototype.push !== natives.push) Array.prototype.push = natives.push;
  if (Function.prototype.toString !== natives.toString) Function.prototype.toString = natives.toString;
}

/** x of the character at `index` of a run, by the share of its characters (spaces count half). */
function xAt(item: Item, index: number): number {
  const weight = (s: string) => [...s].reduce((n, ch) => n + (ch === ' ' ? 0.5 : 1), 0);
  const total = weight(item.str) || 1;
  return item.transform[4]! + (item.width * weight(item.str.slice(0, index))) / total;
}

export async function locateLayout(pdf: Buffer, signerName: string | null): Promise<Layout> {
  try {
    return await readLayout(pdf, signerName);
  } finally {
    restoreNatives();
  }
}

async function readLayout(pdf: Buffer, signerName: string | null): Promise<Layout> {
  const { getDocument } = await load();
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false }).promise;
  try {
    const first = (await (await doc.getPage(1)).getTextContent()).items as Item[];
    const layout: Layout = { number: null, day: null, month: null, signature: DEFAULT_SIGNATURE };
    const size = (it: Item) => Math.abs(it.transform[0]!) || 13;
    const num = first.find((it) => /^\s*Số\s*:/.test(it.str));
    if (num) {
      const m = /^\s*Số\s*:\s*/.exec(num.str)!;
      const filled = /^\d/.test(num.str.slice(m[0].length));
      if (!filled) layout.number = { page: 0, x: m[0].length < num.str.length ? xAt(num, m[0].length) + 2 : num.transform[4]! + num.width + 3, y: num.transform[5]!, size: size(num) };
    }
    // The place-and-date line may come as one run or split at the blanks ("…, ngày", "tháng", "năm 2026").
    const dayItem = first.find((it) => /ngày/.test(it.str));
    const sameLine = dayItem ? first.filter((it) => Math.abs(it.transform[5]! - dayItem.transform[5]!) < 2) : [];
    const monthItem = sameLine.find((it) => /tháng/.test(it.str));
    if (dayItem && monthItem && !/ngày\s*\d/.test(sameLine.map((it) => it.str).join(' '))) {
      const after = (it: Item, word: string) => xAt(it, it.str.indexOf(word) + word.length);
      layout.day = { page: 0, x: after(dayItem, 'ngày') + 6, y: dayItem.transform[5]!, size: size(dayItem) };
      layout.month = { page: 0, x: after(monthItem, 'tháng') + 6, y: monthItem.transform[5]!, size: size(monthItem) };
    }
    const lastPage = doc.numPages;
    const items = (lastPage === 1 ? first : ((await (await doc.getPage(lastPage)).getTextContent()).items as Item[])).filter((it) => it.str.trim());
    const name = (signerName && items.filter((it) => it.str.trim() === signerName.trim()).at(-1)) || null;
    if (name) {
      const cx = name.transform[4]! + name.width / 2;
      layout.signature = { page: lastPage - 1, x: cx - 85, y: name.transform[5]! + size(name) + 2, width: 170, height: 62 };
    }
    return layout;
  } finally {
    await doc.destroy();
  }
}
