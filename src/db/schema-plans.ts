import type { ColumnType, Generated } from 'kysely';
import type { EvidenceFileColumns } from './schema-security.js';
import type { FundSource, PlanKind, PlanPriority, PlanStoredStatus, ProgressReported, ReviewEventKind } from '../domain/plans.js';

/** Tables of migration 020 (the provincial IT programme and agencies' IT plans), merged into Database. */
export interface ProgrammeTable {
  id: Generated<number>;
  title: string;
  year_from: number;
  year_to: number;
  it_org_id: number;
  decision_document_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ProgrammeGoalTable {
  id: Generated<number>;
  programme_id: number;
  position: number;
  title: string;
}

export interface ProgrammeTargetTable {
  id: Generated<number>;
  programme_id: number;
  goal_id: number;
  position: number;
  indicator_code: string;
  title: string;
  unit: string;
  baseline: number | null;
  baseline_year: number | null;
  yearly: string; // JSON {"2026": 80}
}

export interface PlanTable {
  id: Generated<number>;
  series_id: number | null;
  version: number;
  agency_id: number;
  programme_id: number;
  kind: PlanKind;
  year_from: number;
  year_to: number;
  title: string;
  status: PlanStoredStatus;
  reason: string | null;
  letter_document_id: number | null;
  answer_document_id: number | null;
  decision_document_id: number | null;
  effective_from: string | null;
  approved_at: string | null;
  approved_by: number | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface PlanItemTable {
  id: Generated<number>;
  plan_id: number;
  item_key: string;
  position: number;
  content: string;
  objective: string | null;
  target_ids: string; // JSON number[]
  lead_unit: string;
  cooperating_units: string | null;
  start_date: string;
  end_date: string;
  expected_output: string | null;
  /** Integer đồng: int8 comes back from pg as a string, from SQLite as a number. */
  cost: ColumnType<string | number | bigint, string, string>;
  fund_source: FundSource;
  priority: PlanPriority;
  progress_percent: number;
  progress_status: ProgressReported | null;
  progress_note: string | null;
  progress_at: string | null;
}

export interface PlanEventTable {
  id: Generated<number>;
  plan_id: number;
  item_id: number | null;
  kind: ReviewEventKind;
  org_id: number;
  user_id: number | null;
  user_name: string | null;
  at: string;
  text: string | null;
  document_id: number | null;
}

export interface PlanProgressTable {
  id: Generated<number>;
  item_id: number;
  at: string;
  user_id: number | null;
  user_name: string | null;
  percent: number;
  status: ProgressReported;
  note: string | null;
}

export interface PlanProgressEvidenceTable {
  progress_id: number;
  document_id: number;
}

export interface PlanProgressFileTable extends EvidenceFileColumns {
  progress_id: number;
}

declare module './schema.js' {
  interface Database {
    programmes: ProgrammeTable;
    programme_goals: ProgrammeGoalTable;
    programme_targets: ProgrammeTargetTable;
    plans: PlanTable;
    plan_items: PlanItemTable;
    plan_events: PlanEventTable;
    plan_progress: PlanProgressTable;
    plan_progress_evidence: PlanProgressEvidenceTable;
    plan_progress_files: PlanProgressFileTable;
  }
}
