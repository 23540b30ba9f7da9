import type { Json } from '../api/client';
import type { CampaignOrgState, DisseminationForm, LegalStatus, LegalType, RegulationKind, RegulationState } from '../../../src/domain/legal';

/** The API data of the legal screens (/api/v1/legal), as the OpenAPI document describes it. */
export type { CampaignOrgState, DisseminationForm, LegalStatus, LegalType, RegulationKind, RegulationState };

export type LegalTextPage = Json<'/api/v1/legal/texts', 'get'>;
export type LegalTextDetail = Json<'/api/v1/legal/texts/{id}', 'get'>;
export type LegalText = LegalTextPage['items'][number] & Partial<Pick<LegalTextDetail, 'successors'>>;

export type Campaign = Json<'/api/v1/legal/campaigns/{id}', 'get'>;
export type CampaignSummary = Json<'/api/v1/legal/campaigns', 'get'>['items'][number];
export type DocRef = NonNullable<Campaign['letter']>;

export type RegulationPage = Json<'/api/v1/legal/regulations', 'get'>;
export type RegulationRow = RegulationPage['items'][number];
export type RegulationCell = RegulationRow['regulations'][number];
