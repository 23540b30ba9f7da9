import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { isPgError } from '../db/connect.js';
import { DomainError, type ErrorKind } from '../domain/errors.js';

const STATUS_OF: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  too_many: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; messageEn: string; field?: string; line?: number };
}

const body = (code: string, vi: string, en: string, field?: string, line?: number): ErrorBody => ({
  error: { code, message: vi, messageEn: en, ...(field ? { field } : {}), ...(line !== undefined ? { line } : {}) },
});

function isUniqueViolation(err: unknown): boolean {
  if (isPgError(err)) return err.code === '23505';
  const code = (err as { code?: unknown }).code;
  return (err as Error).name === 'SqliteError' && (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

/** Maps every failure to one JSON shape with Vietnamese and English messages, once. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | DomainError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) {
      // A stored file gone, a secret that cannot be opened: faults an operator must see.
      if (err.kind === 'unavailable') req.log.error({ code: err.code, url: req.url, err: err.messageEn }, 'unavailable');
      return reply.status(STATUS_OF[err.kind]).send(body(err.code, err.messageVi, err.messageEn, err.field, err.line));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const v = fe.validation[0];
      const field = (v?.instancePath ? v.instancePath.slice(1).replace(/\//g, '.') : '') || (v?.params as { missingProperty?: string })?.missingProperty || fe.validationContext || 'body';
      return reply.status(400).send(body('invalid_field', `Trường "${field}" không hợp lệ: ${v?.message ?? ''}.`, `Field "${field}" is invalid: ${v?.message ?? fe.message}.`, field));
    }
    switch (fe.code) {
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_PARTS_LIMIT':
      case 'FST_FILES_LIMIT':
        return reply.status(413).send(body('too_large', 'Dữ liệu gửi lên vượt quá giới hạn cho phép.', 'The upload is larger than allowed.', 'file'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(body('unsupported_media', 'Kiểu nội dung không được hỗ trợ.', 'Unsupported content type.'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return reply.status(400).send(body('bad_request', 'Nội dung yêu cầu không đúng định dạng.', `The request body is malformed: ${fe.message}`));
    }
    // PostgreSQL data exceptions (SQLSTATE class 22: a number out of range for its column,
    // a NUL character in text, …) come from values the client sent, not from a fault.
    if (isPgError(err) && err.code?.startsWith('22')) {
      return reply.status(400).send(body('invalid_value', 'Giá trị gửi lên không hợp lệ hoặc vượt quá giới hạn cho phép.', `A value sent is not valid or out of range (${err.message}).`));
    }
    // Two requests creating the same thing at once: the check before the insert passed for
    // both, the unique index stopped the second. That is a conflict, not a fault.
    if (isUniqueViolation(err)) {
      return reply.status(409).send(body('duplicate', 'Dữ liệu trùng với một bản ghi đã có (có thể vừa được tạo cùng lúc). Hãy tải lại và kiểm tra.', `This duplicates an existing record (perhaps created at the same moment). ${(err as pg.DatabaseError).detail ?? ''}`.trim()));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(body('bad_request', 'Yêu cầu không hợp lệ.', fe.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal', 'Đã có lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị.', 'Internal error. Try again or tell the administrator.'));
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send(body('not_found', 'Không tìm thấy địa chỉ này.', `No route ${req.method} ${req.url}.`)));
}

/** The error body schema, for OpenAPI. */
export const errorSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageEn'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'Mã lỗi ổn định, để chương trình xét (invalid_field, not_found, …)' },
        message: { type: 'string', description: 'Tiếng Việt, để hiện cho người dùng' },
        messageEn: { type: 'string', description: 'English' },
        field: { type: 'string', description: 'Trường gây lỗi, nếu có' },
        line: { type: 'integer', description: 'Dòng của tệp nhập (CSV) gây lỗi, nếu có' },
      },
    },
  },
} as const;
