import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { activeDocumentTypes } from './repo.js';
import { requireActor } from '../../server/auth.js';
import { idParams, op, int32 } from '../../server/schemas.js';
import { forbidden, invalid } from '../../domain/errors.js';
import { listOrganizations, createOrganization, updateOrganization, listUsers, createUser, updateUser } from './service.js';
import { exportOrganizationsCsv, importOrganizationsCsv, exportUsersCsv, importUsersCsv } from './csv.js';
import { hasRole } from '../context.js';

const orgBody = {
  type: 'object',
  properties: {
    code: { type: ['string', 'null'] },
    name: { type: 'string' },
    shortName: { type: 'string' },
    kind: { type: 'string', enum: ['province', 'agency', 'unit', 'enterprise'] },
    parentId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647 },
    email: { type: ['string', 'null'] },
    address: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    website: { type: ['string', 'null'] },
    active: { type: 'boolean' },
  },
} as const;

const userBody = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    fullName: { type: 'string' },
    password: { type: 'string', maxLength: 1000 },
    orgId: int32,
    email: { type: ['string', 'null'] },
    position: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'string', enum: ['clerk', 'leader', 'specialist', 'admin'] } },
    active: { type: 'boolean' },
  },
} as const;

const csvText = (body: unknown) => {
  if (typeof body !== 'string' || !body.trim()) throw invalid('csv', 'Hãy gửi nội dung CSV (Content-Type: text/csv).', 'Send the CSV as the body (Content-Type: text/csv).');
  return body;
};

export function directoryRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/v1/organizations',
    { schema: { ...op('listOrganizations', 'directory', 'Cây tổ chức: tỉnh, cơ quan, đơn vị'), querystring: { type: 'object', properties: { q: { type: 'string' }, kind: { type: 'string' }, includeInactive: { type: 'boolean' } } } } },
    async (req) => {
      requireActor(req);
      return listOrganizations(ctx, req.query as object);
    },
  );
  app.post('/api/v1/organizations', { schema: { ...op('createOrganization', 'directory', 'Thêm tổ chức'), body: orgBody } }, async (req, reply) =>
    reply.status(201).send(await createOrganization(ctx, requireActor(req), req.body as object)),
  );
  app.patch('/api/v1/organizations/:id', { schema: { ...op('updateOrganization', 'directory', 'Sửa tổ chức (kể cả ngừng hoạt động)'), params: idParams, body: orgBody } }, async (req) =>
    updateOrganization(ctx, requireActor(req), (req.params as { id: number }).id, req.body as object),
  );
  app.get('/api/v1/organizations/export', { schema: op('exportOrganizations', 'directory', 'Xuất danh sách tổ chức (CSV)') }, async (req, reply) => {
    requireActor(req);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="to-chuc.csv"').send(await exportOrganizationsCsv(ctx));
  });
  app.post('/api/v1/organizations/import', { schema: { ...op('importOrganizations', 'directory', 'Nhập tổ chức từ CSV', { consumes: ['text/csv'] }) } }, async (req) =>
    importOrganizationsCsv(ctx, requireActor(req), csvText(req.body)),
  );

  app.get('/api/v1/users', { schema: { ...op('listUsers', 'directory', 'Người dùng trong phạm vi quản lý'), querystring: { type: 'object', properties: { orgId: int32 } } } }, async (req) =>
    listUsers(ctx, requireActor(req), req.query as object),
  );
  app.post('/api/v1/users', { schema: { ...op('createUser', 'directory', 'Thêm người dùng'), body: userBody } }, async (req, reply) =>
    reply.status(201).send(await createUser(ctx, requireActor(req), req.body as object)),
  );
  app.patch('/api/v1/users/:id', { schema: { ...op('updateUser', 'directory', 'Sửa người dùng, vai trò, khóa tài khoản'), params: idParams, body: userBody } }, async (req) =>
    updateUser(ctx, requireActor(req), (req.params as { id: number }).id, req.body as object),
  );
  app.get('/api/v1/users/export', { schema: op('exportUsers', 'directory', 'Xuất người dùng (CSV)') }, async (req, reply) => {
    const actor = requireActor(req);
    if (!actor.isProvinceAdmin && !hasRole(actor, 'admin')) throw forbidden();
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="nguoi-dung.csv"').send(await exportUsersCsv(ctx, actor));
  });
  app.post('/api/v1/users/import', { schema: { ...op('importUsers', 'directory', 'Nhập người dùng từ CSV', { consumes: ['text/csv'] }) } }, async (req) =>
    importUsersCsv(ctx, requireActor(req), csvText(req.body)),
  );

  app.get('/api/v1/document-types', { schema: op('listDocumentTypes', 'directory', 'Loại văn bản và chữ viết tắt (Nghị định 30/2020)') }, async (req) => {
    requireActor(req);
    return activeDocumentTypes(ctx.db.kysely);
  });
}
