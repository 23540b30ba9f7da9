import { createRequire } from 'node:module';
import type sanitizeHtml from 'sanitize-html';
import { Html } from './html.js';

/**
 * Rich text from the national record and from agencies (steps, conditions, announcements)
 * keeps its structure — paragraphs, lists, tables, emphasis, links — and nothing that runs:
 * no scripts, no event handlers, no styles, no javascript: links, no frames.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u', 'sub', 'sup', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'h3', 'h4', 'h5', 'span', 'div'],
  allowedAttributes: { a: ['href', 'rel'], th: ['colspan', 'rowspan', 'scope'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Headings inside a field must not outrank the page's own (h1, h2).
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
  },
};

// sanitize-html (with postcss and htmlparser2) is loaded by the first rich text written, not by every server start.
const require = createRequire(import.meta.url);
let sanitizer: typeof sanitizeHtml | null = null;

export function sanitizeRich(input: string | null | undefined): string {
  if (!input) return '';
  sanitizer ??= require('sanitize-html') as typeof sanitizeHtml;
  return sanitizer(input, OPTIONS).trim();
}

/** Sanitized rich text for a template; plain text with line breaks becomes paragraphs. */
export function rich(input: string | null | undefined): Html {
  if (!input) return new Html('');
  const looksHtml = /<[a-z][^>]*>/i.test(input);
  const source = looksHtml
    ? input
    : input
        .split(/\r?\n\s*\r?\n|\r?\n/)
        .filter((l) => l.trim())
        .map((l) => `<p>${l.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)}</p>`)
        .join('');
  return new Html(sanitizeRich(source));
}
