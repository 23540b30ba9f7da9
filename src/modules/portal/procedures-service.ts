import type { Executor } from '../../db/connect.js';
import type { AppContext, Actor } from '../context.js';
import { conflict, DomainError, invalid, notFound } from '../../domain/errors.js';
import { normalizeNationalRecord, parseOnlineLevel, procedureSearchText, type NationalProcedure, type OnlineLevel } from '../../domain/procedures.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { assertManages, mayManage, touchPages } from './access.js';
import { sanitizeRich } from './sanitize.js';
import { readProceduresCsv } from './procedures-csv.js';

/**
 * Procedures: the national record (kept in the national portal's own shape), who
 * implements it in the province and at which online level. The agency that created a
 * record edits it; the others that implement it declare their own online level.
 */
export interface ImplementationInput {
  orgId?: unknown;
  onlineLevel?: unknown;
}

/** Rich text is stored sanitized too: the open-data export hands it to other systems as is. */
function cleaned(r: NationalProcedure): NationalProcedure {
  return {
    ...r,
    dossierReceivingAddresses: r.dossierReceivingAddresses === undefined ? undefined : sanitizeRich(r.dossierReceivingAddresses),
    executionSteps: r.executionSteps?.map((s) => ({ ...s, description: s.description === undefined ? undefined : sanitizeRich(s.description) })),
    executionMethods: r.executionMethods?.map((m) => ({ ...m, description: m.description === undefined ? undefined : sanitizeRich(m.description) })),
    requirementsAndConditions: r.requirementsAndConditions === undefined ? undefined : sanitizeRich(r.requirementsAndConditions),
    description: r.description === undefined ? undefined : sanitizeRich(r.description),
  };
}

function columns(r: NationalProcedure) {
  return {
    code: r.code,
    name: r.name,
    decision_number: r.procedureProposal?.proposalNumber ?? null,
    formality_type: r.formalityType ?? null,
    is_ward: r.isWard ? 1 : 0,
    is_province: r.isProvince ? 1 : 0,
    is_ministry: r.isMinistry ? 1 : 0,
    is_other: r.isOtherAgency ? 1 : 0,
    record: JSON.stringify(r),
    search_text: procedureSearchText(r),
  };
}

async function writeTags(trx: Executor, procedureId: number, r: NationalProcedure) {
  await trx.deleteFrom('procedure_tags').where('procedure_id', '=', procedureId).execute();
  const tags = [
    ...new Set((r.categoriesDetails ?? []).map((c) => `field\u0000${c.name}`)),
    ...new Set((r.subjectTypesDetails ?? []).map((c) => `subject\u0000${c.name}`)),
  ].map((t) => {
    const [kind, name] = t.split('\u0000') as [string, string];
    return { procedure_id: procedureId, kind, name };
  });
  if (tags.length) await trx.insertInto('procedure_tags').values(tags).execute();
}

async function implementingOrg(ctx: AppContext, actor: Actor, orgId: unknown): Promise<number> {
  if (orgId === undefined || orgId === null || orgId === '') return actor.agencyId;
  const id = typeof orgId === 'string' ? Number(orgId) : orgId;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) throw invalid('orgId', 'Cơ quan thực hiện không hợp lệ.', 'orgId must be an organisation id.');
  const org = await getOrg(ctx.db.kysely, id);
  if (!org || Number(org.active) !== 1 || (org.kind !== 'agency' && org.kind !== 'province')) {
    throw invalid('orgId', 'Cơ quan thực hiện không tồn tại hoặc không phải cơ quan.', 'orgId is not an active agency.');
  }
  return id;
}

async function upsertImplementation(trx: Executor, procedureId: number, orgId: number, level: OnlineLevel | null, at: string) {
  await trx
    .insertInto('procedure_agencies')
    .values({ procedure_id: procedureId, org_id: orgId, online_level: level, updated_at: at })
    .onConflict((oc) => oc.columns(['procedure_id', 'org_id']).doUpdateSet({ online_level: level, updated_at: at }))
    .execute();
}

async function orgsOf(trx: Executor, procedureId: number, ownerOrgId: number): Promise<number[]> {
  const rows = await trx.selectFrom('procedure_agencies').select('org_id').where('procedure_id', '=', procedureId).execute();
  return [ownerOrgId, ...rows.map((r) => r.org_id)];
}

export interface SaveResult {
  id: number;
  code: string;
  outcome: 'created' | 'updated' | 'linked';
}

/**
 * One record inside the caller's transaction: created (owned by the implementing agency),
 * updated (when the actor may edit it), or — when another agency owns it — left as it is
 * with the agency recorded as implementing it.
 */
async function saveOne(trx: Executor, ctx: AppContext, actor: Actor, record: NationalProcedure, orgId: number, level: OnlineLevel | null, at: string, mode: 'create' | 'upsert'): Promise<SaveResult> {
  const existing = await trx.selectFrom('procedures').select(['id', 'owner_org_id']).where('code', '=', record.code).executeTakeFirst();
  let outcome: SaveResult['outcome'];
  let id: number;
  if (!existing) {
    const row = await trx
      .insertInto('procedures')
      .values({ ...columns(record), owner_org_id: orgId, active: 1, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
    outcome = 'created';
  } else if (mode === 'create') {
    throw conflict('duplicate_procedure', `Thủ tục mã ${record.code} đã có trên cổng.`, `Procedure ${record.code} already exists.`);
  } else {
    id = existing.id;
    if (await mayManage(trx, actor, existing.owner_org_id)) {
      await trx.updateTable('procedures').set({ ...columns(record), active: 1, updated_at: at }).where('id', '=', id).execute();
      outcome = 'updated';
    } else outcome = 'linked';
  }
  if (outcome !== 'linked') await writeTags(trx, id, record);
  await upsertImplementation(trx, id, orgId, level, at);
  await touchPages(trx, await orgsOf(trx, id, existing?.owner_org_id ?? orgId), at);
  return { id, code: record.code, outcome };
}

export async function createProcedure(ctx: AppContext, actor: Actor, input: { record?: unknown } & ImplementationInput) {
  const record = cleaned(normalizeNationalRecord(input.record, 'record'));
  const orgId = await implementingOrg(ctx, actor, input.orgId);
  await assertManages(ctx.db.kysely, actor, orgId);
  const level = parseOnlineLevel(input.onlineLevel);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await saveOne(trx, ctx, actor, record, orgId, level, at, 'create');
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'portal.procedure.create', entityType: 'procedure', entityId: r.id, data: { code: r.code, onlineLevel: level } });
    return r;
  });
}

/** Imports records in the national portal's shape (one, an array, or `{ data }`), all or nothing. */
export async function importProcedures(ctx: AppContext, actor: Actor, body: unknown, opts: ImplementationInput) {
  const unwrapped = body && typeof body === 'object' && !Array.isArray(body) && !('code' in body) && 'data' in body ? (body as { data: unknown }).data : body;
  let list: { raw: unknown; path: string }[];
  if (Array.isArray(unwrapped)) list = unwrapped.map((raw, i) => ({ raw, path: `[${i}]` }));
  else if (unwrapped && typeof unwrapped === 'object') list = [{ raw: unwrapped, path: '' }];
  else throw invalid('body', 'Hãy gửi một thủ tục hoặc một danh sách thủ tục dạng JSON của Cổng Dịch vụ công quốc gia.', 'Send one procedure or an array of procedures in the national portal JSON shape.');
  return importRecords(ctx, actor, list, opts, 'json');
}

/** Imports a CSV (columns of procedures-csv.ts); errors name the line and the column. */
export async function importProceduresCsv(ctx: AppContext, actor: Actor, text: string, opts: ImplementationInput) {
  return importRecords(ctx, actor, readProceduresCsv(text).map((r) => ({ raw: r.record, path: '', line: r.line })), opts, 'csv');
}

const atLine = (line: number | undefined, e: unknown) =>
  line !== undefined && e instanceof DomainError ? new DomainError(e.kind, e.code, `Dòng ${line}: ${e.messageVi}`, `Line ${line}: ${e.messageEn}`, e.field, line) : e;

async function importRecords(ctx: AppContext, actor: Actor, list: { raw: unknown; path: string; line?: number }[], opts: ImplementationInput, source: 'json' | 'csv') {
  if (list.length === 0) throw invalid('body', 'Danh sách thủ tục rỗng.', 'The list of procedures is empty.');
  if (list.length > 2000) throw invalid('body', 'Tối đa 2.000 thủ tục mỗi lần nhập.', 'At most 2,000 procedures per import.');
  const codes = new Set<string>();
  const records = list.map(({ raw, path, line }) => {
    try {
      const r = cleaned(normalizeNationalRecord(raw, path));
      if (codes.has(r.code)) throw invalid(path ? `${path}.code` : 'code', `Mã thủ tục ${r.code} lặp lại trong tệp.`, `Procedure code ${r.code} appears twice.`);
      codes.add(r.code);
      return r;
    } catch (e) {
      throw atLine(line, e);
    }
  });
  const orgId = await implementingOrg(ctx, actor, opts.orgId);
  await assertManages(ctx.db.kysely, actor, orgId);
  const level = parseOnlineLevel(opts.onlineLevel);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const results: SaveResult[] = [];
    for (const r of records) results.push(await saveOne(trx, ctx, actor, r, orgId, level, at, 'upsert'));
    const counts = { created: 0, updated: 0, linked: 0 };
    for (const r of results) counts[r.outcome]++;
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'portal.procedure.import', entityType: 'procedure', entityId: results.length === 1 ? results[0]!.id : 'import', data: { source, onlineLevel: level, ...counts, codes: results.map((r) => r.code) } });
    return { ...counts, procedures: results };
  });
}

async function loadOwned(ctx: AppContext, actor: Actor, id: number) {
  const p = await ctx.db.kysely.selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound('procedure');
  return p;
}

export async function updateProcedure(ctx: AppContext, actor: Actor, id: number, input: { record?: unknown; active?: unknown }) {
  const p = await loadOwned(ctx, actor, id);
  await assertManages(ctx.db.kysely, actor, p.owner_org_id);
  const record = input.record === undefined ? null : cleaned(normalizeNationalRecord(input.record, 'record'));
  if (record && record.code !== p.code) {
    throw invalid('record.code', 'Không đổi được mã thủ tục; hãy tạo thủ tục mới.', 'The code of a procedure cannot change; create a new one.');
  }
  if (input.active !== undefined && typeof input.active !== 'boolean') throw invalid('active', 'active phải là true hoặc false.', 'active must be true or false.');
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('procedures')
      .set({ ...(record ? columns(record) : {}), ...(input.active === undefined ? {} : { active: input.active ? 1 : 0 }), updated_at: at })
      .where('id', '=', id)
      .execute();
    if (record) await writeTags(trx, id, record);
    await touchPages(trx, await orgsOf(trx, id, p.owner_org_id), at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: p.owner_org_id, action: 'portal.procedure.update', entityType: 'procedure', entityId: id, data: { code: p.code, recordChanged: !!record, active: input.active } });
    return { id, code: p.code };
  });
}

/** An agency declares that it implements a procedure, and at which online level — or stops. */
export async function setImplementation(ctx: AppContext, actor: Actor, id: number, orgIdInput: unknown, input: { onlineLevel?: unknown; implemented?: unknown }) {
  const p = await loadOwned(ctx, actor, id);
  const orgId = await implementingOrg(ctx, actor, orgIdInput);
  await assertManages(ctx.db.kysely, actor, orgId);
  if (input.implemented !== undefined && typeof input.implemented !== 'boolean') throw invalid('implemented', 'implemented phải là true hoặc false.', 'implemented must be true or false.');
  const level = parseOnlineLevel(input.onlineLevel);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const orgs = await orgsOf(trx, id, p.owner_org_id);
    if (input.implemented === false) await trx.deleteFrom('procedure_agencies').where('procedure_id', '=', id).where('org_id', '=', orgId).execute();
    else await upsertImplementation(trx, id, orgId, level, at);
    await touchPages(trx, [...orgs, orgId], at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'portal.procedure.implement', entityType: 'procedure', entityId: id, data: { code: p.code, implemented: input.implemented !== false, onlineLevel: level } });
    return { procedureId: id, orgId, implemented: input.implemented !== false, onlineLevel: input.implemented === false ? null : level };
  });
}

/** The back office list: what the agency owns or implements; everything for the province. */
export async function listManagedProcedures(ctx: AppContext, actor: Actor) {
  let q = ctx.db.kysely.selectFrom('procedures as p').select(['p.id', 'p.code', 'p.name', 'p.owner_org_id', 'p.active', 'p.updated_at']).orderBy('p.name').limit(5000);
  if (!actor.isProvinceAdmin) {
    q = q.where((eb) =>
      eb.or([eb('p.owner_org_id', '=', actor.agencyId), eb.exists(eb.selectFrom('procedure_agencies as a').select('a.org_id').whereRef('a.procedure_id', '=', 'p.id').where('a.org_id', '=', actor.agencyId))]),
    );
  }
  const rows = await q.execute();
  const ids = rows.map((r) => r.id);
  const impl = ids.length ? await ctx.db.kysely.selectFrom('procedure_agencies').selectAll().where('procedure_id', 'in', ids).execute() : [];
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    ownerOrgId: r.owner_org_id,
    active: Number(r.active) === 1,
    updatedAt: r.updated_at,
    agencies: impl.filter((a) => a.procedure_id === r.id).map((a) => ({ orgId: a.org_id, onlineLevel: a.online_level })),
  }));
}

export async function getManagedProcedure(ctx: AppContext, actor: Actor, id: number) {
  const p = await loadOwned(ctx, actor, id);
  const agencies = await ctx.db.kysely.selectFrom('procedure_agencies').selectAll().where('procedure_id', '=', id).execute();
  const forms = await ctx.db.kysely.selectFrom('forms').select(['id', 'file_name', 'title', 'size', 'mime', 'sha256', 'org_id', 'created_at']).where('procedure_id', '=', id).orderBy('id').execute();
  return {
    id: p.id,
    code: p.code,
    ownerOrgId: p.owner_org_id,
    active: Number(p.active) === 1,
    updatedAt: p.updated_at,
    mayEdit: await mayManage(ctx.db.kysely, actor, p.owner_org_id),
    record: JSON.parse(p.record) as NationalProcedure,
    agencies: agencies.map((a) => ({ orgId: a.org_id, onlineLevel: a.online_level })),
    forms: forms.map((f) => ({ id: f.id, fileName: f.file_name, title: f.title, size: Number(f.size), mime: f.mime, sha256: f.sha256, orgId: f.org_id, createdAt: f.created_at })),
  };
}

