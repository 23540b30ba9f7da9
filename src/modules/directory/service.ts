import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import { assertAgencyCode } from '../../domain/agency-code.js';
import { forbidden, invalid, notFound, conflict } from '../../domain/errors.js';
import { EXTERNAL_KIND, isOrgKind, isRole, ORG_KINDS, ROLES, type OrgKind, type Role } from '../../domain/roles.js';
import { requiredText, optionalText, optionalEmail, oneOf } from '../../domain/validate.js';
import { fold } from '../../domain/fold.js';
import { appendAudit } from '../audit/service.js';
import { getOrg, subtreeIds, ensureDefaultRegisters } from './repo.js';
import { hashPassword } from './passwords.js';
import { assertPasswordRule } from '../../domain/password-rule.js';
import type { Executor } from '../../db/connect.js';

export interface OrgInput {
  code?: string | null;
  name?: string;
  shortName?: string;
  kind?: string;
  parentId?: number | null;
  email?: string | null;
  address?: string | null;
  phone?: string | null;
  website?: string | null;
  active?: boolean;
}

export function publicOrg(o: { id: number; code: string | null; name: string; short_name: string; kind: OrgKind | typeof EXTERNAL_KIND; parent_id: number | null; email: string | null; address: string | null; phone: string | null; website: string | null; active: number }) {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    shortName: o.short_name,
    kind: o.kind,
    parentId: o.parent_id,
    email: o.email,
    address: o.address,
    phone: o.phone,
    website: o.website,
    active: Number(o.active) === 1,
  };
}

/** Province administrators manage every organisation; an administrator their own agency's subtree. */
export async function canManageOrg(db: Executor, actor: Actor, orgId: number): Promise<boolean> {
  if (actor.isProvinceAdmin) return true;
  if (!hasRole(actor, 'admin')) return false;
  return (await subtreeIds(db, actor.agencyId)).includes(orgId);
}

/**
 * Who may put an organisation of a kind under a parent: only province administrators add
 * top-level organisations or anything of kind "province" (an administrator there would
 * administer the whole province); an agency administrator works inside their own subtree.
 */
export async function assertMayPlace(db: Executor, actor: Actor, kind: string, parentId: number | null): Promise<void> {
  if (kind === 'province' || parentId === null) {
    if (!actor.isProvinceAdmin) {
      throw forbidden('Chỉ quản trị cấp tỉnh được thêm tổ chức cấp tỉnh hoặc tổ chức không có cấp trên.', 'Only a province administrator may add a province-level or top-level organisation.');
    }
    if (kind === 'province' && parentId !== null) {
      throw invalid('parentId', 'Tổ chức cấp tỉnh không có tổ chức cấp trên.', 'A province has no parent organisation.');
    }
    return;
  }
  if (!(await canManageOrg(db, actor, parentId))) throw forbidden();
}

export async function listOrganizations(ctx: AppContext, q: { q?: string; kind?: OrgKind | typeof EXTERNAL_KIND; includeInactive?: boolean }) {
  let query = ctx.db.kysely.selectFrom('organizations').selectAll().orderBy('parent_id').orderBy('name');
  if (!q.includeInactive) query = query.where('active', '=', 1);
  if (q.kind) query = query.where('kind', '=', q.kind);
  let rows = (await query.execute()).map(publicOrg);
  if (q.q) {
    const needle = fold(q.q);
    rows = rows.filter((o) => fold(`${o.name} ${o.shortName} ${o.code ?? ''} ${o.email ?? ''}`).includes(needle));
  }
  return rows;
}

function validateOrg(input: OrgInput, existing?: { kind: string; code: string | null }) {
  const kind = oneOf(input.kind ?? existing?.kind, ORG_KINDS, 'kind', 'Loại tổ chức');
  const rawCode = input.code === undefined ? existing?.code ?? null : input.code;
  const code = rawCode ? assertAgencyCode(rawCode, 'code') : null;
  if (!code && kind === 'agency') {
    throw invalid('code', 'Cơ quan phải có mã định danh.', 'An agency needs an agency code.');
  }
  return { kind, code };
}

/**
 * Creates an organisation; given `inTrx`, inside the caller's transaction (a module that
 * makes an organisation with rows of its own, all or nothing), otherwise in its own.
 */
export async function createOrganization(ctx: AppContext, actor: Actor, input: OrgInput, inTrx?: Executor) {
  const db = inTrx ?? ctx.db.kysely;
  const { kind, code } = validateOrg(input);
  const name = requiredText(input.name, 'name', 'Tên tổ chức', 300);
  const shortName = requiredText(input.shortName, 'shortName', 'Tên viết tắt', 30);
  if (!/^[\p{L}\p{N}]+$/u.test(shortName)) {
    throw invalid('shortName', 'Tên viết tắt chỉ gồm chữ và số, không có khoảng trắng.', 'The short name may hold only letters and digits.');
  }
  const parentId = input.parentId ?? null;
  const parent = parentId === null ? undefined : await getOrg(db, parentId);
  if (parentId !== null && !parent) {
    throw invalid('parentId', 'Tổ chức cấp trên không tồn tại.', 'The parent organisation does not exist.');
  }
  if (parent?.kind === EXTERNAL_KIND) throw externalParent('parentId');
  await assertMayPlace(db, actor, kind, parentId);
  const at = ctx.now().toISOString();
  return inOrOwnTransaction(ctx, inTrx, async (trx) => {
    if (code && (await trx.selectFrom('organizations').select('id').where('code', '=', code).executeTakeFirst())) {
      throw conflict('duplicate_code', `Mã định danh ${code} đã được dùng.`, `Agency code ${code} is already in use.`);
    }
    const row = await trx
      .insertInto('organizations')
      .values({
        code,
        name,
        short_name: shortName,
        kind,
        parent_id: parentId,
        email: optionalEmail(input.email, 'email'),
        address: optionalText(input.address, 'address', 'Địa chỉ', 500),
        phone: optionalText(input.phone, 'phone', 'Điện thoại', 50),
        website: optionalText(input.website, 'website', 'Trang thông tin', 200),
        active: input.active === false ? 0 : 1,
        created_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (kind === 'agency') await ensureDefaultRegisters(trx, row.id);
    await ctx.hooks.run(trx, ctx, 'organizationCreated', { orgId: row.id, kind, at });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: row.id, action: 'org.create', entityType: 'organization', entityId: row.id, data: publicOrg(row) });
    return publicOrg(row);
  });
}

/** Runs `fn` in the caller's transaction when there is one, else in a transaction of its own. */
function inOrOwnTransaction<T>(ctx: AppContext, inTrx: Executor | undefined, fn: (trx: Executor) => Promise<T>): Promise<T> {
  return inTrx ? fn(inTrx) : ctx.db.kysely.transaction().execute(fn);
}

export const externalParent = (field: string) =>
  invalid(field, 'Tổ chức ngoài tỉnh (liên thông) không có đơn vị trực thuộc trong danh bạ của tỉnh.', 'An organisation of another province (interconnection) has no units in this directory.');

/**
 * What the directory may change of an external organisation: its name and contacts. Its code
 * routes to a peer node and whether it is a recipient follows its route: both belong to the
 * peers screen.
 */
function assertExternalEdit(existing: { code: string | null; active: number }, input: OrgInput) {
  if (input.code !== undefined && input.code !== existing.code) {
    throw invalid('code', 'Mã định danh của tổ chức ngoài tỉnh được quản lý ở màn hình Nút liên thông.', 'The code of an external organisation is managed on the peer nodes screen.');
  }
  if (input.active !== undefined && (input.active ? 1 : 0) !== Number(existing.active)) {
    throw invalid('active', 'Tổ chức ngoài tỉnh được bật, tắt bằng cách gán hoặc bỏ mã ở màn hình Nút liên thông.', 'An external organisation is switched on or off by adding or removing its code on the peer nodes screen.');
  }
}

export async function updateOrganization(ctx: AppContext, actor: Actor, id: number, input: OrgInput, inTrx?: Executor) {
  const db = inTrx ?? ctx.db.kysely;
  const existing = await getOrg(db, id);
  if (!existing) throw notFound('organisation');
  if (!(await canManageOrg(db, actor, id))) throw forbidden();
  const external = existing.kind === EXTERNAL_KIND;
  if (external) assertExternalEdit(existing, input);
  const code = external ? existing.code : validateOrg({ ...input, kind: existing.kind }, existing).code;
  const patch = {
    code,
    name: input.name === undefined ? existing.name : requiredText(input.name, 'name', 'Tên tổ chức', 300),
    short_name: input.shortName === undefined ? existing.short_name : requiredText(input.shortName, 'shortName', 'Tên viết tắt', 30),
    email: input.email === undefined ? existing.email : optionalEmail(input.email, 'email'),
    address: input.address === undefined ? existing.address : optionalText(input.address, 'address', 'Địa chỉ'),
    phone: input.phone === undefined ? existing.phone : optionalText(input.phone, 'phone', 'Điện thoại', 50),
    website: input.website === undefined ? existing.website : optionalText(input.website, 'website', 'Trang thông tin', 200),
    active: input.active === undefined ? existing.active : input.active ? 1 : 0,
    updated_at: ctx.now().toISOString(),
  };
  return inOrOwnTransaction(ctx, inTrx, async (trx) => {
    if (code && code !== existing.code && (await trx.selectFrom('organizations').select('id').where('code', '=', code).executeTakeFirst())) {
      throw conflict('duplicate_code', `Mã định danh ${code} đã được dùng.`, `Agency code ${code} is already in use.`);
    }
    const row = await trx.updateTable('organizations').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await appendAudit(trx, { at: patch.updated_at, actorUserId: actor.userId, orgId: id, action: 'org.update', entityType: 'organization', entityId: id, data: publicOrg(row) });
    return publicOrg(row);
  });
}

/**
 * An organisation keeps its own contacts (an enterprise's users have no administrator role):
 * e-mail, phone, address of the actor's own organisation, in the caller's transaction.
 */
export async function updateOwnContacts(ctx: AppContext, actor: Actor, input: { email?: string | null; phone?: string | null; address?: string | null }, trx: Executor) {
  const existing = await getOrg(trx, actor.agencyId);
  if (!existing) throw notFound('organisation');
  const patch = {
    email: input.email === undefined ? existing.email : optionalEmail(input.email, 'email'),
    address: input.address === undefined ? existing.address : optionalText(input.address, 'address', 'Địa chỉ', 500),
    phone: input.phone === undefined ? existing.phone : optionalText(input.phone, 'phone', 'Điện thoại', 50),
    updated_at: ctx.now().toISOString(),
  };
  const row = await trx.updateTable('organizations').set(patch).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow();
  await appendAudit(trx, { at: patch.updated_at, actorUserId: actor.userId, orgId: existing.id, action: 'org.update', entityType: 'organization', entityId: existing.id, data: publicOrg(row) });
  return publicOrg(row);
}

export interface UserInput {
  username?: string;
  fullName?: string;
  password?: string;
  orgId?: number;
  email?: string | null;
  position?: string | null;
  roles?: string[];
  active?: boolean;
}

export const noUsersOutside = (field: string) =>
  invalid(field, 'Tổ chức ngoài tỉnh (liên thông) không có người dùng trong hệ thống của tỉnh.', 'An organisation of another province (interconnection) has no users in this system.');

function validRoles(roles: unknown): Role[] {
  if (roles === undefined) return [];
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string' && isRole(r))) {
    throw invalid('roles', `Vai trò phải thuộc: ${ROLES.join(', ')}.`, `Roles must be among: ${ROLES.join(', ')}.`);
  }
  return [...new Set(roles as Role[])];
}

/** Creates a user; given `inTrx`, inside the caller's transaction (hash the password before opening it). */
export async function createUser(ctx: AppContext, actor: Actor | null, input: UserInput, passwordHash?: string, inTrx?: Executor) {
  const db = inTrx ?? ctx.db.kysely;
  const username = requiredText(input.username, 'username', 'Tên đăng nhập', 64).toLowerCase();
  if (!/^[a-z0-9._-]+$/.test(username)) {
    throw invalid('username', 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch.', 'The username may hold only a-z, 0-9, dot, dash and underscore.');
  }
  const fullName = requiredText(input.fullName, 'fullName', 'Họ và tên', 200);
  if (typeof input.orgId !== 'number') throw invalid('orgId', 'Phải chọn tổ chức.', 'orgId is required.');
  const org = await getOrg(db, input.orgId);
  if (!org) throw invalid('orgId', 'Tổ chức không tồn tại.', 'The organisation does not exist.');
  if (org.kind === EXTERNAL_KIND) throw noUsersOutside('orgId');
  if (actor && !(await canManageOrg(db, actor, org.id))) throw forbidden();
  const roles = validRoles(input.roles);
  let hash = passwordHash;
  if (!hash) {
    const pw = typeof input.password === 'string' ? input.password : '';
    assertPasswordRule(pw, username);
    hash = await hashPassword(pw);
  }
  const at = ctx.now().toISOString();
  return inOrOwnTransaction(ctx, inTrx, async (trx) => {
    if (await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) {
      throw conflict('duplicate_username', `Tên đăng nhập ${username} đã tồn tại.`, `Username ${username} already exists.`);
    }
    const user = await trx
      .insertInto('users')
      .values({
        username,
        full_name: fullName,
        email: optionalEmail(input.email, 'email'),
        position: optionalText(input.position, 'position', 'Chức vụ', 200),
        org_id: org.id,
        password_hash: hash!,
        active: input.active === false ? 0 : 1,
        failed_logins: 0,
        locked_until: null,
        created_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (roles.length) await trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: user.id, org_id: org.id, role }))).execute();
    await appendAudit(trx, { at, actorUserId: actor?.userId ?? null, orgId: org.id, action: 'user.create', entityType: 'user', entityId: user.id, data: { username, roles } });
    return publicUser(user, roles);
  });
}

export function publicUser(u: { id: number; username: string; full_name: string; email: string | null; position: string | null; org_id: number; active: number; locked_until?: string | null }, roles: Role[]) {
  return { id: u.id, username: u.username, fullName: u.full_name, email: u.email, position: u.position, orgId: u.org_id, active: Number(u.active) === 1, roles };
}

export async function listUsers(ctx: AppContext, actor: Actor, q: { orgId?: number }) {
  const scope = actor.isProvinceAdmin ? null : await subtreeIds(ctx.db.kysely, actor.agencyId);
  if (!actor.isProvinceAdmin && !hasRole(actor, 'admin', 'leader', 'clerk')) throw forbidden();
  let query = ctx.db.kysely.selectFrom('users').selectAll().orderBy('username');
  if (scope) query = query.where('org_id', 'in', scope);
  if (q.orgId !== undefined) query = query.where('org_id', '=', q.orgId);
  const users = await query.execute();
  const roles = users.length
    ? await ctx.db.kysely.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', users.map((u) => u.id)).execute()
    : [];
  return users.map((u) => publicUser(u, roles.filter((r) => r.user_id === u.id).map((r) => r.role)));
}

export async function updateUser(ctx: AppContext, actor: Actor, id: number, input: UserInput) {
  const user = await ctx.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('user');
  if (!(await canManageOrg(ctx.db.kysely, actor, user.org_id))) throw notFound('user');
  const roles = input.roles === undefined ? undefined : validRoles(input.roles);
  if (input.password) assertPasswordRule(input.password, user.username);
  const hash = input.password ? await hashPassword(input.password) : undefined;
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({
        full_name: input.fullName === undefined ? user.full_name : requiredText(input.fullName, 'fullName', 'Họ và tên', 200),
        email: input.email === undefined ? user.email : optionalEmail(input.email, 'email'),
        position: input.position === undefined ? user.position : optionalText(input.position, 'position', 'Chức vụ', 200),
        active: input.active === undefined ? user.active : input.active ? 1 : 0,
        ...(hash ? { password_hash: hash, failed_logins: 0, locked_until: null } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (roles) {
      await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
      if (roles.length) await trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: id, org_id: user.org_id, role }))).execute();
    }
    if (input.active === false || hash) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: user.org_id, action: 'user.update', entityType: 'user', entityId: id, data: { roles, active: input.active, passwordChanged: !!hash } });
    const current = await trx.selectFrom('user_roles').select('role').where('user_id', '=', id).execute();
    return publicUser(row, current.map((r) => r.role));
  });
}

export { isOrgKind };
