import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/**
 * A database for one test file: a temporary SQLite folder by default, or a new PostgreSQL
 * database on the server of DATABASE_URL when that is set. Empty, or a copy of a template
 * (the demo province, loaded once per run by test/helpers/global-setup.ts).
 */
export interface TestDatabase {
  dataDir: string;
  databaseUrl: string | null;
  drop(): Promise<void>;
}

/** A database to copy: its data folder (SQLite file, stored files, secrets key) and, on PostgreSQL, its name. */
export interface DatabaseTemplate {
  dataDir: string;
  databaseUrl: string | null;
}

export async function freshDatabase(template: DatabaseTemplate | null = null): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-test-'));
  // The template's SQLite file was checkpointed before it was closed: the copy is whole
  // without its -wal. On PostgreSQL the folder holds the stored files and the secrets key.
  if (template) fs.cpSync(template.dataDir, dataDir, { recursive: true, filter: (src) => !/-(wal|shm)$/.test(src) });
  const base = process.env.DATABASE_URL;
  if (!base) {
    return { dataDir, databaseUrl: null, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `lt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${databaseName(template.databaseUrl!)}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const databaseName = (url: string) => new URL(url).pathname.slice(1);

export const onPostgres = () => !!process.env.DATABASE_URL;

/**
 * The run's migrated database with the demo province (test/helpers/global-setup.ts), to copy
 * with `freshDatabase(demoTemplate())` — also for a file that starts its own server process.
 */
export function demoTemplate(): DatabaseTemplate | null {
  try {
    return inject('demoTemplate') ?? null;
  } catch {
    return null; // outside vitest (a script timing the helpers): load the demo
  }
}
