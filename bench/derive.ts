import { ASSIGN_AFTER, DIRECTIONS, RECALL_REASON, REJECT_REASON, START_AFTER, type SeedAgency } from './generate.js';

/**
 * The rows that follow from the seeded inbox items, written by the database itself
 * (INSERT … SELECT runs in C, far faster than binding millions of rows from JavaScript):
 * the planned recipients, the lead assignment of items at 04–06, and the status trail
 * (01 arrived, 02/03, 04 assigned, 05 started, 06 completed, 13/15 for recalled items)
 * with the actor who would have done each step.
 */
export type Dialect = 'sqlite' | 'postgres';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function staffTable(dialect: Dialect, agencies: SeedAgency[]): string[] {
  const rows = agencies.map((a) => `(${a.id}, ${a.clerk.id}, ${lit(a.clerk.name)}, ${a.leader.id}, ${lit(a.leader.name)}, ${a.specialist.id}, ${lit(a.specialist.name)})`);
  return [
    `DROP TABLE IF EXISTS bench_staff`,
    `CREATE TEMP TABLE bench_staff (org_id integer primary key, clerk_id integer, clerk_name text, leader_id integer, leader_name text, specialist_id integer, specialist_name text)`,
    `INSERT INTO bench_staff VALUES ${rows.join(', ')}`,
  ].map((s) => (dialect === 'postgres' ? s.replace('DROP TABLE IF EXISTS bench_staff', 'DROP TABLE IF EXISTS pg_temp.bench_staff') : s));
}

export function deriveStatements(dialect: Dialect, firstItemId: number): { name: string; sql: string }[] {
  const plus = (col: string, minutes: number) =>
    dialect === 'sqlite'
      ? `strftime('%Y-%m-%dT%H:%M:%fZ', ${col}, '${minutes >= 0 ? '+' : ''}${minutes} minutes')`
      : `to_char(((${col})::timestamptz + interval '${minutes} minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const direction = `CASE i.id % 3 WHEN 0 THEN ${lit(DIRECTIONS[0]!)} WHEN 1 THEN ${lit(DIRECTIONS[1]!)} ELSE ${lit(DIRECTIONS[2]!)} END`;
  const ev = `INSERT INTO status_events (inbox_item_id, document_id, org_id, status, actor_user_id, actor_name, at, note)`;
  const from = `FROM inbox_items i JOIN bench_staff s ON s.org_id = i.org_id WHERE i.id >= ${firstItemId}`;
  return [
    { name: 'document_recipients', sql: `INSERT INTO document_recipients (document_id, org_id) SELECT i.document_id, i.org_id FROM inbox_items i WHERE i.id >= ${firstItemId} ORDER BY i.id` },
    {
      name: 'assignments',
      sql: `INSERT INTO assignments (inbox_item_id, assignee_user_id, assignee_org_id, role, deadline, direction, assigned_by, assigned_at, done_at)
            SELECT i.id, s.specialist_id, NULL, 'lead', i.deadline, ${direction}, s.leader_id, ${plus('i.registered_at', ASSIGN_AFTER)}, i.completed_at
            ${from} AND i.status IN ('04', '05', '06') ORDER BY i.id`,
    },
    {
      // One pass, in item order and step order, so the ids follow each item's trail as the
      // application would write them and both indexes of status_events grow at their end.
      name: 'status_events',
      sql: `${ev} SELECT item, doc, org, status, actor, actor_name, at, note FROM (
          SELECT i.id AS item, i.document_id AS doc, i.org_id AS org, 1 AS step, '01' AS status, NULL AS actor, 'Hệ thống' AS actor_name, i.arrived_at AS at, NULL AS note
            FROM inbox_items i WHERE i.id >= ${firstItemId}
          UNION ALL SELECT i.id, i.document_id, i.org_id, 2, '02', s.clerk_id, s.clerk_name, i.updated_at, ${lit(REJECT_REASON)} ${from} AND i.status = '02'
          UNION ALL SELECT i.id, i.document_id, i.org_id, 3, '03', s.clerk_id, s.clerk_name, i.registered_at, 'Số đến ' || CAST(i.arrival_number AS text) ${from} AND i.registered_at IS NOT NULL
          UNION ALL SELECT i.id, i.document_id, i.org_id, 4, '04', s.leader_id, s.leader_name, ${plus('i.registered_at', ASSIGN_AFTER)}, ${direction} ${from} AND i.status IN ('04', '05', '06')
          UNION ALL SELECT i.id, i.document_id, i.org_id, 5, '05', s.specialist_id, s.specialist_name, ${plus('i.registered_at', START_AFTER)}, NULL ${from} AND i.status IN ('05', '06')
          UNION ALL SELECT i.id, i.document_id, i.org_id, 6, '06', s.specialist_id, s.specialist_name, i.completed_at, i.result_note ${from} AND i.status = '06'
          UNION ALL SELECT i.id, i.document_id, i.org_id, 7, '13', s.clerk_id, s.clerk_name, ${plus('i.updated_at', -1)}, ${lit(RECALL_REASON)}
            FROM inbox_items i JOIN documents d ON d.id = i.document_id JOIN bench_staff s ON s.org_id = d.org_id WHERE i.id >= ${firstItemId} AND i.withdrawn = 1
          UNION ALL SELECT i.id, i.document_id, i.org_id, 8, '15', s.clerk_id, s.clerk_name, i.updated_at, NULL ${from} AND i.withdrawn = 1
        ) AS e ORDER BY item, step`,
    },
  ];
}
