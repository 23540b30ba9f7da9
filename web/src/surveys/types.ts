/** The API shapes of the survey screens: aliases of the generated OpenAPI types (src/modules/surveys/routes.ts). */
import type { Body, Json } from '../api/client';

export type Questionnaire = Json<'/api/v1/surveys/questionnaires/{id}', 'get'>;
export type Question = Questionnaire['questions'][number];
export type QuestionKind = Question['kind'];
export type QuestionnaireRow = Json<'/api/v1/surveys/questionnaires', 'get'>[number];
export type QuestionnaireInput = Body<'/api/v1/surveys/questionnaires', 'post'>;

export type Period = Json<'/api/v1/surveys/periods/{id}', 'get'>;
export type SurveyResponse = Json<'/api/v1/surveys/responses/{id}', 'get'>;
export type ResponseStatus = SurveyResponse['status'];
export type AnswerValue = SurveyResponse['answers'][string];
export type ResponsePage = Json<'/api/v1/surveys/periods/{id}/responses', 'get'>;
export type ResponseRow = ResponsePage['items'][number];

export type Aggregates = Json<'/api/v1/surveys/periods/{id}/aggregates', 'get'>;
export type GroupAggregate = Aggregates['groups'][number];

export type Enterprise = Json<'/api/v1/surveys/enterprises/{id}', 'get'>;
export type EnterpriseRegistration = Body<'/api/v1/surveys/enterprises', 'post'>;
