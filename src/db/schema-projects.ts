import type { Generated } from 'kysely';
import type { AppraisalKind, BudgetStatus, CapitalChangeKind, ProjectGroup, ProjectKind, ProjectStage } from '../domain/projects.js';

/**
 * Tables of migration 022 (IT investment projects, capital plans, disbursements and the
 * recurrent IT budget), merged into the Database interface of schema.ts. Money columns are
 * `bigint`: read them through toDong (src/domain/money.ts); sums are cast to text in SQL.
 */
type Money = number | string | bigint;

export interface ProjectTable {
  id: Generated<number>;
  code: string;
  name: string;
  search: string;
  investing_org_id: number;
  managing_org_id: number | null;
  group_code: ProjectGroup;
  kind: ProjectKind;
  sources: string;
  total_investment: Money;
  start_year: number;
  end_year: number;
  plan_item_ref: string | null;
  target_code: string | null;
  /** The plans module's item of the agency's approved plan (migration 032); `plan_item_ref` is the older free text. */
  plan_item_id: number | null;
  /** One of that item's programme targets. */
  plan_target_id: number | null;
  objective: string | null;
  stage: ProjectStage;
  current_baseline_id: number | null;
  original_baseline_id: number | null;
  baseline_version: number;
  rating: number | null;
  rating_at: string | null;
  planned_cost: Money;
  projected_cost: Money;
  spent_total: Money;
  sv_days: number;
  sv_bp: number;
  cv_dong: Money;
  cv_bp: number;
  orig_sv_days: number;
  orig_sv_bp: number;
  orig_cv_dong: Money;
  orig_cv_bp: number;
  next_due: string | null;
  last_update_at: string;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectStageTable {
  id: Generated<number>;
  project_id: number;
  stage: ProjectStage;
  document_id: number | null;
  note: string | null;
  org_id: number;
  user_id: number | null;
  user_name: string | null;
  at: string;
}

export interface ProjectBaselineTable {
  id: Generated<number>;
  project_id: number;
  version: number;
  reason: string | null;
  document_id: number;
  total_cost: Money;
  user_id: number | null;
  user_name: string | null;
  at: string;
}

export interface BaselineMilestoneTable {
  baseline_id: number;
  seq: number;
  code: string;
  name: string;
  planned_start: string;
  planned_end: string;
  planned_cost: Money;
}

export interface ProjectMilestoneTable {
  project_id: number;
  code: string;
  actual_start: string | null;
  actual_end: string | null;
  forecast_end: string | null;
  actual_cost: Money | null;
  forecast_cost: Money | null;
  percent: number;
  note: string | null;
  updated_at: string;
}

export interface ProjectRatingTable {
  id: Generated<number>;
  project_id: number;
  rating: number;
  comment: string;
  user_id: number | null;
  user_name: string | null;
  at: string;
}

export interface ProjectAppraisalTable {
  id: Generated<number>;
  project_id: number;
  kind: AppraisalKind;
  appraising_org_id: number;
  request_document_id: number;
  reply_document_id: number | null;
  conclusion: string | null;
  requested_by: number | null;
  requested_at: string;
  closed_by: number | null;
  closed_at: string | null;
}

export interface CapitalPlanTable {
  id: Generated<number>;
  project_id: number;
  year: number;
  allocated: Money;
  amount: Money;
  monthly: string | null;
  document_id: number;
  disbursed: Money;
  updated_at: string;
}

export interface CapitalPlanChangeTable {
  id: Generated<number>;
  capital_plan_id: number;
  kind: CapitalChangeKind;
  amount_from: Money | null;
  amount_to: Money;
  document_id: number;
  reason: string | null;
  user_id: number | null;
  user_name: string | null;
  at: string;
}

export interface DisbursementTable {
  id: Generated<number>;
  project_id: number;
  year: number;
  month: number;
  paid_on: string;
  amount: Money;
  payment_ref: string;
  document_id: number | null;
  note: string | null;
  user_id: number | null;
  at: string;
}

export interface DisbursementMonthTable {
  project_id: number;
  year: number;
  month: number;
  amount: Money;
}

export interface BudgetLineTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  name: string;
  plan_item_ref: string | null;
  status: BudgetStatus;
  estimate: Money;
  allocated: Money | null;
  allocated_document_id: number | null;
  adjusted: Money | null;
  adjusted_document_id: number | null;
  spent_q1: Money | null;
  spent_q2: Money | null;
  spent_q3: Money | null;
  spent_q4: Money | null;
  settled: Money | null;
  settled_document_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

declare module './schema.js' {
  interface Database {
    projects: ProjectTable;
    project_stages: ProjectStageTable;
    project_baselines: ProjectBaselineTable;
    baseline_milestones: BaselineMilestoneTable;
    project_milestones: ProjectMilestoneTable;
    project_ratings: ProjectRatingTable;
    project_appraisals: ProjectAppraisalTable;
    capital_plans: CapitalPlanTable;
    capital_plan_changes: CapitalPlanChangeTable;
    disbursements: DisbursementTable;
    disbursement_months: DisbursementMonthTable;
    budget_lines: BudgetLineTable;
  }
}
