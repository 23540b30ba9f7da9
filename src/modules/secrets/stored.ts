import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Executor } from '../../db/connect.js';
import { appendAudit } from '../audit/service.js';
import { loadSecretsKey, type SecretsKey } from './key.js';
import type { SecretsConfig } from '../../server/config.js';
import { isSealed, openSecret, sealSecret, sealedKeyId } from './seal.js';

/** The columns holding secrets: every write stores them sealed, every use opens them. */
export const SEALED_COLUMNS = [
  { table: 'imap_accounts', id: 'id', column: 'password' },
  { table: 'federation_peers', id: 'id', column: 'inbound_secret' },
  { table: 'federation_peers', id: 'id', column: 'outbound_secret' },
  { table: 'federation_peers', id: 'id', column: 'our_private_key_pem' },
  { table: 'edxml_keys', id: 'org_id', column: 'private_key_pem' },
  { table: 'signing_keys', id: 'id', column: 'secret' },
] as const;

interface Stored {
  column: (typeof SEALED_COLUMNS)[number];
  id: number;
  value: string;
}

const nameOf = (s: Stored) => `${s.column.table}.${s.column.column}`;

async function storedValues(db: Executor): Promise<Stored[]> {
  const out: Stored[] = [];
  for (const c of SEALED_COLUMNS) {
    const r = await sql<{ id: number; value: string }>`select ${sql.ref(c.id)} as id, ${sql.ref(c.column)} as value from ${sql.table(c.table)} where ${sql.ref(c.column)} is not null order by 1`.execute(db);
    for (const row of r.rows) out.push({ column: c, id: Number(row.id), value: row.value });
  }
  return out;
}

/**
 * Writes the new values in one transaction, each only if the row still holds what was read
 * (a value changed meanwhile was written sealed by its writer). The values are read before
 * the transaction, so on SQLite it starts with a write and never meets a stale snapshot.
 */
async function rewrite(db: Kysely<Database>, changes: { stored: Stored; value: string }[], audit: (counts: Record<string, number>) => Parameters<typeof appendAudit>[1]): Promise<Stored[]> {
  if (!changes.length) return [];
  return db.transaction().execute(async (trx) => {
    const written: Stored[] = [];
    for (const { stored: s, value } of changes) {
      const r = await sql`update ${sql.table(s.column.table)} set ${sql.ref(s.column.column)} = ${value} where ${sql.ref(s.column.id)} = ${s.id} and ${sql.ref(s.column.column)} = ${s.value}`.execute(trx);
      if (Number(r.numAffectedRows ?? 0) === 1) written.push(s);
    }
    const counts: Record<string, number> = {};
    for (const s of written) counts[nameOf(s)] = (counts[nameOf(s)] ?? 0) + 1;
    if (written.length) await appendAudit(trx, audit(counts));
    return written;
  });
}

/** Values left in clear by an older version are sealed with the current key (idempotent). */
export async function sealClearSecrets(db: Kysely<Database>, key: SecretsKey, at: string): Promise<number> {
  const clear = (await storedValues(db)).filter((s) => !isSealed(s.value));
  const written = await rewrite(
    db,
    clear.map((stored) => ({ stored, value: sealSecret(key, stored.value) })),
    (sealed) => ({ at, actorUserId: null, orgId: null, action: 'secrets.seal', entityType: 'secrets', entityId: key.id, data: { keyId: key.id, sealed } }),
  );
  return written.length;
}

/** Loads this process's key and seals what an older version left in clear: run after the migrations. */
export async function prepareSecrets(db: Kysely<Database>, config: { dataDir: string; secrets: SecretsConfig }, now: () => Date): Promise<SecretsKey> {
  const key = loadSecretsKey(config);
  await sealClearSecrets(db, key, now().toISOString());
  return key;
}

/** How many stored secrets are sealed with another key than this one (they cannot be opened here). */
export async function countUnderOtherKeys(db: Executor, key: SecretsKey): Promise<number> {
  return (await storedValues(db)).filter((s) => isSealed(s.value) && sealedKeyId(s.value) !== key.id).length;
}

const bilingual = (vi: string, en: string) => Object.assign(new Error(en), { messageVi: vi });

export interface ResealResult {
  /** Sealed with the old key, now with the current one. */
  resealed: number;
  /** Found in clear, now sealed. */
  sealedFromClear: number;
  /** Already sealed with the current key. */
  unchanged: number;
}

/** Key rotation: every stored secret sealed with the old key (or in clear) is sealed again with the current one. */
export async function resealSecrets(db: Kysely<Database>, current: SecretsKey, old: SecretsKey, at: string): Promise<ResealResult> {
  if (old.id === current.id) {
    throw bilingual(
      `--old-key-file là chính khóa hiện tại (khóa ${current.id}): hãy đặt khóa mới vào SECRETS_KEY (hoặc SECRETS_KEY_FILE) rồi chạy lại.`,
      `--old-key-file is the current key (key ${current.id}): put the new key in SECRETS_KEY (or SECRETS_KEY_FILE) and run again.`,
    );
  }
  const result: ResealResult = { resealed: 0, sealedFromClear: 0, unchanged: 0 };
  const changes: { stored: Stored; value: string }[] = [];
  for (const s of await storedValues(db)) {
    const keyId = sealedKeyId(s.value);
    if (keyId === current.id) {
      result.unchanged++;
      continue;
    }
    if (keyId !== null && keyId !== old.id) {
      throw bilingual(
        `${nameOf(s)} #${s.id} được niêm phong bằng khóa ${keyId}: không phải SECRETS_KEY (khóa ${current.id}) cũng không phải --old-key-file (khóa ${old.id}). Không giá trị nào được đổi.`,
        `${nameOf(s)} #${s.id} is sealed with key ${keyId}: neither SECRETS_KEY (key ${current.id}) nor --old-key-file (key ${old.id}). Nothing was changed.`,
      );
    }
    const clear = openSecret(s.value, { vi: `${nameOf(s)} #${s.id}`, en: `${nameOf(s)} #${s.id}` });
    changes.push({ stored: s, value: sealSecret(current, clear) });
  }
  const written = await rewrite(db, changes, (resealed) => ({ at, actorUserId: null, orgId: null, action: 'secrets.reseal', entityType: 'secrets', entityId: current.id, data: { keyId: current.id, fromKeyId: old.id, resealed } }));
  for (const s of written) {
    if (isSealed(s.value)) result.resealed++;
    else result.sealedFromClear++;
  }
  return result;
}
