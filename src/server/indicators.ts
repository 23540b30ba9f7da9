import { documentIndicators } from '../modules/documents/index.js';
import { mailIndicators } from '../modules/mail/index.js';
import { planIndicators } from '../modules/plans/index.js';
import { portalIndicators } from '../modules/portal/index.js';
import { projectIndicators } from '../modules/projects/index.js';
import { securityIndicators } from '../modules/security/index.js';
import { surveyIndicators } from '../modules/surveys/index.js';
import { taskIndicators } from '../modules/tasks/index.js';
import { registerIndicatorProviders } from '../modules/monitoring/index.js';

/**
 * The automatic indicators of monthly monitoring: each module exports its providers, and
 * they are registered here with one call each (plans, projects, security, enterprises add
 * their line as they land). Run by wireHooks for every context the server, CLI, bench and
 * tests build.
 */
export function wireIndicators(): void {
  registerIndicatorProviders(...documentIndicators);
  registerIndicatorProviders(...mailIndicators);
  registerIndicatorProviders(...portalIndicators);
  registerIndicatorProviders(...taskIndicators);
  registerIndicatorProviders(...planIndicators);
  registerIndicatorProviders(...securityIndicators);
  registerIndicatorProviders(...surveyIndicators);
  registerIndicatorProviders(...projectIndicators);
}
