/** What /api/v1/security answers: aliases of the generated OpenAPI types (src/modules/security/routes.ts). */
import type { Json } from '../api/client';

export type SystemPage = Json<'/api/v1/security/systems', 'get'>;
export type SecuritySystem = SystemPage['items'][number];
export type DossierState = SecuritySystem['dossierState'];
export type Hosting = SecuritySystem['hosting'];

export type IncidentPage = Json<'/api/v1/security/incidents', 'get'>;
export type IncidentSummary = IncidentPage['items'][number];
export type Severity = IncidentSummary['severity'];
export type IncidentStatus = IncidentSummary['status'];
export type IncidentDetail = Json<'/api/v1/security/incidents/{id}', 'get'>;
export type AccessLogEntry = Json<'/api/v1/security/incidents/{id}/access-log', 'get'>['items'][number];
export type IncidentStats = Json<'/api/v1/security/incidents/stats', 'get'>;
/** The live event of a new incident (/api/v1/events, kind "incident"): the summary's facts the feed carries. */
export type IncidentLiveEvent = Pick<IncidentSummary, 'id' | 'orgId' | 'orgName' | 'title' | 'severity' | 'detectedAt' | 'reportedAt'>;

export type Inspection = Json<'/api/v1/security/inspections/{id}', 'get'>;
export type InspectionStatus = Inspection['status'];
export type Recommendation = Inspection['recommendations'][number];
export type RecommendationStatus = Recommendation['status'];
export type AgencyRecommendations = Json<'/api/v1/security/recommendations/by-agency', 'get'>['items'][number];
