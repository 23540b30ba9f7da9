/**
 * The shapes the API answers. Those written as `Json<…>` come from the OpenAPI document
 * (web/src/api/schema.d.ts, generated): a change of the API the app does not follow fails
 * `npm run typecheck`. The others are still written by hand, to be moved the same way.
 */
import type { Json } from './api/client';


export type Role = 'clerk' | 'leader' | 'specialist' | 'admin' | 'task_officer' | 'it_officer' | 'finance_officer' | 'security_officer' | 'incident_responder' | 'police_cyber' | 'inspector';

export type Me = Json<'/api/v1/auth/session', 'get'>['user'];

export type StatusView = InboxItem['status'];

/** GET /api/v1/registers/next-number: a preview, the number is only taken at issue. */
export type NextNumber = Json<'/api/v1/registers/next-number', 'get'>;

export interface NextNumberQuery {
  typeCode: string;
  confidentiality: string;
  draftingUnit?: string;
  registerId?: number;
}

export type InboxItem = InboxPage['items'][number];

export type InboxPage = Json<'/api/v1/inbox', 'get'>;

export interface Assignment {
  id: number;
  role: 'lead' | 'cooperate' | 'info';
  userId: number | null;
  orgId: number | null;
  name: string | null;
  deadline: string | null;
  direction: string | null;
  assignedAt: string;
  doneAt: string | null;
}

export interface Attachment {
  id: number;
  fileName: string;
  role: string;
  size: number;
  mime: string;
  sha256: string;
  /** Whether its text is searched: `none` is a scan (no text layer). */
  text?: { state: 'pending' | 'text' | 'none' | 'unsupported' | 'failed'; label: string; labelEn: string };
}

export interface DocumentDetail {
  id: number;
  state: 'draft' | 'issued';
  origin: string;
  typeCode: string;
  number: number | null;
  symbol: string | null;
  summary: string;
  signerName: string | null;
  urgency: string;
  urgencyLabel: string;
  confidentiality: string;
  confidentialityLabel: string;
  docDate: string | null;
  issuedAt: string | null;
  dueDate: string | null;
  senderOrgId: number | null;
  senderName: string | null;
  senderCode: string | null;
  copyKind: string | null;
  copyOfId: number | null;
  content: string | null;
  signerPosition: string | null;
  signerCompetence: string | null;
  replyToId: number | null;
  registerId: number | null;
  draftingUnit: string | null;
  recordKeeper: string | null;
  copiesCount: number | null;
  notes: string | null;
  recipients: {
    orgId: number;
    name: string;
    code: string | null;
    itemId: number | null;
    status: StatusView | null;
    recallState: string | null;
    withdrawn: boolean;
    /** The recipient's deadline for processing, and whether it is past with the item still open. */
    deadline: string | null;
    daysLeft: number | null;
    overdue: boolean;
  }[];
  attachments: Attachment[];
  incoming: null | {
    itemId: number;
    status: StatusView;
    isPaper: boolean;
    arrivalNumber: number | null;
    arrivalYear: number | null;
    arrivedAt: string;
    registeredAt: string | null;
    deadline: string | null;
    recallState: string | null;
    withdrawn: boolean;
    resultNote: string | null;
    replyDocumentId: number | null;
    assignments: Assignment[];
  };
  actions: string[];
}

export interface TrailEvent {
  status: StatusView;
  by: string | null;
  at: string;
  note: string | null;
  /** Inside the agency that holds the item only (the leader's direction); null for the sender. */
  internalNote?: string | null;
}

export interface Trail {
  documentId: number;
  symbol: string | null;
  recipients: { orgId: number; name: string; itemId: number; current: StatusView; events: TrailEvent[] }[];
}

export interface Organization {
  id: number;
  code: string | null;
  name: string;
  shortName: string;
  /** external: an organisation of another province, hosted by a peer node (interconnection). */
  kind: 'province' | 'agency' | 'unit' | 'enterprise' | 'external';
  parentId: number | null;
  email: string | null;
  address: string | null;
  phone: string | null;
  website: string | null;
  active: boolean;
}

export interface User {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  position: string | null;
  orgId: number;
  active: boolean;
  roles: Role[];
}

export interface DocumentType {
  code: string;
  name: string;
  abbr: string;
}

export interface SearchHit {
  id: number;
  direction: 'incoming' | 'outgoing';
  state: string;
  symbol: string | null;
  summary: string;
  signerName: string | null;
  urgency: string;
  typeCode: string;
  docDate: string | null;
  senderName: string | null;
  itemId: number | null;
  status: StatusView | null;
  arrivalNumber: number | null;
  deadline: string | null;
  /** The words found inside a file of the document (not in its own fields), in context. */
  contentMatch: ContentMatch | null;
}

export interface ContentMatch {
  attachmentId: number;
  fileName: string;
  parts: { text: string; match: boolean }[];
}

export interface SearchPage {
  items: SearchHit[];
  hasMore: boolean;
}

export interface Register {
  id: number;
  kind: 'outgoing' | 'incoming';
  name: string;
  secret: boolean;
  typeCodes: string[] | null;
  active: boolean;
}

export interface RegisterBook {
  kind: 'outgoing' | 'incoming';
  register: { id: number; name: string; secret: boolean };
  from: string;
  to: string;
  columns: string[];
  rows: string[][];
}

export interface Overdue {
  today: string;
  organisation: { orgId: number; count: number; items: { itemId: number; documentId: number; symbol: string | null; summary: string; deadline: string; status: StatusView; daysLate: number }[] };
  people: { userId: number; fullName: string; count: number; items: { itemId: number; documentId: number; symbol: string | null; summary: string; role: string; deadline: string; daysLate: number }[] }[];
  /** For a leader: what is overdue among the people he directs (his agency, or his unit). */
  directed: null | { orgId: number; name: string; wholeAgency: boolean; count: number; items: (InboxItem & { handlers: string[] })[] };
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  username: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorUserId: number | null;
  actorUsername: string | null;
  actorName: string | null;
  orgId: number | null;
  orgName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
  /** The document the entry is about, when it is about one (directly or through an incoming item). */
  document: { id: number; symbol: string | null; summary: string } | null;
  prevHash: string;
  hash: string;
}

/** GET /api/v1/audit */
export interface AuditPage {
  items: AuditEntry[];
  nextBeforeSeq: number | null;
}

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; brokenSeq: number; reason: string };

/** GET /api/v1/documents/outgoing: where the recipients of one issued document stand. */
export interface OutgoingProgress {
  planned: number;
  sent: number;
  byStatus: Record<'01' | '02' | '03' | '04' | '05' | '06', number>;
  recalled: number;
  recallPending: number;
  overdue: number;
}

export interface OutgoingItem {
  id: number;
  state: 'draft' | 'issued';
  symbol: string | null;
  summary: string;
  typeCode: string;
  docDate: string | null;
  issuedAt: string | null;
  updatedAt: string;
  urgency: string;
  confidentiality: string;
  transmitted: boolean;
  signerName: string | null;
  dueDate: string | null;
  copyKind: string | null;
  progress: OutgoingProgress;
}

export interface OutgoingPage {
  state: 'draft' | 'issued';
  items: OutgoingItem[];
  nextCursor: string | null;
}
