import type { TransactionHooks } from '../hooks.js';
import { prepareAtIssue, signAtIssue, verifyArrival } from './service.js';

/** The agency's signature at issue; verification of every PDF that arrives. */
export function registerSignatureHooks(hooks: TransactionHooks): TransactionHooks {
  return hooks
    .on('preparing', (trx, ctx, e) => prepareAtIssue(trx, ctx, e))
    .on('issuing', (trx, ctx, e) => signAtIssue(trx, ctx, e))
    .on('dispatched', (trx, ctx, e) => verifyArrival(trx, ctx, e))
    .on('arrived', (trx, ctx, e) => verifyArrival(trx, ctx, e));
}
