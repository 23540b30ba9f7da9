import type { TransactionHooks } from '../hooks.js';
import { markIssued } from './service.js';

/** A draft under approval is issued when the clerk issues its document. */
export function registerDraftingHooks(hooks: TransactionHooks): TransactionHooks {
  return hooks.on('issuing', (trx, _ctx, e) => markIssued(trx, e));
}
