import path from 'node:path';

/** Every setting of the server, from the environment, with defaults that make `npm start` work. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null; // postgres://… selects PostgreSQL; otherwise SQLite under dataDir
  nodeEnv: string;
  isProduction: boolean;
  maxUploadBytes: number;
  sessionHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  logLevel: string;
  demoOnEmpty: boolean;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
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
    maxUploadBytes: intEnv(env, 'MAX_UPLOAD_MB', 50) * 1024 * 1024,
    sessionHours: intEnv(env, 'SESSION_HOURS', 12),
    lockoutThreshold: intEnv(env, 'LOCKOUT_THRESHOLD', 5),
    lockoutMinutes: intEnv(env, 'LOCKOUT_MINUTES', 15),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    demoOnEmpty: env.DEMO_ON_EMPTY !== '0',
  };
}
