/**
 * What other modules may use of the security module: per agency, its information systems
 * with the level approved (for the monitoring's security indicators, ATTT.CAPDO), and the
 * need-to-know rule of incidents.
 */
export { systemsByAgency } from './systems.js';
export { securityIndicators } from './indicators.js';
export { mayReadIncident } from './access.js';
export { listIncidents, type IncidentSummary } from './incidents.js';
