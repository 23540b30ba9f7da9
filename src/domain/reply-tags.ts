/**
 * How a reply names the document it answers: the symbol in square brackets in its subject,
 * as outbound mail writes it (`[12/CT-UBND] Về việc …`, answered as `Re: [12/CT-UBND] …`),
 * or the Message-IDs of In-Reply-To and References.
 */
export interface SymbolTag {
  number: number;
  notation: string;
}

const TAG = /\[\s*(\d{1,9})\s*\/\s*([\p{L}\p{N}][\p{L}\p{N}.-]{0,58})\s*\]/gu;

/** The document symbols tagged in a subject, first one first (at most 5). */
export function subjectTags(subject: string): SymbolTag[] {
  const tags: SymbolTag[] = [];
  // exec on the one regex (matchAll would compile a copy of it on every call).
  TAG.lastIndex = 0;
  for (let m = TAG.exec(subject); m && tags.length < 5; m = TAG.exec(subject)) tags.push({ number: Number(m[1]), notation: m[2]! });
  return tags;
}

/** Message-IDs (with their angle brackets) of In-Reply-To and References, newest first, bounded. */
export function referencedMessageIds(inReplyTo: string | undefined, references: string | string[] | undefined, max = 20): string[] {
  const refs = Array.isArray(references) ? references : references ? references.split(/\s+/) : [];
  const all = [...(inReplyTo ? inReplyTo.split(/\s+/) : []), ...refs.reverse()]
    .map((id) => id.trim())
    .filter((id) => /^<[^<>\s]{1,250}>$/.test(id));
  return [...new Set(all)].slice(0, max);
}
