import type { Executor } from '../../db/connect.js';
import type { OrganFacts } from '../../domain/edxml/mapping.js';

/**
 * Organisations of the directory as edXML From / To describe them: the governing body
 * (OrganizationInCharge) is the organisation above, the province for its agencies.
 */
export async function organFactsOf(db: Executor, ids: number[]): Promise<Map<number, OrganFacts & { id: number }>> {
  const out = new Map<number, OrganFacts & { id: number }>();
  if (!ids.length) return out;
  const orgs = await db
    .selectFrom('organizations as o')
    .leftJoin('organizations as p', 'p.id', 'o.parent_id')
    .select(['o.id', 'o.code', 'o.name', 'o.address', 'o.email', 'o.phone', 'o.website', 'p.name as parent_name'])
    .where('o.id', 'in', [...new Set(ids)])
    .execute();
  for (const o of orgs) out.set(o.id, factsOfRow(o));
  return out;
}

export type OrganRow = { id: number; code: string | null; name: string; address: string | null; email: string | null; phone: string | null; website: string | null; parent_name: string | null };
export const factsOfRow = (o: OrganRow): OrganFacts & { id: number } => ({ id: o.id, code: o.code ?? '', name: o.name, inCharge: o.parent_name ?? '', address: o.address ?? '', email: o.email ?? '', phone: o.phone ?? '', website: o.website ?? '' });

export async function organFacts(db: Executor, id: number) {
  return (await organFactsOf(db, [id])).get(id)!;
}

/** Where documents are promulgated (PromulgationInfo/Place): the province's name without "Tỉnh". */
export async function promulgationPlace(db: Executor): Promise<string> {
  const province = await db.selectFrom('organizations').select('name').where('kind', '=', 'province').orderBy('id').executeTakeFirst();
  return (province?.name ?? '').replace(/^(Tỉnh|Thành phố)\s+/i, '').slice(0, 50);
}
