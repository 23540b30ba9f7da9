import type { AppContext } from '../../context.js';
import type { Executor } from '../../../db/connect.js';
import { localDate, formatDateVi } from '../../../domain/numbering.js';
import { ASSIGNMENT_ROLE_LABELS, type AssignmentRole } from '../../../domain/roles.js';
import { appendAudit } from '../../audit/service.js';
import { enqueueMails, type QueuedMail } from '../../../jobs/outbox.js';
import { documentFacts, type DocumentFacts } from './document-facts.js';
import { subjectOf } from './messages.js';
import { queueTaskReminders } from '../../tasks/reminders.js';

const OPEN = ['01', '03', '04', '05'];
/** An item overdue for longer than this when the scheduler first sees it gets no mail. */
const OVERDUE_CATCH_UP_DAYS = 30;
const MAX_PER_RUN = 5000;

const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400_000);

interface Due {
  key: string;
  itemId: number;
  documentId: number;
  orgId: number;
  deadline: string;
  to: string;
  toName: string;
  role: string | null;
}

/** Open work whose deadline (Vietnam calendar day) is within N days or just passed. */
async function dueWork(db: Executor, today: string, soon: string, from: string): Promise<Due[]> {
  const orgs = await db.selectFrom('organizations').select('id').execute();
  const orgIds = orgs.map((o) => o.id);
  if (!orgIds.length) return [];
  const items = await db
    .selectFrom('inbox_items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .innerJoin('organizations as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.document_id', 'i.org_id', 'i.deadline', 'o.name', 'o.email'])
    .where('i.org_id', 'in', orgIds)
    .where('i.deadline', '>=', from)
    .where('i.deadline', '<=', soon)
    .where('i.status', 'in', OPEN)
    .where('i.withdrawn', '=', 0)
    .where('d.confidentiality', '=', 'thuong')
    .where('o.email', 'is not', null)
    .limit(MAX_PER_RUN)
    .execute();
  const assignments = await db
    .selectFrom('assignments as a')
    .innerJoin('inbox_items as i', 'i.id', 'a.inbox_item_id')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
    .leftJoin('organizations as o', 'o.id', 'a.assignee_org_id')
    .select(['a.id', 'a.role', 'a.deadline', 'i.id as item_id', 'i.document_id', 'i.org_id', 'u.full_name', 'u.email as user_email', 'o.name as unit_name', 'o.email as unit_email'])
    .where('a.done_at', 'is', null)
    .where('a.role', '!=', 'info')
    .where('a.deadline', '>=', from)
    .where('a.deadline', '<=', soon)
    .where('i.status', 'in', OPEN)
    .where('i.withdrawn', '=', 0)
    .where('d.confidentiality', '=', 'thuong')
    .limit(MAX_PER_RUN)
    .execute();
  const kindOf = (deadline: string) => (deadline < today ? 'overdue' : 'deadline');
  const due: Due[] = items.map((i) => ({ key: `${kindOf(i.deadline!)}:item:${i.id}:${i.deadline}`, itemId: i.id, documentId: i.document_id, orgId: i.org_id, deadline: i.deadline!, to: i.email!, toName: i.name, role: null }));
  for (const a of assignments) {
    const to = a.user_email ?? a.unit_email;
    if (!to) continue;
    due.push({ key: `${kindOf(a.deadline!)}:assignment:${a.id}:${a.deadline}`, itemId: a.item_id, documentId: a.document_id, orgId: a.org_id, deadline: a.deadline!, to, toName: (a.full_name ?? a.unit_name)!, role: a.role });
  }
  return due;
}

async function alreadyQueued(db: Executor, keys: string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'in', keys.slice(i, i + 500)).execute();
    for (const r of rows) seen.add(r.dedupe_key);
  }
  return seen;
}

function reminderMail(d: Due, doc: DocumentFacts, today: string): QueuedMail {
  const left = daysBetween(today, d.deadline);
  const overdue = left < 0;
  const when = overdue ? `đã quá hạn ${-left} ngày (hạn xử lý ${formatDateVi(d.deadline)})` : left === 0 ? `đến hạn xử lý hôm nay (${formatDateVi(d.deadline)})` : `sắp đến hạn xử lý: còn ${left} ngày (hạn ${formatDateVi(d.deadline)})`;
  const role = d.role ? (ASSIGNMENT_ROLE_LABELS[d.role as AssignmentRole] ?? d.role) : null;
  return {
    dedupeKey: d.key,
    orgId: d.orgId,
    documentId: doc.id,
    to: d.to,
    subject: subjectOf(doc.symbol, `${overdue ? `Quá hạn xử lý ${-left} ngày` : left === 0 ? 'Đến hạn xử lý hôm nay' : `Còn ${left} ngày đến hạn xử lý`}: ${doc.summary}`),
    payload: {
      kind: overdue ? 'overdue' : 'deadline',
      toName: d.toName,
      intro: [`Kính gửi: ${d.toName}`, `Văn bản dưới đây ${when}.${role ? ` Vai trò của ${d.role === 'lead' || d.role === 'cooperate' ? 'anh/chị' : 'đơn vị'}: ${role}.` : ''}`],
      fields: [['Hạn xử lý', formatDateVi(d.deadline)], ...doc.fields],
      link: doc.link,
      notes: [],
      attachments: [],
      replyTo: null,
      autoGenerated: true,
    },
  };
}

/**
 * One pass of the scheduler: queues "deadline in N days" and "overdue" mails for open inbox
 * items (to the agency's mailbox) and open assignments (to the person or unit). Each is keyed
 * by its item or assignment and deadline, so running twice — or in two processes — queues
 * nothing twice, and a moved deadline is reminded again.
 */
export async function queueReminders(ctx: AppContext): Promise<{ queued: number }> {
  const now = ctx.now();
  const today = localDate(now);
  const due = await dueWork(ctx.db.kysely, today, addDays(today, ctx.config.mail.remindDays), addDays(today, -OVERDUE_CATCH_UP_DAYS));
  const seen = await alreadyQueued(ctx.db.kysely, due.map((d) => d.key));
  const fresh = due.filter((d) => !seen.has(d.key));
  if (!fresh.length) return { queued: 0 };
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const facts = new Map<number, DocumentFacts | null>();
    const mails: QueuedMail[] = [];
    for (const d of fresh) {
      if (!facts.has(d.documentId)) facts.set(d.documentId, await documentFacts(trx, ctx, d.documentId));
      const doc = facts.get(d.documentId);
      if (doc && !doc.secret) mails.push(reminderMail(d, doc, today));
    }
    const queued = await enqueueMails(trx, ctx, mails);
    if (queued > 0) {
      await appendAudit(trx, { at: now.toISOString(), actorUserId: null, orgId: null, action: 'mail.reminders', entityType: 'outbox', entityId: today, data: { queued, day: today } });
    }
    return { queued };
  });
}

/**
 * Document reminders, then directive tasks' (src/modules/tasks/reminders.ts).
 * Every process runs it; the dedupe keys make that safe. The first pass comes one period
 * after start, so a restart does not add work to a busy moment.
 */
export function startReminderScheduler(ctx: AppContext): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = queueReminders(ctx)
      .then(() => queueTaskReminders(ctx))
      .catch(() => {
        /* database unreachable for a moment: the next pass tries again */
      })
      .finally(() => (running = null));
  }, Math.max(ctx.config.mail.reminderPollSeconds, 1) * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
