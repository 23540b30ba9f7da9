/** API data of the plans screens, from the generated OpenAPI types (src/modules/plans/routes.ts). */
import type { Json } from '../api/client';

export type PlanPage = Json<'/api/v1/plans', 'get'>;
export type PlanSummary = PlanPage['items'][number];
export type PlanKind = PlanSummary['kind'];
export type PlanStatus = PlanSummary['status'];
export type DocRef = NonNullable<PlanSummary['letter']>;
export type PlanDetail = Json<'/api/v1/plans/{id}', 'get'>;
export type PlanItem = PlanDetail['items'][number];
export type FundSource = PlanItem['fundSource'];
export type PlanPriority = PlanItem['priority'];
export type ProgressStatus = PlanItem['progress']['status'];
export type ProgressReported = NonNullable<PlanItem['progress']['reported']>;
export type Programme = Json<'/api/v1/programme', 'get'>;
export type ProgrammeTarget = Programme['goals'][number]['targets'][number];
