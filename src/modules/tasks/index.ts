/** What other modules may use of the tasks module. */
export { taskIndicators } from './indicators.js';
