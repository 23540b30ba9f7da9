/**
 * What other modules may use of IT projects and budgets: the public reads (the portal's
 * pages and open data go through the same functions) and the province disbursement figures
 * (monitoring's DA.GIAINGAN indicator).
 */
export { listProjects, provinceDisbursement } from './queries.js';
export { publicProjects, publicProject, projectSitemap } from './public-read.js';
export { projectIndicators } from './indicators.js';
