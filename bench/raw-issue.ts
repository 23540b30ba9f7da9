/**
 * The raw counterpart of the issue figure: the rows one issue + dispatch to 50 recipients
 * writes, written straight through the database driver (better-sqlite3, `pg`) with no HTTP,
 * no query builder and no checks — what the database alone can take. The rows are copied
 * from a document the server has just issued in the same database (same tables, same
 * indexes, same triggers, same sizes), one transaction per document as the server does:
 * the document row (the draft, then its number, symbol and search text), its 50 inbox items
 * at 01 with their 01 events, the register's counter, the shared body of the 50 mails and
 * the 50 outbox rows, the audit head and its entry (hash chained).
 */
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import SQLite from 'better-sqlite3';

export interface RawResult {
  connections: number;
  count: number;
  seconds: number;
  rate: number;
  /** CPU of this (client) process per document: the driver's own work. */
  cpuMsPerDoc: number;
}

type Row = Record<string, unknown>;

interface Template {
  doc: Row;
  items: Row[];
  events: Row[];
  body: Row | null;
  mails: Row[];
  audit: Row;
}

const omit = (r: Row, ...keys: string[]) => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The rows the server wrote for one issued document, read back as the template. */
async function readTemplate(q: (text: string, params: unknown[]) => Promise<Row[]>, p: (n: number) => string, documentId: number): Promise<Template> {
  const [doc] = await q(`SELECT * FROM documents WHERE id = ${p(1)}`, [documentId]);
  const items = await q(`SELECT * FROM inbox_items WHERE document_id = ${p(1)} ORDER BY id`, [documentId]);
  const events = await q(`SELECT * FROM status_events WHERE document_id = ${p(1)} ORDER BY id`, [documentId]);
  const mails = await q(`SELECT * FROM outbox WHERE document_id = ${p(1)} ORDER BY id`, [documentId]);
  const bodyId = mails[0]?.body_id ?? null;
  const [body] = bodyId === null ? [] : await q(`SELECT * FROM outbox_bodies WHERE id = ${p(1)}`, [bodyId]);
  const [audit] = await q(`SELECT * FROM audit_events WHERE entity_type = 'document' AND entity_id = ${p(1)} AND action = 'document.issue'`, [String(documentId)]);
  if (!doc || !items.length || !audit) throw new Error(`raw issue loop: document ${documentId} has no issue to copy`);
  return { doc, items, events, body: body ?? null, mails, audit };
}

/** Columns the database computes (PostgreSQL's generated search vector): not written. */
function withoutGenerated(t: Template, generated: Set<string>): Template {
  const strip = (table: string, r: Row) => Object.fromEntries(Object.entries(r).filter(([k]) => !generated.has(`${table}.${k}`)));
  return { ...t, doc: strip('documents', t.doc), items: t.items.map((r) => strip('inbox_items', r)), events: t.events.map((r) => strip('status_events', r)), mails: t.mails.map((r) => strip('outbox', r)) };
}

function insertText(table: string, columns: string[], rows: number, p: (n: number) => string, tail = ''): string {
  let n = 0;
  const values = Array.from({ length: rows }, () => `(${columns.map(() => p(++n)).join(', ')})`).join(', ');
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}${tail}`;
}

/** The statements of one issue, built once from the template; `run` executes one document. */
function plan(t: Template, p: (n: number) => string) {
  const draft = { ...omit(t.doc, 'id'), state: 'draft', register_id: null, number: null, notation: null, symbol: null, issue_year: null, issued_at: null, doc_date: null };
  const docCols = Object.keys(draft);
  const itemCols = Object.keys(omit(t.items[0]!, 'id', 'document_id'));
  const eventCols = Object.keys(omit(t.events[0]!, 'id', 'document_id', 'inbox_item_id'));
  const mailCols = t.mails.length ? Object.keys(omit(t.mails[0]!, 'id', 'document_id', 'dedupe_key', 'message_id', 'body_id')) : [];
  const auditCols = ['seq', 'at', 'actor_user_id', 'org_id', 'action', 'entity_type', 'entity_id', 'data', 'prev_hash', 'hash'];
  return {
    insertDoc: { text: `${insertText('documents', docCols, 1, p)} RETURNING id`, params: () => docCols.map((c) => draft[c as keyof typeof draft] ?? null) },
    insertItems: {
      text: `${insertText('inbox_items', ['document_id', ...itemCols], t.items.length, p)} RETURNING id, org_id`,
      params: (docId: number) => t.items.flatMap((r) => [docId, ...itemCols.map((c) => r[c] ?? null)]),
    },
    insertEvents: {
      text: insertText('status_events', ['document_id', 'inbox_item_id', ...eventCols], t.events.length, p),
      params: (docId: number, itemIds: number[]) => t.events.flatMap((r, i) => [docId, itemIds[i] ?? itemIds[0], ...eventCols.map((c) => r[c] ?? null)]),
    },
    counter: {
      text: `INSERT INTO register_counters (register_id, year, series, last_number) VALUES (${p(1)}, ${p(2)}, 'main', 1) ON CONFLICT (register_id, year, series) DO UPDATE SET last_number = register_counters.last_number + 1 RETURNING last_number`,
      params: () => [t.doc.register_id, t.doc.issue_year],
    },
    issueDoc: {
      text: `UPDATE documents SET state = 'issued', register_id = ${p(1)}, number = ${p(2)}, notation = ${p(3)}, symbol = ${p(4)}, issue_year = ${p(5)}, issued_at = ${p(6)}, doc_date = ${p(7)}, search_text = ${p(8)}, access_tokens = ${p(9)}, updated_at = ${p(10)} WHERE id = ${p(11)}`,
      params: (docId: number, number: number) => [t.doc.register_id, number, t.doc.notation, `${number}/${t.doc.notation}`, t.doc.issue_year, t.doc.issued_at, t.doc.doc_date, t.doc.search_text, t.doc.access_tokens, t.doc.updated_at, docId],
    },
    insertBody: t.body ? { text: `${insertText('outbox_bodies', ['payload'], 1, p)} RETURNING id`, params: () => [t.body!.payload] } : null,
    insertMails: t.mails.length
      ? {
          text: insertText('outbox', ['document_id', 'dedupe_key', 'message_id', 'body_id', ...mailCols], t.mails.length, p, ' ON CONFLICT ("dedupe_key") DO NOTHING'),
          params: (docId: number, bodyId: number | null) =>
            t.mails.flatMap((r, i) => [docId, `raw:${docId}:${i}`, `<${Date.now().toString(36)}.${randomUUID()}@raw>`, bodyId, ...mailCols.map((c) => r[c] ?? null)]),
        }
      : null,
    auditHead: { text: 'UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash', params: () => [] },
    insertAudit: {
      text: insertText('audit_events', auditCols, 1, p),
      params: (docId: number, head: { seq: unknown; hash: unknown }) => {
        const data = String(t.audit.data);
        const fields = [Number(head.seq), t.audit.at, t.audit.actor_user_id, t.audit.org_id, 'document.issue', 'document', String(docId), data];
        return [...fields, head.hash, sha(`${String(head.hash)}\n${JSON.stringify(fields)}`)];
      },
    },
  };
}

/** better-sqlite3, one process, one transaction per document (WAL, synchronous NORMAL as the server). */
export async function rawIssueSqlite(file: string, templateDocumentId: number, count: number): Promise<RawResult> {
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -32768');
    const t = await readTemplate(async (text, params) => db.prepare(text).all(...params) as Row[], () => '?', templateDocumentId);
    const s = plan(t, () => '?');
    const st = {
      insertDoc: db.prepare(s.insertDoc.text),
      insertItems: db.prepare(s.insertItems.text),
      insertEvents: db.prepare(s.insertEvents.text),
      counter: db.prepare(s.counter.text),
      issueDoc: db.prepare(s.issueDoc.text),
      insertBody: s.insertBody ? db.prepare(s.insertBody.text) : null,
      insertMails: s.insertMails ? db.prepare(s.insertMails.text) : null,
      auditHead: db.prepare(s.auditHead.text),
      insertAudit: db.prepare(s.insertAudit.text),
    };
    const one = db.transaction(() => {
      const docId = Number((st.insertDoc.get(...s.insertDoc.params()) as { id: number }).id);
      const items = st.insertItems.all(...s.insertItems.params(docId)) as { id: number }[];
      st.insertEvents.run(...s.insertEvents.params(docId, items.map((i) => Number(i.id))));
      const number = Number((st.counter.get(...s.counter.params()) as { last_number: number }).last_number);
      st.issueDoc.run(...s.issueDoc.params(docId, number));
      const bodyId = st.insertBody ? Number((st.insertBody.get(...s.insertBody!.params()) as { id: number }).id) : null;
      if (st.insertMails) st.insertMails.run(...s.insertMails!.params(docId, bodyId));
      const head = st.auditHead.get() as { seq: number; hash: string };
      st.insertAudit.run(...s.insertAudit.params(docId, head));
    });
    const cpu0 = cpuNow();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) one();
    const seconds = (performance.now() - t0) / 1000;
    return { connections: 1, count, seconds, rate: count / seconds, cpuMsPerDoc: (cpuNow() - cpu0) / count };
  } finally {
    db.close();
  }
}

/** `pg`, `connections` clients each issuing its share, one transaction per document. */
export async function rawIssuePg(url: string, templateDocumentId: number, count: number, connections: number): Promise<RawResult> {
  const p = (n: number) => `$${n}`;
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  try {
    const first = clients[0]!;
    const generated = new Set(
      (await first.query<{ c: string }>(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND is_generated = 'ALWAYS'`)).rows.map((r) => r.c),
    );
    const t = withoutGenerated(await readTemplate(async (text, params) => (await first.query(text, params)).rows as Row[], p, templateDocumentId), generated);
    const s = plan(t, p);
    const one = async (c: pg.Client) => {
      await c.query('BEGIN');
      try {
        const docId = Number((await c.query(s.insertDoc.text, s.insertDoc.params())).rows[0].id);
        const items = (await c.query(s.insertItems.text, s.insertItems.params(docId))).rows as { id: number }[];
        await c.query(s.insertEvents.text, s.insertEvents.params(docId, items.map((i) => Number(i.id))));
        const number = Number((await c.query(s.counter.text, s.counter.params())).rows[0].last_number);
        await c.query(s.issueDoc.text, s.issueDoc.params(docId, number));
        const bodyId = s.insertBody ? Number((await c.query(s.insertBody.text, s.insertBody.params())).rows[0].id) : null;
        if (s.insertMails) await c.query(s.insertMails.text, s.insertMails.params(docId, bodyId));
        const head = (await c.query(s.auditHead.text)).rows[0] as { seq: string; hash: string };
        await c.query(s.insertAudit.text, s.insertAudit.params(docId, head));
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      }
    };
    let next = 0;
    const cpu0 = cpuNow();
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        while (next++ < count) await one(c);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { connections, count, seconds, rate: count / seconds, cpuMsPerDoc: (cpuNow() - cpu0) / count };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}
