import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BlobStore } from '../blobs/store.js';

/**
 * `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 8187):
 * quotes, slashes and line breaks cannot break out of the header, the browser saves the
 * file rather than showing it, and the name is the one the agency gave.
 */
export function attachmentDisposition(fileName: string): string {
  const clean = [...fileName].map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' || c === '"' || c === '\\' || c === '/' ? '_' : c)).join('').trim() || 'tep';
  const ascii = clean.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Streams a stored file; its SHA-256 is its ETag, so a repeat download is a 304. */
export async function sendStoredFile(req: FastifyRequest, reply: FastifyReply, blobs: BlobStore, f: { sha256: string; fileName: string; mime: string; size: number }, cacheControl: string) {
  const etag = `"${f.sha256}"`;
  reply
    .header('etag', etag)
    .header('cache-control', cacheControl)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-type-options', 'nosniff');
  if (req.headers['if-none-match'] === etag) return reply.status(304).send();
  await blobs.mustExist(f.sha256);
  return reply
    .header('content-type', f.mime)
    .header('content-disposition', attachmentDisposition(f.fileName))
    .header('content-length', String(f.size))
    .send(fs.createReadStream(blobs.path(f.sha256)));
}
