import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 8187). */
export function disposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^\x20-\x7e]|["\\/]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Streams a stored PDF of the library; its SHA-256 is its ETag. */
export async function streamStoredFile(reply: FastifyReply, ctx: AppContext, f: { sha256: string; fileName: string; mime: string; size: number }) {
  await ctx.blobs.mustExist(f.sha256);
  return reply
    .header('content-type', f.mime)
    .header('content-disposition', disposition(f.fileName))
    .header('content-length', String(f.size))
    .header('etag', `"${f.sha256}"`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(fs.createReadStream(ctx.blobs.path(f.sha256)));
}
