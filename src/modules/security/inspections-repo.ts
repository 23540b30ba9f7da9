import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { SecurityInspectionTable, SecurityRecommendationEventTable, SecurityRecommendationTable } from '../../db/schema-security.js';
import type { Severity } from '../../domain/security.js';

/** The SQL of inspection plans, inspections, findings and recommendations; `inspections.ts` decides who may do what. */

export async function insertPlan(db: Executor, p: { orgId: number; year: number; title: string; createdBy: number | null; at: string }): Promise<number> {
  const row = await db.insertInto('security_inspection_plans').values({ org_id: p.orgId, year: p.year, title: p.title, created_by: p.createdBy, created_at: p.at }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const planQuery = (db: Executor) =>
  db.selectFrom('security_inspection_plans as p').innerJoin('organizations as o', 'o.id', 'p.org_id').select(['p.id', 'p.year', 'p.title', 'p.org_id', 'o.name as org_name', 'p.created_at']);
export type PlanRow = Awaited<ReturnType<ReturnType<typeof planQuery>['execute']>>[number];

/** The plans, newest year first, of one year if given. */
export const planRows = (db: Executor, year?: number): Promise<PlanRow[]> =>
  planQuery(db)
    .$if(!!year, (q) => q.where('p.year', '=', year!))
    .orderBy('p.year', 'desc')
    .orderBy('p.id')
    .execute();

export const planRow = (db: Executor, id: number): Promise<PlanRow | undefined> => planQuery(db).where('p.id', '=', id).executeTakeFirst();

const inspectionQuery = (db: Executor) =>
  db
    .selectFrom('security_inspections as i')
    .innerJoin('security_inspection_plans as p', 'p.id', 'i.plan_id')
    .innerJoin('organizations as t', 't.id', 'i.target_org_id')
    .innerJoin('organizations as po', 'po.id', 'p.org_id')
    .selectAll('i')
    .select(['t.name as target_name', 'p.org_id as plan_org_id', 'po.name as plan_org_name', 'p.year', 'p.title as plan_title']);
export type InspectionRow = Awaited<ReturnType<ReturnType<typeof inspectionQuery>['execute']>>[number];

export const inspectionRow = (db: Executor, id: number): Promise<InspectionRow | undefined> => inspectionQuery(db).where('i.id', '=', id).executeTakeFirst();

/** A plan's inspections by planned month, only those of one inspected agency when `targetOrgId` is given. */
export const inspectionsOfPlan = (db: Executor, planId: number, targetOrgId: number | null): Promise<InspectionRow[]> =>
  inspectionQuery(db)
    .where('i.plan_id', '=', planId)
    .$if(targetOrgId !== null, (q) => q.where('i.target_org_id', '=', targetOrgId!))
    .orderBy('i.planned_month')
    .orderBy('i.id')
    .execute();

export async function insertInspection(db: Executor, values: Insertable<SecurityInspectionTable>): Promise<number> {
  return (await db.insertInto('security_inspections').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateInspectionRow(db: Executor, id: number, values: Updateable<SecurityInspectionTable>): Promise<void> {
  await db.updateTable('security_inspections').set(values).where('id', '=', id).execute();
}

export const findingsOf = (db: Executor, inspectionId: number) => db.selectFrom('security_findings').select(['id', 'text', 'severity']).where('inspection_id', '=', inspectionId).orderBy('id').execute();

/** The findings recorded replace those recorded before. */
export async function replaceFindings(db: Executor, inspectionId: number, findings: { text: string; severity: Severity }[]): Promise<void> {
  await db.deleteFrom('security_findings').where('inspection_id', '=', inspectionId).execute();
  if (findings.length) await db.insertInto('security_findings').values(findings.map((f) => ({ inspection_id: inspectionId, ...f }))).execute();
}

/** The recommendations of some inspections with their events, in order. */
export async function recommendationRows(db: Executor, inspectionIds: number[]) {
  if (!inspectionIds.length) return { recs: [], events: [] };
  const recs = await db.selectFrom('security_recommendations').selectAll().where('inspection_id', 'in', inspectionIds).orderBy('id').execute();
  const events = recs.length
    ? await db
        .selectFrom('security_recommendation_events as e')
        .innerJoin('organizations as o', 'o.id', 'e.org_id')
        .select(['e.id', 'e.recommendation_id', 'e.kind', 'e.at', 'e.user_name', 'o.name as org_name', 'e.text'])
        .where('e.recommendation_id', 'in', recs.map((r) => r.id))
        .orderBy('e.id')
        .execute()
    : [];
  return { recs, events };
}

export const recommendationRow = (db: Executor, id: number) => db.selectFrom('security_recommendations').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertRecommendations(db: Executor, rows: Insertable<SecurityRecommendationTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('security_recommendations').values(rows).execute();
}

/** A recommendation's new status and the event that moved it. */
export async function moveRecommendation(db: Executor, id: number, status: SecurityRecommendationTable['status'], at: string, event: Omit<Insertable<SecurityRecommendationEventTable>, 'recommendation_id' | 'at'>): Promise<void> {
  await db.updateTable('security_recommendations').set({ status, updated_at: at }).where('id', '=', id).execute();
  await db.insertInto('security_recommendation_events').values({ ...event, recommendation_id: id, at }).execute();
}

/** Every recommendation's agency, status and deadline (of one agency when `targetOrgId` is given). */
export const recommendationStates = (db: Executor, targetOrgId: number | null) =>
  db
    .selectFrom('security_recommendations as r')
    .innerJoin('organizations as o', 'o.id', 'r.target_org_id')
    .select(['r.target_org_id', 'o.name', 'r.status', 'r.deadline'])
    .$if(targetOrgId !== null, (q) => q.where('r.target_org_id', '=', targetOrgId!))
    .execute();
