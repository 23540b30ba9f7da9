import { Worker } from 'node:worker_threads';
import { decodedSize } from '../../domain/base64.js';

/**
 * One worker thread per process that hashes, decodes and writes files. A file of megabytes
 * handed to the thread pool piece by piece (a WebCrypto digest, then access, mkdir, open,
 * write, close and rename) costs the thread that serves requests a wake-up of another
 * thread for each piece, and on a virtual machine each wake-up costs more than hashing a
 * megabyte would; here the bytes cross once and the work is done in plain synchronous calls.
 *
 * The bytes cross in buffers that come back with the answer and are used again (`pool`):
 * megabytes allocated for each file, on either side, would make the collector of this
 * thread run a full mark-compact every few dozen megabytes, and the file thread — which
 * allocates almost nothing else — keep tens of megabytes of dead buffers.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { createHash, randomBytes } = require('node:crypto');
// The 65,536 folders of a store are made once each; remembering them saves a system call per file.
const made = new Set();
function store(root, bytes, known) {
  const h = known || createHash('sha256').update(bytes).digest('hex');
  const target = path.join(root, h.slice(0, 2), h.slice(2, 4), h);
  if (fs.existsSync(target)) return h;
  const dir = path.dirname(target);
  const tmp = target + '.' + randomBytes(6).toString('hex') + '.tmp';
  if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(tmp, bytes);
  } catch (e) {
    // The folder went away since (a restore): make it again.
    if (e.code !== 'ENOENT') throw e;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, bytes);
  }
  made.add(dir);
  fs.renameSync(tmp, target);
  return h;
}
// Canonical base64 (edXML attachments) decoded in slices: no string of megabytes is made.
const SLICE = 64 * 1024;
function decodeInto(run, out) {
  let at = 0;
  for (let i = 0; i < run.length; i += SLICE) at += out.write(run.subarray(i, i + SLICE).toString('latin1'), at, 'base64');
  return at;
}
function runs(m) {
  const bytes = Buffer.from(m.buffer, 0, m.length);
  let digest = null;
  if (m.algorithm) {
    const h = createHash(m.algorithm);
    for (const [start, end] of m.segments) h.update(bytes.subarray(start, end));
    digest = h.digest('base64');
  }
  const decoded = m.decode.map(([segment, index, out]) => {
    const [start, end] = m.segments[segment];
    const length = decodeInto(bytes.subarray(start, end), Buffer.from(out));
    return { index, length, sha256: createHash('sha256').update(Buffer.from(out, 0, length)).digest('hex'), buffer: out };
  });
  return { value: digest, decoded };
}
parentPort.on('message', (m) => {
  // Every buffer that came goes back with the answer, to be used again.
  const back = m.op === 'runs' ? [m.buffer, ...m.decode.map((d) => d[2])] : [m.buffer];
  try {
    if (m.op === 'runs') {
      const { value, decoded } = runs(m);
      parentPort.postMessage({ id: m.id, value, decoded, back: [m.buffer] }, back);
      return;
    }
    const value = store(m.root, Buffer.from(m.buffer, 0, m.length), m.known);
    parentPort.postMessage({ id: m.id, value, back }, back);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: String(e && e.message), code: e && e.code }, back }, back);
  }
});
`;

/** Buffers that crossed and came back, by size (powers of two), kept up to POOL_BYTES. */
const POOL_BYTES = 8 * 1048576;
const MIN_BUFFER = 64 * 1024;
const free = new Map<number, ArrayBuffer[]>();
let pooled = 0;

const sizeFor = (n: number) => Math.max(MIN_BUFFER, 2 ** Math.ceil(Math.log2(Math.max(1, n))));

function take(n: number): ArrayBuffer {
  // Larger than the pool ever keeps: exactly its size, not the next power of two.
  if (n > POOL_BYTES) return new ArrayBuffer(n);
  const list = free.get(sizeFor(n));
  const ab = list?.pop();
  if (ab) {
    pooled -= ab.byteLength;
    return ab;
  }
  return new ArrayBuffer(sizeFor(n));
}

function give(ab: ArrayBuffer) {
  const size = ab.byteLength;
  if (size === 0 || size !== sizeFor(size) || pooled + size > POOL_BYTES) return;
  let list = free.get(size);
  if (!list) free.set(size, (list = []));
  list.push(ab);
  pooled += size;
}

type Reply = { value: string | null; back?: ArrayBuffer[]; decoded?: { index: number; length: number; sha256: string; buffer: ArrayBuffer }[] };
type Pending = { resolve: (v: Reply) => void; reject: (e: Error) => void };
let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

function failAll(e: Error) {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
  worker = null;
}

function thread(): Worker {
  if (worker) return worker;
  // Its young objects are the slices of base64 being decoded, dead at once: a small young
  // generation is collected often and cheaply instead of holding megabytes of them.
  // No options of the process (`--input-type=module` would make this code a module).
  const w = new Worker(WORKER, { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  w.on('message', (m: Reply & { id: number; error?: { message: string; code?: string } }) => {
    for (const ab of m.back ?? []) give(ab);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    // Idle, the thread must not keep the process alive; busy, it must (a command waiting on it).
    if (!pending.size) w.unref();
    if (m.error) p.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
    else p.resolve(m);
  });
  w.on('error', (e) => failAll(e));
  w.on('exit', (code) => {
    if (worker === w) failAll(new Error(`the file thread stopped (exit code ${code})`));
  });
  w.unref();
  return (worker = w);
}

function run(message: Record<string, unknown>, transfer: ArrayBuffer[]): Promise<Reply> {
  const w = thread();
  const id = nextId++;
  return new Promise<Reply>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ ...message, id }, transfer);
  });
}

/** Buffers of the pool lent out as decoded files: nothing else is in them. */
const lent = new WeakSet<ArrayBuffer>();

/**
 * Bytes handed over that are the whole of their buffer (an upload), or a decoded file in a
 * buffer of the pool: they cross as they are. Any other buffer may hold more (a slice of
 * something larger), so its bytes are copied.
 */
const ownBuffer = (bytes: Uint8Array) => bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && (bytes.buffer.byteLength === bytes.byteLength || lent.has(bytes.buffer));

/**
 * Hashes (SHA-256, unless `known`) and stores the bytes under `root` by their hash. The
 * caller's buffer is left as it was, unless it hands it over (it never reads it again).
 */
export async function storeOnThread(root: string, bytes: Uint8Array, known?: string, handOver = false): Promise<string> {
  let buffer: ArrayBuffer;
  if (handOver && ownBuffer(bytes)) buffer = bytes.buffer as ArrayBuffer;
  else {
    buffer = take(bytes.byteLength);
    new Uint8Array(buffer, 0, bytes.byteLength).set(bytes);
  }
  return (await run({ op: 'store', root, known: known ?? null, buffer, length: bytes.byteLength }, [buffer])).value!;
}

/** A file decoded from canonical base64 on the thread, with its SHA-256 (hex). */
export interface DecodedRun {
  bytes: Buffer;
  sha256: string;
}

/**
 * The digest of `parts` joined (base64 of the raw digest), and — on the way — the parts
 * that are the base64 runs of `runs` named in `wanted` (the same buffers) decoded and
 * hashed: the edXML reference digest and the package's files in one trip to the thread.
 * Without `algorithm`, only the runs. Base64 that is not canonical decodes shorter: the
 * caller compares the length.
 */
export async function digestAndDecode(algorithm: 'sha1' | 'sha256' | 'sha512' | null, parts: (string | Buffer)[], runs: readonly Buffer[], wanted: ReadonlySet<number>): Promise<{ digest: string | null; decoded: Map<number, DecodedRun> }> {
  const lengths = parts.map((p) => (typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.byteLength));
  const length = lengths.reduce((a, b) => a + b, 0);
  const buffer = take(length);
  const joined = Buffer.from(buffer, 0, length);
  const segments: [number, number][] = [];
  const decode: [number, number, ArrayBuffer][] = [];
  let at = 0;
  parts.forEach((part, i) => {
    if (typeof part === 'string') joined.write(part, at, 'utf8');
    else {
      part.copy(joined, at);
      const index = runs.indexOf(part);
      if (index >= 0 && wanted.has(index)) decode.push([i, index, take(decodedSize(part))]);
    }
    segments.push([at, at + lengths[i]!]);
    at += lengths[i]!;
  });
  const reply = await run({ op: 'runs', algorithm, buffer, length, segments, decode }, [buffer, ...decode.map((d) => d[2])]);
  for (const d of reply.decoded ?? []) lent.add(d.buffer);
  const decoded = new Map((reply.decoded ?? []).map((d) => [d.index, { bytes: Buffer.from(d.buffer, 0, d.length), sha256: d.sha256 }]));
  return { digest: reply.value, decoded };
}
