/** Drafting and approval (trình ký): nothing is used by other modules but the hook. */
export { registerDraftingHooks } from './hooks.js';
