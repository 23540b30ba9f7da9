import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where `npm run build:web` writes the web application. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const notBuilt = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Liên Thông</title>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto">
<h1>Ứng dụng web chưa được xây dựng</h1>
<p>Chạy <code>npm run build:web</code> (hoặc <code>npm install</code>) rồi tải lại trang.</p>
<p lang="en">The web application is not built yet: run <code>npm run build:web</code> and reload.</p></body></html>`;

/**
 * The back office's Content-Security-Policy: scripts, styles, fonts, frames and requests
 * only from this origin, no inline script (the built index.html has none), no plugins, and
 * it may be framed only by itself. Styles allow 'unsafe-inline' because antd writes its
 * component styles into <style> elements at run time (CSS-in-JS); a nonce would need the
 * static index.html rewritten per response. Style injection cannot run script, and the
 * mail bodies shown in a sandboxed srcdoc frame inherit this policy (no remote images).
 * `data:` images and fonts: the favicon and antd's inline icons; `blob:`: downloads.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Serves the web application (web/dist) under /app: hashed assets with a long cache, the
 * pre-compressed .br/.gz variants when the browser accepts them, and index.html for every
 * other /app/* path so that the application's own routes survive a reload.
 */
export async function registerWebApp(app: FastifyInstance, distDir = WEB_DIST) {
  app.get('/app', { schema: { hide: true } }, async (_req, reply) => reply.header('content-security-policy', APP_CSP).redirect('/app/'));
  const index = path.join(distDir, 'index.html');
  const sendIndex = (reply: FastifyReply) => {
    if (!fs.existsSync(index)) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuilt);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', distDir);
  };

  await app.register(
    async (web) => {
      web.addHook('onSend', async (_req, reply, payload) => {
        reply.header('content-security-policy', APP_CSP);
        return payload;
      });
      await web.register(fastifyStatic, {
        root: distDir,
        prefix: '/',
        wildcard: true,
        index: false,
        preCompressed: true,
        decorateReply: true,
        schemaHide: true,
        cacheControl: false,
        setHeaders(res, filePath) {
          const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
          res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
      web.get('/', { schema: { hide: true }, prefixTrailingSlash: 'slash' }, async (_req, reply) => sendIndex(reply));
      web.setNotFoundHandler((req, reply) => {
        const url = req.url.split('?')[0]!;
        // A missing asset is a real 404; any other path is a route of the application.
        if (req.method !== 'GET' && req.method !== 'HEAD') return reply.status(404).send({ error: { code: 'not_found', message: 'Không tìm thấy địa chỉ này.', messageEn: `No route ${req.method} ${url}.` } });
        if (url.startsWith('/app/assets/') || /\.[a-z0-9]{1,8}$/i.test(url)) {
          return reply.status(404).type('text/plain; charset=utf-8').send('Không tìm thấy tệp.');
        }
        return sendIndex(reply);
      });
    },
    { prefix: '/app' },
  );
}
