import type { Generated } from 'kysely';
import type { Audience, EnterpriseSize, PeriodStatus, QuestionKind, ResponseStatus } from '../domain/surveys.js';

/** Tables of migration 024 (enterprises' profiles and the survey engine), merged into Database. */
export interface EnterpriseProfileTable {
  org_id: number;
  tax_code: string;
  sector_code: string;
  commune: string;
  size: EnterpriseSize;
  employees: number | null;
  created_at: string;
  updated_at: string;
}

export interface SurveyQuestionnaireTable {
  id: Generated<number>;
  code: string;
  version: number;
  audience: Audience;
  title_vi: string;
  title_en: string;
  created_by: number | null;
  created_at: string;
}

export interface SurveyQuestionTable {
  id: Generated<number>;
  questionnaire_id: number;
  ord: number;
  code: string;
  section: string;
  kind: QuestionKind;
  text_vi: string;
  text_en: string;
  help_vi: string | null;
  help_en: string | null;
  required: number;
  unit: string | null;
  choices: string; // JSON
}

export interface SurveyPeriodTable {
  id: Generated<number>;
  code: string;
  name: string;
  audience: Audience;
  questionnaire_id: number;
  opens_on: string;
  closes_on: string;
  status: PeriodStatus;
  created_by: number | null;
  created_at: string;
  closed_at: string | null;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  period_id: number;
  org_id: number;
  questionnaire_id: number;
  status: ResponseStatus;
  sector_code: string;
  commune: string;
  saved_at: string | null;
  submitted_at: string | null;
  returned_at: string | null;
  return_comment: string | null;
  updated_by: number | null;
  created_at: string;
}

export interface SurveyAnswerTable {
  response_id: number;
  period_id: number;
  questionnaire_id: number;
  question_code: string;
  sector_code: string;
  commune: string;
  counted: number;
  num: number | null;
  choice: string | null;
  text: string | null;
}

export interface SurveyTallyTable {
  period_id: number;
  questionnaire_id: number;
  question_code: string;
  dimension: 'province' | 'sector' | 'commune';
  group_key: string;
  choice: string;
  n: number;
  sum: number;
}

declare module './schema.js' {
  interface Database {
    enterprise_profiles: EnterpriseProfileTable;
    survey_questionnaires: SurveyQuestionnaireTable;
    survey_questions: SurveyQuestionTable;
    survey_periods: SurveyPeriodTable;
    survey_responses: SurveyResponseTable;
    survey_answers: SurveyAnswerTable;
    survey_tallies: SurveyTallyTable;
  }
}
