import { int32 } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { errors } from '../../server/schemas.js';
import { APPRAISAL_KINDS, BUDGET_STATUSES, CAPITAL_CHANGE_KINDS, CAPITAL_SOURCES, PROJECT_FLAGS, PROJECT_GROUPS, PROJECT_KINDS, PROJECT_STAGES } from '../../domain/projects.js';

/** JSON schemas of the projects and budget API (typed routes; responses checked in tests). */

/** An answer object whose every property the service always sends: all of them `required`, so the generated web types need no casts. */
function sent<const P extends Record<string, unknown>>(properties: P) {
  return { type: 'object', required: Object.keys(properties) as (keyof P & string)[], properties } as const;
}

export const withErrors = { ...errors, 422: errorSchema } as const;
export const str = { type: 'string' } as const;
export const nstr = { type: ['string', 'null'] } as const;
/** đồng as a string of digits (answers); typed as "1.250.000.000" or digits (requests). */
export const money = { type: 'string', pattern: '^-?\\d+$', description: 'Số đồng (chuỗi chữ số)' } as const;
export const nmoney = { type: ['string', 'null'], description: 'Số đồng (chuỗi chữ số) hoặc null' } as const;
export const moneyIn = { type: 'string', maxLength: 30, description: 'Số đồng, nhóm nghìn bằng dấu chấm: 1.250.000.000' } as const;
export const nmoneyIn = { type: ['string', 'null'], maxLength: 30, description: 'Số đồng hoặc để trống' } as const;
export const dateIn = { type: ['string', 'null'], maxLength: 10, description: 'dd/mm/yyyy hoặc yyyy-mm-dd' } as const;
const band = { type: ['string', 'null'], enum: ['red', 'yellow', 'green', null] } as const;
const pct = { type: ['number', 'null'], description: 'Phần trăm, 2 chữ số thập phân' } as const;

const docRefProps = { id: int32, symbol: nstr, docDate: nstr, summary: str, typeCode: str, signerName: nstr, orgName: nstr } as const;
export const docRef = {
  type: ['object', 'null'],
  description: 'Văn bản của hệ thống: số, ngày, người ký lấy từ văn bản',
  required: Object.keys(docRefProps) as (keyof typeof docRefProps)[],
  properties: docRefProps,
} as const;

const varianceSummary = {
  type: 'object',
  required: ['scheduleDays', 'schedulePct', 'costDong', 'costPct'],
  properties: { scheduleDays: { type: 'integer' }, schedulePct: { type: 'number' }, costDong: money, costPct: { type: 'number' }, scheduleBand: band, costBand: band },
} as const;

const planTarget = sent({ id: int32, programmeId: int32, indicatorCode: str, title: str });
const planItemLink = sent({
  id: int32,
  planId: int32,
  planTitle: str,
  inForce: { type: 'boolean', description: 'false: kế hoạch đã được điều chỉnh bằng phiên bản mới' },
  position: { type: 'integer' },
  content: str,
  targets: { type: 'array', items: planTarget },
});
export const planItemsAnswer = sent({ items: { type: 'array', items: planItemLink } });
export const planItemsQuery = { type: 'object', additionalProperties: false, required: ['orgId'], properties: { orgId: { ...int32, minimum: 1, description: 'Chủ đầu tư' } } } as const;
export const paymentDocumentsQuery = { type: 'object', additionalProperties: false, properties: { q: { type: 'string', maxLength: 200, description: 'Số, ký hiệu, trích yếu (không phân biệt dấu, hoa thường)' } } } as const;
export const paymentDocumentsAnswer = sent({
  items: {
    type: 'array',
    items: sent({
      id: int32,
      symbol: nstr,
      summary: str,
      docDate: nstr,
      direction: { type: 'string', enum: ['outgoing', 'incoming'], description: 'outgoing: chủ đầu tư ban hành; incoming: gửi đến chủ đầu tư' },
      senderName: nstr,
    }),
  },
});
export const planLinkBody = {
  type: 'object',
  additionalProperties: false,
  required: ['planItemId'],
  properties: {
    planItemId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Nhiệm vụ của kế hoạch CNTT đã phê duyệt của chủ đầu tư; null: bỏ liên kết' },
    targetId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Một chỉ tiêu của nhiệm vụ đó (bỏ trống: chỉ tiêu duy nhất của nhiệm vụ, nếu có)' },
  },
} as const;

const projectRowProps = {
  id: int32,
  code: str,
  name: str,
  investingOrgId: int32,
  investingOrgName: str,
  managingOrgId: { type: ['integer', 'null'] },
  managingOrgName: nstr,
  group: { type: 'string', enum: [...PROJECT_GROUPS] },
  kind: { type: 'string', enum: [...PROJECT_KINDS] },
  sources: { type: 'array', items: { type: 'string', enum: [...CAPITAL_SOURCES] } },
  startYear: { type: 'integer' },
  endYear: { type: 'integer' },
  stage: { type: 'string', enum: [...PROJECT_STAGES] },
  totalInvestment: money,
  spent: { ...money, description: 'Đã giải ngân lũy kế' },
  plannedCost: { ...money, description: 'Chi phí theo tiến độ hiện hành' },
  projectedCost: { ...money, description: 'Chi phí thực tế hoặc dự kiến' },
  baselineVersion: { type: 'integer', description: '0: chưa có tiến độ được duyệt' },
  variance: { ...varianceSummary, description: 'Chênh lệch so với tiến độ hiện hành (tính, không nhập)' },
  originalVariance: { ...varianceSummary, description: 'Chênh lệch so với tiến độ ban đầu' },
  rating: { type: ['integer', 'null'], minimum: 1, maximum: 5 },
  ratingAt: nstr,
  ratingBand: band,
  flags: { type: 'array', items: { type: 'string', enum: [...PROJECT_FLAGS] }, description: 'Cảnh báo tự động' },
  planItemRef: nstr,
  targetCode: nstr,
  lastUpdateAt: str,
} as const;
export const projectRow = sent(projectRowProps);

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    orgId: { ...int32, minimum: 1, description: 'Chủ đầu tư' },
    stage: { type: 'string', enum: [...PROJECT_STAGES] },
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    source: { type: 'string', enum: [...CAPITAL_SOURCES] },
    year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Dự án thực hiện trong năm' },
    q: { type: 'string', maxLength: 200, description: 'Tìm theo mã, tên (không dấu cũng được)' },
    sort: { type: 'string', enum: ['cost_variance', 'schedule_variance', 'rating', 'total', 'code', 'name'], description: 'Mặc định: chênh lệch chi phí lớn nhất trước' },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    offset: { type: 'integer', minimum: 0, maximum: 100000 },
  },
} as const;

export const listSchema = { type: 'object', required: ['total', 'items'], properties: { total: { type: 'integer' }, items: { type: 'array', items: projectRow } } } as const;

const milestoneVariance = sent({
  code: str,
  name: str,
  plannedStart: str,
  plannedEnd: str,
  plannedCost: money,
  projectedEnd: str,
  projectedCost: money,
  scheduleDays: { type: 'integer' },
  scheduleBp: { type: ['integer', 'null'], description: 'Phần trăm × 100' },
  costDong: money,
  costBp: { type: ['integer', 'null'] },
});
const varianceDetail = sent({
  plannedCost: money,
  projectedCost: money,
  plannedEnd: nstr,
  projectedEnd: nstr,
  scheduleDays: { type: 'integer' },
  scheduleBp: { type: ['integer', 'null'] },
  costDong: money,
  costBp: { type: ['integer', 'null'] },
  milestones: { type: 'array', items: milestoneVariance },
});

export const projectDetail = sent({
  ...projectRowProps,
  objective: nstr,
  nextStage: { type: ['string', 'null'], enum: [...PROJECT_STAGES, null] },
  stages: { type: 'array', items: sent({ id: int32, stage: { type: 'string', enum: [...PROJECT_STAGES] }, at: str, userName: nstr, note: nstr, document: docRef }) },
  baselines: { type: 'array', items: sent({ id: int32, version: { type: 'integer' }, reason: nstr, totalCost: money, userName: nstr, at: str, current: { type: 'boolean' }, document: docRef }) },
  varianceCurrent: varianceDetail,
  varianceOriginal: varianceDetail,
  planItem: { ...planItemLink, type: ['object', 'null'], description: 'Nhiệm vụ của kế hoạch CNTT đã phê duyệt mà dự án thực hiện (null: chưa gắn; xem planItemRef cũ)' },
  target: { ...planTarget, type: ['object', 'null'], description: 'Chỉ tiêu chương trình mà dự án phục vụ, qua nhiệm vụ kế hoạch' },
  milestones: {
    type: 'array',
    items: sent({ code: str, name: str, plannedStart: str, plannedEnd: str, plannedCost: money, actualStart: nstr, actualEnd: nstr, forecastEnd: nstr, actualCost: nmoney, forecastCost: nmoney, percent: { type: 'integer' }, note: nstr }),
  },
  ratings: { type: 'array', items: sent({ id: int32, rating: { type: 'integer' }, band: { type: 'string', enum: ['red', 'yellow', 'green'] }, comment: str, userName: nstr, at: str }) },
  appraisals: {
    type: 'array',
    items: sent({ id: int32, kind: { type: 'string', enum: [...APPRAISAL_KINDS] }, appraisingOrgId: int32, appraisingOrgName: str, requestedAt: str, closedAt: nstr, conclusion: nstr, request: docRef, reply: docRef }),
  },
  capitalPlans: {
    type: 'array',
    items: sent({
      year: { type: 'integer' },
      allocated: money,
      amount: money,
      disbursed: money,
      rate: pct,
      monthly: { type: 'array', items: money, description: 'Kế hoạch giải ngân 12 tháng' },
      document: docRef,
      changes: { type: 'array', items: sent({ kind: { type: 'string', enum: [...CAPITAL_CHANGE_KINDS] }, from: nmoney, to: money, reason: nstr, userName: nstr, at: str, document: docRef }) },
    }),
  },
  disbursements: { type: 'array', items: sent({ id: int32, year: { type: 'integer' }, month: { type: 'integer' }, paidOn: str, amount: money, paymentRef: str, note: nstr, document: docRef }) },
  disbursedByMonth: { type: 'array', items: money },
  currentYear: { type: 'integer' },
  can: sent({ progress: { type: 'boolean' }, rate: { type: 'boolean' }, capital: { type: 'boolean' }, disburse: { type: 'boolean' }, appraise: { type: 'boolean' } }),
});

export const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'investingOrgId', 'group', 'kind', 'sources', 'totalInvestment', 'startYear', 'endYear'],
  properties: {
    code: { type: 'string', maxLength: 40, description: 'Mã dự án' },
    name: { type: 'string', maxLength: 500 },
    investingOrgId: { ...int32, minimum: 1, description: 'Chủ đầu tư' },
    managingOrgId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Cơ quan quản lý' },
    group: { type: 'string', enum: [...PROJECT_GROUPS] },
    kind: { type: 'string', enum: [...PROJECT_KINDS] },
    sources: { type: 'array', minItems: 1, maxItems: 4, items: { type: 'string', enum: [...CAPITAL_SOURCES] } },
    totalInvestment: moneyIn,
    startYear: { type: 'integer', minimum: 2000, maximum: 2100 },
    endYear: { type: 'integer', minimum: 2000, maximum: 2100 },
    planItemRef: { type: ['string', 'null'], maxLength: 100, description: 'Nhiệm vụ của kế hoạch (chữ, cách cũ; nay dùng planItemId)' },
    targetCode: { type: ['string', 'null'], maxLength: 100, description: 'Chỉ tiêu chương trình phục vụ (chữ, cách cũ)' },
    planItemId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Nhiệm vụ của kế hoạch CNTT đã phê duyệt của chủ đầu tư' },
    targetId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Chỉ tiêu chương trình mà nhiệm vụ phục vụ' },
    objective: { type: ['string', 'null'], maxLength: 5000 },
    policyDocumentId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Quyết định chủ trương đầu tư (văn bản đã ban hành)' },
  },
} as const;

export const docId = { ...int32, minimum: 1, description: 'Văn bản quyết định trong sổ văn bản của cơ quan (đã ban hành)' } as const;

export const stageBody = {
  type: 'object',
  additionalProperties: false,
  required: ['stage', 'documentId'],
  properties: { stage: { type: 'string', enum: [...PROJECT_STAGES], description: 'Giai đoạn tiếp theo' }, documentId: docId, note: { type: ['string', 'null'], maxLength: 2000 } },
} as const;

export const milestoneIn = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'plannedStart', 'plannedEnd', 'plannedCost'],
  properties: { code: { type: 'string', maxLength: 40 }, name: { type: 'string', maxLength: 500 }, plannedStart: dateIn, plannedEnd: dateIn, plannedCost: moneyIn },
} as const;

export const baselineBody = {
  type: 'object',
  additionalProperties: false,
  required: ['documentId', 'milestones'],
  properties: { documentId: docId, reason: { type: ['string', 'null'], maxLength: 2000, description: 'Bắt buộc khi điều chỉnh tiến độ' }, milestones: { type: 'array', minItems: 1, maxItems: 200, items: milestoneIn } },
} as const;

export const progressBody = {
  type: 'object',
  additionalProperties: false,
  required: ['milestones'],
  properties: {
    milestones: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code'],
        properties: { code: { type: 'string', maxLength: 40 }, actualStart: dateIn, actualEnd: dateIn, forecastEnd: dateIn, actualCost: nmoneyIn, forecastCost: nmoneyIn, percent: { type: 'integer', minimum: 0, maximum: 100 }, note: { type: ['string', 'null'], maxLength: 2000 } },
      },
    },
  },
} as const;

export const rateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['rating', 'comment'],
  properties: { rating: { type: 'integer', minimum: 1, maximum: 5, description: '1: rủi ro cao … 5: rủi ro thấp' }, comment: { type: 'string', maxLength: 5000 } },
} as const;

export const appraisalBody = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'appraisingOrgId', 'content', 'signerName'],
  properties: {
    kind: { type: 'string', enum: [...APPRAISAL_KINDS] },
    appraisingOrgId: { ...int32, minimum: 1, description: 'Sở KH&CN (kỹ thuật) hoặc Sở Tài chính (nguồn vốn)' },
    content: { type: 'string', maxLength: 10000 },
    signerName: { type: 'string', maxLength: 200 },
    signerPosition: { type: ['string', 'null'], maxLength: 200 },
  },
} as const;

export const appraisalAnswer = sent({ documentId: int32, symbol: str, number: { type: 'integer' }, issuedAt: str, dispatched: { type: 'array', items: sent({ orgId: int32, itemId: int32 }) } });

export const closeAppraisalBody = {
  type: 'object',
  additionalProperties: false,
  required: ['documentId', 'conclusion'],
  properties: { documentId: { ...docId, description: 'Văn bản trả lời của cơ quan thẩm định' }, conclusion: { type: 'string', maxLength: 5000 } },
} as const;

const monthlyIn = { type: ['array', 'null'], minItems: 12, maxItems: 12, items: moneyIn, description: 'Kế hoạch giải ngân 12 tháng (tổng bằng kế hoạch năm); để trống: chia đều' } as const;

export const capitalBody = {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'amount', 'documentId'],
  properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 }, amount: moneyIn, documentId: docId, monthly: monthlyIn },
} as const;

export const adjustBody = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'documentId', 'reason'],
  properties: { amount: moneyIn, documentId: docId, reason: { type: 'string', maxLength: 2000 }, monthly: monthlyIn },
} as const;

export const disburseBody = {
  type: 'object',
  additionalProperties: false,
  required: ['paidOn', 'amount', 'paymentRef'],
  properties: {
    paidOn: { type: 'string', maxLength: 10, description: 'dd/mm/yyyy hoặc yyyy-mm-dd' },
    amount: moneyIn,
    paymentRef: { type: 'string', maxLength: 100, description: 'Số chứng từ (giấy rút vốn, ủy nhiệm chi)' },
    documentId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647 },
    note: { type: ['string', 'null'], maxLength: 2000 },
  },
} as const;

export const provinceQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Mặc định: năm hiện tại' }, orgId: { ...int32, minimum: 1 } },
} as const;

export const provinceSchema = sent({
  year: { type: 'integer' },
  items: {
    type: 'array',
    items: sent({ projectId: int32, code: str, name: str, investingOrgId: int32, investingOrgName: str, stage: { type: 'string', enum: [...PROJECT_STAGES] }, allocated: money, plan: money, disbursed: money, rate: pct }),
  },
  totals: sent({ plan: money, disbursed: money, rate: pct }),
  plannedByMonth: { type: 'array', items: money },
  disbursedByMonth: { type: 'array', items: money },
});

export const budgetLine = sent({
  id: int32,
  orgId: int32,
  orgName: str,
  year: { type: 'integer' },
  name: str,
  planItemRef: nstr,
  status: { type: 'string', enum: [...BUDGET_STATUSES] },
  estimate: money,
  allocated: nmoney,
  allocatedDocument: docRef,
  adjusted: nmoney,
  adjustedDocument: docRef,
  current: { ...money, description: 'Dự toán hiện hành (điều chỉnh, hoặc giao, hoặc đề nghị)' },
  spentByQuarter: { type: 'array', items: nmoney },
  spent: money,
  rate: pct,
  settled: nmoney,
  settledDocument: docRef,
});

export const budgetListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 }, orgId: { ...int32, minimum: 1 } },
} as const;
export const budgetList = sent({
  year: { type: 'integer' },
  items: { type: 'array', items: budgetLine },
  totals: sent({ estimate: money, allocated: money, current: money, spent: money, settled: money }),
});
export const budgetCreate = {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'name', 'estimate'],
  properties: { orgId: { ...int32, minimum: 1, description: 'Cơ quan (Sở Tài chính lập cho cơ quan khác)' }, year: { type: 'integer', minimum: 2000, maximum: 2100 }, name: { type: 'string', maxLength: 500 }, planItemRef: { type: ['string', 'null'], maxLength: 100 }, estimate: moneyIn },
} as const;
export const budgetDecision = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'documentId'],
  properties: { amount: moneyIn, documentId: docId },
} as const;
export const budgetSpending = {
  type: 'object',
  additionalProperties: false,
  required: ['quarter', 'amount'],
  properties: { quarter: { type: 'integer', minimum: 1, maximum: 4 }, amount: moneyIn },
} as const;
