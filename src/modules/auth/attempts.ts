import { sql, type ExpressionBuilder } from 'kysely';
import type { AppContext } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../../domain/errors.js';
import { appendAudit } from '../audit/service.js';

/**
 * Sign-in attempts are counted in the database *before* the password is checked, so
 * guesses sent all at once, to several server processes, are refused once the threshold is
 * reached instead of all being checked. A user's count is the failures so far plus the
 * attempts being checked right now; past the threshold the account locks. A success
 * forgives only the failures that had happened before it began: those of a burst it was
 * part of still count.
 */

// No check lasts this long: attempts "in flight" older than that were cut off (a killed process).
const IN_FLIGHT_MS = 60_000;

export const lockedOut = () =>
  new DomainError('unauthenticated', 'locked', 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau.', 'The account is locked after repeated failed sign-ins. Try again later.');

type UserRef = { id: number; org_id: number };

const notLocked = (at: string) => (eb: ExpressionBuilder<Database, 'users'>) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]);

/** Locks the account (once: the caller that sets it appends `auth.locked`); the count starts again after. */
async function lock(trx: Executor, ctx: AppContext, user: UserRef, now: Date) {
  const at = now.toISOString();
  const set = await trx
    .updateTable('users')
    .set({ locked_until: new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000).toISOString(), failed_logins: 0, pending_logins: 0 })
    .where('id', '=', user.id)
    .where(notLocked(at))
    .returning('id')
    .executeTakeFirst();
  if (set) await appendAudit(trx, { at, actorUserId: user.id, orgId: user.org_id, action: 'auth.locked', entityType: 'user', entityId: user.id });
}

/**
 * Counts an attempt of a user before the password is checked. Throws `locked` when the
 * account is locked, or when this attempt is past the threshold (which locks it). Returns
 * the user's failures so far, for `attemptSucceeded`.
 */
export async function reserveAttempt(ctx: AppContext, user: UserRef): Promise<number> {
  const now = ctx.now();
  const at = now.toISOString();
  const stale = new Date(now.getTime() - IN_FLIGHT_MS).toISOString();
  const failuresBefore = await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ pending_logins: sql`CASE WHEN login_attempt_at IS NULL OR login_attempt_at < ${stale} THEN 1 ELSE pending_logins + 1 END`, login_attempt_at: at })
      .where('id', '=', user.id)
      .where(notLocked(at))
      .returning(['failed_logins', 'pending_logins', 'failed_logins_total'])
      .executeTakeFirst();
    if (!row) return null;
    if (Number(row.failed_logins) + Number(row.pending_logins) > ctx.config.lockoutThreshold) {
      await lock(trx, ctx, user, now);
      return null;
    }
    return Number(row.failed_logins_total);
  });
  if (failuresBefore === null) throw lockedOut();
  return failuresBefore;
}

const onePendingLess = sql<number>`CASE WHEN pending_logins > 0 THEN pending_logins - 1 ELSE 0 END`;

/** A wrong password: counted; the account locks at the threshold. Guesses that raced a lock do not count against the next period. */
export async function attemptFailed(ctx: AppContext, user: UserRef, action: string) {
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({
        failed_logins: sql`CASE WHEN locked_until > ${at} THEN 0 ELSE failed_logins + 1 END`,
        failed_logins_total: sql`failed_logins_total + 1`,
        pending_logins: onePendingLess,
      })
      .where('id', '=', user.id)
      .returning(['failed_logins', 'locked_until'])
      .executeTakeFirstOrThrow();
    const lockedNow = row.locked_until !== null && row.locked_until > at;
    if (!lockedNow && Number(row.failed_logins) >= ctx.config.lockoutThreshold) await lock(trx, ctx, user, now);
    else await appendAudit(trx, { at, actorUserId: user.id, orgId: user.org_id, action, entityType: 'user', entityId: user.id });
  });
}

/**
 * The right password, inside the transaction that acts on it. False when the account was
 * locked meanwhile (by guesses of the same burst): no session then. Forgives the failures
 * that had happened before this attempt began, not those that came while it was checked.
 */
export async function attemptSucceeded(trx: Executor, ctx: AppContext, user: UserRef, failuresBefore: number): Promise<boolean> {
  const at = ctx.now().toISOString();
  const row = await trx
    .updateTable('users')
    .set({
      pending_logins: onePendingLess,
      failed_logins: sql`CASE WHEN failed_logins < failed_logins_total - ${failuresBefore} THEN failed_logins ELSE failed_logins_total - ${failuresBefore} END`,
    })
    .where('id', '=', user.id)
    .where(notLocked(at))
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** An attempt that ends neither way (refused for another reason after the check). */
export async function attemptReleased(ctx: AppContext, user: UserRef) {
  await ctx.db.kysely.updateTable('users').set({ pending_logins: onePendingLess }).where('id', '=', user.id).execute();
}

const tooManyFromAddress = (minutes: number) =>
  new DomainError(
    'too_many',
    'too_many_attempts',
    `Quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau ${minutes} phút.`,
    `Too many failed sign-ins from this address. Try again in ${minutes} minutes.`,
  );

/**
 * Counts a sign-in from a client address before anything is checked, and refuses past
 * SIGNIN_ADDRESS_LIMIT in a window of SIGNIN_ADDRESS_MINUTES: guesses spread over many
 * usernames. A success gives its attempt back (a whole office may sign in from one address).
 */
export async function reserveAddress(ctx: AppContext, address: string): Promise<void> {
  const { signInAddressLimit: limit, signInAddressMinutes: minutes } = ctx.config;
  if (limit <= 0) return;
  const now = ctx.now();
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - minutes * 60_000).toISOString();
  const row = await ctx.db.kysely
    .insertInto('sign_in_addresses')
    .values({ address, window_start: at, attempts: 1 })
    .onConflict((oc) =>
      oc.column('address').doUpdateSet({
        attempts: sql`CASE WHEN sign_in_addresses.window_start < ${windowStart} THEN 1 ELSE sign_in_addresses.attempts + 1 END`,
        window_start: sql`CASE WHEN sign_in_addresses.window_start < ${windowStart} THEN ${at} ELSE sign_in_addresses.window_start END`,
      }),
    )
    .returning('attempts')
    .executeTakeFirstOrThrow();
  const attempts = Number(row.attempts);
  // A new window: the addresses whose window is over are forgotten.
  if (attempts === 1) await ctx.db.kysely.deleteFrom('sign_in_addresses').where('window_start', '<', windowStart).execute();
  if (attempts > limit) throw tooManyFromAddress(minutes);
}

export async function releaseAddress(ctx: AppContext, address: string): Promise<void> {
  if (ctx.config.signInAddressLimit <= 0) return;
  await ctx.db.kysely.updateTable('sign_in_addresses').set({ attempts: sql`attempts - 1` }).where('address', '=', address).where('attempts', '>', 0).execute();
}
