import { randomBytes } from 'node:crypto';
import type { AppContext, Actor } from '../context.js';
import { sha256Hex } from '../../domain/canonical.js';
import { DomainError, forbidden, notFound } from '../../domain/errors.js';
import { ROLES } from '../../domain/roles.js';
import { requiredText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { AGENCY_KINDS, agencyOf } from '../directory/repo.js';
import { verifyPassword, hashPassword } from '../directory/passwords.js';
import { attemptFailed, attemptReleased, attemptSucceeded, lockedOut, releaseAddress, reserveAddress, reserveAttempt } from './attempts.js';

// A fixed hash so an unknown username costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

const badCredentials = () =>
  new DomainError('unauthenticated', 'bad_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.', 'Wrong username or password.');

/** What an actor is made of, for one active user: a query the callers narrow (by id, by session). */
function actorQuery(ctx: AppContext) {
  return ctx.db.kysely
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.username', 'u.full_name', 'u.org_id', 'o.kind as org_kind'])
    .select((eb) => [
      ...ROLES.map((role) => eb.exists(eb.selectFrom('user_roles as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', role)).as(`has_${role}`)),
      eb
        .exists(eb.selectFrom('user_roles as r').innerJoin('organizations as ro', 'ro.id', 'r.org_id').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', 'admin').where('ro.kind', '=', 'province'))
        .as('province_admin'),
    ])
    .where('u.active', '=', 1);
}

type ActorRow = NonNullable<Awaited<ReturnType<ReturnType<typeof actorQuery>['executeTakeFirst']>>>;

async function actorOf(ctx: AppContext, user: ActorRow, via: Actor['via']): Promise<Actor> {
  const flags = user as unknown as Record<string, unknown>;
  const yes = (v: unknown) => v === true || Number(v) === 1;
  return {
    userId: user.id,
    username: user.username,
    fullName: user.full_name,
    orgId: user.org_id,
    // Most people belong to the agency itself; a unit's agency is found up the tree.
    agencyId: AGENCY_KINDS.has(user.org_kind) ? user.org_id : await agencyOf(ctx.db.kysely, user.org_id),
    roles: ROLES.filter((role) => yes(flags[`has_${role}`])),
    isProvinceAdmin: yes(flags.province_admin),
    via,
  };
}

/** Loads what a user may do: their agency, roles and whether they administer the province. */
export async function loadActor(ctx: AppContext, userId: number, via: Actor['via']): Promise<Actor | null> {
  const user = await actorQuery(ctx).where('u.id', '=', userId).executeTakeFirst();
  return user ? actorOf(ctx, user, via) : null;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  actor: Actor;
}

export const isLocked = (ctx: AppContext, user: { locked_until: string | null }) => !!user.locked_until && user.locked_until > ctx.now().toISOString();

/**
 * Signs in. The attempt is counted (per client address, then per user) before the
 * password is checked: see attempts.ts.
 */
export async function login(ctx: AppContext, usernameIn: unknown, passwordIn: unknown, address: string | null = null): Promise<LoginResult> {
  const username = requiredText(usernameIn, 'username', 'Tên đăng nhập', 64).toLowerCase();
  const password = requiredText(passwordIn, 'password', 'Mật khẩu', 200);
  if (address) await reserveAddress(ctx, address);
  const now = ctx.now();
  const user = await ctx.db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user || Number(user.active) !== 1) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(await dummyHash, password);
    throw badCredentials();
  }
  const failuresBefore = await reserveAttempt(ctx, user);
  if (!(await verifyPassword(user.password_hash, password))) {
    await attemptFailed(ctx, user, 'auth.failed');
    throw badCredentials();
  }
  if (ctx.config.isProduction && password === 'demo') {
    await attemptReleased(ctx, user);
    throw new DomainError(
      'forbidden',
      'demo_password',
      'Mật khẩu mặc định "demo" không được dùng trên hệ thống chính thức. Hãy nhờ quản trị đặt mật khẩu mới.',
      'The demo password is refused in production. Ask an administrator to set a new password.',
    );
  }
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3600_000).toISOString();
  const signedIn = await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await attemptSucceeded(trx, ctx, user, failuresBefore))) return false;
    await trx.insertInto('sessions').values({ id: sha256Hex(sessionToken), user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt }).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', now.toISOString()).execute();
    await appendAudit(trx, { at: now.toISOString(), actorUserId: user.id, orgId: user.org_id, action: 'auth.login', entityType: 'user', entityId: user.id });
    return true;
  });
  if (!signedIn) throw lockedOut();
  if (address) await releaseAddress(ctx, address);
  const actor = (await loadActor(ctx, user.id, 'session'))!;
  return { sessionToken, csrfToken, expiresAt, actor };
}

export async function sessionFromCookie(ctx: AppContext, token: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  // The session and its user in one query: it runs on every request.
  const row = await actorQuery(ctx).innerJoin('sessions as s', 's.user_id', 'u.id').select(['s.expires_at', 's.csrf_token']).where('s.id', '=', sha256Hex(token)).executeTakeFirst();
  if (!row || row.expires_at <= ctx.now().toISOString()) return null;
  return { actor: await actorOf(ctx, row, 'session'), csrfToken: row.csrf_token };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const ended = await trx.deleteFrom('sessions').where('id', '=', sha256Hex(token)).returning(['user_id']).executeTakeFirst();
    if (!ended) return;
    const user = await trx.selectFrom('users').select(['id', 'org_id']).where('id', '=', ended.user_id).executeTakeFirst();
    await appendAudit(trx, { at: ctx.now().toISOString(), actorUserId: ended.user_id, orgId: user?.org_id ?? null, action: 'auth.logout', entityType: 'user', entityId: ended.user_id });
  });
}

const TOKEN_PREFIX = 'lt_';

export async function actorFromBearer(ctx: AppContext, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await ctx.db.kysely
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', sha256Hex(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // Record use at most once a minute: a busy integration must not write on every call.
  const now = ctx.now().toISOString();
  if (!row.last_used_at || row.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
    await ctx.db.kysely.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return loadActor(ctx, row.user_id, 'token');
}

export async function createToken(ctx: AppContext, actor: Actor | null, usernameOrId: string | number, nameIn?: unknown) {
  const user = await ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'username', 'org_id'])
    .where(typeof usernameOrId === 'number' ? 'id' : 'username', '=', usernameOrId)
    .executeTakeFirst();
  if (!user) throw notFound('user');
  if (actor && actor.userId !== user.id && !actor.isProvinceAdmin) throw forbidden();
  const name = typeof nameIn === 'string' && nameIn.trim() ? requiredText(nameIn, 'name', 'Tên khóa', 100) : 'API';
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const at = ctx.now().toISOString();
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('api_tokens')
      .values({ user_id: user.id, name, token_hash: sha256Hex(token), prefix: token.slice(0, 10), created_at: at, last_used_at: null, revoked_at: null })
      .returning(['id', 'name', 'prefix', 'created_at'])
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor?.userId ?? null, orgId: user.org_id, action: 'token.create', entityType: 'api_token', entityId: r.id, data: { userId: user.id, name } });
    return r;
  });
  return { token, id: row.id, name: row.name, prefix: row.prefix, createdAt: row.created_at, username: user.username };
}

export async function listTokens(ctx: AppContext, actor: Actor, usernameFilter?: string) {
  let q = ctx.db.kysely
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.prefix', 'api_tokens.created_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at', 'users.username'])
    .orderBy('api_tokens.id', 'desc');
  if (!actor.isProvinceAdmin) q = q.where('api_tokens.user_id', '=', actor.userId);
  if (usernameFilter) q = q.where('users.username', '=', usernameFilter);
  return (await q.execute()).map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    username: t.username,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  }));
}

export async function revokeToken(ctx: AppContext, actor: Actor | null, id: number) {
  const row = await ctx.db.kysely.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.revoked_at', 'users.org_id']).where('api_tokens.id', '=', id).executeTakeFirst();
  if (!row || (actor && actor.userId !== row.user_id && !actor.isProvinceAdmin)) throw notFound('token');
  if (row.revoked_at) return;
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor?.userId ?? null, orgId: row.org_id, action: 'token.revoke', entityType: 'api_token', entityId: id });
  });
}
