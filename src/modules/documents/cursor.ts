import { invalid } from '../../domain/errors.js';

/**
 * Keyset paging: the next page starts after the last row's sort key, so a page costs the
 * same at row 50 and at row 50,000. The cursor is opaque to clients (base64url of JSON).
 */
export type CursorValue = string | number;

export function encodeCursor(parts: CursorValue[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

const badCursor = () => invalid('cursor', 'Con trỏ trang không hợp lệ; hãy tải lại danh sách từ đầu.', 'The page cursor is not valid; reload the list from the start.');

/** Decodes a cursor made by encodeCursor; anything else (or a cursor of another order) is a 400. */
export function decodeCursor(cursor: string, check: (parts: CursorValue[]) => boolean): CursorValue[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parts) || parts.length > 8 || !parts.every(isCursorValue) || !check(parts)) throw badCursor();
  return parts;
}

const isCursorValue = (v: unknown): v is CursorValue => (typeof v === 'string' && v.length <= 64) || (typeof v === 'number' && Number.isSafeInteger(v) && v >= -1 && v <= 2147483647);
