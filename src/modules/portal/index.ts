/** What other modules may use of the portal module. */
export { portalIndicators } from './indicators.js';
export { agencyHead } from './directory-read.js';
export { portalCssHref } from './public-routes.js';
export { layout, date, type Site } from './layout.js';
export { html, type Html } from './html.js';
