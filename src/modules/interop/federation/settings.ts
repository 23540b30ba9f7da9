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

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}

export function federationSettings(env: NodeJS.ProcessEnv = process.env): FederationSettings {
  return {
    pollMs: num(env, 'FEDERATION_POLL_MS', 250, 20),
    retryBaseMs: num(env, 'FEDERATION_RETRY_BASE_MS', 30_000, 10),
    retryCapMs: 3_600_000,
    maxAttempts: num(env, 'FEDERATION_MAX_ATTEMPTS', 16, 1),
    timeoutMs: num(env, 'FEDERATION_TIMEOUT_MS', 30_000, 100),
    replayWindowMs: num(env, 'FEDERATION_REPLAY_SECONDS', 300, 1) * 1000,
    axisPollMs: num(env, 'AXIS_POLL_SECONDS', 60, 1) * 1000,
  };
}

export const retryDelayMs = (s: FederationSettings, attempts: number) => Math.min(s.retryCapMs, s.retryBaseMs * 2 ** Math.max(0, attempts - 1));
