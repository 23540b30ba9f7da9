import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AppContext, Actor } from '../context.js';
import { DomainError } from '../../domain/errors.js';
import { localDate, localYear } from '../../domain/numbering.js';
import { formatDong } from '../../domain/money.js';
import { PROJECT_STAGES, type ProjectStage } from '../../domain/projects.js';
import { listProjects, provinceDisbursement } from './queries.js';
import { projectsToXlsx, provinceToXlsx } from './export.js';
import { importCapitalPlans, importMilestones } from './import.js';

/**
 * `lienthong project …` for an administrator's scheduled jobs and bulk loads:
 * - `disbursement --year <y> --out <f.xlsx>`: the province disbursement table the People's
 *   Committee asks for every month;
 * - `export --out <f.xlsx> [--stage …] [--year …]`: the register;
 * - `capital import <f.xlsx> --year <y> --document <id> --agency <Finance code|id>`: the yearly
 *   capital plans, acting for Finance (the audit keeps the administrator's user id);
 * - `milestones import <f.xlsx> --project <code> --document <id> [--reason …]`: a schedule
 *   (baseline or re-baseline), acting for the investing agency.
 * Imports are all rows or none: every fault is printed with its row and column.
 */
export const PROJECT_USAGE = `Dùng / usage:
  lienthong project disbursement --year <năm> --out <tệp.xlsx>
  lienthong project export --out <tệp.xlsx> [--stage <giai đoạn>] [--year <năm>]
  lienthong project capital import <tệp.xlsx> --year <năm> --document <id văn bản> --agency <mã|id Sở Tài chính>
  lienthong project milestones import <tệp.xlsx> --project <mã dự án> --document <id văn bản> [--reason "…"]`;

type Out = (line: string) => void;

const yearOf = (v: string | undefined) => (v && /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) <= 2100 ? Number(v) : null);

async function orgByCodeOrId(ctx: AppContext, v: string) {
  const byId = /^\d+$/.test(v);
  return ctx.db.kysely.selectFrom('organizations').select(['id', 'name', 'kind']).where(byId ? 'id' : 'code', '=', byId ? Number(v) : v.toUpperCase()).executeTakeFirst();
}

/** An import's refusal, row by row, as the file's author reads it. */
function printRefusal(e: unknown, out: Out): number {
  if (!(e instanceof DomainError)) throw e;
  out(`${e.messageVi}`);
  out(`${e.messageEn}`);
  return 1;
}

export async function projectCommand(ctx: AppContext, admin: Actor, sub: string | undefined, args: string[], out: Out = (l) => console.log(l)): Promise<number> {
  const usage = () => {
    console.error(PROJECT_USAGE);
    return 2;
  };
  if (sub === 'disbursement') {
    const { values } = parseArgs({ args, options: { year: { type: 'string' }, out: { type: 'string' } } });
    const year = values.year === undefined ? localYear(ctx.now()) : yearOf(values.year);
    if (year === null || !values.out) return usage();
    const t = await provinceDisbursement(ctx, admin, year);
    await fs.writeFile(values.out, await provinceToXlsx(t));
    out(`${t.items.length} dự án, kế hoạch vốn ${formatDong(t.totals.plan)}, đã giải ngân ${formatDong(t.totals.disbursed)} (${t.totals.rate ?? 0}%) → ${values.out}`);
    return 0;
  }
  if (sub === 'export') {
    const { values } = parseArgs({ args, options: { out: { type: 'string' }, stage: { type: 'string' }, year: { type: 'string' } } });
    const year = values.year === undefined ? undefined : yearOf(values.year);
    if (!values.out || year === null || (values.stage !== undefined && !(PROJECT_STAGES as readonly string[]).includes(values.stage))) return usage();
    const list = await listProjects(ctx, admin, { stage: values.stage as ProjectStage | undefined, year, limit: 5000, offset: 0 });
    await fs.writeFile(values.out, await projectsToXlsx(list.items, localDate(ctx.now())));
    out(`${list.items.length} dự án → ${values.out}`);
    return 0;
  }
  const [what, file, ...rest] = args;
  if (sub === 'capital' && what === 'import' && file) {
    const { values } = parseArgs({ args: rest, options: { year: { type: 'string' }, document: { type: 'string' }, agency: { type: 'string' } } });
    const year = yearOf(values.year);
    if (year === null || !values.document || !values.agency) return usage();
    const finance = await orgByCodeOrId(ctx, values.agency);
    if (!finance || finance.kind !== 'agency') throw new Error(`No agency ${values.agency}`);
    const forFinance: Actor = { ...admin, orgId: finance.id, agencyId: finance.id, roles: ['finance_officer'], isProvinceAdmin: false };
    try {
      const r = await importCapitalPlans(ctx, forFinance, { file: (await fs.readFile(file)).toString('base64'), year, documentId: Number(values.document) });
      out(`Đã nhập kế hoạch vốn năm ${year} của ${r.rows} dự án (${finance.name}).`);
      return 0;
    } catch (e) {
      return printRefusal(e, out);
    }
  }
  if (sub === 'milestones' && what === 'import' && file) {
    const { values } = parseArgs({ args: rest, options: { project: { type: 'string' }, document: { type: 'string' }, reason: { type: 'string' } } });
    if (!values.project || !values.document) return usage();
    const p = await ctx.db.kysely.selectFrom('projects').select(['id', 'investing_org_id']).where('code', '=', values.project).executeTakeFirst();
    if (!p) throw new Error(`No project ${values.project}`);
    const forAgency: Actor = { ...admin, orgId: p.investing_org_id, agencyId: p.investing_org_id, roles: ['specialist'], isProvinceAdmin: false };
    try {
      const r = await importMilestones(ctx, forAgency, p.id, { file: (await fs.readFile(file)).toString('base64'), documentId: Number(values.document), reason: values.reason ?? null });
      out(`Đã nhập tiến độ ${r.rows} mốc cho dự án ${values.project}.`);
      return 0;
    } catch (e) {
      return printRefusal(e, out);
    }
  }
  return usage();
}
