import type { AppContext, Actor } from '../context.js';
import { requireActor, SESSION_COOKIE } from '../../server/auth.js';
import { errors, idParams, int32, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { ROLES } from '../../domain/roles.js';
import { login, logout, createToken, listTokens, revokeToken } from './service.js';
import { changePassword } from './password-change.js';

const me = (a: Actor) => ({ userId: a.userId, username: a.username, fullName: a.fullName, orgId: a.orgId, agencyId: a.agencyId, roles: a.roles, isProvinceAdmin: a.isProvinceAdmin });

const str = { type: 'string' } as const;
const userSchema = {
  type: 'object',
  required: ['userId', 'username', 'fullName', 'orgId', 'agencyId', 'roles', 'isProvinceAdmin'],
  properties: {
    userId: int32,
    username: str,
    fullName: str,
    orgId: { ...int32, description: 'Đơn vị của người dùng (cơ quan hoặc phòng ban)' },
    agencyId: { ...int32, description: 'Cơ quan mà người dùng làm việc nhân danh' },
    roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
    isProvinceAdmin: { type: 'boolean' },
  },
} as const;
const ok = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } as const;
const tokenSchema = {
  type: 'object',
  required: ['id', 'name', 'prefix', 'username', 'createdAt', 'lastUsedAt', 'revokedAt'],
  properties: { id: int32, name: str, prefix: { type: 'string', description: 'Phần đầu của khóa, để nhận ra' }, username: str, createdAt: str, lastUsedAt: { type: ['string', 'null'] }, revokedAt: { type: ['string', 'null'] } },
} as const;

export function authRoutes(app: Api, ctx: AppContext) {
  app.post(
    '/api/v1/auth/login',
    {
      schema: { ...op('login', 'auth', 'Đăng nhập; trả về cookie phiên và mã CSRF'), security: [], body: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string', maxLength: 64 }, password: { type: 'string', maxLength: 200 } } },
        response: {
          200: { type: 'object', required: ['user', 'csrfToken', 'expiresAt'], properties: { user: userSchema, csrfToken: { type: 'string', description: 'Gửi lại trong header X-CSRF-Token khi thay đổi dữ liệu' }, expiresAt: str } },
          ...errors,
          429: errorSchema,
        },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const r = await login(ctx, username, password, req.ip);
      reply.setCookie(SESSION_COOKIE, r.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.isProduction, expires: new Date(r.expiresAt) });
      return { user: me(r.actor), csrfToken: r.csrfToken, expiresAt: r.expiresAt };
    },
  );
  app.post('/api/v1/auth/logout', { schema: { ...op('logout', 'auth', 'Đăng xuất'), response: { 200: ok, ...errors } } }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await logout(ctx, cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        ...op('changePassword', 'auth', 'Đổi mật khẩu của tôi; các phiên đăng nhập khác kết thúc'),
        body: { type: 'object', required: ['currentPassword', 'newPassword'], properties: { currentPassword: { type: 'string', maxLength: 200 }, newPassword: { type: 'string', maxLength: 1000 } } },
        response: { 200: { type: 'object', required: ['ok', 'endedSessions'], properties: { ok: { type: 'boolean' }, endedSessions: { type: 'integer', description: 'Số phiên khác đã kết thúc' } } }, ...errors, 429: errorSchema },
      },
    },
    async (req) => changePassword(ctx, requireActor(req), req.cookies[SESSION_COOKIE] ?? null, req.body),
  );
  app.get('/api/v1/auth/session', { schema: { ...op('getSession', 'auth', 'Người dùng hiện tại và mã CSRF'), response: { 200: { type: 'object', required: ['user'], properties: { user: userSchema, csrfToken: { type: 'string', description: 'Có khi đăng nhập bằng cookie' } } }, ...errors } } }, async (req) => ({ user: me(requireActor(req)), ...(req.csrfToken ? { csrfToken: req.csrfToken } : {}) }));

  app.get('/api/v1/tokens', { schema: { ...op('listTokens', 'auth', 'Khóa API của tôi (quản trị tỉnh: tất cả)'), response: { 200: { type: 'array', items: tokenSchema }, ...errors } } }, async (req) => listTokens(ctx, requireActor(req)));
  app.post(
    '/api/v1/tokens',
    {
      schema: {
        ...op('createToken', 'auth', 'Tạo khóa API; giá trị chỉ hiện một lần'), body: { type: 'object', properties: { name: { type: 'string', maxLength: 100 }, username: { type: 'string', maxLength: 64, description: 'Quản trị: tạo cho người dùng khác' } } },
        response: {
          201: {
            type: 'object',
            required: ['token', 'id', 'name', 'prefix', 'createdAt', 'username'],
            properties: { token: { type: 'string', description: 'Giá trị khóa: chỉ trả về lần này' }, id: int32, name: str, prefix: str, createdAt: str, username: str },
          },
          ...errors,
        },
      },
    }, async (req, reply) => {
    const actor = requireActor(req);
    const body = req.body ?? {};
    return reply.status(201).send(await createToken(ctx, actor, body.username ?? actor.userId, body.name));
  });
  app.delete('/api/v1/tokens/:id', { schema: { ...op('revokeToken', 'auth', 'Thu hồi khóa API'), params: idParams, response: { 200: ok, ...errors } } }, async (req) => {
    await revokeToken(ctx, requireActor(req), req.params.id);
    return { ok: true };
  });
}
