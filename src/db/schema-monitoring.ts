import type { Generated } from 'kysely';
import type { ReportStatus } from '../domain/monitoring.js';

/** Tables of migration 025 (monthly monitoring), merged into schema.ts's Database. */
export interface MonitoringSettingsTable {
  id: number;
  cutoff_day: number;
  submit_working_days: number;
  bands: string;
  public_codes: string;
  ubnd_org_id: number | null;
  office_org_id: number | null;
  updated_at: string;
}

export interface MonitoringPeriodTable {
  month: string;
  from_date: string;
  to_date: string;
  cutoff_day: number;
  deadline: string;
  opened_at: string;
  computed_at: string | null;
}

export interface IndicatorValueTable {
  month: string;
  org_id: number;
  code: string;
  value: number;
  numerator: number;
  denominator: number | null;
  extra: string | null;
  computed_at: string;
}

export interface MonitoringReportTable {
  id: Generated<number>;
  month: string;
  org_id: number;
  status: ReportStatus;
  reported: string;
  results: string | null;
  problems: string | null;
  proposals: string | null;
  submitted_at: string | null;
  late: number;
  comment: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export type ReportEventKind = 'saved' | 'submitted' | 'returned' | 'accepted';

export interface MonitoringReportEventTable {
  id: Generated<number>;
  report_id: number;
  kind: ReportEventKind;
  user_id: number | null;
  user_name: string | null;
  at: string;
  text: string | null;
}

export interface MonitoringConsolidationTable {
  month: string;
  summary: string;
  document_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

declare module './schema.js' {
  interface Database {
    monitoring_settings: MonitoringSettingsTable;
    monitoring_periods: MonitoringPeriodTable;
    indicator_values: IndicatorValueTable;
    monitoring_reports: MonitoringReportTable;
    monitoring_report_events: MonitoringReportEventTable;
    monitoring_consolidations: MonitoringConsolidationTable;
  }
}
