import type { FileKind } from './file-kinds.js';
import { searchTerms } from './fold.js';

/**
 * The text read from an attached file, for search. What each state means to the person
 * looking at the document: `none` is a scan or a picture (no text layer to read).
 */
export type FileTextState = 'pending' | 'text' | 'none' | 'unsupported' | 'failed';

export const FILE_TEXT_LABELS: Record<FileTextState, { vi: string; en: string }> = {
  pending: { vi: 'Đang đọc chữ trong tệp', en: 'Reading the text of the file' },
  text: { vi: 'Tìm được theo nội dung', en: 'Searchable by its content' },
  none: { vi: 'Không có lớp chữ (bản quét): không tìm được theo nội dung', en: 'No text layer (a scan): not searchable by content' },
  unsupported: { vi: 'Loại tệp này không đọc được chữ', en: 'The text of this kind of file is not read' },
  failed: { vi: 'Không đọc được chữ trong tệp', en: 'The text of the file could not be read' },
};

/** Kinds whose text is read; pictures have none; the old binary Office formats and zips are not read. */
export function textReading(kind: FileKind | null): 'pdf' | 'docx' | 'xlsx' | 'odf' | 'none' | 'unsupported' {
  switch (kind) {
    case 'pdf':
      return 'pdf';
    case 'docx':
      return 'docx';
    case 'xlsx':
      return 'xlsx';
    case 'odt':
    case 'ods':
      return 'odf';
    case 'png':
    case 'jpeg':
    case 'gif':
    case 'tiff':
    case 'webp':
      return 'none';
    default:
      return 'unsupported';
  }
}

/** Bounds of the work: what is read, for how long, and how much of it is kept and indexed. */
export const TEXT_LIMITS = {
  /** Larger files are not read (their text is not searched). */
  maxFileBytes: 32 * 1024 * 1024,
  /** An office file's XML part larger than this (unpacked) is not read: a zip bomb. */
  maxEntryBytes: 64 * 1024 * 1024,
  maxPdfPages: 500,
  /** Reading one file longer than this is given up. */
  timeoutMs: 20_000,
  /** Characters of one file's text kept (for the excerpt shown in results). */
  maxFileChars: 200_000,
  /** Characters of folded words indexed per document, all its files together. */
  maxIndexedChars: 200_000,
};

/** Text as kept: white space collapsed, control characters gone, cut to the limit. */
export function cleanFileText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, TEXT_LIMITS.maxFileChars);
}

/** The folded words of a document's file texts, as indexed beside its other words. */
export function buildContentText(texts: string[]): string {
  let out = '';
  for (const t of texts) {
    const words = searchTerms(t, Infinity).join(' ');
    out = out ? `${out} ${words}` : words;
    if (out.length >= TEXT_LIMITS.maxIndexedChars) return out.slice(0, out.lastIndexOf(' ', TEXT_LIMITS.maxIndexedChars));
  }
  return out;
}
