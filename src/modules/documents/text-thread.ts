import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TEXT_LIMITS } from '../../domain/file-text.js';

/**
 * Reading the text of a file (PDF text layer, DOCX/XLSX/ODF XML) on a thread of its own:
 * PDF.js parses on the thread that calls it, and a large file would hold up the requests.
 * The thread has a memory ceiling, and one file that takes longer than the time limit ends
 * the thread (a new one reads the next file). The libraries are found from here and their
 * locations passed in: the code runs as evaluated text, as the bundled server has no file
 * of its own for it.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { unzipSync, strFromU8 } = require(workerData.fflate);
let pdfjs = null;

async function pdfText(data, limits) {
  pdfjs ??= await import(workerData.pdfjs);
  const doc = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false }).promise;
  try {
    const parts = [];
    let length = 0;
    const pages = Math.min(doc.numPages, limits.maxPdfPages);
    for (let n = 1; n <= pages && length < limits.maxFileChars; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (typeof item.str !== 'string') continue;
        parts.push(item.str, item.hasEOL ? '\\n' : '');
        length += item.str.length + 1;
      }
      parts.push('\\n');
      page.cleanup();
    }
    return { text: parts.join(''), pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function xmlText(xml, breaks) {
  return xml
    .replace(breaks, '\\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e) => {
      if (e[0] !== '#') return ENTITIES[e] ?? m;
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    });
}

// Only the parts that hold the text are unpacked, and none larger than the limit.
function unzip(data, wanted, limits) {
  let total = 0;
  const files = unzipSync(data, { filter: (f) => wanted(f.name) && f.originalSize <= limits.maxEntryBytes && (total += f.originalSize) <= limits.maxEntryBytes * 2 });
  return Object.keys(files).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((name) => strFromU8(files[name]));
}

function officeText(kind, data, limits) {
  if (kind === 'docx') {
    const parts = unzip(data, (n) => n === 'word/document.xml' || /^word\\/(footnotes|endnotes)\\.xml$/.test(n), limits);
    return parts.map((x) => xmlText(x.replace(/<w:(tab|br|cr)\\b[^>]*\\/>/g, ' ').replace(/<w:instrText\\b[^>]*>[^<]*<\\/w:instrText>/g, ''), /<\\/w:p>/g)).join('\\n');
  }
  if (kind === 'xlsx') {
    const parts = unzip(data, (n) => n === 'xl/sharedStrings.xml' || /^xl\\/worksheets\\/sheet\\d+\\.xml$/.test(n), limits);
    // Shared strings, and strings written in the cells themselves; numbers are left out.
    return parts.map((x) => (x.includes('<sst') ? xmlText(x, /<\\/si>/g) : (x.match(/<is>[\\s\\S]*?<\\/is>/g) ?? []).map((s) => xmlText(s, /<\\/is>/g)).join(' '))).join('\\n');
  }
  const parts = unzip(data, (n) => n === 'content.xml', limits);
  return parts.map((x) => xmlText(x.slice(Math.max(0, x.indexOf('<office:body'))).replace(/<text:(s|tab|line-break)\\b[^>]*\\/>/g, ' '), /<\\/(text:p|text:h|table:table-cell)>/g)).join('\\n');
}

parentPort.on('message', async (m) => {
  try {
    const data = new Uint8Array(m.buffer, 0, m.length);
    const out = m.kind === 'pdf' ? await pdfText(data, m.limits) : { text: officeText(m.kind, data, m.limits), pages: null };
    parentPort.postMessage({ id: m.id, text: out.text, pages: out.pages });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e).slice(0, 300) });
  }
});
`;

export type ReadableKind = 'pdf' | 'docx' | 'xlsx' | 'odf';

let worker: Worker | null = null;
let nextId = 1;
// PDF.js and its heap cost tens of megabytes: a thread left without work ends, the next file starts one.
const IDLE_MS = 5_000;
let idleTimer: NodeJS.Timeout | null = null;
const pending = new Map<number, { resolve: (v: { text: string; pages: number | null }) => void; reject: (e: Error) => void }>();

function libraries() {
  const require = createRequire(import.meta.url);
  return { fflate: require.resolve('fflate'), pdfjs: pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href };
}

function thread(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER, { eval: true, execArgv: [], workerData: libraries(), resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 } });
  const failAll = (e: Error) => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on('message', (m: { id: number; text?: string; pages?: number | null; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (!pending.size) {
      w.unref();
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        if (pending.size || worker !== w) return;
        worker = null;
        void w.terminate();
      }, IDLE_MS);
      idleTimer.unref();
    }
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve({ text: m.text ?? '', pages: m.pages ?? null });
  });
  w.on('error', failAll);
  w.on('exit', (code) => failAll(new Error(`the text thread stopped (exit code ${code})`)));
  w.unref();
  return (worker = w);
}

/** The text of a file of a kind that is read; rejects when it cannot be read in time. */
export function readFileText(kind: ReadableKind, bytes: Uint8Array, timeoutMs = TEXT_LIMITS.timeoutMs): Promise<{ text: string; pages: number | null }> {
  if (idleTimer) clearTimeout(idleTimer);
  const w = thread();
  const id = nextId++;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`reading took longer than ${Math.round(timeoutMs / 1000)} s`));
      // A file that keeps the thread busy this long stops it; the next one gets a new thread.
      if (worker === w) worker = null;
      void w.terminate();
    }, timeoutMs);
    pending.set(id, {
      resolve: (v) => (clearTimeout(timer), resolve(v)),
      reject: (e) => (clearTimeout(timer), reject(e)),
    });
    w.ref();
    w.postMessage({ id, kind, buffer: copy.buffer, length: copy.byteLength, limits: TEXT_LIMITS }, [copy.buffer]);
  });
}

/** Ends the thread (tests, shutdown). */
export async function stopTextThread() {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
