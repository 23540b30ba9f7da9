import type { TransactionHooks } from '../hooks.js';
import { ensureIncompleteProfile } from './repo.js';

/**
 * An enterprise added to the directory by any path (the organisation screen, the API, a CSV
 * import) gets its survey profile in the same transaction, as one registered on the
 * enterprises screen does: incomplete until its tax code, sector and commune are given, so it
 * is listed among the surveyed enterprises and asked by the first period opened after that.
 */
export function registerSurveyHooks(hooks: TransactionHooks): TransactionHooks {
  return hooks.on('organizationCreated', async (trx, _ctx, e) => {
    if (e.kind === 'enterprise') await ensureIncompleteProfile(trx, e.orgId, e.at);
  });
}
