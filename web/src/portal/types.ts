/**
 * The shapes of /api/v1/portal/… (src/modules/portal/api-routes.ts), taken from the generated
 * OpenAPI types (web/src/api/schema.d.ts): a change of a portal route the screens do not
 * follow fails `npm run typecheck`.
 */
import type { Body, Json } from '../api/client';
import type { NationalProcedure, OnlineLevel } from '../../../src/domain/procedures';

export type { NationalProcedure, OnlineLevel };

export type ProcedureListItem = Json<'/api/v1/portal/procedures', 'get'>[number];
export type Implementation = ProcedureListItem['agencies'][number];

/**
 * The schema leaves the national record open (any JSON object, checked by the service against
 * the national structure of src/domain/procedures.ts), so the record is typed by that structure.
 */
export type ProcedureDetail = Omit<Json<'/api/v1/portal/procedures/{id}', 'get'>, 'record'> & { record: NationalProcedure };
export type PortalForm = ProcedureDetail['forms'][number];

export type ImportResult = Json<'/api/v1/portal/procedures/import', 'post'>;

export type Publication = Json<'/api/v1/portal/publications', 'get'>[number];
export type Announcement = Json<'/api/v1/portal/announcements', 'get'>[number];

export type Profile = Json<'/api/v1/portal/profiles/{orgId}', 'get'>;
/** A contact as the list sends it (`id` absent for a new one) and as the profile answers it. */
export type Contact = Body<'/api/v1/portal/profiles/{orgId}/contacts', 'put'>['contacts'][number];
export type ContactField = keyof Profile['contacts'][number]['public'];
export const CONTACT_FIELDS = ['position', 'unit', 'phone', 'mobile', 'email'] as const satisfies readonly ContactField[];

export type FreshnessReport = Json<'/api/v1/portal/freshness', 'get'>;
export type AgencyFreshness = FreshnessReport['agencies'][number];
