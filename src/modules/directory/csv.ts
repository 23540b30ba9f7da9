import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { AppContext, Actor } from '../context.js';
import { DomainError, forbidden, invalid } from '../../domain/errors.js';
import { assertAgencyCode } from '../../domain/agency-code.js';
import { isOrgKind, isRole } from '../../domain/roles.js';
import { appendAudit } from '../audit/service.js';
import { hashPassword } from '../auth/passwords.js';
import { ensureDefaultRegisters } from './repo.js';
import { canManageOrg } from './service.js';

export const ORG_COLUMNS = ['code', 'name', 'short_name', 'kind', 'parent_code', 'email', 'address', 'phone', 'website', 'active'] as const;
export const USER_COLUMNS = ['username', 'full_name', 'email', 'position', 'org_code', 'roles', 'active', 'password'] as const;

const withBom = (text: string) => Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(text, 'utf8')]);

function readCsv(text: string, required: readonly string[]): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, max_record_size: 100_000 });
  } catch (e) {
    throw invalid('csv', `Tệp CSV không đọc được: ${(e as Error).message}`, `The CSV cannot be read: ${(e as Error).message}`);
  }
  if (rows.length > 20_000) throw invalid('csv', 'Tệp CSV quá nhiều dòng (tối đa 20.000).', 'Too many CSV rows (at most 20,000).');
  const missing = required.filter((c) => rows.length && !(c in rows[0]!));
  if (missing.length) throw invalid('csv', `Thiếu cột: ${missing.join(', ')}.`, `Missing columns: ${missing.join(', ')}.`);
  return rows;
}

const rowError = (line: number, e: unknown) => {
  if (e instanceof DomainError) return invalid(`csv:${line}`, `Dòng ${line}: ${e.messageVi}`, `Line ${line}: ${e.messageEn}`);
  throw e;
};

export async function exportOrganizationsCsv(ctx: AppContext): Promise<Buffer> {
  const orgs = await ctx.db.kysely.selectFrom('organizations').selectAll().orderBy('id').execute();
  const codeOf = new Map(orgs.map((o) => [o.id, o.code]));
  const rows = orgs.map((o) => [o.code, o.name, o.short_name, o.kind, o.parent_id ? codeOf.get(o.parent_id) ?? '' : '', o.email, o.address, o.phone, o.website, Number(o.active) === 1 ? '1' : '0']);
  return withBom(stringify([ORG_COLUMNS as unknown as string[], ...rows]));
}

/**
 * Creates or updates organisations by agency code, all rows or none. Parents may come
 * earlier in the same file. Units without a code cannot be matched, so they are created.
 */
export async function importOrganizationsCsv(ctx: AppContext, actor: Actor, text: string) {
  const rows = readCsv(text, ['code', 'name', 'short_name', 'kind']);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    for (const [i, r] of rows.entries()) {
      const line = i + 2;
      try {
        const code = r.code ? assertAgencyCode(r.code) : null;
        if (!r.name || !r.short_name) throw invalid('name', 'Thiếu tên hoặc tên viết tắt.', 'name and short_name are required.');
        if (!isOrgKind(r.kind ?? '')) throw invalid('kind', `Loại "${r.kind}" không hợp lệ.`, `Unknown kind "${r.kind}".`);
        if (r.kind === 'agency' && !code) throw invalid('code', 'Cơ quan phải có mã định danh.', 'An agency needs a code.');
        const parent = r.parent_code ? await trx.selectFrom('organizations').select('id').where('code', '=', r.parent_code.trim().toUpperCase()).executeTakeFirst() : null;
        if (r.parent_code && !parent) throw invalid('parent_code', `Không có tổ chức cấp trên mã ${r.parent_code}.`, `No parent with code ${r.parent_code}.`);
        const target = parent?.id ?? null;
        if (target === null ? !actor.isProvinceAdmin : !(await canManageOrg(trx, actor, target))) throw forbidden();
        const values = {
          code,
          name: r.name,
          short_name: r.short_name,
          kind: r.kind!,
          parent_id: target,
          email: r.email || null,
          address: r.address || null,
          phone: r.phone || null,
          website: r.website || null,
          active: r.active === '0' ? 0 : 1,
          updated_at: at,
        };
        const existing = code ? await trx.selectFrom('organizations').select('id').where('code', '=', code).executeTakeFirst() : undefined;
        if (existing) {
          await trx.updateTable('organizations').set(values).where('id', '=', existing.id).execute();
          updated++;
        } else {
          const row = await trx.insertInto('organizations').values({ ...values, created_at: at }).returning('id').executeTakeFirstOrThrow();
          if (values.kind === 'agency') await ensureDefaultRegisters(trx, row.id);
          created++;
        }
      } catch (e) {
        throw rowError(line, e);
      }
    }
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'org.import', entityType: 'organization', entityId: 'csv', data: { created, updated } });
    return { created, updated };
  });
}

export async function exportUsersCsv(ctx: AppContext, actor: Actor): Promise<Buffer> {
  const users = await ctx.db.kysely.selectFrom('users').innerJoin('organizations', 'organizations.id', 'users.org_id').select(['users.id', 'username', 'full_name', 'users.email', 'position', 'organizations.code', 'users.org_id', 'users.active']).orderBy('username').execute();
  const roles = await ctx.db.kysely.selectFrom('user_roles').select(['user_id', 'role']).execute();
  const rows = [];
  for (const u of users) {
    if (!(await canManageOrg(ctx.db.kysely, actor, u.org_id))) continue;
    rows.push([u.username, u.full_name, u.email, u.position, u.code, roles.filter((r) => r.user_id === u.id).map((r) => r.role).join(' '), Number(u.active) === 1 ? '1' : '0', '']);
  }
  return withBom(stringify([USER_COLUMNS as unknown as string[], ...rows]));
}

/** Creates or updates users by username; a new user needs a password column. */
export async function importUsersCsv(ctx: AppContext, actor: Actor, text: string) {
  const rows = readCsv(text, ['username', 'full_name', 'org_code']);
  const hashes = new Map<string, string>();
  for (const r of rows) if (r.password) hashes.set(r.password, hashes.get(r.password) ?? (await hashPassword(r.password)));
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    for (const [i, r] of rows.entries()) {
      const line = i + 2;
      try {
        const username = (r.username ?? '').toLowerCase();
        if (!/^[a-z0-9._-]+$/.test(username)) throw invalid('username', 'Tên đăng nhập không hợp lệ.', 'Invalid username.');
        const org = await trx.selectFrom('organizations').select('id').where('code', '=', (r.org_code ?? '').toUpperCase()).executeTakeFirst();
        if (!org) throw invalid('org_code', `Không có tổ chức mã ${r.org_code}.`, `No organisation with code ${r.org_code}.`);
        if (!(await canManageOrg(trx, actor, org.id))) throw forbidden();
        const roles = (r.roles ?? '').split(/[\s,;]+/).filter(Boolean);
        if (!roles.every(isRole)) throw invalid('roles', `Vai trò không hợp lệ: ${r.roles}.`, `Invalid roles: ${r.roles}.`);
        const existing = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
        const values = { full_name: r.full_name!, email: r.email || null, position: r.position || null, org_id: org.id, active: r.active === '0' ? 0 : 1 };
        let userId: number;
        if (existing) {
          userId = existing.id;
          await trx.updateTable('users').set({ ...values, ...(r.password ? { password_hash: hashes.get(r.password)! } : {}) }).where('id', '=', userId).execute();
          updated++;
        } else {
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
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'user.import', entityType: 'user', entityId: 'csv', data: { created, updated } });
    return { created, updated };
  });
}
