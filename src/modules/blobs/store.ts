import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

/**
 * Content-addressed file storage: a file is kept once under its SHA-256, however many
 * documents or recipients refer to it. Writes go to a temporary name and are renamed into
 * place, so a crash never leaves a half-written file under a real hash.
 */
export interface BlobStore {
  put(bytes: Buffer): Promise<string>;
  read(sha256: string): Promise<Buffer>;
  path(sha256: string): string;
  root: string;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function diskBlobStore(root: string): BlobStore {
  const pathOf = (h: string) => {
    if (!/^[0-9a-f]{64}$/.test(h)) throw new Error('not a sha256');
    return path.join(root, h.slice(0, 2), h.slice(2, 4), h);
  };
  return {
    root,
    path: pathOf,
    async put(bytes) {
      const h = sha256(bytes);
      const target = pathOf(h);
      try {
        await fs.access(target);
        return h;
      } catch {
        /* not stored yet */
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, target);
      return h;
    },
    read: (h) => fs.readFile(pathOf(h)),
  };
}
