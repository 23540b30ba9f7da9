import type { AppContext, Actor } from '../modules/context.js';
import { createUser } from '../modules/directory/service.js';
import { loadActor } from '../modules/auth/service.js';
import { localDate } from '../domain/numbering.js';
import type { AnswerValue, EnterpriseSize } from '../domain/surveys.js';
import { saveProfile } from '../modules/surveys/repo.js';
import { closePeriod, createQuestionnaireVersion, getQuestionnaire, openPeriod, questionnaires, registerEnterprise, returnResponse, saveAnswers, submitResponse } from '../modules/surveys/service.js';
import { myResponses } from '../modules/surveys/service.js';

/**
 * Twenty enterprises of the demo province across sectors and communes/wards, each with a
 * user dn.<slug> (password "demo"); last half-year's survey closed (its aggregates on the
 * portal), this half-year's open on version 2 of the questionnaire with a spread of
 * submitted, draft, returned and not started responses.
 */

interface DemoEnterprise {
  slug: string;
  name: string;
  short: string;
  tax: string;
  sector: string;
  commune: string;
  size: EnterpriseSize;
  employees: number;
  person: string;
}

const E: DemoEnterprise[] = [
  { slug: 'dntech', name: 'Công ty Cổ phần Tin học Đồng Nai', short: 'DNTECH', tax: '3600123451', sector: 'J', commune: 'Phường Trấn Biên', size: 'small', employees: 45, person: 'Phạm Quốc Bảo' },
  { slug: 'sonadezi', name: 'Công ty Cổ phần Dịch vụ Sonadezi', short: 'SZS', tax: '3600123452', sector: 'N', commune: 'Phường Long Bình', size: 'medium', employees: 180, person: 'Nguyễn Thị Thanh' },
  { slug: 'donataba', name: 'Công ty TNHH Thuốc lá Đồng Nai', short: 'DONATABA', tax: '3600123453', sector: 'C', commune: 'Phường Long Bình', size: 'large', employees: 620, person: 'Trần Văn Hải' },
  { slug: 'tinnghia', name: 'Công ty Cổ phần Công nghiệp Tín Nghĩa', short: 'TINNGHIA', tax: '3600123454', sector: 'C', commune: 'Phường Trấn Biên', size: 'large', employees: 900, person: 'Lê Thị Hồng' },
  { slug: 'dofico', name: 'Công ty TNHH Thực phẩm Dofico', short: 'DOFICO', tax: '3600123455', sector: 'C', commune: 'Xã Trảng Bom', size: 'medium', employees: 240, person: 'Võ Minh Tâm' },
  { slug: 'bienhoafood', name: 'Công ty TNHH Chế biến thực phẩm Biên Hòa', short: 'BHFOOD', tax: '3600123456', sector: 'C', commune: 'Xã Trảng Bom', size: 'small', employees: 60, person: 'Đặng Thu Trang' },
  { slug: 'longthanhlogistics', name: 'Công ty Cổ phần Logistics Long Thành', short: 'LTLOG', tax: '3600123457', sector: 'H', commune: 'Xã Long Thành', size: 'medium', employees: 150, person: 'Bùi Văn Long' },
  { slug: 'nhontrachport', name: 'Công ty TNHH Cảng Nhơn Trạch', short: 'NTPORT', tax: '3600123458', sector: 'H', commune: 'Xã Nhơn Trạch', size: 'medium', employees: 210, person: 'Ngô Thanh Sơn' },
  { slug: 'xanhtrans', name: 'Công ty TNHH Vận tải Xanh', short: 'XANHTRANS', tax: '3600123459', sector: 'H', commune: 'Phường Trấn Biên', size: 'small', employees: 35, person: 'Huỳnh Thị Mai' },
  { slug: 'coopdn', name: 'Liên hiệp Hợp tác xã Thương mại Đồng Nai', short: 'COOPDN', tax: '3600123460', sector: 'G', commune: 'Phường Trấn Biên', size: 'medium', employees: 300, person: 'Phan Văn Phúc' },
  { slug: 'minhphat', name: 'Công ty TNHH Thương mại Minh Phát', short: 'MINHPHAT', tax: '3600123461', sector: 'G', commune: 'Phường Long Bình', size: 'micro', employees: 8, person: 'Lý Thị Ngọc' },
  { slug: 'tanphu', name: 'Hộ kinh doanh Điện máy Tân Phú', short: 'DMTANPHU', tax: '3600123462', sector: 'G', commune: 'Xã Trảng Bom', size: 'micro', employees: 5, person: 'Đinh Văn Tú' },
  { slug: 'buoitanrieu', name: 'Hợp tác xã Bưởi Tân Triều', short: 'HTXBUOI', tax: '3600123463', sector: 'A', commune: 'Xã Vĩnh Cửu', size: 'small', employees: 25, person: 'Trương Văn Bưởi' },
  { slug: 'dieuxuatkhau', name: 'Công ty Cổ phần Điều Xuất khẩu Đồng Nai', short: 'DIEUXK', tax: '3600123464', sector: 'A', commune: 'Xã Vĩnh Cửu', size: 'medium', employees: 130, person: 'Mai Thị Hạnh' },
  { slug: 'caosudongnai', name: 'Tổng Công ty Cao su Đồng Nai', short: 'CSDN', tax: '3600123465', sector: 'A', commune: 'Xã Long Thành', size: 'large', employees: 5000, person: 'Tô Văn Nghĩa' },
  { slug: 'khachsanhoabinh', name: 'Công ty TNHH Khách sạn Hòa Bình', short: 'KSHOABINH', tax: '3600123466', sector: 'I', commune: 'Phường Trấn Biên', size: 'small', employees: 40, person: 'Lâm Thị Thu' },
  { slug: 'xaydung579', name: 'Công ty Cổ phần Xây dựng 579', short: 'XD579', tax: '3600123467', sector: 'F', commune: 'Xã Nhơn Trạch', size: 'medium', employees: 160, person: 'Châu Văn Đạt' },
  { slug: 'viettel', name: 'Viettel Đồng Nai', short: 'VIETTEL', tax: '3600123468', sector: 'J', commune: 'Phường Trấn Biên', size: 'large', employees: 400, person: 'Hà Minh Quân' },
  { slug: 'vnpt', name: 'VNPT Đồng Nai', short: 'VNPT', tax: '3600123469', sector: 'J', commune: 'Phường Tam Hiệp', size: 'large', employees: 380, person: 'Kiều Thị Yến' },
  { slug: 'phanmemdongxanh', name: 'Công ty TNHH Phần mềm Đồng Xanh', short: 'DONGXANH', tax: '3600123470', sector: 'J', commune: 'Phường Tam Hiệp', size: 'micro', employees: 9, person: 'Quách Gia Huy' },
];

/** A small deterministic generator: the demo's answers are the same on every load. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function answersFor(e: DemoEnterprise, i: number, round: number): Record<string, AnswerValue> {
  const r = rng(i * 97 + round * 13 + 7);
  const digital = e.sector === 'J';
  const big = e.size === 'large' || e.size === 'medium';
  const p = (base: number) => r() < base + (big ? 0.15 : 0) + (digital ? 0.2 : 0);
  const it = digital ? Math.max(3, Math.round(e.employees * 0.4)) : big ? 1 + Math.floor(r() * 4) : r() < 0.4 ? 1 : 0;
  const tmdt = p(0.35);
  const a: Record<string, AnswerValue> = {
    LAO_DONG: e.employees,
    NV_CNTT: it,
    MAY_TINH: Math.round(e.employees * (digital ? 1.1 : 0.25 + r() * 0.3)),
    LAO_DONG_KNS: Math.round(40 + r() * 55),
    THUE_DT: true,
    HOADON_DT: true,
    HOPDONG_DT: p(0.35),
    CHU_KY_SO: p(0.75),
    DVC_TRUCTUYEN: p(0.55),
    NEN_TANG_SO: p(0.45),
    DIEN_TOAN_DAM_MAY: digital ? 'ha_tang' : (['khong', 'luu_tru', 'phan_mem', 'luu_tru'] as const)[Math.floor(r() * 4)]!,
    WEBSITE: p(0.5),
    TMDT: tmdt,
    DOANH_THU_TMDT: tmdt ? Math.round(5 + r() * 30) : 0,
    DN_CONG_NGHE_SO: digital,
    ATTT_PHAN_MEM: p(0.5),
    ATTT_SAO_LUU: p(0.45),
    ATTT_SU_CO: r() < 0.15,
    KHO_KHAN: (['chi_phi', 'nhan_luc', 'nhan_thuc', 'chi_phi', 'ha_tang'] as const)[Math.floor(r() * 5)]!,
    KIEN_NGHI: i % 4 === 0 ? 'Đề nghị tỉnh tổ chức tập huấn về hóa đơn điện tử và an toàn thông tin cho doanh nghiệp nhỏ.' : null,
  };
  if (e.sector === 'A') a.HOADON_DT = r() < 0.8;
  if (round === 2) a.AI = p(0.2);
  return a;
}

export async function loadDemoSurveys(ctx: AppContext, ids: Map<string, number>, demoHash: string): Promise<string[]> {
  const adminId = (await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
  const admin = (await loadActor(ctx, adminId, 'system'))!;
  const itUser = await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'cntt.skhcn').executeTakeFirst();
  const it = itUser ? (await loadActor(ctx, itUser.id, 'system'))! : admin;
  const users: string[] = [];
  const actors: Actor[] = [];
  for (const e of E) {
    const existing = ids.get(e.slug);
    let orgId: number;
    if (existing) {
      // The directory's enterprises already exist: their profile and first user only.
      await saveProfile(ctx.db.kysely, { org_id: existing, tax_code: e.tax, sector_code: e.sector, commune: e.commune, size: e.size, employees: e.employees, created_at: ctx.now().toISOString(), updated_at: ctx.now().toISOString() });
      await createUser(ctx, null, { username: `dn.${e.slug}`, fullName: e.person, orgId: existing, position: 'Người khai phiếu của doanh nghiệp', roles: [] }, demoHash);
      orgId = existing;
    } else {
      const made = await registerEnterprise(ctx, admin, { name: e.name, shortName: e.short, taxCode: e.tax, sectorCode: e.sector, commune: e.commune, size: e.size, employees: e.employees, email: `lienhe@${e.slug}.vn`, user: { username: `dn.${e.slug}`, fullName: e.person, password: 'x', email: `ketoan@${e.slug}.vn` } }, { passwordHash: demoHash });
      orgId = made.orgId;
    }
    const u = await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', `dn.${e.slug}`).executeTakeFirstOrThrow();
    actors.push((await loadActor(ctx, u.id, 'system'))!);
    users.push(`dn.${e.slug}`);
    void orgId;
  }

  const now = ctx.now();
  const today = localDate(now);
  const y = Number(today.slice(0, 4));
  const secondHalf = Number(today.slice(5, 7)) >= 7;
  const [lastCode, lastOpens, lastCloses] = secondHalf ? [`${y}-H1`, `${y}-06-01`, `${y}-07-15`] : [`${y - 1}-H2`, `${y - 1}-12-01`, `${y}-01-15`];
  const [curCode, curName] = secondHalf ? [`${y}-H2`, `Khảo sát 6 tháng cuối năm ${y}`] : [`${y}-H1`, `Khảo sát 6 tháng đầu năm ${y}`];

  const v1 = (await questionnaires(ctx, it)).find((q) => q.code === 'DN-CDS' && q.version === 1)!;
  const back = (days: number): AppContext => ({ ...ctx, now: () => new Date(now.getTime() - days * 86400_000) });
  const last = await openPeriod(back(150), it, { code: lastCode, name: lastCode.endsWith('H1') ? `Khảo sát 6 tháng đầu năm ${lastCode.slice(0, 4)}` : `Khảo sát 6 tháng cuối năm ${lastCode.slice(0, 4)}`, questionnaireId: v1.id, opensOn: lastOpens, closesOn: lastCloses });
  const lastResponses = new Map<number, number>();
  for (const [i, a] of actors.entries()) {
    const mine = (await myResponses(ctx, a)).find((r) => r.period.id === last.id)!;
    lastResponses.set(i, mine.id);
    if (i === 12 || i === 19) continue; // two never answered
    await submitResponse(back(140 - i), a, mine.id, answersFor(E[i]!, i, 1));
  }
  await closePeriod(back(120), it, last.id);

  // Version 2 adds a question on AI tools; last period's answers keep version 1.
  const def = await getQuestionnaire(ctx, it, v1.id);
  const v2 = await createQuestionnaireVersion(back(30), it, {
    code: def.code,
    audience: def.audience,
    titleVi: def.titleVi,
    titleEn: def.titleEn,
    questions: [
      ...def.questions.slice(0, -2),
      { section: 'C. Nền tảng số và thương mại điện tử', code: 'AI', kind: 'yes_no', textVi: 'Doanh nghiệp sử dụng công cụ trí tuệ nhân tạo (AI) trong công việc', textEn: 'Uses artificial intelligence tools at work', required: false, helpVi: 'Ví dụ: trợ lý soạn thảo, chăm sóc khách hàng tự động, phân tích dữ liệu.', choices: [] },
      ...def.questions.slice(-2),
    ],
  });
  const cur = await openPeriod(back(20), it, { code: curCode, name: curName, questionnaireId: v2.id, opensOn: localDate(back(20).now()), closesOn: localDate(new Date(now.getTime() + 25 * 86400_000)) });
  // 11 submitted, 4 drafts, 2 returned for correction, 3 not started.
  for (const [i, a] of actors.entries()) {
    const mine = (await myResponses(ctx, a)).find((r) => r.period.id === cur.id)!;
    const answers = answersFor(E[i]!, i, 2);
    if (i < 13) {
      await submitResponse(back(15 - i), a, mine.id, answers);
      if (i === 4 || i === 9) await returnResponse(back(2), it, mine.id, i === 4 ? 'Số máy tính lớn hơn số lao động chuyên trách nhiều lần nhưng số lao động dùng máy tính chỉ 40%: đề nghị kiểm tra lại câu 3 và câu 4.' : 'Doanh nghiệp có bán hàng qua sàn TMĐT nhưng tỷ lệ doanh thu ghi 0%: đề nghị bổ sung.');
    } else if (i < 17) {
      const partial = Object.fromEntries(Object.entries(answers).slice(0, 6 + i - 13));
      await saveAnswers(back(3), a, mine.id, partial);
    }
  }
  return users;
}
