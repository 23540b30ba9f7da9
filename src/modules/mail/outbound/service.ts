import type { AppContext, Actor } from '../../context.js';
import { hasRole } from '../../context.js';
import { conflict, forbidden, invalid, notFound } from '../../../domain/errors.js';
import { appendAudit } from '../../audit/service.js';
import { getOrg } from '../../directory/repo.js';
import { mailOf, parsePayload } from './messages.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'kept', 'failed'] as const;
const isOutboxStatus = (s: string): s is (typeof OUTBOX_STATUSES)[number] => (OUTBOX_STATUSES as readonly string[]).includes(s);
export const MAX_ATTACH_MB = 50;

/** The agency's clerks, leaders and administrators read its outbox; the province administrator reads all. */
function requireOutboxReader(actor: Actor) {
  if (actor.isProvinceAdmin || hasRole(actor, 'clerk', 'leader', 'admin')) return;
  throw forbidden('Hộp thư đi dành cho văn thư, lãnh đạo và quản trị của cơ quan.', 'The outbox is for the agency’s clerks, leaders and administrators.');
}

async function loadVisible(ctx: AppContext, actor: Actor, id: number) {
  const row = await ctx.db.kysely
    .selectFrom('outbox')
    .leftJoin('outbox_bodies', 'outbox_bodies.id', 'outbox.body_id')
    .selectAll('outbox')
    .select('outbox_bodies.payload as body')
    .where('outbox.id', '=', id)
    .where('outbox.channel', '=', 'mail')
    .executeTakeFirst();
  // Another agency's message answers as if it did not exist.
  if (!row || (!actor.isProvinceAdmin && row.org_id !== actor.agencyId)) throw notFound('message');
  return row;
}

type OutboxRow = Awaited<ReturnType<typeof loadVisible>>;

function summary(r: Omit<OutboxRow, 'body'>) {
  let kind: string | null = null;
  try {
    kind = parsePayload(r.payload).kind;
  } catch {
    /* a row written by something else than the mail composer */
  }
  return {
    id: r.id,
    kind,
    status: r.status,
    to: r.to_address,
    subject: r.subject,
    documentId: r.document_id,
    orgId: r.org_id,
    messageId: r.message_id,
    attempts: Number(r.attempts),
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

export interface OutboxQuery {
  status?: string;
  documentId?: number;
  limit?: number;
  beforeId?: number;
}

/** The agency's messages, newest first. */
export async function listOutbox(ctx: AppContext, actor: Actor, q: OutboxQuery) {
  requireOutboxReader(actor);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  let query = ctx.db.kysely.selectFrom('outbox').selectAll().where('channel', '=', 'mail').orderBy('id', 'desc').limit(limit + 1);
  if (!actor.isProvinceAdmin) query = query.where('org_id', '=', actor.agencyId);
  if (q.status) {
    if (!isOutboxStatus(q.status)) throw invalid('status', `Trạng thái phải là một trong: ${OUTBOX_STATUSES.join(', ')}.`, `status must be one of: ${OUTBOX_STATUSES.join(', ')}.`);
    query = query.where('status', '=', q.status);
  }
  if (q.documentId) query = query.where('document_id', '=', q.documentId);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return { items: page.map(summary), nextBeforeId: rows.length > limit ? page[page.length - 1]!.id : null };
}

const rfc2822 = (d: Date) => d.toUTCString().replace(/GMT$/, '+0000');

/** The whole message as the relay gets (or would get) it: headers, text, HTML, the files' names and sizes. */
export async function getOutboxMessage(ctx: AppContext, actor: Actor, id: number) {
  requireOutboxReader(actor);
  const row = await loadVisible(ctx, actor, id);
  const m = mailOf(row, ctx.config.mail.from);
  const to = typeof m.to === 'string' ? m.to : `${m.to.name} <${m.to.address}>`;
  return {
    ...summary(row),
    headers: {
      From: m.from,
      To: to,
      ...(m.replyTo ? { 'Reply-To': m.replyTo } : {}),
      Subject: m.subject,
      Date: rfc2822(m.date),
      'Message-ID': m.messageId ?? null,
      ...m.headers,
    },
    text: m.text,
    html: m.html,
    attachments: m.payload.attachments.map((a) => ({ fileName: a.fileName, size: a.size, mime: a.mime })),
  };
}

/** A failed message goes back to the queue, to be tried again at once. */
export async function retryOutboxMessage(ctx: AppContext, actor: Actor, id: number) {
  if (!actor.isProvinceAdmin && !hasRole(actor, 'clerk', 'admin')) throw forbidden('Gửi lại thư dành cho văn thư hoặc quản trị của cơ quan.', 'Retrying a message is for the agency’s clerks and administrators.');
  if (!ctx.config.mail.smtpUrl) {
    throw conflict('no_relay', 'Máy chủ chưa cấu hình máy chủ gửi thư (SMTP_URL), nên không thể gửi lại.', 'No mail relay is configured (SMTP_URL), so nothing can be sent.');
  }
  const row = await loadVisible(ctx, actor, id);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await trx.updateTable('outbox').set({ status: 'pending', attempts: 0, next_attempt_at: at, last_error: null, lease_owner: null, lease_until: null }).where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      throw conflict('not_failed', 'Chỉ gửi lại được thư ở trạng thái "failed" (gửi không thành công).', 'Only a failed message can be retried.');
    }
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'mail.retry', entityType: 'outbox', entityId: id, data: { to: row.to_address, lastError: row.last_error } });
    return summary({ ...row, status: 'pending', attempts: 0, next_attempt_at: at, last_error: null });
  });
}

async function policyOrg(ctx: AppContext, actor: Actor, orgIdIn: unknown) {
  const orgId = orgIdIn === undefined || orgIdIn === null ? actor.agencyId : Number(orgIdIn);
  if (orgId !== actor.agencyId && !actor.isProvinceAdmin) throw notFound('organization');
  const org = Number.isInteger(orgId) ? await getOrg(ctx.db.kysely, orgId) : undefined;
  if (!org) throw notFound('organization');
  return org;
}

const policyView = (o: { id: number; name: string; mail_attach: number; mail_attach_max_mb: number }) => ({
  orgId: o.id,
  orgName: o.name,
  mailAttach: Number(o.mail_attach) === 1,
  mailAttachMaxMb: Number(o.mail_attach_max_mb),
});

/**
 * Whether the agency's dispatch mails carry the files, and up to what total size; also the
 * province's mail domains (where aliases live) and whether mail leaves (a relay is set).
 */
export async function getMailPolicy(ctx: AppContext, actor: Actor, orgId?: unknown) {
  return { ...policyView(await policyOrg(ctx, actor, orgId)), domains: ctx.config.mail.domains, relay: ctx.config.mail.smtpUrl !== null };
}

export async function updateMailPolicy(ctx: AppContext, actor: Actor, input: { orgId?: unknown; mailAttach?: unknown; mailAttachMaxMb?: unknown }) {
  if (!actor.isProvinceAdmin && !hasRole(actor, 'admin')) throw forbidden('Chính sách thư dành cho quản trị của cơ quan.', 'The mail policy is for the agency’s administrators.');
  const org = await policyOrg(ctx, actor, input.orgId);
  const set: { mail_attach?: number; mail_attach_max_mb?: number } = {};
  if (input.mailAttach !== undefined) {
    if (typeof input.mailAttach !== 'boolean') throw invalid('mailAttach', 'Gửi kèm tệp phải là có hoặc không.', 'mailAttach must be true or false.');
    set.mail_attach = input.mailAttach ? 1 : 0;
  }
  if (input.mailAttachMaxMb !== undefined) {
    const mb = input.mailAttachMaxMb;
    if (typeof mb !== 'number' || !Number.isInteger(mb) || mb < 1 || mb > MAX_ATTACH_MB) {
      throw invalid('mailAttachMaxMb', `Dung lượng tệp gửi kèm tối đa phải là số nguyên từ 1 đến ${MAX_ATTACH_MB} MB.`, `mailAttachMaxMb must be a whole number from 1 to ${MAX_ATTACH_MB}.`);
    }
    set.mail_attach_max_mb = mb;
  }
  if (!Object.keys(set).length) throw invalid('mailAttach', 'Không có gì để thay đổi.', 'Nothing to change: give mailAttach or mailAttachMaxMb.');
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('organizations').set({ ...set, updated_at: at }).where('id', '=', org.id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: org.id, action: 'mail.policy', entityType: 'organization', entityId: org.id, data: { ...set } });
    return policyView({ ...org, ...set });
  });
}
