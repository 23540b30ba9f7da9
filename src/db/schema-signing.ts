import type { Generated } from 'kysely';
import type { DraftAction, DraftStage, SignatureVerdict } from '../domain/signatures.js';

/** Tables of migration 026 (drafting and digital signatures), merged into Database. */
export interface DraftFlowTable {
  document_id: number;
  org_id: number;
  stage: DraftStage;
  drafter_id: number;
  holder_id: number | null;
  signer_id: number | null;
  reply_to_item_id: number | null;
  layout: string | null;
  updated_at: string;
}

export interface DraftVersionTable {
  id: Generated<number>;
  document_id: number;
  version: number;
  sha256: string;
  file_name: string;
  mime: string;
  size: number;
  author_id: number;
  author_name: string;
  signed: number;
  created_at: string;
}

export interface DraftStepTable {
  id: Generated<number>;
  document_id: number;
  action: DraftAction;
  actor_id: number;
  actor_name: string;
  to_user_id: number | null;
  version: number | null;
  note: string | null;
  at: string;
}

export type SigningKeyKind = 'pkcs12' | 'pkcs11';

export interface SigningKeyTable {
  id: Generated<number>;
  org_id: number;
  user_id: number | null;
  kind: SigningKeyKind;
  secret: string;
  certificate_pem: string;
  subject: string;
  not_after: string;
  image_png: string | null;
  active: number;
  created_at: string;
}

export interface TrustAnchorTable {
  id: Generated<number>;
  fingerprint: string;
  subject: string;
  pem: string;
  not_after: string;
  added_at: string;
}

export interface SignatureCheckTable {
  id: Generated<number>;
  document_id: number;
  org_id: number;
  direction: 'issued' | 'received';
  attachment_id: number;
  file_name: string;
  sha256: string;
  verdict: SignatureVerdict;
  checks: string;
  checked_at: string;
}

declare module './schema.js' {
  interface Database {
    draft_flows: DraftFlowTable;
    draft_versions: DraftVersionTable;
    draft_steps: DraftStepTable;
    signing_keys: SigningKeyTable;
    trust_anchors: TrustAnchorTable;
    signature_checks: SignatureCheckTable;
  }
}
