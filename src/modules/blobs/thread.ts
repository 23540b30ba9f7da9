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
function targetOf(root, h) {
  return path.join(root, h.slice(0, 2), h.slice(2, 4), h);
}
// A file already stored gets a fresh time: the collector (gc.ts) keeps files touched within
// its grace period, so a row about to name this file cannot lose it. Gone meanwhile: stored again.
function touched(target) {
  try {
    const now = new Date();
    fs.utimesSync(target, now, now);
    return true;
  } catch (e) {
    if (e.code === 'ENOENT') return false;
    throw e;
  }
}
function mkdirFor(dir) {
  if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
  made.add(dir);
}
// The directory entry of a rename is durable only once the directory itself is flushed.
function syncDir(dir) {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
// Into place under its hash, flushed: after a power loss a committed row never names a torn file.
function place(root, tmp, h) {
  const target = targetOf(root, h);
  if (touched(target)) {
    fs.rmSync(tmp, { force: true });
    return;
  }
  const dir = path.dirname(target);
  try {
    mkdirFor(dir);
    fs.renameSync(tmp, target);
  } catch (e) {
    // The folder went away since (a restore): make it again.
    if (e.code !== 'ENOENT') throw e;
    made.delete(dir);
    mkdirFor(dir);
    fs.renameSync(tmp, target);
  }
  syncDir(dir);
}
function writeSynced(file, bytes) {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
function store(root, bytes, known) {
  const h = known || createHash('sha256').update(bytes).digest('hex');
  const target = targetOf(root, h);
  if (touched(target)) return h;
  const dir = path.dirname(target);
  const tmp = target + '.' + randomBytes(6).toString('hex') + '.tmp';
  try {
    mkdirFor(dir);
    writeSynced(tmp, bytes);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    made.delete(dir);
    mkdirFor(dir);
    writeSynced(tmp, bytes);
  }
  place(root, tmp, h);
  return h;
}
// Uploads written as they arrive: a temporary file under root/tmp, hashed on the way, with the
// first bytes kept and the markers the content check looks for (file-kinds.ts) searched in every
// piece, across the seams, so the whole file is never in memory.
const streams = new Map();
const HEAD = 4096;
function openStream(m) {
  const dir = path.join(m.root, 'tmp');
  mkdirFor(dir);
  const file = path.join(dir, randomBytes(12).toString('hex') + '.upload');
  const markers = m.markers.map((x) => Buffer.from(x, 'latin1'));
  const overlap = Math.max(1, ...markers.map((x) => x.length)) - 1;
  streams.set(m.stream, { file, fd: fs.openSync(file, 'w'), hash: createHash('sha256'), size: 0, head: Buffer.alloc(0), markers, found: new Set(), tail: Buffer.alloc(0), overlap });
  return file;
}
function append(m) {
  const s = streams.get(m.stream);
  if (!s) throw new Error('no such upload');
  const bytes = Buffer.from(m.buffer, 0, m.length);
  fs.writeSync(s.fd, bytes);
  s.hash.update(bytes);
  s.size += bytes.length;
  if (s.head.length < HEAD) s.head = Buffer.concat([s.head, bytes.subarray(0, HEAD - s.head.length)]);
  if (s.found.size < s.markers.length) {
    const window = s.tail.length ? Buffer.concat([s.tail, bytes]) : bytes;
    s.markers.forEach((x, i) => {
      if (!s.found.has(i) && window.includes(x)) s.found.add(i);
    });
    s.tail = Buffer.from(window.subarray(Math.max(0, window.length - s.overlap)));
  }
  return null;
}
function finish(m) {
  const s = streams.get(m.stream);
  if (!s) throw new Error('no such upload');
  fs.fsyncSync(s.fd);
  fs.closeSync(s.fd);
  s.fd = null;
  s.sha256 = s.hash.digest('hex');
  return { sha256: s.sha256, size: s.size, head: s.head.toString('base64'), found: [...s.found] };
}
function commit(m) {
  const s = streams.get(m.stream);
  if (!s || !s.sha256) throw new Error('no such upload');
  streams.delete(m.stream);
  place(m.root, s.file, s.sha256);
  return s.sha256;
}
function discard(m) {
  const s = streams.get(m.stream);
  streams.delete(m.stream);
  if (!s) return null;
  if (s.fd !== null) fs.closeSync(s.fd);
  fs.rmSync(s.file, { force: true });
  return null;
}
const STREAM_OPS = { open: openStream, append, finish, commit, discard };
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
  const back = m.op === 'runs' ? [m.buffer, ...m.decode.map((d) => d[2])] : m.buffer ? [m.buffer] : [];
  try {
    if (m.op === 'runs') {
      const { value, decoded } = runs(m);
      parentPort.postMessage({ id: m.id, value, decoded, back: [m.buffer] }, back);
      return;
    }
    if (STREAM_OPS[m.op]) {
      const value = STREAM_OPS[m.op](m);
      const transfer = m.buffer ? back : [];
      parentPort.postMessage({ id: m.id, value, back: m.buffer ? back : [] }, transfer);
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

type Reply = { value: any; back?: ArrayBuffer[]; decoded?: { index: number; length: number; sha256: string; buffer: ArrayBuffer }[] };
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

/** An upload written to a temporary file on the file thread as it arrives. */
export interface StagedFile {
  sha256: string;
  size: number;
  /** The first bytes (up to 4 KB), for the content check. */
  head: Buffer;
  /** Which of the markers asked for occur anywhere in the file. */
  found: Set<string>;
  /** Moves the file into the store under its hash (flushed); answers the hash. */
  commit(): Promise<string>;
  /** Removes the temporary file (the upload was refused). */
  discard(): Promise<void>;
}

let nextStream = 1;

/** An error of the file thread (a full disk), told apart from one of the stream read. */
export const STORE_FAILED = Symbol('the file store failed');
const storeFailed = (e: Error): never => {
  throw Object.assign(e, { [STORE_FAILED]: true });
};

/**
 * Writes `chunks` to a temporary file under `root/tmp` on the file thread, hashing it and
 * searching it for `markers` on the way. One piece is in flight at a time, so memory holds
 * a piece or two whatever the size of the file. `maxBytes`: more than this stops the
 * writing (the file is discarded) and throws `tooLarge()`.
 */
export async function stageStream(root: string, chunks: AsyncIterable<Uint8Array>, markers: readonly string[], tooLarge: () => Error, maxBytes: number): Promise<StagedFile> {
  const stream = nextStream++;
  await run({ op: 'open', root, stream, markers }, []);
  let done = false;
  const discard = async () => {
    if (done) return;
    done = true;
    await run({ op: 'discard', root, stream }, []);
  };
  try {
    let size = 0;
    for await (const chunk of chunks) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge();
      const buffer = take(chunk.byteLength);
      new Uint8Array(buffer, 0, chunk.byteLength).set(chunk);
      await run({ op: 'append', root, stream, buffer, length: chunk.byteLength }, [buffer]).catch(storeFailed);
    }
    const r = (await run({ op: 'finish', root, stream }, []).catch(storeFailed)).value as { sha256: string; size: number; head: string; found: number[] };
    return {
      sha256: r.sha256,
      size: r.size,
      head: Buffer.from(r.head, 'base64'),
      found: new Set(r.found.map((i) => markers[i]!)),
      commit: async () => {
        if (done) throw new Error('upload already committed or discarded');
        done = true;
        return (await run({ op: 'commit', root, stream }, [])).value as string;
      },
      discard,
    };
  } catch (e) {
    await discard().catch(() => {});
    throw e;
  }
}
