import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { storeOnThread } from './thread.js';
import { DomainError } from '../../domain/errors.js';

/**
 * Content-addressed file storage: a file is kept once under its SHA-256, however many
 * documents or recipients refer to it. Writes go to a temporary name and are renamed into
 * place, so a crash never leaves a half-written file under a real hash; they are done by
 * the file thread (thread.ts).
 */
export interface BlobStore {
  /**
   * Stores the bytes; `sha256` when the caller already hashed them (as they arrived).
   * `handOver`: the caller never reads these bytes again (they may cross to the file
   * thread without a copy, leaving the buffer empty).
   */
  put(bytes: Buffer, sha256?: string, handOver?: boolean): Promise<string>;
  /** The bytes; a file gone from the disk is a 503 `file_missing` (logged by the error handler). */
  read(sha256: string): Promise<Buffer>;
  /** Throws `file_missing` when the file is not on the disk. */
  mustExist(sha256: string): Promise<void>;
  path(sha256: string): string;
  root: string;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A row names a file that is not on the disk (deleted, a restore without its files). */
export const fileMissing = (sha256: string) =>
  new DomainError(
    'unavailable',
    'file_missing',
    'Tệp này hiện không có trên máy chủ lưu trữ. Đã ghi nhận sự cố; hãy báo quản trị để khôi phục từ bản sao lưu.',
    `This file is missing from the server's storage (${sha256.slice(0, 12)}…). The fault is logged; ask the administrator to restore it from a backup.`,
    'file',
  );

const missingAsDomain = (sha256: string) => (e: NodeJS.ErrnoException): never => {
  throw e.code === 'ENOENT' ? fileMissing(sha256) : e;
};

export function diskBlobStore(root: string): BlobStore {
  const pathOf = (h: string) => {
    if (!/^[0-9a-f]{64}$/.test(h)) throw new Error('not a sha256');
    return path.join(root, h.slice(0, 2), h.slice(2, 4), h);
  };
  return {
    root,
    path: pathOf,
    put: async (bytes, known, handOver = false) => {
      if (known !== undefined) pathOf(known);
      return storeOnThread(root, bytes, known, handOver);
    },
    read: (h) => fs.readFile(pathOf(h)).catch(missingAsDomain(h)),
    mustExist: async (h) => {
      await fs.access(pathOf(h)).catch(missingAsDomain(h));
    },
  };
}
