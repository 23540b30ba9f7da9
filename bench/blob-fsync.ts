/**
 * What flushing a stored file costs (issue 12, item 13): per 1 MB file, on the disk of the
 * temp folder (or the folder given), each way of writing it N times:
 * - write + rename (what the store did before: not durable after a power loss);
 * - write + fsync + rename + fsync of the folder (what the file thread does now);
 * - the store itself (`put`, through the file thread), end to end.
 *
 *   node --import tsx bench/blob-fsync.ts [folder] [count]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { diskBlobStore } from '../src/modules/blobs/store.js';

const base = fs.mkdtempSync(path.join(process.argv[2] ?? os.tmpdir(), 'lienthong-fsync-'));
const count = Number(process.argv[3] ?? 100);
const files = Array.from({ length: count }, () => randomBytes(1 << 20));

function timed(label: string, each: (bytes: Buffer, i: number) => void) {
  const dir = path.join(base, label.replace(/\W+/g, '-'));
  fs.mkdirSync(dir);
  const started = process.hrtime.bigint();
  files.forEach((b, i) => each.call({ dir }, b, i));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { dir, ms };
}

const plain = timed('write-rename', function (this: { dir: string }, b, i) {
  const tmp = path.join(this.dir, `${i}.tmp`);
  fs.writeFileSync(tmp, b);
  fs.renameSync(tmp, path.join(this.dir, String(i)));
});
const flushed = timed('write-fsync-rename-fsync-dir', function (this: { dir: string }, b, i) {
  const tmp = path.join(this.dir, `${i}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  fs.writeSync(fd, b);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, path.join(this.dir, String(i)));
  const d = fs.openSync(this.dir, 'r');
  fs.fsyncSync(d);
  fs.closeSync(d);
});
const store = diskBlobStore(path.join(base, 'store'));
const started = process.hrtime.bigint();
for (const b of files) await store.put(b);
const storeMs = Number(process.hrtime.bigint() - started) / 1e6;

const per = (ms: number) => `${(ms / count).toFixed(2)} ms`;
console.log(`${count} files of 1 MB under ${base}`);
console.log(`  write + rename (before):                    ${per(plain.ms)} per file`);
console.log(`  write + fsync + rename + fsync folder (now): ${per(flushed.ms)} per file (+${per(flushed.ms - plain.ms)})`);
console.log(`  store.put through the file thread (now):     ${per(storeMs)} per file`);
fs.rmSync(base, { recursive: true, force: true });
