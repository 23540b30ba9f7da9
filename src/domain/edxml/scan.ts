import { doctypeRefused, tooComplex } from './errors.js';

export const MAX_DEPTH = 64;
export const MAX_ELEMENTS = 100_000;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const DASH = 0x2d;
const OPEN_BRACKET = 0x5b;

const COMMENT_END = Buffer.from('-->');
const PI_END = Buffer.from('?>');
const CDATA_END = Buffer.from(']]>');

/**
 * The next `byte` from `from`, or -1. Looked for byte by byte over a short distance (a
 * native call costs more than the few bytes between two tags), then natively (the base64
 * of an attachment: megabytes without a tag).
 */
function find(bytes: Buffer, byte: number, from: number): number {
  const near = Math.min(bytes.length, from + 48);
  for (let k = from; k < near; k++) if (bytes[k] === byte) return k;
  return near === bytes.length ? -1 : bytes.indexOf(byte, near);
}

/**
 * Depth and element count, counted on the bytes before any tree is built: a package of
 * megabytes of `<x/>` is refused at its 100,001st element, having cost a few milliseconds
 * and no memory. One pass; text (the base64 of attachments) is skipped by `indexOf`, so a
 * large package with few elements costs little more than a memory scan. What is not
 * well-formed is left for the parser to name: this only counts.
 */
export function checkXmlShape(bytes: Buffer, start = 0): void {
  const end = bytes.length;
  let depth = 0;
  let elements = 0;
  let i = start;
  for (;;) {
    const lt = find(bytes, LT, i);
    if (lt < 0 || lt + 1 >= end) return;
    const next = bytes[lt + 1]!;
    if (next === QUESTION) {
      const close = bytes.indexOf(PI_END, lt + 2);
      if (close < 0) return;
      i = close + 2;
      continue;
    }
    if (next === BANG) {
      if (bytes[lt + 2] === DASH && bytes[lt + 3] === DASH) {
        const close = bytes.indexOf(COMMENT_END, lt + 4);
        if (close < 0) return;
        i = close + 3;
        continue;
      }
      if (bytes[lt + 2] === OPEN_BRACKET) {
        const close = bytes.indexOf(CDATA_END, lt + 3);
        if (close < 0) return;
        i = close + 3;
        continue;
      }
      // DOCTYPE or ENTITY: refused, before anything could expand; anything else the parser names.
      if (/^<!\s*(DOCTYPE|ENTITY)/i.test(bytes.toString('latin1', lt, lt + 64))) throw doctypeRefused();
      return;
    }
    if (next === SLASH) {
      depth--;
      const close = find(bytes, GT, lt + 2);
      if (close < 0) return;
      i = close + 1;
      continue;
    }
    // A start tag: to its '>', jumping over quoted attribute values (which may hold '>').
    let j = lt + 1;
    for (;;) {
      const c = bytes[j];
      if (c === undefined) return;
      if (c === GT) break;
      if (c === DQUOTE || c === SQUOTE) {
        j = find(bytes, c, j + 1);
        if (j < 0) return;
      }
      j++;
    }
    if (++elements > MAX_ELEMENTS) throw tooComplex(`hơn ${MAX_ELEMENTS} phần tử.`, `more than ${MAX_ELEMENTS} elements.`);
    if (depth + 1 > MAX_DEPTH) throw tooComplex(`lồng sâu hơn ${MAX_DEPTH} mức.`, `nested deeper than ${MAX_DEPTH} levels.`);
    if (bytes[j - 1] !== SLASH) depth++;
    i = j + 1;
  }
}
