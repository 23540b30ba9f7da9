import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext, Actor } from '../modules/context.js';
import { actorFromBearer, sessionFromCookie } from '../modules/auth/service.js';
import { DomainError } from '../domain/errors.js';

export const SESSION_COOKIE = 'lt_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Compares in constant time, so the token cannot be guessed from response times. */
function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Resolves who is calling: a Bearer API token, or the session cookie. Cookie-authenticated
 * changes must carry the session's CSRF token in the X-CSRF-Token header.
 */
export function installAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await actorFromBearer(ctx, auth.slice(7).trim());
      if (!req.actor) throw new DomainError('unauthenticated', 'bad_token', 'Khóa API không hợp lệ hoặc đã bị thu hồi.', 'The API token is invalid or revoked.');
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const s = await sessionFromCookie(ctx, cookie);
    if (!s) return;
    req.actor = s.actor;
    req.csrfToken = s.csrfToken;
    if (UNSAFE.has(req.method) && !sameToken(req.headers['x-csrf-token'], s.csrfToken) && !req.url.startsWith('/api/v1/auth/login')) {
      throw new DomainError('forbidden', 'csrf', 'Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang.', 'Missing or wrong CSRF token. Reload the page.');
    }
  });
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('unauthenticated', 'unauthenticated', 'Bạn cần đăng nhập.', 'You need to sign in.');
  return req.actor;
}
