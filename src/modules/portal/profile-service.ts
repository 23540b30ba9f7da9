import type { AppContext, Actor } from '../context.js';
import { invalid, notFound } from '../../domain/errors.js';
import { optionalEmail, optionalText, requiredText } from '../../domain/validate.js';
import { freshness, latest } from '../../domain/portal-freshness.js';
import { localDate } from '../../domain/numbering.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { assertManages, touchPages } from './access.js';
import { PUBLIC_KINDS } from './directory-read.js';

/**
 * What an agency adds to its directory entry for the public pages: an English name,
 * functions in both languages, fax, and its leaders and focal-point officials — each
 * contact field with its own public flag (the back office sees everything, the portal only
 * what is flagged public).
 */
export interface ProfileInput {
  nameEn?: unknown;
  functionsVi?: unknown;
  functionsEn?: unknown;
  fax?: unknown;
}

const CONTACT_FIELDS = ['position', 'unit', 'phone', 'mobile', 'email'] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];
/** Mobile numbers are private unless the agency says otherwise; the rest public. */
const DEFAULT_PUBLIC: Record<ContactField, boolean> = { position: true, unit: true, phone: true, mobile: false, email: true };

export interface ContactInput {
  kind?: unknown;
  fullName?: unknown;
  position?: unknown;
  positionEn?: unknown;
  unit?: unknown;
  phone?: unknown;
  mobile?: unknown;
  email?: unknown;
  public?: Partial<Record<ContactField, unknown>>;
}

async function loadPublicOrg(ctx: AppContext, orgId: number) {
  const org = await getOrg(ctx.db.kysely, orgId);
  if (!org || !(PUBLIC_KINDS as readonly string[]).includes(org.kind)) throw notFound('organisation');
  return org;
}

export async function getProfile(ctx: AppContext, actor: Actor, orgId: number) {
  const org = await loadPublicOrg(ctx, orgId);
  await assertManages(ctx.db.kysely, actor, orgId);
  const p = await ctx.db.kysely.selectFrom('agency_profiles').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  const contacts = await ctx.db.kysely.selectFrom('agency_contacts').selectAll().where('org_id', '=', orgId).orderBy('kind', 'desc').orderBy('sort').orderBy('id').execute();
  const last = latest(org.updated_at, p?.content_updated_at)!;
  return {
    orgId,
    name: org.name,
    nameEn: p?.name_en ?? null,
    functionsVi: p?.functions_vi ?? null,
    functionsEn: p?.functions_en ?? null,
    fax: p?.fax ?? null,
    lastUpdated: last,
    freshness: freshness(localDate(new Date(last)), localDate(ctx.now())),
    contacts: contacts.map((c) => ({
      id: c.id,
      kind: c.kind,
      fullName: c.full_name,
      position: c.position,
      positionEn: c.position_en,
      unit: c.unit,
      phone: c.phone,
      mobile: c.mobile,
      email: c.email,
      public: { position: Number(c.position_public) === 1, unit: Number(c.unit_public) === 1, phone: Number(c.phone_public) === 1, mobile: Number(c.mobile_public) === 1, email: Number(c.email_public) === 1 },
    })),
  };
}

export async function updateProfile(ctx: AppContext, actor: Actor, orgId: number, input: ProfileInput) {
  await loadPublicOrg(ctx, orgId);
  await assertManages(ctx.db.kysely, actor, orgId);
  const patch = {
    ...(input.nameEn === undefined ? {} : { name_en: optionalText(input.nameEn, 'nameEn', 'Tên tiếng Anh', 300) }),
    ...(input.functionsVi === undefined ? {} : { functions_vi: optionalText(input.functionsVi, 'functionsVi', 'Chức năng, nhiệm vụ', 20_000) }),
    ...(input.functionsEn === undefined ? {} : { functions_en: optionalText(input.functionsEn, 'functionsEn', 'Chức năng (tiếng Anh)', 20_000) }),
    ...(input.fax === undefined ? {} : { fax: optionalText(input.fax, 'fax', 'Fax', 50) }),
  };
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await touchPages(trx, [orgId], at);
    await trx.updateTable('agency_profiles').set({ ...patch, updated_at: at }).where('org_id', '=', orgId).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'portal.profile.update', entityType: 'organization', entityId: orgId, data: patch });
  });
  return getProfile(ctx, actor, orgId);
}

function validContact(c: ContactInput, i: number) {
  const f = (k: string) => `contacts[${i}].${k}`;
  if (typeof c !== 'object' || c === null) throw invalid(`contacts[${i}]`, 'Mỗi người liên hệ phải là một đối tượng.', 'Each contact must be an object.');
  const kind: 'leader' | 'focal' | null = c.kind === 'leader' || c.kind === 'focal' ? c.kind : null;
  if (!kind) throw invalid(f('kind'), 'Loại phải là leader (lãnh đạo) hoặc focal (đầu mối).', 'kind must be leader or focal.');
  const pub = c.public ?? {};
  if (typeof pub !== 'object' || pub === null) throw invalid(f('public'), 'public phải là đối tượng.', 'public must be an object.');
  const flags = Object.fromEntries(
    CONTACT_FIELDS.map((k) => {
      const v = pub[k];
      if (v !== undefined && typeof v !== 'boolean') throw invalid(f(`public.${k}`), 'Cờ công khai phải là true hoặc false.', 'A public flag must be true or false.');
      return [`${k}_public`, (v ?? DEFAULT_PUBLIC[k]) ? 1 : 0];
    }),
  ) as Record<`${ContactField}_public`, number>;
  return {
    kind,
    full_name: requiredText(c.fullName, f('fullName'), 'Họ và tên', 200),
    position: optionalText(c.position, f('position'), 'Chức vụ', 200),
    position_en: optionalText(c.positionEn, f('positionEn'), 'Chức vụ (tiếng Anh)', 200),
    unit: optionalText(c.unit, f('unit'), 'Đơn vị', 300),
    phone: optionalText(c.phone, f('phone'), 'Điện thoại', 50),
    mobile: optionalText(c.mobile, f('mobile'), 'Di động', 50),
    email: optionalEmail(c.email, f('email')),
    ...flags,
  };
}

/** Replaces the organisation's leaders and focal points with the list sent, in its order. */
export async function replaceContacts(ctx: AppContext, actor: Actor, orgId: number, contacts: unknown) {
  await loadPublicOrg(ctx, orgId);
  await assertManages(ctx.db.kysely, actor, orgId);
  if (!Array.isArray(contacts)) throw invalid('contacts', 'Danh sách người liên hệ phải là mảng.', 'contacts must be an array.');
  if (contacts.length > 100) throw invalid('contacts', 'Tối đa 100 người liên hệ.', 'At most 100 contacts.');
  const rows = contacts.map((c, i) => validContact(c as ContactInput, i));
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('agency_contacts').where('org_id', '=', orgId).execute();
    if (rows.length) await trx.insertInto('agency_contacts').values(rows.map((r, i) => ({ ...r, org_id: orgId, sort: i, created_at: at, updated_at: at }))).execute();
    await touchPages(trx, [orgId], at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'portal.contacts.replace', entityType: 'organization', entityId: orgId, data: { count: rows.length, names: rows.map((r) => r.full_name) } });
  });
  return getProfile(ctx, actor, orgId);
}
