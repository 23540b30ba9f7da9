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
const contains = (b: Buffer, s: string) => b.includes(s, 0, 'latin1');

/** The kind of a file by its bytes, or null when it is not an accepted kind. */
export function detectFileKind(bytes: Buffer): FileKind | null {
  if (bytes.length < 4) return null;
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE2 compound file: Word and Excel 97–2003 name their main stream.
    const utf16 = (s: string) => Buffer.from(s, 'utf16le');
    if (bytes.includes(utf16('WordDocument'))) return 'doc';
    if (bytes.includes(utf16('Workbook')) || bytes.includes(utf16('Book'))) return 'xls';
    return null;
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // ODF stores its mimetype entry first and uncompressed.
    const head = bytes.subarray(0, 120).toString('latin1');
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument.text')) return 'odt';
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    if (contains(bytes, '[Content_Types].xml')) {
      if (contains(bytes, 'word/document.xml')) return 'docx';
      if (contains(bytes, 'xl/workbook.xml')) return 'xlsx';
    }
    return 'zip';
  }
  return null;
}

export const ACCEPTED_KINDS_TEXT = 'PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, ZIP, PNG/JPEG/GIF/TIFF/WEBP';
