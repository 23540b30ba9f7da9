import type { ColumnType, Generated } from 'kysely';
import type { Priority, Recurrence, TaskEventKind, TaskStatus } from '../domain/tasks.js';
import type { DataSource, IndicatorGroup, ScoringRule } from '../domain/indicators.js';

/**
 * Tables of migration 018 (the indicator catalogue and directive tasks), added to the
 * Database interface of schema.ts by declaration merging, so the modules built in parallel
 * each keep their tables in their own file.
 */
export interface IndicatorTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  group_code: IndicatorGroup;
  unit: string;
  numerator: string;
  denominator: string | null;
  scoring_rule: ScoringRule;
  steps: string; // JSON
  max_points: number;
  source: DataSource;
  verifying_org_id: number | null;
  evidence: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface TaskTable {
  id: Generated<number>;
  document_id: number;
  assigned_by_org_id: number;
  point_ref: string | null;
  content: string;
  lead_org_id: number;
  expected_output: string | null;
  priority: Priority;
  recurrence: Recurrence;
  deadline: string | null;
  original_deadline: string | null;
  percent: number;
  last_report_at: string | null;
  done_at: string | null;
  accepted_at: string | null;
  returned_at: string | null;
  extension_asked: number;
  /** Vietnamese days (YYYY-MM-DD) of created_at, last_report_at, done_at: kept by the service (migration 021). */
  created_day: string | null;
  last_report_day: string | null;
  done_day: string | null;
  /** Kept by tasks/status-store.ts (migration 027): the status while not overdue, the first overdue day, the day the board sorts by. */
  status_base: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  overdue_from: ColumnType<string, string | undefined, string>;
  due_day: ColumnType<string, string | undefined, string>;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface TaskOrgTable {
  task_id: number;
  org_id: number;
  role: 'lead' | 'cooperate';
}

export interface TaskEventTable {
  id: Generated<number>;
  task_id: number;
  kind: TaskEventKind;
  org_id: number;
  user_id: number | null;
  user_name: string | null;
  at: string;
  text: string | null;
  percent: number | null;
  deadline_from: string | null;
  deadline_to: string | null;
}

export interface TaskEvidenceTable {
  event_id: number;
  task_id: number;
  document_id: number;
}

/** Tasks per (agency that sees them — 0: all —, kept status, overdue day), kept with every change. */
export interface TaskStatusCountTable {
  org_id: number;
  status_base: TaskStatus;
  overdue_from: string;
  n: number;
}

/** The periods (month, quarter, year ends) the due days of recurring tasks were computed for. */
export interface TaskDuePeriodTable {
  id: number;
  period_key: string;
}

declare module './schema.js' {
  interface Database {
    indicators: IndicatorTable;
    tasks: TaskTable;
    task_orgs: TaskOrgTable;
    task_events: TaskEventTable;
    task_evidence: TaskEvidenceTable;
    task_status_counts: TaskStatusCountTable;
    task_due_period: TaskDuePeriodTable;
  }
}
