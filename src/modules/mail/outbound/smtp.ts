import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

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
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
  return nodemailer.createTransport(options);
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
