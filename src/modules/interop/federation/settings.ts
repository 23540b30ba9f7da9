import type { FederationSettings } from '../../../server/config.js';

// The settings themselves are read with the rest of the configuration (ctx.config.federation).
export { federationSettings, type FederationSettings } from '../../../server/config.js';

export const retryDelayMs = (s: FederationSettings, attempts: number) => Math.min(s.retryCapMs, s.retryBaseMs * 2 ** Math.max(0, attempts - 1));
