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
parentPort.on('message', (m) => {
  try {
    const value = m.op === 'digest' ? createHash(m.algorithm).update(m.bytes).digest('base64') : store(m.root, m.bytes, m.known);
    parentPort.postMessage({ id: m.id, value });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: String(e && e.message), code: e && e.code } });
  }
});
`;

type Pending = { resolve: (v: string) => void; reject: (e: Error) => void };
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
  w.on('message', (m: { id: number; value?: string; error?: { message: string; code?: string } }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    // Idle, the thread must not keep the process alive; busy, it must (a command waiting on it).
    if (!pending.size) w.unref();
    if (m.error) p.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
    else p.resolve(m.value!);
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

function run(message: Record<string, unknown>, bytes: Uint8Array): Promise<string> {
  const w = thread();
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ ...message, id, bytes }, [bytes.buffer as ArrayBuffer]);
  });
}

/** Hashes (SHA-256, unless `known`) and stores the bytes under `root` by their hash; the caller's buffer is left as it was. */
export function storeOnThread(root: string, bytes: Uint8Array, known?: string): Promise<string> {
  return run({ op: 'store', root, known: known ?? null }, movable(bytes, false));
}

/** The digest (base64) of bytes the caller hands over: they are unreadable afterwards when they owned their whole buffer. */
export async function digestOnThread(algorithm: 'sha1' | 'sha256' | 'sha512', bytes: Uint8Array): Promise<Buffer> {
  return Buffer.from(await run({ op: 'digest', algorithm }, movable(bytes, true)), 'base64');
}
