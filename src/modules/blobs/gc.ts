import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Executor } from '../../db/connect.js';

/**
 * Every row that names a stored file, by the file's SHA-256: the `blobs` rows (attachments
 * and portal forms refer to them), raw inbound mails, edXML packages kept whole, and the
 * files an edXML package kept as text refers to (domain/edxml/stored.ts).
 */
const REFERENCE = /\uFFFF([0-9a-f]{64})\uFFFF/g;
const PAGE = 1000;

export async function referencedFiles(db: Executor): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  const add = (sha: string, what: string) => {
    if (!refs.has(sha)) refs.set(sha, what);
  };
  for (const r of await db.selectFrom('attachments').select(['id', 'document_id', 'sha256']).execute()) add(r.sha256, `attachments #${r.id} (document ${r.document_id})`);
  for (const r of await db.selectFrom('forms').select(['id', 'sha256']).execute()) add(r.sha256, `forms #${r.id}`);
  for (const r of await db.selectFrom('security_incident_files').select(['id', 'incident_id', 'sha256']).execute()) add(r.sha256, `security_incident_files #${r.id} (incident ${r.incident_id})`);
  for (const r of await db.selectFrom('blobs').select('sha256').execute()) add(r.sha256, 'blobs');
  for (const r of await db.selectFrom('mail_inbound').select(['id', 'raw_sha256']).execute()) add(r.raw_sha256, `mail_inbound #${r.id} (raw message)`);
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('edxml_packages').select(['id', 'package_sha256', 'body']).where('id', '>', after).orderBy('id').limit(PAGE).execute();
    for (const r of rows) {
      if (r.body === null) add(r.package_sha256, `edxml_packages #${r.id} (package)`);
      else for (const m of r.body.matchAll(REFERENCE)) add(m[1]!, `edxml_packages #${r.id} (attachment)`);
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  return refs;
}

interface StoredFile {
  sha256: string | null;
  file: string;
  mtimeMs: number;
  size: number;
}

/** Every file under the store: stored files (named by hash), files being written (`*.tmp`) and uploads (`tmp/`). */
async function storedFiles(root: string): Promise<StoredFile[]> {
  let entries;
  try {
    entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: StoredFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const st = await fs.stat(file).catch(() => null);
    if (!st) continue;
    out.push({ sha256: /^[0-9a-f]{64}$/.test(entry.name) ? entry.name : null, file, mtimeMs: st.mtimeMs, size: st.size });
  }
  return out;
}

export interface GcResult {
  removed: { file: string; size: number }[];
  kept: number;
}

/**
 * Removes stored files no row names, and leftovers of writes and uploads cut off, once they
 * are older than the grace period — safe while servers run:
 * - the files are listed before the rows are read, so a row committed in between is seen;
 * - a file written (or, already there, touched by the file thread) for a row not yet
 *   committed is newer than the grace period, and left alone;
 * - just before removal the file is moved aside and its time read again: a store that
 *   touched it in between finds it fresh and it is put back, one that comes after finds it
 *   gone and writes it again.
 */
export async function collectGarbage(ctx: AppContext, graceMs: number): Promise<GcResult> {
  const root = ctx.blobs.root;
  const files = await storedFiles(root);
  const refs = await referencedFiles(ctx.db.kysely);
  const oldBefore = ctx.now().getTime() - graceMs;
  const result: GcResult = { removed: [], kept: 0 };
  for (const f of files) {
    if ((f.sha256 && refs.has(f.sha256)) || f.mtimeMs >= oldBefore) {
      result.kept++;
      continue;
    }
    if (!f.sha256) {
      // A write or an upload cut off long ago.
      await fs.rm(f.file, { force: true });
      result.removed.push({ file: path.relative(root, f.file), size: f.size });
      continue;
    }
    const aside = `${f.file}.gc`;
    try {
      await fs.rename(f.file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const st = await fs.stat(aside);
    if (st.mtimeMs >= oldBefore) {
      await fs.rename(aside, f.file);
      result.kept++;
      continue;
    }
    await fs.rm(aside, { force: true });
    result.removed.push({ file: path.relative(root, f.file), size: f.size });
  }
  return result;
}

export interface BlobProblem {
  sha256: string;
  problem: 'missing' | 'corrupt';
  /** The row that names the file. */
  referencedBy: string;
}

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every file a row names: present, and its content still has its hash. */
export async function checkBlobs(ctx: AppContext): Promise<{ checked: number; problems: BlobProblem[] }> {
  const refs = await referencedFiles(ctx.db.kysely);
  const problems: BlobProblem[] = [];
  for (const [sha256, referencedBy] of refs) {
    let actual: string;
    try {
      actual = await hashFile(ctx.blobs.path(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      problems.push({ sha256, problem: 'missing', referencedBy });
      continue;
    }
    if (actual !== sha256) problems.push({ sha256, problem: 'corrupt', referencedBy });
  }
  return { checked: refs.size, problems };
}

/**
 * The collector in the server: every `everyMs`, the process that takes the lease (moving
 * its time on by the interval) runs it; the others find it taken.
 */
export function startBlobCollector(ctx: AppContext, everyMs: number, graceMs: number, log: (line: string) => void = () => {}): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  async function tick() {
    const now = ctx.now();
    const claimed = await ctx.db.kysely
      .updateTable('background_leases')
      .set({ until: new Date(now.getTime() + everyMs).toISOString() })
      .where('name', '=', 'blobs.gc')
      .where('until', '<=', now.toISOString())
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const r = await collectGarbage(ctx, graceMs);
    const line = `blobs gc: removed ${r.removed.length} (${r.removed.reduce((n, f) => n + f.size, 0)} bytes), kept ${r.kept}`;
    await ctx.db.kysely.updateTable('background_leases').set({ last_result: line }).where('name', '=', 'blobs.gc').execute();
    if (r.removed.length) log(line);
  }
  const pass = () => {
    if (running) return;
    running = tick()
      .catch(() => {
        /* database unreachable for a moment: the next pass tries again */
      })
      .finally(() => (running = null));
  };
  // A first look soon after the start (a process restarted often still collects), then every minute at most.
  const first = setTimeout(pass, 5000);
  const timer = setInterval(pass, Math.min(everyMs, 60_000));
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
