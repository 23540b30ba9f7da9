/**
 * Vietnamese folding for search and identifiers: strips tone and vowel marks, maps đ→d,
 * lower-cases and collapses white space. FTS5's remove_diacritics does not fold đ, so the
 * folded text is what both databases index.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folded words of a free-text query, without punctuation, for full-text matching. */
export function searchTerms(query: string, max = 16): string[] {
  return fold(query)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .slice(0, max);
}

/** A login-safe ASCII slug: UBND → ubnd, SKHCN → skhcn, "Sở Tài chính" → sotaichinh. */
export function asciiSlug(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}
