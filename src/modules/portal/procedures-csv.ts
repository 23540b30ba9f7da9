import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DomainError, invalid } from '../../domain/errors.js';
import { fold } from '../../domain/fold.js';
import { LEVELS, ONLINE_LEVEL_LABELS, SUBMISSION_METHODS, type Level, type NationalProcedure, type OnlineLevel, type SubmissionMethod } from '../../domain/procedures.js';

/**
 * Procedures as CSV, one row each: what the import reads and the open-data export writes
 * (an exported file imports back). Lists inside a cell are separated by "|", the parts of
 * an item by ";" — a dossier component is `name;originals;copies;form file`, a legal basis
 * `number;title`, a fee `name;amount` (or just the amount).
 */
export const PROCEDURE_COLUMNS = [
  'code',
  'name',
  'decision_number',
  'formality_type',
  'levels',
  'fields',
  'subjects',
  'authority',
  'executing',
  'receiving_address',
  'steps',
  'online_time',
  'online_fee',
  'postal_time',
  'postal_fee',
  'direct_time',
  'direct_fee',
  'time_unit',
  'components',
  'requirements',
  'legal_basis',
  'results',
  'keywords',
  'description',
] as const;

const LEVEL_WORDS: Record<string, Level> = { xa: 'ward', ward: 'ward', tinh: 'province', province: 'province', bo: 'ministry', ministry: 'ministry', khac: 'other', other: 'other' };
const LEVEL_OUT: Record<Level, string> = { ward: 'xã', province: 'tỉnh', ministry: 'bộ', other: 'khác' };
const CHANNEL_PREFIX: Record<SubmissionMethod, 'online' | 'postal' | 'direct'> = { ONLINE: 'online', POSTAL: 'postal', DIRECT: 'direct' };

const items = (cell: string | undefined) => (cell ?? '').split('|').map((s) => s.trim()).filter(Boolean);
const parts = (item: string) => item.split(';').map((s) => s.trim());

function cellError(line: number, column: string, vi: string, en: string) {
  return new DomainError('validation', 'invalid_field', `Dòng ${line}, cột "${column}": ${vi}`, `Line ${line}, column "${column}": ${en}`, column, line);
}

function quantity(v: string | undefined, line: number, column: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,3}$/.test(v)) throw cellError(line, column, `số bản "${v}" phải là số nguyên.`, `the number of copies "${v}" must be an integer.`);
  return Number(v);
}

function fee(item: string): { name?: string; amount: string | number } {
  const [a, b] = parts(item);
  const raw = b === undefined ? a! : b;
  const name = b === undefined ? undefined : a;
  const digits = raw.replace(/[.\s]/g, '');
  const amount = /^\d+$/.test(digits) ? Number(digits) : raw;
  return name ? { name, amount } : { amount };
}

function rowToRecord(r: Record<string, string>, line: number): NationalProcedure {
  const levels = items(r.levels).map((l) => {
    const lv = LEVEL_WORDS[fold(l)];
    if (!lv) throw cellError(line, 'levels', `cấp "${l}" không hợp lệ (xã, tỉnh, bộ, khác).`, `level "${l}" is not one of xã, tỉnh, bộ, khác.`);
    return lv;
  });
  const named = (cell: string | undefined) => items(cell).map((name) => ({ name }));
  const methods = SUBMISSION_METHODS.flatMap((m) => {
    const p = CHANNEL_PREFIX[m];
    const time = r[`${p}_time`]?.trim();
    const fees = items(r[`${p}_fee`]);
    if (!time && !fees.length) return [];
    return [{ submissionMethod: m, processingTime: time && /^\d+(\.\d+)?$/.test(time) ? Number(time) : time || undefined, processingTimeUnit: r.time_unit?.trim() || undefined, fees: fees.map(fee) }];
  });
  const components = items(r.components).map((item) => {
    const [name, original, copy, file] = parts(item);
    return { name: name!, originalQty: quantity(original, line, 'components'), copyQty: quantity(copy, line, 'components'), attachments: file ? [{ fileName: file }] : undefined };
  });
  return {
    code: r.code ?? '',
    name: r.name ?? '',
    procedureProposal: r.decision_number ? { proposalNumber: r.decision_number } : undefined,
    formalityType: r.formality_type || undefined,
    isWard: levels.includes('ward'),
    isProvince: levels.includes('province'),
    isMinistry: levels.includes('ministry'),
    isOtherAgency: levels.includes('other'),
    categoriesDetails: named(r.fields),
    subjectTypesDetails: named(r.subjects),
    departmentsAuthority: named(r.authority),
    departmentsExecuting: named(r.executing),
    dossierReceivingAddresses: r.receiving_address || undefined,
    executionSteps: items(r.steps).map((name) => ({ name })),
    executionMethods: methods,
    executionCases: components.length ? [{ profileComponents: components }] : undefined,
    requirementsAndConditions: r.requirements || undefined,
    legalBasisesDetails: items(r.legal_basis).map((item) => {
      const [a, b] = parts(item);
      return b === undefined ? { name: a! } : { code: a!, name: b };
    }),
    resultsDetails: named(r.results),
    keywords: r.keywords || undefined,
    description: r.description || undefined,
  };
}

export interface CsvRecord {
  record: NationalProcedure;
  line: number;
}

/** Reads the CSV into records in the national shape; the service checks them like JSON. */
export function readProceduresCsv(text: string): CsvRecord[] {
  let rows: { record: Record<string, string>; raw: string; info: { lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, max_record_size: 200_000, info: true, raw: true });
  } catch (e) {
    throw invalid('csv', `Tệp CSV không đọc được: ${(e as Error).message}`, `The CSV cannot be read: ${(e as Error).message}`);
  }
  if (!rows.length) throw invalid('csv', 'Tệp CSV không có dòng thủ tục nào.', 'The CSV holds no procedure rows.');
  if (rows.length > 2000) throw invalid('csv', 'Tối đa 2.000 thủ tục mỗi lần nhập.', 'At most 2,000 procedures per import.');
  const missing = ['code', 'name'].filter((c) => !(c in rows[0]!.record));
  if (missing.length) throw invalid('csv', `Thiếu cột: ${missing.join(', ')}.`, `Missing columns: ${missing.join(', ')}.`);
  return rows.map((x) => {
    const line = x.info.lines - (x.raw.replace(/^[\r\n]+|[\r\n]+$/g, '').match(/\n/g)?.length ?? 0);
    return { record: rowToRecord(x.record, line), line };
  });
}

/** The open-data CSV: the import's columns, then who implements it and how far online. */
export function writeProceduresCsv(list: { record: NationalProcedure; agencies: { name: string; code: string | null; onlineLevel: OnlineLevel | null }[] }[]): Buffer {
  const join = (xs: (string | undefined)[]) => xs.filter(Boolean).join(' | ');
  const rows = list.map(({ record: r, agencies }) => {
    const method = (m: SubmissionMethod) => r.executionMethods?.find((x) => x.submissionMethod === m);
    const channel = (m: SubmissionMethod) => {
      const x = method(m);
      return [x?.processingTime === undefined ? '' : String(x.processingTime), join((x?.fees ?? []).map((f) => (f.name ? `${f.name}; ${f.amount}` : String(f.amount))))];
    };
    const unit = r.executionMethods?.find((x) => x.processingTimeUnit)?.processingTimeUnit ?? '';
    return [
      r.code,
      r.name,
      r.procedureProposal?.proposalNumber ?? '',
      r.formalityType ?? '',
      join(LEVELS.filter((l) => (l === 'ward' ? r.isWard : l === 'province' ? r.isProvince : l === 'ministry' ? r.isMinistry : r.isOtherAgency)).map((l) => LEVEL_OUT[l])),
      join((r.categoriesDetails ?? []).map((c) => c.name)),
      join((r.subjectTypesDetails ?? []).map((c) => c.name)),
      join((r.departmentsAuthority ?? []).map((c) => c.name)),
      join((r.departmentsExecuting ?? []).map((c) => c.name)),
      r.dossierReceivingAddresses ?? '',
      join((r.executionSteps ?? []).map((s) => s.name ?? s.description)),
      ...channel('ONLINE'),
      ...channel('POSTAL'),
      ...channel('DIRECT'),
      unit,
      join((r.executionCases ?? []).flatMap((c) => c.profileComponents.map((p) => [p.name, p.originalQty ?? '', p.copyQty ?? '', p.attachments?.[0]?.fileName ?? ''].join('; ').replace(/(; )+$/, '')))),
      r.requirementsAndConditions ?? '',
      join((r.legalBasisesDetails ?? []).map((l) => (l.code ? `${l.code}; ${l.name}` : l.name))),
      join((r.resultsDetails ?? []).map((x) => x.name)),
      r.keywords ?? '',
      r.description ?? '',
      join(agencies.map((a) => `${a.name}${a.code ? ` (${a.code})` : ''}: ${a.onlineLevel ? ONLINE_LEVEL_LABELS[a.onlineLevel].vi : 'không trực tuyến'}`)),
    ];
  });
  return Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(stringify([[...PROCEDURE_COLUMNS, 'agencies'], ...rows]), 'utf8')]);
}
