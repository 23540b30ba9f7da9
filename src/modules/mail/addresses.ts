import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import { agencyOf } from '../directory/repo.js';

/**
 * Official addresses: every organisation's `organizations.email` and its aliases
 * (`mail_aliases`). Mail to one of them reaches the inbox of the agency the organisation
 * belongs to; the same addresses identify a known sender.
 */

const ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Lower case, without angle brackets or spaces; null when it is not an address. */
export function normalizeAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const a = value.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return a.length <= 254 && ADDRESS.test(a) ? a : null;
}

export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

export interface Mailbox {
  address: string;
  /** The agency whose inbox receives it. */
  agencyId: number;
  agencyName: string;
  /** The organisation the address belongs to (the agency itself or one of its units). */
  orgId: number;
}

/** The organisation an address belongs to (official address first, then aliases), active or not: one query. */
async function ownerOf(db: Executor, address: string) {
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'active', 'kind', sql<number>`0`.as('rank')])
    .where(sql<string>`lower(email)`, '=', address)
    .unionAll(
      db
        .selectFrom('mail_aliases as a')
        .innerJoin('organizations as o', 'o.id', 'a.org_id')
        .select(['o.id', 'o.name', 'o.active', 'o.kind', sql<number>`1`.as('rank')])
        .where('a.address', '=', address),
    )
    .execute();
  // The official address wins over an alias, an active organisation over an inactive one.
  return rows.sort((x, y) => Number(x.rank) - Number(y.rank) || Number(y.active) - Number(x.active) || x.id - y.id)[0];
}

/**
 * The mailbox an address is, when it is one this platform receives for: an address of an
 * active organisation inside an active agency. Anything else is refused (no relaying).
 */
export async function resolveMailbox(db: Executor, addressIn: string): Promise<Mailbox | null> {
  const address = normalizeAddress(addressIn);
  if (!address) return null;
  const owner = await ownerOf(db, address);
  if (!owner || Number(owner.active) !== 1) return null;
  if (owner.kind === 'agency') return { address, agencyId: owner.id, agencyName: owner.name, orgId: owner.id };
  const agencyId = await agencyOf(db, owner.id);
  const agency = await db.selectFrom('organizations').select(['id', 'name', 'kind', 'active']).where('id', '=', agencyId).executeTakeFirst();
  if (!agency || agency.kind !== 'agency' || Number(agency.active) !== 1) return null;
  return { address, agencyId, agencyName: agency.name, orgId: owner.id };
}

/**
 * The known organisation a sender address belongs to: an organisation's official address
 * or alias, or the address of one of its users (their agency). Null: an external sender.
 */
export async function senderOrganization(db: Executor, addressIn: string | null): Promise<{ id: number; name: string } | null> {
  const address = normalizeAddress(addressIn);
  if (!address) return null;
  const owner = await ownerOf(db, address);
  if (owner) return { id: owner.id, name: owner.name };
  const user = await db.selectFrom('users').select('org_id').where(sql<string>`lower(email)`, '=', address).where('active', '=', 1).executeTakeFirst();
  if (!user) return null;
  const agency = await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', await agencyOf(db, user.org_id)).executeTakeFirst();
  return agency ?? null;
}

/** Whether an address is already an official address or an alias of some organisation. */
export async function addressTaken(db: Executor, address: string): Promise<boolean> {
  return (await ownerOf(db, address)) !== undefined;
}

/**
 * The published list: every active agency and unit inside an active agency that has an
 * address, with its official address and aliases — exactly the addresses mail is accepted for.
 */
export async function listMailboxes(db: Executor) {
  const orgs = await db.selectFrom('organizations').select(['id', 'code', 'name', 'short_name', 'kind', 'parent_id', 'email', 'active']).execute();
  const aliases = await db.selectFrom('mail_aliases').select(['address', 'org_id']).orderBy('address').execute();
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const receives = (o: (typeof orgs)[number]): boolean => {
    let cur: (typeof orgs)[number] | undefined = o;
    for (let depth = 0; cur && depth < 32; depth++) {
      if (Number(cur.active) !== 1) return false;
      if (cur.kind === 'agency') return true;
      if (cur.kind !== 'unit') return false;
      cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id);
    }
    return false;
  };
  const out = [];
  for (const o of orgs) {
    const own = aliases.filter((a) => a.org_id === o.id).map((a) => a.address);
    const address = normalizeAddress(o.email);
    if ((!address && !own.length) || !receives(o)) continue;
    out.push({ orgId: o.id, code: o.code, name: o.name, shortName: o.short_name, kind: o.kind, address, aliases: own });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
