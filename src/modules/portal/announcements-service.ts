import type { AppContext, Actor } from '../context.js';
import { invalid, notFound } from '../../domain/errors.js';
import { requiredText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { assertManages, touchPages } from './access.js';
import { sanitizeRich } from './sanitize.js';

/** Announcements (thông báo) an agency puts on its pages and the home page. */
export interface AnnouncementInput {
  orgId?: unknown;
  title?: unknown;
  body?: unknown;
  published?: unknown;
}

function validate(input: AnnouncementInput, partial: boolean) {
  const out: { title?: string; body?: string; published?: boolean } = {};
  if (!partial || input.title !== undefined) out.title = requiredText(input.title, 'title', 'Tiêu đề', 300);
  if (!partial || input.body !== undefined) {
    const body = sanitizeRich(requiredText(input.body, 'body', 'Nội dung', 100_000));
    if (!body) throw invalid('body', 'Nội dung không được để trống.', 'body is required.');
    out.body = body;
  }
  if (input.published !== undefined) {
    if (typeof input.published !== 'boolean') throw invalid('published', 'published phải là true hoặc false.', 'published must be true or false.');
    out.published = input.published;
  }
  return out;
}

const view = (a: { id: number; org_id: number; title: string; body: string; published_at: string | null; withdrawn_at: string | null; created_at: string; updated_at: string }) => ({
  id: a.id,
  orgId: a.org_id,
  title: a.title,
  body: a.body,
  publishedAt: a.published_at,
  withdrawnAt: a.withdrawn_at,
  live: a.published_at !== null && a.withdrawn_at === null,
  createdAt: a.created_at,
  updatedAt: a.updated_at,
});

export async function createAnnouncement(ctx: AppContext, actor: Actor, input: AnnouncementInput) {
  const orgId = input.orgId === undefined || input.orgId === null ? actor.agencyId : Number(input.orgId);
  if (!Number.isInteger(orgId) || orgId < 1) throw invalid('orgId', 'Cơ quan không hợp lệ.', 'orgId must be an organisation id.');
  await assertManages(ctx.db.kysely, actor, orgId);
  const v = validate(input, false);
  const at = ctx.now().toISOString();
  const published = v.published ?? true;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('announcements')
      .values({ org_id: orgId, title: v.title!, body: v.body!, published_at: published ? at : null, withdrawn_at: null, created_by: actor.userId, created_at: at, updated_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (published) await touchPages(trx, [orgId], at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'portal.announcement.create', entityType: 'announcement', entityId: row.id, data: { title: v.title, published } });
    return view(row);
  });
}

export async function updateAnnouncement(ctx: AppContext, actor: Actor, id: number, input: AnnouncementInput) {
  const a = await ctx.db.kysely.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw notFound('announcement');
  await assertManages(ctx.db.kysely, actor, a.org_id);
  const v = validate(input, true);
  const at = ctx.now().toISOString();
  const patch = {
    ...(v.title === undefined ? {} : { title: v.title }),
    ...(v.body === undefined ? {} : { body: v.body }),
    // Publishing again puts it back; withdrawing keeps the row as the record of what was shown.
    ...(v.published === true ? { published_at: a.published_at ?? at, withdrawn_at: null } : {}),
    ...(v.published === false ? { withdrawn_at: at } : {}),
    updated_at: at,
  };
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.updateTable('announcements').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await touchPages(trx, [a.org_id], at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: a.org_id, action: 'portal.announcement.update', entityType: 'announcement', entityId: id, data: { title: row.title, published: v.published } });
    return view(row);
  });
}

export async function listManagedAnnouncements(ctx: AppContext, actor: Actor) {
  let q = ctx.db.kysely.selectFrom('announcements').selectAll().orderBy('created_at', 'desc').limit(2000);
  if (!actor.isProvinceAdmin) q = q.where('org_id', '=', actor.agencyId);
  return (await q.execute()).map(view);
}
