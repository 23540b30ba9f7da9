import type { AppContext, Actor } from '../modules/context.js';
import { loadActor } from '../modules/auth/service.js';
import { issueOfficialLetter } from '../modules/documents/index.js';
import { addGoal, addTarget, createProgramme } from '../modules/plans/programme.js';
import { addItem, answerReview, approvePlan, commentPlan, createPlan, reportItemProgress, submitPlan, type ItemInput } from '../modules/plans/service.js';
import { localYear } from '../domain/numbering.js';

/**
 * The province's IT / digital-transformation programme 2026–2030 (Sở KH&CN), and three
 * agencies' plans at different steps: the Department of Home Affairs' 5-year plan approved
 * and in force with progress (one item late), the Department of Health's annual plan under
 * review with the IT department's comments, the Department of Justice's annual plan a draft.
 */

type Target = [code: string, title: string, unit: string, baseline: number, yearly: number[]];
const GOALS: [string, Target[]][] = [
  [
    'Chính quyền số: văn bản, hồ sơ công việc xử lý trên môi trường mạng',
    [
      ['VB.DI_DIENTU', 'Tỷ lệ văn bản đi gửi hoàn toàn dưới dạng điện tử', '%', 82, [90, 95, 98, 100, 100]],
      ['VB.KYSO', 'Tỷ lệ văn bản đi có chữ ký số', '%', 75, [85, 92, 96, 100, 100]],
      ['VB.XULY_DUNGHAN', 'Tỷ lệ văn bản đến xử lý đúng hạn', '%', 88, [92, 95, 97, 98, 99]],
      ['KH.DUNGTIENDO', 'Tỷ lệ nhiệm vụ kế hoạch CNTT đúng tiến độ', '%', 70, [80, 85, 90, 90, 95]],
    ],
  ],
  [
    'Hạ tầng số và an toàn thông tin mạng',
    [
      ['ATTT.CAPDO', 'Tỷ lệ hệ thống thông tin được phê duyệt cấp độ an toàn', '%', 60, [80, 100, 100, 100, 100]],
      ['HT.MAYTINH', 'Số máy tính trên mỗi cán bộ, công chức', 'máy/người', 0.9, [1, 1, 1, 1, 1]],
      ['TTHC.CONGKHAI_DU', 'Tỷ lệ thủ tục hành chính công khai đầy đủ', '%', 90, [100, 100, 100, 100, 100]],
    ],
  ],
  [
    'Nhân lực số',
    [
      ['NL.DAOTAO', 'Tỷ lệ cán bộ được đào tạo kỹ năng số trong năm', '%', 35, [50, 60, 70, 80, 90]],
      ['NL.CHUYENTRACH', 'Số cán bộ chuyên trách CNTT của mỗi cơ quan', 'người', 1, [2, 2, 2, 3, 3]],
    ],
  ],
];

const YEAR_FROM = 2026;

function item(content: string, targets: string[], leadUnit: string, from: string, to: string, cost: string, source: ItemInput['fundSource'], extra: Partial<ItemInput> = {}) {
  return { content, targets, input: { content, leadUnit, startDate: from, endDate: to, cost, fundSource: source, priority: 'normal', ...extra } as ItemInput };
}

export async function loadDemoPlans(ctx: AppContext, ids: Map<string, number>, actors: Map<string, Actor>): Promise<number> {
  const itUser = await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'cntt.skhcn').executeTakeFirstOrThrow();
  const it = (await loadActor(ctx, itUser.id, 'system'))!;
  const year = Math.max(YEAR_FROM, localYear(ctx.now()));
  let programme = await createProgramme(ctx, it, { title: `Chương trình chuyển đổi số tỉnh Đồng Nai giai đoạn ${YEAR_FROM}–${YEAR_FROM + 4}`, yearFrom: YEAR_FROM, yearTo: YEAR_FROM + 4, itOrgId: ids.get('skhcn') });
  for (const [goal, targets] of GOALS) {
    programme = await addGoal(ctx, it, programme.id, { title: goal });
    const goalId = programme.goals.at(-1)!.id;
    for (const [code, title, unit, baseline, yearly] of targets) {
      programme = await addTarget(ctx, it, programme.id, { goalId, indicatorCode: code, title, unit, baseline, baselineYear: YEAR_FROM - 1, yearly: Object.fromEntries(yearly.map((v, i) => [String(YEAR_FROM + i), v])) });
    }
  }
  const targetId = new Map(programme.goals.flatMap((g) => g.targets.map((t) => [t.indicatorCode, t.id] as const)));
  const add = async (c: AppContext, actor: Actor, planId: number, items: ReturnType<typeof item>[]) => {
    let plan;
    for (const i of items) plan = await addItem(c, actor, planId, { ...i.input, targetIds: i.targets.map((c) => targetId.get(c)!) });
    return plan!;
  };

  // Sở Nội vụ: the 5-year plan, agreed, approved by the Director's decision, in force, reported on.
  const snv = actors.get('chuyenvien.snv')!;
  const snvLeader = actors.get('lanhdao.snv')!;
  // Its steps happened early in the period (each on its own day).
  const on = (day: string): AppContext => ({ ...ctx, now: () => new Date(`${YEAR_FROM}-01-${day}T09:00:00+07:00`) });
  let snvPlan = await createPlan(on('05'), snv, { kind: 'five_year', yearFrom: YEAR_FROM, title: `Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số giai đoạn ${YEAR_FROM}–${YEAR_FROM + 4}` });
  snvPlan = await add(on('05'), snv, snvPlan.id, [
    item('Nâng cấp hệ thống quản lý văn bản và điều hành, kết nối trục liên thông của tỉnh', ['VB.DI_DIENTU', 'VB.KYSO'], 'Văn phòng Sở', `${YEAR_FROM}-01-15`, `${YEAR_FROM}-06-30`, '850.000.000', 'recurrent', { expectedOutput: 'Hệ thống vận hành, 100% văn bản đi gửi điện tử', priority: 'high', cooperatingUnits: 'Trung tâm Chuyển đổi số (Sở KH&CN)' }),
    item('Số hóa hồ sơ cán bộ, công chức và cơ sở dữ liệu cán bộ của tỉnh', ['VB.XULY_DUNGHAN'], 'Phòng Công chức, viên chức', `${YEAR_FROM}-03-01`, `${YEAR_FROM + 1}-12-31`, '2.400.000.000', 'investment', { expectedOutput: 'Cơ sở dữ liệu 25.000 hồ sơ cán bộ được số hóa', priority: 'high' }),
    item('Đào tạo kỹ năng số cho cán bộ, công chức của Sở', ['NL.DAOTAO'], 'Văn phòng Sở', `${YEAR_FROM}-04-01`, `${YEAR_FROM + 4}-11-30`, '120.000.000', 'recurrent', { expectedOutput: 'Mỗi năm 2 lớp, 100 lượt người' }),
    item('Đánh giá, phê duyệt cấp độ an toàn các hệ thống thông tin của Sở', ['ATTT.CAPDO'], 'Văn phòng Sở', `${YEAR_FROM}-02-01`, `${YEAR_FROM}-09-30`, '180.000.000', 'recurrent', { cooperatingUnits: 'Sở Khoa học và Công nghệ; Công an tỉnh' }),
  ]);
  snvPlan = await submitPlan(on('08'), snv, snvPlan.id, { signerName: snvLeader.fullName, signerPosition: 'Giám đốc' });
  await commentPlan(on('12'), it, snvPlan.id, { itemId: snvPlan.items[1]!.id, text: 'Đề nghị nêu rõ số hồ sơ số hóa theo từng năm.' });
  await answerReview(on('14'), it, snvPlan.id, { agree: true, text: 'Sở Khoa học và Công nghệ thống nhất nội dung kế hoạch; đề nghị Sở Nội vụ phê duyệt, triển khai.' });
  const summary = `Phê duyệt Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số của Sở Nội vụ giai đoạn ${YEAR_FROM}–${YEAR_FROM + 4}`;
  const decision = await issueOfficialLetter(on('16'), snvLeader, {
    typeCode: 'QD',
    summary,
    recipients: [ids.get('skhcn')!],
    signerName: snvLeader.fullName,
    signerPosition: 'Giám đốc',
    content: 'Điều 1. Phê duyệt kèm theo Quyết định này Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số của Sở Nội vụ. Điều 2. Quyết định có hiệu lực kể từ ngày ký.',
    files: [],
  });
  snvPlan = await approvePlan(on('16'), snvLeader, snvPlan.id, { decisionDocumentId: decision.documentId, effectiveFrom: `${YEAR_FROM}-01-01` });
  const [a, b, c] = snvPlan.items;
  await reportItemProgress(ctx, snv, a!.id, { percent: 100, status: 'done', note: 'Hệ thống đã vận hành chính thức; văn bản đi gửi điện tử đạt 98%.' });
  await reportItemProgress(ctx, snv, b!.id, { percent: 45, status: 'on_track', note: 'Đã số hóa 11.200 hồ sơ.' });
  await reportItemProgress(ctx, snv, c!.id, { percent: 30, status: 'on_track', note: 'Đã mở 1 lớp bồi dưỡng kỹ năng số cho 52 cán bộ.' });
  // The fourth item (security levels) is past its end and not done: late, computed.

  // Sở Y tế: the annual plan of next year, submitted; the IT department has commented.
  const syt = actors.get('chuyenvien.syt')!;
  let sytPlan = await createPlan(ctx, syt, { kind: 'annual', yearFrom: year + 1 <= YEAR_FROM + 4 ? year + 1 : year, title: `Kế hoạch ứng dụng công nghệ thông tin năm ${year + 1 <= YEAR_FROM + 4 ? year + 1 : year}` });
  const y = sytPlan.yearFrom;
  sytPlan = await add(ctx, syt, sytPlan.id, [
    item('Triển khai bệnh án điện tử tại Bệnh viện Đa khoa tỉnh', ['VB.DI_DIENTU'], 'Phòng Kế hoạch - Tài chính', `${y}-02-01`, `${y}-11-30`, '3.500.000.000', 'investment', { priority: 'high', cooperatingUnits: 'Bệnh viện Đa khoa tỉnh', expectedOutput: 'Bệnh án điện tử được triển khai tại 100% khoa' }),
    item('Thuê dịch vụ giám sát an toàn thông tin cho hệ thống của Sở', ['ATTT.CAPDO'], 'Văn phòng Sở', `${y}-01-15`, `${y}-12-31`, '360.000.000', 'recurrent'),
    item('Cập nhật đầy đủ thủ tục hành chính lĩnh vực y tế trên cổng dịch vụ công', ['TTHC.CONGKHAI_DU'], 'Văn phòng Sở', `${y}-01-15`, `${y}-03-31`, '0', 'other', { priority: 'low' }),
  ]);
  sytPlan = await submitPlan(ctx, syt, sytPlan.id, { signerName: actors.get('lanhdao.syt')!.fullName, signerPosition: 'Giám đốc' });
  await commentPlan(ctx, it, sytPlan.id, { itemId: sytPlan.items[0]!.id, text: 'Dự án bệnh án điện tử cần có chủ trương đầu tư theo Nghị định 73/2019/NĐ-CP trước khi bố trí vốn.' });

  // Sở Tư pháp: a draft.
  const stp = actors.get('chuyenvien.stp')!;
  const stpPlan = await createPlan(ctx, stp, { kind: 'annual', yearFrom: y, title: `Kế hoạch ứng dụng công nghệ thông tin năm ${y}` });
  await add(ctx, stp, stpPlan.id, [item('Xây dựng cơ sở dữ liệu hộ tịch điện tử dùng chung', ['VB.XULY_DUNGHAN'], 'Phòng Hành chính tư pháp', `${y}-03-01`, `${y}-10-31`, '1.100.000.000', 'investment')]);
  return 3;
}
