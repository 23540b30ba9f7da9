import type { AppContext } from '../context.js';
import type { EventFeed } from '../events/hub.js';

export interface DraftStepEvent {
  id: number;
  documentId: number;
  orgId: number;
  action: string;
  by: string;
  toUserId: number | null;
  drafterId: number;
  holderId: number | null;
  at: string;
}

/**
 * Steps of drafts under approval on the event stream (`draft-step`): to the person the draft
 * goes to, its drafter, and the agency's clerks when it is signed (to number and issue), so
 * their lists change without a reload.
 */
export function draftStepFeed(ctx: AppContext): EventFeed<DraftStepEvent> {
  const query = () =>
    ctx.db.kysely
      .selectFrom('draft_steps as s')
      .innerJoin('draft_flows as f', 'f.document_id', 's.document_id')
      .select(['s.id', 's.document_id', 'f.org_id', 's.action', 's.actor_name', 's.to_user_id', 'f.drafter_id', 'f.holder_id', 's.at']);
  const map = (rows: Awaited<ReturnType<ReturnType<typeof query>['execute']>>): DraftStepEvent[] =>
    rows.map((r) => ({ id: r.id, documentId: r.document_id, orgId: r.org_id, action: r.action, by: r.actor_name, toUserId: r.to_user_id, drafterId: r.drafter_id, holderId: r.holder_id, at: r.at }));
  return {
    event: 'draft-step',
    readAfter: async (after, limit) => map(await query().where('s.id', '>', after).orderBy('s.id').limit(limit).execute()),
    readIds: async (ids) => map(await query().where('s.id', 'in', ids).execute()),
    maxId: async () => Number((await ctx.db.kysely.selectFrom('draft_steps').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0),
    audience: (row, viewer) =>
      viewer.agencyId === row.orgId && (viewer.userId === row.toUserId || viewer.userId === row.drafterId || viewer.userId === row.holderId || (row.action === 'sign' && viewer.roles.includes('clerk'))),
    data: (row) => ({ documentId: row.documentId, action: row.action, by: row.by, at: row.at }),
  };
}
