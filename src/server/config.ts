import os from 'node:os';
import path from 'node:path';
import { DEFAULT_REVOCATION_RETRY_MINUTES } from '../domain/signatures.js';

/** Every setting of the server, from the environment, with defaults that make `npm start` work. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null; // postgres://… selects PostgreSQL; otherwise SQLite under dataDir
  nodeEnv: string;
  isProduction: boolean;
  /** Responses checked against their route's schema (tests): a response that drifts from its description is a 500. */
  validateResponses: boolean;
  maxUploadBytes: number;
  /** Uploads one user may have in progress at once (each streams to a temporary file). */
  uploadsPerUser: number;
  /** Stored files no row names are removed once this old (`lienthong blobs gc`, and hourly in the server). */
  blobGcGraceHours: number;
  blobGcIntervalMinutes: number;
  sessionHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Failed sign-ins from one client address per window (0 = no limit), and the window. */
  signInAddressLimit: number;
  signInAddressMinutes: number;
  /** Which proxies' X-Forwarded-For / -Proto are believed (Fastify's trustProxy). */
  trustProxy: boolean | string;
  logLevel: string;
  demoOnEmpty: boolean;
  /** The address the web app is reached at, for links in mails. */
  publicUrl: string;
  mail: MailConfig;
  edxml: EdxmlConfig;
  federation: FederationSettings;
  secrets: SecretsConfig;
  events: EventsConfig;
  /** How often the text job looks for documents whose files are to be read for search. */
  textPollMs: number;
  /** Revocation checks of incoming signatures (OCSP/CRL), src/modules/signatures/revocation-job.ts. */
  revocation: RevocationConfig;
  /** How often the current month's automatic indicators are recomputed (monitoring); 0 turns the job off. */
  monitoringComputeMs: number;
  /** Server processes `lienthong serve` runs behind its one port (WORKERS; default one per core). */
  workers: number;
  /**
   * PKCS11_MODULES: the PKCS#11 libraries (absolute paths, comma-separated) an administrator may
   * name on the signing keys screen; the server loads no other (a library is code it runs).
   */
  pkcs11Modules: string[];
}

/**
 * REVOCATION_TIMEOUT_MS: the longest one OCSP request or CRL download may take (the verdict is
 * then "not checked: timeout"); REVOCATION_POLL_MS: how often the job looks for signatures
 * whose revocation is to be checked after their arrival; 0: this process checks none.
 */
export interface RevocationConfig {
  timeoutMs: number;
  pollMs: number;
  /** REVOCATION_RETRY_MINUTES: delays before asking again a responder that was unreachable or did not answer (each after the previous try), then given up; empty or `0`: never asked again. */
  retryMinutes: number[];
}

/** The server-sent events of the web app (src/modules/events). */
export interface EventsConfig {
  /** How often the database is looked at for new events. */
  pollMs: number;
  /** A comment on an idle stream so that proxies keep it open. */
  keepAliveMs: number;
  /** How often each stream's session or token is checked again. */
  revalidateMs: number;
}

/**
 * The key that seals secrets stored in the database (IMAP passwords, peer secrets, signing
 * keys): SECRETS_KEY (base64 of 32 bytes) or SECRETS_KEY_FILE; neither = `<dataDir>/secrets.key`,
 * created on first start. Every process against one database must hold the same key.
 */
export interface SecretsConfig {
  key: Buffer | null;
  keyFile: string | null;
}

/** edXML packages (issue 5): the largest package and attachment an import accepts. */
export interface EdxmlConfig {
  maxPackageBytes: number;
  maxAttachmentBytes: number;
}

/** The mail gateway (issue 4): outbound relay, built-in listener, limits. */
export interface MailConfig {
  /** The province's mail domain(s); official addresses and aliases must be in one of them. */
  domains: string[];
  /** smtp://user:pass@host:port or smtps://…; null = development: messages are kept, not sent. */
  smtpUrl: string | null;
  /** The From of every message the system sends. */
  from: string;
  /** Built-in inbound listener: port, or null when off. */
  listenPort: number | null;
  listenHost: string;
  /** Speak LMTP instead of SMTP (behind the province's MTA). */
  lmtp: boolean;
  /** PEM files of the province's certificate for STARTTLS; without them STARTTLS is not offered. */
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  maxMessageBytes: number;
  maxRecipients: number;
  /** Messages accepted per sender address per minute. */
  senderRatePerMinute: number;
  /** "Deadline in N days" reminders. */
  remindDays: number;
  /** How often the outbox worker looks for due messages, and the scheduler for reminders. */
  outboxPollMs: number;
  reminderPollSeconds: number;
  imapPollSeconds: number;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

/** 0 would make a timer spin: the default then. */
const positive = (n: number, fallback: number) => (n > 0 ? n : fallback);

/** A comma-separated list of whole minutes (`5,30,120`); unset: the fallback; empty or `0`: none. */
function minutesListEnv(env: NodeJS.ProcessEnv, name: string, fallback: readonly number[]): number[] {
  const raw = env[name];
  if (raw === undefined) return [...fallback];
  const list = raw
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean)
    .map(Number);
  if (list.some((m) => !Number.isInteger(m) || m < 0)) throw new Error(`${name}: whole minutes, comma-separated (e.g. 5,30,120,720)`);
  return list.filter((m) => m > 0);
}

function portEnv(env: NodeJS.ProcessEnv, name: string, fallback: number | null): number | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'off') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number or "off", got "${raw}"`);
  return n;
}

function workersEnv(env: NodeJS.ProcessEnv): number {
  const cores = os.availableParallelism();
  const raw = env.WORKERS?.trim();
  if (!raw) return cores;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`WORKERS must be a number of processes from 1 to 256, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)');
  }
  return {
    port: intEnv(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl,
    nodeEnv,
    isProduction: nodeEnv === 'production',
    validateResponses: env.VALIDATE_RESPONSES ? env.VALIDATE_RESPONSES === '1' : nodeEnv === 'test',
    maxUploadBytes: intEnv(env, 'MAX_UPLOAD_MB', 50) * 1024 * 1024,
    uploadsPerUser: intEnv(env, 'UPLOADS_PER_USER', 4),
    blobGcGraceHours: intEnv(env, 'BLOB_GC_GRACE_HOURS', 24),
    blobGcIntervalMinutes: intEnv(env, 'BLOB_GC_INTERVAL_MINUTES', 60),
    sessionHours: intEnv(env, 'SESSION_HOURS', 12),
    lockoutThreshold: intEnv(env, 'LOCKOUT_THRESHOLD', 5),
    lockoutMinutes: intEnv(env, 'LOCKOUT_MINUTES', 15),
    signInAddressLimit: intEnv(env, 'SIGNIN_ADDRESS_LIMIT', 50),
    signInAddressMinutes: intEnv(env, 'SIGNIN_ADDRESS_MINUTES', 15),
    trustProxy: trustProxyEnv(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    demoOnEmpty: env.DEMO_ON_EMPTY !== '0',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${intEnv(env, 'PORT', 3000)}`).replace(/\/+$/, ''),
    mail: loadMailConfig(env, nodeEnv),
    federation: federationSettings(env),
    secrets: secretsConfig(env),
    events: {
      pollMs: positive(intEnv(env, 'EVENTS_POLL_MS', 1000), 1000),
      keepAliveMs: positive(intEnv(env, 'EVENTS_KEEPALIVE_MS', 20_000), 20_000),
      revalidateMs: positive(intEnv(env, 'EVENTS_REVALIDATE_MS', 60_000), 60_000),
    },
    textPollMs: intEnv(env, 'TEXT_POLL_MS', 2000),
    revocation: { timeoutMs: positive(intEnv(env, 'REVOCATION_TIMEOUT_MS', 5000), 5000), pollMs: intEnv(env, 'REVOCATION_POLL_MS', 2000), retryMinutes: minutesListEnv(env, 'REVOCATION_RETRY_MINUTES', DEFAULT_REVOCATION_RETRY_MINUTES) },
    workers: workersEnv(env),
    pkcs11Modules: (env.PKCS11_MODULES ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m.startsWith('/')),
    monitoringComputeMs: intEnv(env, 'MONITORING_COMPUTE_MS', 180_000),
    edxml: {
      // Room for one attachment of the upload limit, base64-encoded (4/3), and the header.
      maxPackageBytes: intEnv(env, 'EDXML_MAX_MB', Math.ceil((intEnv(env, 'MAX_UPLOAD_MB', 50) * 4) / 3) + 5) * 1024 * 1024,
      maxAttachmentBytes: intEnv(env, 'EDXML_MAX_ATTACHMENT_MB', intEnv(env, 'MAX_UPLOAD_MB', 50)) * 1024 * 1024,
    },
  };
}

/**
 * TRUST_PROXY: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed:
 * addresses or CIDRs, comma-separated (default `loopback`: a proxy on the same host); `true`
 * believes anyone (only when nothing can reach the server but the proxy), `false` no one.
 * Believing anyone would let a client choose its own address for the sign-in limit.
 */
function trustProxyEnv(raw: string | undefined): boolean | string {
  const v = raw?.trim() || 'loopback';
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

function secretsConfig(env: NodeJS.ProcessEnv): SecretsConfig {
  const raw = env.SECRETS_KEY?.trim() || null;
  const keyFile = env.SECRETS_KEY_FILE?.trim() || null;
  if (raw && keyFile) throw new Error('Set SECRETS_KEY or SECRETS_KEY_FILE, not both');
  if (raw === null) return { key: null, keyFile: keyFile ? path.resolve(keyFile) : null };
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) throw new Error('SECRETS_KEY must be the base64 of 32 random bytes (openssl rand -base64 32)');
  return { key, keyFile: null };
}

function loadMailConfig(env: NodeJS.ProcessEnv, nodeEnv: string): MailConfig {
  const domains = (env.MAIL_DOMAINS ?? 'dongnai.gov.vn')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const tlsCertFile = env.MAIL_TLS_CERT?.trim() || null;
  const tlsKeyFile = env.MAIL_TLS_KEY?.trim() || null;
  if (!tlsCertFile !== !tlsKeyFile) throw new Error('MAIL_TLS_CERT and MAIL_TLS_KEY go together');
  return {
    domains,
    smtpUrl,
    from: env.MAIL_FROM?.trim() || `Liên Thông <no-reply@${domains[0] ?? 'localhost'}>`,
    // Tests start their own listener on a free port.
    listenPort: portEnv(env, 'SMTP_LISTEN_PORT', nodeEnv === 'test' ? null : 2525),
    listenHost: env.SMTP_LISTEN_HOST ?? env.HOST ?? '0.0.0.0',
    lmtp: env.SMTP_LISTEN_LMTP === '1',
    tlsCertFile,
    tlsKeyFile,
    maxMessageBytes: intEnv(env, 'MAIL_MAX_MB', 25) * 1024 * 1024,
    maxRecipients: intEnv(env, 'MAIL_MAX_RECIPIENTS', 50),
    senderRatePerMinute: intEnv(env, 'MAIL_SENDER_RATE', 120),
    remindDays: intEnv(env, 'MAIL_REMIND_DAYS', 2),
    outboxPollMs: intEnv(env, 'OUTBOX_POLL_MS', 1000),
    reminderPollSeconds: intEnv(env, 'REMINDER_POLL_SECONDS', 600),
    imapPollSeconds: intEnv(env, 'IMAP_POLL_SECONDS', 60),
  };
}

/**
 * Settings of the exchange between nodes, from the environment (defaults suit production).
 * FEDERATION_POLL_MS: how often the worker looks for due packages (a package queued in this
 * process is looked at right away); FEDERATION_RETRY_BASE_MS: first back-off, doubled up to
 * an hour; FEDERATION_MAX_ATTEMPTS; FEDERATION_TIMEOUT_MS: one push; FEDERATION_REPLAY_SECONDS:
 * how far a push's timestamp may be from our clock; AXIS_POLL_SECONDS: national axis pickup.
 */
export interface FederationSettings {
  pollMs: number;
  retryBaseMs: number;
  retryCapMs: number;
  maxAttempts: number;
  timeoutMs: number;
  replayWindowMs: number;
  axisPollMs: number;
}

function boundedNum(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}

export function federationSettings(env: NodeJS.ProcessEnv = process.env): FederationSettings {
  return {
    pollMs: boundedNum(env, 'FEDERATION_POLL_MS', 250, 20),
    retryBaseMs: boundedNum(env, 'FEDERATION_RETRY_BASE_MS', 30_000, 10),
    retryCapMs: 3_600_000,
    maxAttempts: boundedNum(env, 'FEDERATION_MAX_ATTEMPTS', 16, 1),
    timeoutMs: boundedNum(env, 'FEDERATION_TIMEOUT_MS', 30_000, 100),
    replayWindowMs: boundedNum(env, 'FEDERATION_REPLAY_SECONDS', 300, 1) * 1000,
    axisPollMs: boundedNum(env, 'AXIS_POLL_SECONDS', 60, 1) * 1000,
  };
}
