import type { Executor } from '../../db/connect.js';
import { num } from '../../db/connect.js';
import { freshness, latest, STALE_AFTER_DAYS } from '../../domain/portal-freshness.js';
import { localDate } from '../../domain/numbering.js';

export interface AgencyFreshness {
  orgId: number;
  name: string;
  lastUpdated: string;
  days: number;
  stale: boolean;
  procedures: number;
  documents: number;
  forms: number;
}

/**
 * When each agency's pages last changed (its directory entry or anything it publishes) and
 * whether that is longer ago than the province accepts; the stalest first.
 */
export async function freshnessReport(db: Executor, now: Date, onlyOrgId?: number): Promise<{ staleAfterDays: number; agencies: AgencyFreshness[] }> {
  let q = db
    .selectFrom('organizations as o')
    .leftJoin('agency_profiles as p', 'p.org_id', 'o.id')
    .select(['o.id', 'o.name', 'o.updated_at', 'p.content_updated_at'])
    .where('o.kind', '=', 'agency')
    .where('o.active', '=', 1);
  if (onlyOrgId !== undefined) q = q.where('o.id', '=', onlyOrgId);
  const rows = await q.execute();
  const count = async (table: 'procedure_agencies' | 'published_documents' | 'forms') => {
    let c = db.selectFrom(table).select(['org_id', (eb) => eb.fn.countAll().as('n')]).groupBy('org_id');
    if (table === 'published_documents') c = c.where('unpublished_at', 'is', null);
    return new Map((await c.execute()).map((r) => [r.org_id, num(r.n)]));
  };
  const [procedures, documents, forms] = await Promise.all([count('procedure_agencies'), count('published_documents'), count('forms')]);
  const today = localDate(now);
  const agencies = rows.map((r) => {
    const last = latest(r.updated_at, r.content_updated_at)!;
    const f = freshness(localDate(new Date(last)), today);
    return { orgId: r.id, name: r.name, lastUpdated: last, days: f.days, stale: f.stale, procedures: procedures.get(r.id) ?? 0, documents: documents.get(r.id) ?? 0, forms: forms.get(r.id) ?? 0 };
  });
  agencies.sort((a, b) => b.days - a.days || a.name.localeCompare(b.name, 'vi'));
  return { staleAfterDays: STALE_AFTER_DAYS, agencies };
}
