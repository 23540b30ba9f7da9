import { stringify } from 'csv-stringify/sync';
import type { AppContext, Actor } from '../context.js';
import { invalid } from '../../domain/errors.js';
import { formatDateVi } from '../../domain/numbering.js';
import { optionalDate } from '../../domain/validate.js';
import type { RegisterTable } from '../../db/schema.js';

/** Column headings of the registers (Decree 30/2020, appendix IV). */
export const OUTGOING_COLUMNS = ['Số, ký hiệu văn bản', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung', 'Người ký', 'Nơi nhận văn bản', 'Đơn vị, người nhận bản lưu', 'Số lượng bản', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'];
export const INCOMING_COLUMNS = ['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung', 'Đơn vị hoặc người nhận', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'];

/** Relative widths of the ten columns in the printed book: the summary and the recipients get the room. */
const OUTGOING_WIDTHS = [9, 6.5, 22, 10, 17, 8, 5, 6.5, 6, 10];
const INCOMING_WIDTHS = [6.5, 5, 13, 9, 6.5, 24, 11, 6.5, 7, 11.5];

export interface RegisterQuery {
  kind?: unknown;
  from?: unknown;
  to?: unknown;
  /** The whole calendar year instead of from/to. */
  year?: unknown;
  registerId?: unknown;
}

function period(q: RegisterQuery): { from: string; to: string } {
  if (q.year !== undefined && q.year !== '') {
    const year = Number(q.year);
    if (!Number.isInteger(year) || year < 1900 || year > 9999) throw invalid('year', 'Năm không hợp lệ.', 'The year is not valid.');
    return { from: `${year}-01-01`, to: `${year}-12-31` };
  }
  return { from: optionalDate(q.from, 'from', 'Từ ngày') ?? '0000-01-01', to: optionalDate(q.to, 'to', 'Đến ngày') ?? '9999-12-31' };
}

/** The ten-column book of a period: the agency's outgoing or incoming register. */
export async function registerBook(ctx: AppContext, actor: Actor, q: RegisterQuery) {
  const kind: RegisterTable['kind'] | null = q.kind === 'incoming' ? 'incoming' : q.kind === 'outgoing' ? 'outgoing' : null;
  if (!kind) throw invalid('kind', 'Loại sổ phải là đi (outgoing) hoặc đến (incoming).', 'kind must be outgoing or incoming.');
  const { from, to } = period(q);
  if (from > to) throw invalid('to', 'Đến ngày phải sau hoặc bằng Từ ngày.', 'The end of the period is before its start.');
  const registerId = q.registerId === undefined || q.registerId === '' ? null : Number(q.registerId);
  const db = ctx.db.kysely;
  const registers = await db.selectFrom('registers').selectAll().where('org_id', '=', actor.agencyId).where('kind', '=', kind).orderBy('id').execute();
  const register = registerId === null ? registers.find((r) => Number(r.secret) === 0) : registers.find((r) => r.id === registerId);
  if (!register) throw invalid('registerId', 'Không tìm thấy sổ.', 'Unknown register.');
  const agency = await db
    .selectFrom('organizations as o')
    .leftJoin('organizations as p', 'p.id', 'o.parent_id')
    .select(['o.name', 'p.name as parent_name'])
    .where('o.id', '=', actor.agencyId)
    .executeTakeFirstOrThrow();
  const head = { agency: agency.name, parentAgency: agency.parent_name ?? null };
  const types = new Map((await db.selectFrom('document_types').select(['code', 'name']).execute()).map((t) => [t.code, t.name]));
  // Dates in the book are Vietnam dates; the period is compared on them.
  const startIso = new Date(`${from}T00:00:00+07:00`).toISOString();
  const endIso = new Date(`${to}T23:59:59.999+07:00`).toISOString();

  if (kind === 'outgoing') {
    const docs = await db
      .selectFrom('documents')
      .selectAll()
      .where('register_id', '=', register.id)
      .where('state', '=', 'issued')
      .where('issued_at', '>=', startIso)
      .where('issued_at', '<=', endIso)
      .orderBy('issued_at')
      .orderBy('id')
      .limit(50_000)
      .execute();
    const recips = docs.length
      ? await db
          .selectFrom('document_recipients')
          .innerJoin('organizations', 'organizations.id', 'document_recipients.org_id')
          .select(['document_id', 'organizations.name'])
          .where('document_id', 'in', docs.map((d) => d.id))
          .execute()
      : [];
    const rows = docs.map((d) => [
      d.symbol ?? '',
      formatDateVi(d.doc_date),
      `${d.copy_kind ? `Bản ${d.copy_kind} ` : ''}${types.get(d.type_code) ?? d.type_code}: ${d.summary}`,
      [d.signer_competence, d.signer_position, d.signer_name].filter(Boolean).join(' '),
      recips.filter((r) => r.document_id === d.id).map((r) => r.name).join('; '),
      d.record_keeper ?? '',
      d.copies_count === null ? '' : String(d.copies_count),
      d.confidentiality === 'thuong' ? formatDateVi(d.issued_at) : '',
      '',
      [d.confidentiality !== 'thuong' ? 'Văn bản mật — phát hành bản giấy' : '', d.notes ?? ''].filter(Boolean).join('. '),
    ]);
    return { kind, ...head, register: { id: register.id, name: register.name, secret: Number(register.secret) === 1 }, from, to, columns: OUTGOING_COLUMNS, rows };
  }

  const items = await db
    .selectFrom('inbox_items as i')
    .innerJoin('documents as d', 'd.id', 'i.document_id')
    .leftJoin('organizations as s', 's.id', 'd.org_id')
    .select(['i.id', 'i.arrival_number', 'i.registered_at', 'i.is_paper', 'd.symbol', 'd.doc_date', 'd.type_code', 'd.summary', 'd.external_sender', 's.name as sender_name'])
    .where('i.org_id', '=', actor.agencyId)
    .where('i.register_id', '=', register.id)
    .where('i.registered_at', '>=', startIso)
    .where('i.registered_at', '<=', endIso)
    .orderBy('i.arrival_year')
    .orderBy('i.arrival_number')
    .limit(50_000)
    .execute();
  const assigned = items.length
    ? await db
        .selectFrom('assignments as a')
        .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
        .leftJoin('organizations as o', 'o.id', 'a.assignee_org_id')
        .select(['a.inbox_item_id', 'a.role', 'a.assigned_at', 'u.full_name', 'o.name as org_name'])
        .where('a.inbox_item_id', 'in', items.map((i) => i.id))
        .where('a.role', '=', 'lead')
        .execute()
    : [];
  const rows = items.map((i) => {
    const lead = assigned.find((a) => a.inbox_item_id === i.id);
    return [
      formatDateVi(i.registered_at),
      String(i.arrival_number ?? ''),
      i.sender_name ?? i.external_sender ?? '',
      i.symbol ?? '',
      formatDateVi(i.doc_date),
      `${types.get(i.type_code) ?? i.type_code}: ${i.summary}`,
      lead ? (lead.full_name ?? lead.org_name ?? '') : '',
      lead ? formatDateVi(lead.assigned_at) : '',
      '',
      Number(i.is_paper) === 1 ? 'Văn bản giấy' : 'Văn bản điện tử',
    ];
  });
  return { kind, ...head, register: { id: register.id, name: register.name, secret: Number(register.secret) === 1 }, from, to, columns: INCOMING_COLUMNS, rows };
}

type Book = Awaited<ReturnType<typeof registerBook>>;

/** CSV with a byte-order mark, so spreadsheet programs read the Vietnamese letters. */
export function bookToCsv(book: Book): Buffer {
  const header = book.columns.map((c, i) => `(${i + 1}) ${c}`);
  return Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(stringify([header, ...book.rows]), 'utf8')]);
}

export async function bookToXlsx(book: Book): Promise<Buffer> {
  // Loaded when a register is exported, not with every server.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liên Thông';
  const ws = wb.addWorksheet(book.kind === 'outgoing' ? 'So van ban di' : 'So van ban den', { pageSetup: { orientation: 'landscape', paperSize: 9 } });
  ws.addRow([book.register.name.toUpperCase()]);
  ws.addRow([`Từ ngày ${formatDateVi(book.from === '0000-01-01' ? null : book.from)} đến ngày ${formatDateVi(book.to === '9999-12-31' ? null : book.to)}`]);
  ws.addRow(book.columns);
  ws.addRow(book.columns.map((_, i) => `(${i + 1})`));
  for (const r of book.rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(3).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = [2, 5, 6].includes(i) ? 40 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The book to print and bind: cover, ten columns on landscape A4, numbered pages (src/modules/pdf). */
export async function bookToPdf(book: Book): Promise<Buffer> {
  const { renderRegisterBook } = await import('../pdf/register-book.js');
  const open = book.from === '0000-01-01';
  const end = book.to === '9999-12-31';
  const [y1, y2] = [open ? null : book.from.slice(0, 4), end ? null : book.to.slice(0, 4)];
  const wholeYear = y1 !== null && y1 === y2 && book.from.endsWith('-01-01') && book.to.endsWith('-12-31');
  return renderRegisterBook({
    parentName: book.parentAgency,
    agencyName: book.agency,
    registerName: book.register.name,
    yearLine: y1 && y1 === y2 ? `Năm ${y1}` : y1 || y2 ? `Năm ${[y1, y2].filter(Boolean).join(' – ')}` : 'Các năm',
    periodLine: wholeYear ? null : `Từ ngày ${open ? '…' : formatDateVi(book.from)} đến ngày ${end ? '…' : formatDateVi(book.to)}`,
    columns: book.columns,
    rows: book.rows,
    widths: book.kind === 'outgoing' ? OUTGOING_WIDTHS : INCOMING_WIDTHS,
  });
}
