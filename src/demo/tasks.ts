import type { AppContext, Actor } from '../modules/context.js';
import { createUser } from '../modules/directory/service.js';
import { loadActor } from '../modules/auth/service.js';
import { localDate } from '../domain/numbering.js';
import { addContribution, askExtension, createTask, decideCompletion, declareDone, reportProgress } from '../modules/tasks/service.js';

/**
 * The directive's nine points as tasks for their agencies (brief.md's table), followed by the
 * UBND Office's task officer, with a spread of progress: some on track, some overdue, one
 * waiting for an extension, one waiting for acceptance, one returned, one done on time.
 */

/** How long ago the demo's directive was issued; its tasks were assigned the day after. */
export const DIRECTIVE_AGE_DAYS = 21;
const ASSIGNED_DAY = 1 - DIRECTIVE_AGE_DAYS;

type Step =
  | { day: number; by: 'lead' | 'coop'; progress: number; text: string }
  | { day: number; by: 'lead'; done: string }
  | { day: number; by: 'lead'; extension: number; reason: string }
  | { day: number; by: 'office'; accept: boolean; reason?: string };

interface DemoTask {
  point: number;
  lead: string;
  coop?: string[];
  deadline?: number; // days from now; absent: recurring
  recurrence?: 'monthly' | 'quarterly' | 'yearly' | 'ongoing';
  output: string;
  priority?: 'high' | 'normal' | 'low';
  steps?: Step[];
}

const TASKS: DemoTask[] = [
  { point: 1, lead: 'snv', deadline: 30, output: 'Kế hoạch ứng dụng CNTT 5 năm và năm 2027 được phê duyệt', steps: [{ day: -15, by: 'lead', progress: 30, text: 'Đã lập dự thảo kế hoạch, đang lấy ý kiến các phòng.' }, { day: -5, by: 'lead', progress: 60, text: 'Đã gửi dự thảo kế hoạch tới Sở KH&CN góp ý.' }] },
  { point: 1, lead: 'syt', deadline: -10, output: 'Kế hoạch ứng dụng CNTT 5 năm và năm 2027 được phê duyệt', priority: 'high', steps: [{ day: -12, by: 'lead', progress: 40, text: 'Đang khảo sát hiện trạng CNTT tại các bệnh viện trực thuộc.' }] },
  { point: 1, lead: 'tranbien', deadline: 45, output: 'Kế hoạch ứng dụng CNTT của phường' },
  { point: 2, lead: 'vpubnd', coop: ['skhcn'], deadline: -10, output: 'Kế hoạch triển khai quy chế gửi, nhận văn bản điện tử; danh sách hộp thư công vụ công bố trên cổng', priority: 'high', steps: [{ day: -18, by: 'lead', progress: 50, text: 'Đã cấp hộp thư công vụ cho 100% cơ quan cấp tỉnh.' }, { day: -12, by: 'lead', done: 'Đã ban hành kế hoạch và công bố danh sách hộp thư trên cổng thông tin tỉnh.' }, { day: -11, by: 'office', accept: true, reason: 'Đạt yêu cầu.' }] },
  { point: 3, lead: 'sgddt', deadline: -3, output: 'Quyết định ban hành quy chế sử dụng mạng nội bộ và hộp thư điện tử', steps: [{ day: -14, by: 'lead', progress: 70, text: 'Dự thảo quy chế đã trình lãnh đạo Sở.' }, { day: -5, by: 'lead', extension: 20, reason: 'Chờ ý kiến thẩm định của Sở Tư pháp.' }] },
  { point: 3, lead: 'stp', deadline: -8, output: 'Quyết định ban hành quy chế sử dụng mạng nội bộ và hộp thư điện tử' },
  { point: 3, lead: 'longthanh', deadline: 20, output: 'Quy chế sử dụng mạng nội bộ; trang thông tin cập nhật thủ tục hành chính', steps: [{ day: -6, by: 'lead', progress: 80, text: 'Đã cập nhật đầy đủ thủ tục hành chính trên trang thông tin của xã.' }, { day: -1, by: 'lead', done: 'Đã ban hành quy chế và cập nhật trang thông tin.' }] },
  { point: 4, lead: 'skhcn', coop: ['stc', 'stp'], recurrence: 'ongoing', output: 'Hội nghị, tài liệu phổ biến Luật CNTT, Luật Giao dịch điện tử', steps: [{ day: -12, by: 'lead', progress: 40, text: 'Tổ chức hội nghị phổ biến Luật Giao dịch điện tử 2023 cho 250 cán bộ.' }, { day: -10, by: 'coop', progress: 0, text: 'Sở Tài chính hướng dẫn lập dự toán kinh phí ứng dụng CNTT năm 2027.' }] },
  { point: 5, lead: 'stc', coop: ['skhcn'], recurrence: 'yearly', output: 'Kế hoạch đầu tư các dự án CNTT năm sau; báo cáo giám sát dự án', steps: [{ day: -10, by: 'lead', progress: 50, text: 'Đã tổng hợp đề xuất dự án CNTT năm 2027 của các sở, ngành.' }] },
  { point: 6, lead: 'stc', deadline: 10, output: 'Dự toán kinh phí chi sự nghiệp CNTT năm 2027', steps: [{ day: -3, by: 'lead', done: 'Đã trình dự toán kinh phí chi sự nghiệp CNTT năm 2027.' }, { day: -1, by: 'office', accept: false, reason: 'Dự toán chưa tách kinh phí thuê dịch vụ CNTT; đề nghị bổ sung.' }] },
  { point: 7, lead: 'cat', coop: ['skhcn'], recurrence: 'ongoing', output: 'Kế hoạch kiểm tra; báo cáo phòng chống tội phạm CNTT', steps: [{ day: -9, by: 'lead', progress: 30, text: 'Đã kiểm tra an toàn thông tin tại 5 cơ quan.' }] },
  { point: 8, lead: 'sct', recurrence: 'ongoing', output: 'Báo cáo tình hình ứng dụng CNTT của doanh nghiệp', priority: 'low' },
  { point: 9, lead: 'skhcn', recurrence: 'monthly', output: 'Báo cáo tháng về tình hình thực hiện Chỉ thị', priority: 'high', steps: [{ day: -18, by: 'lead', progress: 10, text: 'Báo cáo tháng: 12/17 cơ quan đã triển khai.' }, { day: -4, by: 'lead', progress: 20, text: 'Báo cáo tháng: 15/17 cơ quan đã triển khai.' }] },
];

/** The numbered points of the directive's text, each with the lines that follow it. */
export function directivePoints(paragraphs: string[]): Map<number, string> {
  const points = new Map<number, string>();
  let current = 0;
  for (const p of paragraphs) {
    const m = /^(\d+)\.\s+/.exec(p);
    if (m && Number(m[1]) === current + 1) current = Number(m[1]);
    else if (!current || /^Chỉ thị này|^Yêu cầu Thủ trưởng/.test(p)) continue;
    points.set(current, points.has(current) && !m ? `${points.get(current)}\n${p}` : p.replace(/^\d+\.\s+/, ''));
  }
  return points;
}

export async function loadDemoTasks(ctx: AppContext, directiveId: number, paragraphs: string[], ids: Map<string, number>, actors: Map<string, Actor>, demoHash: string): Promise<number> {
  const officerUser = await createUser(ctx, null, { username: 'nhiemvu.vpubnd', fullName: 'Trần Minh Tuấn', orgId: ids.get('vpubnd')!, position: 'Chuyên viên theo dõi nhiệm vụ', roles: ['task_officer'], email: 'nhiemvu.vpubnd@vpubnd.dongnai.gov.vn' }, demoHash);
  const officer = (await loadActor(ctx, officerUser.id, 'system'))!;
  await createUser(ctx, null, { username: 'cntt.skhcn', fullName: 'Lê Hoàng Nam', orgId: ids.get('skhcn-cntt')!, position: 'Trưởng phòng Công nghệ thông tin', roles: ['it_officer', 'leader'], email: 'cntt.skhcn@skhcn.dongnai.gov.vn' }, demoHash);

  const points = directivePoints(paragraphs);
  const base = ctx.now().getTime();
  const on = (day: number): AppContext => ({ ...ctx, now: () => new Date(base + day * 86400_000) });
  for (const t of TASKS) {
    const task = await createTask(on(ASSIGNED_DAY), officer, {
      documentId: directiveId,
      pointRef: `Điểm ${t.point}`,
      content: points.get(t.point) ?? `Điểm ${t.point} của Chỉ thị`,
      leadOrgId: ids.get(t.lead),
      cooperatingOrgIds: (t.coop ?? []).map((k) => ids.get(k)),
      expectedOutput: t.output,
      priority: t.priority ?? 'normal',
      recurrence: t.recurrence ?? 'none',
      deadline: t.deadline === undefined ? null : localDate(new Date(base + t.deadline * 86400_000)),
    });
    const lead = actors.get(`chuyenvien.${t.lead}`)!;
    for (const s of t.steps ?? []) {
      const c = on(s.day);
      if ('accept' in s) await decideCompletion(c, officer, task.id, { accept: s.accept, reason: s.reason });
      else if ('done' in s) await declareDone(c, lead, task.id, { text: s.done });
      else if ('extension' in s) await askExtension(c, lead, task.id, { until: localDate(new Date(base + s.extension * 86400_000)), reason: s.reason });
      else if (s.by === 'coop') await addContribution(c, actors.get(`chuyenvien.${t.coop![0]}`)!, task.id, { text: s.text });
      else await reportProgress(c, lead, task.id, { text: s.text, percent: s.progress });
    }
  }
  return TASKS.length;
}
