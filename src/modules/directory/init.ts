import type { AppContext } from '../context.js';
import { conflict, invalid } from '../../domain/errors.js';
import { fold } from '../../domain/fold.js';
import { assertPasswordRule } from '../../domain/password-rule.js';
import { requiredText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { hashPassword } from './passwords.js';

export interface InitInput {
  province: string;
  /** The province's level-1 code (H39): the last part of every agency code in it. */
  code: string;
  admin: string;
  adminName?: string;
  password: string;
}

/** "Tỉnh Đồng Nai" → "DongNai": the short name a province gets (letters and digits only). */
export function provinceShortName(name: string, code: string): string {
  const words = fold(name)
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !['tinh', 'thanh', 'pho'].includes(w));
  const short = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('').slice(0, 30);
  return short || code;
}

/**
 * The first start of a real province (`lienthong init`): the province and its first
 * administrator, in one transaction, on a database that has no province yet. Everything
 * else (agencies, units, users) comes by `org import` / `user import` as that administrator.
 */
export async function initProvince(ctx: AppContext, input: InitInput) {
  const name = requiredText(input.province, 'province', 'Tên tỉnh', 300);
  const code = (input.code ?? '').trim().toUpperCase();
  if (!/^[A-Z]\d{2}$/.test(code)) throw invalid('code', `Mã cấp 1 của tỉnh "${input.code}" phải có dạng H39 (một chữ, hai số).`, `The province's level-1 code "${input.code}" must look like H39 (a letter, two digits).`);
  const username = requiredText(input.admin, 'admin', 'Tên đăng nhập', 64).toLowerCase();
  if (!/^[a-z0-9._-]+$/.test(username)) throw invalid('admin', 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch.', 'The username may hold only a-z, 0-9, dot, dash and underscore.');
  assertPasswordRule(input.password, username);
  const hash = await hashPassword(input.password);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (await trx.selectFrom('organizations').select('id').where('kind', '=', 'province').executeTakeFirst()) {
      throw conflict('province_exists', 'Cơ sở dữ liệu đã có tỉnh: lệnh init chỉ chạy một lần, trên cơ sở dữ liệu trống.', 'The database already has a province: init runs once, on an empty database.');
    }
    const province = await trx
      .insertInto('organizations')
      .values({ code: null, name, short_name: provinceShortName(name, code), kind: 'province', parent_id: null, email: null, address: null, phone: null, website: null, active: 1, created_at: at, updated_at: at })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('users')
      .values({ username, full_name: input.adminName?.trim() || 'Quản trị hệ thống tỉnh', email: null, position: null, org_id: province.id, password_hash: hash, active: 1, failed_logins: 0, locked_until: null, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('user_roles').values({ user_id: user.id, org_id: province.id, role: 'admin' }).execute();
    await appendAudit(trx, { at, actorUserId: null, orgId: province.id, action: 'province.init', entityType: 'organization', entityId: province.id, data: { name, code, admin: username } });
    return { provinceId: province.id, name: province.name, code, adminId: user.id, admin: username };
  });
}
