import type { AppContext, Actor } from '../context.js';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { requiredText, oneOf } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { requireRole } from './access.js';
import { chooseRegister } from './numbering-repo.js';
import { CONFIDENTIALITIES } from '../../domain/classification.js';
import { buildNotation, buildSymbol, localYear } from '../../domain/numbering.js';

/** The head of the agency decides the books; its clerk or administrator sets them up. */
export interface RegisterInput {
  kind?: unknown;
  name?: unknown;
  secret?: unknown;
  typeCodes?: unknown;
  active?: unknown;
}

export function publicRegister(r: { id: number; kind: 'outgoing' | 'incoming'; name: string; secret: number; type_codes: string | null; active: number }) {
  return { id: r.id, kind: r.kind, name: r.name, secret: Number(r.secret) === 1, typeCodes: r.type_codes ? r.type_codes.split(',') : null, active: Number(r.active) === 1 };
}

async function validTypeCodes(ctx: AppContext, value: unknown): Promise<string | null> {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid('typeCodes', 'Danh sách loại văn bản không hợp lệ.', 'typeCodes must be a list of type codes.');
  if (!value.length) return null;
  const known = await ctx.db.kysely.selectFrom('document_types').select('code').where('code', 'in', value as string[]).execute();
  if (known.length !== new Set(value).size) throw invalid('typeCodes', 'Có loại văn bản không tồn tại.', 'Some type codes are unknown.');
  return [...new Set(value as string[])].join(',');
}

export async function listRegisters(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.kysely.selectFrom('registers').selectAll().where('org_id', '=', actor.agencyId).orderBy('id').execute();
  return rows.map(publicRegister);
}

export async function createRegister(ctx: AppContext, actor: Actor, input: RegisterInput) {
  requireRole(actor, 'clerk', 'admin');
  const kind = oneOf(input.kind, ['outgoing', 'incoming'] as const, 'kind', 'Loại sổ');
  const name = requiredText(input.name, 'name', 'Tên sổ', 200);
  const secret = input.secret === true ? 1 : 0;
  const typeCodes = await validTypeCodes(ctx, input.typeCodes);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.insertInto('registers').values({ org_id: actor.agencyId, kind, name, secret, type_codes: typeCodes, active: 1 }).returningAll().executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'register.create', entityType: 'register', entityId: row.id, data: publicRegister(row) });
    return publicRegister(row);
  });
}

export async function updateRegister(ctx: AppContext, actor: Actor, id: number, input: RegisterInput) {
  requireRole(actor, 'clerk', 'admin');
  const reg = await ctx.db.kysely.selectFrom('registers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!reg || reg.org_id !== actor.agencyId) throw notFound('register');
  if (input.kind !== undefined || input.secret !== undefined) {
    throw conflict('register_kind_fixed', 'Không đổi được loại sổ hoặc độ mật của sổ đã lập; hãy lập sổ mới.', 'The kind and secrecy of a register cannot change; open a new register.');
  }
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('registers')
      .set({
        name: input.name === undefined ? reg.name : requiredText(input.name, 'name', 'Tên sổ', 200),
        type_codes: input.typeCodes === undefined ? reg.type_codes : await validTypeCodes(ctx, input.typeCodes),
        active: input.active === undefined ? reg.active : input.active ? 1 : 0,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'register.update', entityType: 'register', entityId: id, data: publicRegister(row) });
    return publicRegister(row);
  });
}

/**
 * The number and symbol the next issue would take — a preview for the compose screen, not
 * a reservation: another clerk may issue first.
 */
export async function previewNextNumber(ctx: AppContext, actor: Actor, q: { typeCode?: unknown; confidentiality?: unknown; registerId?: unknown; draftingUnit?: unknown }) {
  const db = ctx.db.kysely;
  const type = typeof q.typeCode === 'string' ? await db.selectFrom('document_types').select(['code', 'abbr']).where('code', '=', q.typeCode).executeTakeFirst() : undefined;
  if (!type) throw invalid('typeCode', 'Loại văn bản không hợp lệ.', 'Unknown document type.');
  const secret = oneOf(q.confidentiality, CONFIDENTIALITIES, 'confidentiality', 'Độ mật', 'thuong') !== 'thuong';
  const register = await chooseRegister(db, actor.agencyId, 'outgoing', secret, type.code, typeof q.registerId === 'number' ? q.registerId : null);
  const year = localYear(ctx.now());
  const counter = await db.selectFrom('register_counters').select('last_number').where('register_id', '=', register.id).where('year', '=', year).where('series', '=', 'main').executeTakeFirst();
  const agency = await db.selectFrom('organizations').select('short_name').where('id', '=', actor.agencyId).executeTakeFirstOrThrow();
  const number = Number(counter?.last_number ?? 0) + 1;
  const unit = typeof q.draftingUnit === 'string' && q.draftingUnit.trim() ? q.draftingUnit.trim() : null;
  return { registerId: register.id, registerName: register.name, year, number, symbol: buildSymbol(number, buildNotation(type.abbr, agency.short_name, unit)) };
}
