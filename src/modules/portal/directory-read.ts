import type { Executor } from '../../db/connect.js';
import type { AgencyContactTable } from '../../db/schema.js';
import { latest } from '../../domain/portal-freshness.js';

/**
 * What the portal shows of the organisation tree: read from the directory tables on every
 * render (never a copy), with the agency profile beside it. Enterprises are not public
 * bodies and are left out. Contacts pass through `publicContact`, the one place that drops
 * the fields an agency marked private.
 */
export const PUBLIC_KINDS = ['province', 'agency', 'unit'] as const;

export interface PublicContact {
  kind: 'leader' | 'focal';
  fullName: string;
  position: string | null;
  positionEn: string | null;
  unit: string | null;
  phone: string | null;
  mobile: string | null;
  email: string | null;
}

type ContactRow = Omit<AgencyContactTable, 'id'> & { id: number };

export function publicContact(c: ContactRow): PublicContact {
  const show = (flag: number, v: string | null) => (Number(flag) === 1 ? v : null);
  return {
    kind: c.kind === 'leader' ? 'leader' : 'focal',
    fullName: c.full_name,
    position: show(c.position_public, c.position),
    positionEn: show(c.position_public, c.position_en),
    unit: show(c.unit_public, c.unit),
    phone: show(c.phone_public, c.phone),
    mobile: show(c.mobile_public, c.mobile),
    email: show(c.email_public, c.email),
  };
}

export interface PublicOrg {
  id: number;
  code: string | null;
  name: string;
  nameEn: string | null;
  shortName: string;
  kind: string;
  parentId: number | null;
  email: string | null;
  phone: string | null;
  fax: string | null;
  address: string | null;
  website: string | null;
  functionsVi: string | null;
  functionsEn: string | null;
  /** The latest change of its directory entry or of anything it publishes on the portal. */
  lastUpdated: string;
  leaders: PublicContact[];
  focalPoints: PublicContact[];
}

/** Every public organisation, parents before children, with its profile and public contacts. */
export async function publicOrganizations(db: Executor): Promise<PublicOrg[]> {
  const rows = await db
    .selectFrom('organizations as o')
    .leftJoin('agency_profiles as p', 'p.org_id', 'o.id')
    .select(['o.id', 'o.code', 'o.name', 'o.short_name', 'o.kind', 'o.parent_id', 'o.email', 'o.phone', 'o.address', 'o.website', 'o.updated_at', 'p.name_en', 'p.fax', 'p.functions_vi', 'p.functions_en', 'p.content_updated_at'])
    .where('o.active', '=', 1)
    .where('o.kind', 'in', [...PUBLIC_KINDS])
    .orderBy('o.name')
    .execute();
  const contacts = await db.selectFrom('agency_contacts').selectAll().orderBy('org_id').orderBy('kind').orderBy('sort').orderBy('id').execute();
  const byOrg = new Map<number, PublicContact[]>();
  for (const c of contacts) {
    const list = byOrg.get(c.org_id) ?? [];
    list.push(publicContact(c));
    byOrg.set(c.org_id, list);
  }
  return rows.map((r) => {
    const cs = byOrg.get(r.id) ?? [];
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      nameEn: r.name_en ?? null,
      shortName: r.short_name,
      kind: r.kind,
      parentId: r.parent_id,
      email: r.email,
      phone: r.phone,
      fax: r.fax ?? null,
      address: r.address,
      website: r.website,
      functionsVi: r.functions_vi ?? null,
      functionsEn: r.functions_en ?? null,
      lastUpdated: latest(r.updated_at, r.content_updated_at)!,
      leaders: cs.filter((c) => c.kind === 'leader'),
      focalPoints: cs.filter((c) => c.kind === 'focal'),
    };
  });
}

export interface OrgNode extends PublicOrg {
  children: OrgNode[];
}

/** The tree: roots are organisations whose parent is not public (the province). */
export function orgTree(orgs: PublicOrg[]): OrgNode[] {
  const nodes = new Map(orgs.map((o) => [o.id, { ...o, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  // People's Committees first, as the province lists them; then by name.
  const order = (a: OrgNode, b: OrgNode) => (a.code ?? '~').localeCompare(b.code ?? '~') || a.name.localeCompare(b.name, 'vi');
  const sort = (list: OrgNode[]) => {
    list.sort(order);
    list.forEach((c) => sort(c.children));
  };
  sort(roots);
  return roots;
}

export async function publicOrganization(db: Executor, id: number): Promise<PublicOrg | null> {
  // The tree is small (a province has a few hundred bodies); one read keeps contacts consistent.
  return (await publicOrganizations(db)).find((o) => o.id === id) ?? null;
}

/** The agency's head as its directory entry names them (the first leader listed), for the signature of its documents. */
export async function agencyHead(db: Executor, orgId: number): Promise<{ fullName: string; position: string | null } | null> {
  const c = await db.selectFrom('agency_contacts').select(['full_name', 'position']).where('org_id', '=', orgId).where('kind', '=', 'leader').orderBy('sort').orderBy('id').executeTakeFirst();
  return c ? { fullName: c.full_name, position: c.position } : null;
}
