import type { AppContext, Actor } from '../modules/context.js';
import { insertRows } from '../db/insert-rows.js';
import { computeMonth, currentMonth } from '../modules/monitoring/index.js';
import { saveReport, submitReport, decideReport } from '../modules/monitoring/reports.js';
import { openPeriod } from '../modules/monitoring/periods.js';
import { loadActor } from '../modules/auth/service.js';
import { shiftMonth } from '../domain/monitoring.js';

/**
 * Monthly monitoring in the demo province: the People's Committee and its Office receive the
 * province report; the past eleven months carry figures (made up, steady progress, so the
 * dashboard's trends have a shape), the current month is computed from the demo's own
 * documents, and the previous month has two reports sent (one accepted, one returned).
 */
export async function loadMonitoringDemo(ctx: AppContext, ids: Map<string, number>, actors: Map<string, Actor>): Promise<void> {
  const db = ctx.db.kysely;
  await db.updateTable('monitoring_settings').set({ ubnd_org_id: ids.get('ubnd') ?? null, office_org_id: ids.get('vpubnd') ?? null }).where('id', '=', 1).execute();
  const month = await currentMonth(ctx);
  const agencies = await db.selectFrom('organizations').select('id').where('kind', '=', 'agency').where('active', '=', 1).orderBy('id').execute();
  const at = ctx.now().toISOString();
  const rows: { month: string; org_id: number; code: string; value: number; numerator: number; denominator: number | null; extra: string | null; computed_at: string }[] = [];
  for (let back = 11; back >= 1; back--) {
    const m = shiftMonth(month, -back);
    for (const [k, a] of agencies.entries()) {
      const progress = (12 - back) / 12;
      const out = 20 + ((a.id * 7 + back * 3) % 25);
      const outE = Math.min(out, Math.round(out * (0.55 + 0.4 * progress) + (k % 3)));
      const inc = 40 + ((a.id * 11 + back * 5) % 30);
      const incE = Math.min(inc, Math.round(inc * (0.6 + 0.35 * progress)));
      const done = Math.round(inc * 0.8);
      const onTime = Math.min(done, Math.round(done * (0.7 + 0.25 * progress) - (k % 4)));
      const days = Math.round((6 - 3 * progress + (k % 5) * 0.4) * 100) / 100;
      const pct = (n: number, d: number) => Math.round((n / d) * 10000) / 100;
      rows.push(
        { month: m, org_id: a.id, code: 'VB.DI_DIENTU', value: pct(outE, out), numerator: outE, denominator: out, extra: null, computed_at: at },
        { month: m, org_id: a.id, code: 'VB.DEN_DIENTU', value: pct(incE, inc), numerator: incE, denominator: inc, extra: null, computed_at: at },
        { month: m, org_id: a.id, code: 'VB.XULY_DUNGHAN', value: pct(onTime, done), numerator: onTime, denominator: done, extra: null, computed_at: at },
        { month: m, org_id: a.id, code: 'VB.XULY_TB_NGAY', value: days, numerator: Math.round(days * done * 100) / 100, denominator: done, extra: JSON.stringify({ p90: Math.round(days * 2.1 * 100) / 100 }), computed_at: at },
        { month: m, org_id: a.id, code: 'VB.QUAHAN', value: (a.id + back) % 6, numerator: (a.id + back) % 6, denominator: null, extra: null, computed_at: at },
        { month: m, org_id: a.id, code: 'NV.QUAHAN', value: (a.id * back) % 3 === 0 ? 1 : 0, numerator: (a.id * back) % 3 === 0 ? 1 : 0, denominator: null, extra: null, computed_at: at },
      );
    }
  }
  await insertRows(db, ctx.db.dialect, 'indicator_values', rows);
  for (let back = 11; back >= 1; back--) await openPeriod(ctx, shiftMonth(month, -back));
  await computeMonth(ctx, month);

  const prev = shiftMonth(month, -1);
  const stc = actors.get('chuyenvien.stc');
  const syt = actors.get('chuyenvien.syt');
  const itUser = await db.selectFrom('users').select('id').where('username', '=', 'cntt.skhcn').executeTakeFirst();
  const officer = itUser ? await loadActor(ctx, itUser.id, 'system') : null;
  if (stc && ids.get('stc')) {
    await saveReport(ctx, stc, prev, ids.get('stc')!, { reported: { 'NL.CHUYENTRACH': { value: 2 }, 'NL.DAOTAO': { value: 35, numerator: 42, denominator: 120 } }, results: 'Vận hành phần mềm quản lý ngân sách trên nền tảng dùng chung; 100% văn bản đi được ký số.', problems: 'Đường truyền tới các phòng chuyên môn còn chậm giờ cao điểm.', proposals: 'Đề nghị Sở KH&CN hỗ trợ nâng cấp đường truyền số liệu chuyên dùng.' });
    await submitReport(ctx, stc, prev, ids.get('stc')!);
  }
  if (syt && ids.get('syt')) {
    await saveReport(ctx, syt, prev, ids.get('syt')!, { reported: { 'NL.CHUYENTRACH': { value: 1 } }, results: 'Kết nối liên thông hồ sơ sức khỏe điện tử tại 9 bệnh viện tuyến tỉnh.', problems: null, proposals: null });
    await submitReport(ctx, syt, prev, ids.get('syt')!);
  }
  if (officer) {
    if (stc) await decideReport(ctx, officer, prev, ids.get('stc')!, 'accept');
    if (syt) await decideReport(ctx, officer, prev, ids.get('syt')!, 'return', 'Đề nghị bổ sung phần khó khăn, vướng mắc và đề xuất.');
  }
}
