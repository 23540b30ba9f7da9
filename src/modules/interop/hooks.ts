import type { TransactionHooks } from '../hooks.js';
import { queueStatusPackage } from './status-out.js';
import { queueFederatedDocument, queueRecallPackages } from './federation/outbound.js';

/** The edXML packages the document flow causes (for peer nodes, the axis, edXML senders), queued in its transaction. */
export function registerInteropHooks(hooks: TransactionHooks): TransactionHooks {
  return hooks
    .on('dispatched', (trx, ctx, e) => queueFederatedDocument(trx, ctx, e.documentId, e.recipientOrgIds, e.at))
    .on('statusRecorded', (trx, _ctx, e) => queueStatusPackage(trx, e.item, e.status, e.actorName, e.at, e.note))
    .on('recallRequested', (trx, _ctx, e) => queueRecallPackages(trx, e.documentId, e.items, e.reason, e.actorName, e.at));
}
