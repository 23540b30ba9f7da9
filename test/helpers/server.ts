import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/server/config.js';
import { buildApp, createContext } from '../../src/server/app.js';
import { loadDemo } from '../../src/demo/load.js';
import type { AppContext } from '../../src/modules/context.js';
import { demoTemplate, freshDatabase, type TestDatabase } from './db.js';

/** A real server on a loopback port, over a fresh database, with a clock tests can move. */
export interface TestServer {
  url: string;
  ctx: AppContext;
  app: FastifyInstance;
  db: TestDatabase;
  clock: { now: Date };
  ids: Map<string, number>;
  close(): Promise<void>;
}

/** Settings that change what the demo loader writes (mail states and links, sealed secrets): with one of them the demo is loaded afresh. */
const SHAPES_DEMO = new Set(['SMTP_URL', 'PUBLIC_URL', 'MAIL_DOMAINS', 'MAIL_FROM', 'SECRETS_KEY', 'SECRETS_KEY_FILE']);

/**
 * `demo: false` starts on an empty, migrated database; otherwise the demo province is there,
 * copied from the run's template when the settings allow — or when the file says the demo's
 * own mail states do not matter to it (`demoAsTemplate`: loading the province costs ≈ 15 s of CPU).
 */
export async function startServer(opts: { demo?: boolean; env?: Record<string, string>; demoAsTemplate?: boolean } = {}): Promise<TestServer> {
  const template = opts.demo !== false && (opts.demoAsTemplate || !Object.keys(opts.env ?? {}).some((k) => SHAPES_DEMO.has(k))) ? demoTemplate() : null;
  const db = await freshDatabase(template);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', LOG_LEVEL: 'silent', ...opts.env });
  const clock = { now: new Date() };
  const ctx = await createContext(config, () => clock.now);
  if (opts.demo !== false && !template) await loadDemo(ctx);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const orgs = await ctx.db.kysely.selectFrom('organizations').select(['id', 'email', 'code', 'short_name']).execute();
  // Demo organisations by the key of their mailbox (ubnd, skhcn, stc, tranbien …).
  const ids = new Map(orgs.filter((o) => o.email).map((o) => [o.email!.split('@')[0]!, o.id]));
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    app,
    db,
    clock,
    ids,
    async close() {
      await app.close();
      await ctx.db.close();
      await db.drop();
    },
  };
}
