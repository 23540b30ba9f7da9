import type { Executor } from '../../db/connect.js';
import type { PeriodWindow } from '../../domain/monitoring.js';
import { formatDong, percentOf, toDong } from '../../domain/money.js';
import { percent, type DrillRecord, type IndicatorProvider, type ProviderValue } from '../indicator-providers.js';
import { moneyText } from './repo.js';

/**
 * DA.GIAINGAN, the disbursement rate of IT investment projects, for the investing agency: the
 * payments of the year of the period's last day made on or before that day (paid_on, a local
 * date) ÷ the capital plans of that year (the current amount, after adjustments). A payment
 * belongs to the year it is paid in, as addDisbursement books it.
 */
async function projectsAt(db: Executor, w: PeriodWindow, orgIds?: readonly number[]) {
  const year = Number(w.to.slice(0, 4));
  let q = db
    .selectFrom('capital_plans as c')
    .innerJoin('projects as p', 'p.id', 'c.project_id')
    .select(['p.id', 'p.code', 'p.name', 'p.investing_org_id', moneyText('c.amount').as('amount')])
    .where('c.year', '=', year);
  if (orgIds) q = q.where('p.investing_org_id', 'in', orgIds.length ? orgIds : [0]);
  const rows = await q.orderBy('p.investing_org_id').orderBy('p.code').execute();
  if (!rows.length) return [];
  const paid = new Map<number, bigint>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const sums = await db
      .selectFrom('disbursements')
      .select(['project_id', moneyText('amount').as('amount')])
      .where('project_id', 'in', ids.slice(i, i + 500))
      .where('year', '=', year)
      .where('paid_on', '<=', w.to)
      .execute();
    for (const s of sums) paid.set(s.project_id, (paid.get(s.project_id) ?? 0n) + toDong(s.amount));
  }
  return rows.map((r) => ({ ...r, year, plan: toDong(r.amount), disbursed: paid.get(r.id) ?? 0n }));
}

export const projectDisbursement: IndicatorProvider = {
  code: 'DA.GIAINGAN',
  module: 'projects',
  method: 'Số vốn đã giải ngân của các dự án CNTT do cơ quan làm chủ đầu tư, từ đầu năm đến ngày chốt số liệu (theo ngày giải ngân) ÷ kế hoạch vốn năm của các dự án đó (sau điều chỉnh), đơn vị đồng.',
  async compute(db, w, orgIds) {
    const m = new Map<number, { plan: bigint; paid: bigint }>();
    for (const r of await projectsAt(db, w, orgIds)) {
      const c = m.get(r.investing_org_id) ?? { plan: 0n, paid: 0n };
      c.plan += r.plan;
      c.paid += r.disbursed;
      m.set(r.investing_org_id, c);
    }
    return [...m].map(([orgId, c]): ProviderValue => ({ orgId, numerator: Number(c.paid), denominator: Number(c.plan), value: percent(Number(c.paid), Number(c.plan)) }));
  },
  async records(db, w, orgId, limit) {
    return (await projectsAt(db, w, [orgId])).slice(0, limit).map((r): DrillRecord => ({
      kind: 'project',
      id: r.id,
      label: `${r.code} — ${r.name}`,
      at: null,
      counted: r.disbursed > 0n,
      note: `giải ngân ${formatDong(r.disbursed)} / kế hoạch vốn năm ${r.year} ${formatDong(r.plan)}${r.plan > 0n ? ` (${String(percentOf(r.disbursed, r.plan)).replace('.', ',')} %)` : ''}`,
      link: `/projects/${r.id}`,
    }));
  },
};

export const projectIndicators: IndicatorProvider[] = [projectDisbursement];
