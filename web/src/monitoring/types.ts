/** The API data of the monitoring screens (src/modules/monitoring/routes.ts). */
export type Band = 'tot' | 'kha' | 'trung_binh' | 'yeu';
export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';

export interface PeriodInfo {
  from: string;
  to: string;
  deadline: string;
  computedAt?: string | null;
}

export interface Periods {
  current: string;
  periods: ({ month: string } & PeriodInfo)[];
}

export interface KeyFigure {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  value: number | null;
  previous: number | null;
  change: number | null;
}

export interface RankRow {
  orgId: number;
  name: string;
  score: number | null;
  band: Band | null;
  rank: number | null;
  reportStatus: ReportStatus | null;
  late: boolean;
  overdueDocuments: number | null;
  overdueTasks: number | null;
}

export interface Dashboard {
  month: string;
  period: PeriodInfo;
  provinceScore: number | null;
  keyFigures: KeyFigure[];
  trend: { months: string[]; series: { code: string; values: (number | null)[] }[] };
  bands: Record<Band, number>;
  ranking: RankRow[];
  notReported: { orgId: number; name: string; overdue: boolean }[];
}

export interface ReportIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  group: string;
  unit: string;
  numeratorDef: string;
  denominatorDef: string | null;
  evidence: string | null;
  maxPoints: number;
  origin: 'automatic' | 'reported';
  method: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  p90: number | null;
  note: string | null;
  points: number | null;
}

export interface Report {
  month: string;
  orgId: number;
  orgName: string;
  period: PeriodInfo;
  status: ReportStatus;
  late: boolean;
  overdue: boolean;
  submittedAt: string | null;
  comment: string | null;
  results: string | null;
  problems: string | null;
  proposals: string | null;
  score: number | null;
  band: Band | null;
  rank: number | null;
  indicators: ReportIndicator[];
  events: { kind: string; at: string; userName: string | null; text: string | null }[];
  can: { edit: boolean; submit: boolean; decide: boolean };
}

export interface DrillRecord {
  kind: string;
  id: number;
  label: string;
  at: string | null;
  counted: boolean;
  note: string | null;
  link: string | null;
}

export interface Drill {
  code: string;
  month: string;
  orgId: number;
  method: string;
  module: string;
  from: string;
  to: string;
  cutoffDay: number;
  computedAt: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  records: DrillRecord[];
}

export interface Consolidation {
  month: string;
  period: PeriodInfo;
  summary: string;
  drafted: boolean;
  reported: number;
  agencies: number;
  late: { orgId: number; name: string; status: string; late: boolean }[];
  document: { id: number; symbol: string | null; docDate: string | null; signerName: string | null; issuedAt: string | null } | null;
}
