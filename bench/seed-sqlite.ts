import SQLite from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { DOC_COLUMNS, ITEM_COLUMNS, generator, type BasePlan, type SeedAgency } from './generate.js';
import { deriveStatements, staffTable } from './derive.js';

export interface SeedResult {
  seconds: number;
  ftsSeconds: number;
  rows: Record<string, number>;
}

const insertSql = (table: string, cols: readonly string[]) => `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;

export const AGENCY_QUERIES = {
  orgs: `SELECT id, short_name, kind, parent_id FROM organizations WHERE active = 1 ORDER BY id`,
  users: `SELECT u.id, u.username, u.full_name, u.org_id, r.role FROM users u JOIN user_roles r ON r.user_id = u.id ORDER BY u.id`,
  regs: `SELECT id, org_id, kind FROM registers WHERE secret = 0 AND active = 1 ORDER BY id`,
  counters: `SELECT register_id, year, last_number FROM register_counters WHERE series = 'main'`,
};

/** The agencies of the demo province that have a clerk, leader and specialist. */
export function pickAgencies(orgsAll: any[], users: any[], regs: any[]): SeedAgency[] {
  const out: SeedAgency[] = [];
  for (const o of orgsAll.filter((x) => x.kind === 'agency')) {
    const units = new Set(orgsAll.filter((u) => u.parent_id === o.id && u.kind === 'unit').map((u) => u.id));
    const mine = users.filter((u) => u.org_id === o.id || units.has(u.org_id));
    const clerk = mine.find((u) => u.role === 'clerk');
    const leader = mine.find((u) => u.role === 'leader');
    const specialist = mine.find((u) => u.role === 'specialist');
    if (!clerk || !leader || !specialist) continue; // agencies made by the bench only receive
    const outRegister = regs.find((g) => g.org_id === o.id && g.kind === 'outgoing')?.id;
    const inRegister = regs.find((g) => g.org_id === o.id && g.kind === 'incoming')?.id;
    if (!outRegister || !inRegister) continue;
    const weight = clerk.username === 'vanthu.ubnd' ? 4 : ['VPUBND', 'STC', 'SKHCN'].includes(o.short_name) ? 2 : 1;
    out.push({
      id: o.id,
      shortName: o.short_name,
      weight,
      outRegister,
      inRegister,
      clerk: { id: clerk.id, name: clerk.full_name },
      leader: { id: leader.id, name: leader.full_name },
      specialist: { id: specialist.id, name: specialist.full_name, orgId: specialist.org_id },
    });
  }
  return out;
}

export const counterMap = (rows: any[]) => new Map<string, number>(rows.map((c) => [`${c.register_id}:${c.year}`, Number(c.last_number)]));

/**
 * Bulk seeding into the (stopped) server's SQLite file: prepared statements inside large
 * transactions; the secondary indexes and the triggers (FTS, urgency rank) are dropped for the load, the index is filled with one
 * INSERT … SELECT (the very expression the trigger uses) and the triggers put back from
 * their own stored SQL, so the end state is what the application would have written.
 */
export function seedSqlite(file: string, plan: BasePlan, log: (s: string) => void): SeedResult {
  const t0 = performance.now();
  const db = new SQLite(file);
  const all = (q: string) => db.prepare(q).all() as any[];
  const agencies = pickAgencies(all(AGENCY_QUERIES.orgs), all(AGENCY_QUERIES.users), all(AGENCY_QUERIES.regs));
  const numbers = counterMap(all(AGENCY_QUERIES.counters));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = OFF');
  const firstDocId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM documents').get() as { n: number }).n;
  const firstItemId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM inbox_items').get() as { n: number }).n;
  const gen = generator({ ...plan, agencies, firstDocId, firstItemId }, numbers);

  // The secondary indexes of the tables loaded (not the primary keys nor the unique
  // constraints, whose sql is null) are dropped for the load and created again from their
  // stored SQL afterwards: one sort per index instead of millions of scattered B-tree inserts.
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('documents', 'inbox_items', 'status_events', 'assignments', 'document_recipients')`)
    .all() as { name: string; sql: string }[];
  for (const x of indexes) db.exec(`DROP INDEX ${x.name}`);
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('documents', 'inbox_items')`).all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);

  const insDoc = db.prepare(insertSql('documents', DOC_COLUMNS));
  const insItem = db.prepare(insertSql('inbox_items', ITEM_COLUMNS));
  const rows: Record<string, number> = { documents: 0, inbox_items: 0 };
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const b = gen.make(i);
      insDoc.run(b.doc);
      for (const x of b.items) insItem.run(x);
      rows.documents!++;
      rows.inbox_items! += b.items.length;
    }
  });
  const step = 50_000;
  for (let i = 0; i < plan.count; i += step) {
    chunk(i, Math.min(plan.count, i + step));
    if ((i + step) % 200_000 === 0) log(`  ${i + step} documents, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const td = performance.now();
  db.transaction(() => {
    for (const q of staffTable('sqlite', agencies)) db.exec(q);
    for (const d of deriveStatements('sqlite', firstItemId)) {
      const key = d.name.split(' ')[0]!;
      rows[key] = (rows[key] ?? 0) + db.prepare(d.sql).run().changes;
    }
    db.exec('DROP TABLE bench_staff');
  })();
  log(`  derived recipients, assignments and status trail: ${((performance.now() - td) / 1000).toFixed(1)} s`);

  const tf = performance.now();
  db.transaction(() => {
    db.prepare(`INSERT INTO documents_fts(rowid, body) SELECT id, search_text || ' ' || content_text || ' ' || access_tokens FROM documents WHERE id >= ?`).run(firstDocId);
    for (const t of triggers) db.exec(t.sql);
    const counter = db.prepare(
      `INSERT INTO register_counters (register_id, year, series, last_number) VALUES (?, ?, 'main', ?)
       ON CONFLICT (register_id, year, series) DO UPDATE SET last_number = max(last_number, excluded.last_number)`,
    );
    for (const [k, n] of gen.counters.numbers) {
      const [reg, year] = k.split(':').map(Number);
      counter.run(reg, year, n);
    }
  })();
  const ftsSeconds = (performance.now() - tf) / 1000;
  const ti = performance.now();
  for (const x of indexes) db.exec(x.sql);
  log(`  ${indexes.length} indexes created again: ${((performance.now() - ti) / 1000).toFixed(1)} s`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { seconds: (performance.now() - t0) / 1000, ftsSeconds, rows };
}
