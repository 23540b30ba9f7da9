/** API data of the drafting screens (/api/v1/drafts); to be generated from the OpenAPI document later. */
export type DraftStage = 'drafting' | 'review' | 'signing' | 'signed' | 'issued';
export type DraftAction = 'version' | 'submit' | 'comment' | 'return' | 'pass' | 'sign' | 'issue';

export interface DraftListItem {
  documentId: number;
  summary: string;
  stage: DraftStage;
  stageLabel: string;
  drafter: string;
  holder: string | null;
  updatedAt: string;
}

export interface DraftVersion {
  version: number;
  fileName: string;
  mime: string;
  size: number;
  author: string;
  createdAt: string;
  signed: boolean;
}

export interface DraftStep {
  action: DraftAction;
  by: string;
  to: string | null;
  version: number | null;
  note: string | null;
  at: string;
}

export interface Draft {
  documentId: number;
  stage: DraftStage;
  stageLabel: string;
  stageLabelEn: string;
  drafter: { id: number; name: string };
  holder: { id: number; name: string } | null;
  replyToItemId: number | null;
  updatedAt: string;
  document: { id: number; summary: string; typeCode: string; state: string; symbol: string | null; replyToId: number | null; replyToSymbol: string | null; recipients: { orgId: number; name: string }[] };
  versions: DraftVersion[];
  steps: DraftStep[];
  can: { upload: boolean; submit: boolean; return: boolean; sign: boolean; issue: boolean };
}

export interface Reviewer {
  id: number;
  name: string;
  role: 'leader' | 'unit_head';
}
