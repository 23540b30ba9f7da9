import type { TransactionHooks } from '../hooks.js';
import { queueDispatchMails, queueItemEventMails } from './outbound/notify.js';
import { queueIncidentMails } from './outbound/incident.js';

/** The mails the document flow causes, queued in the transaction of the change. */
export function registerMailHooks(hooks: TransactionHooks): TransactionHooks {
  return hooks
    .on('dispatched', (trx, ctx, e) => queueDispatchMails(trx, ctx, e.documentId, e.recipientOrgIds))
    .on('itemChanged', (trx, ctx, e) => queueItemEventMails(trx, ctx, e.itemId))
    .on('incidentReported', (trx, ctx, e) => queueIncidentMails(trx, ctx, e));
}
