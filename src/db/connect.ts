import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { CompiledQuery, Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { startCheckpointer } from './sqlite-checkpointer.js';

const require = createRequire(import.meta.url);

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** SQLite file path, for backups; null on PostgreSQL. */
  sqlitePath: string | null;
  close(): Promise<void>;
}

export type Executor = Kysely<Database> | Transaction<Database>;

/** The database behind an executor, for the few statements written once per dialect. */
export const dialectOf = (db: Executor): DialectName => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

let pgModule: typeof pg | null = null;
/** The PostgreSQL driver, loaded when first needed: a server on SQLite never carries it. */
export function pgDriver(): typeof pg {
  if (!pgModule) {
    pgModule = require('pg') as typeof pg;
    // PostgreSQL: keep int8 counts and numerics as JS numbers; the ids we use fit.
    pgModule.types.setTypeParser(20, (v) => Number(v));
    pgModule.types.setTypeParser(1700, (v) => Number(v));
  }
  return pgModule;
}

/** A PostgreSQL error (a process that never loaded the driver has none). */
export const isPgError = (err: unknown): err is pg.DatabaseError => !!pgModule && err instanceof pgModule.DatabaseError;

export function openDb(opts: { databaseUrl: string | null; dataDir: string; poolSize?: number }): Db {
  if (opts.databaseUrl) {
    const pool = new (pgDriver().Pool)({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // A pooled client that errors while idle must not crash the process.
    pool.on('error', () => {});
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', sqlitePath: null, close: () => kysely.destroy() };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = path.join(opts.dataDir, 'lienthong.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -32768');
  // Checkpoints run in a worker thread; this connection only checkpoints if that falls far behind.
  sqlite.pragma('wal_autocheckpoint = 20000');
  const checkpointer = startCheckpointer(file, require.resolve('better-sqlite3'));
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    kysely,
    dialect: 'sqlite',
    sqlitePath: file,
    close: async () => {
      await kysely.destroy();
      await checkpointer.stop();
    },
  };
}

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE), waiting for it up to
 * the busy timeout. A deferred one that reads, then writes after another process (the
 * command line beside the server) has written, fails at once with "database is locked":
 * its snapshot is stale, so SQLite cannot wait for it. In one process they run one at a
 * time anyway.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver() {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/**
 * Kysely prepares every query afresh; compiling the same SQL again costs more than running
 * it. Statements are kept by their text (the queries are parameterised, so the set is small).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/** Normalises a count or aggregate that PostgreSQL may return as a string. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
