import type { AppContext, Actor } from '../context.js';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { BAND_LABELS, draftSummary, placeOf, REPORT_STATUS_LABELS, superiorHeader, type Band } from '../../domain/monitoring.js';
import { formatDateVi, localDate } from '../../domain/numbering.js';
import { requiredText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { agencyOf, getOrg, provinceName } from '../directory/repo.js';
import { hasRole } from '../context.js';
import { issueOfficialLetter } from '../documents/index.js';
import { agencyHead } from '../portal/index.js';
import { assertItOfficer, seesAllAgencies } from './access.js';
import { loadSettings, openPeriod } from './periods.js';
import { renderReportPdf } from './pdf.js';
import { tablesToXlsx } from './xlsx.js';
import { scoreMonth, type MonthScores } from './scores.js';

/**
 * The IT department's province report for a month: the province's indicators, every
 * agency's, the ranking with bands, the late reporters and a summary drafted from the
 * agencies' own words for the officer to edit; as PDF (an administrative report) and XLSX
 * (one sheet per table); issued through the exchange to the People's Committee and its Office.
 */
const BAND_COLORS: Record<Band, [number, number, number]> = { tot: [0.18, 0.55, 0.2], kha: [0.2, 0.45, 0.75], trung_binh: [0.9, 0.6, 0.1], yeu: [0.8, 0.2, 0.2] };

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('vi-VN', { maximumFractionDigits: 2 }));

async function submittedReports(ctx: AppContext, month: string) {
  return ctx.db.kysely
    .selectFrom('monitoring_reports as r')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .select(['r.org_id', 'o.name as orgName', 'r.results', 'r.problems', 'r.proposals', 'r.status', 'r.late', 'r.submitted_at'])
    .where('r.month', '=', month)
    .where('r.status', 'in', ['submitted', 'accepted'])
    .orderBy('o.id')
    .execute();
}

export async function getConsolidation(ctx: AppContext, actor: Actor, month: string) {
  const settings = await loadSettings(ctx.db.kysely);
  if (!seesAllAgencies(actor, settings)) throw notFound('consolidation');
  const period = await openPeriod(ctx, month);
  const row = await ctx.db.kysely.selectFrom('monitoring_consolidations').selectAll().where('month', '=', month).executeTakeFirst();
  const reports = await submittedReports(ctx, month);
  const scores = await scoreMonth(ctx, actor, month);
  const today = localDate(ctx.now());
  const late = scores.agencies
    .filter((a) => a.late || ((a.reportStatus === null || a.reportStatus === 'draft' || a.reportStatus === 'returned') && today > period.deadline))
    .map((a) => ({ orgId: a.orgId, name: a.name, status: a.reportStatus ?? 'draft', late: a.late }));
  const doc = row?.document_id ? await ctx.db.kysely.selectFrom('documents').select(['id', 'org_id', 'symbol', 'doc_date', 'signer_name', 'signer_position', 'issued_at']).where('id', '=', row.document_id).executeTakeFirst() : undefined;
  const reporterId = doc?.org_id ?? (await reportingAgency(ctx, actor));
  return {
    month,
    period: { from: period.from, to: period.to, deadline: period.deadline },
    summary: row?.summary ?? draftSummary(month, reports.map((r) => ({ orgName: r.orgName, results: r.results, problems: r.problems, proposals: r.proposals }))),
    drafted: !row,
    reported: reports.length,
    agencies: scores.agencies.length,
    late,
    document: doc ? { id: doc.id, symbol: doc.symbol, docDate: doc.doc_date, signerName: doc.signer_name, issuedAt: doc.issued_at } : null,
    reporterId,
    signer: doc?.signer_name ? { name: doc.signer_name, position: doc.signer_position ?? '' } : await defaultSigner(ctx, reporterId),
    scores,
  };
}
export type ConsolidationView = Awaited<ReturnType<typeof getConsolidation>>;

export async function saveSummary(ctx: AppContext, actor: Actor, month: string, summaryIn: unknown) {
  assertItOfficer(actor);
  const summary = requiredText(summaryIn, 'summary', 'Nội dung tổng hợp', 50_000);
  await openPeriod(ctx, month);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('monitoring_consolidations').select(['document_id']).where('month', '=', month).executeTakeFirst();
    if (row?.document_id) throw conflict('report_issued', 'Báo cáo tổng hợp đã phát hành, không sửa được.', 'The consolidated report was issued; it cannot be changed.');
    if (row) await trx.updateTable('monitoring_consolidations').set({ summary, updated_at: at }).where('month', '=', month).execute();
    else await trx.insertInto('monitoring_consolidations').values({ month, summary, document_id: null, created_by: actor.userId, created_at: at, updated_at: at }).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'monitoring.consolidation.save', entityType: 'monitoring_consolidation', entityId: month, data: { chars: summary.length } });
  });
  return getConsolidation(ctx, actor, month);
}

async function names(ctx: AppContext, ids: (number | null)[]) {
  const list = ids.filter((i): i is number => i !== null);
  if (!list.length) return new Map<number, string>();
  return new Map((await ctx.db.kysely.selectFrom('organizations').select(['id', 'name']).where('id', 'in', list).execute()).map((o) => [o.id, o.name]));
}

function tablesOf(c: ConsolidationView) {
  const s: MonthScores = c.scores;
  const cat = s.catalogue.filter((i) => Object.values(s.agencies).some((a) => a.values[i.code]?.value !== null));
  return [
    {
      sheet: 'Toan tinh',
      heading: 'Bảng 1. Chỉ tiêu toàn tỉnh',
      columns: ['Mã', 'Chỉ tiêu', 'Đơn vị', 'Tử số', 'Mẫu số', 'Giá trị'],
      widths: [21, 41, 10, 9, 9, 10],
      rows: cat.map((i) => {
        const p = s.province[i.code]!;
        return [i.code, i.nameVi, i.unit, fmt(p.numerator), fmt(p.denominator), fmt(p.value)];
      }),
    },
    {
      sheet: 'Xep hang',
      heading: 'Bảng 2. Xếp hạng các cơ quan (điểm trên 100)',
      columns: ['Hạng', 'Cơ quan', 'Điểm', 'Xếp loại', 'Báo cáo'],
      widths: [8, 50, 10, 14, 18],
      rows: s.agencies.map((a) => [a.rank === null ? '—' : String(a.rank), a.name, fmt(a.score), a.band ? BAND_LABELS[a.band].vi : '—', a.reportStatus ? `${REPORT_STATUS_LABELS[a.reportStatus].vi}${a.late ? ' (muộn)' : ''}` : 'Chưa gửi']),
    },
    {
      sheet: 'Theo co quan',
      heading: 'Bảng 3. Chỉ tiêu theo cơ quan',
      columns: ['Cơ quan', ...cat.map((i) => i.code)],
      widths: [30, ...cat.map(() => 70 / Math.max(cat.length, 1))],
      rows: s.agencies.map((a) => [a.shortName === 'UBND' ? a.name : a.name, ...cat.map((i) => fmt(a.values[i.code]?.value))]),
    },
    {
      sheet: 'Bao cao muon',
      heading: 'Bảng 4. Cơ quan gửi báo cáo muộn hoặc chưa gửi',
      columns: ['STT', 'Cơ quan', 'Tình trạng'],
      widths: [8, 62, 30],
      rows: c.late.map((l, i) => [String(i + 1), l.name, l.late ? 'Gửi muộn' : 'Chưa gửi']),
    },
  ];
}

const monthTitle = (month: string) => `tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** The IT department that reports: the officer's own agency, else (a leader reading it) the agency of the first IT officer. */
async function reportingAgency(ctx: AppContext, actor: Actor): Promise<number> {
  if (hasRole(actor, 'it_officer')) return actor.agencyId;
  const db = ctx.db.kysely;
  const it = await db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('u.org_id').where('r.role', '=', 'it_officer').where('u.active', '=', 1).orderBy('u.id').executeTakeFirst();
  return it ? agencyOf(db, it.org_id) : actor.agencyId;
}

/** Who signs for the IT department unless the officer names someone: its head and their title in the directory. */
async function defaultSigner(ctx: AppContext, orgId: number) {
  const head = await agencyHead(ctx.db.kysely, orgId);
  return { name: head?.fullName ?? '', position: head?.position ?? '' };
}

/** The header's governing body and place, from the directory (the People's Committee, the province). */
async function headerOf(ctx: AppContext, ubndOrgId: number | null) {
  const [ubnd, province] = await Promise.all([ubndOrgId ? getOrg(ctx.db.kysely, ubndOrgId) : undefined, provinceName(ctx.db.kysely)]);
  return { parentName: superiorHeader(ubnd?.name ?? null, province), place: placeOf(province) };
}

export async function consolidatedPdf(ctx: AppContext, actor: Actor, month: string, sign?: { name: string; position: string }) {
  const c = await getConsolidation(ctx, actor, month);
  const itOrg = await ctx.db.kysely.selectFrom('organizations').select(['name', 'short_name']).where('id', '=', c.reporterId).executeTakeFirstOrThrow();
  const s = c.scores;
  const [recips, header] = await Promise.all([names(ctx, [s.settings.ubndOrgId, s.settings.officeOrgId]), headerOf(ctx, s.settings.ubndOrgId)]);
  const signer = sign ?? c.signer;
  const day = c.document?.docDate ?? localDate(ctx.now());
  const [y, m, d] = day.split('-');
  return renderReportPdf({
    parentName: header.parentName,
    issuer: itOrg.name.toUpperCase(),
    symbol: c.document?.symbol ? `Số: ${c.document.symbol}` : `Số:      /BC-${itOrg.short_name}`,
    placeDate: `${header.place ? `${header.place}, ` : ''}ngày ${d} tháng ${m} năm ${y}`,
    title: 'BÁO CÁO',
    subtitle: `Kết quả theo dõi, đánh giá ứng dụng công nghệ thông tin, chuyển đổi số ${monthTitle(month)} (số liệu từ ${formatDateVi(c.period.from)} đến ${formatDateVi(c.period.to)})`,
    paragraphs: [
      `Thực hiện chế độ báo cáo định kỳ, ${itOrg.name} báo cáo Ủy ban nhân dân tỉnh kết quả theo dõi ${monthTitle(month)} như sau. Điểm bình quân toàn tỉnh: ${fmt(s.provinceScore)}/100; ${c.reported}/${c.agencies} cơ quan đã gửi báo cáo.`,
      ...c.summary.split(/\n{2,}/),
    ],
    tables: tablesOf(c).map(({ heading, columns, widths, rows }) => ({ heading, columns, widths, rows })),
    chart: {
      heading: 'Biểu đồ. Điểm của các cơ quan (xếp theo hạng)',
      bars: s.agencies.filter((a) => a.score !== null).slice(0, 40).map((a) => ({ label: a.name, value: a.score!, color: BAND_COLORS[a.band!] })),
    },
    signer,
    recipients: [...[s.settings.ubndOrgId, s.settings.officeOrgId].map((id) => (id ? recips.get(id) : null)).filter((n): n is string => !!n), 'Lưu: VT'],
  });
}

export async function consolidatedXlsx(ctx: AppContext, actor: Actor, month: string): Promise<Buffer> {
  return tablesToXlsx(tablesOf(await getConsolidation(ctx, actor, month)), monthTitle(month));
}

const issuedAlready = () => conflict('report_issued', 'Báo cáo tổng hợp tháng này đã phát hành.', "This month's consolidated report was already issued.");

/**
 * Issues the report: a BC document numbered in the IT department's register, sent through
 * the exchange to the People's Committee and its Office with the PDF and the XLSX. The
 * letter and the consolidation standing on it are one transaction: no letter without its
 * report marked issued, and a second issue at the same moment finds it taken.
 */
export async function issueConsolidated(ctx: AppContext, actor: Actor, month: string, input: { signerName?: unknown; signerPosition?: unknown }) {
  assertItOfficer(actor);
  const signerName = requiredText(input.signerName, 'signerName', 'Người ký', 200);
  const signerPosition = requiredText(input.signerPosition ?? (await defaultSigner(ctx, actor.agencyId)).position, 'signerPosition', 'Chức vụ người ký', 200);
  const settings = await loadSettings(ctx.db.kysely);
  const recipients = [settings.ubndOrgId, settings.officeOrgId].filter((i): i is number => i !== null && i !== actor.agencyId);
  if (!recipients.length) throw invalid('recipients', 'Chưa cấu hình Ủy ban nhân dân tỉnh nhận báo cáo.', "The People's Committee that receives the report is not configured.");
  const c = await getConsolidation(ctx, actor, month);
  if (c.document) throw issuedAlready();
  // Rendered before the transaction: the register's number is not held while the PDF is drawn.
  const [pdf, xlsx] = await Promise.all([consolidatedPdf(ctx, actor, month, { name: signerName, position: signerPosition }), consolidatedXlsx(ctx, actor, month)]);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('monitoring_consolidations').values({ month, summary: c.summary, document_id: null, created_by: actor.userId, created_at: at, updated_at: at }).onConflict((oc) => oc.column('month').doNothing()).execute();
    const q = trx.selectFrom('monitoring_consolidations').select(['document_id', 'summary']).where('month', '=', month);
    const row = await (ctx.db.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
    if (row.document_id) throw issuedAlready();
    if (row.summary !== c.summary) throw conflict('summary_changed', 'Nội dung tổng hợp vừa được sửa; hãy xem lại rồi phát hành.', 'The summary was just changed; review it and issue again.');
    const letter = await issueOfficialLetter(
      ctx,
      actor,
      {
        typeCode: 'BC',
        summary: `Báo cáo kết quả theo dõi, đánh giá ứng dụng CNTT, chuyển đổi số ${monthTitle(month)}`,
        recipients,
        signerName,
        signerPosition,
        files: [
          { fileName: `bao-cao-thang-${month}.pdf`, bytes: pdf, role: 'main' },
          { fileName: `bao-cao-thang-${month}.xlsx`, bytes: xlsx, role: 'appendix' },
        ],
      },
      { trx },
    );
    await trx.updateTable('monitoring_consolidations').set({ document_id: letter.documentId, updated_at: at }).where('month', '=', month).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'monitoring.consolidation.issue', entityType: 'monitoring_consolidation', entityId: month, data: { documentId: letter.documentId, symbol: letter.symbol } });
  });
  return getConsolidation(ctx, actor, month);
}
