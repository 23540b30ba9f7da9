import type { AppContext, Actor } from '../context.js';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { canRequestRecall, STATUS, type ProcessingStatus } from '../../domain/statuses.js';
import { requiredText, optionalText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { buildAccessTokens, loadOwnItem, requireRole } from './access.js';
import { recordStatus } from './incoming.js';

/** The sender asks recipients to give a document back (13); by default every recipient still holding it. */
export async function recallDocument(ctx: AppContext, actor: Actor, documentId: number, input: { reason?: unknown; recipients?: unknown }) {
  requireRole(actor, 'clerk', 'leader');
  const reason = requiredText(input.reason, 'reason', 'Lý do thu hồi', 1000);
  if (input.recipients !== undefined && (!Array.isArray(input.recipients) || !input.recipients.every((r) => Number.isInteger(r)))) {
    throw invalid('recipients', 'Danh sách nơi nhận không hợp lệ.', 'recipients must be a list of organisation ids.');
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const doc = await trx.selectFrom('documents').select(['id', 'org_id', 'state']).where('id', '=', documentId).executeTakeFirst();
    if (!doc || doc.org_id !== actor.agencyId) throw notFound('document');
    let q = trx.selectFrom('inbox_items').selectAll().where('document_id', '=', documentId);
    if (Array.isArray(input.recipients)) q = q.where('org_id', 'in', input.recipients.length ? (input.recipients as number[]) : [-1]);
    const items = (await q.execute()).filter((i) => canRequestRecall(i.status as ProcessingStatus, Number(i.withdrawn) === 1, i.recall_state === STATUS.RECALL_REQUESTED));
    if (!items.length) {
      throw conflict('nothing_to_recall', 'Không còn nơi nhận nào có thể thu hồi (đã từ chối, đã thu hồi hoặc đang chờ trả lời thu hồi).', 'No recipient can be asked: all rejected, recalled, or already asked.');
    }
    const at = ctx.now().toISOString();
    for (const item of items) {
      await trx.updateTable('inbox_items').set({ recall_state: STATUS.RECALL_REQUESTED, updated_at: at }).where('id', '=', item.id).execute();
      await recordStatus(ctx, trx, item, STATUS.RECALL_REQUESTED, actor, at, reason);
      await ctx.hooks.run(trx, ctx, 'itemChanged', { itemId: item.id });
    }
    await ctx.hooks.run(trx, ctx, 'recallRequested', { documentId, items, reason, actorName: actor.fullName, at });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'document.recall', entityType: 'document', entityId: documentId, data: { reason, items: items.map((i) => i.id) } });
    return { documentId, requested: items.map((i) => ({ itemId: i.id, orgId: i.org_id })) };
  });
}

/** The recipient agrees (15: the item is withdrawn from its inbox) or refuses (16). */
export async function answerRecall(ctx: AppContext, actor: Actor, itemId: number, input: { agree?: unknown; reason?: unknown }) {
  requireRole(actor, 'clerk', 'leader');
  if (typeof input.agree !== 'boolean') throw invalid('agree', 'Hãy chọn đồng ý hoặc từ chối thu hồi.', 'agree must be true or false.');
  const agree = input.agree;
  const reason = agree ? optionalText(input.reason, 'reason', 'Ý kiến', 1000) : requiredText(input.reason, 'reason', 'Lý do từ chối thu hồi', 1000);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const item = await loadOwnItem(trx, actor, itemId);
    if (item.recall_state !== STATUS.RECALL_REQUESTED) {
      throw conflict('no_recall_request', 'Không có yêu cầu thu hồi nào đang chờ trả lời.', 'There is no pending recall request.');
    }
    const at = ctx.now().toISOString();
    const status = agree ? STATUS.RECALL_ACCEPTED : STATUS.RECALL_REFUSED;
    await trx.updateTable('inbox_items').set({ recall_state: status, withdrawn: agree ? 1 : 0, updated_at: at }).where('id', '=', item.id).execute();
    if (agree) {
      const doc = await trx.selectFrom('documents').select(['org_id']).where('id', '=', item.document_id).executeTakeFirstOrThrow();
      const holders = await trx.selectFrom('inbox_items').select('org_id').where('document_id', '=', item.document_id).where('withdrawn', '=', 0).execute();
      await trx.updateTable('documents').set({ access_tokens: buildAccessTokens([...(doc.org_id ? [doc.org_id] : []), ...holders.map((h) => h.org_id)]) }).where('id', '=', item.document_id).execute();
    }
    await recordStatus(ctx, trx, item, status, actor, at, reason);
    await ctx.hooks.run(trx, ctx, 'itemChanged', { itemId: item.id });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: agree ? 'incoming.recall_accept' : 'incoming.recall_refuse', entityType: 'inbox_item', entityId: item.id, data: { reason } });
    return { itemId: item.id, recallState: status, withdrawn: agree };
  });
}
