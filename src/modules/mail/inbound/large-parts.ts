import { randomBytes } from 'node:crypto';

/**
 * Large base64 attachments taken out of a message before it is parsed. Splitting a 1 MB
 * attachment into 76-character lines and decoding it line by line is most of what a MIME
 * parser does with a typical official mail; here the part boundaries are found with native
 * searches and the body is decoded in one call. The parser then reads a small message whose
 * large bodies are placeholders, and the decoded bytes take their place afterwards.
 *
 * Only leaf parts the parser always treats as attachments are taken (not text/*, not
 * message/*), and only when both decoders read them alike; anything unusual is left to the
 * parser, which reads the whole message when a placeholder does not come back.
 */

export interface LargeParts {
  /** The message with each large body replaced by a placeholder (base64 of a token). */
  stripped: Buffer;
  /** Decoded bodies by their token. */
  bodies: Map<string, Buffer>;
}

const MIN_BODY = 64 * 1024;
const MAX_DEPTH = 20;
const MAX_PARTS = 1000;
const PADDING_ONLY = /^[=\s]*$/;

interface Range {
  start: number;
  end: number;
}

const MAX_HEADER_BYTES = 64 * 1024;

/** Where a part's headers end and its body starts (headers longer than 64 KB: left to the parser). */
function headerEnd(raw: Buffer, start: number, end: number): { headers: number; body: number } | null {
  const window = raw.subarray(start, Math.min(end, start + MAX_HEADER_BYTES));
  const crlf = window.indexOf('\r\n\r\n', 0, 'latin1');
  const lf = window.indexOf('\n\n', 0, 'latin1');
  const at = [crlf < 0 ? Infinity : crlf, lf < 0 ? Infinity : lf];
  if (at[0] === Infinity && at[1] === Infinity) return null;
  return at[0]! <= at[1]! ? { headers: start + at[0]!, body: start + at[0]! + 4 } : { headers: start + at[1]!, body: start + at[1]! + 2 };
}

function headerValues(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!map.has(name)) map.set(name, line.slice(colon + 1).trim());
  }
  return map;
}

/** Positions of the boundary lines of a multipart body: `--boundary` at a line start, followed by `--`, white space or a line end. */
function delimiters(raw: Buffer, boundary: string, start: number, end: number): { at: number; close: boolean; next: number }[] {
  const marker = Buffer.from(`--${boundary}`, 'latin1');
  const out: { at: number; close: boolean; next: number }[] = [];
  let from = start;
  while (from < end && out.length <= MAX_PARTS) {
    const at = raw.indexOf(marker, from);
    if (at < 0 || at >= end) break;
    from = at + marker.length;
    if (at !== start && raw[at - 1] !== 0x0a) continue;
    const after = raw[at + marker.length];
    const close = after === 0x2d && raw[at + marker.length + 1] === 0x2d;
    if (!close && after !== undefined && after !== 0x0d && after !== 0x0a && after !== 0x20 && after !== 0x09) continue;
    const eol = raw.indexOf(0x0a, at + marker.length);
    out.push({ at, close, next: eol < 0 ? end : eol + 1 });
    if (close) break;
  }
  return out;
}

function collect(raw: Buffer, start: number, end: number, depth: number, found: Range[]): void {
  if (depth > MAX_DEPTH || found.length > MAX_PARTS) return;
  const h = headerEnd(raw, start, end);
  if (!h) return;
  const headers = headerValues(raw.toString('latin1', start, h.headers));
  const contentType = headers.get('content-type') ?? 'text/plain';
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  if (media.startsWith('multipart/')) {
    const m = /boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;"]{1,200}))/i.exec(contentType);
    const boundary = m?.[1] ?? m?.[2];
    if (!boundary) return;
    const lines = delimiters(raw, boundary, h.body, end);
    for (let i = 0; i + 1 < lines.length; i++) {
      const partStart = lines[i]!.next;
      const nextAt = lines[i + 1]!.at;
      // The line break before a boundary line belongs to the boundary.
      const partEnd = raw[nextAt - 2] === 0x0d ? nextAt - 2 : nextAt - 1;
      if (partEnd > partStart) collect(raw, partStart, partEnd, depth + 1, found);
    }
    return;
  }
  if (media.startsWith('text/') || media.startsWith('message/')) return;
  if ((headers.get('content-transfer-encoding') ?? '').trim().toLowerCase() !== 'base64') return;
  if (end - h.body >= MIN_BODY) found.push({ start: h.body, end });
}

/** The large base64 bodies of a message, or null when it has none worth taking out. */
export function takeLargeParts(raw: Buffer): LargeParts | null {
  const found: Range[] = [];
  collect(raw, 0, raw.length, 0, found);
  if (!found.length) return null;
  const nonce = randomBytes(8).toString('hex');
  const bodies = new Map<string, Buffer>();
  const pieces: Buffer[] = [];
  let last = 0;
  for (const [i, r] of found.entries()) {
    // Node's decoder and the parser's agree on everything (they skip what is not base64)
    // except an '=' before the end, where Node stops: such a body is left to the parser.
    const pad = raw.indexOf(0x3d, r.start);
    if (pad >= 0 && pad < r.end && !PADDING_ONLY.test(raw.toString('latin1', pad, r.end))) continue;
    const text = raw.toString('latin1', r.start, r.end);
    const token = `liên-thông:${nonce}:${i}`;
    bodies.set(token, Buffer.from(text, 'base64'));
    pieces.push(raw.subarray(last, r.start), Buffer.from(Buffer.from(token, 'utf8').toString('base64'), 'latin1'));
    last = r.end;
  }
  if (!bodies.size) return null;
  pieces.push(raw.subarray(last));
  return { stripped: Buffer.concat(pieces), bodies };
}
