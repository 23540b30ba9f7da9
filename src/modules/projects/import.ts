import type { AppContext, Actor } from '../context.js';
import { DomainError, invalid } from '../../domain/errors.js';
import { parseDong } from '../../domain/money.js';
import { DECISION_FITS } from '../../domain/projects.js';
import { optionalDate } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { assertFinance } from './access.js';
import { refreshFigures } from './repo.js';
import { decisionDocument, readSchedule, setBaseline } from './service.js';

/**
 * XLSX imports: the milestones of a schedule (a baseline, or a re-baseline) and the yearly
 * capital plan of many projects. Every row is checked first; any error answers with its row
 * and column and nothing is written.
 */

const MAX_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 2000;

interface CellError {
  row: number;
  col: string;
  vi: string;
  en: string;
}

function fail(errs: CellError[]): never {
  const shown = errs.slice(0, 20);
  const first = shown[0]!;
  const more = errs.length > shown.length ? ` (và ${errs.length - shown.length} lỗi khác)` : '';
  throw new DomainError(
    'unprocessable',
    'import_errors',
    `Tệp có lỗi, chưa nhập dòng nào. ${shown.map((e) => `Dòng ${e.row}, cột ${e.col}: ${e.vi}`).join('; ')}${more}`,
    `The file has errors; nothing was imported. ${shown.map((e) => `Row ${e.row}, column ${e.col}: ${e.en}`).join('; ')}`,
    first.col,
    first.row,
  );
}

async function readSheet(base64: unknown): Promise<{ row: number; values: unknown[] }[]> {
  if (typeof base64 !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(base64)) throw invalid('file', 'Tệp phải được mã hóa base64.', 'file must be base64.');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_BYTES) throw new DomainError('too_large', 'file_too_large', 'Tệp lớn quá 5 MB.', 'The file is larger than 5 MB.');
  // An XLSX is a ZIP: checked by its content, not its name.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    throw new DomainError('unsupported_media', 'not_xlsx', 'Tệp không phải bảng tính XLSX.', 'The file is not an XLSX workbook.');
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('unsupported_media', 'not_xlsx', 'Không đọc được tệp XLSX.', 'The XLSX file cannot be read.');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw invalid('file', 'Tệp không có trang tính nào.', 'The workbook has no sheet.');
  const rows: { row: number; values: unknown[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return; // header
    const values = (r.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v && typeof v === 'object' && 'text' in v ? (v as { text: unknown }).text : v));
    if (values.every((v) => v === null || v === undefined || v === '')) return;
    rows.push({ row: n, values });
  });
  if (rows.length > MAX_ROWS) throw invalid('file', `Tối đa ${MAX_ROWS} dòng.`, `At most ${MAX_ROWS} rows.`);
  if (!rows.length) throw invalid('file', 'Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề).', 'The file has no data rows (row 1 is the header).');
  return rows;
}

const COL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const asText = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());
function asDate(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return optionalDate(asText(v) || null, 'date', 'Ngày');
}

function guard<T>(errs: CellError[], row: number, col: number, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof DomainError) {
      errs.push({ row, col: COL[col]!, vi: e.messageVi, en: e.messageEn });
      return undefined;
    }
    throw e;
  }
}

/** Columns: A mã mốc, B tên mốc, C ngày bắt đầu, D ngày kết thúc, E chi phí (đồng). Makes the next baseline version. */
export async function importMilestones(ctx: AppContext, actor: Actor, projectId: number, input: { file?: unknown; documentId?: unknown; reason?: unknown }) {
  const rows = await readSheet(input.file);
  const errs: CellError[] = [];
  const seen = new Set<string>();
  const milestones = rows.map(({ row, values }) => {
    const code = asText(values[0]);
    if (!code) errs.push({ row, col: 'A', vi: 'Thiếu mã mốc.', en: 'Milestone code missing.' });
    else if (seen.has(code)) errs.push({ row, col: 'A', vi: `Mã mốc "${code}" bị trùng.`, en: `Milestone code "${code}" repeated.` });
    seen.add(code);
    const name = asText(values[1]);
    if (!name) errs.push({ row, col: 'B', vi: 'Thiếu tên mốc.', en: 'Milestone name missing.' });
    const start = guard(errs, row, 2, () => asDate(values[2]));
    const end = guard(errs, row, 3, () => asDate(values[3]));
    if (start === null) errs.push({ row, col: 'C', vi: 'Thiếu ngày bắt đầu.', en: 'Start date missing.' });
    if (end === null) errs.push({ row, col: 'D', vi: 'Thiếu ngày kết thúc.', en: 'End date missing.' });
    if (start && end && end < start) errs.push({ row, col: 'D', vi: 'Ngày kết thúc trước ngày bắt đầu.', en: 'The end is before the start.' });
    const cost = guard(errs, row, 4, () => {
      const n = parseDong(typeof values[4] === 'number' ? values[4] : asText(values[4]), 'plannedCost', 'Chi phí');
      if (n < 0n) throw invalid('plannedCost', 'Chi phí không được âm.', 'The cost may not be negative.');
      return n;
    });
    return { code, name, plannedStart: start, plannedEnd: end, plannedCost: cost?.toString() };
  });
  if (errs.length) fail(errs);
  readSchedule(milestones); // the same rules as the form
  await setBaseline(ctx, actor, projectId, { documentId: input.documentId, reason: input.reason, milestones });
  return { rows: milestones.length };
}

/** Columns: A mã dự án, B kế hoạch vốn năm (đồng), C–N kế hoạch giải ngân tháng 1–12 (tùy chọn). Finance, one decision for all rows. */
export async function importCapitalPlans(ctx: AppContext, actor: Actor, input: { file?: unknown; documentId?: unknown; year?: unknown }) {
  assertFinance(actor);
  const year = input.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) throw invalid('year', 'Hãy chọn năm kế hoạch.', 'year is required.');
  const rows = await readSheet(input.file);
  const db = ctx.db.kysely;
  const documentId = await decisionDocument(db, actor, input.documentId, DECISION_FITS.capital);
  const errs: CellError[] = [];
  const codes = rows.map((r) => asText(r.values[0]));
  const projects = new Map<string, { id: number; start_year: number; end_year: number }>();
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500).filter(Boolean);
    if (chunk.length) for (const p of await db.selectFrom('projects').select(['id', 'code', 'start_year', 'end_year']).where('code', 'in', chunk).execute()) projects.set(p.code, p);
  }
  const existing = new Set((await db.selectFrom('capital_plans').select('project_id').where('year', '=', year).execute()).map((r) => r.project_id));
  const seen = new Set<string>();
  const plans = rows.map(({ row, values }) => {
    const code = asText(values[0]);
    const p = projects.get(code);
    if (!code) errs.push({ row, col: 'A', vi: 'Thiếu mã dự án.', en: 'Project code missing.' });
    else if (!p) errs.push({ row, col: 'A', vi: `Không có dự án mã "${code}".`, en: `No project with code "${code}".` });
    else if (seen.has(code)) errs.push({ row, col: 'A', vi: `Dự án "${code}" lặp lại.`, en: `Project "${code}" repeated.` });
    else if (existing.has(p.id)) errs.push({ row, col: 'A', vi: `Dự án "${code}" đã có kế hoạch vốn năm ${year}: hãy điều chỉnh.`, en: `Project "${code}" already has a ${year} plan.` });
    else if (year < p.start_year || year > p.end_year) errs.push({ row, col: 'A', vi: `Năm ${year} ngoài thời gian thực hiện của dự án.`, en: `${year} is outside the project's period.` });
    seen.add(code);
    const money = (col: number) =>
      guard(errs, row, col, () => {
        const n = parseDong(typeof values[col] === 'number' ? values[col] : asText(values[col]), 'amount', 'Số tiền');
        if (n < 0n) throw invalid('amount', 'Số tiền không được âm.', 'The amount may not be negative.');
        return n;
      });
    const amount = money(1);
    const hasMonths = values.slice(2, 14).some((v) => asText(v) !== '');
    let monthly: bigint[] | null = null;
    if (hasMonths) {
      monthly = Array.from({ length: 12 }, (_, i) => money(i + 2) ?? 0n);
      const sum = monthly.reduce((a, b) => a + b, 0n);
      if (amount !== undefined && sum !== amount) errs.push({ row, col: 'C', vi: 'Tổng 12 tháng khác kế hoạch vốn năm.', en: 'The twelve months do not add up to the yearly plan.' });
    }
    return { projectId: p?.id ?? 0, amount: amount ?? 0n, monthly };
  });
  if (errs.length) fail(errs);
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const pl of plans) {
      const row = await trx
        .insertInto('capital_plans')
        .values({ project_id: pl.projectId, year, allocated: pl.amount.toString(), amount: pl.amount.toString(), monthly: pl.monthly ? JSON.stringify(pl.monthly.map(String)) : null, document_id: documentId, disbursed: '0', updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('capital_plan_changes').values({ capital_plan_id: row.id, kind: 'allocate', amount_from: null, amount_to: pl.amount.toString(), document_id: documentId, reason: null, user_id: actor.userId, user_name: actor.fullName, at }).execute();
      await refreshFigures(trx, pl.projectId);
      await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'project.capital.allocate', entityType: 'project', entityId: pl.projectId, data: { year, amount: pl.amount.toString(), documentId, imported: true } });
    }
  });
  return { rows: plans.length };
}
