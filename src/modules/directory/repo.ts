import type { Executor } from '../../db/connect.js';
import type { Role } from '../../domain/roles.js';

/** Reads of the organisation tree shared by the directory and the other modules. */
export async function getOrg(db: Executor, id: number) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The province's name (the first active organisation of kind province), if there is one. */
export async function provinceName(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('organizations').select('name').where('kind', '=', 'province').where('active', '=', 1).orderBy('id').executeTakeFirst();
  return row?.name ?? null;
}

/** The document types in use (Decree 30 list), in their order. */
export async function activeDocumentTypes(db: Executor): Promise<{ code: string; name: string; abbr: string }[]> {
  const rows = await db.selectFrom('document_types').select(['code', 'name', 'abbr']).where('active', '=', 1).orderBy('sort').execute();
  return rows.map((t) => ({ code: t.code, name: t.name, abbr: t.abbr }));
}

/** The agency an organisation belongs to: itself, or its nearest ancestor of kind agency. */
/** The kinds of organisation that are an agency themselves (a unit's agency is up its tree). */
export const AGENCY_KINDS: ReadonlySet<string> = new Set(['agency', 'enterprise', 'province']);

export async function agencyOf(db: Executor, orgId: number): Promise<number> {
  let id: number | null = orgId;
  for (let depth = 0; id !== null && depth < 32; depth++) {
    const org: { id: number; kind: string; parent_id: number | null } | undefined = await db
      .selectFrom('organizations')
      .select(['id', 'kind', 'parent_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!org) break;
    if (AGENCY_KINDS.has(org.kind)) return org.id;
    id = org.parent_id;
  }
  return orgId;
}

/**
 * Ids of an organisation and everything below it; `unitsOnly`: without the agencies below it
 * (and what is under them), i.e. the organisation and its own units.
 */
export async function subtreeIds(db: Executor, rootId: number, opts: { unitsOnly?: boolean } = {}): Promise<number[]> {
  const all = await db.selectFrom('organizations').select(['id', 'parent_id', 'kind']).execute();
  const children = new Map<number, number[]>();
  for (const o of all) {
    if (o.parent_id === null || (opts.unitsOnly && AGENCY_KINDS.has(o.kind))) continue;
    const list = children.get(o.parent_id) ?? [];
    list.push(o.id);
    children.set(o.parent_id, list);
  }
  // A visited set: a cycle in the tree (bad data) must not loop forever.
  const seen = new Set<number>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...seen];
}

/** Every agency gets its outgoing and incoming books, ordinary and secret. */
export async function ensureDefaultRegisters(db: Executor, agencyId: number): Promise<void> {
  const existing = await db.selectFrom('registers').select(['kind', 'secret']).where('org_id', '=', agencyId).execute();
  const want: { kind: 'outgoing' | 'incoming'; secret: number; name: string }[] = [
    { kind: 'outgoing', secret: 0, name: 'Sổ đăng ký văn bản đi' },
    { kind: 'outgoing', secret: 1, name: 'Sổ đăng ký văn bản đi (mật)' },
    { kind: 'incoming', secret: 0, name: 'Sổ đăng ký văn bản đến' },
    { kind: 'incoming', secret: 1, name: 'Sổ đăng ký văn bản đến (mật)' },
  ];
  const missing = want.filter((w) => !existing.some((e) => e.kind === w.kind && Number(e.secret) === w.secret));
  if (missing.length) {
    await db
      .insertInto('registers')
      .values(missing.map((m) => ({ org_id: agencyId, kind: m.kind, name: m.name, secret: m.secret, type_codes: null, active: 1 })))
      .execute();
  }
}

/** Active users holding one of these roles (anywhere), with their address: who a notice goes to. */
export async function usersWithRoles(db: Executor, roles: Role[]): Promise<{ id: number; fullName: string; email: string | null; orgId: number }[]> {
  if (!roles.length) return [];
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.full_name', 'u.email', 'u.org_id'])
    .where('r.role', 'in', roles)
    .where('u.active', '=', 1)
    .distinct()
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ id: r.id, fullName: r.full_name, email: r.email, orgId: r.org_id }));
}

/** Names of organisations by id (lists in other modules show them without joining this module's tables). */
export async function orgNames(db: Executor, ids: number[]): Promise<Map<number, { name: string; shortName: string; kind: string; active: boolean; email: string | null; phone: string | null; address: string | null }>> {
  const out = new Map<number, { name: string; shortName: string; kind: string; active: boolean; email: string | null; phone: string | null; address: string | null }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('organizations').select(['id', 'name', 'short_name', 'kind', 'active', 'email', 'phone', 'address']).where('id', 'in', unique.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, { name: r.name, shortName: r.short_name, kind: r.kind, active: Number(r.active) === 1, email: r.email, phone: r.phone, address: r.address });
  }
  return out;
}

/**
 * The active people working for an agency: in it or in one of its units (not in an agency
 * below it, which has people of its own).
 */
export async function peopleOfAgency(db: Executor, agencyId: number): Promise<{ id: number; fullName: string; username: string; position: string | null }[]> {
  const ids = await subtreeIds(db, agencyId, { unitsOnly: true });
  const rows = await db.selectFrom('users').select(['id', 'full_name', 'username', 'position']).where('org_id', 'in', ids).where('active', '=', 1).orderBy('full_name').execute();
  return rows.map((r) => ({ id: r.id, fullName: r.full_name, username: r.username, position: r.position }));
}
