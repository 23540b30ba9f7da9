import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import responseValidation from '@fastify/response-validation';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { Config } from './config.js';
import type { AppContext } from '../modules/context.js';
import { openDb } from '../db/connect.js';
import { migrateToLatest, migrationsCurrent } from '../db/migrate.js';
import { diskBlobStore } from '../modules/blobs/store.js';
import { prepareSecrets } from '../modules/secrets/stored.js';
import { installErrorHandler } from './errors.js';
import { wireHooks } from './hooks.js';
import { createLogger } from './logger.js';
import { installAuth } from './auth.js';
import { installInputGuard } from './input-guard.js';
import { forDocument } from './schemas.js';
import { authRoutes } from '../modules/auth/routes.js';
import { directoryRoutes } from '../modules/directory/routes.js';
import { documentRoutes } from '../modules/documents/routes.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { eventRoutes } from '../modules/events/routes.js';
import { mailRoutes } from '../modules/mail/routes.js';
import { edxmlRoutes } from '../modules/interop/routes.js';
import { federationRoutes } from '../modules/interop/federation/routes.js';
import { registerWebApp } from './static.js';
import { portalRoutes } from '../modules/portal/routes.js';
import { indicatorRoutes } from '../modules/indicators/routes.js';
import { taskRoutes } from '../modules/tasks/routes.js';
import { planRoutes } from '../modules/plans/routes.js';
import { legalRoutes } from '../modules/legal/routes.js';
import { legalPortal } from '../modules/legal/index.js';
import { securityRoutes } from '../modules/security/routes.js';
import { surveyRoutes } from '../modules/surveys/routes.js';
import { surveyPublicRoutes } from '../modules/surveys/public-routes.js';
import { monitoringRoutes } from '../modules/monitoring/routes.js';
import { monitoringPublicRoutes } from '../modules/monitoring/public-routes.js';
import { projectRoutes } from '../modules/projects/routes.js';
import { projectPublicRoutes } from '../modules/projects/public-routes.js';
import { projectSitemap } from '../modules/projects/index.js';
import { draftingRoutes } from '../modules/drafting/routes.js';
import { signatureRoutes } from '../modules/signatures/routes.js';

/** Opens the database, runs the migrations, seals what an older version left in clear and sets up file storage. */
export async function createContext(config: Config, now: () => Date = () => new Date(), log = createLogger(config)): Promise<AppContext> {
  const db = openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const secrets = await prepareSecrets(db.kysely, config, now);
  return { db, config, secrets, blobs: diskBlobStore(path.join(config.dataDir, 'blobs')), hooks: wireHooks(), log, now };
}

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    // Silent: no logger at all, not one that drops every line (a child logger per request costs).
    ...(ctx.config.logLevel === 'silent' ? { logger: false } : { loggerInstance: ctx.log as FastifyBaseLogger }),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  });
  installErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 10, parts: 12 } });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  await app.register(swagger, {
    // Uploads' bodies and file answers as the document shows them (schemas.ts, forDocument).
    transform: ({ schema, url }) => ({ schema: forDocument(schema as Record<string, unknown> | undefined) as typeof schema, url }),
    openapi: {
      openapi: '3.0.3',
      servers: [{ url: ctx.config.publicUrl, description: 'Máy chủ này (PUBLIC_URL)' }],
      info: { title: 'Liên Thông API', version: '1', description: 'Trao đổi văn bản điện tử giữa các cơ quan — electronic document exchange between agencies.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'lt_session', description: 'Cookie phiên; thay đổi cần header X-CSRF-Token' },
          bearer: { type: 'http', scheme: 'bearer', description: 'Khóa API: lienthong token create <username>' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installAuth(app, ctx);
  installInputGuard(app);
  // In tests every JSON response is checked against its route's response schema.
  if (ctx.config.validateResponses) await app.register(responseValidation, { ajv: { coerceTypes: false, allErrors: true, formats: { binary: true, pem: true } } });

  // A few fixed headers in one cheap hook (the portal's pages depend on its speed; helmet halved it).
  // HSTS only in production and only over TLS: the reverse proxy says so with X-Forwarded-Proto
  // (believed from TRUST_PROXY addresses); sent over plain http it would be ignored anyway.
  const hsts = ctx.config.isProduction;
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'SAMEORIGIN');
    if (hsts && req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });

  // The pid tells which of the WORKERS processes answered (a load balancer's or a test's check).
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', pid: process.pid }));
  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    try {
      const current = await migrationsCurrent(ctx.db);
      if (!current) return reply.status(503).send({ status: 'migrations pending' });
      return { status: 'ready', database: ctx.db.dialect };
    } catch (e) {
      // The database's own words (names, hosts) are for the log, not for anonymous callers.
      req.log.error({ err: e }, 'readyz: database unreachable');
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  authRoutes(api, ctx);
  directoryRoutes(api, ctx);
  documentRoutes(api, ctx);
  auditRoutes(api, ctx);
  eventRoutes(api, ctx);
  mailRoutes(api, ctx);
  edxmlRoutes(api, ctx);
  federationRoutes(api, ctx);
  indicatorRoutes(api, ctx);
  taskRoutes(api, ctx);
  planRoutes(api, ctx);
  legalRoutes(api, ctx);
  securityRoutes(api, ctx);
  surveyRoutes(api, ctx);
  surveyPublicRoutes(app, ctx);
  monitoringRoutes(api, ctx);
  monitoringPublicRoutes(app, ctx);
  draftingRoutes(api, ctx);
  signatureRoutes(api, ctx);
  await registerWebApp(app);
  portalRoutes(api, ctx, [legalPortal(ctx), (_portal, tools) => tools.sitemap(projectSitemap(ctx))]);
  projectRoutes(api, ctx);
  await app.register(async (pub) => projectPublicRoutes(pub, ctx));
  return app;
}
