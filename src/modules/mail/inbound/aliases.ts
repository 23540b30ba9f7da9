import type { AppContext, Actor } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../../domain/errors.js';
import { positiveInt } from '../../../domain/validate.js';
import { appendAudit } from '../../audit/service.js';
import { addressTaken, domainOf, normalizeAddress } from '../addresses.js';

/** More addresses of an organisation besides its official one, kept by the province administrator. */

const requireProvinceAdmin = (actor: Actor) => {
  if (!actor.isProvinceAdmin) throw forbidden('Chỉ quản trị cấp tỉnh quản lý địa chỉ thư bí danh.', 'Only a province administrator manages mail aliases.');
};

export async function listAliases(ctx: AppContext, actor: Actor) {
  requireProvinceAdmin(actor);
  const rows = await ctx.db.kysely
    .selectFrom('mail_aliases as a')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .select(['a.address', 'a.org_id', 'a.created_at', 'o.name', 'o.code'])
    .orderBy('a.address')
    .execute();
  return rows.map((r) => ({ address: r.address, orgId: r.org_id, orgName: r.name, orgCode: r.code, createdAt: r.created_at }));
}

export async function createAlias(ctx: AppContext, actor: Actor, input: { address?: unknown; orgId?: unknown }) {
  requireProvinceAdmin(actor);
  const address = normalizeAddress(typeof input.address === 'string' ? input.address : null);
  if (!address) throw invalid('address', 'Địa chỉ thư không hợp lệ.', 'Not a valid mail address.');
  const domains = ctx.config.mail.domains;
  if (!domains.includes(domainOf(address))) {
    throw invalid('address', `Địa chỉ bí danh phải thuộc tên miền thư của tỉnh: ${domains.join(', ')}.`, `An alias must be in one of the province's mail domains: ${domains.join(', ')}.`);
  }
  const orgId = positiveInt(input.orgId, 'orgId', 'Tổ chức');
  const org = await ctx.db.kysely.selectFrom('organizations').select(['id', 'kind', 'active', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org || Number(org.active) !== 1 || !['agency', 'unit'].includes(org.kind)) {
    throw invalid('orgId', 'Chỉ cơ quan hoặc đơn vị đang hoạt động mới có địa chỉ thư công vụ.', 'Only an active agency or unit has an official mail address.');
  }
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (await addressTaken(trx, address)) throw conflict('address_taken', `Địa chỉ ${address} đã được dùng.`, `The address ${address} is already taken.`);
    await trx.insertInto('mail_aliases').values({ address, org_id: orgId, created_at: at }).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'mail.alias.create', entityType: 'mail_alias', entityId: address, data: { address, orgId } });
  });
  return { address, orgId, orgName: org.name, createdAt: at };
}

export async function deleteAlias(ctx: AppContext, actor: Actor, addressIn: string) {
  requireProvinceAdmin(actor);
  const address = normalizeAddress(addressIn);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = address ? await trx.selectFrom('mail_aliases').selectAll().where('address', '=', address).executeTakeFirst() : undefined;
    if (!row) throw notFound('alias');
    await trx.deleteFrom('mail_aliases').where('address', '=', row.address).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: row.org_id, action: 'mail.alias.delete', entityType: 'mail_alias', entityId: row.address, data: { address: row.address, orgId: row.org_id } });
  });
}
