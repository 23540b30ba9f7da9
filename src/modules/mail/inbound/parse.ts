import type { AddressObject, HeaderValue } from 'mailparser';
import type { MessageFacts } from '../../../domain/mail-rules.js';
import { referencedMessageIds } from '../../../domain/reply-tags.js';
import { hasHeaderSection } from '../../../domain/mail-head.js';
import { normalizeAddress } from '../addresses.js';
import { parseParts, UnreadableMessage, type ParsedParts } from './parse-pool.js';
import { takeLargeParts } from './large-parts.js';

/** What intake needs of a message, cleaned and bounded (text columns take no NUL, on PostgreSQL neither). */
export interface ParsedMessage {
  messageId: string | null;
  subject: string;
  fromAddress: string | null;
  fromName: string | null;
  date: Date | null;
  text: string;
  references: string[];
  headers: Map<string, string[]>;
  toText: string;
  attachments: { fileName: string; bytes: Buffer; inline: boolean; contentType: string }[];
}

/** Control characters out (tabs and line breaks stay), length bounded. */
export function cleanText(value: string | null | undefined, max: number): string {
  if (!value) return '';
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/\r\n?/g, '\n');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Any run of white space (line breaks included) as one space: for a header shown on one line. */
const oneLine = (value: string | undefined) => value?.replace(/\s+/g, ' ').trim();

const addressText = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));

/** RFC 2047 encoded words, which mailparser leaves as they are in headers it does not know. */
export function decodeEncodedWords(value: string): string {
  return value.replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1').replace(/=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g, (whole, charset: string, enc: string, text: string) => {
    try {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    } catch {
      return whole;
    }
  });
}

function headerText(value: HeaderValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return decodeEncodedWords(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(', ');
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('value' in value && typeof value.value === 'string') return value.value;
  }
  return String(value);
}

const MAX_HEADER_VALUES = 200;

function headerMap(mail: ParsedParts): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let n = 0;
  for (const [key, value] of mail.headers) {
    if (++n > MAX_HEADER_VALUES) break;
    const name = key.toLowerCase();
    map.set(name, [...(map.get(name) ?? []), cleanText(headerText(value), 2000)]);
  }
  return map;
}

/** Parses a raw message; throws UnreadableMessage when it cannot be read at all. */
export async function parseMessage(raw: Buffer, maxBytes: number): Promise<ParsedMessage> {
  if (!hasHeaderSection(raw)) throw new UnreadableMessage('not a MIME message: it does not begin with header fields');
  // No checksum of each attachment: the store hashes what it keeps.
  const options = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, maxHtmlLengthToParse: maxBytes, checksumAlgo: false };
  const large = takeLargeParts(raw);
  let mail = await parseParts(large?.stripped ?? raw, options);
  if (large) {
    let restored = 0;
    for (const a of mail.attachments) {
      const body = a.content.length < 128 ? large.bodies.get(a.content.toString('utf8')) : undefined;
      if (body) {
        a.content = body;
        restored++;
      }
    }
    // A structure the shortcut misread: the parser reads the whole message instead.
    if (restored !== large.bodies.size) mail = await parseParts(raw, options);
  }
  const first = mail.from?.value.find((v) => v.address) ?? mail.from?.value[0];
  const messageId = mail.messageId ? cleanText(mail.messageId.trim(), 250) : '';
  const html = typeof mail.html === 'string' ? mail.html : '';
  return {
    messageId: messageId || null,
    subject: cleanText(oneLine(mail.subject), 998),
    fromAddress: normalizeAddress(first?.address),
    // On one line, like the subject: an encoded word can hold a line break (=?UTF-8?B?…?= for "A\r\nB").
    fromName: cleanText(oneLine(first?.name), 200) || null,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text: cleanText(mail.text ?? (html ? html.replace(/<[^>]*>/g, ' ') : ''), 200_000),
    references: referencedMessageIds(mail.inReplyTo, mail.references),
    headers: headerMap(mail),
    toText: cleanText([addressText(mail.to), addressText(mail.cc)].filter(Boolean).join(', '), 4000),
    attachments: mail.attachments.map((a) => ({
      fileName: cleanText(oneLine(a.filename), 255),
      bytes: a.content,
      inline: a.related === true || (a.contentDisposition === 'inline' && !a.filename),
      contentType: a.contentType,
    })),
  };
}

/** The parts of the message the rules of one recipient look at. */
export function factsFor(msg: ParsedMessage, recipient: string, envelopeFrom: string | null): MessageFacts {
  const from = [msg.fromName, msg.fromAddress, envelopeFrom].filter(Boolean).join(' ');
  return { from, to: `${recipient} ${msg.toText}`, subject: msg.subject, body: msg.text, headers: msg.headers };
}
