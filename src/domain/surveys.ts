import { invalid } from './errors.js';

/**
 * The IT-adoption survey engine (issue 17, point 8): questionnaires are data and versioned;
 * an answer keeps the version it was given to; aggregates never show a group of fewer than
 * MIN_GROUP enterprises (governance.md, "Enterprises"). Rules here, without I/O.
 */

export const QUESTION_KINDS = ['yes_no', 'number', 'percent', 'choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Who answers a questionnaire: enterprises, or public units (agencies) with their own one. */
export const AUDIENCES = ['enterprise', 'public_unit'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_LABELS: Record<Audience, { vi: string; en: string }> = {
  enterprise: { vi: 'Doanh nghiệp', en: 'Enterprises' },
  public_unit: { vi: 'Cơ quan, đơn vị sự nghiệp công', en: 'Public units' },
};

/** A response: asked (nothing saved yet), draft, submitted, returned for correction. */
export const RESPONSE_STATUSES = ['not_started', 'draft', 'submitted', 'returned'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];
export const RESPONSE_STATUS_LABELS: Record<ResponseStatus, { vi: string; en: string }> = {
  not_started: { vi: 'Chưa trả lời', en: 'Not started' },
  draft: { vi: 'Đang soạn', en: 'Draft' },
  submitted: { vi: 'Đã nộp', en: 'Submitted' },
  returned: { vi: 'Trả lại để sửa', en: 'Returned for correction' },
};

export const PERIOD_STATUSES = ['open', 'closed'] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

/** Sizes of enterprise (Decree 80/2021 bands, chosen by the enterprise). */
export const ENTERPRISE_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export type EnterpriseSize = (typeof ENTERPRISE_SIZES)[number];
export const ENTERPRISE_SIZE_LABELS: Record<EnterpriseSize, { vi: string; en: string }> = {
  micro: { vi: 'Siêu nhỏ', en: 'Micro' },
  small: { vi: 'Nhỏ', en: 'Small' },
  medium: { vi: 'Vừa', en: 'Medium' },
  large: { vi: 'Lớn', en: 'Large' },
};

/** Sections of the Vietnamese standard industrial classification (VSIC 2018, Decision 27/2018/QĐ-TTg). */
export const VSIC_SECTIONS: Record<string, { vi: string; en: string }> = {
  A: { vi: 'Nông nghiệp, lâm nghiệp và thủy sản', en: 'Agriculture, forestry and fishing' },
  B: { vi: 'Khai khoáng', en: 'Mining and quarrying' },
  C: { vi: 'Công nghiệp chế biến, chế tạo', en: 'Manufacturing' },
  D: { vi: 'Sản xuất và phân phối điện, khí đốt', en: 'Electricity and gas supply' },
  E: { vi: 'Cung cấp nước; quản lý và xử lý rác thải', en: 'Water supply; waste management' },
  F: { vi: 'Xây dựng', en: 'Construction' },
  G: { vi: 'Bán buôn và bán lẻ; sửa chữa ô tô, xe máy', en: 'Wholesale and retail trade' },
  H: { vi: 'Vận tải kho bãi', en: 'Transportation and storage' },
  I: { vi: 'Dịch vụ lưu trú và ăn uống', en: 'Accommodation and food services' },
  J: { vi: 'Thông tin và truyền thông', en: 'Information and communication' },
  K: { vi: 'Hoạt động tài chính, ngân hàng và bảo hiểm', en: 'Financial and insurance activities' },
  L: { vi: 'Hoạt động kinh doanh bất động sản', en: 'Real estate activities' },
  M: { vi: 'Hoạt động chuyên môn, khoa học và công nghệ', en: 'Professional, scientific and technical activities' },
  N: { vi: 'Hoạt động hành chính và dịch vụ hỗ trợ', en: 'Administrative and support services' },
  O: { vi: 'Hoạt động của Đảng, tổ chức chính trị - xã hội; quản lý nhà nước', en: 'Public administration' },
  P: { vi: 'Giáo dục và đào tạo', en: 'Education' },
  Q: { vi: 'Y tế và hoạt động trợ giúp xã hội', en: 'Human health and social work' },
  R: { vi: 'Nghệ thuật, vui chơi và giải trí', en: 'Arts, entertainment and recreation' },
  S: { vi: 'Hoạt động dịch vụ khác', en: 'Other service activities' },
  T: { vi: 'Hoạt động làm thuê trong hộ gia đình', en: 'Activities of households as employers' },
  U: { vi: 'Hoạt động của các tổ chức quốc tế', en: 'Activities of extraterritorial organisations' },
};
export const VSIC_CODES = Object.keys(VSIC_SECTIONS);

/** No aggregate over fewer answers than this is published (governance.md). */
export const MIN_GROUP = 3;

export type Choice = {
  code: string;
  vi: string;
  en: string;
};

export type QuestionDef = {
  code: string;
  section: string;
  kind: QuestionKind;
  textVi: string;
  textEn: string;
  helpVi?: string | null;
  helpEn?: string | null;
  required: boolean;
  unit?: string | null;
  choices?: Choice[];
};

export interface QuestionnaireDef {
  code: string;
  audience: Audience;
  titleVi: string;
  titleEn: string;
  questions: QuestionDef[];
}

export type AnswerValue = boolean | number | string | null;

/** An answer as stored: one row per question, a number where the kind has one. */
export interface StoredAnswer {
  code: string;
  num: number | null;
  choice: string | null;
  text: string | null;
}

const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;
export const PERIOD_CODE = /^\d{4}(-(H[12]|Q[1-4]|\d{2}))?$/;
export const MAX_QUESTIONS = 100;
export const MAX_TEXT_ANSWER = 2000;
export const MAX_NUMBER = 1e12;

/** Checks a questionnaire's definition before it becomes a version; answers its normalised form. */
export function validateQuestionnaire(def: { code?: unknown; audience?: unknown; titleVi?: unknown; titleEn?: unknown; questions?: unknown }): QuestionnaireDef {
  const code = typeof def.code === 'string' ? def.code.trim() : '';
  if (!/^[A-Z][A-Z0-9_-]{1,29}$/.test(code)) throw invalid('code', 'Mã phiếu gồm chữ in hoa, số, gạch (2–30 ký tự).', 'The questionnaire code is 2–30 capitals, digits or dashes.');
  if (typeof def.audience !== 'string' || !(AUDIENCES as readonly string[]).includes(def.audience)) throw invalid('audience', 'Đối tượng phải là doanh nghiệp hoặc cơ quan, đơn vị.', `audience must be one of: ${AUDIENCES.join(', ')}.`);
  const titleVi = text(def.titleVi, 'titleVi', 'Tên phiếu', 300, true)!;
  const titleEn = text(def.titleEn, 'titleEn', 'Tên phiếu (tiếng Anh)', 300, false) ?? titleVi;
  if (!Array.isArray(def.questions) || def.questions.length === 0 || def.questions.length > MAX_QUESTIONS) {
    throw invalid('questions', `Phiếu cần từ 1 đến ${MAX_QUESTIONS} câu hỏi.`, `A questionnaire needs 1 to ${MAX_QUESTIONS} questions.`);
  }
  const seen = new Set<string>();
  const questions = def.questions.map((raw: unknown, i: number): QuestionDef => {
    const q = (raw ?? {}) as Record<string, unknown>;
    const at = `questions[${i}]`;
    const qc = typeof q.code === 'string' ? q.code.trim() : '';
    if (!CODE.test(qc)) throw invalid(`${at}.code`, `Câu ${i + 1}: mã câu hỏi gồm chữ in hoa, số, gạch dưới.`, `Question ${i + 1}: the code is capitals, digits and underscores.`);
    if (seen.has(qc)) throw invalid(`${at}.code`, `Câu ${i + 1}: mã ${qc} bị trùng.`, `Question ${i + 1}: code ${qc} is used twice.`);
    seen.add(qc);
    if (typeof q.kind !== 'string' || !(QUESTION_KINDS as readonly string[]).includes(q.kind)) throw invalid(`${at}.kind`, `Câu ${i + 1}: loại câu hỏi không hợp lệ.`, `Question ${i + 1}: kind must be one of ${QUESTION_KINDS.join(', ')}.`);
    const kind = q.kind as QuestionKind;
    let choices: Choice[] | undefined;
    if (kind === 'choice') {
      if (!Array.isArray(q.choices) || q.choices.length < 2 || q.choices.length > 30) throw invalid(`${at}.choices`, `Câu ${i + 1}: câu lựa chọn cần 2–30 phương án.`, `Question ${i + 1}: a choice question needs 2–30 options.`);
      const codes = new Set<string>();
      choices = q.choices.map((c: unknown, j: number) => {
        const o = (c ?? {}) as Record<string, unknown>;
        const cc = typeof o.code === 'string' ? o.code.trim() : '';
        if (!/^[a-z0-9_]{1,40}$/.test(cc) || codes.has(cc)) throw invalid(`${at}.choices[${j}].code`, `Câu ${i + 1}: mã phương án ${j + 1} không hợp lệ hoặc trùng.`, `Question ${i + 1}: option ${j + 1} has a bad or repeated code.`);
        codes.add(cc);
        const vi = text(o.vi, `${at}.choices[${j}].vi`, `Câu ${i + 1}, phương án ${j + 1}`, 300, true)!;
        return { code: cc, vi, en: text(o.en, `${at}.choices[${j}].en`, 'Phương án (tiếng Anh)', 300, false) ?? vi };
      });
    }
    const textVi = text(q.textVi, `${at}.textVi`, `Câu ${i + 1}: nội dung câu hỏi`, 1000, true)!;
    return {
      code: qc,
      section: text(q.section, `${at}.section`, `Câu ${i + 1}: phần`, 200, false) ?? '',
      kind,
      textVi,
      textEn: text(q.textEn, `${at}.textEn`, 'Câu hỏi (tiếng Anh)', 1000, false) ?? textVi,
      helpVi: text(q.helpVi, `${at}.helpVi`, 'Hướng dẫn', 2000, false),
      helpEn: text(q.helpEn, `${at}.helpEn`, 'Hướng dẫn (tiếng Anh)', 2000, false),
      required: q.required === true,
      unit: text(q.unit, `${at}.unit`, 'Đơn vị tính', 40, false),
      ...(choices ? { choices } : {}),
    };
  });
  return { code, audience: def.audience as Audience, titleVi, titleEn, questions };
}

function text(v: unknown, field: string, label: string, max: number, required: boolean): string | null {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw invalid(field, `${label} không được để trống.`, `${field} is required.`);
    return null;
  }
  if (typeof v !== 'string') throw invalid(field, `${label} phải là chữ.`, `${field} must be text.`);
  if (v.trim().length > max) throw invalid(field, `${label} dài quá ${max} ký tự.`, `${field} is longer than ${max} characters.`);
  return v.trim();
}

export interface AnswerProblem {
  code: string;
  vi: string;
  en: string;
}

const qname = (q: QuestionDef, i: number) => ({ vi: `Câu ${i + 1} "${q.textVi}"`, en: `Question ${i + 1} "${q.textEn}"` });

/**
 * Checks answers against their questions: percent 0–100, numbers ≥ 0, a choice from the
 * list, yes/no as true/false, text within its length; on submit every required question
 * answered. Answers to codes the questionnaire does not have are refused. Each problem
 * names its question in both languages.
 */
export function checkAnswers(questions: QuestionDef[], answers: Record<string, unknown>, submit: boolean): { stored: StoredAnswer[]; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const byCode = new Map(questions.map((q, i) => [q.code, { q, i }]));
  for (const code of Object.keys(answers)) {
    if (!byCode.has(code)) problems.push({ code, vi: `Phiếu không có câu hỏi mã ${code}.`, en: `The questionnaire has no question ${code}.` });
  }
  const stored: StoredAnswer[] = [];
  questions.forEach((q, i) => {
    const v = answers[q.code];
    const n = qname(q, i);
    const bad = (vi: string, en: string) => problems.push({ code: q.code, vi: `${n.vi}: ${vi}`, en: `${n.en}: ${en}` });
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (submit && q.required) bad('bắt buộc trả lời.', 'an answer is required.');
      return;
    }
    switch (q.kind) {
      case 'yes_no':
        if (typeof v !== 'boolean') return bad('chọn Có hoặc Không.', 'answer yes or no.');
        stored.push({ code: q.code, num: v ? 1 : 0, choice: null, text: null });
        return;
      case 'number':
      case 'percent': {
        const x = typeof v === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(v) ? Number(v.replace(',', '.')) : v;
        if (typeof x !== 'number' || !Number.isFinite(x)) return bad('phải là số.', 'must be a number.');
        if (q.kind === 'percent' && (x < 0 || x > 100)) return bad('tỷ lệ phải từ 0 đến 100%.', 'a percentage must be from 0 to 100.');
        if (x < 0) return bad('phải là số không âm (≥ 0).', 'must not be negative (≥ 0).');
        if (x > MAX_NUMBER) return bad('số quá lớn.', 'the number is too large.');
        stored.push({ code: q.code, num: x, choice: null, text: null });
        return;
      }
      case 'choice': {
        if (typeof v !== 'string' || !q.choices?.some((c) => c.code === v)) return bad(`phải chọn một trong: ${(q.choices ?? []).map((c) => c.vi).join('; ')}.`, `must be one of: ${(q.choices ?? []).map((c) => c.code).join(', ')}.`);
        stored.push({ code: q.code, num: null, choice: v, text: null });
        return;
      }
      case 'text': {
        if (typeof v !== 'string') return bad('phải là chữ.', 'must be text.');
        if (v.trim().length > MAX_TEXT_ANSWER) return bad(`dài quá ${MAX_TEXT_ANSWER} ký tự.`, `longer than ${MAX_TEXT_ANSWER} characters.`);
        stored.push({ code: q.code, num: null, choice: null, text: v.trim() });
        return;
      }
    }
  });
  return { stored, problems };
}

/** A stored answer as the form shows it again. */
export function answerValue(kind: QuestionKind, a: { num: number | null; choice: string | null; text: string | null }): AnswerValue {
  if (kind === 'yes_no') return a.num === null ? null : Number(a.num) === 1;
  if (kind === 'number' || kind === 'percent') return a.num === null ? null : Number(a.num);
  if (kind === 'choice') return a.choice;
  return a.text;
}

/** A tally of one question over one group: what SQL summed, grouped by (question, group, choice). */
export interface Tally {
  n: number;
  sum: number;
  choices: Record<string, number>;
}

export type QuestionAggregate = {
  code: string;
  kind: QuestionKind;
  /** How many answered the question. */
  answered: number;
  /** yes/no: share answering yes (%); number: total; percent: mean. */
  yes: number | null;
  yesShare: number | null;
  total: number | null;
  mean: number | null;
  choices: { code: string; count: number; share: number }[];
  suppressed: boolean;
};

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The aggregate of one question in one group, suppressed when fewer than MIN_GROUP answered. */
export function aggregateQuestion(q: QuestionDef, t: Tally | undefined, suppress: boolean): QuestionAggregate {
  const n = t?.n ?? 0;
  const small = suppress && n > 0 && n < MIN_GROUP;
  const base: QuestionAggregate = { code: q.code, kind: q.kind, answered: n, yes: null, yesShare: null, total: null, mean: null, choices: [], suppressed: small };
  if (!t || n === 0 || small) return small ? { ...base, answered: 0 } : base;
  if (q.kind === 'yes_no') return { ...base, yes: t.sum, yesShare: round1((t.sum / n) * 100) };
  if (q.kind === 'number') return { ...base, total: round1(t.sum), mean: round1(t.sum / n) };
  if (q.kind === 'percent') return { ...base, mean: round1(t.sum / n) };
  if (q.kind === 'choice') return { ...base, choices: (q.choices ?? []).map((c) => ({ code: c.code, count: t.choices[c.code] ?? 0, share: round1(((t.choices[c.code] ?? 0) / n) * 100) })) };
  return base;
}

/**
 * Which groups of one breakdown to hide: those with 1–2 enterprises, and — when that leaves
 * exactly one hidden — the next smallest too, so the hidden one cannot be found by
 * subtracting the others from the province's total.
 */
export function suppressedGroups(groups: { key: string; n: number }[]): Set<string> {
  const out = new Set(groups.filter((g) => g.n > 0 && g.n < MIN_GROUP).map((g) => g.key));
  if (out.size === 1) {
    const next = groups.filter((g) => g.n >= MIN_GROUP).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key))[0];
    if (next) out.add(next.key);
  }
  return out;
}

/** Response rate in percent, one decimal; null when nobody was asked. */
export const responseRate = (submitted: number, asked: number): number | null => (asked > 0 ? round1((submitted / asked) * 100) : null);

export function assertPeriodCode(code: unknown): string {
  if (typeof code !== 'string' || !PERIOD_CODE.test(code.trim())) {
    throw invalid('code', 'Mã kỳ dạng 2026, 2026-H2, 2026-Q4 hoặc 2026-11.', 'The period code is like 2026, 2026-H2, 2026-Q4 or 2026-11.');
  }
  return code.trim();
}
