import type { AppContext } from '../context.js';
import { hasRole } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { errors, int32, op, type Api } from '../../server/schemas.js';
import { forbidden } from '../../domain/errors.js';
import { listAudit, verifyAudit } from './service.js';

const nstr = { type: ['string', 'null'] } as const;
const nint = { type: ['integer', 'null'] } as const;
const auditList = {
  type: 'object',
  required: ['items', 'nextBeforeSeq'],
  properties: {
    nextBeforeSeq: { ...nint, description: 'beforeSeq của trang sau (null: hết)' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seq', 'at', 'actorUserId', 'actorUsername', 'actorName', 'orgId', 'orgName', 'action', 'entityType', 'entityId', 'data', 'document', 'prevHash', 'hash'],
        properties: {
          seq: int32,
          at: { type: 'string' },
          actorUserId: nint,
          actorUsername: nstr,
          actorName: nstr,
          orgId: nint,
          orgName: nstr,
          action: { type: 'string', description: 'Mã thao tác (document.issue…)' },
          entityType: { type: 'string' },
          entityId: { type: 'string' },
          data: { description: 'Chi tiết của thao tác (JSON)' },
          document: { type: ['object', 'null'], required: ['id', 'symbol', 'summary'], properties: { id: int32, symbol: nstr, summary: { type: 'string' } } },
          prevHash: { type: 'string' },
          hash: { type: 'string', description: 'SHA-256 nối chuỗi với bản ghi trước' },
        },
      },
    },
  },
} as const;
const verifySchema = {
  type: 'object',
  required: ['ok', 'count'],
  properties: { ok: { type: 'boolean' }, count: { type: 'integer' }, brokenSeq: { type: 'integer', description: 'Bản ghi đầu tiên sai (khi ok = false)' }, reason: { type: 'string' } },
} as const;

export function auditRoutes(app: Api, ctx: AppContext) {
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
        response: { 200: auditList, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!actor.isProvinceAdmin && !hasRole(actor, 'admin')) throw forbidden();
      const q = req.query;
      // An agency administrator reads the entries of their own agency only.
      if (!actor.isProvinceAdmin && q.orgId !== undefined && q.orgId !== actor.agencyId) throw forbidden('Bạn chỉ xem được nhật ký của cơ quan mình.', 'You may read the log of your own agency only.');
      return listAudit(ctx.db, { ...q, orgId: actor.isProvinceAdmin ? q.orgId : actor.agencyId });
    },
  );
  app.get('/api/v1/audit/verify', { schema: { ...op('verifyAudit', 'audit', 'Kiểm tra toàn vẹn chuỗi nhật ký'), response: { 200: verifySchema, ...errors } } }, async (req) => {
    const actor = requireActor(req);
    if (!actor.isProvinceAdmin) throw forbidden();
    return verifyAudit(ctx.db);
  });
}
