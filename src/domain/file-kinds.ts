import { extensionOf } from './executables.js';

/**
 * Attachment kinds accepted for official documents, recognised by their content (magic
 * bytes and, for the zip-based office formats, the entries they must contain) — never by
 * the file name the sender chose.
 */
export type FileKind = 'pdf' | 'doc' | 'xls' | 'docx' | 'xlsx' | 'odt' | 'ods' | 'zip' | 'png' | 'jpeg' | 'gif' | 'tiff' | 'webp';

export const MIME_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  zip: 'application/zip',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  tiff: 'image/tiff',
  webp: 'image/webp',
};

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const utf16 = (s: string) => Buffer.from(s, 'utf16le').toString('latin1');

/**
 * What is looked for anywhere in a file (as latin1 strings of its bytes): the main streams
 * of Word and Excel 97–2003 in their directory, the entries of OOXML packages. A file read
 * as it streams is searched for these on the way (blobs/thread.ts), not held whole.
 */
export const FILE_KIND_MARKERS = [utf16('WordDocument'), utf16('Workbook'), utf16('Book'), '[Content_Types].xml', 'word/document.xml', 'xl/workbook.xml'] as const;

/** The first bytes the check needs (ODF's mimetype entry is within them). */
export const FILE_KIND_HEAD_BYTES = 120;

/**
 * The kind of a file by its first bytes and which markers (FILE_KIND_MARKERS) occur in it,
 * or null when it is not an accepted kind.
 */
export function fileKindOf(head: Uint8Array, has: (marker: (typeof FILE_KIND_MARKERS)[number]) => boolean): FileKind | null {
  if (head.length < 4) return null;
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE2 compound file: Word and Excel 97–2003 name their main stream.
    if (has(utf16('WordDocument'))) return 'doc';
    if (has(utf16('Workbook')) || has(utf16('Book'))) return 'xls';
    return null;
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    // ODF stores its mimetype entry first and uncompressed.
    const start = Buffer.from(head.subarray(0, FILE_KIND_HEAD_BYTES)).toString('latin1');
    if (start.includes('mimetypeapplication/vnd.oasis.opendocument.text')) return 'odt';
    if (start.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    if (has('[Content_Types].xml')) {
      if (has('word/document.xml')) return 'docx';
      if (has('xl/workbook.xml')) return 'xlsx';
    }
    return 'zip';
  }
  return null;
}

/** The kind of a file held whole in memory. */
export function detectFileKind(bytes: Buffer): FileKind | null {
  return fileKindOf(bytes, (marker) => bytes.includes(marker, 0, 'latin1'));
}

export const ACCEPTED_KINDS_TEXT = 'PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, ZIP, PNG/JPEG/GIF/TIFF/WEBP';

/** The name endings that belong to each kind. */
const EXTENSIONS: Record<FileKind, readonly string[]> = {
  pdf: ['pdf'],
  doc: ['doc'],
  xls: ['xls'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  odt: ['odt'],
  ods: ['ods'],
  zip: ['zip'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jfif'],
  gif: ['gif'],
  tiff: ['tif', 'tiff'],
  webp: ['webp'],
};

/**
 * Whether a file's name says what its content is: a name without an ending says nothing
 * false; one with an ending must end as its detected kind (a PNG named `bien-ban.pdf` lies).
 */
export function nameFitsKind(fileName: string, kind: FileKind): boolean {
  const ext = extensionOf(fileName);
  return !ext || EXTENSIONS[kind].includes(ext);
}
