import type { AppContext } from '../context.js';
import type { EventFeed } from '../events/hub.js';
import { mayReadIncident } from './access.js';

export interface IncidentEvent {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  severity: string;
  detectedAt: string;
  reportedAt: string;
}

/**
 * New incidents on the event stream (`incident`), to the clients need to know admits: the
 * incident team, the Police unit, province administrators and the reporting agency's
 * security officers.
 */
export function incidentFeed(ctx: AppContext): EventFeed<IncidentEvent> {
  const query = () =>
    ctx.db.kysely
      .selectFrom('security_incidents as i')
      .innerJoin('organizations as o', 'o.id', 'i.org_id')
      .select(['i.id', 'i.org_id', 'o.name', 'i.title', 'i.severity', 'i.detected_at', 'i.reported_at']);
  const map = (rows: Awaited<ReturnType<ReturnType<typeof query>['execute']>>): IncidentEvent[] =>
    rows.map((r) => ({ id: r.id, orgId: r.org_id, orgName: r.name, title: r.title, severity: r.severity, detectedAt: r.detected_at, reportedAt: r.reported_at }));
  return {
    event: 'incident',
    readAfter: async (after, limit) => map(await query().where('i.id', '>', after).orderBy('i.id').limit(limit).execute()),
    readIds: async (ids) => map(await query().where('i.id', 'in', ids).execute()),
    maxId: async () => Number((await ctx.db.kysely.selectFrom('security_incidents').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0),
    audience: (row, viewer) => mayReadIncident(viewer, row.orgId),
    data: (row) => row,
  };
}
