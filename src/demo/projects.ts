import type { AppContext, Actor } from '../modules/context.js';
import { createUser } from '../modules/directory/service.js';
import { loadActor } from '../modules/auth/service.js';
import { issueOfficialLetter } from '../modules/documents/index.js';
import { seedProjects, type SeedProject } from '../modules/projects/seed.js';
import { appendAudit } from '../modules/audit/service.js';
import { approvedPlanItems } from '../modules/plans/index.js';
import { localDate, localYear } from '../domain/numbering.js';
import { addDays, daysBetween } from '../domain/projects.js';
import type { CapitalSource, ProjectGroup, ProjectKind, ProjectStage } from '../domain/projects.js';

/**
 * A dozen IT projects of the demo province (issue 16): the decisions they stand on issued
 * by the People's Committee, the IT department and Finance through the exchange; schedules
 * with one re-baseline, progress some late and some over budget, the CIO's ratings, the
 * year's capital plans and monthly disbursements, and recurrent IT budget lines.
 */

const TY = 1_000_000_000n; // một tỷ đồng

interface DemoProject {
  key: string;
  org: string;
  name: string;
  group: ProjectGroup;
  kind: ProjectKind;
  sources: CapitalSource[];
  total: bigint; // đồng
  years: [number, number]; // relative to this year
  stage: ProjectStage;
  /** days each finished milestone ended after its plan; the late one left open when lateOpen */
  delay: number;
  overPct: bigint; // cost overrun of finished milestones, %
  lateOpen?: boolean;
  rebaseline?: boolean;
  ratings?: [number, string][];
  capitalShare?: bigint; // % of the total planned for this year
  disbursedShare?: bigint; // % of the year's plan disbursed so far (to last month)
  staleDays?: number;
  objective: string;
}

const PROJECTS: DemoProject[] = [
  { key: 'BADT', org: 'syt', name: 'Xây dựng hệ thống bệnh án điện tử tại các bệnh viện tuyến tỉnh', group: 'B', kind: 'investment', sources: ['public_investment'], total: 85n * TY, years: [-1, 1], stage: 'implementation', delay: 45, overPct: 18n, lateOpen: true, rebaseline: true, ratings: [[3, 'Tiến độ khảo sát chậm; cần tăng cường giám sát nhà thầu.'], [2, 'Chậm hơn 2 tháng so với tiến độ điều chỉnh; chi phí phần mềm tăng 18%. Đề nghị chủ đầu tư báo cáo giải pháp.']], capitalShare: 40n, disbursedShare: 55n, objective: 'Triển khai bệnh án điện tử tại 6 bệnh viện tuyến tỉnh, kết nối Sổ sức khỏe điện tử.' },
  { key: 'TTDL', org: 'skhcn', name: 'Nâng cấp Trung tâm dữ liệu tỉnh Đồng Nai', group: 'B', kind: 'investment', sources: ['public_investment'], total: 120n * TY, years: [-1, 1], stage: 'implementation', delay: 0, overPct: 0n, ratings: [[4, 'Đúng tiến độ; quản lý rủi ro tốt.']], capitalShare: 45n, disbursedShare: 100n, objective: 'Nâng cấp hạ tầng máy chủ, lưu trữ, an toàn thông tin của Trung tâm dữ liệu tỉnh đạt tiêu chuẩn Tier 3.' },
  { key: 'IOC', org: 'vpubnd', name: 'Hệ thống thông tin báo cáo và Trung tâm điều hành thông minh (IOC) tỉnh', group: 'B', kind: 'investment', sources: ['public_investment'], total: 65n * TY, years: [-2, 0], stage: 'trial_operation', delay: 12, overPct: 4n, ratings: [[3, 'Vận hành thử còn lỗi kết nối dữ liệu các sở; theo dõi.']], capitalShare: 30n, disbursedShare: 90n, objective: 'Tích hợp dữ liệu báo cáo của các sở, ngành phục vụ chỉ đạo điều hành của UBND tỉnh.' },
  { key: 'CSDLGD', org: 'sgddt', name: 'Cơ sở dữ liệu ngành giáo dục và học bạ số', group: 'C', kind: 'econ_tech_report', sources: ['public_investment'], total: 14_500_000_000n, years: [0, 1], stage: 'contractor_selection', delay: 0, overPct: 0n, ratings: [[4, 'Hồ sơ mời thầu đầy đủ; đúng kế hoạch.']], capitalShare: 50n, disbursedShare: 100n, objective: 'Xây dựng cơ sở dữ liệu ngành, học bạ số cho 100% trường trung học phổ thông.' },
  { key: 'QLTC', org: 'stc', name: 'Hệ thống quản lý tài chính – ngân sách tỉnh', group: 'C', kind: 'investment', sources: ['public_investment'], total: 28n * TY, years: [-1, 0], stage: 'implementation', delay: 20, overPct: 6n, ratings: [[3, 'Giải ngân chậm so với kế hoạch vốn năm.']], capitalShare: 60n, disbursedShare: 35n, objective: 'Quản lý dự toán, cấp phát, quyết toán ngân sách tỉnh, kết nối Kho bạc.' },
  { key: 'CSDLDD', org: 'snnmt', name: 'Xây dựng cơ sở dữ liệu đất đai tỉnh Đồng Nai', group: 'B', kind: 'investment', sources: ['public_investment'], total: 180n * TY, years: [-2, 1], stage: 'implementation', delay: 120, overPct: 35n, lateOpen: true, rebaseline: true, ratings: [[2, 'Chuẩn hóa dữ liệu địa chính chậm.'], [1, 'Chậm trên 4 tháng, chi phí đo đạc bổ sung vượt 35%: rủi ro cao, đề nghị báo cáo UBND tỉnh.']], capitalShare: 30n, disbursedShare: 40n, objective: 'Số hóa, chuẩn hóa hồ sơ địa chính, xây dựng cơ sở dữ liệu đất đai của 11 huyện, thành phố cũ.' },
  { key: 'SOC', org: 'cat', name: 'Thuê dịch vụ giám sát an toàn thông tin mạng (SOC) tỉnh', group: 'below_c', kind: 'service_hire', sources: ['recurrent'], total: 9_600_000_000n, years: [0, 2], stage: 'implementation', delay: 0, overPct: 0n, ratings: [[4, 'Dịch vụ đạt cam kết chất lượng.']], capitalShare: 33n, disbursedShare: 100n, objective: 'Giám sát 24/7 các hệ thống thông tin dùng chung của tỉnh.' },
  { key: 'SOHOA', org: 'svhttdl', name: 'Số hóa tư liệu, hiện vật bảo tàng và di sản văn hóa tỉnh', group: 'C', kind: 'investment', sources: ['public_investment', 'recurrent'], total: 19n * TY, years: [-2, 0], stage: 'acceptance', delay: 5, overPct: 2n, ratings: [[5, 'Hoàn thành khối lượng số hóa vượt kế hoạch.']], capitalShare: 20n, disbursedShare: 100n, objective: 'Số hóa 250.000 tư liệu, hiện vật và hồ sơ di tích; bảo tàng số.' },
  { key: 'TMDT', org: 'sct', name: 'Sàn giao dịch thương mại điện tử tỉnh Đồng Nai', group: 'below_c', kind: 'econ_tech_report', sources: ['public_investment', 'socialized'], total: 4_200_000_000n, years: [-1, 0], stage: 'handover', delay: 0, overPct: 0n, ratings: [[5, 'Đã bàn giao, vận hành ổn định.']], capitalShare: 30n, disbursedShare: 100n, objective: 'Hỗ trợ doanh nghiệp, hợp tác xã đưa sản phẩm OCOP lên sàn.' },
  { key: 'GISXD', org: 'sxd', name: 'Hệ thống thông tin quy hoạch xây dựng trên nền GIS', group: 'C', kind: 'investment', sources: ['public_investment'], total: 22n * TY, years: [0, 1], stage: 'appraisal', delay: 0, overPct: 0n, objective: 'Công khai quy hoạch xây dựng trên bản đồ số.' },
  { key: 'DLTM', org: 'svhttdl', name: 'Thuê dịch vụ nền tảng du lịch thông minh', group: 'below_c', kind: 'service_hire', sources: ['recurrent'], total: 6n * TY, years: [0, 2], stage: 'feasibility', delay: 0, overPct: 0n, objective: 'Ứng dụng du lịch thông minh, bản đồ điểm đến, thuyết minh tự động.' },
  { key: 'CAMTB', org: 'tranbien', name: 'Hạ tầng mạng và camera giám sát đô thị phường Trấn Biên', group: 'below_c', kind: 'econ_tech_report', sources: ['public_investment'], total: 7_500_000_000n, years: [0, 1], stage: 'investment_decision', delay: 0, overPct: 0n, staleDays: 75, objective: 'Lắp đặt 120 camera giám sát trật tự đô thị, kết nối IOC tỉnh.' },
];

const MILESTONES: [string, string, bigint][] = [
  ['M1', 'Khảo sát, thiết kế chi tiết và dự toán', 5n],
  ['M2', 'Lựa chọn nhà thầu', 3n],
  ['M3', 'Cung cấp thiết bị, xây dựng phần mềm', 62n],
  ['M4', 'Chuyển đổi dữ liệu, đào tạo, vận hành thử', 20n],
  ['M5', 'Nghiệm thu, bàn giao đưa vào sử dụng', 10n],
];

export async function loadDemoProjects(ctx: AppContext, ids: Map<string, number>, actors: Map<string, Actor>, demoHash: string): Promise<number> {
  const db = ctx.db.kysely;
  const financeUser = await createUser(ctx, null, { username: 'taichinh.stc', fullName: 'Phạm Thị Thanh Hà', orgId: ids.get('stc-dt') ?? ids.get('stc')!, position: 'Trưởng phòng Tài chính đầu tư', roles: ['finance_officer', 'specialist'], email: 'taichinh.stc@stc.dongnai.gov.vn' }, demoHash);
  const finance = (await loadActor(ctx, financeUser.id, 'system'))!;
  const cio = await db.selectFrom('users').select(['id', 'full_name']).where('username', '=', 'cntt.skhcn').executeTakeFirst();

  const now = ctx.now();
  const today = localDate(now);
  const y = localYear(now);
  const dayMs = 86_400_000;
  const ago = (d: number) => new Date(now.getTime() - d * dayMs);
  const on = (d: number): AppContext => ({ ...ctx, now: () => ago(d) });
  const ubndClerk = actors.get('vanthu.ubnd')!;
  const ubndLeader = actors.get('lanhdao.ubnd')!;
  const skhcn = actors.get('lanhdao.skhcn')!;
  // Kept in the issuers' registers, not dispatched: the demo's other agencies start with the
  // inboxes the rest of the demo (and the tests built on it) expects.
  const issue = async (by: Actor, daysAgo: number, typeCode: string, summary: string, signer: Actor, position = 'Phó Chủ tịch') =>
    (await issueOfficialLetter(on(daysAgo), by, { typeCode, summary, recipients: [], signerName: signer.fullName, signerPosition: position, signerCompetence: typeCode === 'QD' ? 'KT.' : undefined, files: [] })).documentId;
  const ubnd = (d: number, t: string, s: string) => issue(ubndClerk, d, t, s, ubndLeader);
  const it = (d: number, t: string, s: string) => issue(skhcn, d, t, s, skhcn, 'Giám đốc');

  // Each stage stands on the document that opens it, of a type that fits it (STAGE_DECISIONS);
  // the issue order is kept as it was so the numbers the rest of the demo shows stay put.
  const policyDoc = await ubnd(700, 'QD', 'Phê duyệt chủ trương đầu tư các dự án ứng dụng công nghệ thông tin giai đoạn 2025–2027');
  const feasibilityDoc = await ubnd(650, 'CV', 'Giao lập báo cáo nghiên cứu khả thi, báo cáo kinh tế – kỹ thuật các dự án CNTT');
  const appraisalDoc = await it(600, 'TB', 'Tiếp nhận hồ sơ thẩm định thiết kế cơ sở các dự án CNTT');
  const appraisalReply = await it(560, 'CV', 'Kết quả thẩm định thiết kế cơ sở các dự án ứng dụng CNTT');
  const investmentDoc = await ubnd(540, 'QD', 'Phê duyệt các dự án đầu tư ứng dụng CNTT sử dụng vốn ngân sách tỉnh');
  const designDoc = await ubnd(480, 'QD', 'Phê duyệt thiết kế chi tiết và dự toán các dự án CNTT');
  const selectionDoc = await ubnd(430, 'QD', 'Phê duyệt kế hoạch lựa chọn nhà thầu các dự án CNTT');
  const trialDoc = await it(120, 'CV', 'Đồng ý vận hành thử các hệ thống thông tin');
  const acceptanceDoc = await ubnd(60, 'QD', 'Công nhận kết quả vận hành thử các hệ thống thông tin');
  const handoverDoc = await ubnd(30, 'TB', 'Thông báo bàn giao đưa vào sử dụng các hệ thống thông tin');
  const finalDoc = await ubnd(10, 'QD', 'Phê duyệt quyết toán dự án hoàn thành');
  const capitalDays = Math.max(1, daysBetween(`${y}-01-10`, today));
  const capitalDoc = await ubnd(capitalDays, 'QD', `Giao kế hoạch vốn đầu tư công năm ${y} các dự án ứng dụng CNTT`);
  const rebaselineDoc = await ubnd(200, 'QD', 'Phê duyệt điều chỉnh tiến độ thực hiện các dự án CNTT');
  const budgetDoc = await ubnd(Math.max(1, daysBetween(`${y}-01-15`, today)), 'QD', `Giao dự toán chi thường xuyên ứng dụng CNTT năm ${y}`);
  const awardDoc = await ubnd(400, 'QD', 'Phê duyệt kết quả lựa chọn nhà thầu các dự án CNTT');
  const stageDocs: Record<ProjectStage, number> = {
    policy: policyDoc,
    feasibility: feasibilityDoc,
    appraisal: appraisalDoc,
    investment_decision: investmentDoc,
    detailed_design: designDoc,
    contractor_selection: selectionDoc,
    implementation: awardDoc,
    trial_operation: trialDoc,
    acceptance: acceptanceDoc,
    handover: handoverDoc,
    final_accounts: finalDoc,
  };

  // The land database project carries out an item of its department's approved IT plan (the demo's plans).
  const planItems = new Map<string, { id: number; targetId: number | null }>();
  const landItem = (await approvedPlanItems(db, ids.get('snnmt')!)).find((i) => i.content.startsWith('Xây dựng cơ sở dữ liệu đất đai'));
  if (landItem) planItems.set('CSDLDD', { id: landItem.id, targetId: landItem.targets.find((t) => t.indicatorCode === 'TTHC.CONGKHAI_DU')?.id ?? landItem.targets[0]?.id ?? null });

  const stageOrder: ProjectStage[] = ['policy', 'feasibility', 'appraisal', 'investment_decision', 'detailed_design', 'contractor_selection', 'implementation', 'trial_operation', 'acceptance', 'handover', 'final_accounts'];
  const stageDaysAgo = [700, 650, 600, 540, 480, 430, 400, 120, 60, 30, 10];
  const seeds: SeedProject[] = PROJECTS.map((p, idx) => {
    const reached = stageOrder.indexOf(p.stage);
    const start = `${y + p.years[0]}-03-01`;
    const end = `${y + p.years[1]}-11-30`;
    const span = Math.max(60, Math.round((Date.parse(end) - Date.parse(start)) / dayMs));
    const cuts = [0.12, 0.22, 0.68, 0.88, 1].map((f) => addDays(start, Math.round(span * f)));
    const baseline = MILESTONES.map(([code, name, share], i) => ({ code, name, start: i === 0 ? start : addDays(cuts[i - 1]!, 1), end: cuts[i]!, cost: (p.total * share) / 100n }));
    const hasBaseline = reached >= stageOrder.indexOf('investment_decision');
    const baselines: SeedProject['baselines'] = [];
    if (hasBaseline) baselines.push({ documentId: stageDocs.investment_decision, reason: null, at: ago(540).toISOString(), milestones: baseline });
    if (hasBaseline && p.rebaseline) {
      baselines.push({
        documentId: rebaselineDoc,
        reason: 'Điều chỉnh do bổ sung phạm vi chuyển đổi dữ liệu và kéo dài thời gian lựa chọn nhà thầu.',
        at: ago(200).toISOString(),
        milestones: baseline.map((m, i) => (i < 2 ? m : { ...m, start: addDays(m.start, 30), end: addDays(m.end, 60), cost: (m.cost * 110n) / 100n })),
      });
    }
    const current = baselines.at(-1)?.milestones ?? [];
    const progress: SeedProject['progress'] = [];
    let leftOpen = false;
    for (const m of current) {
      const due = m.end < today;
      if (due && !(p.lateOpen && !leftOpen && m.code !== 'M1' && m.code !== 'M2')) {
        const actualEnd = addDays(m.end, p.delay) < today ? addDays(m.end, p.delay) : today;
        progress.push({ code: m.code, actualStart: m.start, actualEnd, actualCost: (m.cost * (100n + p.overPct)) / 100n, percent: 100 });
      } else if (due) {
        leftOpen = true;
        progress.push({ code: m.code, actualStart: m.start, forecastEnd: addDays(today, p.delay), forecastCost: (m.cost * (100n + p.overPct)) / 100n, percent: 70 });
      } else if (m.start < today) {
        progress.push({ code: m.code, actualStart: m.start, forecastEnd: addDays(m.end, p.delay), forecastCost: (m.cost * (100n + p.overPct)) / 100n, percent: 40 });
      } else if (p.delay) {
        progress.push({ code: m.code, forecastEnd: addDays(m.end, p.delay), percent: 0 });
      }
    }
    const orgId = ids.get(p.org)!;
    const capital: SeedProject['capital'] = [];
    const disbursements: SeedProject['disbursements'] = [];
    if (p.capitalShare && y >= y + p.years[0] && hasBaseline) {
      const amount = (p.total * p.capitalShare) / 100n;
      const adjusted = p.key === 'CSDLDD' ? (amount * 80n) / 100n : amount;
      // The year's plan is allocated on the day of its decision, and adjusted after it: all within the year.
      capital.push({ year: y, amount: adjusted, allocated: amount, documentId: capitalDoc, at: ago(capitalDays).toISOString(), adjust: p.key === 'CSDLDD' ? { documentId: rebaselineDoc, reason: 'Điều chuyển vốn do dự án chậm tiến độ.', at: ago(Math.min(40, capitalDays - 1)).toISOString() } : undefined });
      const month = Number(today.slice(5, 7));
      const months = Math.max(0, month - 1);
      const planned = (adjusted * BigInt(months)) / 12n;
      const target = (planned * (p.disbursedShare ?? 0n)) / 100n;
      for (let m = 1; m <= months && target > 0n; m++) {
        const part = m === months ? target - (target / BigInt(months)) * BigInt(months - 1) : target / BigInt(months);
        if (part > 0n) disbursements.push({ paidOn: `${y}-${String(m).padStart(2, '0')}-25`, amount: part, paymentRef: `GRV-${String(idx + 1).padStart(2, '0')}${String(m).padStart(2, '0')}/${y}` });
      }
    }
    const stageAt = (i: number) => ago(stageDaysAgo[i] ?? 0).toISOString();
    return {
      code: `DA-${y + p.years[0]}-${p.key}`,
      name: p.name,
      objective: p.objective,
      investingOrgId: orgId,
      managingOrgId: p.org === 'skhcn' ? null : ids.get('skhcn')!,
      group: p.group,
      kind: p.kind,
      sources: p.sources,
      total: p.total,
      startYear: y + p.years[0],
      endYear: y + p.years[1],
      planItemId: planItems.get(p.key)?.id ?? null,
      planTargetId: planItems.get(p.key)?.targetId ?? null,
      stage: p.stage,
      stageDoc: (s) => stageDocs[s],
      stageAt,
      createdBy: actors.get(`chuyenvien.${p.org}`)!.userId,
      userName: actors.get(`chuyenvien.${p.org}`)!.fullName,
      baselines,
      progress,
      ratings: (p.ratings ?? []).map(([rating, comment], i, all) => ({ rating, comment, at: ago(20 + (all.length - 1 - i) * 90).toISOString(), userId: cio?.id ?? finance.userId, userName: cio?.full_name ?? '' })),
      capital,
      disbursements,
      appraisals:
        reached >= stageOrder.indexOf('appraisal')
          ? [{ kind: 'technical' as const, orgId: ids.get('skhcn')!, requestDocumentId: stageDocs.appraisal, replyDocumentId: reached > stageOrder.indexOf('appraisal') ? appraisalReply : null, conclusion: reached > stageOrder.indexOf('appraisal') ? 'Thiết kế cơ sở phù hợp Kiến trúc chính quyền số của tỉnh.' : null, at: ago(600).toISOString() }]
          : [],
      lastUpdateAt: ago(p.staleDays ?? 7).toISOString(),
    };
  });
  // Each project's registration is in the audit log, as a project registered through the service would be.
  await db.transaction().execute(async (trx) => {
    const made = await seedProjects(trx, seeds);
    for (const [i, id] of made.entries()) {
      const s = seeds[i]!;
      await appendAudit(trx, { at: now.toISOString(), actorUserId: s.createdBy, orgId: s.investingOrgId, action: 'project.create', entityType: 'project', entityId: id, data: { code: s.code, investingOrgId: s.investingOrgId, total: s.total.toString(), demo: true } });
    }
  });

  // Recurrent IT budget of the year: estimates, allocations, one adjusted, spending to last quarter.
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // quarters already over
  const lines: [string, string, bigint, bigint | null, bigint | null][] = [
    ['syt', 'Thuê đường truyền, dịch vụ phần mềm bệnh viện', 3_200_000_000n, 3_000_000_000n, null],
    ['skhcn', 'Duy trì Trung tâm dữ liệu, hệ thống dùng chung', 8_500_000_000n, 8_000_000_000n, 8_600_000_000n],
    ['vpubnd', 'Duy trì hệ thống quản lý văn bản, cổng thông tin', 2_400_000_000n, 2_400_000_000n, null],
    ['stc', 'Bản quyền phần mềm kế toán, bảo trì thiết bị', 1_100_000_000n, 950_000_000n, null],
    ['sgddt', 'Thuê dịch vụ học bạ số', 1_800_000_000n, 1_500_000_000n, null],
    ['cat', 'Thuê dịch vụ giám sát an toàn thông tin', 3_200_000_000n, 3_200_000_000n, null],
    ['svhttdl', 'Duy trì cơ sở dữ liệu di sản văn hóa', 900_000_000n, null, null],
  ];
  const at = now.toISOString();
  const budget = await db
    .insertInto('budget_lines')
    .values(
      lines.map(([org, name, estimate, allocated, adjusted]) => {
        const current = adjusted ?? allocated;
        const spent = (q: number) => (current && q < quarter ? ((current / 4n) * (org === 'sgddt' ? 50n : 90n)) / 100n : null);
        return {
          org_id: ids.get(org)!,
          year: y,
          name,
          plan_item_ref: null,
          status: adjusted ? ('adjusted' as const) : allocated ? ('allocated' as const) : ('estimated' as const),
          estimate: estimate.toString(),
          allocated: allocated?.toString() ?? null,
          allocated_document_id: allocated ? budgetDoc : null,
          adjusted: adjusted?.toString() ?? null,
          adjusted_document_id: adjusted ? rebaselineDoc : null,
          spent_q1: spent(0)?.toString() ?? null,
          spent_q2: spent(1)?.toString() ?? null,
          spent_q3: spent(2)?.toString() ?? null,
          spent_q4: spent(3)?.toString() ?? null,
          settled: null,
          settled_document_id: null,
          created_by: actors.get(`chuyenvien.${org}`)!.userId,
          created_at: at,
          updated_at: at,
        };
      }),
    )
    .returning(['id', 'org_id', 'estimate'])
    .execute();
  const keyOf = new Map(lines.map(([org]) => [ids.get(org)!, org]));
  await db.transaction().execute(async (trx) => {
    for (const b of budget) await appendAudit(trx, { at, actorUserId: actors.get(`chuyenvien.${keyOf.get(b.org_id)}`)!.userId, orgId: b.org_id, action: 'budget.estimate', entityType: 'budget_line', entityId: b.id, data: { orgId: b.org_id, year: y, estimate: String(b.estimate), demo: true } });
  });
  return PROJECTS.length;
}
