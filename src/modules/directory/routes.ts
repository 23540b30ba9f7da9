import type { AppContext } from '../context.js';
import { activeDocumentTypes } from './repo.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, op, int32, type Api } from '../../server/schemas.js';
import { EXTERNAL_KIND, ORG_KINDS, ROLES } from '../../domain/roles.js';
import { forbidden, invalid } from '../../domain/errors.js';
import { listOrganizations, createOrganization, updateOrganization, listUsers, createUser, updateUser } from './service.js';
import { exportOrganizationsCsv, importOrganizationsCsv, exportUsersCsv, importUsersCsv } from './csv.js';
import { hasRole } from '../context.js';

const nstr = { type: ['string', 'null'] } as const;
const orgKinds = ['province', 'agency', 'unit', 'enterprise'] as const satisfies typeof ORG_KINDS;

const orgBody = {
  type: 'object',
  properties: {
    code: { type: ['string', 'null'], maxLength: 60, description: 'Mã định danh điện tử của cơ quan (Quyết định 20/2020/QĐ-TTg)' },
    name: { type: 'string', maxLength: 300 },
    shortName: { type: 'string', maxLength: 30 },
    kind: { type: 'string', enum: orgKinds },
    parentId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647 },
    email: { type: ['string', 'null'], maxLength: 254 },
    address: { type: ['string', 'null'], maxLength: 500 },
    phone: { type: ['string', 'null'], maxLength: 50 },
    website: { type: ['string', 'null'], maxLength: 200 },
    active: { type: 'boolean' },
  },
} as const;

const orgSchema = {
  type: 'object',
  required: ['id', 'code', 'name', 'shortName', 'kind', 'parentId', 'email', 'address', 'phone', 'website', 'active'],
  properties: {
    id: int32,
    code: nstr,
    name: { type: 'string' },
    shortName: { type: 'string' },
    kind: { type: 'string', enum: [...ORG_KINDS, EXTERNAL_KIND], description: 'external: tổ chức ở nút liên thông khác' },
    parentId: { type: ['integer', 'null'] },
    email: nstr,
    address: nstr,
    phone: nstr,
    website: nstr,
    active: { type: 'boolean' },
  },
} as const;

const userBody = {
  type: 'object',
  properties: {
    username: { type: 'string', maxLength: 64 },
    fullName: { type: 'string', maxLength: 200 },
    password: { type: 'string', maxLength: 1000 },
    orgId: int32,
    email: { type: ['string', 'null'], maxLength: 254 },
    position: { type: ['string', 'null'], maxLength: 200 },
    roles: { type: 'array', maxItems: 20, items: { type: 'string', enum: [...ROLES] } },
    active: { type: 'boolean' },
  },
} as const;

const userSchema = {
  type: 'object',
  required: ['id', 'username', 'fullName', 'email', 'position', 'orgId', 'active', 'roles'],
  properties: { id: int32, username: { type: 'string' }, fullName: { type: 'string' }, email: nstr, position: nstr, orgId: int32, active: { type: 'boolean' }, roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } } },
} as const;

const importResult = {
  type: 'object',
  required: ['created', 'updated', 'unchanged'],
  properties: { created: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' } },
} as const;
const csvFile = { 200: { type: 'string', format: 'binary', description: 'Tệp CSV (UTF-8)' }, ...errors } as const;
const csvBody = { type: 'string', maxLength: 10 * 1024 * 1024, description: 'Nội dung CSV (Content-Type: text/csv), dòng đầu là tên cột' } as const;

const csvText = (body: unknown) => {
  if (typeof body !== 'string' || !body.trim()) throw invalid('csv', 'Hãy gửi nội dung CSV (Content-Type: text/csv).', 'Send the CSV as the body (Content-Type: text/csv).');
  return body;
};

export function directoryRoutes(app: Api, ctx: AppContext) {
  app.get(
    '/api/v1/organizations',
    {
      schema: {
        ...op('listOrganizations', 'directory', 'Cây tổ chức: tỉnh, cơ quan, đơn vị'),
        querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 }, kind: { type: 'string', enum: [...ORG_KINDS, EXTERNAL_KIND] }, includeInactive: { type: 'boolean' } } },
        response: { 200: { type: 'array', items: orgSchema }, ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      return listOrganizations(ctx, req.query);
    },
  );
  app.post('/api/v1/organizations', { schema: { ...op('createOrganization', 'directory', 'Thêm tổ chức'), body: orgBody, response: { 201: orgSchema, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await createOrganization(ctx, requireActor(req), req.body)),
  );
  app.patch('/api/v1/organizations/:id', { schema: { ...op('updateOrganization', 'directory', 'Sửa tổ chức (kể cả ngừng hoạt động)'), params: idParams, body: orgBody, response: { 200: orgSchema, ...errors } } }, async (req) =>
    updateOrganization(ctx, requireActor(req), req.params.id, req.body),
  );
  app.get('/api/v1/organizations/export', { schema: { ...op('exportOrganizations', 'directory', 'Xuất danh sách tổ chức (CSV)', { produces: ['text/csv'] }), response: csvFile } }, async (req, reply) => {
    requireActor(req);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="to-chuc.csv"').send(binary(await exportOrganizationsCsv(ctx)));
  });
  app.post('/api/v1/organizations/import', { schema: { ...op('importOrganizations', 'directory', 'Nhập tổ chức từ CSV', { consumes: ['text/csv'] }), body: csvBody, response: { 200: importResult, ...errors } } }, async (req) =>
    importOrganizationsCsv(ctx, requireActor(req), csvText(req.body)),
  );

  app.get(
    '/api/v1/users',
    { schema: { ...op('listUsers', 'directory', 'Người dùng trong phạm vi quản lý'), querystring: { type: 'object', properties: { orgId: int32 } }, response: { 200: { type: 'array', items: userSchema }, ...errors } } },
    async (req) => listUsers(ctx, requireActor(req), req.query),
  );
  app.post('/api/v1/users', { schema: { ...op('createUser', 'directory', 'Thêm người dùng'), body: userBody, response: { 201: userSchema, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await createUser(ctx, requireActor(req), req.body)),
  );
  app.patch('/api/v1/users/:id', { schema: { ...op('updateUser', 'directory', 'Sửa người dùng, vai trò, khóa tài khoản'), params: idParams, body: userBody, response: { 200: userSchema, ...errors } } }, async (req) =>
    updateUser(ctx, requireActor(req), req.params.id, req.body),
  );
  app.get('/api/v1/users/export', { schema: { ...op('exportUsers', 'directory', 'Xuất người dùng (CSV)', { produces: ['text/csv'] }), response: csvFile } }, async (req, reply) => {
    const actor = requireActor(req);
    if (!actor.isProvinceAdmin && !hasRole(actor, 'admin')) throw forbidden();
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="nguoi-dung.csv"').send(binary(await exportUsersCsv(ctx, actor)));
  });
  app.post('/api/v1/users/import', { schema: { ...op('importUsers', 'directory', 'Nhập người dùng từ CSV', { consumes: ['text/csv'] }), body: csvBody, response: { 200: importResult, ...errors } } }, async (req) =>
    importUsersCsv(ctx, requireActor(req), csvText(req.body)),
  );

  app.get(
    '/api/v1/document-types',
    {
      schema: {
        ...op('listDocumentTypes', 'directory', 'Loại văn bản và chữ viết tắt (Nghị định 30/2020)'),
        response: {
          200: { type: 'array', items: { type: 'object', required: ['code', 'name', 'abbr'], properties: { code: { type: 'string' }, name: { type: 'string' }, abbr: { type: 'string', description: 'Chữ viết tắt trong ký hiệu (CV, QĐ…)' } } } },
          ...errors,
        },
      },
    },
    async (req) => {
      requireActor(req);
      return activeDocumentTypes(ctx.db.kysely);
    },
  );
}
