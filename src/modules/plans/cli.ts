import fs from 'node:fs/promises';
import type { AppContext, Actor } from '../context.js';
import { PLAN_KINDS, type PlanKind } from '../../domain/plans.js';
import { createPlan } from './service.js';
import { importPlanItems } from './import.js';

/**
 * `lienthong plan import <file.xlsx> --agency <code|id> --year <y> [--kind annual|five_year] [--replace]`:
 * the administrator loads an agency's plan items from the template. The items go into the
 * agency's editable plan of that year (a draft is made when it has none), acting for the
 * agency (the audit names the administrator). All rows or none: every fault is printed with
 * its row and column.
 */
export async function planImportCommand(ctx: AppContext, admin: Actor, file: string, opts: { agency?: string; year?: string; kind?: string; replace?: boolean }, out: (s: string) => void): Promise<number> {
  if (!opts.agency || !opts.year || !/^\d{4}$/.test(opts.year)) throw new Error('usage: lienthong plan import <file.xlsx> --agency <code|id> --year <yyyy> [--kind annual|five_year] [--replace]');
  const kind = (opts.kind ?? 'annual') as PlanKind;
  if (!PLAN_KINDS.includes(kind)) throw new Error(`--kind must be one of ${PLAN_KINDS.join(', ')}`);
  const year = Number(opts.year);
  const db = ctx.db.kysely;
  const agency = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind'])
    .where(/^\d+$/.test(opts.agency) ? 'id' : 'code', '=', /^\d+$/.test(opts.agency) ? Number(opts.agency) : opts.agency.toUpperCase())
    .executeTakeFirst();
  if (!agency || (agency.kind !== 'agency' && agency.kind !== 'province')) throw new Error(`No agency ${opts.agency}`);
  const bytes = await fs.readFile(file);
  // Acting for the agency as its planner would; the audit keeps the administrator's user id.
  const forAgency: Actor = { ...admin, orgId: agency.id, agencyId: agency.id, roles: ['specialist'], isProvinceAdmin: false };
  const existing = await db
    .selectFrom('plans')
    .select(['id', 'version'])
    .where('agency_id', '=', agency.id)
    .where('kind', '=', kind)
    .where('year_from', '=', year)
    .where('status', 'in', ['draft', 'revision_requested'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const planId = existing?.id ?? (await createPlan(ctx, forAgency, { kind, yearFrom: year, title: kind === 'annual' ? `Kế hoạch ứng dụng công nghệ thông tin năm ${year}` : `Kế hoạch ứng dụng công nghệ thông tin giai đoạn ${year}–${year + 4}` })).id;
  const r = await importPlanItems(ctx, forAgency, planId, bytes, opts.replace ?? false);
  if (!r.ok) {
    out(`Tệp có ${r.problems.length} lỗi, chưa nhập nhiệm vụ nào:`);
    for (const p of r.problems) out(`  dòng ${p.row}, cột ${p.column} (${p.header}): ${p.message}`);
    return 1;
  }
  out(`Đã nhập ${r.imported} nhiệm vụ vào kế hoạch ${planId} của ${agency.name}.`);
  return 0;
}
