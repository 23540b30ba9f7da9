import type { ColumnType, Generated } from 'kysely';
import type { Confidentiality, Urgency } from '../domain/classification.js';
import type { ProcessingStatus, StatusCode } from '../domain/statuses.js';
import type { FileTextState } from '../domain/file-text.js';
import type { SignatureResult } from '../domain/edxml/signature.js';
import type { PackageState } from '../domain/edxml/package-state.js';
import type { OnlineLevel } from '../domain/procedures.js';
import type { EXTERNAL_KIND, OrgKind, Role } from '../domain/roles.js';

/**
 * The tables as Kysely sees them. Timestamps are ISO-8601 UTC text and calendar dates
 * YYYY-MM-DD text on both dialects; booleans are integers 0/1.
 */
export interface OrganizationTable {
  id: Generated<number>;
  code: string | null;
  name: string;
  short_name: string;
  kind: OrgKind | typeof EXTERNAL_KIND;
  parent_id: number | null;
  email: string | null;
  address: string | null;
  phone: string | null;
  website: string | null;
  active: number;
  mail_attach: Generated<number>; // dispatch mails carry the files (1) or only the link (0)
  mail_attach_max_mb: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  full_name: string;
  email: string | null;
  position: string | null;
  org_id: number;
  password_hash: string;
  active: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  /** Sign-ins of this user being checked right now (counted before the check). */
  pending_logins: Generated<number>;
  /** Every failed sign-in ever: a success forgives only those before it began. */
  failed_logins_total: Generated<number>;
  login_attempt_at: Generated<string | null>;
}

/** Failed sign-ins per client address in the current window (successes give theirs back). */
export interface SignInAddressTable {
  address: string;
  window_start: string;
  attempts: number;
}

export interface UserRoleTable {
  user_id: number;
  org_id: number;
  role: Role;
}

export interface SessionTable {
  id: string; // sha256 of the cookie value
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface DocumentTypeTable {
  code: string;
  name: string;
  abbr: string;
  sort: number;
  active: number;
}

export interface RegisterTable {
  id: Generated<number>;
  org_id: number;
  kind: 'outgoing' | 'incoming';
  name: string;
  secret: number;
  type_codes: string | null; // comma-separated; null = every type
  active: number;
}

export interface RegisterCounterTable {
  register_id: number;
  year: number;
  series: string;
  last_number: number;
}

export interface BlobTable {
  sha256: string;
  size: number;
  kind: string;
  mime: string;
  created_at: string;
}

export interface DocumentTable {
  id: Generated<number>;
  /** internal: drafted here; external: registered from paper; edxml, email: arrived so. */
  origin: 'internal' | 'external' | 'edxml' | 'email';
  org_id: number | null; // issuing agency for internal documents
  external_sender: string | null;
  /** The agency code of an outside sender (edXML From/OrganId), migration 016. */
  external_sender_code: Generated<string | null>;
  created_by: number | null;
  state: 'draft' | 'issued';
  type_code: string;
  summary: string;
  content: string | null;
  signer_name: string | null;
  signer_position: string | null;
  signer_competence: string | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  due_date: string | null;
  reply_to_id: number | null;
  drafting_unit: string | null;
  register_id: number | null;
  number: number | null;
  notation: string | null;
  symbol: string | null;
  issue_year: number | null;
  issued_at: string | null;
  doc_date: string | null;
  copy_kind: 'SY' | 'SL' | 'TrS' | null;
  copy_of_id: number | null;
  copies_count: number | null;
  record_keeper: string | null;
  notes: string | null;
  search_text: string;
  /** Folded words of the text read from its files (migration 016), filled by the text job. */
  content_text: Generated<string>;
  access_tokens: string;
  created_at: string;
  updated_at: string;
}

export interface DocumentRecipientTable {
  document_id: number;
  org_id: number;
}

export interface AttachmentTable {
  id: Generated<number>;
  document_id: number;
  sha256: string;
  file_name: string;
  role: 'main' | 'appendix' | 'scan';
  size: number;
  mime: string;
  created_at: string;
}

/** Text read from a stored file, once per content (migration 016). */
export interface FileTextTable {
  sha256: string;
  state: Exclude<FileTextState, 'pending'>;
  text: string | null;
  chars: number;
  pages: number | null;
  reason: string | null;
  extracted_at: string;
}

/** A document whose file text is to be (re)built: queued by a trigger on attachments. */
export interface TextJobTable {
  document_id: number;
  generation: number;
  due_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface InboxItemTable {
  id: Generated<number>;
  document_id: number;
  org_id: number;
  status: ProcessingStatus;
  withdrawn: number;
  /** 13 asked, 15 agreed, 16 refused. */
  recall_state: '13' | '15' | '16' | null;
  is_paper: number;
  register_id: number | null;
  arrival_number: number | null;
  arrival_year: number | null;
  arrived_at: string;
  registered_at: string | null;
  deadline: string | null;
  result_note: string | null;
  reply_document_id: number | null;
  completed_at: string | null;
  updated_at: string;
  /** 0 Thường … 3 Hỏa tốc, copied from the document by a trigger (migration 005). */
  urgency_rank: Generated<number>;
}

export interface StatusEventTable {
  id: Generated<number>;
  inbox_item_id: number;
  document_id: number;
  org_id: number;
  status: StatusCode;
  actor_user_id: number | null;
  actor_name: string | null;
  at: string;
  /** What the sender may read too. */
  note: string | null;
  /** Stays inside the recipient's agency (the leader's direction when assigning); migration 017. */
  internal_note: string | null;
}

export interface AssignmentTable {
  id: Generated<number>;
  inbox_item_id: number;
  assignee_user_id: number | null;
  assignee_org_id: number | null;
  role: 'lead' | 'cooperate' | 'info';
  deadline: string | null;
  direction: string | null;
  assigned_by: number;
  assigned_at: string;
  done_at: string | null;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditEventTable {
  seq: number;
  at: string;
  actor_user_id: number | null;
  org_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface MailAliasTable {
  address: string; // lower case
  org_id: number;
  created_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: string; // mail
  dedupe_key: string;
  org_id: number | null;
  document_id: number | null;
  message_id: string | null;
  to_address: string | null;
  subject: string | null;
  payload: string; // JSON; with body_id, only what is this row's own (kind, addressee, greeting)
  /** The part shared with the other copies queued with it (migration 012). */
  body_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** kept: no SMTP server configured */
  status: 'pending' | 'sending' | 'sent' | 'kept' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  lease_owner: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface OutboxBodyTable {
  id: Generated<number>;
  payload: string; // JSON
}

export interface MailInboundTable {
  id: Generated<number>;
  source: 'smtp' | 'lmtp' | 'imap';
  message_id: string | null;
  raw_sha256: string;
  envelope_from: string | null;
  from_address: string | null;
  to_address: string;
  org_id: number;
  sender_org_id: number | null;
  subject: string | null;
  outcome: 'accepted' | 'duplicate' | 'refused';
  reason: string | null;
  document_id: number | null;
  inbox_item_id: number | null;
  related_document_id: number | null;
  received_at: string;
}

export interface ImapAccountTable {
  id: Generated<number>;
  org_id: number | null;
  host: string;
  port: number;
  secure: number;
  username: string;
  password: string;
  mailbox: string;
  tls_reject_unauthorized: Generated<number>;
  active: Generated<number>;
  uidvalidity: string | null;
  last_polled_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface ImapSeenTable {
  account_id: number;
  uidvalidity: string;
  uid: number;
  outcome: string;
  seen_at: string;
}

export interface MailRuleTable {
  id: Generated<number>;
  org_id: number;
  position: number;
  name: string;
  field: string; // from | to | subject | body | header
  header_name: string | null;
  pattern: string;
  set_type_code: string | null;
  set_urgency: Urgency | null;
  set_assignee_user_id: number | null;
  set_register_id: number | null;
  stop: Generated<number>;
  active: Generated<number>;
  created_at: string;
}

/** Public portal (migration 007). */
export interface ProcedureTable {
  id: Generated<number>;
  code: string;
  name: string;
  decision_number: string | null;
  formality_type: string | null;
  is_ward: number;
  is_province: number;
  is_ministry: number;
  is_other: number;
  record: string; // the national record, JSON
  search_text: string;
  owner_org_id: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ProcedureTagTable {
  procedure_id: number;
  kind: string; // field | subject
  name: string;
}

export interface ProcedureAgencyTable {
  procedure_id: number;
  org_id: number;
  online_level: OnlineLevel | null;
  updated_at: string;
}

export interface FormTable {
  id: Generated<number>;
  procedure_id: number;
  org_id: number;
  sha256: string;
  file_name: string;
  title: string;
  size: number;
  mime: string;
  created_at: string;
}

export interface PublishedDocumentTable {
  document_id: number;
  org_id: number;
  effective_date: string | null;
  published_at: string;
  published_by: number | null;
  unpublished_at: string | null;
  updated_at: string;
}

export interface AnnouncementTable {
  id: Generated<number>;
  org_id: number;
  title: string;
  body: string;
  published_at: string | null;
  withdrawn_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface AgencyProfileTable {
  org_id: number;
  name_en: string | null;
  functions_vi: string | null;
  functions_en: string | null;
  fax: string | null;
  content_updated_at: string;
  updated_at: string;
}

/** Each *_public flag: 1 = the field is published on the portal, 0 = back office only. */
export interface AgencyContactTable {
  id: Generated<number>;
  org_id: number;
  kind: 'leader' | 'focal';
  sort: number;
  full_name: string;
  position: string | null;
  position_en: string | null;
  position_public: number;
  unit: string | null;
  unit_public: number;
  phone: string | null;
  phone_public: number;
  mobile: string | null;
  mobile_public: number;
  email: string | null;
  email_public: number;
  created_at: string;
  updated_at: string;
}

export interface PortalStateTable {
  id: number;
  version: number;
}

/** Background work one process at a time does: taken when `until` has passed (migration 014). */
export interface BackgroundLeaseTable {
  name: string;
  until: string;
  last_result: string | null;
}

export interface Database {
  organizations: OrganizationTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  sign_in_addresses: SignInAddressTable;
  api_tokens: ApiTokenTable;
  document_types: DocumentTypeTable;
  registers: RegisterTable;
  register_counters: RegisterCounterTable;
  blobs: BlobTable;
  documents: DocumentTable;
  document_recipients: DocumentRecipientTable;
  attachments: AttachmentTable;
  file_texts: FileTextTable;
  text_jobs: TextJobTable;
  inbox_items: InboxItemTable;
  status_events: StatusEventTable;
  assignments: AssignmentTable;
  audit_head: AuditHeadTable;
  audit_events: AuditEventTable;
  mail_aliases: MailAliasTable;
  outbox: OutboxTable;
  outbox_bodies: OutboxBodyTable;
  mail_inbound: MailInboundTable;
  imap_accounts: ImapAccountTable;
  imap_seen: ImapSeenTable;
  mail_rules: MailRuleTable;
  procedures: ProcedureTable;
  procedure_tags: ProcedureTagTable;
  procedure_agencies: ProcedureAgencyTable;
  forms: FormTable;
  published_documents: PublishedDocumentTable;
  announcements: AnnouncementTable;
  agency_profiles: AgencyProfileTable;
  agency_contacts: AgencyContactTable;
  portal_state: PortalStateTable;
  edxml_packages: EdxmlPackageTable;
  edxml_keys: EdxmlKeyTable;
  federation_peers: FederationPeerTable;
  federation_routes: FederationRouteTable;
  federation_consignments: FederationConsignmentTable;
  background_leases: BackgroundLeaseTable;
}

export interface EdxmlPackageTable {
  id: Generated<number>;
  consignment_id: string;
  direction: 'in' | 'out';
  kind: 'document' | 'status';
  /** in: imported | applied | refused; out: pending | sending | sent | failed */
  state: PackageState;
  org_id: number;
  document_id: number | null;
  inbox_item_id: number | null;
  edxml_document_id: string | null;
  sender_code: string | null;
  receiver_codes: string | null;
  business_doc_type: number | null;
  status_code: string | null;
  signature: SignatureResult;
  signature_detail: string | null; // JSON
  package_sha256: string;
  size: number;
  body: string | null;
  header: string; // JSON
  dedupe_key: string;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** Migration 008: the peer it came through or goes to, and the transport receipt (JSON). */
  peer_id: number | null;
  receipt: string | null;
}

export interface EdxmlKeyTable {
  org_id: number;
  private_key_pem: string;
  certificate_pem: string;
  subject: string;
  issuer: string;
  fingerprint256: string;
  valid_to: string;
  updated_by: number | null;
  updated_at: string;
}

/** Exchange between nodes (migration 008). */
export interface FederationPeerTable {
  id: Generated<number>;
  name: string;
  transport: 'node' | 'axis';
  base_url: string;
  /** secret: the axis's own credentials */
  auth: 'hmac' | 'certificate' | 'secret';
  peer_node_id: string;
  inbound_secret: string | null;
  peer_certificate_pem: string | null;
  our_node_id: string;
  outbound_secret: string | null;
  our_private_key_pem: string | null;
  active: Generated<number>;
  last_polled_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface FederationRouteTable {
  code: string; // full agency code, or a level-1 code (H41) for every code under it
  peer_id: number;
  org_id: number | null; // the organisation of kind external, for a full code
  created_at: string;
}

export interface FederationConsignmentTable {
  id: Generated<number>;
  peer_id: number;
  consignment_id: string;
  kind: string;
  result: string; // JSON
  received_at: string;
}
