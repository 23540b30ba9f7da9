import type { Generated } from 'kysely';
import type { DisseminationForm, LegalStatus, LegalType, RegulationKind } from '../domain/legal.js';

/** Tables of migration 021 (legal library, dissemination, internal regulations), merged into Database. */
export interface LegalTextTable {
  id: Generated<number>;
  number: string;
  type: LegalType;
  issuer: string;
  title: string;
  summary: string | null;
  issued_on: string;
  effective_on: string | null;
  status: LegalStatus;
  linked_id: number | null;
  file_sha256: string | null;
  file_name: string | null;
  file_size: number | null;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface LegalCampaignTable {
  id: Generated<number>;
  title: string;
  note: string | null;
  deadline: string;
  org_id: number;
  letter_document_id: number | null;
  created_by: number;
  created_at: string;
}

export interface LegalCampaignTextTable {
  campaign_id: number;
  text_id: number;
}

export interface LegalCampaignOrgTable {
  campaign_id: number;
  org_id: number;
}

export interface LegalCampaignReportTable {
  id: Generated<number>;
  campaign_id: number;
  org_id: number;
  held_on: string;
  form: DisseminationForm;
  people_reached: number;
  note: string | null;
  evidence_document_id: number | null;
  user_id: number;
  created_at: string;
}

export interface InternalRegulationTable {
  id: Generated<number>;
  org_id: number;
  kind: RegulationKind;
  decision_document_id: number;
  next_review: string | null;
  note: string | null;
  updated_by: number;
  created_at: string;
  updated_at: string;
}

declare module './schema.js' {
  interface Database {
    legal_texts: LegalTextTable;
    legal_campaigns: LegalCampaignTable;
    legal_campaign_texts: LegalCampaignTextTable;
    legal_campaign_orgs: LegalCampaignOrgTable;
    legal_campaign_reports: LegalCampaignReportTable;
    internal_regulations: InternalRegulationTable;
  }
}
