/** What other modules may use of the mail module (its hooks are wired in src/server/hooks.ts). */
export { mailIndicators } from './indicators.js';
