import type { TransactionHooks } from '../hooks.js';
import { markIssued } from './service.js';

/** A draft under approval is issued when the clerk issues its document. */
export function registerDraftingHooks(hooks: TransactionHooks): TransactionHooks {
  // Needs no number: done before the register's counter is locked.
  return hooks.on('preparing', (trx, _ctx, e) => markIssued(trx, e));
}
