import type { Config } from '../server/config.js';
import type { Db } from '../db/connect.js';
import type { BlobStore } from './blobs/store.js';
import type { Role } from '../domain/roles.js';
import type { SecretsKey } from './secrets/key.js';
import type { TransactionHooks } from './hooks.js';
import type { Logger } from 'pino';

/** What every service receives: the database, stored files, settings and the clock. */
export interface AppContext {
  db: Db;
  blobs: BlobStore;
  config: Config;
  /** Seals the secrets this process writes to the database (src/modules/secrets). */
  secrets: SecretsKey;
  /** What other modules do inside the document flow's transactions (wired by src/server/hooks.ts). */
  hooks: TransactionHooks;
  /** pino, at LOG_LEVEL: what background work catches is logged here with its context, never dropped. */
  log: Logger;
  /** Injected so tests can cross a year boundary. */
  now: () => Date;
}

/** The signed-in user a service acts for. */
export interface Actor {
  userId: number;
  username: string;
  fullName: string;
  orgId: number; // the user's own organisation (agency or unit)
  agencyId: number; // the agency whose documents the user works on
  roles: Role[]; // held in the agency or one of its units
  isProvinceAdmin: boolean;
  via: 'session' | 'token' | 'system';
}

export const hasRole = (actor: Actor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));
