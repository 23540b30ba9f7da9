import type { AppContext, Actor } from '../modules/context.js';
import { loadActor } from '../modules/auth/service.js';
import { issueOfficialLetter } from '../modules/documents/index.js';
import { addGoal, addTarget, createProgramme } from '../modules/plans/programme.js';
import { addItem, answerReview, approvePlan, commentPlan, createPlan, reportItemProgress, submitPlan, type ItemInput } from '../modules/plans/service.js';
import { localYear } from '../domain/numbering.js';

/**
 * The province's IT / digital-transformation programme 2026–2030 (Sở KH&CN), and three plans
 * at different steps: the Department of Agriculture and Environment's 5-year plan approved and
 * in force with progress (one item late), Long Khánh ward's annual plan under review with the
 * IT department's comment, the Department of Justice's annual plan a draft. Agencies whose
 * registers other tests count (Nội vụ, Y tế…) are left alone.
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

  // Sở Nông nghiệp và Môi trường: the 5-year plan, agreed, approved by the Director's decision, in force, reported on.
  const planner = actors.get('chuyenvien.snnmt')!;
  const director = actors.get('lanhdao.snnmt')!;
  // Its steps happened early in the period (each on its own day).
  const on = (day: string): AppContext => ({ ...ctx, now: () => new Date(`${YEAR_FROM}-01-${day}T09:00:00+07:00`) });
  let mainPlan = await createPlan(on('05'), planner, { kind: 'five_year', yearFrom: YEAR_FROM, title: `Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số giai đoạn ${YEAR_FROM}–${YEAR_FROM + 4}` });
  mainPlan = await add(on('05'), planner, mainPlan.id, [
    item('Nâng cấp hệ thống quản lý văn bản và điều hành, kết nối trục liên thông của tỉnh', ['VB.DI_DIENTU', 'VB.KYSO'], 'Văn phòng Sở', `${YEAR_FROM}-01-15`, `${YEAR_FROM}-06-30`, '850.000.000', 'recurrent', { expectedOutput: 'Hệ thống vận hành, 100% văn bản đi gửi điện tử', priority: 'high', cooperatingUnits: 'Trung tâm Chuyển đổi số (Sở KH&CN)' }),
    item('Xây dựng cơ sở dữ liệu đất đai dùng chung, số hóa hồ sơ địa chính', ['VB.XULY_DUNGHAN', 'TTHC.CONGKHAI_DU'], 'Chi cục Quản lý đất đai', `${YEAR_FROM}-03-01`, `${YEAR_FROM + 1}-12-31`, '2.400.000.000', 'investment', { expectedOutput: 'Cơ sở dữ liệu địa chính của 95 xã, phường được số hóa', priority: 'high', cooperatingUnits: 'Văn phòng Đăng ký đất đai' }),
    item('Đào tạo kỹ năng số cho cán bộ, công chức của Sở', ['NL.DAOTAO'], 'Văn phòng Sở', `${YEAR_FROM}-04-01`, `${YEAR_FROM + 4}-11-30`, '120.000.000', 'recurrent', { expectedOutput: 'Mỗi năm 2 lớp, 100 lượt người' }),
    item('Đánh giá, phê duyệt cấp độ an toàn các hệ thống thông tin của Sở', ['ATTT.CAPDO'], 'Văn phòng Sở', `${YEAR_FROM}-02-01`, `${YEAR_FROM}-09-30`, '180.000.000', 'recurrent', { cooperatingUnits: 'Sở Khoa học và Công nghệ; Công an tỉnh' }),
  ]);
  mainPlan = await submitPlan(on('08'), planner, mainPlan.id, { signerName: director.fullName, signerPosition: 'Giám đốc' });
  await commentPlan(on('12'), it, mainPlan.id, { itemId: mainPlan.items[1]!.id, text: 'Đề nghị nêu rõ số xã, phường hoàn thành số hóa theo từng năm.' });
  await answerReview(on('14'), it, mainPlan.id, { agree: true, text: 'Sở Khoa học và Công nghệ thống nhất nội dung kế hoạch; đề nghị Sở Nông nghiệp và Môi trường phê duyệt, triển khai.' });
  const summary = `Phê duyệt Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số của Sở Nông nghiệp và Môi trường giai đoạn ${YEAR_FROM}–${YEAR_FROM + 4}`;
  const decision = await issueOfficialLetter(on('16'), director, {
    typeCode: 'QD',
    summary,
    recipients: [ids.get('skhcn')!],
    signerName: director.fullName,
    signerPosition: 'Giám đốc',
    content: 'Điều 1. Phê duyệt kèm theo Quyết định này Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số của Sở Nông nghiệp và Môi trường. Điều 2. Quyết định có hiệu lực kể từ ngày ký.',
    files: [],
  });
  mainPlan = await approvePlan(on('16'), director, mainPlan.id, { decisionDocumentId: decision.documentId, effectiveFrom: `${YEAR_FROM}-01-01` });
  const [a, b, c] = mainPlan.items;
  await reportItemProgress(ctx, planner, a!.id, { percent: 100, status: 'done', note: 'Hệ thống đã vận hành chính thức; văn bản đi gửi điện tử đạt 98%.' });
  await reportItemProgress(ctx, planner, b!.id, { percent: 45, status: 'on_track', note: 'Đã số hóa hồ sơ địa chính của 41/95 xã, phường.' });
  await reportItemProgress(ctx, planner, c!.id, { percent: 30, status: 'on_track', note: 'Đã mở 1 lớp bồi dưỡng kỹ năng số cho 52 cán bộ.' });
  // The fourth item (security levels) is past its end and not done: late, computed.

  // Phường Long Khánh: the ward's annual plan of next year, submitted; the IT department has commented.
  const ward = actors.get('chuyenvien.longkhanh')!;
  const nextYear = Math.min(year + 1, YEAR_FROM + 4); // inside the programme, whatever the date
  let wardPlan = await createPlan(ctx, ward, { kind: 'annual', yearFrom: nextYear, title: `Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số năm ${nextYear}` });
  const y = wardPlan.yearFrom;
  wardPlan = await add(ctx, ward, wardPlan.id, [
    item('Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận một cửa', ['TTHC.CONGKHAI_DU'], 'Văn phòng HĐND và UBND phường', `${y}-02-01`, `${y}-11-30`, '350.000.000', 'recurrent', { priority: 'high', expectedOutput: '100% hồ sơ tiếp nhận từ năm 2026 được số hóa' }),
    item('Trang bị máy tính, chữ ký số cho cán bộ, công chức phường', ['HT.MAYTINH', 'VB.KYSO'], 'Văn phòng HĐND và UBND phường', `${y}-01-15`, `${y}-06-30`, '420.000.000', 'recurrent'),
    item('Bồi dưỡng kỹ năng số cho tổ công nghệ số cộng đồng', ['NL.DAOTAO'], 'Phòng Văn hóa - Xã hội', `${y}-03-01`, `${y}-09-30`, '60.000.000', 'socialized', { priority: 'low', cooperatingUnits: 'Đoàn Thanh niên phường' }),
  ]);
  wardPlan = await submitPlan(ctx, ward, wardPlan.id, { signerName: actors.get('lanhdao.longkhanh')!.fullName, signerPosition: 'Chủ tịch' });
  await commentPlan(ctx, it, wardPlan.id, { itemId: wardPlan.items[1]!.id, text: 'Đề nghị nêu số máy tính, số chứng thư số cần trang bị và đối chiếu định mức.' });

  // Sở Tư pháp: a draft.
  const stp = actors.get('chuyenvien.stp')!;
  const stpPlan = await createPlan(ctx, stp, { kind: 'annual', yearFrom: y, title: `Kế hoạch ứng dụng công nghệ thông tin năm ${y}` });
  await add(ctx, stp, stpPlan.id, [item('Xây dựng cơ sở dữ liệu hộ tịch điện tử dùng chung', ['VB.XULY_DUNGHAN'], 'Phòng Hành chính tư pháp', `${y}-03-01`, `${y}-10-31`, '1.100.000.000', 'investment')]);
  return 3;
}
