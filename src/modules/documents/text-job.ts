import type { AppContext } from '../context.js';
import { detectFileKind } from '../../domain/file-kinds.js';
import { buildContentText, cleanFileText, TEXT_LIMITS, textReading } from '../../domain/file-text.js';
import { readFileText } from './text-thread.js';
import { leaseOwnerId } from '../../jobs/lease.js';

/**
 * The text job: documents queued in `text_jobs` (a trigger queues the document of every new
 * attachment, migration 016) get the text of their files read on the text thread, kept once
 * per content in `file_texts`, and their folded words written to `documents.content_text`,
 * which the full-text index takes up. Claimed with a lease like the outbox: every process
 * may run it, a killed one's documents are taken again when the lease expires, and a file
 * that came while its document was being read (a new generation) has it read again.
 */

const LEASE_MS = 5 * 60_000;
const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 3_600_000;

type Job = { document_id: number; generation: number; attempts: number };

async function claim(ctx: AppContext, owner: string): Promise<Job | undefined> {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const pg = ctx.db.dialect === 'postgres';
  return ctx.db.kysely
    .updateTable('text_jobs')
    .set({ lease_owner: owner, lease_until: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where('document_id', 'in', (eb) => {
      const due = eb
        .selectFrom('text_jobs')
        .select('document_id')
        .where('due_at', '<=', nowIso)
        .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', nowIso)]))
        .orderBy('due_at')
        .orderBy('document_id')
        .limit(1);
      return pg ? due.forUpdate().skipLocked() : due;
    })
    .returning(['document_id', 'generation', 'attempts'])
    .executeTakeFirst();
}

/** Reads the text of one stored file (by its content) unless it was read before. */
async function readOnce(ctx: AppContext, sha256: string, size: number) {
  const db = ctx.db.kysely;
  if (await db.selectFrom('file_texts').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) return;
  const at = ctx.now().toISOString();
  let row: { state: 'text' | 'none' | 'unsupported' | 'failed'; text: string | null; pages: number | null; reason: string | null };
  if (size > TEXT_LIMITS.maxFileBytes) row = { state: 'failed', text: null, pages: null, reason: `larger than ${TEXT_LIMITS.maxFileBytes / 1048576} MB` };
  else {
    const bytes = await ctx.blobs.read(sha256);
    const how = textReading(detectFileKind(bytes));
    if (how === 'none' || how === 'unsupported') row = { state: how, text: null, pages: null, reason: null };
    else {
      try {
        const out = await readFileText(how, bytes);
        const text = cleanFileText(out.text);
        // A PDF without a text layer is a scan.
        row = text ? { state: 'text', text, pages: out.pages, reason: null } : { state: 'none', text: null, pages: out.pages, reason: null };
      } catch (e) {
        row = { state: 'failed', text: null, pages: null, reason: String((e as Error).message ?? e).slice(0, 300) };
      }
    }
  }
  await db
    .insertInto('file_texts')
    .values({ sha256, ...row, chars: row.text?.length ?? 0, extracted_at: at })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

async function handle(ctx: AppContext, owner: string, job: Job) {
  const db = ctx.db.kysely;
  const files = await db.selectFrom('attachments').select(['sha256', 'size']).where('document_id', '=', job.document_id).orderBy('id').execute();
  for (const f of files) {
    await readOnce(ctx, f.sha256, f.size);
    await db.updateTable('text_jobs').set({ lease_until: new Date(ctx.now().getTime() + LEASE_MS).toISOString() }).where('document_id', '=', job.document_id).where('lease_owner', '=', owner).execute();
  }
  const texts = files.length
    ? await db.selectFrom('attachments as a').innerJoin('file_texts as t', 't.sha256', 'a.sha256').select('t.text').where('a.document_id', '=', job.document_id).where('t.state', '=', 'text').orderBy('a.id').execute()
    : [];
  const content = buildContentText(texts.map((t) => t.text ?? ''));
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('documents').set({ content_text: content }).where('id', '=', job.document_id).where('content_text', '<>', content).execute();
    const done = await trx.deleteFrom('text_jobs').where('document_id', '=', job.document_id).where('generation', '=', job.generation).executeTakeFirst();
    // Another file came meanwhile: read again.
    if (Number(done.numDeletedRows) === 0) await trx.updateTable('text_jobs').set({ lease_owner: null, lease_until: null }).where('document_id', '=', job.document_id).where('lease_owner', '=', owner).execute();
  });
}

async function failed(ctx: AppContext, owner: string, job: Job, e: unknown) {
  const attempts = job.attempts + 1;
  const due = new Date(ctx.now().getTime() + Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempts - 1))).toISOString();
  await ctx.db.kysely
    .updateTable('text_jobs')
    .set({ attempts, due_at: due, lease_owner: null, lease_until: null, last_error: String((e as Error)?.message ?? e).slice(0, 300) })
    .where('document_id', '=', job.document_id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Reads every due document's files; resolves when none is due. */
export async function drainTextJobs(ctx: AppContext, owner = leaseOwnerId(), isStopped = () => false): Promise<number> {
  let n = 0;
  while (!isStopped()) {
    const job = await claim(ctx, owner);
    if (!job) return n;
    try {
      await handle(ctx, owner, job);
    } catch (e) {
      // The stored file or the database was unreachable for a moment: later.
      await failed(ctx, owner, job, e).catch(() => {});
    }
    n++;
  }
  return n;
}

export function startTextWorker(ctx: AppContext) {
  const owner = leaseOwnerId();
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const kick = () => {
    if (stopped || running) return;
    running = drainTextJobs(ctx, owner, () => stopped)
      .catch(() => {})
      .finally(() => (running = null));
  };
  const timer = setInterval(kick, ctx.config.textPollMs);
  timer.unref();
  kick();
  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.race([running, new Promise((r) => setTimeout(r, 5000).unref())]);
    },
  };
}
