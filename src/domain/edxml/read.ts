import { isAscii, isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { DomainError } from '../errors.js';
import { declareStrayPrefixes } from './namespaces.js';
import { doctypeRefused, malformedXml, packageTooLarge, tooComplex, wrongEncoding } from './errors.js';
import { checkXmlShape, MAX_DEPTH, MAX_ELEMENTS } from './scan.js';

export interface EdxmlLimits {
  maxPackageBytes: number;
  maxAttachmentBytes: number;
}

/**
 * A package read into a DOM. Long runs of plain text (the base64 of attachments) are cut
 * out of the text before parsing and stand in the DOM as placeholders (`token` + index):
 * the parser then handles a few kilobytes, whatever the size of the files, and the bytes
 * are decoded or hashed straight from the input.
 */
export interface XmlInput extends PackageText {
  doc: Document;
}

/** The text of a package without its tree: what is kept of it, and what crosses between threads. */
export interface PackageText {
  skeleton: string;
  runs: Buffer[];
  token: string;
}

const RUN_MIN = 32 * 1024;

export const runPattern = (token: string) => new RegExp(`${token}N(\\d+)Z`, 'g');

/** A run can stand in for itself only if parsing and canonicalising leave it unchanged. */
const plainRun = (run: Buffer) => isAscii(run) && run.indexOf(0x26) < 0 && run.indexOf(0x0d) < 0 && run.indexOf(0x3e) < 0;

function cutRuns(bytes: Buffer, start: number, token: string) {
  const parts: string[] = [];
  const runs: Buffer[] = [];
  let last = start;
  let pos = start;
  for (;;) {
    const gt = bytes.indexOf(0x3e, pos);
    if (gt < 0) break;
    const lt = bytes.indexOf(0x3c, gt + 1);
    if (lt < 0) break;
    if (lt - gt - 1 >= RUN_MIN) {
      const run = bytes.subarray(gt + 1, lt);
      if (plainRun(run)) {
        parts.push(bytes.subarray(last, gt + 1).toString('utf8'), `${token}N${runs.length}Z`);
        runs.push(run);
        last = lt;
      }
    }
    pos = lt;
  }
  parts.push(bytes.subarray(last).toString('utf8'));
  return { skeleton: parts.join(''), runs };
}

function checkEncoding(bytes: Buffer): number {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0x3c && bytes[1] === 0x00) || (bytes[0] === 0x00 && bytes[1] === 0x3c)) {
    throw wrongEncoding('gói được mã hóa UTF-16 / the package is UTF-16');
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const head = bytes.subarray(start, start + 300).toString('latin1');
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(head)?.[1];
  if (declared !== undefined && !/^utf-?8$/i.test(declared.trim())) throw wrongEncoding(`khai báo encoding="${declared}" / declared encoding="${declared}"`);
  if (!isUtf8(bytes)) throw wrongEncoding('có chuỗi byte không phải UTF-8 / it holds byte sequences that are not UTF-8');
  return start;
}

function parseDom(skeleton: string): Document {
  let first: string | null = null;
  const parser = new DOMParser({
    onError: (level, msg) => {
      first ??= msg;
      throw new Error(msg);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(declareStrayPrefixes(skeleton), 'text/xml') as unknown as Document;
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const msg = (first ?? (e as Error).message ?? 'lỗi cú pháp').replace(/\[xmldom [a-zA-Z]+\]\s*/g, '').replace(/\s+/g, ' ').trim();
    throw malformedXml(msg.slice(0, 300));
  }
  if (!doc?.documentElement) throw malformedXml('không có phần tử gốc / no root element');
  return doc;
}

/** Depth and element count again, on the tree (the scan counted the bytes), and each run placed once. */
function checkShape(doc: Document, token: string, runCount: number): boolean {
  const stack: [Node, number][] = [[doc.documentElement, 1]];
  let elements = 0;
  const seen = new Array<number>(runCount).fill(0);
  const placeholder = new RegExp(`^${token}N(\\d+)Z$`);
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node.nodeType === 1) {
      if (++elements > MAX_ELEMENTS) throw tooComplex(`hơn ${MAX_ELEMENTS} phần tử.`, `more than ${MAX_ELEMENTS} elements.`);
      if (depth > MAX_DEPTH) throw tooComplex(`lồng sâu hơn ${MAX_DEPTH} mức.`, `nested deeper than ${MAX_DEPTH} levels.`);
      for (let c = node.firstChild; c; c = c.nextSibling) stack.push([c, depth + 1]);
    } else if (node.nodeType === 3 && runCount) {
      const m = placeholder.exec((node as Text).data);
      if (m) seen[Number(m[1])]!++;
    }
  }
  return seen.every((n) => n === 1);
}

/** Reads the bytes of a package: size, encoding and safety checks, then the DOM. */
export function readXml(bytes: Buffer, limits: EdxmlLimits): XmlInput {
  if (bytes.length === 0) throw malformedXml('gói rỗng / the package is empty');
  if (bytes.length > limits.maxPackageBytes) throw packageTooLarge(limits.maxPackageBytes);
  const start = checkEncoding(bytes);
  checkXmlShape(bytes, start);
  const token = `EDXMLRUN${randomBytes(12).toString('hex')}`;
  let { skeleton, runs } = cutRuns(bytes, start, token);
  // Entity declarations are where XXE and entity expansion live: refused outright.
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(skeleton)) throw doctypeRefused();
  let doc = parseDom(skeleton);
  const occurrences = runs.length ? skeleton.split(token).length - 1 : 0;
  if (!checkShape(doc, token, runs.length) || occurrences !== runs.length) {
    // A cut landed in a comment or CDATA section: read the text as it is.
    skeleton = bytes.subarray(start).toString('utf8');
    runs = [];
    doc = parseDom(skeleton);
    checkShape(doc, token, 0);
  }
  return { doc, skeleton, runs, token };
}
