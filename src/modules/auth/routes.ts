import type { FastifyInstance } from 'fastify';
import type { AppContext, Actor } from '../context.js';
import { requireActor, SESSION_COOKIE } from '../../server/auth.js';
import { idParams, op } from '../../server/schemas.js';
import { login, logout, createToken, listTokens, revokeToken } from './service.js';
import { changePassword } from './password-change.js';

const me = (a: Actor) => ({ userId: a.userId, username: a.username, fullName: a.fullName, orgId: a.orgId, agencyId: a.agencyId, roles: a.roles, isProvinceAdmin: a.isProvinceAdmin });

export function authRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post(
    '/api/v1/auth/login',
    {
      schema: { ...op('login', 'auth', 'Đăng nhập; trả về cookie phiên và mã CSRF'), security: [], body: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string', maxLength: 64 }, password: { type: 'string', maxLength: 200 } } } },
    },
    async (req, reply) => {
      const { username, password } = req.body as { username: string; password: string };
      const r = await login(ctx, username, password, req.ip);
      reply.setCookie(SESSION_COOKIE, r.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.isProduction, expires: new Date(r.expiresAt) });
      return { user: me(r.actor), csrfToken: r.csrfToken, expiresAt: r.expiresAt };
    },
  );
  app.post('/api/v1/auth/logout', { schema: op('logout', 'auth', 'Đăng xuất') }, async (req, reply) => {
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
      },
    },
    async (req) => changePassword(ctx, requireActor(req), req.cookies[SESSION_COOKIE] ?? null, req.body as object),
  );
  app.get('/api/v1/auth/session', { schema: op('getSession', 'auth', 'Người dùng hiện tại và mã CSRF') }, async (req) => ({ user: me(requireActor(req)), csrfToken: req.csrfToken }));

  app.get('/api/v1/tokens', { schema: op('listTokens', 'auth', 'Khóa API của tôi (quản trị tỉnh: tất cả)') }, async (req) => listTokens(ctx, requireActor(req)));
  app.post('/api/v1/tokens', { schema: { ...op('createToken', 'auth', 'Tạo khóa API; giá trị chỉ hiện một lần'), body: { type: 'object', properties: { name: { type: 'string' }, username: { type: 'string' } } } } }, async (req, reply) => {
    const actor = requireActor(req);
    const body = (req.body ?? {}) as { name?: string; username?: string };
    return reply.status(201).send(await createToken(ctx, actor, body.username ?? actor.userId, body.name));
  });
  app.delete('/api/v1/tokens/:id', { schema: { ...op('revokeToken', 'auth', 'Thu hồi khóa API'), params: idParams } }, async (req) => {
    await revokeToken(ctx, requireActor(req), (req.params as { id: number }).id);
    return { ok: true };
  });
}
