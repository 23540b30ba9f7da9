import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { diskBlobStore } from '../src/modules/blobs/store.js';
import { digestAndDecode } from '../src/modules/blobs/thread.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-blobs-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the file store, written by the file thread', () => {
  const store = diskBlobStore(root);

  it('stores bytes under their SHA-256 and leaves the caller’s buffer as it was', async () => {
    const bytes = randomBytes(300_000);
    const copy = Buffer.from(bytes);
    const sha = await store.put(bytes);
    expect(sha).toBe(hex(copy));
    expect(bytes.equals(copy)).toBe(true);
    expect((await store.read(sha)).equals(copy)).toBe(true);
    // Stored once: the same bytes again give the same name and no temporary file is left.
    expect(await store.put(Buffer.from(copy))).toBe(sha);
    expect(fs.readdirSync(path.dirname(store.path(sha)))).toEqual([sha]);
  });

  it('bytes handed over that are a slice of a larger buffer are copied: the rest of it stays readable', async () => {
    const big = randomBytes(1 << 20);
    const before = Buffer.from(big);
    const slice = big.subarray(0, 200_000);
    const sha = await store.put(slice, undefined, true);
    expect(sha).toBe(hex(before.subarray(0, 200_000)));
    expect(big.length).toBe(1 << 20);
    expect(big.equals(before)).toBe(true);
  });

  it('bytes handed over that are their whole buffer cross without a copy and are stored right', async () => {
    const own = Buffer.from(randomBytes(150_000));
    const expected = hex(own);
    expect(await store.put(own, undefined, true)).toBe(expected);
    expect(hex(await store.read(expected))).toBe(expected);
  });

  it('a file larger than the buffers kept for reuse is stored whole', async () => {
    const big = randomBytes(9 * 1048576 + 7);
    const sha = await store.put(big);
    expect(sha).toBe(hex(big));
    expect(fs.statSync(store.path(sha)).size).toBe(big.length);
  });

  it('many files at once each get their own answer', async () => {
    const files = Array.from({ length: 40 }, (_, i) => randomBytes(1000 + i * 5000));
    const shas = await Promise.all(files.map((f) => store.put(f)));
    expect(shas).toEqual(files.map(hex));
  });

  it('a folder removed since (a restore) is made again', async () => {
    const first = randomBytes(5000);
    const sha = await store.put(first);
    fs.rmSync(path.join(root, sha.slice(0, 2)), { recursive: true });
    const again = Buffer.concat([first.subarray(0, 4999), Buffer.from([first[4999]! ^ 1])]);
    // Another file under the same first two letters would need the folder too; the same file certainly does.
    expect(await store.put(Buffer.from(first))).toBe(sha);
    expect((await store.read(sha)).equals(first)).toBe(true);
    expect(await store.put(again)).toBe(hex(again));
  });

  it('a hash given that is not a SHA-256 is refused before anything is written', async () => {
    await expect(store.put(Buffer.from('x'), '../../etc/passwd')).rejects.toThrow(/sha256/);
  });

  it('does not keep a command alive once its files are written', () => {
    const dir = fs.mkdtempSync(path.join(root, 'cli-'));
    const script = `import { diskBlobStore } from './src/modules/blobs/store.ts';
const sha = await diskBlobStore(${JSON.stringify(dir)}).put(Buffer.from('một tệp'));
console.log(sha);`;
    const t = Date.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.resolve(__dirname, '..'), encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe(hex(Buffer.from('một tệp')));
    expect(Date.now() - t).toBeLessThan(15_000);
  });
});

describe('stored files are flushed to disk before they are named', () => {
  /**
   * The system calls of a process storing a file (held whole, and streamed as an upload),
   * seen by strace with the paths of the descriptors: after a power loss a committed row
   * must never name a torn or empty file, so the file is flushed before it is renamed into
   * place and its folder after.
   */
  it('fsync of the file, then the rename into place, then fsync of its folder — for put and for a streamed upload', () => {
    const dir = fs.mkdtempSync(path.join(root, 'fsync-'));
    const script = `import { diskBlobStore } from './src/modules/blobs/store.ts';
import { stageStream } from './src/modules/blobs/thread.ts';
const store = diskBlobStore(${JSON.stringify(dir)});
console.log(await store.put(Buffer.from('tệp giữ nguyên ' + Date.now())));
async function* pieces() { yield Buffer.from('%PDF-1.4 tệp tải lên '); yield Buffer.from(String(Date.now())); }
const staged = await stageStream(store.root, pieces(), [], () => new Error('too large'), 1 << 20);
console.log(await staged.commit());`;
    const trace = path.join(dir, 'trace.txt');
    const out = execFileSync('strace', ['-f', '-y', '-qq', '-s', '4096', '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2', '-o', trace, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(__dirname, '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    const lines = fs.readFileSync(trace, 'utf8').split('\n');
    for (const sha of out.trim().split('\n')) {
      const target = path.join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);
      const renamed = lines.findIndex((l) => /rename/.test(l) && l.includes(`"${target}"`));
      expect(renamed, `no rename into ${target}`).toBeGreaterThan(0);
      const source = /rename\w*\((?:[^",]*, )?"([^"]+)"/.exec(lines[renamed]!)![1]!;
      const fileFlushed = lines.slice(0, renamed).some((l) => /fsync|fdatasync/.test(l) && l.includes(`<${source}>`));
      const folderFlushed = lines.slice(renamed + 1).some((l) => /fsync/.test(l) && l.includes(`<${path.dirname(target)}>`));
      expect(fileFlushed, `${source} flushed before its rename`).toBe(true);
      expect(folderFlushed, `${path.dirname(target)} flushed after the rename`).toBe(true);
    }
  });
});

describe('the digest and the files of an edXML package, on the file thread', () => {
  it('gives the digest of the parts joined, and decodes the runs asked for', async () => {
    const fileA = randomBytes(70_001);
    const fileB = randomBytes(3);
    const runA = Buffer.from(fileA.toString('base64'), 'latin1');
    const runB = Buffer.from(fileB.toString('base64'), 'latin1');
    const parts = ['<edXML><a>', runA, '</a><b>Tiếng Việt</b><c>', runB, '</c></edXML>'];
    const joined = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    const { digest, decoded } = await digestAndDecode('sha256', parts, [runA, runB], new Set([0, 1]));
    expect(digest).toBe(createHash('sha256').update(joined).digest('base64'));
    expect(decoded.get(0)!.bytes.equals(fileA)).toBe(true);
    expect(decoded.get(0)!.sha256).toBe(hex(fileA));
    expect(decoded.get(1)!.bytes.equals(fileB)).toBe(true);
    // The runs stay readable: they are the package's own bytes.
    expect(runA.toString('latin1')).toBe(fileA.toString('base64'));
  });

  it('decodes only the runs asked for, and without an algorithm gives no digest', async () => {
    const file = randomBytes(10_000);
    const run = Buffer.from(file.toString('base64'), 'latin1');
    const other = Buffer.from(randomBytes(300).toString('base64'), 'latin1');
    const r = await digestAndDecode(null, [run, other], [run, other], new Set([0]));
    expect(r.digest).toBeNull();
    expect([...r.decoded.keys()]).toEqual([0]);
    expect(r.decoded.get(0)!.bytes.equals(file)).toBe(true);
  });

  it('base64 with a character outside the alphabet decodes shorter, so the reader can tell', async () => {
    const run = Buffer.from(`${'QUJD'.repeat(100)}QU*D`, 'latin1');
    const r = await digestAndDecode(null, [run], [run], new Set([0]));
    expect(r.decoded.get(0)!.bytes.length).toBeLessThan((run.length / 4) * 3);
  });
});
