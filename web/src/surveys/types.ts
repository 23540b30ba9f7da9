/** The API shapes of the survey screens (src/modules/surveys/routes.ts). */

export type QuestionKind = 'yes_no' | 'number' | 'percent' | 'choice' | 'text';
export type ResponseStatus = 'not_started' | 'draft' | 'submitted' | 'returned';
export type AnswerValue = boolean | number | string | null;

export interface Choice {
  code: string;
  vi: string;
  en: string;
}

export interface Question {
  ord: number;
  code: string;
  section: string;
  kind: QuestionKind;
  textVi: string;
  textEn: string;
  helpVi?: string | null;
  helpEn?: string | null;
  required: boolean;
  unit?: string | null;
  choices: Choice[];
}

export interface Questionnaire {
  id: number;
  code: string;
  version: number;
  audience: 'enterprise' | 'public_unit';
  titleVi: string;
  titleEn: string;
  createdAt: string;
  questions: Question[];
}

export interface QuestionnaireRow {
  id: number;
  code: string;
  version: number;
  audience: 'enterprise' | 'public_unit';
  titleVi: string;
  titleEn?: string;
  createdAt?: string;
  questions: number;
}

export interface Period {
  id: number;
  code: string;
  name: string;
  audience: 'enterprise' | 'public_unit';
  questionnaire: { id: number; code: string; version: number; titleVi: string };
  opensOn: string;
  closesOn: string;
  status: 'open' | 'closed';
  createdAt?: string;
  closedAt?: string | null;
  asked: number;
  counts: Record<ResponseStatus, number>;
  responseRate?: number | null;
}

export interface SurveyResponse {
  id: number;
  status: ResponseStatus;
  org: { id: number; name: string };
  period: { id: number; code: string; name: string; status: 'open' | 'closed'; closesOn: string };
  sectorCode?: string;
  commune?: string;
  questionnaire: Questionnaire;
  answers: Record<string, AnswerValue>;
  savedAt?: string | null;
  submittedAt?: string | null;
  returnedAt?: string | null;
  returnComment?: string | null;
  can: { edit: boolean; submit: boolean; return: boolean };
}

export interface MyResponse {
  id: number;
  status: ResponseStatus;
  savedAt?: string | null;
  submittedAt?: string | null;
  returnedAt?: string | null;
  returnComment?: string | null;
  period: { id: number; code: string; name: string; status: 'open' | 'closed'; closesOn: string };
}

export interface ResponseRow {
  id: number;
  orgId: number;
  orgName: string;
  status: ResponseStatus;
  sectorCode?: string;
  commune?: string;
  savedAt?: string | null;
  submittedAt?: string | null;
  returnedAt?: string | null;
  returnComment?: string | null;
}

export interface QuestionAggregate {
  code: string;
  kind: QuestionKind;
  answered: number;
  yes?: number | null;
  yesShare?: number | null;
  total?: number | null;
  mean?: number | null;
  choices: { code: string; count: number; share: number }[];
  suppressed: boolean;
}

export interface GroupAggregate {
  dimension: 'province' | 'sector' | 'commune';
  key: string;
  label: string;
  asked: number;
  submitted: number;
  responseRate?: number | null;
  small: boolean;
  suppressed: boolean;
  questions: QuestionAggregate[];
}

export interface Aggregates {
  period: { id: number; code: string; name: string; audience: string; status: string; opensOn: string; closesOn: string };
  questionnaire: Questionnaire;
  asked: number;
  submitted: number;
  responseRate?: number | null;
  groups: GroupAggregate[];
}
