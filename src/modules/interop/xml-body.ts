import type { FastifyInstance } from 'fastify';
import { packageTooLarge } from '../../domain/edxml/errors.js';

const FIRST = 64 * 1024;

/**
 * The body of the edXML routes (the package), read into shared memory as it arrives: the
 * reading thread (edxml-pool.ts) reads those very bytes, so no copy of a package of
 * megabytes crosses, and the thread that serves requests never holds a list of chunks and
 * their joined copy at once. Over the size limit it is refused (413) as it streams in.
 */
export function addXmlBodyParser(scope: FastifyInstance, types: string[], limit: number): void {
  scope.addContentTypeParser(types, { bodyLimit: limit }, (req, payload, done) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return done(packageTooLarge(limit));
    let bytes = Buffer.from(new SharedArrayBuffer(Number.isInteger(declared) && declared >= 0 ? declared : FIRST));
    let length = 0;
    let finished = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (finished) return;
      finished = true;
      payload.removeListener('data', onData);
      done(err, body);
    };
    const onData = (chunk: Buffer) => {
      if (length + chunk.length > limit) {
        // Read on and dropped, so the refusal reaches a client still sending.
        payload.resume();
        return finish(packageTooLarge(limit));
      }
      if (length + chunk.length > bytes.length) {
        const grown = Buffer.from(new SharedArrayBuffer(Math.min(limit, Math.max(bytes.length * 2, length + chunk.length))));
        bytes.copy(grown, 0, 0, length);
        bytes = grown;
      }
      chunk.copy(bytes, length);
      length += chunk.length;
    };
    payload.on('data', onData);
    payload.on('end', () => finish(null, bytes.subarray(0, length)));
    payload.on('error', (e) => finish(e));
  });
}
