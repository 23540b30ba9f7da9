import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, int32, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { BANDS, REPORT_STATUSES } from '../../domain/monitoring.js';
import { computeMonth } from './compute.js';
import { consolidatedPdf, consolidatedXlsx, getConsolidation, issueConsolidated, saveSummary, type ConsolidationView } from './consolidation.js';
import { assertItOfficer } from './access.js';
import { currentMonth, listPeriods, type Settings } from './periods.js';
import { dashboard, drillDown, MAX_RECORDS } from './queries.js';
import { dashboardXlsx } from './dashboard-export.js';
import { decideReport, getReport, saveReport, submitReport } from './reports.js';
import { getSettings, updateSettings } from './settings.js';

const TAG = 'monitoring';
const withErrors = { ...errors, 422: errorSchema } as const;
const str = { type: 'string' } as const;
const nStr = { type: ['string', 'null'] } as const;
const nNum = { type: ['number', 'null'] } as const;
const month = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'Kỳ báo cáo theo tháng, yyyy-mm' } as const;
const monthParams = { type: 'object', required: ['month'], properties: { month } } as const;
const reportParams = { type: 'object', required: ['month', 'orgId'], properties: { month, orgId: { ...int32, minimum: 1 } } } as const;
const bandsSchema = { type: 'object', required: ['tot', 'kha', 'trung_binh', 'yeu'], properties: { tot: { type: 'number', minimum: 0, maximum: 100 }, kha: { type: 'number', minimum: 0, maximum: 100 }, trung_binh: { type: 'number', minimum: 0, maximum: 100 }, yeu: { type: 'number', minimum: 0, maximum: 100 } } } as const;
const reportStatusEnum = { type: ['string', 'null'], enum: [...REPORT_STATUSES, null] } as const;
const bandEnum = { type: ['string', 'null'], enum: [...BANDS, null] } as const;
const periodSchema = { type: 'object', required: ['from', 'to', 'deadline'], properties: { from: str, to: str, deadline: { ...str, description: 'Hạn gửi báo cáo' }, computedAt: nStr } } as const;

const reportSchema = {
  type: 'object',
  required: ['month', 'orgId', 'orgName', 'period', 'status', 'late', 'overdue', 'submittedAt', 'comment', 'results', 'problems', 'proposals', 'score', 'band', 'rank', 'indicators', 'events', 'can'],
  properties: {
    month: str,
    orgId: int32,
    orgName: str,
    period: periodSchema,
    status: { type: 'string', enum: [...REPORT_STATUSES] },
    late: { type: 'boolean', description: 'Gửi sau hạn' },
    overdue: { type: 'boolean', description: 'Chưa gửi và đã quá hạn' },
    submittedAt: nStr,
    comment: { ...nStr, description: 'Ý kiến của Sở KH&CN khi trả lại' },
    results: nStr,
    problems: nStr,
    proposals: nStr,
    score: nNum,
    band: bandEnum,
    rank: { type: ['integer', 'null'] },
    indicators: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'nameVi', 'nameEn', 'group', 'unit', 'numeratorDef', 'denominatorDef', 'evidence', 'origin', 'maxPoints', 'method', 'value', 'numerator', 'denominator', 'p90', 'note', 'points'],
        properties: {
          code: str, nameVi: str, nameEn: str, group: str, unit: str, numeratorDef: str, denominatorDef: nStr, evidence: nStr, maxPoints: { type: 'number' },
          origin: { type: 'string', enum: ['automatic', 'reported'], description: 'automatic: hệ thống tính; reported: cơ quan nhập' },
          method: { ...nStr, description: 'Cách tính của chỉ tiêu tự động' },
          value: nNum, numerator: nNum, denominator: nNum, p90: nNum, note: nStr, points: nNum,
        },
      },
    },
    events: { type: 'array', items: { type: 'object', required: ['kind', 'at', 'userName', 'text'], properties: { kind: str, at: str, userName: nStr, text: nStr } } },
    can: { type: 'object', required: ['edit', 'submit', 'decide'], properties: { edit: { type: 'boolean' }, submit: { type: 'boolean' }, decide: { type: 'boolean' } } },
  },
} as const;

const reportedValue = { type: 'object', additionalProperties: false, properties: { value: { type: ['number', 'null'], minimum: 0 }, numerator: { type: ['number', 'null'], minimum: 0 }, denominator: { type: ['number', 'null'], minimum: 0 }, note: { type: ['string', 'null'], maxLength: 1000 } } } as const;
const saveBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reported: { type: 'object', maxProperties: 100, additionalProperties: reportedValue, description: 'Số liệu cơ quan tự báo cáo, theo mã chỉ tiêu' },
    results: { type: ['string', 'null'], maxLength: 20000, description: 'Kết quả đạt được' },
    problems: { type: ['string', 'null'], maxLength: 20000, description: 'Khó khăn, vướng mắc' },
    proposals: { type: ['string', 'null'], maxLength: 20000, description: 'Đề xuất, kiến nghị' },
  },
} as const;

const drillSchema = {
  type: 'object',
  required: ['code', 'month', 'orgId', 'method', 'module', 'from', 'to', 'cutoffDay', 'computedAt', 'value', 'numerator', 'denominator', 'records'],
  properties: {
    code: str, month: str, orgId: int32, method: str, module: str, from: str, to: str, cutoffDay: { type: 'integer' }, computedAt: nStr, value: nNum, numerator: nNum, denominator: nNum,
    records: {
      type: 'array',
      items: { type: 'object', required: ['kind', 'id', 'label', 'at', 'counted', 'note', 'link'], properties: { kind: str, id: int32, label: str, at: nStr, counted: { type: 'boolean', description: 'Được tính vào tử số' }, note: nStr, link: nStr } },
    },
  },
} as const;

const keyFigure = { type: 'object', required: ['code', 'nameVi', 'nameEn', 'unit', 'value', 'previous', 'change'], properties: { code: str, nameVi: str, nameEn: str, unit: str, value: nNum, previous: nNum, change: nNum } } as const;
const dashboardSchema = {
  type: 'object',
  required: ['month', 'scope', 'agencyCount', 'period', 'provinceScore', 'keyFigures', 'trend', 'bands', 'ranking', 'notReported'],
  properties: {
    month: str,
    scope: { type: 'string', enum: ['province', 'agency'], description: 'province: mọi cơ quan; agency: chỉ số liệu và thứ hạng của cơ quan người xem' },
    agencyCount: { type: 'integer', description: 'Số cơ quan được xếp hạng' },
    period: periodSchema,
    provinceScore: nNum,
    keyFigures: { type: 'array', items: keyFigure },
    trend: { type: 'object', required: ['months', 'series'], properties: { months: { type: 'array', items: str }, series: { type: 'array', items: { type: 'object', required: ['code', 'values'], properties: { code: str, values: { type: 'array', items: nNum } } } } } },
    bands: bandsSchema,
    ranking: {
      type: 'array',
      items: { type: 'object', required: ['orgId', 'name', 'score', 'band', 'rank', 'reportStatus', 'late', 'overdueDocuments', 'overdueTasks'], properties: { orgId: int32, name: str, score: nNum, band: bandEnum, rank: { type: ['integer', 'null'] }, reportStatus: reportStatusEnum, late: { type: 'boolean' }, overdueDocuments: nNum, overdueTasks: nNum } },
    },
    notReported: { type: 'array', items: { type: 'object', required: ['orgId', 'name', 'overdue'], properties: { orgId: int32, name: str, overdue: { type: 'boolean' } } } },
  },
} as const;

const consolidationSchema = {
  type: 'object',
  required: ['month', 'period', 'summary', 'drafted', 'reported', 'agencies', 'late', 'document', 'signer'],
  properties: {
    month: str,
    period: periodSchema,
    summary: { ...str, description: 'Nội dung tổng hợp (dự thảo từ báo cáo của các cơ quan, cán bộ sửa)' },
    drafted: { type: 'boolean', description: 'Chưa lưu: nội dung là bản dự thảo tự động' },
    reported: { type: 'integer' },
    agencies: { type: 'integer' },
    late: { type: 'array', items: { type: 'object', required: ['orgId', 'name', 'status', 'late'], properties: { orgId: int32, name: str, status: str, late: { type: 'boolean' } } } },
    document: { type: ['object', 'null'], required: ['id', 'symbol', 'docDate', 'signerName', 'issuedAt'], properties: { id: int32, symbol: nStr, docDate: nStr, signerName: nStr, issuedAt: nStr } },
    signer: { type: 'object', required: ['name', 'position'], properties: { name: str, position: str }, description: 'Người ký: người đã ký, hoặc thủ trưởng cơ quan trong danh bạ' },
  },
} as const;
const consolidationView = (c: ConsolidationView) => ({ month: c.month, period: c.period, summary: c.summary, drafted: c.drafted, reported: c.reported, agencies: c.agencies, late: c.late, document: c.document, signer: c.signer });

const settingsSchema = {
  type: 'object',
  required: ['cutoffDay', 'submitWorkingDays', 'bands', 'publicCodes', 'ubndOrgId', 'officeOrgId'],
  properties: {
    cutoffDay: { type: 'integer', description: 'Ngày chốt số liệu (Nghị định 09/2019: 14)' },
    submitWorkingDays: { type: 'integer', description: 'Số ngày làm việc sau ngày chốt để gửi báo cáo' },
    bands: { ...bandsSchema, description: 'Ngưỡng điểm thấp nhất của từng xếp loại (trên 100)' },
    publicCodes: { type: 'array', items: str, description: 'Chỉ tiêu công bố trên cổng thông tin' },
    ubndOrgId: { type: ['integer', 'null'] },
    officeOrgId: { type: ['integer', 'null'] },
  },
} as const;

const settingsView = (v: Settings) => ({ cutoffDay: v.cutoffDay, submitWorkingDays: v.submitWorkingDays, bands: { ...v.bands }, publicCodes: v.publicCodes, ubndOrgId: v.ubndOrgId, officeOrgId: v.officeOrgId });

/** /api/v1/monitoring: monthly monitoring (periods, automatic values and their records, agency reports, the province report, the dashboard). */
export function monitoringRoutes(app: Api, ctx: AppContext): void {
  app.get('/api/v1/monitoring/settings', { schema: { ...op('getMonitoringSettings', TAG, 'Thiết lập: ngày chốt, hạn gửi, ngưỡng xếp loại, chỉ tiêu công bố'), response: { 200: settingsSchema, ...errors } } }, async (req) => {
    requireActor(req);
    return settingsView(await getSettings(ctx));
  });
  app.put(
    '/api/v1/monitoring/settings',
    {
      schema: {
        ...op('updateMonitoringSettings', TAG, 'Sửa thiết lập (Sở KH&CN)'),
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            cutoffDay: { type: 'integer', minimum: 1, maximum: 28 },
            submitWorkingDays: { type: 'integer', minimum: 0, maximum: 30 },
            bands: bandsSchema,
            publicCodes: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 40 } },
            ubndOrgId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647 },
            officeOrgId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647 },
          },
        },
        response: { 200: settingsSchema, ...withErrors },
      },
    },
    async (req) => settingsView(await updateSettings(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/v1/monitoring/periods',
    {
      schema: {
        ...op('listMonitoringPeriods', TAG, 'Các kỳ báo cáo đã mở và tháng hiện tại'),
        response: { 200: { type: 'object', required: ['current', 'periods'], properties: { current: str, periods: { type: 'array', items: { type: 'object', required: ['month', 'from', 'to', 'deadline', 'computedAt'], properties: { month: str, from: str, to: str, deadline: str, computedAt: nStr } } } } }, ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      return { current: await currentMonth(ctx), periods: (await listPeriods(ctx.db.kysely)).map((p) => ({ month: p.month, from: p.from, to: p.to, deadline: p.deadline, computedAt: p.computedAt })) };
    },
  );
  app.post(
    '/api/v1/monitoring/periods/:month/compute',
    { schema: { ...op('computeMonitoringMonth', TAG, 'Tính lại mọi chỉ tiêu tự động của tháng (Sở KH&CN)'), params: monthParams, response: { 200: { type: 'object', properties: { month: str, values: { type: 'integer' }, ms: { type: 'integer' } } }, ...errors } } },
    async (req) => {
      const actor = requireActor(req);
      assertItOfficer(actor);
      const r = await computeMonth(ctx, req.params.month, actor);
      return { month: req.params.month, values: r.values, ms: r.ms };
    },
  );
  app.get(
    '/api/v1/monitoring/dashboard',
    { schema: { ...op('monitoringDashboard', TAG, 'Bảng điều hành của lãnh đạo: số liệu tháng, xu hướng 12 tháng, xếp hạng, cơ quan chưa báo cáo'), querystring: { type: 'object', additionalProperties: false, properties: { month } }, response: { 200: dashboardSchema, ...errors } } },
    async (req) => dashboard(ctx, requireActor(req), req.query.month ?? (await currentMonth(ctx))),
  );
  app.get(
    '/api/v1/monitoring/dashboard/export',
    {
      schema: {
        ...op('exportMonitoringDashboard', TAG, 'Các bảng của bảng điều hành dạng XLSX: xếp hạng, chưa báo cáo, quá hạn (cơ quan: chỉ dòng của mình)', { produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] }),
        querystring: { type: 'object', additionalProperties: false, properties: { month } },
        response: { 200: { type: 'string', format: 'binary', description: 'Tệp XLSX' }, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const m = req.query.month ?? (await currentMonth(ctx));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="bang-dieu-hanh-${m}.xlsx"`)
        .send(binary(await dashboardXlsx(ctx, actor, m)));
    },
  );
  app.get(
    '/api/v1/monitoring/reports/:month/:orgId',
    { schema: { ...op('getMonitoringReport', TAG, 'Báo cáo tháng của một cơ quan (chỉ tiêu tự động điền sẵn)'), params: reportParams, response: { 200: reportSchema, ...errors } } },
    async (req) => getReport(ctx, requireActor(req), req.params.month, req.params.orgId),
  );
  app.put(
    '/api/v1/monitoring/reports/:month/:orgId',
    { schema: { ...op('saveMonitoringReport', TAG, 'Lưu báo cáo tháng (số liệu cơ quan nhập, nội dung)'), params: reportParams, body: saveBody, response: { 200: reportSchema, ...withErrors } } },
    async (req) => saveReport(ctx, requireActor(req), req.params.month, req.params.orgId, req.body),
  );
  app.post(
    '/api/v1/monitoring/reports/:month/:orgId/submit',
    { schema: { ...op('submitMonitoringReport', TAG, 'Gửi báo cáo tháng tới Sở KH&CN'), params: reportParams, response: { 200: reportSchema, ...withErrors } } },
    async (req) => submitReport(ctx, requireActor(req), req.params.month, req.params.orgId),
  );
  app.post(
    '/api/v1/monitoring/reports/:month/:orgId/decision',
    {
      schema: {
        ...op('decideMonitoringReport', TAG, 'Sở KH&CN trả lại (kèm ý kiến) hoặc tiếp nhận báo cáo'),
        params: reportParams,
        body: { type: 'object', additionalProperties: false, required: ['decision'], properties: { decision: { type: 'string', enum: ['return', 'accept'] }, comment: { type: 'string', maxLength: 5000 } } },
        response: { 200: reportSchema, ...withErrors },
      },
    },
    async (req) => decideReport(ctx, requireActor(req), req.params.month, req.params.orgId, req.body.decision, req.body.comment),
  );
  app.get(
    '/api/v1/monitoring/drill/:month/:orgId/:code',
    {
      schema: {
        ...op('drillMonitoringValue', TAG, 'Các bản ghi phía sau một giá trị tự động (văn bản, nhiệm vụ, thủ tục…), với cách tính'),
        params: { type: 'object', required: ['month', 'orgId', 'code'], properties: { month, orgId: { ...int32, minimum: 1 }, code: { type: 'string', maxLength: 40 } } },
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: MAX_RECORDS } } },
        response: { 200: drillSchema, ...errors },
      },
    },
    async (req) => drillDown(ctx, requireActor(req), req.params.month, req.params.orgId, req.params.code, req.query.limit),
  );
  app.get(
    '/api/v1/monitoring/consolidation/:month',
    { schema: { ...op('getMonitoringConsolidation', TAG, 'Báo cáo tổng hợp tháng của Sở KH&CN'), params: monthParams, response: { 200: consolidationSchema, ...errors } } },
    async (req) => consolidationView(await getConsolidation(ctx, requireActor(req), req.params.month)),
  );
  app.put(
    '/api/v1/monitoring/consolidation/:month',
    { schema: { ...op('saveMonitoringConsolidation', TAG, 'Lưu nội dung tổng hợp'), params: monthParams, body: { type: 'object', additionalProperties: false, required: ['summary'], properties: { summary: { type: 'string', maxLength: 50000 } } }, response: { 200: consolidationSchema, ...withErrors } } },
    async (req) => consolidationView(await saveSummary(ctx, requireActor(req), req.params.month, req.body.summary)),
  );
  app.post(
    '/api/v1/monitoring/consolidation/:month/issue',
    {
      schema: {
        ...op('issueMonitoringConsolidation', TAG, 'Phát hành báo cáo tổng hợp: văn bản BC gửi UBND tỉnh và Văn phòng UBND qua trục liên thông'),
        params: monthParams,
        body: { type: 'object', additionalProperties: false, required: ['signerName'], properties: { signerName: { type: 'string', maxLength: 200 }, signerPosition: { type: 'string', maxLength: 200 } } },
        response: { 200: consolidationSchema, ...withErrors },
      },
    },
    async (req) => consolidationView(await issueConsolidated(ctx, requireActor(req), req.params.month, req.body)),
  );
  app.get(
    '/api/v1/monitoring/consolidation/:month/export',
    {
      schema: {
        ...op('exportMonitoringConsolidation', TAG, 'Báo cáo tổng hợp dạng PDF hoặc XLSX (mỗi bảng một trang tính)', { produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] }),
        params: monthParams,
        querystring: { type: 'object', additionalProperties: false, required: ['format'], properties: { format: { type: 'string', enum: ['pdf', 'xlsx'] } } },
        response: { 200: { type: 'string', format: 'binary', description: 'Tệp PDF hoặc XLSX' }, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const pdf = req.query.format === 'pdf';
      const bytes = pdf ? await consolidatedPdf(ctx, actor, req.params.month) : await consolidatedXlsx(ctx, actor, req.params.month);
      return reply
        .header('content-type', pdf ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="bao-cao-thang-${req.params.month}.${req.query.format}"`)
        .send(binary(bytes));
    },
  );
}
