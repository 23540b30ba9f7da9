import type { CampaignOrgState, DisseminationForm, LegalStatus, LegalType, RegulationKind, RegulationState } from '../../../src/domain/legal';

/** The API data of the legal screens (/api/v1/legal); generated from the OpenAPI document later. */
export type { CampaignOrgState, DisseminationForm, LegalStatus, LegalType, RegulationKind, RegulationState };

export interface LegalText {
  id: number;
  number: string;
  type: LegalType;
  issuer: string;
  title: string;
  summary: string | null;
  issuedOn: string;
  effectiveOn: string | null;
  status: LegalStatus;
  linked: { id: number; number: string; title: string } | null;
  file: { fileName: string; size: number } | null;
  updatedAt: string;
  successors?: { id: number; number: string; title: string; status: LegalStatus }[];
}
export interface LegalTextPage {
  total: number;
  items: LegalText[];
}

export interface DocRef {
  documentId: number;
  symbol: string | null;
  docDate: string | null;
  summary: string;
  signerName?: string | null;
}

export interface CampaignSummary {
  id: number;
  title: string;
  deadline: string;
  createdAt: string;
  letterSymbol: string | null;
  agencies: number;
  reported: number;
  myAgencyReported: boolean;
}

export interface CampaignReport {
  id: number;
  heldOn: string;
  form: DisseminationForm;
  peopleReached: number;
  note: string | null;
  evidence: DocRef | null;
  createdAt: string;
}

export interface Campaign {
  id: number;
  title: string;
  note: string | null;
  deadline: string;
  createdAt: string;
  letter: DocRef | null;
  texts: { id: number; number: string; title: string; status: LegalStatus }[];
  counts: Record<CampaignOrgState, number>;
  agencies: { orgId: number; name: string; state: CampaignOrgState; peopleReached: number; reports: CampaignReport[] }[];
  canReport: boolean;
}

export interface RegulationCell {
  kind: RegulationKind;
  state: RegulationState;
  id: number | null;
  decision: DocRef | null;
  nextReview: string | null;
  note: string | null;
}
export interface RegulationRow {
  orgId: number;
  name: string;
  attention: boolean;
  canEdit: boolean;
  regulations: RegulationCell[];
}
export interface RegulationPage {
  total: number;
  attention: number;
  items: RegulationRow[];
}
