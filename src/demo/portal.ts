import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext, Actor } from '../modules/context.js';
import { loadActor } from '../modules/auth/service.js';
import { importProcedures, setImplementation } from '../modules/portal/procedures-service.js';
import { uploadForm } from '../modules/portal/forms-service.js';
import { publishDocument } from '../modules/portal/publishing-service.js';
import { createAnnouncement } from '../modules/portal/announcements-service.js';
import { replaceContacts, updateProfile } from '../modules/portal/profile-service.js';
import { localDate } from '../domain/numbering.js';
import type { OnlineLevel } from '../domain/procedures.js';
import { renderBlankForm } from './form-pdf.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** src/demo/procedures beside this file, or two levels up from dist/cli in the bundle. */
async function procedureFiles(): Promise<unknown[]> {
  for (const dir of [path.join(here, 'procedures'), path.resolve(here, '../../src/demo/procedures')]) {
    try {
      const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
      return Promise.all(names.map(async (n) => JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as unknown));
    } catch {
      /* try the next */
    }
  }
  throw new Error('src/demo/procedures not found');
}

const EN: Record<string, { name: string; functionsVi?: string; functionsEn?: string; fax?: string }> = {
  ubnd: {
    name: "People's Committee of Đồng Nai Province",
    functionsVi: 'Ủy ban nhân dân tỉnh là cơ quan chấp hành của Hội đồng nhân dân tỉnh, cơ quan hành chính nhà nước ở địa phương, chịu trách nhiệm trước Hội đồng nhân dân tỉnh và cơ quan hành chính nhà nước cấp trên.',
    functionsEn: "The Provincial People's Committee is the executive body of the Provincial People's Council and the local state administrative body, accountable to the Council and to the higher state administration.",
    fax: '0251 3822 001',
  },
  vpubnd: { name: "Office of the Provincial People's Committee" },
  skhcn: {
    name: 'Department of Science and Technology',
    functionsVi: 'Tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, công nghệ thông tin, bưu chính, viễn thông và tần số vô tuyến điện.',
    functionsEn: "Advises and assists the Provincial People's Committee in the state management of science, technology, innovation, digital transformation, information technology, post, telecommunications and radio frequencies.",
    fax: '0251 3822 298',
  },
  stc: {
    name: 'Department of Finance',
    functionsVi: 'Tham mưu quản lý nhà nước về tài chính, ngân sách, kế hoạch và đầu tư, đăng ký doanh nghiệp.',
    functionsEn: 'Advises on the state management of finance, the budget, planning and investment, and business registration.',
  },
  cat: { name: 'Provincial Police' },
  snv: { name: 'Department of Home Affairs' },
  stp: { name: 'Department of Justice', functionsVi: 'Tham mưu quản lý nhà nước về công tác xây dựng và thi hành pháp luật, hộ tịch, lý lịch tư pháp, trợ giúp pháp lý.', functionsEn: 'Advises on law-making and enforcement, civil status, judicial records and legal aid.' },
  sgddt: { name: 'Department of Education and Training' },
  syt: { name: 'Department of Health' },
  sxd: { name: 'Department of Construction' },
  snnmt: { name: 'Department of Agriculture and Environment' },
  sct: { name: 'Department of Industry and Trade' },
  svhttdl: { name: 'Department of Culture, Sports and Tourism' },
  ttt: { name: 'Provincial Inspectorate' },
  tranbien: { name: "People's Committee of Trấn Biên Ward" },
  longkhanh: { name: "People's Committee of Long Khánh Ward" },
  binhphuoc: { name: "People's Committee of Bình Phước Ward" },
  longthanh: { name: "People's Committee of Long Thành Commune" },
};

/** Leaders and focal points; mobile numbers stay private (the default), to show the flag at work. */
const CONTACTS: Record<string, unknown[]> = {
  ubnd: [
    { kind: 'leader', fullName: 'Võ Tấn Đức', position: 'Chủ tịch', positionEn: 'Chairman', phone: '0251 3822 002', mobile: '0913 800 101', email: 'chutich@dongnai.gov.vn' },
    { kind: 'leader', fullName: 'Nguyễn Thị Hoàng', position: 'Phó Chủ tịch', positionEn: 'Vice Chairwoman', phone: '0251 3822 003', mobile: '0913 800 102' },
    { kind: 'focal', fullName: 'Lê Văn Hiếu', position: 'Chánh Văn phòng', positionEn: 'Chief of Office', unit: 'Văn phòng UBND tỉnh', phone: '0251 3822 505', email: 'vpubnd@dongnai.gov.vn', mobile: '0909 111 222' },
  ],
  skhcn: [
    { kind: 'leader', fullName: 'Lê Minh Đạt', position: 'Giám đốc', positionEn: 'Director', phone: '0251 3822 297', mobile: '0918 222 333', email: 'giamdoc.skhcn@dongnai.gov.vn' },
    { kind: 'focal', fullName: 'Đỗ Quang Huy', position: 'Trưởng phòng', positionEn: 'Head of Division', unit: 'Phòng Công nghệ thông tin', phone: '0251 3822 299', email: 'cntt.skhcn@dongnai.gov.vn', mobile: '0987 654 321' },
  ],
  stc: [
    { kind: 'leader', fullName: 'Trần Quốc Dũng', position: 'Giám đốc', positionEn: 'Director', phone: '0251 3822 337', mobile: '0903 333 444' },
    { kind: 'focal', fullName: 'Bùi Thanh Tâm', position: 'Chuyên viên', positionEn: 'Officer', unit: 'Phòng Đăng ký kinh doanh', phone: '0251 3822 338', email: 'dkkd.stc@dongnai.gov.vn' },
  ],
  stp: [{ kind: 'leader', fullName: 'Phạm Đình Đông', position: 'Giám đốc', positionEn: 'Director', phone: '0251 3822 440', mobile: '0912 444 555' }],
  tranbien: [
    { kind: 'leader', fullName: 'Hoàng Văn Đạo', position: 'Chủ tịch UBND phường', positionEn: 'Chairman', phone: '0251 3811 222', mobile: '0935 555 666' },
    { kind: 'focal', fullName: 'Ngô Thị Ngọc', position: 'Công chức Tư pháp - Hộ tịch', positionEn: 'Civil status officer', unit: 'Bộ phận Một cửa', phone: '0251 3811 223', email: 'hotich.tranbien@dongnai.gov.vn' },
  ],
};

/** Where each demo procedure is implemented, and how far online (Decree 42/2022). */
const IMPLEMENTED: Record<string, [string, OnlineLevel | null][]> = {
  '1.001193': [['tranbien', 'toan_trinh'], ['longkhanh', 'toan_trinh'], ['binhphuoc', 'mot_phan'], ['longthanh', 'mot_phan']],
  '1.000894': [['tranbien', 'mot_phan'], ['longkhanh', 'mot_phan'], ['binhphuoc', null], ['longthanh', null]],
  '2.000488': [['stp', 'toan_trinh']],
  '2.001610': [['stc', 'toan_trinh']],
  '1.009974': [['sxd', 'mot_phan']],
};

const FORM_TEXT: Record<string, { title: string; lines: string[] }> = {
  'To-khai-dang-ky-khai-sinh.pdf': { title: 'TỜ KHAI ĐĂNG KÝ KHAI SINH', lines: ['Kính gửi: Ủy ban nhân dân ……………………', 'Họ, chữ đệm, tên người yêu cầu: ……………………', 'Nơi cư trú: ……………………', 'Giấy tờ tùy thân: ……………………', 'Quan hệ với người được khai sinh: ……………………', 'Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:', 'Họ, chữ đệm, tên: ……………………  Giới tính: ………  Ngày, tháng, năm sinh: ……/……/………', 'Nơi sinh: ……………………  Dân tộc: ………  Quốc tịch: ………'] },
  'To-khai-dang-ky-ket-hon.pdf': { title: 'TỜ KHAI ĐĂNG KÝ KẾT HÔN', lines: ['Kính gửi: Ủy ban nhân dân ……………………', 'Thông tin bên nữ — Họ, chữ đệm, tên: ……………………  Ngày sinh: ……/……/………', 'Thông tin bên nam — Họ, chữ đệm, tên: ……………………  Ngày sinh: ……/……/………', 'Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn là tự nguyện.'] },
  'Mau-03-to-khai-cap-phieu-LLTP.pdf': { title: 'TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP', lines: ['Kính gửi: Sở Tư pháp ……………………', 'Họ và tên: ……………………  Giới tính: ………', 'Ngày, tháng, năm sinh: ……/……/………  Nơi sinh: ……………………', 'Số định danh cá nhân: ……………………', 'Yêu cầu cấp Phiếu lý lịch tư pháp: Số 1 □  Số 2 □', 'Mục đích sử dụng Phiếu: ……………………'] },
  'Giay-de-nghi-dang-ky-doanh-nghiep-tu-nhan.pdf': { title: 'GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP TƯ NHÂN', lines: ['Kính gửi: Phòng Đăng ký kinh doanh ……………………', 'Tôi là: ……………………  Đăng ký doanh nghiệp tư nhân do tôi làm chủ với các nội dung sau:', '1. Tên doanh nghiệp: ……………………', '2. Địa chỉ trụ sở chính: ……………………', '3. Ngành, nghề kinh doanh: ……………………', '4. Vốn đầu tư: ……………………'] },
  'Mau-don-de-nghi-cap-giay-phep-xay-dung.pdf': { title: 'ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG', lines: ['Kính gửi: Sở Xây dựng ……………………', '1. Thông tin về chủ đầu tư: ……………………', '2. Thông tin công trình: Địa điểm xây dựng ……………………', '3. Nội dung đề nghị cấp phép: ……………………', '4. Đơn vị hoặc người chủ nhiệm thiết kế: ……………………'] },
};

async function actorOf(ctx: AppContext, username: string): Promise<Actor> {
  const u = await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return (await loadActor(ctx, u.id, 'system'))!;
}

/**
 * The portal of the demo province: five procedures in the national JSON shape with their
 * forms, agency profiles and contacts, two announcements, and the directive published.
 */
export async function loadPortalDemo(ctx: AppContext, directiveId: number): Promise<void> {
  const orgs = await ctx.db.kysely.selectFrom('organizations').select(['id', 'email']).execute();
  const ids = new Map(orgs.filter((o) => o.email).map((o) => [o.email!.split('@')[0]!, o.id]));
  const admin = await actorOf(ctx, 'admin');

  for (const record of await procedureFiles()) {
    const code = (record as { code: string }).code;
    const [owner, ...others] = IMPLEMENTED[code] ?? [['ubnd', null]];
    const saved = await importProcedures(ctx, admin, record, { orgId: ids.get(owner![0]), onlineLevel: owner![1] });
    const id = saved.procedures[0]!.id;
    for (const [key, level] of others) await setImplementation(ctx, admin, id, ids.get(key), { onlineLevel: level });
    const files = new Set(((record as { executionCases?: { profileComponents: { attachments?: { fileName: string }[] }[] }[] }).executionCases ?? []).flatMap((c) => c.profileComponents.flatMap((p) => (p.attachments ?? []).map((a) => a.fileName))));
    for (const fileName of files) {
      const t = FORM_TEXT[fileName];
      if (!t) continue;
      const pdf = await renderBlankForm(t.title, t.lines);
      await uploadForm(ctx, admin, id, { fileName, bytes: pdf }, t.title.charAt(0) + t.title.slice(1).toLocaleLowerCase('vi'));
    }
  }

  for (const [key, p] of Object.entries(EN)) {
    const orgId = ids.get(key);
    if (!orgId) continue;
    await updateProfile(ctx, admin, orgId, { nameEn: p.name, functionsVi: p.functionsVi, functionsEn: p.functionsEn, fax: p.fax });
    if (CONTACTS[key]) await replaceContacts(ctx, admin, orgId, CONTACTS[key]);
  }

  const clerk = await actorOf(ctx, 'vanthu.ubnd');
  await publishDocument(ctx, clerk, directiveId, { effectiveDate: localDate(ctx.now()) });
  await createAnnouncement(ctx, clerk, {
    title: 'Triển khai Chỉ thị về tăng cường ứng dụng công nghệ thông tin',
    body: '<p>Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành, Ủy ban nhân dân các xã, phường triển khai Chỉ thị; các cơ quan báo cáo kết quả hằng tháng qua hệ thống Liên Thông.</p>',
  });
  await createAnnouncement(ctx, await actorOf(ctx, 'vanthu.skhcn'), {
    title: 'Công bố địa chỉ thư điện tử công vụ của các cơ quan, đơn vị',
    body: '<p>Danh bạ thư điện tử công vụ của các cơ quan được công bố tại mục <a href="/co-quan">Cơ quan</a> và cập nhật tự động khi có thay đổi.</p>',
  });
}
