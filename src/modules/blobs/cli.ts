import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { checkBlobs, collectGarbage } from './gc.js';

/** `lienthong blobs gc [--grace-hours N]` and `lienthong blobs check`. */
export async function blobsCommand(ctx: AppContext, sub: string | undefined, args: string[]): Promise<number> {
  if (sub === 'gc') {
    const { values } = parseArgs({ args, options: { 'grace-hours': { type: 'string' } } });
    const hours = values['grace-hours'] === undefined ? ctx.config.blobGcGraceHours : Number(values['grace-hours']);
    if (!Number.isFinite(hours) || hours < 0) throw new Error('--grace-hours must be a number of hours (0 or more)');
    const r = await collectGarbage(ctx, hours * 3600_000);
    for (const f of r.removed) console.log(`  xoá / removed ${f.file} (${f.size} B)`);
    const bytes = r.removed.reduce((n, f) => n + f.size, 0);
    console.log(`Đã xoá ${r.removed.length} tệp không còn dùng (${bytes} B), giữ ${r.kept}. Removed ${r.removed.length} unreferenced files (${bytes} B), kept ${r.kept}.`);
    return 0;
  }
  if (sub === 'check') {
    const r = await checkBlobs(ctx);
    for (const p of r.problems) {
      console.error(p.problem === 'missing' ? `THIẾU / MISSING ${p.sha256} — ${p.referencedBy}` : `HỎNG / CORRUPT ${p.sha256} (nội dung khác mã băm / content does not match its hash) — ${p.referencedBy}`);
    }
    if (r.problems.length) {
      console.error(`${r.problems.length}/${r.checked} tệp có lỗi. ${r.problems.length} of ${r.checked} files are missing or corrupt.`);
      return 1;
    }
    console.log(`Đủ ${r.checked} tệp, đúng mã băm. All ${r.checked} files present with their hash.`);
    return 0;
  }
  console.error('usage: lienthong blobs gc [--grace-hours N] | lienthong blobs check');
  return 2;
}
