import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import { num } from '../../db/connect.js';
import type { PeriodWindow } from '../../domain/monitoring.js';
import { daysBetweenInstants, percentile, round2 } from '../../domain/monitoring.js';
import { formatDateVi } from '../../domain/numbering.js';
import { OPEN_STATUSES } from '../../domain/overdue.js';
import { percent, type DrillRecord, type IndicatorProvider, type ProviderValue } from '../indicator-providers.js';

/**
 * The document flow's automatic indicators (governance.md, catalogue VB.*), per agency and
 * period, from the registers themselves. Instants are stored in UTC; a local day D of
 * Vietnam ends at D T17:00Z, which is how "completed by the deadline day" is compared in SQL.
 */

const docLink = (id: number) => `/documents/${id}`;

/** An outgoing document of the agency, issued in the period (copies are not new documents). */
const outgoing = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) =>
  db
    .selectFrom('documents as d')
    .$if(!!orgIds, (q) => q.where('d.org_id', 'in', orgIds!.length ? orgIds! : [0]))
    .where('d.origin', '=', 'internal')
    .where('d.state', '=', 'issued')
    .where('d.copy_of_id', 'is', null)
    .where('d.issued_at', '>=', w.startIso)
    .where('d.issued_at', '<', w.endIso);

/** Sent fully electronically: not secret, and every recipient got it as an electronic item. */
const electronic = sql<boolean>`(d.confidentiality = 'thuong' and exists (select 1 from inbox_items x where x.document_id = d.id and x.is_paper = 0) and not exists (select 1 from document_recipients r where r.document_id = d.id and not exists (select 1 from inbox_items y where y.document_id = d.id and y.org_id = r.org_id and y.is_paper = 0)))`;
const recalled = sql<boolean>`exists (select 1 from inbox_items z where z.document_id = d.id and z.recall_state is not null)`;

const ratioRows = (rows: { org_id: number | null; n: unknown; k: unknown }[]): ProviderValue[] =>
  rows.filter((r) => r.org_id !== null).map((r) => ({ orgId: r.org_id!, numerator: num(r.k), denominator: num(r.n), value: percent(num(r.k), num(r.n)) }));

const outgoingLabel = (r: { symbol: string | null; summary: string }) => `${r.symbol ?? '(chưa số)'} — ${r.summary}`;

/** Outgoing documents issued in the period: those matching `counted` ÷ all of them. */
const outgoingShare = (code: string, method: string, counted: typeof electronic, note: (yes: boolean) => string | null): IndicatorProvider => ({
  code,
  module: 'documents',
  method,
  async compute(db, w, orgIds) {
    const rows = await outgoing(db, w, orgIds)
      .select(['d.org_id', (eb) => eb.fn.countAll().as('n'), sql`sum(case when ${counted} then 1 else 0 end)`.as('k')])
      .groupBy('d.org_id')
      .execute();
    return ratioRows(rows);
  },
  async records(db, w, orgId, limit) {
    const rows = await outgoing(db, w)
      .where('d.org_id', '=', orgId)
      .select(['d.id', 'd.symbol', 'd.summary', 'd.issued_at', sql<unknown>`case when ${counted} then 1 else 0 end`.as('e')])
      .orderBy('d.issued_at')
      .orderBy('d.id')
      .limit(limit)
      .execute();
    return rows.map((r): DrillRecord => ({ kind: 'document', id: r.id, label: outgoingLabel(r), at: r.issued_at, counted: num(r.e) === 1, note: note(num(r.e) === 1), link: docLink(r.id) }));
  },
});

export const outgoingElectronic = outgoingShare(
  'VB.DI_DIENTU',
  'Văn bản đi phát hành trong kỳ (không tính bản sao) mà mọi nơi nhận đều nhận bản điện tử ÷ tổng số văn bản đi phát hành trong kỳ; văn bản mật hoặc có nơi nhận chỉ nhận bản giấy tính là giấy.',
  electronic,
  (yes) => (yes ? 'điện tử' : 'giấy'),
);

export const outgoingRecalled = outgoingShare(
  'VB.THUHOI',
  'Văn bản đi phát hành trong kỳ có yêu cầu thu hồi gửi tới ít nhất một nơi nhận ÷ tổng số văn bản đi phát hành trong kỳ.',
  recalled,
  (yes) => (yes ? 'có yêu cầu thu hồi' : null),
);

/** Items that arrived at the agency in the period (electronic or registered from paper). */
const arrivals = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) =>
  db
    .selectFrom('inbox_items as i')
    .$if(!!orgIds, (q) => q.where('i.org_id', 'in', orgIds!.length ? orgIds! : [0]))
    .where('i.arrived_at', '>=', w.startIso).where('i.arrived_at', '<', w.endIso);

const itemLabel = (r: { symbol: string | null; summary: string; sender: string | null }) => `${r.symbol ?? '(không số)'} — ${r.summary}${r.sender ? ` (${r.sender})` : ''}`;

export const incomingElectronic: IndicatorProvider = {
  code: 'VB.DEN_DIENTU',
  module: 'documents',
  method: 'Văn bản đến trong kỳ nhận qua mạng (trục liên thông, thư công vụ) ÷ tổng số văn bản đến trong kỳ (điện tử và văn bản giấy vào sổ).',
  async compute(db, w, orgIds) {
    const rows = await arrivals(db, w, orgIds)
      .select(['i.org_id', (eb) => eb.fn.countAll().as('n'), sql`sum(case when i.is_paper = 0 then 1 else 0 end)`.as('k')])
      .groupBy('i.org_id')
      .execute();
    return ratioRows(rows);
  },
  async records(db, w, orgId, limit) {
    const rows = await arrivals(db, w)
      .innerJoin('documents as d', 'd.id', 'i.document_id')
      .leftJoin('organizations as s', 's.id', 'd.org_id')
      .where('i.org_id', '=', orgId)
      .select(['i.id', 'i.document_id', 'i.is_paper', 'i.arrived_at', 'd.symbol', 'd.summary', sql<string | null>`coalesce(s.name, d.external_sender)`.as('sender')])
      .orderBy('i.arrived_at')
      .orderBy('i.id')
      .limit(limit)
      .execute();
    return rows.map((r): DrillRecord => ({ kind: 'inbox_item', id: r.id, label: itemLabel(r), at: r.arrived_at, counted: num(r.is_paper) === 0, note: num(r.is_paper) === 0 ? 'điện tử' : 'giấy', link: docLink(r.document_id) }));
  },
};

/** Items completed in the period. */
const completions = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) =>
  db
    .selectFrom('inbox_items as i')
    .$if(!!orgIds, (q) => q.where('i.org_id', 'in', orgIds!.length ? orgIds! : [0]))
    .where('i.completed_at', '>=', w.startIso).where('i.completed_at', '<', w.endIso).where('i.withdrawn', '=', 0);
/** Completed by the deadline day, Vietnam time: before the next local midnight, deadline T17:00Z. */
const onTime = sql<boolean>`(i.completed_at < (i.deadline || 'T17:00:00.000Z'))`;

export const completedOnTime: IndicatorProvider = {
  code: 'VB.XULY_DUNGHAN',
  module: 'documents',
  method: 'Văn bản đến có hạn xử lý, hoàn thành trong kỳ, hoàn thành trước hết ngày hạn (giờ Việt Nam) ÷ số văn bản có hạn hoàn thành trong kỳ.',
  async compute(db, w, orgIds) {
    const rows = await completions(db, w, orgIds)
      .where('i.deadline', 'is not', null)
      .select(['i.org_id', (eb) => eb.fn.countAll().as('n'), sql`sum(case when ${onTime} then 1 else 0 end)`.as('k')])
      .groupBy('i.org_id')
      .execute();
    return ratioRows(rows);
  },
  async records(db, w, orgId, limit) {
    const rows = await completions(db, w)
      .innerJoin('documents as d', 'd.id', 'i.document_id')
      .leftJoin('organizations as s', 's.id', 'd.org_id')
      .where('i.org_id', '=', orgId)
      .where('i.deadline', 'is not', null)
      .select(['i.id', 'i.document_id', 'i.deadline', 'i.completed_at', 'd.symbol', 'd.summary', sql<string | null>`coalesce(s.name, d.external_sender)`.as('sender'), sql<unknown>`case when ${onTime} then 1 else 0 end`.as('ok')])
      .orderBy('i.completed_at')
      .orderBy('i.id')
      .limit(limit)
      .execute();
    return rows.map((r): DrillRecord => ({ kind: 'inbox_item', id: r.id, label: itemLabel(r), at: r.completed_at, counted: num(r.ok) === 1, note: `hạn ${formatDateVi(r.deadline)}${num(r.ok) === 1 ? '' : ', trễ hạn'}`, link: docLink(r.document_id) }));
  },
};

export const processingDays: IndicatorProvider = {
  code: 'VB.XULY_TB_NGAY',
  module: 'documents',
  method: 'Số ngày bình quân (và phân vị 90) từ khi văn bản đến tới khi hoàn thành, trên các văn bản hoàn thành trong kỳ.',
  async compute(db, w, orgIds) {
    const rows = await completions(db, w, orgIds).select(['i.org_id', 'i.arrived_at', 'i.completed_at']).execute();
    const byOrg = new Map<number, number[]>();
    for (const r of rows) {
      const list = byOrg.get(r.org_id) ?? [];
      list.push(daysBetweenInstants(r.arrived_at, r.completed_at!));
      byOrg.set(r.org_id, list);
    }
    return [...byOrg].map(([orgId, days]) => {
      const total = round2(days.reduce((a, b) => a + b, 0));
      return { orgId, numerator: total, denominator: days.length, value: round2(total / days.length), extra: { p90: percentile(days, 90) } };
    });
  },
  async records(db, w, orgId, limit) {
    const rows = await completions(db, w)
      .innerJoin('documents as d', 'd.id', 'i.document_id')
      .leftJoin('organizations as s', 's.id', 'd.org_id')
      .where('i.org_id', '=', orgId)
      .select(['i.id', 'i.document_id', 'i.arrived_at', 'i.completed_at', 'd.symbol', 'd.summary', sql<string | null>`coalesce(s.name, d.external_sender)`.as('sender')])
      .orderBy('i.completed_at')
      .orderBy('i.id')
      .limit(limit)
      .execute();
    return rows.map((r): DrillRecord => ({ kind: 'inbox_item', id: r.id, label: itemLabel(r), at: r.completed_at, counted: true, note: `${daysBetweenInstants(r.arrived_at, r.completed_at!)} ngày`, link: docLink(r.document_id) }));
  },
};

/**
 * Open at the period's end (arrived before it, not completed before it, not refused nor
 * withdrawn) with a deadline before the day after the cut-off: what the inbox showed as
 * overdue the morning after.
 */
const dueByEnd = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) =>
  db
    .selectFrom('inbox_items as i')
    .$if(!!orgIds, (q) => q.where('i.org_id', 'in', orgIds!.length ? orgIds! : [0]))
    .where('i.deadline', 'is not', null)
    .where('i.deadline', '<=', w.to)
    .where('i.arrived_at', '<', w.endIso)
    .where('i.withdrawn', '=', 0);

/** Open now (an open status: never completed) or completed only after the end. */
const overdueAtEnd = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) =>
  dueByEnd(db, w, orgIds).where((eb) => eb.or([eb('i.status', 'in', [...OPEN_STATUSES]), eb('i.completed_at', '>=', w.endIso)]));

/**
 * The same items as two disjoint sets, each read by its own index, for the count over every
 * agency: the open ones (few: migration 033's partial index holds them alone) and those
 * completed only after the end (recent: inbox_items_org_completed). Written as one OR,
 * PostgreSQL reads every item of the agencies' history instead (a scan of the whole table).
 */
const overdueAtEndParts = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) =>
  dueByEnd(db, w, orgIds)
    .where('i.status', 'in', [...OPEN_STATUSES])
    .select('i.org_id')
    .unionAll(dueByEnd(db, w, orgIds).where('i.status', 'not in', [...OPEN_STATUSES]).where('i.completed_at', '>=', w.endIso).select('i.org_id'));

export const overdueItems: IndicatorProvider = {
  code: 'VB.QUAHAN',
  module: 'documents',
  method: 'Văn bản đến chưa hoàn thành tại thời điểm hết ngày chốt số liệu mà hạn xử lý đã qua (không tính văn bản bị từ chối hoặc đã thu hồi).',
  async compute(db, w, orgIds) {
    const rows = await db
      .selectFrom(overdueAtEndParts(db, w, orgIds).as('u'))
      .select(['u.org_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('u.org_id')
      .execute();
    return rows.map((r) => ({ orgId: r.org_id, numerator: num(r.n), denominator: null, value: num(r.n) }));
  },
  async records(db, w, orgId, limit) {
    const rows = await overdueAtEnd(db, w)
      .innerJoin('documents as d', 'd.id', 'i.document_id')
      .leftJoin('organizations as s', 's.id', 'd.org_id')
      .where('i.org_id', '=', orgId)
      .select(['i.id', 'i.document_id', 'i.deadline', 'd.symbol', 'd.summary', sql<string | null>`coalesce(s.name, d.external_sender)`.as('sender')])
      .orderBy('i.deadline')
      .orderBy('i.id')
      .limit(limit)
      .execute();
    return rows.map((r): DrillRecord => {
      const late = Math.round((Date.parse(`${w.to}T00:00:00Z`) - Date.parse(`${r.deadline}T00:00:00Z`)) / 86_400_000) + 1;
      return { kind: 'inbox_item', id: r.id, label: itemLabel(r), at: r.deadline, counted: true, note: `hạn ${formatDateVi(r.deadline)}, quá hạn ${late} ngày`, link: docLink(r.document_id) };
    });
  },
};

export const documentIndicators: IndicatorProvider[] = [outgoingElectronic, incomingElectronic, completedOnTime, processingDays, overdueItems, outgoingRecalled];
