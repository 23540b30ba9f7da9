import type { AppContext } from '../context.js';
import type { EventFeed } from '../events/hub.js';
import { mayReadIncident } from './access.js';
import { incidentsAfter, incidentsById, lastIncidentId, type FeedRow } from './incidents-repo.js';

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
  const map = (rows: FeedRow[]): IncidentEvent[] =>
    rows.map((r) => ({ id: r.id, orgId: r.org_id, orgName: r.name, title: r.title, severity: r.severity, detectedAt: r.detected_at, reportedAt: r.reported_at }));
  return {
    event: 'incident',
    readAfter: async (after, limit) => map(await incidentsAfter(ctx.db.kysely, after, limit)),
    readIds: async (ids) => map(await incidentsById(ctx.db.kysely, [...ids])),
    maxId: () => lastIncidentId(ctx.db.kysely),
    audience: (row, viewer) => mayReadIncident(viewer, row.orgId),
    data: (row) => row,
  };
}
