import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { hasRole } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { int32, op } from '../../server/schemas.js';
import { forbidden } from '../../domain/errors.js';
import { listAudit, verifyAudit, type AuditQuery } from './service.js';

export function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        ...op('listAudit', 'audit', 'Nhật ký thao tác (quản trị): mới nhất trước, lọc theo thao tác, người, cơ quan, thời gian'),
        querystring: {
          type: 'object',
          properties: {
            action: { type: 'string', maxLength: 80, description: 'Một thao tác (document.issue) hoặc một nhóm (document.*)' },
            actor: { type: 'string', maxLength: 64, description: 'Người thực hiện: mã số hoặc tên đăng nhập' },
            orgId: int32,
            from: { type: 'string', maxLength: 40, description: 'Từ ngày: dd/mm/yyyy, yyyy-mm-dd (theo giờ Việt Nam) hoặc thời điểm ISO' },
            to: { type: 'string', maxLength: 40, description: 'Đến ngày (gồm cả ngày đó) hoặc thời điểm ISO' },
            entityType: { type: 'string', maxLength: 40 },
            entityId: { type: 'string', maxLength: 40 },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            beforeSeq: int32,
          },
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!actor.isProvinceAdmin && !hasRole(actor, 'admin')) throw forbidden();
      const q = req.query as AuditQuery;
      // An agency administrator reads the entries of their own agency only.
      if (!actor.isProvinceAdmin && q.orgId !== undefined && q.orgId !== actor.agencyId) throw forbidden('Bạn chỉ xem được nhật ký của cơ quan mình.', 'You may read the log of your own agency only.');
      return listAudit(ctx.db, { ...q, orgId: actor.isProvinceAdmin ? q.orgId : actor.agencyId });
    },
  );
  app.get('/api/v1/audit/verify', { schema: op('verifyAudit', 'audit', 'Kiểm tra toàn vẹn chuỗi nhật ký') }, async (req) => {
    const actor = requireActor(req);
    if (!actor.isProvinceAdmin) throw forbidden();
    return verifyAudit(ctx.db);
  });
}
