import type { AppContext } from '../../context.js';
import { requireActor } from '../../../server/auth.js';
import { errors, idParams, int32, op, type Api } from '../../../server/schemas.js';
import { getMailPolicy, getOutboxMessage, listOutbox, MAX_ATTACH_MB, OUTBOX_STATUSES, retryOutboxMessage, updateMailPolicy } from './service.js';

const outboxQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...OUTBOX_STATUSES], description: 'pending | sending | sent | kept (chưa cấu hình máy chủ gửi thư) | failed' },
    documentId: { ...int32, minimum: 1 },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    beforeId: int32,
  },
} as const;

const policyBody = {
  type: 'object',
  properties: {
    orgId: { ...int32, minimum: 1, description: 'Chỉ quản trị tỉnh: cơ quan khác' },
    mailAttach: { type: 'boolean', description: 'Thư phát hành gửi kèm tệp (true) hay chỉ đường dẫn (false)' },
    mailAttachMaxMb: { type: 'integer', minimum: 1, maximum: MAX_ATTACH_MB, description: 'Tổng dung lượng tệp gửi kèm tối đa (MB)' },
  },
  additionalProperties: false,
} as const;

const nstr = { type: ['string', 'null'] } as const;
const nint = { type: ['integer', 'null'] } as const;
const outboxProps = {
  id: int32,
  kind: { ...nstr, description: 'Loại thư: dispatch (phát hành), status, recall…' },
  status: { type: 'string', enum: [...OUTBOX_STATUSES] },
  to: nstr,
  subject: nstr,
  documentId: nint,
  orgId: nint,
  messageId: nstr,
  attempts: { type: 'integer' },
  nextAttemptAt: nstr,
  lastError: nstr,
  createdAt: { type: 'string' },
  sentAt: nstr,
} as const;
const outboxRequired = ['id', 'kind', 'status', 'to', 'subject', 'documentId', 'orgId', 'messageId', 'attempts', 'nextAttemptAt', 'lastError', 'createdAt', 'sentAt'] as const;
const outboxRow = { type: 'object', required: outboxRequired, properties: outboxProps } as const;
const outboxMessage = {
  type: 'object',
  required: [...outboxRequired, 'headers', 'text', 'html', 'attachments'],
  properties: {
    ...outboxProps,
    headers: {
      type: 'object',
      required: ['Subject', 'Date', 'Message-ID', 'From', 'To'],
      properties: { Subject: { type: 'string' }, Date: { type: 'string' }, 'Message-ID': nstr, 'Reply-To': { type: 'string' }, From: { type: 'string' }, To: { type: 'string' } },
    },
    text: { type: 'string' },
    html: { type: 'string' },
    attachments: { type: 'array', items: { type: 'object', required: ['fileName', 'size', 'mime'], properties: { fileName: { type: 'string' }, size: { type: 'integer' }, mime: { type: 'string' } } } },
  },
} as const;
const policyProps = { orgId: int32, orgName: { type: 'string' }, mailAttach: { type: 'boolean' }, mailAttachMaxMb: { type: 'integer' } } as const;
const policySchema = {
  type: 'object',
  required: ['orgId', 'orgName', 'mailAttach', 'mailAttachMaxMb'],
  properties: { ...policyProps, domains: { type: 'array', items: { type: 'string' }, description: 'Tên miền thư của tỉnh' }, relay: { type: 'boolean', description: 'Có máy chủ gửi thư (SMTP) được cấu hình' } },
} as const;

/** /api/v1/mail/outbox and /api/v1/mail/policy: what the system sends, and what it may attach. */
export function outboundRoutes(app: Api, ctx: AppContext): void {
  app.get('/api/v1/mail/outbox', { schema: { ...op('listOutbox', 'mail', 'Hộp thư đi của cơ quan, mới nhất trước'), querystring: outboxQuery, response: { 200: { type: 'object', required: ['items', 'nextBeforeId'], properties: { items: { type: 'array', items: outboxRow }, nextBeforeId: nint } }, ...errors } } }, async (req) =>
    listOutbox(ctx, requireActor(req), req.query),
  );
  app.get('/api/v1/mail/outbox/:id', { schema: { ...op('getOutboxMessage', 'mail', 'Toàn bộ thư như được gửi: tiêu đề, nội dung, tệp đính kèm'), params: idParams, response: { 200: outboxMessage, ...errors } } }, async (req) =>
    getOutboxMessage(ctx, requireActor(req), req.params.id),
  );
  app.post('/api/v1/mail/outbox/:id/retry', { schema: { ...op('retryOutboxMessage', 'mail', 'Gửi lại thư gửi không thành công'), params: idParams, response: { 200: outboxRow, ...errors } } }, async (req) =>
    retryOutboxMessage(ctx, requireActor(req), req.params.id),
  );
  app.get(
    '/api/v1/mail/policy',
    { schema: { ...op('getMailPolicy', 'mail', 'Chính sách gửi kèm tệp trong thư phát hành'), querystring: { type: 'object', properties: { orgId: { ...int32, minimum: 1 } } }, response: { 200: policySchema, ...errors } } },
    async (req) => getMailPolicy(ctx, requireActor(req), req.query.orgId),
  );
  app.patch('/api/v1/mail/policy', { schema: { ...op('updateMailPolicy', 'mail', 'Sửa chính sách gửi kèm tệp (quản trị cơ quan)'), body: policyBody, response: { 200: { type: 'object', required: ['orgId', 'orgName', 'mailAttach', 'mailAttachMaxMb'], properties: policyProps }, ...errors } } }, async (req) =>
    updateMailPolicy(ctx, requireActor(req), req.body ?? {}),
  );
}
