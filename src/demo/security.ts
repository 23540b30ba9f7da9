import type { AppContext, Actor } from '../modules/context.js';
import { createUser } from '../modules/directory/service.js';
import { loadActor } from '../modules/auth/service.js';
import { localDate, localYear } from '../domain/numbering.js';
import { issueOfficialLetter } from '../modules/documents/index.js';
import { createSystem } from '../modules/security/systems.js';
import { incidentStep, reportIncident } from '../modules/security/incidents.js';
import { addInspection, concludeInspection, createPlan, decideRecommendation, recordInspection, reportRecommendation } from '../modules/security/inspections.js';

/**
 * Information security in the demo province: the security officers of a few agencies, the
 * IT department's incident team, the Police's cyber-security unit (PA05) and its inspector;
 * systems with their levels (most approved by one UBND decision), incidents at every step
 * (one closed, one whose final report is late, one reported late, one just in) and the
 * Police's yearly inspection plan with one concluded inspection and its recommendations.
 */

const DAY = 86_400_000;

interface DemoSystem {
  org: string;
  name: string;
  operator: string;
  purpose: string;
  hosting: 'provincial_dc' | 'cloud' | 'own_room';
  level: number;
  state: 'proposed' | 'appraised' | 'approved';
  monitoring: boolean;
  antimalware: number;
  risk: number | null; // days ago
}

const SYSTEMS: DemoSystem[] = [
  { org: 'vpubnd', name: 'Hệ thống quản lý văn bản và điều hành tỉnh', operator: 'Trung tâm Công nghệ thông tin và Truyền thông', purpose: 'Gửi, nhận, xử lý văn bản điện tử của các cơ quan nhà nước tỉnh', hosting: 'provincial_dc', level: 3, state: 'approved', monitoring: true, antimalware: 100, risk: 120 },
  { org: 'vpubnd', name: 'Hệ thống thông tin giải quyết thủ tục hành chính tỉnh', operator: 'Trung tâm Phục vụ hành chính công', purpose: 'Cổng dịch vụ công và một cửa điện tử', hosting: 'provincial_dc', level: 3, state: 'approved', monitoring: true, antimalware: 100, risk: 200 },
  { org: 'skhcn', name: 'Trung tâm dữ liệu tỉnh', operator: 'Trung tâm Công nghệ thông tin và Truyền thông', purpose: 'Hạ tầng máy chủ, lưu trữ dùng chung của tỉnh', hosting: 'provincial_dc', level: 4, state: 'approved', monitoring: true, antimalware: 100, risk: 90 },
  { org: 'skhcn', name: 'Hệ thống thư điện tử công vụ tỉnh', operator: 'Phòng Công nghệ thông tin', purpose: 'Hộp thư công vụ của cán bộ, công chức', hosting: 'provincial_dc', level: 3, state: 'approved', monitoring: true, antimalware: 95, risk: 150 },
  { org: 'syt', name: 'Hệ thống thông tin quản lý bệnh viện (HIS) Bệnh viện Đa khoa tỉnh', operator: 'Bệnh viện Đa khoa Đồng Nai', purpose: 'Quản lý khám chữa bệnh, viện phí, dược', hosting: 'own_room', level: 3, state: 'appraised', monitoring: false, antimalware: 70, risk: 400 },
  { org: 'syt', name: 'Phần mềm quản lý hồ sơ sức khỏe điện tử', operator: 'Trung tâm Kiểm soát bệnh tật', purpose: 'Hồ sơ sức khỏe người dân', hosting: 'cloud', level: 2, state: 'proposed', monitoring: false, antimalware: 60, risk: null },
  { org: 'stc', name: 'Hệ thống quản lý ngân sách và đầu tư', operator: 'Phòng Quản lý ngân sách', purpose: 'Lập, phân bổ dự toán; theo dõi giải ngân', hosting: 'provincial_dc', level: 3, state: 'appraised', monitoring: true, antimalware: 100, risk: 60 },
  { org: 'tranbien', name: 'Trang thông tin điện tử phường Trấn Biên', operator: 'Văn phòng HĐND và UBND phường', purpose: 'Thông tin, thủ tục hành chính của phường', hosting: 'cloud', level: 1, state: 'approved', monitoring: false, antimalware: 80, risk: 300 },
];

export async function loadDemoSecurity(ctx: AppContext, ids: Map<string, number>, actors: Map<string, Actor>, demoHash: string): Promise<string> {
  const user = async (username: string, fullName: string, org: string, position: string, roles: Parameters<typeof createUser>[2]['roles']) => {
    const u = await createUser(ctx, null, { username, fullName, orgId: ids.get(org)!, position, roles, email: `${username}@${org.split('-')[0]}.dongnai.gov.vn` }, demoHash);
    return (await loadActor(ctx, u.id, 'system'))!;
  };
  const responder = await user('ungcuu.skhcn', 'Phan Thanh Bình', 'skhcn-cntt', 'Thành viên Đội ứng cứu sự cố an toàn thông tin mạng tỉnh', ['incident_responder']);
  const police = await user('pa05.cat', 'Trần Văn Hùng', 'cat-anm', 'Cán bộ Phòng An ninh mạng và PCTP sử dụng công nghệ cao', ['police_cyber']);
  const inspector = await user('kiemtra.cat', 'Nguyễn Hữu Thắng', 'cat-anm', 'Phó Trưởng phòng An ninh mạng, Trưởng đoàn kiểm tra', ['inspector', 'police_cyber']);
  const officers = new Map<string, Actor>();
  for (const [org, name] of [['syt', 'Lâm Thị Thu Trang'], ['stc', 'Hồ Văn Lợi'], ['vpubnd', 'Châu Minh Tú'], ['skhcn', 'Vũ Đức Anh'], ['tranbien', 'Mai Xuân Sơn']] as const) {
    officers.set(org, await user(`attt.${org}`, name, org, 'Cán bộ phụ trách an toàn thông tin', ['security_officer']));
  }

  const base = ctx.now().getTime();
  const on = (day: number): AppContext => ({ ...ctx, now: () => new Date(base + day * DAY) });
  const daysAgo = (d: number) => new Date(base - d * DAY).toISOString();

  // One UBND decision approving the levels of the approved systems. It is sent to the office
  // and the ward only, so the inboxes other demo scenarios count stay as they were; the IT
  // department's systems are registered by the province administrator, who sees it.
  const owners = [ids.get('vpubnd')!, ids.get('tranbien')!];
  const admin = (await loadActor(ctx, (await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id, 'system'))!;
  const decision = await issueOfficialLetter(on(-20.6), actors.get('vanthu.ubnd')!, {
    typeCode: 'QD',
    summary: 'Phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin của các cơ quan nhà nước trên địa bàn tỉnh',
    content: 'Phê duyệt cấp độ an toàn của các hệ thống thông tin theo Nghị định 85/2016/NĐ-CP.',
    recipients: owners,
    signerName: actors.get('lanhdao.ubnd')!.fullName,
    signerPosition: 'Phó Chủ tịch',
    signerCompetence: 'KT.',
    files: [],
  });
  const systemIds = new Map<string, number>();
  for (const s of SYSTEMS) {
    const sys = await createSystem(on(-20.5), s.org === 'skhcn' ? admin : (officers.get(s.org) ?? responder), {
      orgId: ids.get(s.org),
      name: s.name,
      operator: s.operator,
      purpose: s.purpose,
      hosting: s.hosting,
      peopleInCharge: `${(officers.get(s.org) ?? responder).fullName} (cán bộ an toàn thông tin)`,
      level: s.level,
      dossierState: s.state,
      approvalDocumentId: s.state === 'approved' ? decision.documentId : null,
      monitoring: s.monitoring,
      antimalwarePercent: s.antimalware,
      lastRiskAssessment: s.risk === null ? null : localDate(new Date(base - s.risk * DAY)),
    });
    systemIds.set(s.name, sys.id);
  }
  const sys = (name: string) => systemIds.get(SYSTEMS.find((s) => s.name.startsWith(name))!.name)!;

  // 1. Ransomware at the provincial hospital: the full response, final report on time.
  const r1 = await reportIncident(on(-20), officers.get('syt')!, {
    title: 'Mã độc tống tiền mã hóa dữ liệu máy chủ HIS của Bệnh viện Đa khoa tỉnh',
    description: 'Lúc 06 giờ 30, nhân viên phát hiện 3 máy chủ ứng dụng HIS không truy cập được, các tệp dữ liệu bị đổi phần mở rộng và có thông điệp đòi tiền chuộc. Phạm vi: phân hệ viện phí và dược.',
    detectedAt: daysAgo(20.1),
    severity: 'critical',
    systemIds: [sys('Hệ thống thông tin quản lý bệnh viện')],
    actionsTaken: 'Đã ngắt kết nối mạng các máy chủ bị ảnh hưởng; chuyển sang quy trình thủ công tại khoa Dược.',
    helpWanted: 'Đề nghị Đội ứng cứu hỗ trợ phân tích mã độc và khôi phục dữ liệu từ bản sao lưu.',
    reporterPhone: '0251 3821 000',
  });
  await incidentStep(on(-19.9), responder, r1.id, 'acknowledge', { text: 'Đã tiếp nhận; cử 2 cán bộ tới hiện trường.' });
  await incidentStep(on(-19.5), responder, r1.id, 'update', { text: 'Xác định biến thể mã độc LockBit; cô lập phân đoạn mạng máy chủ.' });
  await incidentStep(on(-18), officers.get('syt')!, r1.id, 'update', { text: 'Đã khôi phục dữ liệu từ bản sao lưu ngày hôm trước; kiểm tra toàn vẹn.' });
  await incidentStep(on(-17), responder, r1.id, 'resolve', { text: 'Hệ thống HIS hoạt động trở lại bình thường.' });
  await incidentStep(on(-14), officers.get('syt')!, r1.id, 'final_report', {
    cause: 'Tài khoản quản trị từ xa (RDP) dùng mật khẩu yếu, mở ra Internet.',
    damage: 'Gián đoạn phân hệ viện phí 3 ngày; mất dữ liệu phát sinh trong 6 giờ; không lộ dữ liệu người bệnh.',
    lessons: 'Đóng RDP ra Internet, bắt buộc xác thực hai yếu tố, sao lưu ngoại tuyến hằng ngày, kết nối giám sát tập trung.',
  });

  // 2. Password guessing on the budget system: resolved 8 days ago, final report late.
  const r2 = await reportIncident(on(-11), officers.get('stc')!, {
    title: 'Dò quét mật khẩu hàng loạt vào Hệ thống quản lý ngân sách',
    description: 'Hệ thống giám sát ghi nhận hơn 40.000 lần đăng nhập sai từ nhiều địa chỉ IP nước ngoài trong 2 giờ; 2 tài khoản bị khóa.',
    detectedAt: daysAgo(11.2),
    severity: 'high',
    systemIds: [sys('Hệ thống quản lý ngân sách')],
    actionsTaken: 'Chặn các dải IP tấn công trên tường lửa; đổi mật khẩu các tài khoản bị nhắm tới.',
    helpWanted: null,
  });
  await incidentStep(on(-10.9), police, r2.id, 'acknowledge', { text: 'Công an tỉnh tiếp nhận, thu thập nhật ký phục vụ điều tra.' });
  await incidentStep(on(-10), responder, r2.id, 'update', { text: 'Bật giới hạn tần suất đăng nhập và CAPTCHA; rà soát tài khoản.' });
  await incidentStep(on(-8), responder, r2.id, 'resolve', { text: 'Không còn lưu lượng tấn công; không có tài khoản bị chiếm.' });

  // 3. Defacement of a ward's website, reported late (7 days after detection).
  const r3 = await reportIncident(on(-1), officers.get('tranbien')!, {
    title: 'Trang thông tin điện tử phường bị thay đổi giao diện',
    description: 'Trang chủ hiển thị nội dung lạ do nhóm tin tặc để lại; các trang con vẫn bình thường.',
    detectedAt: daysAgo(7),
    severity: 'medium',
    systemIds: [sys('Trang thông tin điện tử phường')],
    actionsTaken: 'Tạm dừng trang, khôi phục giao diện từ bản sao lưu.',
    helpWanted: 'Đề nghị hỗ trợ rà soát lỗ hổng của mã nguồn trang.',
  });
  await incidentStep(on(-0.9), responder, r3.id, 'acknowledge', { text: 'Đã tiếp nhận.' });
  await incidentStep(on(-0.5), responder, r3.id, 'update', { text: 'Phát hiện plugin quản lý tệp chưa cập nhật; đang vá và quét mã độc.' });

  // 4. Phishing mails just reported.
  await reportIncident(on(-0.05), officers.get('syt')!, {
    title: 'Thư điện tử giả mạo gửi tới cán bộ Sở Y tế',
    description: 'Nhiều cán bộ nhận thư giả mạo "Thông báo nâng cấp hộp thư" dẫn tới trang đăng nhập giả.',
    detectedAt: daysAgo(0.1),
    severity: 'low',
    actionsTaken: 'Đã cảnh báo toàn Sở; chặn tên miền giả mạo.',
  });

  // The Police's yearly inspection plan; one inspection concluded with three recommendations.
  // The inspection done 60 days ago was planned for that month; the others follow.
  const year = localYear(new Date(base - 60 * DAY));
  const doneMonth = Number(localDate(new Date(base - 60 * DAY)).slice(5, 7));
  const later = (k: number) => Math.min(12, doneMonth + k);
  const plan = await createPlan(on(-120), inspector, { year, title: `Kế hoạch kiểm tra công tác bảo đảm an toàn thông tin năm ${year}` });
  const i1 = await addInspection(on(-120), inspector, plan.id, { targetOrgId: ids.get('syt'), plannedMonth: doneMonth, scope: 'Bảo đảm an toàn hệ thống thông tin theo cấp độ; sao lưu, phòng chống mã độc; quy chế ATTT' });
  await addInspection(on(-120), inspector, plan.id, { targetOrgId: ids.get('stc'), plannedMonth: later(1), scope: 'An toàn Hệ thống quản lý ngân sách; quản lý tài khoản đặc quyền' });
  await addInspection(on(-120), inspector, plan.id, { targetOrgId: ids.get('tranbien'), plannedMonth: later(2), scope: 'An toàn trang thông tin điện tử; máy trạm' });
  await addInspection(on(-120), inspector, plan.id, { targetOrgId: ids.get('snv'), plannedMonth: later(3), scope: 'Quy chế bảo đảm ATTT; nhận thức của cán bộ' });
  await recordInspection(on(-60), inspector, i1.id, {
    team: 'Đại úy Nguyễn Hữu Thắng (Trưởng đoàn), Trung úy Trần Văn Hùng (Công an tỉnh); Phan Thanh Bình (Sở KH&CN)',
    inspectedOn: localDate(new Date(base - 60 * DAY)),
    findings: [
      { text: 'Hệ thống HIS chưa được phê duyệt cấp độ; hồ sơ mới ở bước thẩm định.', severity: 'high' },
      { text: 'Dịch vụ truy cập từ xa của máy chủ mở ra Internet, mật khẩu không đạt yêu cầu.', severity: 'critical' },
      { text: 'Chưa ban hành quy chế bảo đảm an toàn thông tin của Sở.', severity: 'medium' },
    ],
  });
  const concluded = await concludeInspection(on(-58), inspector, i1.id, {
    summary: 'Sở Y tế đã quan tâm đầu tư hạ tầng nhưng còn thiếu sót trong quản lý truy cập từ xa, hồ sơ cấp độ và quy chế nội bộ.',
    signerName: inspector.fullName,
    signerPosition: 'Trưởng đoàn kiểm tra',
    recommendations: [
      { text: 'Đóng dịch vụ truy cập từ xa ra Internet; áp dụng VPN và xác thực hai yếu tố.', deadline: localDate(new Date(base - 40 * DAY)) },
      { text: 'Hoàn thiện hồ sơ đề xuất cấp độ Hệ thống HIS, trình phê duyệt.', deadline: localDate(new Date(base - 5 * DAY)) },
      { text: 'Ban hành quy chế bảo đảm an toàn thông tin của Sở Y tế.', deadline: localDate(new Date(base + 30 * DAY)) },
    ],
  });
  const [k1, k2] = concluded.recommendations;
  const syt = officers.get('syt')!;
  await reportRecommendation(on(-45), syt, k1!.id, { text: 'Đã đóng RDP; truy cập quản trị qua VPN có xác thực hai yếu tố từ ngày 15.' });
  await decideRecommendation(on(-42), inspector, k1!.id, { close: true, text: 'Đã kiểm tra lại, đạt yêu cầu.' });
  await reportRecommendation(on(-10), syt, k2!.id, { text: 'Đã gửi hồ sơ tới Sở KH&CN thẩm định.' });
  await decideRecommendation(on(-3), inspector, k2!.id, { close: false, text: 'Hồ sơ chưa được phê duyệt; đề nghị tiếp tục hoàn thiện theo ý kiến thẩm định.' });

  return `An toàn thông tin: ${SYSTEMS.length} hệ thống, 4 sự cố, 1 kế hoạch kiểm tra (người dùng: ungcuu.skhcn, pa05.cat, kiemtra.cat, attt.syt, attt.stc, attt.vpubnd, attt.skhcn, attt.tranbien)`;
}
