import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { hasRole } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { int32, op } from '../../server/schemas.js';
import { forbidden } from '../../domain/errors.js';
import { listAudit, verifyAudit } from './service.js';

export function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        ...op('listAudit', 'audit', 'Nhật ký thao tác (quản trị)'),
        querystring: { type: 'object', properties: { action: { type: 'string' }, entityType: { type: 'string' }, entityId: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 500 }, beforeSeq: int32 } },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!actor.isProvinceAdmin && !hasRole(actor, 'admin')) throw forbidden();
      const q = req.query as { action?: string; entityType?: string; entityId?: string; limit?: number; beforeSeq?: number };
      return listAudit(ctx.db, { ...q, limit: q.limit ?? 100, orgId: actor.isProvinceAdmin ? undefined : actor.agencyId });
    },
  );
  app.get('/api/v1/audit/verify', { schema: op('verifyAudit', 'audit', 'Kiểm tra toàn vẹn chuỗi nhật ký') }, async (req) => {
    const actor = requireActor(req);
    if (!actor.isProvinceAdmin) throw forbidden();
    return verifyAudit(ctx.db);
  });
}
