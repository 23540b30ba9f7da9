/** What /api/v1/security answers (src/modules/security/routes.ts). */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type IncidentStatus = 'reported' | 'acknowledged' | 'handling' | 'resolved' | 'closed';
export type DossierState = 'proposed' | 'appraised' | 'approved';
export type Hosting = 'provincial_dc' | 'cloud' | 'own_room';
export type RecommendationStatus = 'open' | 'reported' | 'closed' | 'reopened';
export type InspectionStatus = 'planned' | 'done' | 'concluded';

export interface DocumentRef {
  id: number;
  symbol: string | null;
  docDate: string | null;
  summary: string;
  typeCode: string;
  signerName: string | null;
}

export interface SecuritySystem {
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  operator: string | null;
  purpose: string | null;
  hosting: Hosting;
  peopleInCharge: string | null;
  level: number;
  dossierState: DossierState;
  approvalDocument: DocumentRef | null;
  monitoring: boolean;
  antimalwarePercent: number;
  lastRiskAssessment: string | null;
  active: boolean;
  updatedAt: string;
  canEdit: boolean;
}

export interface SystemPage {
  total: number;
  approved: number;
  byLevel: Record<string, number>;
  items: SecuritySystem[];
}

export interface IncidentSummary {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  detectedAt: string;
  reportedAt: string;
  acknowledgedAt: string | null;
  handlingAt: string | null;
  resolvedAt: string | null;
  finalReportAt: string | null;
  initialDue: string;
  initialOnTime: boolean;
  finalDue: string | null;
  finalOverdue: boolean;
  overdue: boolean;
}

export interface IncidentPage {
  total: number;
  counts: Record<IncidentStatus, number>;
  overdue: number;
  items: IncidentSummary[];
}

export interface IncidentDetail extends IncidentSummary {
  description: string;
  reporterName: string;
  reporterPhone: string | null;
  actionsTaken: string | null;
  helpWanted: string | null;
  cause: string | null;
  damage: string | null;
  lessons: string | null;
  systems: { id: number; name: string; level: number }[];
  events: { id: number; kind: 'reported' | 'acknowledged' | 'update' | 'resolved' | 'final_report' | 'file'; at: string; userName: string | null; orgName: string; text: string | null }[];
  files: { id: number; fileName: string; size: number; mime: string; createdAt: string }[];
  can: { acknowledge: boolean; update: boolean; resolve: boolean; finalReport: boolean; attach: boolean; accessLog: boolean };
}

export interface AccessLogEntry {
  id: number;
  userId: number | null;
  userName: string;
  orgName: string;
  what: string;
  at: string;
}

export interface IncidentStats {
  months: ({ month: string } & Record<Severity, number>)[];
}

export interface IncidentLiveEvent {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  severity: Severity;
  detectedAt: string;
  reportedAt: string;
}

export interface Recommendation {
  id: number;
  inspectionId: number;
  targetOrgId: number;
  text: string;
  deadline: string;
  status: RecommendationStatus;
  overdue: boolean;
  updatedAt: string;
  events: { id: number; kind: 'reported' | 'closed' | 'reopened'; at: string; userName: string | null; orgName: string; text: string | null }[];
  can: { report: boolean; decide: boolean };
}

export interface Inspection {
  id: number;
  planId: number;
  planTitle: string;
  planOrgName: string;
  year: number;
  targetOrgId: number;
  targetOrgName: string;
  plannedMonth: number;
  scope: string;
  team: string | null;
  inspectedOn: string | null;
  status: InspectionStatus;
  conclusion: DocumentRef | null;
  findings: { id: number; text: string; severity: Severity }[];
  recommendations: Recommendation[];
  openRecommendations: number;
  overdueRecommendations: number;
  can: { record: boolean; conclude: boolean };
}

export interface InspectionPlan {
  id: number;
  year: number;
  title: string;
  orgId: number;
  orgName: string;
  createdAt: string;
  inspections: Inspection[];
  canEdit: boolean;
}

export interface AgencyRecommendations {
  orgId: number;
  orgName: string;
  total: number;
  open: number;
  overdue: number;
  closed: number;
}
