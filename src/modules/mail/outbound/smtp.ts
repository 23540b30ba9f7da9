import net from 'node:net';
import { createRequire } from 'node:module';
import type nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type MimeNode from 'nodemailer/lib/mime-node/index.js';

// nodemailer is loaded when a mail is first sent or built: a server with nothing to send never carries it.
const require = createRequire(import.meta.url);

/**
 * A pooled SMTP transport to the province's relay, from SMTP_URL:
 * smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465 (implicit TLS);
 * query parameters requireTLS=true, ignoreTLS=true, tls.rejectUnauthorized=false (a relay
 * with a private certificate) and maxConnections=N.
 */
export function relayTransport(smtpUrl: string): Transporter {
  const u = new URL(smtpUrl);
  const q = u.searchParams;
  const flag = (name: string) => q.get(name) === 'true' || q.get(name) === '1';
  const options: SMTPPool.Options & { maxRequeues: number } = {
    pool: true,
    host: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === 'smtps:' ? 465 : 587,
    secure: u.protocol === 'smtps:',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    requireTLS: flag('requireTLS'),
    ignoreTLS: flag('ignoreTLS'),
    tls: q.has('tls.rejectUnauthorized') ? { rejectUnauthorized: !['false', '0'].includes(q.get('tls.rejectUnauthorized')!) } : undefined,
    maxConnections: Math.min(Math.max(Number(q.get('maxConnections')) || 5, 1), 50),
    maxMessages: 1000,
    // A connection the relay closes mid-message: tried again on a fresh one, then left to the back-off.
    maxRequeues: 2,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    getSocket: (opts, callback) => connectNoDelay(opts.host ?? 'localhost', opts.port ?? 25, callback),
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
  return (require('nodemailer') as typeof nodemailer).createTransport(options);
}

const CONNECT_TIMEOUT_MS = 15_000;

/**
 * nodemailer leaves Nagle's algorithm on: the last small write of each message then waits for
 * the relay's delayed ACK (~40 ms), which caps a pooled connection at about 20 messages/s.
 * The socket is opened here with TCP_NODELAY and handed over (nodemailer adds TLS for smtps).
 */
function connectNoDelay(host: string, port: number, callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void) {
  const socket = net.connect({ host, port, noDelay: true });
  const fail = (err: Error) => {
    socket.destroy();
    callback(err);
  };
  socket.once('error', fail);
  socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(Object.assign(new Error(`Connection timeout to ${host}:${port}`), { code: 'ETIMEDOUT' })));
  socket.once('connect', () => {
    socket.off('error', fail);
    // nodemailer adds its own handler; until then an error must not go unheard.
    socket.on('error', () => {});
    socket.setTimeout(0);
    socket.setKeepAlive(true);
    callback(null, { connection: socket });
  });
}

/** The relay's answer says the message will never be accepted (5xx), so retrying is useless. */
export function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function errorText(err: unknown): string {
  const e = err as { message?: string; response?: string; code?: string };
  const text = e.response ?? e.message ?? String(err);
  return (e.code && !text.includes(e.code) ? `${e.code}: ${text}` : text).slice(0, 1000);
}

/**
 * An attachment as its finished MIME part (headers and base64 body), built by nodemailer's own
 * MIME code. A dispatch sends the same file to many agencies: encoding it once per batch
 * instead of once per message takes most of the sender's work off large files.
 */
export function attachmentPart(a: { fileName: string; mime: string }, bytes: Buffer): Promise<Buffer> {
  const node = new (require('nodemailer/lib/mime-node/index.js') as typeof MimeNode)('multipart/mixed').createChild(a.mime, { filename: a.fileName });
  node.setHeader('Content-Transfer-Encoding', 'base64');
  node.setHeader('Content-Disposition', 'attachment');
  node.setContent(bytes);
  return new Promise((resolve, reject) => node.build((err, buf) => (err ? reject(err) : resolve(buf))));
}
