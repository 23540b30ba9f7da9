/**
 * Typed domain errors. Each carries a Vietnamese and an English message; the server maps
 * the kind to an HTTP status once (src/server/errors.ts).
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media'
  | 'unprocessable'
  /** Too many at once or too often (uploads in progress, sign-ins from one address): 429, try again shortly. */
  | 'too_many'
  /** The server cannot do it as configured (a stored secret its key cannot open): 503, try again once fixed. */
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly field?: string,
    /** For imports: the line of the file the error is on. */
    readonly line?: number,
  ) {
    super(messageEn);
  }
}

export const invalid = (field: string, vi: string, en: string) =>
  new DomainError('validation', 'invalid_field', vi, en, field);

export const notFound = (what = 'item') =>
  new DomainError('not_found', 'not_found', 'Không tìm thấy.', `The ${what} was not found.`);

export const forbidden = (vi = 'Bạn không có quyền thực hiện thao tác này.', en = 'You are not allowed to do this.') =>
  new DomainError('forbidden', 'forbidden', vi, en);

export const conflict = (code: string, vi: string, en: string) => new DomainError('conflict', code, vi, en);

/** A well-formed request the rules refuse (e.g. transmitting a secret document). */
export const refused = (code: string, vi: string, en: string) => new DomainError('unprocessable', code, vi, en);
