import { sql } from 'kysely';
import type { AppContext, Actor } from '../context.js';
import { num, type Executor } from '../../db/connect.js';
import { notFound, invalid } from '../../domain/errors.js';
import { daysBetween, deadlineToday, isOverdue, OPEN_STATUSES } from '../../domain/overdue.js';
import { hasRole } from '../context.js';
import { subtreeIds } from '../directory/repo.js';
import { searchTerms } from '../../domain/fold.js';
import { oneOf, optionalDate } from '../../domain/validate.js';
import { URGENCIES, URGENCY_PRIORITY, type Urgency } from '../../domain/classification.js';
import type { ProcessingStatus } from '../../domain/statuses.js';
import type { AssignmentRole } from '../../domain/roles.js';
import type { InboxItemTable } from '../../db/schema.js';
import { accessToken, loadVisibleDocument } from './access.js';
import { after, cursorOf, inboxOrder, orderBy, PROCESSING_STATUSES, startOf, statusIs } from './inbox-order.js';
import { FILE_TEXT_LABELS, type FileTextState } from '../../domain/file-text.js';
import { snippet, type SnippetPart } from '../../domain/snippet.js';
import { allowedActions, anyRecallable, docSummary, isLeadHandler, statusView } from './views.js';
import { isProcessingStatus, STATUS } from '../../domain/statuses.js';

/** Whether a file's text is searched, and why not (a scan has no text layer). */
function fileTextView(state: string | null) {
  const s = (state ?? 'pending') as FileTextState;
  return { state: s, label: FILE_TEXT_LABELS[s]?.vi ?? s, labelEn: FILE_TEXT_LABELS[s]?.en ?? s };
}

export async function getDocument(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const { doc, item } = await loadVisibleDocument(db, actor, id);
  const sender = doc.org_id ? await db.selectFrom('organizations').select(['name', 'code']).where('id', '=', doc.org_id).executeTakeFirst() : undefined;
  const attachments = await db
    .selectFrom('attachments as a')
    .leftJoin('file_texts as t', 't.sha256', 'a.sha256')
    .select(['a.id', 'a.file_name', 'a.role', 'a.size', 'a.mime', 'a.sha256', 't.state as text_state'])
    .where('a.document_id', '=', id)
    .orderBy('a.id')
    .execute();
  const planned = await db
    .selectFrom('document_recipients')
    .innerJoin('organizations', 'organizations.id', 'document_recipients.org_id')
    .select(['organizations.id', 'organizations.name', 'organizations.code'])
    .where('document_id', '=', id)
    .orderBy('organizations.name')
    .execute();
  const isSender = doc.org_id === actor.agencyId || actor.isProvinceAdmin;
  const today = deadlineToday(ctx.now());
  const items = isSender ? await db.selectFrom('inbox_items').selectAll().where('document_id', '=', id).execute() : [];
  const lead = item ? await isLeadHandler(db, actor, item.id) : false;
  const assignments = item
    ? await db
        .selectFrom('assignments')
        .leftJoin('users', 'users.id', 'assignments.assignee_user_id')
        .leftJoin('organizations', 'organizations.id', 'assignments.assignee_org_id')
        .select(['assignments.id', 'assignments.role', 'assignments.deadline', 'assignments.direction', 'assignments.assigned_at', 'assignments.done_at', 'assignments.assignee_user_id', 'assignments.assignee_org_id', 'users.full_name', 'organizations.name as org_name'])
        .where('inbox_item_id', '=', item.id)
        .orderBy('assignments.id')
        .execute()
    : [];
  return {
    ...docSummary(doc, sender?.name ?? null),
    senderCode: sender?.code ?? doc.external_sender_code ?? null,
    content: doc.content,
    signerPosition: doc.signer_position,
    signerCompetence: doc.signer_competence,
    replyToId: doc.reply_to_id,
    registerId: doc.register_id,
    draftingUnit: doc.drafting_unit,
    recordKeeper: doc.record_keeper,
    copiesCount: doc.copies_count,
    notes: doc.notes,
    recipients: planned.map((p) => {
      const it = items.find((i) => i.org_id === p.id);
      const withdrawn = it ? Number(it.withdrawn) === 1 : false;
      return {
        orgId: p.id, name: p.name, code: p.code, itemId: it?.id ?? null, status: it ? statusView(it.status) : null, recallState: it?.recall_state ?? null, withdrawn,
        deadline: it?.deadline ?? null,
        daysLeft: it?.deadline ? daysBetween(today, it.deadline) : null,
        overdue: !!it && isOverdue(it.deadline, it.status, today, withdrawn),
      };
    }),
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.file_name, role: a.role, size: num(a.size), mime: a.mime, sha256: a.sha256, text: fileTextView(a.text_state) })),
    incoming: item
      ? {
          itemId: item.id,
          status: statusView(item.status),
          isPaper: Number(item.is_paper) === 1,
          arrivalNumber: item.arrival_number,
          arrivalYear: item.arrival_year,
          arrivedAt: item.arrived_at,
          registeredAt: item.registered_at,
          deadline: item.deadline,
          recallState: item.recall_state,
          withdrawn: Number(item.withdrawn) === 1,
          resultNote: item.result_note,
          replyDocumentId: item.reply_document_id,
          assignments: assignments.map((a) => ({
            id: a.id,
            role: a.role,
            userId: a.assignee_user_id,
            orgId: a.assignee_org_id,
            name: a.full_name ?? a.org_name,
            deadline: a.deadline,
            direction: a.direction,
            assignedAt: a.assigned_at,
            doneAt: a.done_at,
          })),
        }
      : null,
    actions: allowedActions(actor, doc, item, isSender && anyRecallable(items), lead),
  };
}

/** The status trail: per recipient for the sender, the own item's for a recipient. */
export async function getDocumentTrail(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const { doc, item } = await loadVisibleDocument(db, actor, id);
  const isSender = doc.org_id === actor.agencyId || actor.isProvinceAdmin;
  let q = db
    .selectFrom('status_events')
    .innerJoin('organizations', 'organizations.id', 'status_events.org_id')
    .select(['status_events.id', 'status_events.inbox_item_id', 'status_events.org_id', 'organizations.name as org_name', 'status_events.status', 'status_events.actor_name', 'status_events.at', 'status_events.note', 'status_events.internal_note'])
    .where('status_events.document_id', '=', id)
    .orderBy('status_events.id');
  if (!isSender) q = q.where('status_events.inbox_item_id', '=', item!.id);
  const events = await q.execute();
  const byOrg = new Map<number, { orgId: number; name: string; itemId: number; current: ReturnType<typeof statusView>; events: TrailEvent[]; answeredBy: AnsweredBy | null }>();
  for (const e of events) {
    let entry = byOrg.get(e.org_id);
    if (!entry) byOrg.set(e.org_id, (entry = { orgId: e.org_id, name: e.org_name, itemId: e.inbox_item_id, current: statusView(e.status), events: [], answeredBy: null }));
    // The direction written when assigning stays inside the agency that holds the item.
    entry.events.push({ status: statusView(e.status), by: e.actor_name, at: e.at, note: e.note, internalNote: e.org_id === actor.agencyId ? e.internal_note : null });
    if (isProcessingStatus(e.status)) entry.current = statusView(e.status);
  }
  for (const a of await answeredBy(db, actor, id, [...byOrg.values()].map((r) => r.itemId))) {
    const entry = byOrg.get(a.orgId);
    if (entry) entry.answeredBy = a.reply;
  }
  return { documentId: id, symbol: doc.symbol, recipients: [...byOrg.values()] };
}

/** One status change in a recipient's trail; the internal note only within its own agency. */
type TrailEvent = { status: ReturnType<typeof statusView>; by: string | null; at: string; note: string | null; internalNote: string | null };

type AnsweredBy = {
  documentId: number;
  symbol: string | null;
  /** Whether the actor may open the reply: their agency sent it or received it. */
  openable: boolean;
};

/**
 * The replies that completed these items ("Trả lời bởi 12/STC-KHTC"): the original sender
 * opens the reply in its own inbox, where it arrived.
 */
async function answeredBy(db: Executor, actor: Actor, documentId: number, itemIds: number[]): Promise<{ orgId: number; reply: AnsweredBy }[]> {
  if (!itemIds.length) return [];
  const rows = await db
    .selectFrom('inbox_items as i')
    .innerJoin('documents as r', 'r.id', 'i.reply_document_id')
    .select(['i.org_id', 'r.id', 'r.symbol', 'r.org_id as reply_org_id'])
    .where('i.document_id', '=', documentId)
    .where('i.id', 'in', itemIds)
    .where('r.state', '=', 'issued')
    .execute();
  if (!rows.length) return [];
  const held = new Set(
    (await db.selectFrom('inbox_items').select('document_id').where('document_id', 'in', rows.map((r) => r.id)).where('org_id', '=', actor.agencyId).where('withdrawn', '=', 0).execute()).map((r) => r.document_id),
  );
  return rows.map((r) => ({ orgId: r.org_id, reply: { documentId: r.id, symbol: r.symbol, openable: actor.isProvinceAdmin || r.reply_org_id === actor.agencyId || held.has(r.id) } }));
}

export interface InboxQuery {
  q?: string;
  recall?: 'pending';
  status?: string;
  urgency?: string;
  overdue?: boolean;
  mine?: boolean;
  limit?: number;
  beforeId?: number;
  sort?: string;
  dir?: string;
  cursor?: string;
}

/**
 * One agency's inbox with the actor's own role on each item: newest first, or sorted by
 * arrival number, deadline, urgency or status. Each page is read in the order of an index
 * (keyset paging), whatever the order and however deep the page.
 */
export async function listInbox(ctx: AppContext, actor: Actor, q: InboxQuery) {
  const db = ctx.db.kysely;
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const today = deadlineToday(ctx.now());
  const status = q.status ? oneOf(q.status, PROCESSING_STATUSES, 'status', 'Trạng thái') : undefined;
  const urgencyRank = q.urgency ? URGENCY_PRIORITY[oneOf(q.urgency, URGENCIES, 'urgency', 'Độ khẩn')] : undefined;
  const order = inboxOrder(q.sort, q.dir, { status, urgencyRank });
  const start = startOf(order, q.cursor, q.beforeId);
  const terms = q.q ? searchTerms(q.q) : [];

  let base = db
    .selectFrom('inbox_items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .leftJoin('organizations as s', 's.id', 'd.org_id')
    .select(['i.id as item_id', 'i.status', 'i.arrival_number', 'i.arrival_year', 'i.arrived_at', 'i.deadline', 'i.is_paper', 'i.recall_state', 'd.id', 'd.symbol', 'd.summary', 'd.urgency', 'd.type_code', 'd.doc_date', 'd.external_sender', 's.name as sender_name'])
    .where('i.org_id', '=', actor.agencyId)
    .where('i.withdrawn', '=', 0);
  if (status) base = base.where(statusIs(status));
  // "> 0" lets the databases read the urgent ones from their partial index (migration 010).
  if (urgencyRank !== undefined) base = urgencyRank > 0 ? base.where('i.urgency_rank', '=', urgencyRank).where('i.urgency_rank', '>', 0) : base.where('i.urgency_rank', '=', 0);
  if (q.recall === 'pending') base = base.where('i.recall_state', '=', STATUS.RECALL_REQUESTED);
  if (terms.length) base = base.where(textMatch(ctx, actor, terms, null));
  if (q.overdue) base = base.where('i.deadline', '<', today).where('i.status', 'in', OPEN_STATUSES);
  if (q.mine) {
    base = base.where((eb) =>
      eb.exists(
        eb.selectFrom('assignments as a').select('a.id').whereRef('a.inbox_item_id', '=', 'i.id').where('a.done_at', 'is', null).where((e2) => e2.or([e2('a.assignee_user_id', '=', actor.userId), e2('a.assignee_org_id', '=', actor.orgId)])),
      ),
    );
  }

  // One more row than the page tells whether there is a next page; later segments are read
  // only while the page is not full.
  const rows: (Awaited<ReturnType<typeof base.execute>>[number] & { segment: number })[] = [];
  for (let n = start.segment; n < order.segments.length && rows.length <= limit; n++) {
    const seg = order.segments[n]!;
    let query = base.limit(limit + 1 - rows.length);
    for (const o of orderBy(seg)) query = query.orderBy(sql.raw(o));
    if (seg.where) query = query.where(seg.where);
    if (n === start.segment && start.values) query = query.where(after(seg, start.values));
    for (const r of await query.execute()) rows.push({ ...r, segment: n });
  }
  const page = rows.slice(0, limit);
  const roles = page.length
    ? await db
        .selectFrom('assignments')
        .select(['inbox_item_id', 'role'])
        .where('inbox_item_id', 'in', page.map((r) => r.item_id))
        .where((eb) => eb.or([eb('assignee_user_id', '=', actor.userId), eb('assignee_org_id', '=', actor.orgId)]))
        .execute()
    : [];
  const last = page.at(-1);
  const more = rows.length > limit && last;
  const isDefault = order.sort === 'arrived' && order.dir === 'desc';
  return {
    items: page.map((r) => ({
      ...itemRowView(r, today),
      overdue: isOverdue(r.deadline, r.status, today),
      myRole: roles.find((x) => x.inbox_item_id === r.item_id)?.role ?? null,
    })),
    sort: order.sort,
    dir: order.dir,
    nextCursor: more ? cursorOf(order, last.segment, last) : null,
    /** The older paging parameter, for the default order only. */
    nextBeforeId: more && isDefault ? last.item_id : null,
  };
}

/**
 * The documents whose folded words match the terms and that the actor's agency may see
 * (its access token is one more word of the match). The last term may be a word being typed.
 */
export function textMatch(ctx: AppContext, actor: Actor, terms: string[], firstN: number | null) {
  const own = actor.isProvinceAdmin ? [] : [accessToken(actor.agencyId)];
  if (ctx.db.dialect === 'sqlite') {
    const match = [...terms.slice(0, -1).map((t) => `"${t}"`), `"${terms.at(-1)}"*`, ...own].join(' ');
    return firstN === null
      ? sql<boolean>`d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ${match})`
      : sql<boolean>`d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${firstN})`;
  }
  const tsq = [...terms.slice(0, -1), `${terms.at(-1)}:*`, ...own].join(' & ');
  return sql<boolean>`d.search_vector @@ to_tsquery('simple', ${tsq})`;
}

/** A found document as the actor's agency sees it: one it sent, or one it received. */
type Direction = 'incoming' | 'outgoing';

export interface SearchQuery {
  q?: string;
  direction?: Direction;
  state?: 'draft' | 'issued';
  registerId?: number;
  year?: number;
  typeCode?: string;
  urgency?: Urgency;
  status?: ProcessingStatus;
  from?: string;
  to?: string;
  senderOrgId?: number;
  recipientOrgId?: number;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * Search over what the actor's agency may see: its own documents and those it received.
 * Text matches the folded number, symbol, summary, signer and the text of the files, ignoring
 * marks and case; a match inside a file comes with an excerpt (`contentMatch`).
 */
export async function searchDocuments(ctx: AppContext, actor: Actor, f: SearchQuery) {
  const db = ctx.db.kysely;
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const offset = Math.min(Math.max(f.offset ?? 0, 0), 10_000);
  const from = optionalDate(f.from, 'from', 'Từ ngày');
  const to = optionalDate(f.to, 'to', 'Đến ngày');
  const today = deadlineToday(ctx.now());
  const agency = actor.agencyId;
  const terms = f.q ? searchTerms(f.q) : [];
  if (f.q && f.q.trim() && !terms.length) throw invalid('q', 'Từ khóa tìm kiếm không hợp lệ.', 'The search text has no words.');

  let query = db
    .selectFrom('documents as d')
    .leftJoin('inbox_items as i', (j) => j.onRef('i.document_id', '=', 'd.id').on('i.org_id', '=', agency).on('i.withdrawn', '=', 0))
    .leftJoin('organizations as s', 's.id', 'd.org_id')
    .select(['d.id', 'd.state', 'd.origin', 'd.symbol', 'd.summary', 'd.signer_name', 'd.search_text', 'd.urgency', 'd.type_code', 'd.doc_date', 'd.issued_at', 'd.org_id', 'd.external_sender', 's.name as sender_name', 'i.id as item_id', 'i.status', 'i.arrival_number', 'i.deadline'])
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .offset(offset);

  if (terms.length) {
    // With nothing but text (visibility is inside the match), the index can walk newest
    // first and stop after one page instead of collecting every match.
    const textOnly = Object.entries(f).every(([k, v]) => ['q', 'limit', 'offset'].includes(k) || v === undefined || v === '');
    query = query.where(textMatch(ctx, actor, terms, textOnly ? offset + limit + 1 : null));
  }
  if (!actor.isProvinceAdmin) query = query.where((eb) => eb.or([eb('d.org_id', '=', agency), eb('i.id', 'is not', null)]));
  if (f.direction === 'outgoing') query = query.where('d.org_id', '=', agency);
  if (f.direction === 'incoming') query = query.where('i.id', 'is not', null);
  if (f.registerId) query = query.where((eb) => eb.or([eb('d.register_id', '=', f.registerId!), eb('i.register_id', '=', f.registerId!)]));
  if (f.year) query = query.where((eb) => eb.or([eb('d.issue_year', '=', f.year!), eb('i.arrival_year', '=', f.year!)]));
  if (f.state) query = query.where('d.state', '=', f.state);
  if (f.typeCode) {
    // One type, or several separated by commas (a picker offering the types that fit a decision).
    const types = f.typeCode.split(',').filter(Boolean);
    query = types.length > 1 ? query.where('d.type_code', 'in', types) : query.where('d.type_code', '=', f.typeCode);
  }
  if (f.urgency) query = query.where('d.urgency', '=', f.urgency);
  if (f.status) query = query.where('i.status', '=', f.status);
  if (from) query = query.where('d.doc_date', '>=', from);
  if (to) query = query.where('d.doc_date', '<=', to);
  if (f.senderOrgId) query = query.where('d.org_id', '=', f.senderOrgId);
  if (f.recipientOrgId) {
    query = query.where((eb) => eb.exists(eb.selectFrom('inbox_items as r').select('r.id').whereRef('r.document_id', '=', 'd.id').where('r.org_id', '=', f.recipientOrgId!)));
  }
  if (f.overdue) query = query.where('i.deadline', '<', today).where('i.status', 'in', OPEN_STATUSES);

  const found = await newestFirst(ctx, terms.length > 0, limit + 1, (from) => (from === null ? query : query.where('d.id', '>', from)).execute());
  const rows = found.slice(0, limit);
  const excerpts = await contentExcerpts(ctx, rows, terms);
  return {
    items: rows.map((r) => {
      const direction: Direction = r.org_id === agency ? 'outgoing' : 'incoming';
      return {
      id: r.id,
      direction,
      state: r.state,
      symbol: r.symbol,
      summary: r.summary,
      signerName: r.signer_name,
      urgency: r.urgency,
      typeCode: r.type_code,
      docDate: r.doc_date,
      senderName: r.sender_name ?? r.external_sender,
      itemId: r.item_id,
      status: r.status ? statusView(r.status) : null,
      arrivalNumber: r.arrival_number,
      deadline: r.deadline,
      contentMatch: excerpts.get(r.id) ?? null,
    };
    }),
    hasMore: found.length > limit,
  };
}

/**
 * PostgreSQL's text index answers a word with every document that holds it, and the page
 * then sorts them all to keep the newest 50: a common word over a million documents means
 * fetching hundreds of thousands of rows. Asked first over the newest documents only (a
 * range of ids the planner intersects with the match), a common word fills its page there;
 * the window widens while the page is not full, and the last try has no bound. The page is
 * the same: ordered by id, all ids above the bound come before any below it. SQLite's FTS
 * walks newest first by itself (see textMatch).
 */
/** Sizes (ids) of the windows tried before the unbounded search; a test narrows them to see the same pages. */
export const SEARCH_WINDOWS = [20_000, 200_000];
async function newestFirst<T>(ctx: AppContext, text: boolean, want: number, run: (fromId: number | null) => Promise<T[]>): Promise<T[]> {
  if (!text || ctx.db.dialect !== 'postgres') return run(null);
  const top = num((await ctx.db.kysely.selectFrom('documents').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);
  for (const w of SEARCH_WINDOWS) {
    if (w >= top) break;
    const rows = await run(top - w);
    if (rows.length >= want) return rows;
  }
  return run(null);
}

/** Whether the folded words of a document's own fields hold every term (the last as a word being typed). */
function fieldsHoldAll(searchText: string, terms: string[]) {
  const list = searchText.split(' ');
  const words = new Set(list);
  return terms.every((t, i) => words.has(t) || (i === terms.length - 1 && list.some((w) => w.startsWith(t))));
}

/**
 * For the documents found by words that are not in their own fields (number, summary,
 * signer…), the place in a file's text where the words are: an excerpt with them marked.
 */
async function contentExcerpts(ctx: AppContext, rows: { id: number; search_text: string }[], terms: string[]) {
  const out = new Map<number, { attachmentId: number; fileName: string; parts: SnippetPart[] }>();
  const ids = terms.length ? rows.filter((r) => !fieldsHoldAll(r.search_text, terms)).map((r) => r.id) : [];
  if (!ids.length) return out;
  const texts = await ctx.db.kysely
    .selectFrom('attachments as a')
    .innerJoin('file_texts as t', 't.sha256', 'a.sha256')
    .select(['a.document_id', 'a.id', 'a.file_name', 't.text'])
    .where('a.document_id', 'in', ids)
    .where('t.state', '=', 'text')
    .orderBy('a.id')
    .execute();
  for (const t of texts) {
    if (out.has(t.document_id) || !t.text) continue;
    const parts = snippet(t.text, terms);
    if (parts) out.set(t.document_id, { attachmentId: t.id, fileName: t.file_name, parts });
  }
  return out;
}

/**
 * Overdue work: the agency's overdue items; the open assignments past their deadline per
 * person; and, for a leader, everything overdue among the people he directs (his agency, or
 * the unit he heads and the units under it), so his count is the one his people make up.
 */
/** An overdue assignment of one person. */
type PersonOverdue = { itemId: number; documentId: number; symbol: string | null; summary: string; role: AssignmentRole; deadline: string; daysLate: number };

export async function listOverdue(ctx: AppContext, actor: Actor) {
  const db = ctx.db.kysely;
  const today = deadlineToday(ctx.now());
  const wholeAgency = actor.orgId === actor.agencyId;
  const leader = hasRole(actor, 'leader');
  // The organisations whose people the actor directs; null: the whole agency.
  const scope = leader && !wholeAgency ? await subtreeIds(db, actor.orgId) : null;
  const items = await db
    .selectFrom('inbox_items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .select(['i.id as item_id', 'd.id as document_id', 'd.symbol', 'd.summary', 'i.deadline', 'i.status'])
    .where('i.org_id', '=', actor.agencyId)
    .where('i.withdrawn', '=', 0)
    .where('i.deadline', '<', today)
    .where('i.status', 'in', OPEN_STATUSES)
    .orderBy('i.deadline')
    .limit(1000)
    .execute();
  let peopleQuery = db
    .selectFrom('assignments as a')
    .innerJoin('inbox_items as i', 'i.id', 'a.inbox_item_id')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .innerJoin('users as u', 'u.id', 'a.assignee_user_id')
    .select(['u.id as user_id', 'u.full_name', 'a.role', sql<string>`COALESCE(a.deadline, i.deadline)`.as('deadline'), 'i.id as item_id', 'd.id as document_id', 'd.symbol', 'd.summary'])
    .where('i.org_id', '=', actor.agencyId)
    .where('i.withdrawn', '=', 0)
    .where('i.status', 'in', OPEN_STATUSES)
    .where('a.done_at', 'is', null)
    .where(sql<string>`COALESCE(a.deadline, i.deadline)`, '<', today)
    .orderBy('u.full_name')
    .limit(5000);
  if (scope) peopleQuery = peopleQuery.where('u.org_id', 'in', scope);
  const people = await peopleQuery.execute();
  const byPerson = new Map<number, { userId: number; fullName: string; items: PersonOverdue[] }>();
  for (const p of people) {
    const e = byPerson.get(p.user_id) ?? { userId: p.user_id, fullName: p.full_name, items: [] };
    e.items.push({ itemId: p.item_id, documentId: p.document_id, symbol: p.symbol, summary: p.summary, role: p.role, deadline: p.deadline, daysLate: daysBetween(p.deadline, today) });
    byPerson.set(p.user_id, e);
  }
  const org = await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', actor.orgId).executeTakeFirst();
  return {
    today,
    organisation: {
      orgId: actor.agencyId,
      count: items.length,
      items: items.map((i) => ({ itemId: i.item_id, documentId: i.document_id, symbol: i.symbol, summary: i.summary, deadline: i.deadline, status: statusView(i.status), daysLate: daysBetween(i.deadline!, today) })),
    },
    people: [...byPerson.values()].map((p) => ({ ...p, count: p.items.length })),
    directed: leader ? { orgId: actor.orgId, name: org?.name ?? '', wholeAgency, ...(await directedOverdue(ctx, actor, scope, today)) } : null,
  };
}

/**
 * The items overdue among the people a leader directs: an open item with an open assignment
 * of someone (or some unit) in his scope past its deadline; heading the agency, also every
 * overdue item of the agency (not yet assigned ones included). Rows shaped like the inbox's.
 */
async function directedOverdue(ctx: AppContext, actor: Actor, scope: number[] | null, today: string) {
  const db = ctx.db.kysely;
  const rows = await db
    .selectFrom('inbox_items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .leftJoin('organizations as s', 's.id', 'd.org_id')
    .select(['i.id as item_id', 'i.status', 'i.arrival_number', 'i.arrival_year', 'i.arrived_at', 'i.deadline', 'i.is_paper', 'i.recall_state', 'd.id', 'd.symbol', 'd.summary', 'd.urgency', 'd.type_code', 'd.doc_date', 'd.external_sender', 's.name as sender_name'])
    .where('i.org_id', '=', actor.agencyId)
    .where('i.withdrawn', '=', 0)
    .where('i.status', 'in', OPEN_STATUSES)
    .where((eb) => {
      const lateAssignment = eb.exists(
        eb
          .selectFrom('assignments as a')
          .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
          .select('a.id')
          .whereRef('a.inbox_item_id', '=', 'i.id')
          .where('a.done_at', 'is', null)
          .where(sql<string>`COALESCE(a.deadline, i.deadline)`, '<', today)
          .$if(scope !== null, (q) => q.where((e2) => e2.or([e2('u.org_id', 'in', scope!), e2('a.assignee_org_id', 'in', scope!)]))),
      );
      return scope === null ? eb.or([eb('i.deadline', '<', today), lateAssignment]) : lateAssignment;
    })
    .orderBy('i.deadline')
    .orderBy('i.id')
    .limit(1000)
    .execute();
  const handlers = rows.length
    ? await db
        .selectFrom('assignments as a')
        .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
        .leftJoin('organizations as o', 'o.id', 'a.assignee_org_id')
        .select(['a.inbox_item_id', 'a.role', 'u.full_name', 'o.name as org_name'])
        .where('a.inbox_item_id', 'in', rows.map((r) => r.item_id))
        .where('a.done_at', 'is', null)
        .where('a.role', '<>', 'info')
        .orderBy('a.id')
        .execute()
    : [];
  return {
    count: rows.length,
    items: rows.map((r) => ({
      ...itemRowView(r, today),
      overdue: true,
      myRole: null,
      handlers: handlers.filter((h) => h.inbox_item_id === r.item_id).map((h) => h.full_name ?? h.org_name ?? ''),
    })),
  };
}

/** The fields of an inbox item's row that the inbox and the overdue list show alike. */
function itemRowView(
  r: { item_id: number; id: number; arrival_number: number | null; arrival_year: number | null; arrived_at: string; symbol: string | null; sender_name: string | null; external_sender: string | null; summary: string; urgency: Urgency; type_code: string; doc_date: string | null; deadline: string | null; status: string; recall_state: InboxItemTable['recall_state']; is_paper: number | string },
  today: string,
) {
  return {
    itemId: r.item_id,
    documentId: r.id,
    arrivalNumber: r.arrival_number,
    arrivalYear: r.arrival_year,
    arrivedAt: r.arrived_at,
    symbol: r.symbol,
    senderName: r.sender_name ?? r.external_sender,
    summary: r.summary,
    urgency: r.urgency,
    typeCode: r.type_code,
    docDate: r.doc_date,
    deadline: r.deadline,
    daysLeft: r.deadline ? daysBetween(today, r.deadline) : null,
    status: statusView(r.status),
    recallState: r.recall_state,
    isPaper: Number(r.is_paper) === 1,
  };
}

export async function readAttachment(ctx: AppContext, actor: Actor, documentId: number, attachmentId: number) {
  await loadVisibleDocument(ctx.db.kysely, actor, documentId);
  const a = await ctx.db.kysely.selectFrom('attachments').selectAll().where('id', '=', attachmentId).where('document_id', '=', documentId).executeTakeFirst();
  if (!a) throw notFound('attachment');
  return { fileName: a.file_name, mime: a.mime, size: num(a.size), bytes: await ctx.blobs.read(a.sha256) };
}
