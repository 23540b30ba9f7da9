import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { Selectable } from 'kysely';
import type { TaskTable } from '../../db/schema-indicators-tasks.js';
import { TASK_STATUSES, statusOn, taskStatus, type Recurrence, type TaskStatus } from '../../domain/tasks.js';
import { localDate } from '../../domain/numbering.js';
import { invalid } from '../../domain/errors.js';
import { hasStatus } from './status-sql.js';
import { ensureDuePeriod } from './status-store.js';
import { isAssigner, loadVisibleTask, seesAllTasks, worksFor } from './access.js';

type TaskRow = Selectable<TaskTable>;

export const TASK_SORTS = ['overdue', 'deadline', 'agency', 'document'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
/** More tasks than this in one answer are cut; the caller narrows by agency, document or status. */
const MAX_SCAN = 20_000;

export interface TaskQuery {
  status?: TaskStatus;
  orgId?: number;
  documentId?: number;
  sort?: TaskSort;
  limit?: number;
  offset?: number;
}

interface Names {
  orgs: Map<number, string>;
  docs: Map<number, { id: number; symbol: string | null; docDate: string | null; summary: string; typeCode: string; orgName: string | null }>;
  cooperating: Map<number, number[]>;
  /** The place of the caller's agency on each task. */
  roles: Map<number, 'lead' | 'cooperate'>;
}

async function namesFor(db: Executor, rows: TaskRow[], agencyId: number): Promise<Names> {
  const taskIds = rows.map((r) => r.id);
  const cooperating = new Map<number, number[]>();
  const roles = new Map<number, 'lead' | 'cooperate'>();
  const orgIds = new Set<number>();
  for (let i = 0; i < taskIds.length; i += 500) {
    const links = await db.selectFrom('task_orgs').select(['task_id', 'org_id', 'role']).where('task_id', 'in', taskIds.slice(i, i + 500)).execute();
    for (const l of links) {
      if (l.org_id === agencyId) roles.set(l.task_id, l.role);
      if (l.role !== 'cooperate') continue;
      cooperating.set(l.task_id, [...(cooperating.get(l.task_id) ?? []), l.org_id]);
      orgIds.add(l.org_id);
    }
  }
  for (const r of rows) orgIds.add(r.lead_org_id).add(r.assigned_by_org_id);
  const orgs = new Map<number, string>();
  const orgList = [...orgIds];
  for (let i = 0; i < orgList.length; i += 500) {
    for (const o of await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgList.slice(i, i + 500)).execute()) orgs.set(o.id, o.name);
  }
  const docIds = [...new Set(rows.map((r) => r.document_id))];
  const docs: Names['docs'] = new Map();
  for (let i = 0; i < docIds.length; i += 500) {
    const list = await db
      .selectFrom('documents as d')
      .leftJoin('organizations as o', 'o.id', 'd.org_id')
      .select(['d.id', 'd.symbol', 'd.doc_date', 'd.summary', 'd.type_code', 'o.name as org_name', 'd.external_sender'])
      .where('d.id', 'in', docIds.slice(i, i + 500))
      .execute();
    for (const d of list) docs.set(d.id, { id: d.id, symbol: d.symbol, docDate: d.doc_date, summary: d.summary, typeCode: d.type_code, orgName: d.org_name ?? d.external_sender });
  }
  return { orgs, docs, cooperating, roles };
}

function view(ctx: AppContext, actor: Actor, r: TaskRow, names: Names, myRole: 'lead' | 'cooperate' | null) {
  const computed = taskStatus(
    {
      deadline: r.deadline,
      recurrence: r.recurrence as Recurrence,
      createdAt: r.created_at,
      percent: r.percent,
      lastReportAt: r.last_report_at,
      doneAt: r.done_at,
      acceptedAt: r.accepted_at,
      returnedAt: r.returned_at,
      extensionAsked: Number(r.extension_asked) === 1,
    },
    ctx.now(),
  );
  const open = !r.accepted_at;
  const lead = worksFor(actor, r.lead_org_id);
  const assigner = isAssigner(actor, r);
  return {
    id: r.id,
    document: names.docs.get(r.document_id) ?? { id: r.document_id, symbol: null, docDate: null, summary: '', typeCode: '', orgName: null },
    assignedByOrgId: r.assigned_by_org_id,
    assignedByOrgName: names.orgs.get(r.assigned_by_org_id) ?? '',
    pointRef: r.point_ref,
    content: r.content,
    leadOrgId: r.lead_org_id,
    leadOrgName: names.orgs.get(r.lead_org_id) ?? '',
    cooperating: (names.cooperating.get(r.id) ?? []).map((orgId) => ({ orgId, name: names.orgs.get(orgId) ?? '' })),
    expectedOutput: r.expected_output,
    priority: r.priority,
    recurrence: r.recurrence,
    deadline: r.deadline,
    originalDeadline: r.original_deadline,
    dueDate: computed.dueDate,
    status: computed.status,
    overdue: computed.overdue,
    percent: r.percent,
    lastReportAt: r.last_report_at,
    doneAt: r.done_at,
    acceptedAt: r.accepted_at,
    returnedAt: r.returned_at,
    createdAt: r.created_at,
    myRole,
    can: {
      report: open && lead && !r.done_at,
      contribute: open && myRole === 'cooperate' && actor.agencyId !== r.lead_org_id && !r.done_at,
      askExtension: open && lead && !r.done_at && r.recurrence === 'none' && Number(r.extension_asked) === 0,
      decideExtension: open && assigner && Number(r.extension_asked) === 1,
      declareDone: open && lead && !r.done_at,
      decideCompletion: open && assigner && !!r.done_at,
    },
  };
}
export type TaskView = ReturnType<typeof view>;

/** The view of one task as its caller sees it (names resolved, status computed). */
export async function taskView(ctx: AppContext, db: Executor, actor: Actor, r: TaskRow, myRole: 'lead' | 'cooperate' | null) {
  return view(ctx, actor, r, await namesFor(db, [r], actor.agencyId), myRole);
}

const byDue = (a: TaskView, b: TaskView) => (a.dueDate ?? '9999') .localeCompare(b.dueDate ?? '9999') || a.id - b.id;
const SORTERS: Record<TaskSort, (a: TaskView, b: TaskView) => number> = {
  overdue: (a, b) => Number(b.overdue) - Number(a.overdue) || byDue(a, b),
  deadline: byDue,
  agency: (a, b) => a.leadOrgName.localeCompare(b.leadOrgName, 'vi') || Number(b.overdue) - Number(a.overdue) || byDue(a, b),
  document: (a, b) => b.document.id - a.document.id || (a.pointRef ?? '').localeCompare(b.pointRef ?? '', 'vi', { numeric: true }) || a.id - b.id,
};

/**
 * The task board: the tasks the caller may see, filtered by agency (lead or co-operating) and
 * document, sorted by a view, with the count of each computed status before the status filter.
 * Statuses come from the columns status-store.ts keeps (the status while not overdue, the
 * overdue day, the due day): the caller's own board is counted from the kept counts, a
 * filtered one in SQL; the overdue-first order is two index-ordered ranges (overdue today,
 * then the rest, each by due day). The rows of the page are then shown by the domain rule.
 */
export async function listTasks(ctx: AppContext, actor: Actor, q: TaskQuery) {
  const db = ctx.db.kysely;
  if (q.status && !(TASK_STATUSES as readonly string[]).includes(q.status)) throw invalid('status', 'Trạng thái không hợp lệ.', 'Unknown status.');
  const now = ctx.now();
  const today = localDate(now);
  await ensureDuePeriod(db, now);
  let base = db.selectFrom('tasks as t');
  if (!seesAllTasks(actor)) {
    // One semi-join over two index ranges (its own rows of task_orgs, the tasks it assigned), not an OR over every task.
    base = base.where('t.id', 'in', db.selectFrom('task_orgs').select('task_id').where('org_id', '=', actor.agencyId).union(db.selectFrom('tasks').select('id as task_id').where('assigned_by_org_id', '=', actor.agencyId)));
  }
  if (q.orgId) base = base.where('t.id', 'in', db.selectFrom('task_orgs').select('task_id').where('org_id', '=', q.orgId));
  if (q.documentId) base = base.where('t.document_id', '=', q.documentId);
  const grouped = q.orgId || q.documentId
    ? await base.select(['t.status_base', 't.overdue_from', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['t.status_base', 't.overdue_from']).execute()
    : await db.selectFrom('task_status_counts').select(['status_base', 'overdue_from', 'n']).where('org_id', '=', seesAllTasks(actor) ? 0 : actor.agencyId).where('n', '<>', 0).execute();
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const lateIn = { ...counts };
  let overdueCount = 0;
  for (const g of grouped) {
    const status = statusOn(g.status_base, g.overdue_from, today);
    counts[status] += Number(g.n);
    if (g.overdue_from <= today) {
      lateIn[status] += Number(g.n);
      overdueCount += Number(g.n);
    }
  }
  const total = q.status ? counts[q.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  const chosen = q.status ? base.where((eb) => hasStatus(eb, q.status!, today)) : base;
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 100;
  const sort = q.sort ?? 'overdue';
  const page = (list: TaskRow[]) => shown(ctx, actor, list);
  const byDueDay = (qb: typeof chosen, from: number, n: number) => qb.selectAll('t').orderBy('t.due_day').orderBy('t.id').limit(n).offset(from).execute();
  if (sort === 'deadline') return { total, counts, overdue: overdueCount, items: await page(await byDueDay(chosen, offset, limit)) };
  if (sort === 'overdue') {
    const late = q.status ? lateIn[q.status] : overdueCount;
    const rows = offset < late ? await byDueDay(chosen.where('t.overdue_from', '<=', today), offset, limit) : [];
    if (rows.length < limit) rows.push(...(await byDueDay(chosen.where('t.overdue_from', '>', today), Math.max(0, offset - late), limit - rows.length)));
    return { total, counts, overdue: overdueCount, items: await page(rows) };
  }
  // By agency name or by the document's points: sorted here (Vietnamese collation, numeric points).
  const rows = await chosen.selectAll('t').orderBy('t.id').limit(MAX_SCAN).execute();
  const all = (await page(rows)).sort(SORTERS[sort]);
  return { total, counts, overdue: overdueCount, items: all.slice(offset, offset + limit) };
}

/** Rows as their caller sees them: names resolved, the caller's agency's place on each. */
async function shown(ctx: AppContext, actor: Actor, rows: TaskRow[]): Promise<TaskView[]> {
  const names = await namesFor(ctx.db.kysely, rows, actor.agencyId);
  return rows.map((r) => view(ctx, actor, r, names, names.roles.get(r.id) ?? null));
}

/** One task with its history (progress, contributions, extensions, completion) and evidence. */
export async function getTask(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const { task, myRole } = await loadVisibleTask(db, actor, id);
  const events = await db
    .selectFrom('task_events as e')
    .innerJoin('organizations as o', 'o.id', 'e.org_id')
    .select(['e.id', 'e.kind', 'e.org_id', 'o.name as org_name', 'e.user_name', 'e.at', 'e.text', 'e.percent', 'e.deadline_from', 'e.deadline_to'])
    .where('e.task_id', '=', id)
    .orderBy('e.id')
    .execute();
  const evidence = await db
    .selectFrom('task_evidence as x')
    .innerJoin('documents as d', 'd.id', 'x.document_id')
    .select(['x.event_id', 'd.id', 'd.symbol', 'd.summary', 'd.doc_date'])
    .where('x.task_id', '=', id)
    .execute();
  return {
    ...(await taskView(ctx, db, actor, task, myRole)),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      orgId: e.org_id,
      orgName: e.org_name,
      userName: e.user_name,
      at: e.at,
      text: e.text,
      percent: e.percent,
      deadlineFrom: e.deadline_from,
      deadlineTo: e.deadline_to,
      evidence: evidence.filter((x) => x.event_id === e.id).map((x) => ({ documentId: x.id, symbol: x.symbol, summary: x.summary, docDate: x.doc_date })),
    })),
  };
}
