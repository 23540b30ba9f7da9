/**
 * The shapes of /api/v1/mail/…, taken from the generated OpenAPI types (web/src/api/schema.d.ts):
 * a change of a mail route the screens do not follow fails `npm run typecheck`.
 */
import type { Body, Json } from '../api/client';

/** GET /api/v1/mail/outbox: one message the system sends (or keeps, without a relay). */
export type OutboxPage = Json<'/api/v1/mail/outbox', 'get'>;
export type OutboxRow = OutboxPage['items'][number];
export type OutboxStatus = OutboxRow['status'];

/** GET /api/v1/mail/outbox/{id}: the whole message as the relay gets it. */

/** GET /api/v1/mail/inbound */
export type InboundPage = Json<'/api/v1/mail/inbound', 'get'>;
export type InboundRow = InboundPage['items'][number];
export type InboundOutcome = InboundRow['outcome'];

/** What a rule is made of, as the editor sends it (every field: the editor sends the whole rule). */
export type RuleInput = Required<Body<'/api/v1/mail/rules/{id}', 'patch'>>;
export type RuleField = RuleInput['field'];

/** GET /api/v1/mail/rules */
export type MailRule = Json<'/api/v1/mail/rules', 'get'>[number];

/** GET /api/v1/mail/policy */
export type MailPolicy = Json<'/api/v1/mail/policy', 'get'>;

/** GET /api/v1/mail/aliases */
export type MailAlias = Json<'/api/v1/mail/aliases', 'get'>[number];

/** GET /api/v1/mail/mailboxes (public directory of official addresses). */
export type Mailbox = Json<'/api/v1/mail/mailboxes', 'get'>[number];

/** GET /api/v1/mail/imap-accounts: never the password. */
export type ImapAccount = Json<'/api/v1/mail/imap-accounts', 'get'>[number];
export type ImapSecurity = ImapAccount['security'];

/** What the account form sends; `password` left out keeps the stored one. */
type ImapAccountBody = Body<'/api/v1/mail/imap-accounts/{id}', 'patch'>;
export type ImapAccountInput = Required<Omit<ImapAccountBody, 'password'>> & Pick<ImapAccountBody, 'password'>;

/** POST /api/v1/mail/imap-accounts/{id}/poll */
