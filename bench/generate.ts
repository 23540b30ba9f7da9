import { DOCUMENT_TYPES } from '../src/domain/document-types.js';
import { URGENCY_PRIORITY, type Urgency } from '../src/domain/classification.js';
import { buildNotation, buildSymbol } from '../src/domain/numbering.js';
import { buildAccessTokens, buildSearchText } from '../src/modules/documents/index.js';
import { searchTerms } from '../src/domain/fold.js';
import { letterBody, rng, signer, summary, TYPE_WEIGHTS, UNITS, weighted } from './corpus.js';

/**
 * Generates issued documents the way the application would have written them: number in
 * the sender's outgoing register for the (Vietnam) year, symbol, folded search text,
 * access tokens of the sender and live holders, and the inbox item at each recipient with
 * its status and arrival number. The planned recipients, the assignments and the status
 * trail follow from the items and are derived in SQL (see derive.ts).
 */

export interface SeedAgency {
  id: number;
  shortName: string;
  weight: number;
  outRegister: number;
  inRegister: number;
  clerk: { id: number; name: string };
  leader: { id: number; name: string };
  specialist: { id: number; name: string; orgId: number };
}

export const DOC_COLUMNS = [
  'id', 'origin', 'org_id', 'external_sender', 'created_by', 'state', 'type_code', 'summary', 'content', 'signer_name', 'signer_position', 'signer_competence',
  'urgency', 'confidentiality', 'due_date', 'reply_to_id', 'drafting_unit', 'register_id', 'number', 'notation', 'symbol', 'issue_year', 'issued_at', 'doc_date',
  'copy_kind', 'copy_of_id', 'copies_count', 'record_keeper', 'notes', 'search_text', 'content_text', 'access_tokens', 'created_at', 'updated_at',
] as const;
export const ITEM_COLUMNS = [
  'id', 'document_id', 'org_id', 'status', 'withdrawn', 'recall_state', 'is_paper', 'register_id', 'arrival_number', 'arrival_year', 'arrived_at', 'registered_at',
  'deadline', 'result_note', 'reply_document_id', 'completed_at', 'updated_at', 'urgency_rank',
] as const;

/** Which columns are integers (for PostgreSQL's typed arrays); the others are text. */
export const INT_COLUMNS = new Set([
  'id', 'org_id', 'created_by', 'reply_to_id', 'register_id', 'number', 'issue_year', 'copy_of_id', 'copies_count', 'document_id', 'withdrawn', 'is_paper',
  'arrival_number', 'arrival_year', 'reply_document_id', 'inbox_item_id', 'actor_user_id', 'assignee_user_id', 'assignee_org_id', 'assigned_by', 'urgency_rank',
]);

type Cell = string | number | null;
export interface Bundle {
  doc: Cell[];
  items: Cell[][];
}

export interface SeedPlan {
  agencies: SeedAgency[];
  count: number;
  firstDocId: number;
  firstItemId: number;
  now: number;
  days: number;
  seed: number;
}
export type BasePlan = Omit<SeedPlan, 'firstDocId' | 'firstItemId' | 'agencies'>;

/** Documents (in ten) whose file text is indexed (documents.content_text); BENCH_TEXT_SHARE=0 for none. */
const TEXT_SHARE = Math.min(10, Math.max(0, Number(process.env.BENCH_TEXT_SHARE ?? 6)));
const DAY = 86_400_000;
const MIN = 60_000;
const VN_OFFSET = 7 * 3_600_000; // Asia/Ho_Chi_Minh has no daylight saving

// Date#toISOString costs ~1.5 µs; millions of them dominate a seed. Same output, cached per day.
const pad2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const pad3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const days = new Map<number, string>();
function dayOf(d: number) {
  let s = days.get(d);
  if (s === undefined) days.set(d, (s = new Date(d * DAY).toISOString().slice(0, 10)));
  return s;
}
export function iso(t: number): string {
  const d = Math.floor(t / DAY);
  let r = t - d * DAY;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / MIN);
  r -= m * MIN;
  const sec = Math.floor(r / 1000);
  return `${dayOf(d)}T${pad2[h]}:${pad2[m]}:${pad2[sec]}.${pad3[r - sec * 1000]}Z`;
}
const vnDate = (t: number) => dayOf(Math.floor((t + VN_OFFSET) / DAY));

const STATUS_TODAY = weighted<string>([['01', 70], ['03', 30]]);
const STATUS_RECENT = weighted<string>([['01', 50], ['03', 30], ['04', 15], ['05', 5]]);
const STATUS_MONTH = weighted<string>([['01', 10], ['02', 2], ['03', 15], ['04', 20], ['05', 23], ['06', 30]]);
const STATUS_OLD = weighted<string>([['01', 2], ['02', 3], ['03', 5], ['04', 5], ['05', 5], ['06', 80]]);
const URGENCY = weighted<string>([['thuong', 85], ['khan', 10], ['thuong_khan', 4], ['hoa_toc', 1]]);
export const RESULTS = ['Đã tham mưu văn bản trả lời.', 'Đã triển khai thực hiện và báo cáo kết quả.', 'Đã lưu hồ sơ, theo dõi thực hiện.', 'Đã tổng hợp, báo cáo lãnh đạo.'];
export const DIRECTIONS = ['Giao chủ trì tham mưu, báo cáo trước hạn.', 'Nghiên cứu, đề xuất phương án xử lý.', 'Phối hợp các đơn vị liên quan triển khai thực hiện.'];
export const REJECT_REASON = 'Văn bản gửi nhầm nơi nhận, đề nghị kiểm tra lại.';
export const RECALL_REASON = 'Văn bản ban hành có sai sót, đề nghị thu hồi.';
/**
 * Offsets after registration (minutes) of the steps that inbox_items does not record:
 * assignment (04) and start of processing (05). The status trail and the assignments are
 * derived from the items in SQL with these; completion is at least this late.
 */
export const ASSIGN_AFTER = 180;
export const START_AFTER = 360;
export const COMPLETE_AFTER = 600;

export interface Counters {
  /** "registerId:year" → last number taken, for register_counters afterwards. */
  numbers: Map<string, number>;
}

/** `numbers`: the counters already taken ("registerId:year" → last number), so numbering goes on from them. */
export function generator(plan: SeedPlan, numbers = new Map<string, number>()) {
  const r = rng(plan.seed);
  const types = new Map(DOCUMENT_TYPES.map((t) => [t.code, t]));
  const pickType = weighted(TYPE_WEIGHTS);
  const pickSender = weighted(plan.agencies.map((a) => [a, a.weight] as [SeedAgency, number]));
  const counters: Counters = { numbers: new Map(numbers) };
  const take = (register: number, year: number) => {
    const k = `${register}:${year}`;
    const n = (counters.numbers.get(k) ?? 0) + 1;
    counters.numbers.set(k, n);
    return n;
  };
  const words = (x: string) => searchTerms(x, Infinity).join(' ');
  const folded = new Map<string, string>();
  const wordsMemo = (x: string) => {
    let f = folded.get(x);
    if (f === undefined) folded.set(x, (f = words(x)));
    return f;
  };
  const start = plan.now - plan.days * DAY;
  const span = plan.days * DAY - 3_600_000; // the newest an hour before the bench
  let itemId = plan.firstItemId;
  // The files' text has its own generator, so the rest of the data stays as it was.
  const rt = rng(plan.seed ^ 0x7e47);

  function make(i: number): Bundle {
    const id = plan.firstDocId + i;
    const t = Math.floor(start + ((i + r.next()) * span) / plan.count);
    const issuedAt = iso(t);
    const docDate = vnDate(t);
    const year = Number(docDate.slice(0, 4));
    const sender = pickSender(r);
    const type = types.get(pickType(r))!;
    const unit = type.abbr === '' && r.int(5) > 0 ? r.pick(UNITS) : null;
    const number = take(sender.outRegister, year);
    const notation = buildNotation(type.abbr, sender.shortName, unit);
    const symbol = buildSymbol(number, notation);
    const sum = summary(r, year);
    const s = signer(r);
    const dueDate = r.int(10) < 3 ? vnDate(t + (7 + r.int(24)) * DAY) : null;

    const urgency = URGENCY(r);
    const nRec = 1 + r.int(3);
    const recipients: SeedAgency[] = [];
    while (recipients.length < nRec) {
      const a = plan.agencies[r.int(plan.agencies.length)]!;
      if (a !== sender && !recipients.includes(a)) recipients.push(a);
    }
    const age = (plan.now - t) / DAY;
    const items: Cell[][] = [];
    const holders: number[] = [sender.id];
    for (const rec of recipients) {
      const status = (age < 1 ? STATUS_TODAY : age < 3 ? STATUS_RECENT : age < 30 ? STATUS_MONTH : STATUS_OLD)(r);
      const withdrawn = (status === '01' || status === '03') && age > 2 && r.int(500) === 0;
      if (!withdrawn) holders.push(rec.id);
      let registered: number | null = null;
      let arrival: number | null = null;
      let arrivalYear: number | null = null;
      let deadline = dueDate;
      let completedAt: string | null = null;
      let resultNote: string | null = null;
      let last = t;
      if (status === '02') last = t + 10 * MIN + r.int(600 * MIN);
      else if (status !== '01') {
        registered = t + 5 * MIN + r.int((age < 1 ? 20 : 600) * MIN);
        last = registered;
        arrivalYear = Number(vnDate(registered).slice(0, 4));
        arrival = take(rec.inRegister, arrivalYear);
        if (status >= '04') {
          deadline = vnDate(registered + ASSIGN_AFTER * MIN + 15 * DAY);
          last = registered + (status === '04' ? ASSIGN_AFTER : START_AFTER) * MIN;
          if (status === '06') {
            last = registered + COMPLETE_AFTER * MIN + r.int(Math.max(1, Math.min(age - 1, 20)) * DAY);
            completedAt = iso(last);
            resultNote = r.pick(RESULTS);
          }
        }
      }
      if (withdrawn) last += DAY;
      items.push([itemId++, id, rec.id, status, withdrawn ? 1 : 0, withdrawn ? '15' : null, 0, arrival === null ? null : rec.inRegister, arrival, arrivalYear, issuedAt, registered === null ? null : iso(registered), deadline, resultNote, null, completedAt, iso(last), URGENCY_PRIORITY[urgency as Urgency]]);
    }

    // buildSearchText(d) is the folded words of the parts joined by spaces; words do not
    // cross parts, so the repeated parts are cut once. Checked against buildSearchText now and then.
    const searchText = `${words(symbol)} ${wordsMemo(type.name)} ${wordsMemo(sum)} ${wordsMemo(s.name)}`;
    if (i % 997 === 0) {
      const expected = buildSearchText({ symbol, summary: sum, signer_name: s.name, typeName: type.name });
      if (expected !== searchText) throw new Error(`search_text differs from the application's: ${searchText} ≠ ${expected}`);
    }
    const doc: Cell[] = [
      id, 'internal', sender.id, null, sender.clerk.id, 'issued', type.code, sum, null, s.name, s.position, s.competence,
      urgency, 'thuong', dueDate, null, unit, sender.outRegister, number, notation, symbol, year, issuedAt, docDate,
      null, null, recipients.length + 2, `VT, ${unit ?? 'VP'}`, null,
      searchText,
      // Six letters in ten have a file with a text layer; the others a scan or no file.
      rt.int(10) < TEXT_SHARE ? letterBody(rt, sum).map(wordsMemo).join(' ') : '',
      buildAccessTokens(holders),
      iso(t - 3_600_000), issuedAt,
    ];
    return { doc, items };
  }

  return { make, counters, lastItemId: () => itemId - 1 };
}
