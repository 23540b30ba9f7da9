import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AppContext, Actor } from '../context.js';
import { loadActor } from '../auth/service.js';
import { parseMonth } from '../../domain/monitoring.js';
import { computeMonth } from './compute.js';
import { consolidatedPdf, consolidatedXlsx } from './consolidation.js';
import { currentMonth } from './periods.js';

/** The provincial IT department acts for the command line: its first officer (it_officer), else the administrator given. */
async function itActor(ctx: AppContext, fallback: Actor): Promise<Actor> {
  const row = await ctx.db.kysely.selectFrom('user_roles').select('user_id').where('role', '=', 'it_officer').orderBy('user_id').executeTakeFirst();
  return (row && (await loadActor(ctx, row.user_id, 'system'))) || fallback;
}

/** `lienthong monitoring compute [--month 2026-11]`. */
export async function monitoringCommand(ctx: AppContext, admin: Actor, sub: string | undefined, args: string[]): Promise<number> {
  if (sub !== 'compute') throw new Error('usage: lienthong monitoring compute [--month yyyy-mm]');
  const { values } = parseArgs({ args, options: { month: { type: 'string' } } });
  const month = values.month ?? (await currentMonth(ctx));
  parseMonth(month);
  const r = await computeMonth(ctx, month, await itActor(ctx, admin));
  console.log(`Tháng ${month} (số liệu ${r.period.from} – ${r.period.to}): ${r.values} giá trị chỉ tiêu tự động, ${r.ms} ms.`);
  return 0;
}

/** `lienthong report export --month 2026-11 --format pdf|xlsx --out file`. */
export async function reportCommand(ctx: AppContext, admin: Actor, sub: string | undefined, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { month: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } });
  if (sub !== 'export' || !values.month || !values.out || !['pdf', 'xlsx'].includes(values.format ?? '')) throw new Error('usage: lienthong report export --month yyyy-mm --format pdf|xlsx --out <file>');
  parseMonth(values.month);
  const actor = await itActor(ctx, admin);
  const bytes = values.format === 'pdf' ? await consolidatedPdf(ctx, actor, values.month) : await consolidatedXlsx(ctx, actor, values.month);
  await fs.writeFile(values.out, bytes);
  console.log(`Đã ghi ${values.out} (${bytes.length} byte).`);
  return 0;
}
