/**
 * Writes the OpenAPI document (what /api/openapi.json serves) without a running server:
 * the app is built on a temporary empty SQLite data directory and asked for its document.
 *
 *   node --import tsx scripts/openapi.ts [out.json]     (default: dist/openapi.json)
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/server/config.js';
import { buildApp, createContext } from '../src/server/app.js';

export async function openapiDocument(): Promise<unknown> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lienthong-openapi-'));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    const ctx = await createContext(loadConfig(env));
    const app = await buildApp(ctx);
    try {
      await app.ready();
      return app.swagger();
    } finally {
      await app.close();
      await ctx.db.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/openapi.ts')) {
  const out = path.resolve(process.argv[2] ?? 'dist/openapi.json');
  const doc = await openapiDocument();
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`OpenAPI document written to ${path.relative(process.cwd(), out)}`);
}
