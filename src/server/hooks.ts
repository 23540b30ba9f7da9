import { TransactionHooks } from '../modules/hooks.js';
import { registerMailHooks } from '../modules/mail/hooks.js';
import { registerInteropHooks } from '../modules/interop/hooks.js';
import { wireIndicators } from './indicators.js';
import { registerSignatureHooks } from '../modules/signatures/hooks.js';
import { registerDraftingHooks } from '../modules/drafting/hooks.js';
import { registerSurveyHooks } from '../modules/surveys/hooks.js';

/**
 * Who does what inside the document flow's transactions, for every context the server, the
 * command line, the bench and the tests build. Mail first: a dispatch queues its mails, then
 * the packages for peer nodes, as before the registry.
 */
export function wireHooks(): TransactionHooks {
  wireIndicators();
  // Signatures before mail and peers: the file sent is the signed one.
  return registerSurveyHooks(registerDraftingHooks(registerInteropHooks(registerMailHooks(registerSignatureHooks(new TransactionHooks())))));
}
