import type { AppContext, Actor } from '../context.js';
import { DomainError, conflict, invalid } from '../../domain/errors.js';
import { FUND_SOURCE_LABELS, PLAN_LIMITS, isEditable, isFrozen, PLAN_PRIORITY_LABELS, type FundSource, type PlanItemFields, type PlanPriority } from '../../domain/plans.js';
import { fold } from '../../domain/fold.js';
import { appendAudit } from '../audit/service.js';
import { assertPlanner, loadVisiblePlan } from './access.js';
import { IMPORT_COLUMNS } from './export.js';
import { checkItem, insertItems, programmeTargetIds, type ItemInput } from './service.js';
import { holdProgramme } from './programme.js';

/**
 * XLSX import of a plan's items (the template of export.ts): every row is checked, every
 * fault listed with its row and column, and nothing is written unless all rows are right.
 */

export type ImportProblem = {
  row: number;
  column: string; // the column's letter, as the spreadsheet shows it
  header: string;
  message: string;
  messageEn: string;
};

export type ImportResult = { ok: true; imported: number } | { ok: false; problems: ImportProblem[] };

const FIELD_COLUMN: Record<string, number> = { content: 2, objective: 3, targetIds: 4, leadUnit: 5, cooperatingUnits: 6, startDate: 7, endDate: 8, expectedOutput: 9, cost: 10, fundSource: 11, priority: 12 };
const letter = (col: number) => String.fromCharCode(64 + col);

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, '0')}-${String(v.getUTCDate()).padStart(2, '0')}`;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (typeof o.text === 'string') return o.text;
    return '';
  }
  return String(v).trim();
}

function byLabel<T extends string>(labels: Record<T, { vi: string; en: string }>, text: string): T | undefined {
  const f = fold(text);
  return (Object.keys(labels) as T[]).find((k) => fold(labels[k].vi) === f || fold(labels[k].en) === f || k === text);
}

/** Reads and checks every row; answers the items, or every problem found. */
export async function readPlanSheet(bytes: Buffer, plan: { year_from: number; year_to: number }, targets: Map<string, number[]>): Promise<{ items: PlanItemFields[]; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const fault = (row: number, col: number, vi: string, en: string) => problems.push({ row, column: letter(col), header: IMPORT_COLUMNS[col - 1] ?? '', message: vi, messageEn: en });
  if (bytes.length > PLAN_LIMITS.importBytes) throw new DomainError('too_large', 'file_too_large', 'Tệp vượt quá 5 MB.', 'The file is larger than 5 MB.', 'file');
  if (bytes.length < 4 || !bytes.subarray(0, 4).equals(XLSX_MAGIC)) throw new DomainError('unsupported_media', 'not_xlsx', 'Tệp không phải bảng tính XLSX.', 'The file is not an XLSX workbook.', 'file');
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('unsupported_media', 'not_xlsx', 'Không đọc được bảng tính XLSX.', 'The XLSX workbook cannot be read.', 'file');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw invalid('file', 'Bảng tính không có trang nào.', 'The workbook has no sheet.');
  const items: PlanItemFields[] = [];
  const rows: { n: number; cells: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return; // the header
    const cells = Array.from({ length: IMPORT_COLUMNS.length }, (_, i) => cellText(row.getCell(i + 1).value));
    if (cells.slice(1).every((c) => c === '')) return;
    rows.push({ n, cells });
  });
  if (rows.length > PLAN_LIMITS.items) throw invalid('file', `Tối đa ${PLAN_LIMITS.items} dòng nhiệm vụ.`, `At most ${PLAN_LIMITS.items} item rows.`);
  if (!rows.length) throw invalid('file', 'Bảng tính không có dòng nhiệm vụ nào.', 'The sheet has no item rows.');
  for (const { n, cells } of rows) {
    const before = problems.length;
    const c = (col: number) => cells[col - 1] ?? '';
    const targetIds: number[] = [];
    for (const code of c(4).split(/[;,\n]/).map((s) => s.trim()).filter(Boolean)) {
      const ids = targets.get(code.toUpperCase());
      if (ids) targetIds.push(...ids);
      else fault(n, 4, `Mã chỉ số "${code}" không có trong chương trình.`, `Indicator code "${code}" is not a target of the programme.`);
    }
    let fundSource: FundSource | undefined;
    if (c(11)) {
      fundSource = byLabel(FUND_SOURCE_LABELS, c(11));
      if (!fundSource) fault(n, 11, `Nguồn vốn "${c(11)}" không đúng (Đầu tư công, Chi thường xuyên, Xã hội hóa, Khác).`, `Fund source "${c(11)}" is not one of the list.`);
    }
    let priority: PlanPriority | undefined;
    if (c(12)) {
      priority = byLabel(PLAN_PRIORITY_LABELS, c(12));
      if (!priority) fault(n, 12, `Mức ưu tiên "${c(12)}" không đúng (Cao, Trung bình, Thấp).`, `Priority "${c(12)}" is not one of the list.`);
    }
    const input: ItemInput = { content: c(2), objective: c(3), targetIds, leadUnit: c(5), cooperatingUnits: c(6), startDate: c(7), endDate: c(8), expectedOutput: c(9), cost: c(10) || '0', fundSource, priority };
    // Each field alone first, so a row with several faults names them all.
    for (const [field, col] of Object.entries(FIELD_COLUMN)) {
      if (field === 'targetIds' || field === 'fundSource' || field === 'priority') continue;
      const probe: ItemInput = { content: 'x', leadUnit: 'x', startDate: `${plan.year_from}-01-01`, endDate: `${plan.year_to}-12-31`, [field]: input[field as keyof ItemInput] };
      try {
        checkItem(probe, plan, new Set());
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        if (e.field === field) fault(n, col, e.messageVi, e.messageEn);
      }
    }
    if (problems.length > before) continue;
    try {
      items.push(checkItem(input, plan, new Set(targetIds)));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      fault(n, FIELD_COLUMN[e.field ?? 'content'] ?? 2, e.messageVi, e.messageEn);
    }
  }
  return { items, problems };
}

/** Imports the items into an editable plan: all rows or none (replace: the draft's items are replaced). */
export async function importPlanItems(ctx: AppContext, actor: Actor, planId: number, bytes: Buffer, replace: boolean): Promise<ImportResult> {
  const db = ctx.db.kysely;
  const p = await loadVisiblePlan(db, actor, planId);
  assertPlanner(actor, p.agency_id);
  if (isFrozen(p.status)) throw conflict('plan_approved', 'Kế hoạch đã phê duyệt không sửa trực tiếp: hãy điều chỉnh thành phiên bản mới.', 'An approved plan is never edited in place: adjust it as a new version.');
  if (!isEditable(p.status)) throw conflict('plan_not_editable', 'Kế hoạch đang được thẩm định, chưa sửa được.', 'The plan is with the reviewer and cannot be edited now.');
  const targetRows = await db.selectFrom('programme_targets').select(['id', 'indicator_code']).where('programme_id', '=', p.programme_id).execute();
  const targets = new Map<string, number[]>();
  for (const t of targetRows) targets.set(t.indicator_code.toUpperCase(), [...(targets.get(t.indicator_code.toUpperCase()) ?? []), t.id]);
  const { items, problems } = await readPlanSheet(bytes, p, targets);
  if (problems.length) return { ok: false, problems: problems.slice(0, 1000) };
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const again = await loadVisiblePlan(trx, actor, planId);
    if (!isEditable(again.status)) throw conflict('plan_not_editable', 'Kế hoạch đang được thẩm định, chưa sửa được.', 'The plan is with the reviewer and cannot be edited now.');
    // The targets were read before the file; one deleted since would leave an item pointing at nothing.
    await holdProgramme(trx, ctx.db.dialect === 'postgres', p.programme_id, false);
    const still = await programmeTargetIds(trx, p.programme_id);
    if (items.some((i) => i.targetIds.some((t) => !still.has(t)))) throw conflict('target_deleted', 'Một chỉ tiêu trong tệp vừa bị xóa khỏi chương trình; hãy nhập lại.', 'A target named in the file was just deleted from the programme; import again.');
    await insertItems(trx, planId, items, replace);
    await trx.updateTable('plans').set({ updated_at: at }).where('id', '=', planId).execute();
    await trx.insertInto('plan_events').values({ plan_id: planId, item_id: null, kind: 'imported', org_id: actor.agencyId, user_id: actor.userId, user_name: actor.fullName, at, text: `${items.length} nhiệm vụ${replace ? ' (thay thế)' : ''}`, document_id: null }).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'plan.import', entityType: 'plan', entityId: planId, data: { items: items.length, replace } });
  });
  return { ok: true, imported: items.length };
}

