import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AppContext, Actor } from '../modules/context.js';
import { loadActor } from '../modules/auth/service.js';
import { localDate } from '../domain/numbering.js';
import type { LegalStatus, LegalType } from '../domain/legal.js';
import { attachLegalFile, createLegalText, updateLegalText } from '../modules/legal/library.js';
import { addCampaignReport, createCampaign } from '../modules/legal/campaigns.js';
import { setRegulation } from '../modules/legal/regulations.js';
import { issueOfficialLetter } from '../modules/documents/index.js';

const require = createRequire(import.meta.url);

/**
 * The legal library's starting set (governance.md, "Legal library"), kept as data the IT
 * department updates; only the links governance.md states are made (Decree 73/2019 amended
 * by Decree 82/2024). A dissemination campaign asked three weeks after the directive, with
 * some agencies reported, one late and the rest overdue; internal regulations recorded by a
 * few agencies, one overdue for review.
 */
interface DemoText {
  number: string;
  type: LegalType;
  issuer: string;
  title: string;
  issuedOn: string;
  effectiveOn?: string;
  summary?: string;
}

const QH = 'Quốc hội';
const CP = 'Chính phủ';
const TEXTS: DemoText[] = [
  { number: '67/2006/QH11', type: 'law', issuer: QH, title: 'Luật Công nghệ thông tin', issuedOn: '2006-06-29', effectiveOn: '2007-01-01', summary: 'Quy định về hoạt động ứng dụng và phát triển công nghệ thông tin, các biện pháp bảo đảm ứng dụng và phát triển công nghệ thông tin.' },
  { number: '20/2023/QH15', type: 'law', issuer: QH, title: 'Luật Giao dịch điện tử', issuedOn: '2023-06-22', effectiveOn: '2024-07-01', summary: 'Quy định về thực hiện giao dịch bằng phương tiện điện tử: thông điệp dữ liệu, chữ ký điện tử, hợp đồng điện tử, giao dịch điện tử của cơ quan nhà nước.' },
  { number: '86/2015/QH13', type: 'law', issuer: QH, title: 'Luật An toàn thông tin mạng', issuedOn: '2015-11-19', effectiveOn: '2016-07-01', summary: 'Quy định về hoạt động an toàn thông tin mạng, quyền, trách nhiệm của cơ quan, tổ chức, cá nhân trong bảo đảm an toàn thông tin mạng.' },
  { number: '24/2018/QH14', type: 'law', issuer: QH, title: 'Luật An ninh mạng', issuedOn: '2018-06-12', effectiveOn: '2019-01-01' },
  { number: '64/2007/NĐ-CP', type: 'decree', issuer: CP, title: 'Nghị định về ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước', issuedOn: '2007-04-10', summary: 'Điều 9: kế hoạch ứng dụng công nghệ thông tin 5 năm và hằng năm của cơ quan nhà nước (căn cứ của Chỉ thị).' },
  { number: '30/2020/NĐ-CP', type: 'decree', issuer: CP, title: 'Nghị định về công tác văn thư', issuedOn: '2020-03-05', effectiveOn: '2020-03-05', summary: 'Thể thức, kỹ thuật trình bày văn bản hành chính; quản lý văn bản đi, đến; lập hồ sơ và nộp lưu; quản lý con dấu.' },
  { number: '42/2022/NĐ-CP', type: 'decree', issuer: CP, title: 'Nghị định quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng', issuedOn: '2022-06-24' },
  { number: '85/2016/NĐ-CP', type: 'decree', issuer: CP, title: 'Nghị định về bảo đảm an toàn hệ thống thông tin theo cấp độ', issuedOn: '2016-07-01', summary: 'Năm cấp độ an toàn hệ thống thông tin (Điều 7–11); hồ sơ đề xuất cấp độ, thẩm định và phê duyệt.' },
  { number: '73/2019/NĐ-CP', type: 'decree', issuer: CP, title: 'Nghị định quy định quản lý đầu tư ứng dụng công nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước', issuedOn: '2019-09-05' },
  { number: '82/2024/NĐ-CP', type: 'decree', issuer: CP, title: 'Nghị định sửa đổi, bổ sung một số điều của Nghị định số 73/2019/NĐ-CP', issuedOn: '2024-07-10' },
  { number: '09/2019/NĐ-CP', type: 'decree', issuer: CP, title: 'Nghị định quy định về chế độ báo cáo của cơ quan hành chính nhà nước', issuedOn: '2019-01-24' },
  { number: '28/2018/QĐ-TTg', type: 'decision', issuer: 'Thủ tướng Chính phủ', title: 'Quyết định về việc gửi, nhận văn bản điện tử giữa các cơ quan trong hệ thống hành chính nhà nước', issuedOn: '2018-07-12' },
  { number: '20/2017/TT-BTTTT', type: 'circular', issuer: 'Bộ Thông tin và Truyền thông', title: 'Thông tư quy định về điều phối, ứng cứu sự cố bảo đảm an toàn thông tin mạng trên toàn quốc', issuedOn: '2017-09-12' },
];
const AMENDED: [string, string][] = [['73/2019/NĐ-CP', '82/2024/NĐ-CP']];

/** A one-page PDF standing for the text in the demo: its type, number, title and summary. */
async function textPdf(fonts: { regular: Uint8Array; bold: Uint8Array }, t: DemoText): Promise<Buffer> {
  const [{ PDFDocument }, { default: fontkit }] = await Promise.all([import('pdf-lib'), import('@pdf-lib/fontkit')]);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  pdf.setTitle(`${t.number} ${t.title}`);
  pdf.setProducer('Liên Thông (dữ liệu mẫu)');
  const page = pdf.addPage([595.28, 841.89]);
  const center = (s: string, font: typeof regular, size: number, y: number) => page.drawText(s, { x: (595.28 - font.widthOfTextAtSize(s, size)) / 2, y, size, font });
  center(t.issuer.toUpperCase(), bold, 12, 780);
  center('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 12, 760);
  center('Độc lập - Tự do - Hạnh phúc', bold, 13, 744);
  center(`Số: ${t.number}`, regular, 13, 716);
  page.drawText(t.title, { x: 70, y: 670, size: 14, font: bold, maxWidth: 455, lineHeight: 18 });
  page.drawText(t.summary ?? 'Bản tóm tắt phục vụ tra cứu trên hệ thống; văn bản gốc xem tại Cơ sở dữ liệu quốc gia về văn bản pháp luật.', { x: 70, y: 600, size: 12, font: regular, maxWidth: 455, lineHeight: 16 });
  return Buffer.from(await pdf.save());
}

async function smallPdf(title: string): Promise<Buffer> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  pdf.addPage([595.28, 841.89]).drawText(title, { x: 70, y: 760, size: 14, font });
  return Buffer.from(await pdf.save());
}

export async function loadDemoLegal(ctx: AppContext, ids: Map<string, number>, actors: Map<string, Actor>): Promise<number> {
  const db = ctx.db.kysely;
  const itUser = await db.selectFrom('users').select('id').where('username', '=', 'cntt.skhcn').executeTakeFirstOrThrow();
  const it = (await loadActor(ctx, itUser.id, 'system'))!;
  const fonts = {
    regular: await fs.readFile(require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf')),
    bold: await fs.readFile(require.resolve('@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf')),
  };
  const byNumber = new Map<string, number>();
  for (const t of TEXTS) {
    const created = await createLegalText(ctx, it, { ...t, status: 'in_force' as LegalStatus });
    byNumber.set(t.number, created.id);
    const slug = t.number.replace(/\//g, '-').replace(/Đ/g, 'D');
    await attachLegalFile(ctx, it, created.id, { fileName: `${slug}.pdf`, bytes: await textPdf(fonts, t) });
  }
  for (const [amended, by] of AMENDED) {
    const t = TEXTS.find((x) => x.number === amended)!;
    await updateLegalText(ctx, it, byNumber.get(amended)!, { ...t, status: 'amended', linkedId: byNumber.get(by)! });
  }

  // A campaign asked two weeks ago, due five days ago.
  const day = (n: number) => new Date(ctx.now().getTime() + n * 86400_000);
  const at = (n: number): AppContext => ({ ...ctx, now: () => day(n) });
  // Not Sở Tài chính nor Sở Nội vụ: the document tests count what those two receive.
  const agencies = ['vpubnd', 'binhphuoc', 'longkhanh', 'stp', 'sgddt', 'syt', 'sxd', 'sct', 'tranbien', 'longthanh'].map((k) => ids.get(k)!);
  const campaign = await createCampaign(at(-14), it, {
    title: 'Phổ biến Luật Giao dịch điện tử 2023 và các nghị định về dịch vụ công trực tuyến, văn thư điện tử',
    deadline: localDate(day(-5)),
    textIds: ['20/2023/QH15', '42/2022/NĐ-CP', '30/2020/NĐ-CP'].map((n) => byNumber.get(n)!),
    orgIds: agencies,
    signerName: it.fullName,
    signerPosition: 'Trưởng phòng Công nghệ thông tin',
  });
  const reports: [string, number, 'conference' | 'training' | 'internal_mail' | 'portal_post', number, string][] = [
    ['syt', -9, 'conference', 180, 'Hội nghị quán triệt cho lãnh đạo các bệnh viện, trung tâm y tế.'],
    ['syt', -8, 'portal_post', 0, 'Đăng toàn văn trên trang thông tin điện tử của Sở.'],
    ['binhphuoc', -7, 'internal_mail', 95, 'Gửi thư công vụ kèm tài liệu tới toàn thể công chức.'],
    ['longkhanh', -6, 'training', 60, 'Lồng ghép vào lớp tập huấn kỹ năng số.'],
    ['tranbien', -2, 'conference', 45, 'Hội nghị cán bộ, công chức phường.'],
  ];
  for (const [key, d, form, people, note] of reports) await addCampaignReport(at(d), actors.get(`chuyenvien.${key}`)!, campaign.id, { heldOn: localDate(day(d)), form, peopleReached: people, note });

  // Internal regulations: decisions issued by the agencies themselves.
  const regs: [string, 'intranet' | 'mailbox' | 'security', number, number | null][] = [
    ['syt', 'intranet', -400, 330],
    ['syt', 'mailbox', -400, 330],
    ['syt', 'security', -200, 160],
    ['stc', 'mailbox', -800, -70],
    ['stc', 'security', -300, 60],
    ['vpubnd', 'intranet', -500, 200],
    ['vpubnd', 'mailbox', -500, 200],
    ['vpubnd', 'security', -500, 200],
    ['skhcn', 'security', -100, 265],
  ];
  const names = { intranet: 'sử dụng mạng nội bộ', mailbox: 'sử dụng hộp thư điện tử công vụ', security: 'bảo đảm an toàn thông tin mạng' };
  for (const [key, kind, issuedDay, review] of regs) {
    const leader = actors.get(`lanhdao.${key}`)!;
    const decision = await issueOfficialLetter(at(issuedDay), leader, {
      typeCode: 'QD',
      summary: `Ban hành Quy chế ${names[kind]} của cơ quan`,
      recipients: [],
      signerName: leader.fullName,
      signerPosition: 'Giám đốc',
      files: [{ fileName: 'quyet-dinh.pdf', bytes: await smallPdf('Quyet dinh ban hanh Quy che') }],
    });
    await setRegulation(at(issuedDay), leader, ids.get(key)!, kind, { decisionDocumentId: decision.documentId, nextReview: review === null ? null : localDate(day(review)) });
  }
  return TEXTS.length;
}
