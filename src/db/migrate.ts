import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.js';
import * as m001 from './migrations/001-core.js';
import * as m002 from './migrations/002-pg-search-vector.js';
import * as m003 from './migrations/003-sqlite-fts-prefix.js';
import * as m004 from './migrations/004-mail.js';
import * as m005 from './migrations/005-list-sorting.js';
import * as m006 from './migrations/006-interop.js';
import * as m007 from './migrations/007-portal.js';
import * as m008 from './migrations/008-federation.js';
import * as m010 from './migrations/010-inbox-write-cost.js';
import * as m011 from './migrations/011-audit-head-trigger.js';
import * as m012 from './migrations/012-outbox-bodies.js';
import * as m013 from './migrations/013-inbox-new-items.js';
import * as m014 from './migrations/014-background-leases.js';
import * as m015 from './migrations/015-sign-in-attempts.js';
import * as m016 from './migrations/016-file-texts-sender-code.js';
import * as m017 from './migrations/017-internal-notes.js';
import * as m018 from './migrations/018-indicators-tasks.js';
import * as m020 from './migrations/020-plans.js';
import * as m021 from './migrations/021-legal.js';
import * as m022 from './migrations/022-projects.js';
import * as m023 from './migrations/023-security.js';
import * as m024 from './migrations/024-surveys.js';
import * as m025 from './migrations/025-monitoring.js';
import * as m026 from './migrations/026-signing.js';
import * as m027 from './migrations/027-task-board-counts.js';
import * as m028 from './migrations/028-enterprise-profiles-backfill.js';
import * as m029 from './migrations/029-disbursement-automatic.js';
import * as m030 from './migrations/030-overdue-at-end-index.js';
import * as m031 from './migrations/031-plan-progress-files.js';
import * as m032 from './migrations/032-project-plan-links.js';
import * as m033 from './migrations/033-open-overdue-index.js';

/** Migrations in order; each receives the dialect for the few statements that differ. */
const MIGRATIONS = { '001-core': m001, '002-pg-search-vector': m002, '003-sqlite-fts-prefix': m003, '004-mail': m004, '005-list-sorting': m005, '006-interop': m006, '007-portal': m007, '008-federation': m008, '010-inbox-write-cost': m010, '011-audit-head-trigger': m011, '012-outbox-bodies': m012, '013-inbox-new-items': m013, '014-background-leases': m014, '015-sign-in-attempts': m015, '016-file-texts-sender-code': m016, '017-internal-notes': m017, '018-indicators-tasks': m018, '020-plans': m020, '021-legal': m021, '022-projects': m022, '023-security': m023, '024-surveys': m024, '025-monitoring': m025, '026-signing': m026, '027-task-board-counts': m027, '028-enterprise-profiles-backfill': m028, '029-disbursement-automatic': m029, '030-overdue-at-end-index': m030, '031-plan-progress-files': m031, '032-project-plan-links': m032, '033-open-overdue-index': m033 } as const;

// Capabilities are built side by side, so a migration may land after a higher-numbered one
// already ran somewhere; each migration touches only its own tables, so the order between
// them does not matter and an earlier-numbered newcomer simply runs.
function provider(db: Db): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (k) => m.up(k, db.dialect) };
      return out;
    },
  };
}

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1)!;

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: provider(db), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has run (for /readyz). */
export async function migrationsCurrent(db: Db): Promise<boolean> {
  const migrator = new Migrator({ db: db.kysely, provider: provider(db), allowUnorderedMigrations: true });
  const list = await migrator.getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}
