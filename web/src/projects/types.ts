/** API data of the projects screens (to be generated from the OpenAPI document later). */
export type ProjectStage = 'policy' | 'feasibility' | 'appraisal' | 'investment_decision' | 'detailed_design' | 'contractor_selection' | 'implementation' | 'trial_operation' | 'acceptance' | 'handover' | 'final_accounts';
export type ProjectFlag = 'milestone_late' | 'disbursement_below_plan' | 'no_update';
export type Band = 'red' | 'yellow' | 'green' | null;
export type CapitalSource = 'public_investment' | 'recurrent' | 'socialized' | 'other';

export interface DocRef {
  id: number;
  symbol: string | null;
  docDate: string | null;
  summary: string;
  typeCode: string;
  signerName: string | null;
  orgName: string | null;
}

export interface VarianceSummary {
  scheduleDays: number;
  schedulePct: number;
  costDong: string;
  costPct: number;
  scheduleBand?: Band;
  costBand?: Band;
}

export interface ProjectRow {
  id: number;
  code: string;
  name: string;
  investingOrgId: number;
  investingOrgName: string;
  managingOrgName: string | null;
  group: 'A' | 'B' | 'C' | 'below_c';
  kind: 'investment' | 'econ_tech_report' | 'service_hire';
  sources: CapitalSource[];
  startYear: number;
  endYear: number;
  stage: ProjectStage;
  totalInvestment: string;
  spent: string;
  plannedCost: string;
  projectedCost: string;
  baselineVersion: number;
  variance: VarianceSummary;
  originalVariance: VarianceSummary;
  rating: number | null;
  ratingAt: string | null;
  ratingBand: Band;
  flags: ProjectFlag[];
}

export interface MilestoneVariance {
  code: string;
  name: string;
  plannedStart: string;
  plannedEnd: string;
  plannedCost: string;
  projectedEnd: string;
  projectedCost: string;
  scheduleDays: number;
  scheduleBp: number | null;
  costDong: string;
  costBp: number | null;
}
export interface VarianceDetail {
  plannedCost: string;
  projectedCost: string;
  plannedEnd: string | null;
  projectedEnd: string | null;
  scheduleDays: number;
  scheduleBp: number | null;
  costDong: string;
  costBp: number | null;
  milestones: MilestoneVariance[];
}

export interface ProjectDetail extends ProjectRow {
  objective: string | null;
  nextStage: ProjectStage | null;
  stages: { id: number; stage: ProjectStage; at: string; userName: string | null; note: string | null; document: DocRef | null }[];
  baselines: { id: number; version: number; reason: string | null; totalCost: string; userName: string | null; at: string; current: boolean; document: DocRef | null }[];
  varianceCurrent: VarianceDetail;
  varianceOriginal: VarianceDetail;
  milestones: { code: string; name: string; plannedStart: string; plannedEnd: string; plannedCost: string; actualStart: string | null; actualEnd: string | null; forecastEnd: string | null; actualCost: string | null; forecastCost: string | null; percent: number }[];
  ratings: { id: number; rating: number; band: string; comment: string; userName: string | null; at: string }[];
  appraisals: { id: number; kind: 'technical' | 'capital'; appraisingOrgName: string; requestedAt: string; closedAt: string | null; conclusion: string | null; request: DocRef | null; reply: DocRef | null }[];
  capitalPlans: { year: number; allocated: string; amount: string; disbursed: string; rate: number | null; monthly: string[]; document: DocRef | null; changes: { kind: 'allocate' | 'adjust'; from: string | null; to: string; reason: string | null; at: string; document: DocRef | null }[] }[];
  disbursements: { id: number; paidOn: string; amount: string; paymentRef: string; note: string | null }[];
  disbursedByMonth: string[];
  currentYear: number;
  can: { progress: boolean; rate: boolean; capital: boolean; disburse: boolean; appraise: boolean };
}

export interface ProjectPage {
  total: number;
  items: ProjectRow[];
}

export interface ProvinceTable {
  year: number;
  items: { projectId: number; code: string; name: string; investingOrgName: string; stage: ProjectStage; allocated: string; plan: string; disbursed: string; rate: number | null }[];
  totals: { plan: string; disbursed: string; rate: number | null };
  plannedByMonth: string[];
  disbursedByMonth: string[];
}

export interface BudgetLine {
  id: number;
  orgName: string;
  year: number;
  name: string;
  status: 'estimated' | 'allocated' | 'adjusted' | 'settled';
  estimate: string;
  allocated: string | null;
  allocatedDocument: DocRef | null;
  adjusted: string | null;
  current: string;
  spentByQuarter: (string | null)[];
  spent: string;
  rate: number | null;
  settled: string | null;
}
export interface BudgetTable {
  year: number;
  items: BudgetLine[];
  totals: { estimate: string; allocated: string; current: string; spent: string; settled: string };
}
