import fs from 'node:fs/promises';
import path from 'node:path';
import { spawn } from 'node:child_process';
import SQLite from 'better-sqlite3';
import type { AppContext } from '../modules/context.js';

/** What a finished backup is named; a backup in progress (or killed) is `.lienthong-….partial`. */
export const BACKUP_PREFIX = 'lienthong-';

/**
 * A consistent copy of the database, then of the stored files, into a dated folder.
 *
 * SQLite: `VACUUM INTO` reads the whole database in one read transaction (WAL lets the
 * server keep writing meanwhile) and writes a compact copy — one pass, whatever the write
 * rate. The online backup API copied in small steps and started again after every write of
 * the server: under steady writes it never finished. PostgreSQL: pg_dump, one snapshot.
 *
 * Stored files are immutable and named by hash: copied after the database snapshot, they
 * can only add files no row refers to yet — never miss one.
 *
 * Everything is written into `.lienthong-<time>.partial` and renamed to `lienthong-<time>`
 * once complete: a backup killed half-way never leaves a folder that looks like a good one.
 */
export async function backup(ctx: AppContext, targetRoot: string): Promise<string> {
  const stamp = ctx.now().toISOString().replace(/[:.]/g, '-');
  const root = path.resolve(targetRoot);
  const dir = path.join(root, `${BACKUP_PREFIX}${stamp}`);
  const partial = path.join(root, `.${BACKUP_PREFIX}${stamp}.partial`);
  await fs.mkdir(partial, { recursive: true });
  try {
    if (ctx.db.sqlitePath) copySqlite(ctx.db.sqlitePath, path.join(partial, 'lienthong.sqlite'));
    else await pgDump(ctx.config.databaseUrl!, path.join(partial, 'lienthong.pgdump'));
    await copyBlobs(ctx.blobs.root, path.join(partial, 'blobs'));
    await fs.rename(partial, dir);
  } catch (e) {
    await fs.rm(partial, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

function copySqlite(source: string, target: string) {
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    // A writer holding the lock for a moment must not fail the backup.
    db.pragma('busy_timeout = 30000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}

function pgDump(databaseUrl: string, file: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const p = spawn('pg_dump', ['--format=custom', `--file=${file}`, databaseUrl], { stdio: 'inherit' });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump exited with ${code}`))));
  });
}

/**
 * The stored files (`xx/yy/<sha256>`), without uploads in progress (`tmp/`) and files being
 * written (`*.tmp`). A file gone meanwhile was an orphan the collector removed: skipped.
 */
async function copyBlobs(from: string, to: string) {
  let entries;
  try {
    entries = await fs.readdir(from, { recursive: true, withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const made = new Set<string>();
  for (const entry of entries) {
    if (!entry.isFile() || !/^[0-9a-f]{64}$/.test(entry.name)) continue;
    const rel = path.relative(from, path.join(entry.parentPath, entry.name));
    const target = path.join(to, rel);
    const folder = path.dirname(target);
    if (!made.has(folder)) await fs.mkdir(folder, { recursive: true });
    made.add(folder);
    await fs.copyFile(path.join(from, rel), target).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
}
