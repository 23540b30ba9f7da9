/** The shapes of /api/v1/portal/… (src/modules/portal/api-routes.ts and its services). */
import type { NationalProcedure, OnlineLevel } from '../../../src/domain/procedures';

export type { NationalProcedure, OnlineLevel };

export interface Implementation {
  orgId: number;
  onlineLevel: OnlineLevel | null;
}

export interface ProcedureListItem {
  id: number;
  code: string;
  name: string;
  ownerOrgId: number;
  active: boolean;
  updatedAt: string;
  agencies: Implementation[];
}

export interface PortalForm {
  id: number;
  fileName: string;
  title: string;
  size: number;
  mime: string;
  sha256: string;
  orgId: number;
  createdAt: string;
}

export interface ProcedureDetail {
  id: number;
  code: string;
  ownerOrgId: number;
  active: boolean;
  updatedAt: string;
  mayEdit: boolean;
  record: NationalProcedure;
  agencies: Implementation[];
  forms: PortalForm[];
}

export interface SaveResult {
  id: number;
  code: string;
  outcome: 'created' | 'updated' | 'linked';
}

export interface ImportResult {
  created: number;
  updated: number;
  linked: number;
  procedures: SaveResult[];
}

export interface Publication {
  documentId: number;
  orgId: number;
  symbol: string | null;
  summary: string;
  typeCode: string;
  docDate: string | null;
  effectiveDate: string | null;
  publishedAt: string;
  unpublishedAt: string | null;
  live: boolean;
}

export interface Announcement {
  id: number;
  orgId: number;
  title: string;
  body: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
  live: boolean;
  createdAt: string;
  updatedAt: string;
}

export const CONTACT_FIELDS = ['position', 'unit', 'phone', 'mobile', 'email'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export interface Contact {
  id?: number;
  kind: 'leader' | 'focal';
  fullName: string;
  position?: string | null;
  positionEn?: string | null;
  unit?: string | null;
  phone?: string | null;
  mobile?: string | null;
  email?: string | null;
  public: Record<ContactField, boolean>;
}

export interface Profile {
  orgId: number;
  name: string;
  nameEn: string | null;
  functionsVi: string | null;
  functionsEn: string | null;
  fax: string | null;
  lastUpdated: string;
  freshness: { days: number; stale: boolean };
  contacts: Contact[];
}

export interface AgencyFreshness {
  orgId: number;
  name: string;
  lastUpdated: string;
  days: number;
  stale: boolean;
  procedures: number;
  documents: number;
  forms: number;
}

export interface FreshnessReport {
  staleAfterDays: number;
  agencies: AgencyFreshness[];
}
