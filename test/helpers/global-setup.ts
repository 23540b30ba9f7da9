import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/server/config.js';
import { createContext } from '../../src/server/app.js';
import { loadDemo } from '../../src/demo/load.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type DatabaseTemplate } from './db.js';
import { buildServerBundle } from './bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated database with the demo province, which startServer copies for each test file. */
    demoTemplate: DatabaseTemplate;
  }
}

/**
 * Once per run: a migrated database with the demo province loaded. Each test file that wants
 * the demo gets its own copy (a file copy on SQLite, CREATE DATABASE … TEMPLATE on
 * PostgreSQL) instead of loading the province again. And the server bundle, built once.
 */
export default async function setup(project: TestProject) {
  // The server bundle the tests' own processes (`serve`, the CLI) run, in a folder of this run's own.
  const bundleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist', `test-run-${process.pid}`);
  project.provide('serverBundle', buildServerBundle(bundleDir));
  const db = await freshDatabase();
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', LOG_LEVEL: 'silent' });
  const ctx = await createContext(config);
  try {
    await loadDemo(ctx);
    // Everything into the main file, so that copying it alone is the whole database.
    if (ctx.db.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.db.kysely);
  } finally {
    // No connection may stay on a PostgreSQL template while it is copied.
    await ctx.db.close();
  }
  project.provide('demoTemplate', { dataDir: db.dataDir, databaseUrl: db.databaseUrl });
  return async () => {
    await db.drop();
    fs.rmSync(bundleDir, { recursive: true, force: true });
  };
}
