import type { AppContext, Actor } from '../context.js';
import { sha256Hex } from '../../domain/canonical.js';
import { DomainError, forbidden, invalid, notFound } from '../../domain/errors.js';
import { assertPasswordRule } from '../../domain/password-rule.js';
import { appendAudit } from '../audit/service.js';
import { hashPassword, verifyPassword } from '../directory/passwords.js';
import { isLocked } from './service.js';
import { attemptFailed, attemptReleased, attemptSucceeded, reserveAttempt } from './attempts.js';

const lockedError = () =>
  new DomainError('forbidden', 'locked', 'Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau.', 'The account is locked after repeated wrong passwords. Try again later.', 'currentPassword');

/**
 * A user changes their own password: the current one proves it is them (a wrong one counts
 * towards the lock-out, as at sign-in), the new one must pass the password rule, and every
 * other session of the user ends — a password changed because it leaked locks out whoever
 * used it. The session making the change stays signed in. API tokens are kept: they are
 * separate credentials, revoked on their own.
 */
export async function changePassword(ctx: AppContext, actor: Actor, sessionToken: string | null, input: { currentPassword?: unknown; newPassword?: unknown }) {
  if (actor.via === 'system') throw forbidden();
  const current = typeof input.currentPassword === 'string' ? input.currentPassword : '';
  const next = typeof input.newPassword === 'string' ? input.newPassword : '';
  if (!current) throw invalid('currentPassword', 'Hãy nhập mật khẩu hiện tại.', 'Enter the current password.');
  const user = await ctx.db.kysely.selectFrom('users').select(['id', 'org_id', 'username', 'password_hash', 'locked_until']).where('id', '=', actor.userId).executeTakeFirst();
  if (!user) throw notFound('user');
  if (isLocked(ctx, user)) throw lockedError();
  assertPasswordRule(next, user.username, 'newPassword');
  const failuresBefore = await reserveAttempt(ctx, user).catch((e: unknown) => {
    throw e instanceof DomainError && e.code === 'locked' ? lockedError() : e;
  });
  if (!(await verifyPassword(user.password_hash, current))) {
    await attemptFailed(ctx, user, 'auth.password_failed');
    throw new DomainError('validation', 'wrong_password', 'Mật khẩu hiện tại không đúng.', 'The current password is wrong.', 'currentPassword');
  }
  if (next === current) {
    await attemptReleased(ctx, user);
    throw new DomainError('validation', 'password_unchanged', 'Mật khẩu mới phải khác mật khẩu hiện tại.', 'The new password must differ from the current one.', 'newPassword');
  }

  const hash = await hashPassword(next);
  const at = ctx.now().toISOString();
  const kept = actor.via === 'session' && sessionToken ? sha256Hex(sessionToken) : null;
  const ended = await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await attemptSucceeded(trx, ctx, user, failuresBefore))) return null;
    await trx.updateTable('users').set({ password_hash: hash, failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (kept) others = others.where('id', '<>', kept);
    const gone = await others.returning('id').execute();
    await appendAudit(trx, { at, actorUserId: user.id, orgId: user.org_id, action: 'auth.password_change', entityType: 'user', entityId: user.id, data: { endedSessions: gone.length, via: actor.via } });
    return gone.length;
  });
  if (ended === null) throw lockedError();
  return { ok: true, endedSessions: ended };
}
