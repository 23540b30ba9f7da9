import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes, webcrypto } from 'node:crypto';

/**
 * Content-addressed file storage: a file is kept once under its SHA-256, however many
 * documents or recipients refer to it. Writes go to a temporary name and are renamed into
 * place, so a crash never leaves a half-written file under a real hash.
 */
export interface BlobStore {
  /** Stores the bytes; `sha256` when the caller already hashed them (as they arrived). */
  put(bytes: Buffer, sha256?: string): Promise<string>;
  read(sha256: string): Promise<Buffer>;
  path(sha256: string): string;
  root: string;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The same on a thread of the pool (WebCrypto): for files of megabytes, off the thread that serves requests. */
export const sha256Async = async (bytes: Buffer) => Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');

export function diskBlobStore(root: string): BlobStore {
  const pathOf = (h: string) => {
    if (!/^[0-9a-f]{64}$/.test(h)) throw new Error('not a sha256');
    return path.join(root, h.slice(0, 2), h.slice(2, 4), h);
  };
  // The 65,536 folders are made once each; remembering them saves a system call per file.
  const made = new Set<string>();
  return {
    root,
    path: pathOf,
    async put(bytes, known) {
      const h = known ?? (await sha256Async(bytes));
      const target = pathOf(h);
      try {
        await fs.access(target);
        return h;
      } catch {
        /* not stored yet */
      }
      const dir = path.dirname(target);
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      if (!made.has(dir)) await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(tmp, bytes).catch(async (e: NodeJS.ErrnoException) => {
        // The folder went away since (a restore): make it again.
        if (e.code !== 'ENOENT') throw e;
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(tmp, bytes);
      });
      made.add(dir);
      await fs.rename(tmp, target);
      return h;
    },
    read: (h) => fs.readFile(pathOf(h)),
  };
}
