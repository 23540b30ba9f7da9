import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { SecurityIncidentTable } from '../../db/schema-security.js';
import type { IncidentEventKind, Severity } from '../../domain/security.js';

/** The SQL of incidents, their steps, files and access log; `incidents.ts` decides who may do what. */

const baseQuery = (db: Executor) => db.selectFrom('security_incidents as i').innerJoin('organizations as o', 'o.id', 'i.org_id').selectAll('i').select('o.name as org_name');

export type IncidentRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

export const incidentRow = (db: Executor, id: number): Promise<IncidentRow | undefined> => baseQuery(db).where('i.id', '=', id).executeTakeFirst();

/** Incidents newest reported first, of one agency (or all when `orgId` is null), of a severity if given. */
export const incidentRows = (db: Executor, q: { orgId: number | null; severity?: Severity; limit: number }): Promise<IncidentRow[]> =>
  baseQuery(db)
    .$if(q.orgId !== null, (x) => x.where('i.org_id', '=', q.orgId!))
    .$if(!!q.severity, (x) => x.where('i.severity', '=', q.severity!))
    .orderBy('i.reported_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(q.limit)
    .execute();

export async function insertIncident(db: Executor, values: Insertable<SecurityIncidentTable>, systemIds: number[]): Promise<number> {
  const row = await db.insertInto('security_incidents').values(values).returning('id').executeTakeFirstOrThrow();
  if (systemIds.length) await db.insertInto('security_incident_systems').values(systemIds.map((system_id) => ({ incident_id: row.id, system_id }))).execute();
  return row.id;
}

export async function updateIncidentRow(db: Executor, id: number, values: Updateable<SecurityIncidentTable>): Promise<void> {
  await db.updateTable('security_incidents').set(values).where('id', '=', id).execute();
}

export async function insertIncidentEvent(db: Executor, e: { incidentId: number; kind: IncidentEventKind; at: string; userId: number | null; userName: string; orgId: number; text: string | null }): Promise<void> {
  await db.insertInto('security_incident_events').values({ incident_id: e.incidentId, kind: e.kind, at: e.at, user_id: e.userId, user_name: e.userName, org_id: e.orgId, text: e.text }).execute();
}

/** An incident's affected systems, its steps and its files. */
export async function incidentParts(db: Executor, incidentId: number) {
  const [systems, events, files] = await Promise.all([
    db
      .selectFrom('security_incident_systems as x')
      .innerJoin('security_systems as s', 's.id', 'x.system_id')
      .select(['s.id', 's.name', 's.level'])
      .where('x.incident_id', '=', incidentId)
      .orderBy('s.name')
      .execute(),
    db
      .selectFrom('security_incident_events as e')
      .innerJoin('organizations as o', 'o.id', 'e.org_id')
      .select(['e.id', 'e.kind', 'e.at', 'e.user_name', 'o.name as org_name', 'e.text'])
      .where('e.incident_id', '=', incidentId)
      .orderBy('e.id')
      .execute(),
    db.selectFrom('security_incident_files').select(['id', 'file_name', 'size', 'mime', 'created_at']).where('incident_id', '=', incidentId).orderBy('id').execute(),
  ]);
  return { systems, events, files };
}

export const incidentFileCount = async (db: Executor, incidentId: number): Promise<number> =>
  Number((await db.selectFrom('security_incident_files').select((eb) => eb.fn.countAll<number>().as('n')).where('incident_id', '=', incidentId).executeTakeFirstOrThrow()).n);

export async function insertIncidentFile(db: Executor, f: { incidentId: number; sha256: string; fileName: string; size: number; mime: string; userId: number | null; at: string }): Promise<number> {
  const row = await db
    .insertInto('security_incident_files')
    .values({ incident_id: f.incidentId, sha256: f.sha256, file_name: f.fileName, size: f.size, mime: f.mime, user_id: f.userId, created_at: f.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const incidentFile = (db: Executor, incidentId: number, fileId: number) =>
  db.selectFrom('security_incident_files').selectAll().where('id', '=', fileId).where('incident_id', '=', incidentId).executeTakeFirst();

export async function insertIncidentRead(db: Executor, r: { incidentId: number; userId: number | null; userName: string; orgId: number; what: string; at: string }): Promise<void> {
  await db.insertInto('security_incident_reads').values({ incident_id: r.incidentId, user_id: r.userId, user_name: r.userName, org_id: r.orgId, what: r.what, at: r.at }).execute();
}

/** Who read the incident, newest first (at most 1,000). */
export const incidentReads = (db: Executor, incidentId: number) =>
  db
    .selectFrom('security_incident_reads as r')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .select(['r.id', 'r.user_id', 'r.user_name', 'o.name as org_name', 'r.what', 'r.at'])
    .where('r.incident_id', '=', incidentId)
    .orderBy('r.id', 'desc')
    .limit(1000)
    .execute();

/** The live feed's reads: new incidents after an id, some by id, and the last id. */
const feedQuery = (db: Executor) =>
  db.selectFrom('security_incidents as i').innerJoin('organizations as o', 'o.id', 'i.org_id').select(['i.id', 'i.org_id', 'o.name', 'i.title', 'i.severity', 'i.detected_at', 'i.reported_at']);
export type FeedRow = Awaited<ReturnType<ReturnType<typeof feedQuery>['execute']>>[number];
export const incidentsAfter = (db: Executor, after: number, limit: number): Promise<FeedRow[]> => feedQuery(db).where('i.id', '>', after).orderBy('i.id').limit(limit).execute();
export const incidentsById = (db: Executor, ids: number[]): Promise<FeedRow[]> => feedQuery(db).where('i.id', 'in', ids).execute();
export const lastIncidentId = async (db: Executor): Promise<number> => Number((await db.selectFrom('security_incidents').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);

/** The incidents reported in [startIso, endIso), of some agencies if given (the ATTT.SUCO_DUNGHAN indicator). */
export const incidentsReportedIn = (db: Executor, startIso: string, endIso: string, orgIds?: readonly number[]) =>
  db
    .selectFrom('security_incidents')
    .select(['id', 'org_id', 'severity', 'status', 'detected_at', 'reported_at', 'resolved_at', 'final_report_at'])
    .where('reported_at', '>=', startIso)
    .where('reported_at', '<', endIso)
    .$if(!!orgIds, (q) => q.where('org_id', 'in', orgIds!.length ? orgIds! : [0]))
    .orderBy('org_id')
    .orderBy('reported_at')
    .orderBy('id')
    .execute();
