import type { Executor } from '../../db/connect.js';
import { num } from '../../db/connect.js';
import type { PeriodWindow } from '../../domain/monitoring.js';
import type { DrillRecord, IndicatorProvider } from '../indicator-providers.js';

/** Documents the official mailbox took in (accepted, not duplicates nor refused) in the period. */
const accepted = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) =>
  db
    .selectFrom('mail_inbound as m')
    .$if(!!orgIds, (q) => q.where('m.org_id', 'in', orgIds!.length ? orgIds! : [0])).where('m.outcome', '=', 'accepted').where('m.received_at', '>=', w.startIso).where('m.received_at', '<', w.endIso);

export const mailReceived: IndicatorProvider = {
  code: 'TH.HOPTHU',
  module: 'mail',
  method: 'Số văn bản được tiếp nhận vào hệ thống qua hộp thư công vụ của cơ quan trong kỳ (không tính thư trùng, thư bị từ chối).',
  async compute(db, w, orgIds) {
    const rows = await accepted(db, w, orgIds)
      .select(['m.org_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('m.org_id')
      .execute();
    return rows.map((r) => ({ orgId: r.org_id, numerator: num(r.n), denominator: null, value: num(r.n) }));
  },
  async records(db, w, orgId, limit) {
    const rows = await accepted(db, w).where('m.org_id', '=', orgId).select(['m.id', 'm.subject', 'm.from_address', 'm.received_at', 'm.document_id']).orderBy('m.received_at').orderBy('m.id').limit(limit).execute();
    return rows.map((r): DrillRecord => ({ kind: 'mail', id: r.id, label: `${r.subject ?? '(không tiêu đề)'}${r.from_address ? ` — ${r.from_address}` : ''}`, at: r.received_at, counted: true, note: null, link: r.document_id ? `/documents/${r.document_id}` : null }));
  },
};

export const mailIndicators: IndicatorProvider[] = [mailReceived];
