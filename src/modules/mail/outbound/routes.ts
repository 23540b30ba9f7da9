import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../../server/auth.js';
import { idParams, int32, op } from '../../../server/schemas.js';
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

/** /api/v1/mail/outbox and /api/v1/mail/policy: what the system sends, and what it may attach. */
export function outboundRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/mail/outbox', { schema: { ...op('listOutbox', 'mail', 'Hộp thư đi của cơ quan, mới nhất trước'), querystring: outboxQuery } }, async (req) =>
    listOutbox(ctx, requireActor(req), req.query as object),
  );
  app.get('/api/v1/mail/outbox/:id', { schema: { ...op('getOutboxMessage', 'mail', 'Toàn bộ thư như được gửi: tiêu đề, nội dung, tệp đính kèm'), params: idParams } }, async (req) =>
    getOutboxMessage(ctx, requireActor(req), (req.params as { id: number }).id),
  );
  app.post('/api/v1/mail/outbox/:id/retry', { schema: { ...op('retryOutboxMessage', 'mail', 'Gửi lại thư gửi không thành công'), params: idParams } }, async (req) =>
    retryOutboxMessage(ctx, requireActor(req), (req.params as { id: number }).id),
  );
  app.get(
    '/api/v1/mail/policy',
    { schema: { ...op('getMailPolicy', 'mail', 'Chính sách gửi kèm tệp trong thư phát hành'), querystring: { type: 'object', properties: { orgId: { ...int32, minimum: 1 } } } } },
    async (req) => getMailPolicy(ctx, requireActor(req), (req.query as { orgId?: number }).orgId),
  );
  app.patch('/api/v1/mail/policy', { schema: { ...op('updateMailPolicy', 'mail', 'Sửa chính sách gửi kèm tệp (quản trị cơ quan)'), body: policyBody } }, async (req) =>
    updateMailPolicy(ctx, requireActor(req), (req.body ?? {}) as object),
  );
}
