/** What other modules and the assembly may use of the legal module: its public portal page. */
export { legalPortal } from './portal-page.js';
