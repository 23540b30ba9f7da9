import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { SecuritySystemTable } from '../../db/schema-security.js';

/** The SQL of the systems register; the services in `systems.ts` decide who may do what. */

const baseQuery = (db: Executor) =>
  db
    .selectFrom('security_systems as s')
    .innerJoin('organizations as o', 'o.id', 's.org_id')
    .selectAll('s')
    .select('o.name as org_name');

export type SystemRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** The systems of one agency (or of every agency when `orgId` is null), by agency and name, at most `limit`. */
export const systemRows = (db: Executor, orgId: number | null, limit: number): Promise<SystemRow[]> =>
  baseQuery(db)
    .$if(orgId !== null, (q) => q.where('s.org_id', '=', orgId!))
    .orderBy('o.name')
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(limit)
    .execute();

export const systemRow = (db: Executor, id: number): Promise<SystemRow | undefined> => baseQuery(db).where('s.id', '=', id).executeTakeFirst();

export async function insertSystem(db: Executor, values: Insertable<SecuritySystemTable>): Promise<number> {
  return (await db.insertInto('security_systems').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateSystemRow(db: Executor, id: number, values: Updateable<SecuritySystemTable>): Promise<void> {
  await db.updateTable('security_systems').set(values).where('id', '=', id).execute();
}

/** The ids among `ids` that are systems of the agency. */
export const systemIdsOf = async (db: Executor, orgId: number, ids: number[]): Promise<number[]> =>
  (await db.selectFrom('security_systems').select('id').where('id', 'in', ids).where('org_id', '=', orgId).execute()).map((r) => r.id);

/** The active systems, by agency then id: what the monitoring reads. */
export const activeSystems = (db: Executor) =>
  db.selectFrom('security_systems').select(['id', 'org_id', 'name', 'level', 'dossier_state', 'monitoring', 'antimalware_percent']).where('active', '=', 1).orderBy('org_id').orderBy('id').execute();

/** The active systems registered before an instant, of some agencies if given (the ATTT.CAPDO indicator). */
export const systemsRegisteredBefore = (db: Executor, endIso: string, orgIds?: readonly number[]) =>
  db
    .selectFrom('security_systems')
    .select(['id', 'org_id', 'name', 'level', 'dossier_state', 'created_at'])
    .where('active', '=', 1)
    .where('created_at', '<', endIso)
    .$if(!!orgIds, (q) => q.where('org_id', 'in', orgIds!.length ? orgIds! : [0]))
    .orderBy('org_id')
    .orderBy('id')
    .execute();
