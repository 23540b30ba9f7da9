import type { Api } from '../../server/schemas.js';
import type { AppContext } from '../context.js';
import { PageCache } from './cache.js';
import { portalApiRoutes } from './api-routes.js';
import { publicPortal, type PortalExtension } from './public-routes.js';
import { portalFingerprint } from './fingerprint.js';

/**
 * The public portal at the site root and its back office API under /api/v1/portal. Any
 * successful change made through this server (portal, directory, documents) makes the
 * page cache look at the data's fingerprint before its next answer.
 */
export function portalRoutes(app: Api, ctx: AppContext, extensions: PortalExtension[] = []): void {
  const cache = new PageCache(portalFingerprint(ctx));
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) cache.markDirty();
  });
  portalApiRoutes(app, ctx);
  app.register(async (portal) => publicPortal(portal, ctx, cache, extensions));
}
