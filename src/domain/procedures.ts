import { invalid } from './errors.js';
import { fold } from './fold.js';

/**
 * Administrative procedures (thủ tục hành chính) as the national procedure database
 * publishes them: the record keeps the national field names, so a record fetched from the
 * national portal imports as it is. Only the fields listed here are kept.
 */
export const SUBMISSION_METHODS = ['ONLINE', 'POSTAL', 'DIRECT'] as const;
export type SubmissionMethod = (typeof SUBMISSION_METHODS)[number];
export const SUBMISSION_METHOD_LABELS: Record<SubmissionMethod, { vi: string; en: string }> = {
  ONLINE: { vi: 'Trực tuyến', en: 'Online' },
  POSTAL: { vi: 'Dịch vụ bưu chính', en: 'By post' },
  DIRECT: { vi: 'Trực tiếp', en: 'In person' },
};

export const FORMALITY_TYPES = ['STANDARD', 'ASSIGNED_REGULATION'] as const;
export const FORMALITY_TYPE_LABELS: Record<(typeof FORMALITY_TYPES)[number], string> = {
  STANDARD: 'Thủ tục hành chính thông thường',
  ASSIGNED_REGULATION: 'Thủ tục hành chính được luật giao quy định chi tiết',
};

export interface Named {
  name: string;
  code?: string;
}
export interface Fee {
  name?: string;
  amount: string | number;
}
export interface ExecutionMethod {
  submissionMethod: SubmissionMethod;
  processingTime?: number | string;
  processingTimeUnit?: string;
  fees?: Fee[];
  description?: string;
}
export interface ProfileComponent {
  name: string;
  originalQty?: number;
  copyQty?: number;
  attachments?: { fileName: string }[];
}
export interface ExecutionCase {
  name?: string;
  profileComponents: ProfileComponent[];
}

// A type (not an interface): it is answered as a JSON object whose fields the schema leaves open.
export type NationalProcedure = {
  code: string;
  name: string;
  procedureProposal?: { proposalNumber?: string };
  isWard?: boolean;
  isProvince?: boolean;
  isMinistry?: boolean;
  isOtherAgency?: boolean;
  formalityType?: string;
  categoriesDetails?: Named[];
  subjectTypesDetails?: Named[];
  departmentsAuthority?: Named[];
  departmentsAuthorized?: Named[];
  departmentsCoordinating?: Named[];
  departmentsExecuting?: Named[];
  dossierReceivingAddresses?: string;
  executionSteps?: { name?: string; description?: string }[];
  executionMethods?: ExecutionMethod[];
  executionCases?: ExecutionCase[];
  requirementsAndConditions?: string;
  legalBasisesDetails?: Named[];
  resultsDetails?: Named[];
  procedureRelatedGroup?: Named[];
  keywords?: string;
  description?: string;
};

/** Implementing levels (no district level since 2025). */
export const LEVELS = ['ward', 'province', 'ministry', 'other'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, { vi: string; en: string }> = {
  ward: { vi: 'Cấp xã', en: 'Commune' },
  province: { vi: 'Cấp tỉnh', en: 'Province' },
  ministry: { vi: 'Cấp bộ', en: 'Ministry' },
  other: { vi: 'Cơ quan khác', en: 'Other agency' },
};
export function levelsOf(p: Pick<NationalProcedure, 'isWard' | 'isProvince' | 'isMinistry' | 'isOtherAgency'>): Level[] {
  return LEVELS.filter((l) => (l === 'ward' ? p.isWard : l === 'province' ? p.isProvince : l === 'ministry' ? p.isMinistry : p.isOtherAgency));
}

/**
 * Online level of Decree 42/2022 art. 11, declared per procedure and implementing agency.
 * Older texts counted 1–4: 3 (online submission) is "một phần", 4 (online payment and
 * result) "toàn trình"; 1 and 2 are no online service at all.
 */
export const ONLINE_LEVELS = ['toan_trinh', 'mot_phan'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
export const ONLINE_LEVEL_LABELS: Record<OnlineLevel, { vi: string; en: string }> = {
  toan_trinh: { vi: 'Toàn trình', en: 'Fully online' },
  mot_phan: { vi: 'Một phần', en: 'Partly online' },
};
export const NO_ONLINE_LABEL = { vi: 'Chưa cung cấp trực tuyến', en: 'Not online' };

export function onlineLevelFromLegacy(level: number): OnlineLevel | null {
  if (level === 4) return 'toan_trinh';
  if (level === 3) return 'mot_phan';
  if (level === 1 || level === 2) return null;
  throw invalid('onlineLevel', `Mức độ ${level} không tồn tại (chỉ có 1–4).`, `There is no level ${level} (only 1–4).`);
}

/** Reads an online level as a person or an older system writes it: toàn trình, mot_phan, 4, "3"… */
export function parseOnlineLevel(value: unknown, field = 'onlineLevel'): OnlineLevel | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return onlineLevelFromLegacy(value);
  if (typeof value === 'string') {
    const v = fold(value).replace(/[\s_-]+/g, '_');
    if (/^[1-4]$/.test(v)) return onlineLevelFromLegacy(Number(v));
    if (v === 'toan_trinh' || v === 'full' || v === 'fully_online') return 'toan_trinh';
    if (v === 'mot_phan' || v === 'partial' || v === 'partly_online') return 'mot_phan';
    if (v === 'none' || v === 'khong') return null;
  }
  throw invalid(field, 'Mức độ trực tuyến phải là "toàn trình", "một phần" (hoặc mức 3, 4 cũ).', `${field} must be "toan_trinh", "mot_phan" (or the old levels 3, 4).`);
}

const TIME_UNITS: Record<string, string> = {
  working_day: 'Ngày làm việc',
  day: 'Ngày',
  hour: 'Giờ',
  week: 'Tuần',
  month: 'Tháng',
  year: 'Năm',
  working_hour: 'Giờ làm việc',
};

/** "15 Ngày làm việc"; free text from the national record passes through. */
export function formatProcessingTime(time: number | string | undefined, unit: string | undefined): string {
  if (time === undefined || time === '') return '';
  const u = unit ? (TIME_UNITS[unit.toLowerCase()] ?? unit) : '';
  return `${time}${u ? ` ${u}` : ''}`;
}

const vnd = new Intl.NumberFormat('vi-VN');
/** "50.000 đồng", "Miễn phí" for 0; a text amount ("Theo quy định") passes through. */
export function formatFee(amount: string | number): string {
  if (typeof amount === 'number') return amount === 0 ? 'Miễn phí' : `${vnd.format(amount)} đồng`;
  return amount;
}

// ---- validation of an incoming record ----------------------------------------------------

const MAX_TEXT = 1000;
const MAX_RICH = 50_000;
const MAX_LIST = 300;

type Path = string;
const fail = (path: Path, vi: string, en: string): never => {
  throw invalid(path, `Trường "${path}": ${vi}`, `Field "${path}": ${en}`);
};

function text(v: unknown, path: Path, max: number, required = false): string | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) fail(path, 'không được để trống.', 'is required.');
    return undefined;
  }
  if (typeof v === 'number') v = String(v);
  if (typeof v !== 'string') return fail(path, 'phải là chuỗi ký tự.', 'must be a string.');
  const s = v.trim();
  if (s.length > max) fail(path, `dài quá ${max} ký tự.`, `is longer than ${max} characters.`);
  if (required && !s) fail(path, 'không được để trống.', 'is required.');
  return s || undefined;
}

function bool(v: unknown, path: Path): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  return fail(path, 'phải là true hoặc false.', 'must be true or false.');
}

function count(v: unknown, path: Path): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000) fail(path, 'phải là số nguyên từ 0 đến 1000.', 'must be an integer from 0 to 1000.');
  return n as number;
}

function list<T>(v: unknown, path: Path, item: (x: unknown, p: Path) => T): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return fail(path, 'phải là một danh sách.', 'must be an array.');
  if (v.length > MAX_LIST) fail(path, `quá ${MAX_LIST} phần tử.`, `has more than ${MAX_LIST} items.`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

function obj(v: unknown, path: Path): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(path, 'phải là một đối tượng JSON.', 'must be a JSON object.');
  return v as Record<string, unknown>;
}

const named = (v: unknown, p: Path): Named => {
  const o = obj(v, p);
  const code = text(o.code, `${p}.code`, 200);
  return { name: text(o.name, `${p}.name`, MAX_TEXT, true)!, ...(code ? { code } : {}) };
};

function drop<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * Checks a record in the national portal's shape and keeps its known fields. Errors name
 * the field as a path (`executionMethods[1].submissionMethod`). Rich text (steps,
 * conditions, descriptions) is kept as sent: it is sanitized where HTML is produced.
 */
export function normalizeNationalRecord(input: unknown, at: Path = ''): NationalProcedure {
  const p = (k: string) => (at ? `${at}.${k}` : k);
  const o = obj(input, at || 'record');
  const code = text(o.code, p('code'), 40, true)!;
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(code)) fail(p('code'), 'chỉ gồm chữ, số, dấu chấm, gạch (ví dụ 1.001193).', 'may hold only letters, digits, dots and dashes (e.g. 1.001193).');
  const proposal = o.procedureProposal === undefined || o.procedureProposal === null ? undefined : obj(o.procedureProposal, p('procedureProposal'));
  const formalityType = text(o.formalityType, p('formalityType'), 40);
  if (formalityType && !(FORMALITY_TYPES as readonly string[]).includes(formalityType)) fail(p('formalityType'), `phải là ${FORMALITY_TYPES.join(' hoặc ')}.`, `must be ${FORMALITY_TYPES.join(' or ')}.`);
  const rec: NationalProcedure = {
    code,
    name: text(o.name, p('name'), MAX_TEXT, true)!,
    procedureProposal: proposal ? drop({ proposalNumber: text(proposal.proposalNumber, p('procedureProposal.proposalNumber'), 200) }) : undefined,
    isWard: bool(o.isWard, p('isWard')),
    isProvince: bool(o.isProvince, p('isProvince')),
    isMinistry: bool(o.isMinistry, p('isMinistry')),
    isOtherAgency: bool(o.isOtherAgency, p('isOtherAgency')),
    formalityType,
    categoriesDetails: list(o.categoriesDetails, p('categoriesDetails'), named),
    subjectTypesDetails: list(o.subjectTypesDetails, p('subjectTypesDetails'), named),
    departmentsAuthority: list(o.departmentsAuthority, p('departmentsAuthority'), named),
    departmentsAuthorized: list(o.departmentsAuthorized, p('departmentsAuthorized'), named),
    departmentsCoordinating: list(o.departmentsCoordinating, p('departmentsCoordinating'), named),
    departmentsExecuting: list(o.departmentsExecuting, p('departmentsExecuting'), named),
    dossierReceivingAddresses: text(o.dossierReceivingAddresses, p('dossierReceivingAddresses'), MAX_RICH),
    executionSteps: list(o.executionSteps, p('executionSteps'), (v, q) => {
      const s = obj(v, q);
      const step = drop({ name: text(s.name, `${q}.name`, MAX_TEXT), description: text(s.description, `${q}.description`, MAX_RICH) });
      if (!step.name && !step.description) fail(q, 'cần tên hoặc mô tả bước.', 'needs a name or a description.');
      return step;
    }),
    executionMethods: list(o.executionMethods, p('executionMethods'), (v, q) => {
      const m = obj(v, q);
      const method = text(m.submissionMethod, `${q}.submissionMethod`, 20, true)!.toUpperCase();
      if (!(SUBMISSION_METHODS as readonly string[]).includes(method)) fail(`${q}.submissionMethod`, 'phải là ONLINE, POSTAL hoặc DIRECT.', 'must be ONLINE, POSTAL or DIRECT.');
      const time = m.processingTime;
      if (time !== undefined && time !== null && typeof time !== 'number' && typeof time !== 'string') fail(`${q}.processingTime`, 'phải là số hoặc chuỗi.', 'must be a number or a string.');
      if (typeof time === 'number' && (!Number.isFinite(time) || time < 0)) fail(`${q}.processingTime`, 'phải là số không âm.', 'must be a non-negative number.');
      return drop({
        submissionMethod: method as SubmissionMethod,
        processingTime: typeof time === 'number' ? time : text(time, `${q}.processingTime`, 200),
        processingTimeUnit: text(m.processingTimeUnit, `${q}.processingTimeUnit`, 100),
        fees: list(m.fees, `${q}.fees`, (f, fq) => {
          const fo = obj(f, fq);
          const amount = fo.amount;
          if (typeof amount === 'number') {
            if (!Number.isFinite(amount) || amount < 0) fail(`${fq}.amount`, 'phải là số không âm.', 'must be a non-negative number.');
          } else if (typeof amount !== 'string' || !amount.trim()) fail(`${fq}.amount`, 'phải là số tiền hoặc mô tả.', 'must be an amount or a text.');
          return drop({ name: text(fo.name, `${fq}.name`, MAX_TEXT), amount: typeof amount === 'number' ? amount : text(amount, `${fq}.amount`, MAX_TEXT)! });
        }),
        description: text(m.description, `${q}.description`, MAX_RICH),
      });
    }),
    executionCases: list(o.executionCases, p('executionCases'), (v, q) => {
      const c = obj(v, q);
      return drop({
        name: text(c.name, `${q}.name`, MAX_TEXT),
        profileComponents:
          list(c.profileComponents, `${q}.profileComponents`, (pc, pq) => {
            const po = obj(pc, pq);
            return drop({
              name: text(po.name, `${pq}.name`, MAX_TEXT * 2, true)!,
              originalQty: count(po.originalQty, `${pq}.originalQty`),
              copyQty: count(po.copyQty, `${pq}.copyQty`),
              attachments: list(po.attachments, `${pq}.attachments`, (a, aq) => ({ fileName: text(obj(a, aq).fileName, `${aq}.fileName`, 255, true)! })),
            });
          }) ?? [],
      });
    }),
    requirementsAndConditions: text(o.requirementsAndConditions, p('requirementsAndConditions'), MAX_RICH),
    legalBasisesDetails: list(o.legalBasisesDetails, p('legalBasisesDetails'), named),
    resultsDetails: list(o.resultsDetails, p('resultsDetails'), named),
    procedureRelatedGroup: list(o.procedureRelatedGroup, p('procedureRelatedGroup'), named),
    keywords: text(o.keywords, p('keywords'), MAX_TEXT),
    description: text(o.description, p('description'), MAX_RICH),
  };
  return drop(rec);
}

/** The folded words the catalogue's search looks in. */
export function procedureSearchText(r: NationalProcedure): string {
  return fold(
    [r.code, r.name, r.keywords, ...(r.categoriesDetails ?? []).map((c) => c.name), ...(r.subjectTypesDetails ?? []).map((c) => c.name), ...(r.departmentsExecuting ?? []).map((c) => c.name)]
      .filter(Boolean)
      .join(' '),
  )
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Every form file name the record names, in order, once. */
export function formFileNames(r: NationalProcedure): string[] {
  const names = (r.executionCases ?? []).flatMap((c) => c.profileComponents.flatMap((pc) => (pc.attachments ?? []).map((a) => a.fileName)));
  return [...new Set(names)];
}
