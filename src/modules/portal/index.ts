/** What other modules may use of the portal module. */
export { portalIndicators } from './indicators.js';
