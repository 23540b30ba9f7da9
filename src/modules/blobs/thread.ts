import { Worker } from 'node:worker_threads';

/**
 * One worker thread per process that hashes and writes files. A file of megabytes handed
 * to the thread pool piece by piece (a WebCrypto digest, then access, mkdir, open, write,
 * close and rename) costs the thread that serves requests a wake-up of another thread for
 * each piece, and on a virtual machine each wake-up costs more than hashing a megabyte
 * would; here the bytes cross once and the work is done in plain synchronous calls.
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
function decode(run) {
  const pad = run[run.length - 1] === 0x3d ? (run[run.length - 2] === 0x3d ? 2 : 1) : 0;
  // Its own memory (never the shared pool): it is handed over to the other thread.
  const out = Buffer.allocUnsafeSlow((run.length / 4) * 3 - pad);
  let at = 0;
  for (let i = 0; i < run.length; i += SLICE) at += out.write(run.subarray(i, i + SLICE).toString('latin1'), at, 'base64');
  return out.subarray(0, at);
}
function runs(m) {
  const part = (p) => (typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  let digest = null;
  if (m.algorithm) {
    const h = createHash(m.algorithm);
    for (const p of m.parts) h.update(part(p));
    digest = h.digest('base64');
  }
  const decoded = m.decode.map(([at, index]) => {
    const out = decode(part(m.parts[at]));
    return { index, bytes: out, sha256: createHash('sha256').update(out).digest('hex') };
  });
  return { value: digest, decoded, transfer: decoded.map((d) => d.bytes.buffer) };
}
parentPort.on('message', (m) => {
  try {
    if (m.op === 'runs') {
      // The parts came as copies made for this thread: nothing to give back.
      const { value, decoded, transfer } = runs(m);
      parentPort.postMessage({ id: m.id, value, decoded }, transfer);
      return;
    }
    const value = store(m.root, m.bytes, m.known);
    parentPort.postMessage({ id: m.id, value });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: String(e && e.message), code: e && e.code } });
  }
});
`;

type Reply = { value: string | null; decoded?: { index: number; bytes: Uint8Array; sha256: string }[] };
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
  const w = new Worker(WORKER, { eval: true });
  w.on('message', (m: Reply & { id: number; error?: { message: string; code?: string } }) => {
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

/**
 * The bytes moved into a buffer of their own that the thread takes over: a slice of a
 * larger buffer would otherwise carry the whole of it across, and the caller's buffer stays
 * readable. `owned`: the caller never reads these bytes again, so they cross without a copy.
 */
function movable(bytes: Uint8Array, owned: boolean): Uint8Array {
  if (owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
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

/**
 * Hashes (SHA-256, unless `known`) and stores the bytes under `root` by their hash. The
 * caller's buffer is left as it was, unless it hands it over (it never reads it again).
 */
export async function storeOnThread(root: string, bytes: Uint8Array, known?: string, handOver = false): Promise<string> {
  const moved = movable(bytes, handOver);
  return (await run({ op: 'store', root, known: known ?? null, bytes: moved }, [moved.buffer as ArrayBuffer])).value!;
}

/** A file decoded from canonical base64 on the thread, with its SHA-256 (hex). */
export interface DecodedRun {
  bytes: Buffer;
  sha256: string;
}

/**
 * The digest of `parts` joined (base64 of the raw digest), and — on the way — those parts
 * that are base64 runs of `runs` (the same buffers) decoded and hashed: the edXML reference
 * digest and the package's files in one trip to the thread. Without `algorithm`, only the
 * runs. The parts cross as one copy of the buffer they are cut from, made for the thread:
 * megabytes allocated here would make this thread's collector run more often. Base64 that
 * is not canonical decodes shorter: the caller compares the length.
 */
export async function digestAndDecode(algorithm: 'sha1' | 'sha256' | 'sha512' | null, parts: (string | Buffer)[], runs: readonly Buffer[]): Promise<{ digest: string | null; decoded: Map<number, DecodedRun> }> {
  const decode: [number, number][] = [];
  parts.forEach((part, at) => {
    const index = typeof part === 'string' ? -1 : runs.indexOf(part);
    if (index >= 0) decode.push([at, index]);
  });
  const reply = await run({ op: 'runs', algorithm, parts, decode }, []);
  const decoded = new Map((reply.decoded ?? []).map((d) => [d.index, { bytes: Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength), sha256: d.sha256 }]));
  return { digest: reply.value, decoded };
}
