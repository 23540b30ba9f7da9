import type { Body, Json } from '../api/client';

/** API data of the projects screens: aliases of the types generated from the OpenAPI document (src/modules/projects/schemas.ts). */
export type ProjectPage = Json<'/api/v1/projects', 'get'>;
export type ProjectRow = ProjectPage['items'][number];
export type ProjectDetail = Json<'/api/v1/projects/{id}', 'get'>;
export type ProjectStage = ProjectRow['stage'];
export type ProjectFlag = ProjectRow['flags'][number];
export type CapitalSource = ProjectRow['sources'][number];
export type Band = ProjectRow['ratingBand'];
export type DocRef = ProjectDetail['stages'][number]['document'];
export type VarianceDetail = ProjectDetail['varianceCurrent'];
export type Milestone = ProjectDetail['milestones'][number];
export type Appraisal = ProjectDetail['appraisals'][number];
export type CapitalPlan = ProjectDetail['capitalPlans'][number];
export type PlanItemChoice = Json<'/api/v1/projects/plan-items', 'get'>['items'][number];
export type PaymentDocument = Json<'/api/v1/projects/{id}/payment-documents', 'get'>['items'][number];


export type BudgetTable = Json<'/api/v1/budget', 'get'>;
export type BudgetLine = BudgetTable['items'][number];

export type NewProject = Body<'/api/v1/projects', 'post'>;
