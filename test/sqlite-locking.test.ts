import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDb } from '../src/db/connect.js';

// The embedded database only: PostgreSQL has row locks.
describe.skipIf(Boolean(process.env.DATABASE_URL))('SQLite shared by two processes (the server and the command line)', () => {
  it('a transaction that reads, then writes, after another process wrote meanwhile waits its turn instead of failing with "database is locked"', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-lock-'));
    const db = openDb({ databaseUrl: null, dataDir: dir });
    try {
      await sql`CREATE TABLE t (x INTEGER)`.execute(db.kysely);
      const file = path.join(dir, 'lienthong.sqlite');
      let other: Promise<number> | null = null;
      await db.kysely.transaction().execute(async (trx) => {
        await sql`SELECT count(*) AS n FROM t`.execute(trx);
        // Another process writes while this transaction is open.
        const child = spawn(process.execPath, ['-e', `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(file)}); d.pragma('busy_timeout = 10000'); d.prepare('INSERT INTO t VALUES (2)').run();`], { cwd: path.resolve(__dirname, '..'), stdio: 'ignore' });
        other = new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
        await new Promise((r) => setTimeout(r, 700));
        await sql`INSERT INTO t VALUES (1)`.execute(trx);
      });
      expect(await other!).toBe(0);
      const rows = await sql<{ x: number }>`SELECT x FROM t ORDER BY rowid`.execute(db.kysely);
      // The other process waited for this transaction to commit.
      expect(rows.rows.map((r) => r.x)).toEqual([1, 2]);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
