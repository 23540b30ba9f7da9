import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/server/config.js';
import { buildApp, createContext } from '../../src/server/app.js';
import { loadDemo } from '../../src/demo/load.js';
import type { AppContext } from '../../src/modules/context.js';
import { freshDatabase, type TestDatabase } from './db.js';

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

export async function startServer(opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const db = await freshDatabase();
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', LOG_LEVEL: 'silent', ...opts.env });
  const clock = { now: new Date() };
  const ctx = await createContext(config, () => clock.now);
  if (opts.demo !== false) await loadDemo(ctx);
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
