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

export type ProvinceTable = Json<'/api/v1/projects/disbursement', 'get'>;

export type BudgetTable = Json<'/api/v1/budget', 'get'>;
export type BudgetLine = BudgetTable['items'][number];

export type NewProject = Body<'/api/v1/projects', 'post'>;
export type BaselineInput = Body<'/api/v1/projects/{id}/baselines', 'post'>;
export type ProgressInput = Body<'/api/v1/projects/{id}/progress', 'post'>;
export type AppraisalRequest = Body<'/api/v1/projects/{id}/appraisals', 'post'>;
export type AppraisalClose = Body<'/api/v1/projects/{id}/appraisals/{appraisalId}/answer', 'post'>;
export type CapitalAdjust = Body<'/api/v1/projects/{id}/capital-plans/{year}/adjust', 'post'>;
export type NewBudgetLine = Body<'/api/v1/budget', 'post'>;
export type BudgetDecision = Body<'/api/v1/budget/{id}/allocate', 'post'>;
export type BudgetSpending = Body<'/api/v1/budget/{id}/spending', 'post'>;
