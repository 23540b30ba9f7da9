/**
 * The place in a text where the words of a search are, in context: the folded text
 * (marks, đ and case ignored, as the index does) is matched, and the excerpt is cut from the
 * original text, the matched words marked.
 */
/** A type, not an interface: it must fit the response schema's open object shape. */
export type SnippetPart = {
  text: string;
  match: boolean;
};

const MARKS = /[\u0300-\u036f]/g;
const folds = new Map<string, string>();

function foldChar(c: string): string {
  let f = folds.get(c);
  if (f === undefined) {
    f = c.normalize('NFD').replace(MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase();
    if (!/^[a-z0-9]*$/.test(f)) f = f.length ? ' ' : '';
    if (folds.size < 5000) folds.set(c, f);
  }
  return f;
}

/** The text folded to [a-z0-9 ] with, for each folded character, where it came from. */
export function foldWithOffsets(text: string): { folded: string; at: Int32Array } {
  const at = new Int32Array(text.length + 1);
  let folded = '';
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let f: string;
    if (code < 128) f = (code >= 48 && code <= 57) || (code >= 97 && code <= 122) ? text[i]! : code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ' ';
    else f = foldChar(text[i]!);
    for (let k = 0; k < f.length; k++) at[n++] = i;
    folded += f;
  }
  at[n] = text.length;
  return { folded, at: at.subarray(0, n + 1) };
}

const isWordChar = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));

/**
 * Where the terms are in the folded text: whole words, as the index matches them, the last
 * term also as the start of a word (a word being typed).
 */
function occurrences(folded: string, terms: string[], cap: number) {
  const hits: { start: number; end: number; term: number }[] = [];
  terms.forEach((term, t) => {
    const last = t === terms.length - 1;
    for (let p = folded.indexOf(term); p >= 0 && hits.length < cap; p = folded.indexOf(term, p + 1)) {
      if (!isWordChar(folded[p - 1]) && (last || !isWordChar(folded[p + term.length]))) hits.push({ start: p, end: p + term.length, term: t });
    }
  });
  return hits.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * An excerpt of about `width` characters around the place where most of the terms are
 * close together, or null when no term is in the text.
 */
export function snippet(text: string, terms: string[], width = 180): SnippetPart[] | null {
  if (!terms.length || !text) return null;
  const { folded, at } = foldWithOffsets(text);
  const hits = occurrences(folded, terms, 500);
  if (!hits.length) return null;
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < hits.length; i++) {
    const seen = new Set<number>();
    for (let j = i; j < hits.length && hits[j]!.end - hits[i]!.start <= width; j++) seen.add(hits[j]!.term);
    if (seen.size > bestCount) [best, bestCount] = [i, seen.size];
    if (bestCount === terms.length) break;
  }
  const first = hits[best]!;
  // Some words before the match, then up to the width, cut at spaces.
  let from = Math.max(0, at[first.start]! - Math.floor(width / 4));
  if (from > 0) from = text.indexOf(' ', from) + 1 || from;
  let to = Math.min(text.length, from + width);
  if (to < text.length) to = text.lastIndexOf(' ', to) > at[first.end]! ? text.lastIndexOf(' ', to) : to;
  // Marked ranges of the original text; words marked one after the other are one mark.
  const ranges: [number, number][] = [];
  for (const h of hits) {
    const [a, b] = [at[h.start]!, at[h.end]!];
    if (a < from || b > to) continue;
    const prev = ranges.at(-1);
    if (prev && (a <= prev[1] || !text.slice(prev[1], a).trim())) prev[1] = Math.max(prev[1], b);
    else ranges.push([a, b]);
  }
  const parts: SnippetPart[] = [];
  const push = (s: string, match: boolean) => {
    if (s) parts.push({ text: s, match });
  };
  if (from > 0) push('…', false);
  let pos = from;
  for (const [a, b] of ranges) {
    push(text.slice(pos, a), false);
    push(text.slice(a, b), true);
    pos = b;
  }
  push(text.slice(pos, to), false);
  if (to < text.length) push('…', false);
  return parts;
}
