import type { AppContext } from '../../context.js';
import { requireActor } from '../../../server/auth.js';
import { errors, idParams, int32, op, type Api } from '../../../server/schemas.js';
import { createImapAccount, deleteImapAccount, getImapAccount, listImapAccounts, pollImapAccountNow, updateImapAccount } from './accounts.js';

const accountBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    orgId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Tổ chức nhận thư của hộp thư này; null: phân theo địa chỉ người nhận (To, Cc, Delivered-To)' },
    host: { type: 'string', maxLength: 253 },
    port: { type: 'integer', minimum: 1, maximum: 65535, description: '993 (TLS) hoặc 143 (STARTTLS)' },
    security: { type: 'string', enum: ['tls', 'starttls'] },
    username: { type: 'string', maxLength: 320 },
    password: { type: 'string', maxLength: 1024, description: 'Chỉ ghi, không bao giờ được trả về' },
    mailbox: { type: 'string', maxLength: 255, description: 'Thư mục, mặc định INBOX' },
    tlsRejectUnauthorized: { type: 'boolean', description: 'false: chấp nhận chứng chỉ tự ký (chỉ trong mạng nội bộ)' },
    active: { type: 'boolean' },
  },
} as const;

const nullableString = { type: ['string', 'null'] } as const;
const count = { type: 'integer' } as const;

/** The shape of an account in answers; what is not listed (the password) is never serialised. */
const accountSchema = {
  type: 'object',
  required: ['id', 'orgId', 'orgName', 'host', 'port', 'security', 'username', 'mailbox', 'tlsRejectUnauthorized', 'active', 'uidvalidity', 'polling', 'lastPolledAt', 'lastError', 'seen', 'createdAt'],
  properties: {
    id: int32,
    orgId: { type: ['integer', 'null'] },
    orgName: nullableString,
    host: { type: 'string' },
    port: { type: 'integer' },
    security: { type: 'string', enum: ['tls', 'starttls'] },
    username: { type: 'string' },
    mailbox: { type: 'string' },
    tlsRejectUnauthorized: { type: 'boolean' },
    active: { type: 'boolean' },
    uidvalidity: nullableString,
    polling: { type: 'boolean' },
    lastPolledAt: nullableString,
    lastError: nullableString,
    seen: { type: 'object', additionalProperties: false, required: ['total', 'accepted', 'duplicate', 'refused', 'failed'], properties: { total: count, accepted: count, duplicate: count, refused: count, failed: count } },
    createdAt: { type: 'string' },
  },
} as const;

const pollSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'polled', 'uidvalidity', 'uidvalidityChanged', 'examined', 'fetched', 'accepted', 'duplicate', 'refused', 'tooLarge', 'failed', 'more', 'error', 'account'],
  properties: {
    accountId: int32,
    polled: { type: 'boolean' },
    uidvalidity: nullableString,
    uidvalidityChanged: { type: 'boolean' },
    examined: count,
    fetched: count,
    accepted: count,
    duplicate: count,
    refused: count,
    tooLarge: count,
    failed: count,
    more: { type: 'boolean' },
    error: nullableString,
    account: accountSchema,
  },
} as const;

const TAG = 'mail';

/** /api/v1/mail/imap-accounts: the existing mailboxes fetched over IMAP (province administrators). */
export function imapRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/mail/imap-accounts',
    { schema: { ...op('listImapAccounts', TAG, 'Hộp thư IMAP được tải thư về: UIDVALIDITY, lần tải cuối, lỗi, số thư đã xem'), response: { 200: { type: 'array', items: accountSchema }, ...errors } } },
    async (req) => listImapAccounts(ctx, requireActor(req)),
  );
  app.post(
    '/api/v1/mail/imap-accounts',
    { schema: { ...op('createImapAccount', TAG, 'Khai báo hộp thư IMAP để tải thư về'), body: { ...accountBody, required: ['host', 'username', 'password'] }, response: { 201: accountSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(await createImapAccount(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/v1/mail/imap-accounts/:id',
    { schema: { ...op('getImapAccount', TAG, 'Một hộp thư IMAP'), params: idParams, response: { 200: accountSchema, ...errors } } },
    async (req) => getImapAccount(ctx, requireActor(req), req.params.id),
  );
  app.patch(
    '/api/v1/mail/imap-accounts/:id',
    { schema: { ...op('updateImapAccount', TAG, 'Sửa, tạm dừng hoặc đổi mật khẩu hộp thư IMAP (đổi máy chủ/thư mục thì bắt đầu lại từ đầu)'), params: idParams, body: accountBody, response: { 200: accountSchema, ...errors } } },
    async (req) => updateImapAccount(ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/mail/imap-accounts/:id',
    { schema: { ...op('deleteImapAccount', TAG, 'Xóa hộp thư IMAP (thư trên máy chủ không bị động đến)'), params: idParams, response: { 204: { type: 'null', description: 'Đã xóa' }, ...errors } } },
    async (req, reply) => {
      await deleteImapAccount(ctx, requireActor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/mail/imap-accounts/:id/poll',
    { schema: { ...op('pollImapAccount', TAG, 'Tải thư mới ngay bây giờ, trả về số thư đã xem, tải, nhận, trùng, từ chối'), params: idParams, response: { 200: pollSchema, ...errors, 422: errors[400] } } },
    async (req) => pollImapAccountNow(ctx, requireActor(req), req.params.id),
  );
}
