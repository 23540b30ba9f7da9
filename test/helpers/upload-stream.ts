import http from 'node:http';
import type { Client } from './client.js';

/**
 * A multipart upload written piece by piece with node:http, so a test can send files of
 * tens of megabytes made of shared buffers (no copy per request), or hold a request open.
 * `hold`: a promise the request waits on before its last piece.
 */
export function streamUpload(c: Client, path: string, fileName: string, pieces: Buffer[], opts: { hold?: Promise<void>; fields?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
  const boundary = `----lienthong${Math.random().toString(16).slice(2)}`;
  const fields = Object.entries(opts.fields ?? {})
    .map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const head = Buffer.from(`${fields}--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + pieces.reduce((n, p) => n + p.length, 0) + tail.length;
  const url = new URL(c.base + path);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode!, body: text.startsWith('{') ? JSON.parse(text) : text });
        });
      },
    );
    // The server may answer (a refusal) before reading the body: that is an answer, not a failure.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    (async () => {
      const write = (b: Buffer) => new Promise<void>((ok) => (req.write(b) ? ok() : req.once('drain', ok)));
      await write(head);
      for (const p of pieces.slice(0, -1)) await write(p);
      if (opts.hold) await opts.hold;
      if (pieces.length) await write(pieces[pieces.length - 1]!);
      req.end(tail);
    })().catch(reject);
  });
}
