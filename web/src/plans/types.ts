/** API data of the plans screens (src/modules/plans/routes.ts); to be generated from the OpenAPI document. */
export type PlanKind = 'five_year' | 'annual';
export type PlanStatus = 'draft' | 'submitted' | 'under_review' | 'revision_requested' | 'agreed' | 'approved' | 'in_force' | 'superseded';
export type FundSource = 'investment' | 'recurrent' | 'socialized' | 'other';
export type PlanPriority = 'high' | 'normal' | 'low';
export type ProgressReported = 'on_track' | 'late' | 'done' | 'dropped';
export type ProgressStatus = 'not_started' | ProgressReported;

export interface DocRef {
  id: number;
  symbol: string | null;
  docDate: string | null;
  summary: string;
  signerName: string | null;
  signerPosition: string | null;
}

export interface PlanCan {
  edit: boolean;
  submit: boolean;
  review: boolean;
  approve: boolean;
  adjust: boolean;
  report: boolean;
}

export interface PlanSummary {
  id: number;
  seriesId: number;
  version: number;
  agencyId: number;
  agencyName: string;
  programmeId: number;
  kind: PlanKind;
  yearFrom: number;
  yearTo: number;
  title: string;
  status: PlanStatus;
  reason: string | null;
  letter: DocRef | null;
  answer: DocRef | null;
  decision: DocRef | null;
  effectiveFrom: string | null;
  approvedAt: string | null;
  itemCount: number;
  totalCost: string;
  totalCostText: string;
  createdAt: string;
  updatedAt: string;
  can: PlanCan;
}

export interface PlanItem {
  id: number;
  key: string;
  position: number;
  content: string;
  objective: string | null;
  targetIds: number[];
  targets: { id: number; indicatorCode: string; title: string }[];
  leadUnit: string;
  cooperatingUnits: string | null;
  startDate: string;
  endDate: string;
  expectedOutput: string | null;
  cost: string;
  costText: string;
  fundSource: FundSource;
  priority: PlanPriority;
  progress: { percent: number; reported: ProgressReported | null; status: ProgressStatus; note: string | null; at: string | null };
}

export interface PlanEvent {
  id: number;
  itemId: number | null;
  kind: 'created' | 'submitted' | 'comment' | 'revision_requested' | 'agreed' | 'approved' | 'adjusted' | 'imported';
  orgId: number;
  orgName: string;
  userName: string | null;
  at: string;
  text: string | null;
  document: DocRef | null;
}

export interface PlanDetail extends PlanSummary {
  items: PlanItem[];
  events: PlanEvent[];
  versions: { id: number; version: number; status: PlanStatus; reason: string | null; createdAt: string }[];
}

export interface PlanPage {
  total: number;
  items: PlanSummary[];
}

export interface DiffRow {
  key: string;
  change: 'added' | 'removed' | 'changed';
  content: string;
  fields: { field: string; from: string | null; to: string | null }[];
}

export interface PlanDiff {
  from: { id: number; version: number };
  to: { id: number; version: number };
  rows: DiffRow[];
}

export interface ProgrammeTarget {
  id: number;
  goalId: number;
  indicatorCode: string;
  indicatorName: string | null;
  title: string;
  unit: string;
  baseline: number | null;
  baselineYear: number | null;
  yearly: Record<string, number>;
}

export interface Programme {
  id: number;
  title: string;
  yearFrom: number;
  yearTo: number;
  itOrgId: number;
  itOrgName: string;
  canEdit: boolean;
  goals: { id: number; position: number; title: string; targets: ProgrammeTarget[] }[];
}

export interface ImportProblem {
  row: number;
  column: string;
  header: string;
  message: string;
  messageEn: string;
}
