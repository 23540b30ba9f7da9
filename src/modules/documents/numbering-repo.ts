import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import { invalid } from '../../domain/errors.js';

/**
 * Takes the next number of a register's series for a year. The upsert locks the counter
 * row until the transaction ends, so concurrent issuers (several server processes on
 * PostgreSQL) queue on it and a rolled-back issue leaves no gap.
 */
export async function nextNumber(trx: Executor, registerId: number, year: number, series: string): Promise<number> {
  const row = await trx
    .insertInto('register_counters')
    .values({ register_id: registerId, year, series, last_number: 1 })
    .onConflict((oc) => oc.columns(['register_id', 'year', 'series']).doUpdateSet({ last_number: sql`register_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/** The register a document goes in: the one asked for, else the agency's first fitting book. */
export async function chooseRegister(trx: Executor, agencyId: number, kind: 'outgoing' | 'incoming', secret: boolean, typeCode: string | null, wanted?: number | null) {
  let q = trx
    .selectFrom('registers')
    .selectAll()
    .where('org_id', '=', agencyId)
    .where('kind', '=', kind)
    .where('secret', '=', secret ? 1 : 0)
    .where('active', '=', 1)
    .orderBy('id');
  if (wanted) q = q.where('id', '=', wanted);
  const regs = await q.execute();
  // A book kept for this document type wins over the general book.
  const fit = (typeCode ? regs.find((r) => r.type_codes?.split(',').includes(typeCode)) : undefined) ?? regs.find((r) => !r.type_codes) ?? (wanted ? regs[0] : undefined);
  if (!fit) {
    throw invalid(
      'registerId',
      `Cơ quan chưa có sổ văn bản ${kind === 'outgoing' ? 'đi' : 'đến'}${secret ? ' mật' : ''} phù hợp.`,
      `The agency has no fitting ${secret ? 'secret ' : ''}${kind} register.`,
    );
  }
  return fit;
}
