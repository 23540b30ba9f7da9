import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Actor, AppContext } from '../context.js';
import { SUMMARY_PERIODS, summaryRange, type SummaryPeriod } from '../../domain/security.js';
import { incidentsBetween } from './incidents.js';
import { summaryXlsx } from './exports.js';

/**
 * `lienthong security summary --year 2026 [--period half|year] --out file.xlsx`: the periodic
 * incident summary (form 05) for the province, for an administrator's scheduled job.
 */
export async function securityCommand(ctx: AppContext, actor: Actor, sub: string | undefined, args: string[]): Promise<number> {
  if (sub !== 'summary') {
    console.error('Dùng: lienthong security summary --year <năm> [--period half|year] --out <tệp.xlsx>');
    return 2;
  }
  const { values } = parseArgs({ args, options: { year: { type: 'string' }, period: { type: 'string', default: 'year' }, out: { type: 'string' } } });
  const year = Number(values.year);
  const period = values.period as SummaryPeriod;
  if (!Number.isInteger(year) || year < 2000 || year > 2100 || !(period in SUMMARY_PERIODS) || !values.out) {
    console.error('Cần --year (2000–2100), --period half|year và --out <tệp.xlsx>. Needs --year, --period half|year and --out.');
    return 2;
  }
  const range = summaryRange(year, period);
  const items = await incidentsBetween(ctx, actor, range.from, range.to);
  const f = (d: string) => d.split('-').reverse().join('/');
  const bytes = await summaryXlsx(`TỔNG HỢP SỰ CỐ AN TOÀN THÔNG TIN MẠNG ${SUMMARY_PERIODS[period].vi.toUpperCase()} ${year} (từ ${f(range.from)} đến ${f(range.to)}; hạn gửi ${f(range.due)})`, items);
  await fs.writeFile(values.out, bytes);
  console.log(`${items.length} sự cố (${f(range.from)} – ${f(range.to)}) → ${values.out}`);
  return 0;
}
