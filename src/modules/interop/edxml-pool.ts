import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PackageAttachment, PackageKind } from '../../domain/edxml/parse.js';
import { tooComplex } from '../../domain/edxml/errors.js';
import type { EdxmlLimits } from '../../domain/edxml/read.js';
import type { SignatureCheck } from '../../domain/edxml/signature.js';
import type { Group } from '../../domain/edxml/tree.js';
import { DomainError, type ErrorKind } from '../../domain/errors.js';

/**
 * One long-lived thread reads the edXML packages of the process (edxml-worker.ts), one at a
 * time, with its heap capped: a package that would need more memory stops that thread (it
 * is started again), never the server. Started on the first package.
 */

export type WorkerReply =
  | {
      id: number;
      ok: true;
      kind: PackageKind;
      tree: Group;
      header: Group;
      attachments: PackageAttachment[];
      check: SignatureCheck;
      skeleton: string;
      token: string;
      /** [start, end) of each run in the bytes sent. */
      runs: [number, number][];
      /** The SHA-256 of each attachment's bytes. */
      sha256: string[];
    }
  | { id: number; ok: false; error: { kind: ErrorKind; code: string; messageVi: string; messageEn: string; field?: string } }
  | { id: number; ok: false; failure: string };

export type PackageRead = Extract<WorkerReply, { ok: true }>;

interface Job {
  message: { id: number; bytes: Buffer; limits: EdxmlLimits };
  resolve(r: PackageRead): void;
  reject(e: Error): void;
}

const TIMEOUT_MS = 60_000;
/** The reading thread's heap: far more than the largest package allowed needs, far less than would hurt the server. */
const DEFAULT_HEAP_MB = 256;

let worker: Worker | null = null;
const jobs = new Map<number, Job>();
let nextId = 1;

const tooHeavy = () => tooComplex('đọc gói cần quá nhiều bộ nhớ hoặc thời gian.', 'reading it needs too much memory or time.');

function start(heapMb: number): Worker {
  // From the server bundle, the worker is the bundle's second file; from the sources, the
  // TypeScript file through tsx's loader (as bin/lienthong.js runs the CLI).
  const fromSources = import.meta.url.endsWith('.ts');
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 };
  const w = fromSources
    ? new Worker(
        `import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./edxml-worker.ts', import.meta.url).href)}); });`,
        { eval: true, resourceLimits },
      )
    : new Worker(new URL('./edxml-worker.mjs', import.meta.url), { resourceLimits });
  w.unref();
  // Out of memory (ERR_WORKER_OUT_OF_MEMORY), or stopped for taking too long: the package
  // being read (the first: one is read at a time) is refused, the others go to a new thread.
  let timedOut = false;
  const fail = (cause?: Error) => {
    if (worker !== w) return;
    worker = null;
    clearTimeout(timer);
    const [first] = jobs.values();
    if (!first) return;
    jobs.delete(first.message.id);
    const oom = (cause as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    first.reject(oom || timedOut || !cause ? tooHeavy() : cause);
    if (jobs.size) send(heapMb);
  };
  w.on('message', (r: WorkerReply) => {
    const job = jobs.get(r.id);
    if (!job) return;
    jobs.delete(r.id);
    watch();
    if (r.ok) job.resolve(r);
    else if ('error' in r) job.reject(new DomainError(r.error.kind, r.error.code, r.error.messageVi, r.error.messageEn, r.error.field));
    else job.reject(new Error(`edXML reader: ${r.failure}`));
  });
  w.on('error', fail);
  w.on('exit', () => fail());
  stopForTime = () => {
    timedOut = true;
    void w.terminate();
  };
  return w;
}

/** The first package waiting may take TIMEOUT_MS; then the thread is stopped. */
let timer: NodeJS.Timeout | undefined;
let stopForTime = () => {};
function watch() {
  clearTimeout(timer);
  if (!jobs.size) return;
  timer = setTimeout(stopForTime, TIMEOUT_MS);
  timer.unref();
}

/**
 * The bytes cross as one copy whose memory is handed over (a structured clone would make
 * a serialized copy here and another there), unless they are shared already.
 */
function post(w: Worker, m: Job['message']) {
  // Bytes in shared memory (a request body, xml-body.ts) are read there as they are.
  if (m.bytes.buffer instanceof SharedArrayBuffer) return w.postMessage(m);
  const copy = new Uint8Array(m.bytes.length);
  copy.set(m.bytes);
  w.postMessage({ ...m, bytes: copy }, [copy.buffer]);
}

/** (Re)starts the thread and hands it every package waiting. */
function send(heapMb: number) {
  const w = (worker = start(heapMb));
  for (const job of jobs.values()) post(w, job.message);
  watch();
}

/** Reads a package on the reading thread: the result, or the package's DomainError. */
export function readOnThread(bytes: Buffer, limits: EdxmlLimits, heapMb = DEFAULT_HEAP_MB): Promise<PackageRead> {
  const message = { id: nextId++, bytes, limits: { maxPackageBytes: limits.maxPackageBytes, maxAttachmentBytes: limits.maxAttachmentBytes } };
  return new Promise<PackageRead>((resolve, reject) => {
    jobs.set(message.id, { message, resolve, reject });
    if (!worker) send(heapMb);
    else {
      post(worker, message);
      if (jobs.size === 1) watch();
    }
  });
}

/** Buffers come back as plain Uint8Arrays: made Buffers again, in the tree and in the list alike. */
export function asBuffers(r: PackageRead): void {
  rebuffer(r.tree);
  for (const a of r.attachments) a.bytes = a.binary.bytes!;
}

function rebuffer(v: unknown): void {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return;
  if (Array.isArray(v)) {
    for (const x of v) rebuffer(x);
    return;
  }
  const o = v as { bytes?: unknown };
  if (o.bytes instanceof Uint8Array && !Buffer.isBuffer(o.bytes)) o.bytes = Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength);
  for (const x of Object.values(o)) rebuffer(x);
}

/** Stops the reading thread (tests, and the command line when done). */
export async function stopReader(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
