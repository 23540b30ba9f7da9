import type { Executor } from '../../db/connect.js';
import type { PeriodWindow } from '../../domain/monitoring.js';
import { formatDateVi } from '../../domain/numbering.js';
import { DOSSIER_STATE_LABELS, incidentDeadlines, INCIDENT_DEADLINES, SEVERITY_LABELS } from '../../domain/security.js';
import { systemsRegisteredBefore } from './systems-repo.js';
import { incidentsReportedIn } from './incidents-repo.js';
import { percent, type DrillRecord, type IndicatorProvider, type ProviderValue } from '../indicator-providers.js';

/**
 * The security module's automatic indicators. ATTT.CAPDO: the active information systems an
 * agency had registered before the period's end, and those whose level dossier is approved
 * (the register keeps the current state: a dossier approved after the period counts as
 * approved). ATTT.SUCO_DUNGHAN: the incidents an agency reported in the period, and those
 * reported within the deadline after detection (INCIDENT_DEADLINES, governance.md).
 */

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

const systemsAt = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) => systemsRegisteredBefore(db, w.endIso, orgIds);

export const systemsApproved: IndicatorProvider = {
  code: 'ATTT.CAPDO',
  module: 'security',
  method: 'Hệ thống thông tin (đang vận hành, đăng ký trước ngày chốt số liệu) có hồ sơ đề xuất cấp độ đã được phê duyệt bằng quyết định ÷ tổng số hệ thống thông tin của cơ quan.',
  async compute(db, w, orgIds) {
    return byOrg(await systemsAt(db, w, orgIds), (s) => s.dossier_state === 'approved');
  },
  async records(db, w, orgId, limit) {
    return (await systemsAt(db, w, [orgId])).slice(0, limit).map((s): DrillRecord => ({
      kind: 'security_system',
      id: s.id,
      label: s.name,
      at: s.created_at,
      counted: s.dossier_state === 'approved',
      note: `cấp độ ${Number(s.level)} — ${DOSSIER_STATE_LABELS[s.dossier_state].vi.toLowerCase()}`,
      link: '/security/systems',
    }));
  },
};

const incidentsIn = async (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) => {
  const rows = await incidentsReportedIn(db, w.startIso, w.endIso, orgIds);
  const end = new Date(w.endIso);
  return rows.map((r) => ({ ...r, ...incidentDeadlines({ status: r.status, detectedAt: r.detected_at, reportedAt: r.reported_at, resolvedAt: r.resolved_at, finalReportAt: r.final_report_at }, end) }));
};

export const incidentsOnTime: IndicatorProvider = {
  code: 'ATTT.SUCO_DUNGHAN',
  module: 'security',
  method: `Sự cố an toàn thông tin mạng cơ quan báo cáo trong kỳ mà báo cáo được gửi trong ${INCIDENT_DEADLINES.initialReportDays} ngày kể từ khi phát hiện ÷ tổng số sự cố cơ quan báo cáo trong kỳ.`,
  async compute(db, w, orgIds) {
    return byOrg(await incidentsIn(db, w, orgIds), (i) => i.initialOnTime);
  },
  async records(db, w, orgId, limit) {
    // The title and description stay behind the incident's own need-to-know check (the link).
    return (await incidentsIn(db, w, [orgId])).slice(0, limit).map((i): DrillRecord => ({
      kind: 'incident',
      id: i.id,
      label: `Sự cố số ${i.id} — mức độ ${SEVERITY_LABELS[i.severity].vi.toLowerCase()}`,
      at: i.reported_at,
      counted: i.initialOnTime,
      note: `phát hiện ${formatDateVi(i.detected_at)}, báo cáo ${formatDateVi(i.reported_at)}${i.initialOnTime ? '' : ` (hạn ${formatDateVi(i.initialDue)})`}`,
      link: `/security/incidents/${i.id}`,
    }));
  },
};

export const securityIndicators: IndicatorProvider[] = [systemsApproved, incidentsOnTime];
