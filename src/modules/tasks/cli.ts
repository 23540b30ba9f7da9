import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Actor, AppContext } from '../context.js';
import { TASK_STATUSES, type TaskStatus } from '../../domain/tasks.js';
import { listTasks, TASK_SORTS, type TaskSort } from './queries.js';
import { tasksToPdf, tasksToXlsx } from './export.js';
import { reportIssuerOf } from '../pdf/issuer.js';

export const TASK_HELP = 'lienthong task export --format xlsx|pdf --out <tệp> [--status <trạng thái>] [--org <id>] [--document <id>] [--sort overdue|deadline|agency|document]';

const id = (v: string | undefined, name: string) => {
  if (v === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(v)) throw new Error(`--${name} phải là mã số (${v}).`);
  return Number(v);
};

/** `lienthong task export`: the task board as the UBND Office files it, for scripts (XLSX or PDF). */
export async function taskCommand(ctx: AppContext, actor: Actor, sub: string | undefined, args: string[]): Promise<number> {
  if (sub !== 'export') {
    console.error(`usage: ${TASK_HELP}`);
    return 2;
  }
  const { values } = parseArgs({ args, options: { format: { type: 'string' }, out: { type: 'string' }, status: { type: 'string' }, org: { type: 'string' }, document: { type: 'string' }, sort: { type: 'string' } } });
  if ((values.format !== 'xlsx' && values.format !== 'pdf') || !values.out) {
    console.error(`usage: ${TASK_HELP}`);
    return 2;
  }
  if (values.status !== undefined && !(TASK_STATUSES as readonly string[]).includes(values.status)) {
    console.error(`--status phải là một trong: ${TASK_STATUSES.join(', ')}`);
    return 2;
  }
  if (values.sort !== undefined && !(TASK_SORTS as readonly string[]).includes(values.sort)) {
    console.error(`--sort phải là một trong: ${TASK_SORTS.join(', ')}`);
    return 2;
  }
  const list = await listTasks(ctx, actor, { status: values.status as TaskStatus | undefined, orgId: id(values.org, 'org'), documentId: id(values.document, 'document'), sort: values.sort as TaskSort | undefined, limit: 20_000, offset: 0 });
  const issuer = await reportIssuerOf(ctx, actor);
  const bytes = values.format === 'pdf' ? await tasksToPdf(list.items, issuer) : await tasksToXlsx(list.items, `DANH SÁCH NHIỆM VỤ ĐƯỢC GIAO (đến ngày ${issuer.today.split('-').reverse().join('/')})`);
  await fs.writeFile(values.out, bytes);
  console.log(`Đã xuất ${list.items.length} nhiệm vụ vào ${values.out}`);
  return 0;
}
