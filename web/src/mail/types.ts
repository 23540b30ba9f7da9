/** The shapes of /api/v1/mail/… (the route files under src/modules/mail). */

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'kept' | 'failed';

/** GET /api/v1/mail/outbox: one message the system sends (or keeps, without a relay). */
export interface OutboxRow {
  id: number;
  kind: string | null;
  status: OutboxStatus;
  to: string;
  subject: string;
  documentId: number | null;
  orgId: number;
  messageId: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxPage {
  items: OutboxRow[];
  nextBeforeId: number | null;
}

/** GET /api/v1/mail/outbox/{id}: the whole message as the relay gets it. */
export interface OutboxMessage extends OutboxRow {
  headers: Record<string, string | null>;
  text: string;
  html: string | null;
  attachments: { fileName: string; size: number; mime: string }[];
}

export type InboundOutcome = 'accepted' | 'duplicate' | 'refused';

/** GET /api/v1/mail/inbound */
export interface InboundRow {
  id: number;
  receivedAt: string;
  source: string;
  messageId: string | null;
  envelopeFrom: string | null;
  from: string | null;
  to: string;
  orgId: number;
  orgName: string;
  senderOrgId: number | null;
  senderOrgName: string | null;
  subject: string | null;
  outcome: InboundOutcome;
  reason: string | null;
  documentId: number | null;
  itemId: number | null;
  itemStatus: string | null;
  relatedDocumentId: number | null;
  rawAvailable: boolean;
  link: string | null;
}

export interface InboundPage {
  items: InboundRow[];
  nextBeforeId: number | null;
}

export type RuleField = 'from' | 'to' | 'subject' | 'body' | 'header';

/** What a rule is made of, as the editor sends it. */
export interface RuleInput {
  name: string;
  field: RuleField;
  headerName: string | null;
  pattern: string;
  setTypeCode: string | null;
  setUrgency: string | null;
  setAssigneeUserId: number | null;
  setRegisterId: number | null;
  stop: boolean;
  active: boolean;
}

/** GET /api/v1/mail/rules */
export interface MailRule extends RuleInput {
  id: number;
  position: number;
  setAssigneeName: string | null;
  createdAt: string;
}

/** GET /api/v1/mail/policy */
export interface MailPolicy {
  orgId: number;
  orgName: string;
  mailAttach: boolean;
  mailAttachMaxMb: number;
  /** The province's mail domains and whether a relay is configured (when the server says). */
  domains?: string[];
  relay?: boolean;
}

/** GET /api/v1/mail/aliases */
export interface MailAlias {
  address: string;
  orgId: number;
  orgName: string;
  orgCode?: string | null;
  createdAt: string;
}

/** GET /api/v1/mail/mailboxes (public directory of official addresses). */
export interface Mailbox {
  orgId: number;
  code: string | null;
  name: string;
  shortName: string;
  kind: string;
  address: string | null;
  aliases: string[];
}

export type ImapSecurity = 'tls' | 'starttls';

export interface ImapSeen {
  total: number;
  accepted: number;
  duplicate: number;
  refused: number;
  failed: number;
}

/** GET /api/v1/mail/imap-accounts: never the password. */
export interface ImapAccount {
  id: number;
  orgId: number | null;
  orgName: string | null;
  host: string;
  port: number;
  security: ImapSecurity;
  username: string;
  mailbox: string;
  tlsRejectUnauthorized: boolean;
  active: boolean;
  uidvalidity: string | null;
  polling: boolean;
  lastPolledAt: string | null;
  lastError: string | null;
  seen: ImapSeen;
  createdAt: string;
}

export interface ImapAccountInput {
  orgId: number | null;
  host: string;
  port: number;
  security: ImapSecurity;
  username: string;
  /** Left out: the stored one is kept. */
  password?: string;
  mailbox: string;
  tlsRejectUnauthorized: boolean;
  active: boolean;
}

/** POST /api/v1/mail/imap-accounts/{id}/poll */
export interface PollResult {
  examined: number;
  fetched: number;
  accepted: number;
  duplicate: number;
  refused: number;
  tooLarge: number;
  failed: number;
  uidvalidity: string | null;
  uidvalidityChanged: boolean;
  more: boolean;
  error: string | null;
  account: ImapAccount;
}
