/** What the assembly and other modules may use of monthly monitoring. */
export { registerIndicatorProviders, indicatorProviders } from './registry.js';
export { computeMonth } from './compute.js';
export { startMonitoringJob } from './job.js';
export { consolidatedPdf, consolidatedXlsx } from './consolidation.js';
export { currentMonth } from './periods.js';
export { queueMonitoringReminders } from './reminders.js';
