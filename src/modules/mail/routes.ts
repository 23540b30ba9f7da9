import type { Api } from '../../server/schemas.js';
import type { AppContext } from '../context.js';
import { outboundRoutes } from './outbound/routes.js';
import { inboundRoutes } from './inbound/routes.js';
import { imapRoutes } from './imap/routes.js';

/** /api/v1/mail/…: the outbox, inbound mail, mailboxes and rules, IMAP accounts. */
export function mailRoutes(app: Api, ctx: AppContext): void {
  outboundRoutes(app, ctx);
  inboundRoutes(app, ctx);
  imapRoutes(app, ctx);
}
