import type { Executor } from '../../db/connect.js';
import type { PeriodWindow } from '../../domain/monitoring.js';
import { addDays } from '../../domain/monitoring.js';
import { formatDateVi, localDate } from '../../domain/numbering.js';
import { formFileNames, type NationalProcedure } from '../../domain/procedures.js';
import { latest, STALE_AFTER_DAYS } from '../../domain/portal-freshness.js';
import { percent, type DrillRecord, type IndicatorProvider, type ProviderValue } from '../indicator-providers.js';

/**
 * The public portal's automatic indicators. A procedure an agency carries out is published
 * "with all its parts" when every form its national record names is on the portal; a page
 * section is fresh when it changed within the freshness window (90 days) before the end of
 * the period. The portal keeps the current state only: a procedure added after the period is
 * not counted, a change after it counts as the latest change.
 */

interface ProcRow {
  org_id: number;
  id: number;
  code: string;
  name: string;
  record: string;
}

async function procedureState(db: Executor, w: PeriodWindow, orgIds?: readonly number[]) {
  let q = db
    .selectFrom('procedure_agencies as pa')
    .innerJoin('procedures as p', 'p.id', 'pa.procedure_id')
    .where('p.active', '=', 1)
    .where('p.created_at', '<', w.endIso)
    .select(['pa.org_id', 'p.id', 'p.code', 'p.name', 'p.record']);
  if (orgIds) q = q.where('pa.org_id', 'in', orgIds.length ? orgIds : [0]);
  const procs: ProcRow[] = await q.orderBy('p.code').execute();
  const ids = [...new Set(procs.map((p) => p.id))];
  const forms = new Map<number, Set<string>>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('forms').select(['procedure_id', 'file_name']).where('procedure_id', 'in', ids.slice(i, i + 500)).where('created_at', '<', w.endIso).execute();
    for (const r of rows) {
      const set = forms.get(r.procedure_id) ?? new Set<string>();
      set.add(r.file_name.toLowerCase());
      forms.set(r.procedure_id, set);
    }
  }
  return procs.map((p) => {
    const wanted = formFileNames(JSON.parse(p.record) as NationalProcedure);
    const have = forms.get(p.id) ?? new Set<string>();
    const missing = wanted.filter((f) => !have.has(f.toLowerCase()));
    return { ...p, wanted: wanted.length, missing };
  });
}

const byOrg = <T extends { org_id: number }>(rows: T[], ok: (r: T) => boolean): ProviderValue[] => {
  const m = new Map<number, { n: number; k: number }>();
  for (const r of rows) {
    const c = m.get(r.org_id) ?? { n: 0, k: 0 };
    c.n++;
    if (ok(r)) c.k++;
    m.set(r.org_id, c);
  }
  return [...m].map(([orgId, c]) => ({ orgId, numerator: c.k, denominator: c.n, value: percent(c.k, c.n) }));
};

export const proceduresComplete: IndicatorProvider = {
  code: 'TTHC.CONGKHAI_DU',
  module: 'portal',
  method: 'Thủ tục hành chính cơ quan thực hiện (đang áp dụng) có đủ mọi biểu mẫu mà hồ sơ quốc gia của thủ tục nêu trên cổng ÷ tổng số thủ tục cơ quan thực hiện.',
  async compute(db, w, orgIds) {
    return byOrg(await procedureState(db, w, orgIds), (p) => p.missing.length === 0);
  },
  async records(db, w, orgId, limit) {
    return (await procedureState(db, w, [orgId])).slice(0, limit).map((p): DrillRecord => ({
      kind: 'procedure',
      id: p.id,
      label: `${p.code} — ${p.name}`,
      at: null,
      counted: p.missing.length === 0,
      note: p.missing.length ? `thiếu ${p.missing.length}/${p.wanted} biểu mẫu: ${p.missing.slice(0, 3).join(', ')}` : `đủ ${p.wanted} biểu mẫu`,
      link: `/portal/procedures/${p.id}`,
    }));
  },
};

const SECTIONS = [
  { id: 1, name: 'Thông tin cơ quan' },
  { id: 2, name: 'Văn bản công khai' },
  { id: 3, name: 'Thông báo' },
  { id: 4, name: 'Thủ tục hành chính' },
] as const;

/** Each section an agency has on the portal with its latest change (null: the section is empty). */
async function sections(db: Executor, orgIds?: readonly number[]) {
  const lastOf = async (table: 'published_documents' | 'announcements' | 'procedure_agencies') => {
    let q = db.selectFrom(table).select(['org_id', (eb) => eb.fn.max('updated_at').as('last')]).groupBy('org_id');
    if (orgIds) q = q.where('org_id', 'in', orgIds.length ? orgIds : [0]);
    return new Map((await q.execute()).map((r) => [r.org_id, String(r.last)]));
  };
  let orgs = db.selectFrom('organizations as o').leftJoin('agency_profiles as p', 'p.org_id', 'o.id').select(['o.id', 'o.updated_at', 'p.updated_at as profile_at']).where('o.kind', '=', 'agency').where('o.active', '=', 1);
  if (orgIds) orgs = orgs.where('o.id', 'in', orgIds.length ? orgIds : [0]);
  const [docs, notes, procs, rows] = await Promise.all([lastOf('published_documents'), lastOf('announcements'), lastOf('procedure_agencies'), orgs.execute()]);
  return rows.flatMap((o) =>
    [latest(o.updated_at, o.profile_at), docs.get(o.id) ?? null, notes.get(o.id) ?? null, procs.get(o.id) ?? null]
      .map((last, i) => ({ org_id: o.id, section: SECTIONS[i]!, last }))
      .filter((s) => s.last !== null),
  );
}

/** Fresh at the period's end: changed on or after the day the window opens. */
const freshSince = (w: PeriodWindow) => addDays(w.to, -STALE_AFTER_DAYS);
const fresh = (w: PeriodWindow, last: string | null) => last !== null && localDate(new Date(last)) >= freshSince(w);

export const portalFreshness: IndicatorProvider = {
  code: 'CONG.CAPNHAT',
  module: 'portal',
  method: `Chuyên mục của cơ quan trên cổng (thông tin cơ quan, văn bản công khai, thông báo, thủ tục) có thay đổi trong ${STALE_AFTER_DAYS} ngày tính đến ngày chốt số liệu ÷ số chuyên mục có nội dung.`,
  async compute(db, w, orgIds) {
    return byOrg(await sections(db, orgIds), (s) => fresh(w, s.last));
  },
  async records(db, w, orgId, limit) {
    return (await sections(db, [orgId])).slice(0, limit).map((s): DrillRecord => ({
      kind: 'portal_section',
      id: s.section.id,
      label: s.section.name,
      at: s.last,
      counted: fresh(w, s.last),
      note: `cập nhật lần cuối ${formatDateVi(s.last)}`,
      link: `/portal/profile`,
    }));
  },
};

export const portalIndicators: IndicatorProvider[] = [proceduresComplete, portalFreshness];
