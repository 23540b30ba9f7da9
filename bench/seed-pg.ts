import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { DOC_COLUMNS, INT_COLUMNS, ITEM_COLUMNS, generator, type BasePlan } from './generate.js';
import { deriveStatements, staffTable } from './derive.js';
import { AGENCY_QUERIES, counterMap, pickAgencies, type SeedResult } from './seed-sqlite.js';

type Cell = string | number | null;

/** Column-wise batch for `INSERT … SELECT * FROM unnest($1::int[], $2::text[], …)`. */
class Batch {
  cols: Cell[][];
  constructor(
    readonly table: string,
    readonly names: readonly string[],
  ) {
    this.cols = names.map(() => []);
  }
  add(row: Cell[]) {
    for (let i = 0; i < row.length; i++) this.cols[i]!.push(row[i]!);
  }
  get size() {
    return this.cols[0]!.length;
  }
  sql() {
    const types = this.names.map((n, i) => `$${i + 1}::${INT_COLUMNS.has(n) ? 'int' : 'text'}[]`);
    return `INSERT INTO ${this.table} (${this.names.join(', ')}) SELECT * FROM unnest(${types.join(', ')})`;
  }
}

/**
 * Bulk seeding of a PostgreSQL database the server has migrated (and stopped using):
 * multi-row inserts from column arrays; the secondary indexes of the big tables (the FTS
 * GIN index included) are dropped for the load and created again from their own stored
 * definitions; sequences and register counters are moved past the seeded rows.
 */
export async function seedPg(url: string, plan: BasePlan, log: (s: string) => void): Promise<SeedResult> {
  const t0 = performance.now();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const all = async (q: string) => (await db.query(q)).rows;
    const agencies = pickAgencies(await all(AGENCY_QUERIES.orgs), await all(AGENCY_QUERIES.users), await all(AGENCY_QUERIES.regs));
    const numbers = counterMap(await all(AGENCY_QUERIES.counters));
    const firstDocId = Number((await db.query('SELECT coalesce(max(id), 0) + 1 AS n FROM documents')).rows[0].n);
    const firstItemId = Number((await db.query('SELECT coalesce(max(id), 0) + 1 AS n FROM inbox_items')).rows[0].n);
    const gen = generator({ ...plan, agencies, firstDocId, firstItemId }, numbers);

    // Secondary indexes (not primary keys or unique constraints) of the tables loaded.
    const indexes = (
      await db.query(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
         WHERE i.schemaname = 'public' AND i.tablename IN ('documents', 'inbox_items', 'status_events', 'assignments')
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      )
    ).rows as { indexname: string; indexdef: string }[];
    for (const i of indexes) await db.query(`DROP INDEX ${i.indexname}`);
    // The generator fills the items' urgency rank itself; the trigger would do it row by row.
    await db.query('ALTER TABLE inbox_items DISABLE TRIGGER USER');
    await db.query('SET synchronous_commit = off');

    const rows: Record<string, number> = { documents: 0, inbox_items: 0 };
    const step = 5_000;
    let inFlight: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < plan.count; i += step) {
      const b = { documents: new Batch('documents', DOC_COLUMNS), inbox_items: new Batch('inbox_items', ITEM_COLUMNS) };
      for (let k = i; k < Math.min(plan.count, i + step); k++) {
        const x = gen.make(k);
        b.documents.add(x.doc);
        for (const r of x.items) b.inbox_items.add(r);
      }
      for (const [k, batch] of Object.entries(b)) rows[k] = (rows[k] ?? 0) + batch.size;
      await inFlight; // one batch in the database while the next is generated
      inFlight = (async () => {
        await db.query('BEGIN');
        for (const batch of Object.values(b)) if (batch.size) await db.query(batch.sql(), batch.cols);
        await db.query('COMMIT');
      })();
      if ((i + step) % 200_000 === 0) log(`  ${i + step} documents, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await inFlight;
    const td = performance.now();
    await db.query('BEGIN');
    for (const q of staffTable('postgres', agencies)) await db.query(q);
    for (const d of deriveStatements('postgres', firstItemId)) {
      const key = d.name.split(' ')[0]!;
      rows[key] = (rows[key] ?? 0) + ((await db.query(d.sql)).rowCount ?? 0);
    }
    await db.query('COMMIT');
    log(`  derived recipients, assignments and status trail: ${((performance.now() - td) / 1000).toFixed(1)} s`);

    await db.query('ALTER TABLE inbox_items ENABLE TRIGGER USER');
    const tf = performance.now();
    await db.query(`SET maintenance_work_mem = '512MB'`);
    for (const i of indexes) {
      const ti = performance.now();
      await db.query(i.indexdef);
      log(`  index ${i.indexname}: ${((performance.now() - ti) / 1000).toFixed(1)} s`);
    }
    for (const t of ['documents', 'inbox_items', 'status_events', 'assignments']) {
      await db.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
    }
    for (const [k, n] of gen.counters.numbers) {
      const [reg, year] = k.split(':').map(Number);
      await db.query(
        `INSERT INTO register_counters (register_id, year, series, last_number) VALUES ($1, $2, 'main', $3)
         ON CONFLICT (register_id, year, series) DO UPDATE SET last_number = greatest(register_counters.last_number, excluded.last_number)`,
        [reg, year, n],
      );
    }
    // What autovacuum does shortly after a load of this size; done now so plans are settled.
    await db.query('VACUUM ANALYZE');
    const ftsSeconds = (performance.now() - tf) / 1000;
    return { seconds: (performance.now() - t0) / 1000, ftsSeconds, rows };
  } finally {
    await db.end();
  }
}
