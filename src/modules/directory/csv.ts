import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DomainError, conflict, forbidden, invalid } from '../../domain/errors.js';
import { assertAgencyCode } from '../../domain/agency-code.js';
import { EXTERNAL_KIND, isOrgKind, isRole, ROLES } from '../../domain/roles.js';
import { optionalEmail, optionalText, positiveInt, requiredText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { hashPassword } from './passwords.js';
import { assertPasswordRule } from '../../domain/password-rule.js';
import { ensureDefaultRegisters, subtreeIds } from './repo.js';
import { assertMayPlace, canManageOrg, externalParent, noUsersOutside } from './service.js';

/**
 * Organisations are matched by agency code, or by id for those without a code (the
 * province, enterprises, some units): an exported file imports back unchanged.
 */
export const ORG_COLUMNS = ['id', 'code', 'name', 'short_name', 'kind', 'parent_id', 'parent_code', 'email', 'address', 'phone', 'website', 'active'] as const;
export const USER_COLUMNS = ['username', 'full_name', 'email', 'position', 'org_id', 'org_code', 'roles', 'active', 'password'] as const;

const withBom = (text: string) => Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(text, 'utf8')]);

interface CsvRow {
  r: Record<string, string>;
  /** The line of the file the record starts on (the header is line 1). */
  line: number;
}

function readCsv(text: string, required: readonly string[]): CsvRow[] {
  let rows: { record: Record<string, string>; raw: string; info: { lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, max_record_size: 100_000, info: true, raw: true });
  } catch (e) {
    throw invalid('csv', `Tệp CSV không đọc được: ${(e as Error).message}`, `The CSV cannot be read: ${(e as Error).message}`);
  }
  if (rows.length > 20_000) throw invalid('csv', 'Tệp CSV quá nhiều dòng (tối đa 20.000).', 'Too many CSV rows (at most 20,000).');
  const missing = required.filter((c) => rows.length && !(c in rows[0]!.record));
  if (missing.length) throw invalid('csv', `Thiếu cột: ${missing.join(', ')}.`, `Missing columns: ${missing.join(', ')}.`);
  // info.lines is where the record ends; a record spans the line breaks inside its raw text.
  return rows.map((x) => ({ r: x.record, line: x.info.lines - (x.raw.replace(/^[\r\n]+|[\r\n]+$/g, '').match(/\n/g)?.length ?? 0) }));
}

/** The row's error, keeping its kind (400, 403, 409) and naming the line in both languages. */
const rowError = (line: number, e: unknown) => {
  if (e instanceof DomainError) return new DomainError(e.kind, e.code, `Dòng ${line}: ${e.messageVi}`, `Line ${line}: ${e.messageEn}`, e.field, line);
  return e;
};

function requireAdmin(actor: Actor) {
  if (!actor.isProvinceAdmin && !hasRole(actor, 'admin')) {
    throw forbidden('Chỉ quản trị được nhập danh sách từ tệp.', 'Only administrators may import from a file.');
  }
}

const byCode = (db: Executor, code: string) => db.selectFrom('organizations').selectAll().where('code', '=', code).executeTakeFirst();
const byId = (db: Executor, id: number) => db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();

/** The province's own tree: external organisations come and go with their peer's routes, not by file. */
export async function exportOrganizationsCsv(ctx: AppContext): Promise<Buffer> {
  const orgs = await ctx.db.kysely.selectFrom('organizations').selectAll().where('kind', '!=', EXTERNAL_KIND).orderBy('id').execute();
  const codeOf = new Map(orgs.map((o) => [o.id, o.code]));
  const rows = orgs.map((o) => [
    o.id,
    o.code,
    o.name,
    o.short_name,
    o.kind,
    o.parent_id ?? '',
    o.parent_id ? codeOf.get(o.parent_id) ?? '' : '',
    o.email,
    o.address,
    o.phone,
    o.website,
    Number(o.active) === 1 ? '1' : '0',
  ]);
  return withBom(stringify([ORG_COLUMNS as unknown as string[], ...rows]));
}

/**
 * Creates or updates organisations, all rows or none. A row is matched by its id when the
 * id column is filled, else by agency code; its parent by parent_code, else parent_id.
 * Parents may come earlier in the same file. Rows identical to what is stored are left
 * alone (and need no permission), so a file exported and imported back changes nothing.
 */
export async function importOrganizationsCsv(ctx: AppContext, actor: Actor, text: string) {
  requireAdmin(actor);
  const rows = readCsv(text, ['code', 'name', 'short_name', 'kind']);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const changedIds: number[] = [];
    for (const { r, line } of rows) {
      try {
        const code = r.code ? assertAgencyCode(r.code) : null;
        const name = requiredText(r.name, 'name', 'Tên tổ chức', 300);
        const shortName = requiredText(r.short_name, 'short_name', 'Tên viết tắt', 30);
        if (!/^[\p{L}\p{N}]+$/u.test(shortName)) {
          throw invalid('short_name', 'Tên viết tắt chỉ gồm chữ và số, không có khoảng trắng.', 'The short name may hold only letters and digits.');
        }
        const kind = r.kind ?? '';
        if (kind === EXTERNAL_KIND) throw invalid('kind', 'Tổ chức ngoài tỉnh (external) được khai báo ở màn hình Nút liên thông, không nhập từ tệp.', 'External organisations are declared on the peer nodes screen, not imported from a file.');
        if (!isOrgKind(kind)) throw invalid('kind', `Loại "${kind}" không hợp lệ (province, agency, unit, enterprise).`, `Unknown kind "${kind}" (province, agency, unit, enterprise).`);
        if (kind === 'agency' && !code) throw invalid('code', 'Cơ quan phải có mã định danh.', 'An agency needs a code.');

        let existing = undefined as Awaited<ReturnType<typeof byId>>;
        if (r.id) {
          existing = await byId(trx, positiveInt(r.id, 'id', 'Mã số'));
          if (!existing) throw invalid('id', `Không có tổ chức mã số ${r.id}.`, `No organisation with id ${r.id}.`);
        } else if (code) {
          existing = await byCode(trx, code);
        }
        if (existing?.kind === EXTERNAL_KIND) throw invalid(r.id ? 'id' : 'code', `Tổ chức ${existing.name} ở tỉnh khác: sửa ở màn hình Nút liên thông.`, `${existing.name} belongs to another province: edit it on the peer nodes screen.`);
        if (code && existing?.code !== code) {
          const holder = await byCode(trx, code);
          if (holder && holder.id !== existing?.id) throw conflict('duplicate_code', `Mã định danh ${code} đã được dùng.`, `Agency code ${code} is already in use.`);
        }

        let parentId: number | null = null;
        if (r.parent_code) {
          const parent = await byCode(trx, r.parent_code.trim().toUpperCase());
          if (!parent) throw invalid('parent_code', `Không có tổ chức cấp trên mã ${r.parent_code}.`, `No parent with code ${r.parent_code}.`);
          if (parent.kind === EXTERNAL_KIND) throw externalParent('parent_code');
          parentId = parent.id;
        } else if (r.parent_id) {
          const parent = await byId(trx, positiveInt(r.parent_id, 'parent_id', 'Mã số cấp trên'));
          if (!parent) throw invalid('parent_id', `Không có tổ chức cấp trên mã số ${r.parent_id}.`, `No parent with id ${r.parent_id}.`);
          if (parent.kind === EXTERNAL_KIND) throw externalParent('parent_id');
          parentId = parent.id;
        }

        const values = {
          code,
          name,
          short_name: shortName,
          kind,
          parent_id: parentId,
          email: optionalEmail(r.email, 'email'),
          address: optionalText(r.address, 'address', 'Địa chỉ', 500),
          phone: optionalText(r.phone, 'phone', 'Điện thoại', 50),
          website: optionalText(r.website, 'website', 'Trang thông tin', 200),
          active: r.active === '0' ? 0 : 1,
        };

        if (existing) {
          const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => (k === 'active' ? Number(existing!.active) === values.active : existing![k] === values[k]));
          if (same) {
            unchanged++;
            continue;
          }
          if (existing.kind !== kind) throw invalid('kind', `Không đổi được loại của tổ chức đã có (${existing.kind}).`, `The kind of an existing organisation cannot change (${existing.kind}).`);
          if (!(await canManageOrg(trx, actor, existing.id))) throw forbidden();
          if (parentId !== existing.parent_id) {
            if (parentId !== null && (await subtreeIds(trx, existing.id)).includes(parentId)) {
              throw invalid('parent_code', 'Tổ chức không thể nằm dưới chính nó hoặc đơn vị trực thuộc của nó.', 'An organisation cannot be placed under itself or one of its own units.');
            }
            await assertMayPlace(trx, actor, kind, parentId);
          }
          await trx.updateTable('organizations').set({ ...values, updated_at: at }).where('id', '=', existing.id).execute();
          changedIds.push(existing.id);
          updated++;
        } else {
          await assertMayPlace(trx, actor, kind, parentId);
          const row = await trx.insertInto('organizations').values({ ...values, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
          if (kind === 'agency') await ensureDefaultRegisters(trx, row.id);
          await ctx.hooks.run(trx, ctx, 'organizationCreated', { orgId: row.id, kind, at });
          changedIds.push(row.id);
          created++;
        }
      } catch (e) {
        throw rowError(line, e);
      }
    }
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'org.import', entityType: 'organization', entityId: 'csv', data: { created, updated, unchanged, ids: changedIds } });
    return { created, updated, unchanged };
  });
}

export async function exportUsersCsv(ctx: AppContext, actor: Actor): Promise<Buffer> {
  const users = await ctx.db.kysely
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select(['users.id', 'username', 'full_name', 'users.email', 'position', 'organizations.code', 'users.org_id', 'users.active'])
    .orderBy('username')
    .execute();
  const roles = await ctx.db.kysely.selectFrom('user_roles').select(['user_id', 'role']).execute();
  const scope = actor.isProvinceAdmin ? null : new Set(await subtreeIds(ctx.db.kysely, actor.agencyId));
  const rows = users
    .filter((u) => !scope || scope.has(u.org_id))
    .map((u) => [u.username, u.full_name, u.email, u.position, u.org_id, u.code, roles.filter((r) => r.user_id === u.id).map((r) => r.role).sort().join(' '), Number(u.active) === 1 ? '1' : '0', '']);
  return withBom(stringify([USER_COLUMNS as unknown as string[], ...rows]));
}

/**
 * Creates or updates users by username, all rows or none; a new user needs a password.
 * An administrator may only touch users of organisations they manage, before and after.
 */
export async function importUsersCsv(ctx: AppContext, actor: Actor, text: string) {
  requireAdmin(actor);
  const rows = readCsv(text, ['username', 'full_name']);
  const hashes = new Map<string, string>();
  for (const { r, line } of rows) {
    if (!r.password) continue;
    try {
      assertPasswordRule(r.password, r.username);
    } catch (e) {
      throw rowError(line, e);
    }
    hashes.set(r.password, hashes.get(r.password) ?? (await hashPassword(r.password)));
  }
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const { r, line } of rows) {
      try {
        const username = (r.username ?? '').toLowerCase();
        if (!/^[a-z0-9._-]{1,64}$/.test(username)) {
          throw invalid('username', 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch.', 'The username may hold only a-z, 0-9, dot, dash and underscore.');
        }
        const fullName = requiredText(r.full_name, 'full_name', 'Họ và tên', 200);
        let org: { id: number; kind: string } | undefined;
        if (r.org_code) {
          org = await byCode(trx, r.org_code.trim().toUpperCase());
          if (!org) throw invalid('org_code', `Không có tổ chức mã ${r.org_code}.`, `No organisation with code ${r.org_code}.`);
        } else if (r.org_id) {
          org = await byId(trx, positiveInt(r.org_id, 'org_id', 'Mã số tổ chức'));
          if (!org) throw invalid('org_id', `Không có tổ chức mã số ${r.org_id}.`, `No organisation with id ${r.org_id}.`);
        } else {
          throw invalid('org_code', 'Thiếu tổ chức (org_code hoặc org_id).', 'The organisation is missing (org_code or org_id).');
        }
        if (org.kind === EXTERNAL_KIND) throw noUsersOutside(r.org_code ? 'org_code' : 'org_id');
        const roles = [...new Set((r.roles ?? '').split(/[\s,;]+/).filter(Boolean))].sort();
        if (!roles.every(isRole)) throw invalid('roles', `Vai trò không hợp lệ: ${r.roles}. Dùng: ${ROLES.join(', ')}.`, `Invalid roles: ${r.roles}. Use: ${ROLES.join(', ')}.`);
        const values = {
          full_name: fullName,
          email: optionalEmail(r.email, 'email'),
          position: optionalText(r.position, 'position', 'Chức vụ', 200),
          org_id: org.id,
          active: r.active === '0' ? 0 : 1,
        };
        const existing = await trx.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
        let userId: number;
        if (existing) {
          const currentRoles = (await trx.selectFrom('user_roles').select('role').where('user_id', '=', existing.id).execute()).map((x) => x.role).sort();
          const same =
            !r.password &&
            existing.full_name === values.full_name &&
            existing.email === values.email &&
            existing.position === values.position &&
            existing.org_id === values.org_id &&
            Number(existing.active) === values.active &&
            currentRoles.join(' ') === roles.join(' ');
          if (same) {
            unchanged++;
            continue;
          }
          // Both where the user is and where the row would put them must be in the actor's care.
          if (!(await canManageOrg(trx, actor, existing.org_id)) || !(await canManageOrg(trx, actor, org.id))) throw forbidden();
          userId = existing.id;
          await trx
            .updateTable('users')
            .set({ ...values, ...(r.password ? { password_hash: hashes.get(r.password)!, failed_logins: 0, locked_until: null } : {}) })
            .where('id', '=', userId)
            .execute();
          // A new password or a deactivation ends the user's sessions.
          if (r.password || values.active === 0) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
          updated++;
        } else {
          if (!(await canManageOrg(trx, actor, org.id))) throw forbidden();
          if (!r.password) throw invalid('password', 'Người dùng mới cần mật khẩu.', 'A new user needs a password.');
          userId = (await trx.insertInto('users').values({ ...values, username, password_hash: hashes.get(r.password)!, failed_logins: 0, locked_until: null, created_at: at }).returning('id').executeTakeFirstOrThrow()).id;
          created++;
        }
        await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
        if (roles.length) await trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, org_id: org.id, role }))).execute();
      } catch (e) {
        throw rowError(line, e);
      }
    }
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'user.import', entityType: 'user', entityId: 'csv', data: { created, updated, unchanged } });
    return { created, updated, unchanged };
  });
}
