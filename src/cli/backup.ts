import fs from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import SQLite from 'better-sqlite3';
import type { AppContext } from '../modules/context.js';

/**
 * A consistent copy: the SQLite online backup API (or pg_dump for PostgreSQL) into a
 * dated folder, then the blobs. Blobs are immutable and named by hash, so copying them
 * after the database snapshot can only add files no row refers to yet — never miss one.
 */
export async function backup(ctx: AppContext, targetRoot: string): Promise<string> {
  const stamp = ctx.now().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(targetRoot, `lienthong-${stamp}`);
  await fs.mkdir(dir, { recursive: true });
  if (ctx.db.sqlitePath) {
    const src = new SQLite(ctx.db.sqlitePath, { readonly: true });
    try {
      await src.backup(path.join(dir, 'lienthong.sqlite'));
    } finally {
      src.close();
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      const p = spawn('pg_dump', ['--format=custom', `--file=${path.join(dir, 'lienthong.pgdump')}`, ctx.config.databaseUrl!], { stdio: 'inherit' });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump exited with ${code}`))));
    });
  }
  await fs.cp(ctx.blobs.root, path.join(dir, 'blobs'), { recursive: true, force: false, errorOnExist: false }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  return dir;
}
