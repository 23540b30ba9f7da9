import type { Generated } from 'kysely';
import type { DossierState, Hosting, IncidentEventKind, IncidentStatus, InspectionStatus, RecommendationEventKind, RecommendationStatus, Severity } from '../domain/security.js';

/**
 * Tables of migration 023 (information security: the systems register, incidents,
 * inspections), added to the Database interface of schema.ts by declaration merging.
 */
export interface SecuritySystemTable {
  id: Generated<number>;
  org_id: number; // the owner agency
  name: string;
  operator: string | null; // đơn vị vận hành
  purpose: string | null;
  hosting: Hosting;
  people_in_charge: string | null;
  level: number; // cấp độ 1–5
  dossier_state: DossierState;
  approval_document_id: number | null; // the approving decision (documents.id)
  monitoring: number; // 0/1: connected to the monitoring (giám sát) system
  antimalware_percent: number; // share of the system's machines covered, 0–100
  last_risk_assessment: string | null; // YYYY-MM-DD
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SecurityIncidentTable {
  id: Generated<number>;
  org_id: number; // the reporting agency
  title: string;
  description: string;
  detected_at: string;
  reported_at: string;
  reported_by: number | null;
  reporter_name: string;
  reporter_phone: string | null;
  severity: Severity;
  actions_taken: string | null;
  help_wanted: string | null;
  status: IncidentStatus;
  acknowledged_at: string | null;
  handling_at: string | null;
  resolved_at: string | null;
  final_report_at: string | null;
  cause: string | null;
  damage: string | null;
  lessons: string | null;
  updated_at: string;
}

export interface SecurityIncidentSystemTable {
  incident_id: number;
  system_id: number;
}

export interface SecurityIncidentEventTable {
  id: Generated<number>;
  incident_id: number;
  kind: IncidentEventKind;
  at: string;
  user_id: number | null;
  user_name: string | null;
  org_id: number;
  text: string | null;
}

/** A file kept as evidence beside a record (an incident's, a plan progress report's): stored by its SHA-256. */
export interface EvidenceFileColumns {
  id: Generated<number>;
  sha256: string;
  file_name: string;
  size: number;
  mime: string;
  user_id: number | null;
  created_at: string;
}

export interface SecurityIncidentFileTable extends EvidenceFileColumns {
  incident_id: number;
}

export interface SecurityIncidentReadTable {
  id: Generated<number>;
  incident_id: number;
  user_id: number | null;
  user_name: string;
  org_id: number;
  what: string; // incident | file:<id> | pdf
  at: string;
}

export interface SecurityInspectionPlanTable {
  id: Generated<number>;
  org_id: number; // Công an tỉnh or Sở KH&CN
  year: number;
  title: string;
  created_by: number | null;
  created_at: string;
}

export interface SecurityInspectionTable {
  id: Generated<number>;
  plan_id: number;
  target_org_id: number;
  planned_month: number; // 1–12
  scope: string;
  team: string | null;
  inspected_on: string | null;
  status: InspectionStatus;
  conclusion_document_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface SecurityFindingTable {
  id: Generated<number>;
  inspection_id: number;
  text: string;
  severity: Severity;
}

export interface SecurityRecommendationTable {
  id: Generated<number>;
  inspection_id: number;
  target_org_id: number;
  text: string;
  deadline: string; // YYYY-MM-DD
  status: RecommendationStatus;
  updated_at: string;
}

export interface SecurityRecommendationEventTable {
  id: Generated<number>;
  recommendation_id: number;
  kind: RecommendationEventKind;
  at: string;
  user_id: number | null;
  user_name: string | null;
  org_id: number;
  text: string | null;
}

declare module './schema.js' {
  interface Database {
    security_systems: SecuritySystemTable;
    security_incidents: SecurityIncidentTable;
    security_incident_systems: SecurityIncidentSystemTable;
    security_incident_events: SecurityIncidentEventTable;
    security_incident_files: SecurityIncidentFileTable;
    security_incident_reads: SecurityIncidentReadTable;
    security_inspection_plans: SecurityInspectionPlanTable;
    security_inspections: SecurityInspectionTable;
    security_findings: SecurityFindingTable;
    security_recommendations: SecurityRecommendationTable;
    security_recommendation_events: SecurityRecommendationEventTable;
  }
}
