import { ACCEPTED_KINDS_TEXT } from '../../domain/file-kinds.js';
import type { FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../context.js';
import { notFound } from '../../domain/errors.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, int32, multipartUpload, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { receiveUpload } from '../../server/uploads.js';
import { DOSSIER_STATES, HOSTINGS, INCIDENT_EVENT_KINDS, INCIDENT_STATUSES, INSPECTION_STATUSES, RECOMMENDATION_EVENT_KINDS, RECOMMENDATION_STATUSES, SEVERITIES, SUMMARY_PERIODS, summaryRange, type SummaryPeriod } from '../../domain/security.js';
import { createSystem, getSystem, listSystems, updateSystem } from './systems.js';
import { addIncidentFile, getIncident, incidentAccessLog, incidentForExport, incidentsBetween, incidentStats, incidentStep, listIncidents, readIncidentFile, reportIncident } from './incidents.js';
import { addInspection, concludeInspection, createPlan, decideRecommendation, getInspection, getPlan, listPlans, recommendationsByAgency, recordInspection, reportRecommendation } from './inspections.js';
import { incidentPdf, summaryXlsx } from './exports.js';
import { incidentFeed } from './incident-feed.js';

const TAG = 'security';
const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const withErrors = { ...errors, 422: errorSchema } as const;
const fileErrors = { ...withErrors, 413: errorSchema, 415: errorSchema, 429: errorSchema } as const;
const severity = { type: 'string', enum: [...SEVERITIES], description: 'Mức độ: low thấp, medium trung bình, high cao, critical nghiêm trọng' } as const;

const documentRef = {
  type: ['object', 'null'],
  description: 'Văn bản của hệ thống (số, ký hiệu, ngày, người ký lấy từ văn bản)',
  required: ['id', 'symbol', 'docDate', 'summary', 'typeCode', 'signerName'],
  properties: { id: int32, symbol: nstr, docDate: nstr, summary: str, typeCode: str, signerName: nstr },
} as const;

const systemSchema = {
  type: 'object',
  required: ['id', 'orgId', 'orgName', 'name', 'hosting', 'level', 'dossierState', 'approvalDocument', 'monitoring', 'antimalwarePercent', 'active', 'canEdit'],
  properties: {
    id: int32,
    orgId: int32,
    orgName: str,
    name: str,
    operator: nstr,
    purpose: nstr,
    hosting: { type: 'string', enum: [...HOSTINGS] },
    peopleInCharge: nstr,
    level: { type: 'integer', minimum: 1, maximum: 5 },
    dossierState: { type: 'string', enum: [...DOSSIER_STATES] },
    approvalDocument: documentRef,
    monitoring: { type: 'boolean' },
    antimalwarePercent: { type: 'integer', minimum: 0, maximum: 100 },
    lastRiskAssessment: nstr,
    active: { type: 'boolean' },
    updatedAt: str,
    canEdit: { type: 'boolean' },
  },
} as const;

const systemBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    orgId: { ...int32, minimum: 1, description: 'Cơ quan chủ quản (mặc định: cơ quan của người dùng)' },
    name: { type: 'string', maxLength: 300, description: 'Tên hệ thống thông tin' },
    operator: { type: ['string', 'null'], maxLength: 300, description: 'Đơn vị vận hành' },
    purpose: { type: ['string', 'null'], maxLength: 2000, description: 'Mục đích, chức năng' },
    hosting: { type: 'string', enum: [...HOSTINGS], description: 'provincial_dc: Trung tâm dữ liệu tỉnh; cloud; own_room: phòng máy của cơ quan' },
    peopleInCharge: { type: ['string', 'null'], maxLength: 1000, description: 'Người phụ trách (họ tên, điện thoại)' },
    level: { type: 'integer', minimum: 1, maximum: 5, description: 'Cấp độ an toàn hệ thống thông tin (1–5)' },
    dossierState: { type: 'string', enum: [...DOSSIER_STATES], description: 'Hồ sơ cấp độ: proposed đã đề xuất, appraised đã thẩm định, approved đã phê duyệt' },
    approvalDocumentId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Quyết định phê duyệt cấp độ (mã văn bản trong sổ của cơ quan)' },
    monitoring: { type: 'boolean', description: 'Đã kết nối giám sát an toàn thông tin' },
    antimalwarePercent: { type: 'integer', minimum: 0, maximum: 100, description: 'Tỷ lệ máy được phòng chống mã độc (%)' },
    lastRiskAssessment: { type: ['string', 'null'], maxLength: 10, description: 'Ngày đánh giá rủi ro gần nhất (dd/mm/yyyy)' },
    active: { type: 'boolean' },
  },
} as const;

const incidentSummary = {
  type: 'object',
  required: ['id', 'orgId', 'orgName', 'title', 'severity', 'status', 'detectedAt', 'reportedAt', 'initialDue', 'initialOnTime', 'finalDue', 'finalOverdue', 'overdue'],
  properties: {
    id: int32,
    orgId: int32,
    orgName: str,
    title: str,
    severity,
    status: { type: 'string', enum: [...INCIDENT_STATUSES] },
    detectedAt: str,
    reportedAt: str,
    acknowledgedAt: nstr,
    handlingAt: nstr,
    resolvedAt: nstr,
    finalReportAt: nstr,
    initialDue: { type: 'string', description: 'Hạn thông báo sự cố (5 ngày sau khi phát hiện)' },
    initialOnTime: { type: 'boolean' },
    finalDue: { type: ['string', 'null'], description: 'Hạn báo cáo kết thúc (5 ngày sau khi kết thúc xử lý)' },
    finalOverdue: { type: 'boolean' },
    overdue: { type: 'boolean' },
  },
} as const;

const incidentDetail = {
  ...incidentSummary,
  required: [...incidentSummary.required, 'description', 'reporterName', 'systems', 'events', 'files', 'can'],
  properties: {
    ...incidentSummary.properties,
    description: str,
    reporterName: str,
    reporterPhone: nstr,
    actionsTaken: nstr,
    helpWanted: nstr,
    cause: nstr,
    damage: nstr,
    lessons: nstr,
    systems: { type: 'array', items: { type: 'object', required: ['id', 'name', 'level'], properties: { id: int32, name: str, level: { type: 'integer' } } } },
    events: {
      type: 'array',
      items: { type: 'object', required: ['id', 'kind', 'at', 'userName', 'orgName', 'text'], properties: { id: int32, kind: { type: 'string', enum: [...INCIDENT_EVENT_KINDS] }, at: str, userName: nstr, orgName: str, text: nstr } },
    },
    files: { type: 'array', items: { type: 'object', required: ['id', 'fileName', 'size', 'mime', 'createdAt'], properties: { id: int32, fileName: str, size: { type: 'integer' }, mime: str, createdAt: str } } },
    can: {
      type: 'object',
      required: ['acknowledge', 'update', 'resolve', 'finalReport', 'attach', 'accessLog'],
      properties: { acknowledge: { type: 'boolean' }, update: { type: 'boolean' }, resolve: { type: 'boolean' }, finalReport: { type: 'boolean' }, attach: { type: 'boolean' }, accessLog: { type: 'boolean' } },
    },
  },
} as const;

const recommendationSchema = {
  type: 'object',
  required: ['id', 'inspectionId', 'targetOrgId', 'text', 'deadline', 'status', 'overdue', 'updatedAt', 'events', 'can'],
  properties: {
    id: int32,
    inspectionId: int32,
    targetOrgId: int32,
    text: str,
    deadline: str,
    status: { type: 'string', enum: [...RECOMMENDATION_STATUSES] },
    overdue: { type: 'boolean' },
    updatedAt: str,
    events: { type: 'array', items: { type: 'object', required: ['id', 'kind', 'at', 'userName', 'orgName', 'text'], properties: { id: int32, kind: { type: 'string', enum: [...RECOMMENDATION_EVENT_KINDS] }, at: str, userName: nstr, orgName: str, text: nstr } } },
    can: { type: 'object', required: ['report', 'decide'], properties: { report: { type: 'boolean' }, decide: { type: 'boolean' } } },
  },
} as const;

const inspectionSchema = {
  type: 'object',
  required: ['id', 'planId', 'targetOrgId', 'targetOrgName', 'plannedMonth', 'scope', 'status', 'conclusion', 'findings', 'recommendations', 'openRecommendations', 'overdueRecommendations', 'can'],
  properties: {
    id: int32,
    planId: int32,
    planTitle: str,
    planOrgName: str,
    year: { type: 'integer' },
    targetOrgId: int32,
    targetOrgName: str,
    plannedMonth: { type: 'integer', minimum: 1, maximum: 12 },
    scope: str,
    team: nstr,
    inspectedOn: nstr,
    status: { type: 'string', enum: [...INSPECTION_STATUSES] },
    conclusion: documentRef,
    findings: { type: 'array', items: { type: 'object', required: ['id', 'text', 'severity'], properties: { id: int32, text: str, severity } } },
    recommendations: { type: 'array', items: recommendationSchema },
    openRecommendations: { type: 'integer' },
    overdueRecommendations: { type: 'integer' },
    can: { type: 'object', properties: { record: { type: 'boolean' }, conclude: { type: 'boolean' } } },
  },
} as const;

const planSchema = {
  type: 'object',
  required: ['id', 'year', 'title', 'orgId', 'orgName', 'inspections', 'canEdit'],
  properties: { id: int32, year: { type: 'integer' }, title: str, orgId: int32, orgName: str, createdAt: str, inspections: { type: 'array', items: inspectionSchema }, canEdit: { type: 'boolean' } },
} as const;

const text = (max: number, description: string) => ({ type: 'string', maxLength: max, description }) as const;
/** A step's note; an update's is required (checked by the service, which names the field). */
const stepBody = { type: 'object', additionalProperties: false, properties: { text: { type: ['string', 'null'], maxLength: 5000, description: 'Biện pháp, ghi chú (bắt buộc khi cập nhật xử lý)' } } } as const;
const fileParams = { type: 'object', required: ['id', 'fileId'], properties: { id: { ...int32, minimum: 1 }, fileId: { ...int32, minimum: 1 } } } as const;
const incidentUpload = multipartUpload(`Nhật ký, ảnh chụp màn hình: ${ACCEPTED_KINDS_TEXT}`);

/**
 * Need to know: an incident does not exist for whom may not read it, signed in or not — an
 * anonymous caller gets the same 404 as an uninvolved agency, not a 401 saying there is something.
 */
function incidentReader(req: FastifyRequest): Actor {
  if (!req.actor) throw notFound('incident');
  return requireActor(req);
}

/** /api/v1/security: the systems register, incidents (need to know), inspections. */
export function securityRoutes(app: Api, ctx: AppContext): void {
  app.eventHub.addFeed(incidentFeed(ctx));

  // ── Systems register ──
  app.get(
    '/api/v1/security/systems',
    {
      schema: {
        ...op('listSecuritySystems', TAG, 'Danh mục hệ thống thông tin và cấp độ an toàn (cơ quan: của mình; Sở KH&CN, Công an: toàn tỉnh)'),
        querystring: { type: 'object', additionalProperties: false, properties: { orgId: { ...int32, minimum: 1 } } },
        response: {
          200: { type: 'object', required: ['total', 'approved', 'byLevel', 'items'], properties: { total: { type: 'integer' }, approved: { type: 'integer' }, byLevel: { type: 'object', additionalProperties: { type: 'integer' } }, items: { type: 'array', items: systemSchema } } },
          ...errors,
        },
      },
    },
    async (req) => listSystems(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/v1/security/systems',
    { schema: { ...op('createSecuritySystem', TAG, 'Thêm hệ thống thông tin vào danh mục'), body: { ...systemBody, required: ['name', 'hosting', 'level'] }, response: { 201: systemSchema, ...withErrors } } },
    async (req, reply) => reply.status(201).send(await createSystem(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/security/systems/:id', { schema: { ...op('getSecuritySystem', TAG, 'Một hệ thống thông tin'), params: idParams, response: { 200: systemSchema, ...errors } } }, async (req) =>
    getSystem(ctx, requireActor(req), req.params.id),
  );
  app.patch(
    '/api/v1/security/systems/:id',
    { schema: { ...op('updateSecuritySystem', TAG, 'Sửa hệ thống thông tin: cấp độ, hồ sơ cấp độ, quyết định phê duyệt, giám sát, phòng chống mã độc'), params: idParams, body: systemBody, response: { 200: systemSchema, ...withErrors } } },
    async (req) => updateSystem(ctx, requireActor(req), req.params.id, req.body),
  );

  // ── Incidents ──
  app.get(
    '/api/v1/security/incidents',
    {
      schema: {
        ...op('listIncidents', TAG, 'Sự cố an toàn thông tin (chỉ người có trách nhiệm): mới nhất trước, số lượng theo bước, quá hạn'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...INCIDENT_STATUSES] }, severity, orgId: { ...int32, minimum: 1 }, overdue: { type: 'boolean' }, limit: { type: 'integer', minimum: 1, maximum: 500 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['total', 'counts', 'overdue', 'items'],
            properties: { total: { type: 'integer' }, counts: { type: 'object', additionalProperties: { type: 'integer' } }, overdue: { type: 'integer' }, items: { type: 'array', items: incidentSummary } },
          },
          ...errors,
        },
      },
    },
    async (req) => listIncidents(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/v1/security/incidents',
    {
      schema: {
        ...op('reportIncident', TAG, 'Báo cáo ban đầu sự cố: tới ngay đội ứng cứu sự cố và Công an tỉnh (trực tuyến và thư điện tử)'),
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'description', 'detectedAt', 'severity'],
          properties: {
            title: text(300, 'Tóm tắt sự cố'),
            description: text(10000, 'Mô tả: hiện tượng, phạm vi'),
            detectedAt: text(40, 'Thời điểm phát hiện (ISO 8601)'),
            severity,
            systemIds: { type: 'array', maxItems: 20, items: { ...int32, minimum: 1 }, description: 'Hệ thống bị ảnh hưởng (trong danh mục của cơ quan)' },
            actionsTaken: { type: ['string', 'null'], maxLength: 5000, description: 'Biện pháp đã thực hiện' },
            helpWanted: { type: ['string', 'null'], maxLength: 2000, description: 'Đề nghị hỗ trợ' },
            reporterPhone: { type: ['string', 'null'], maxLength: 30, description: 'Điện thoại liên hệ' },
            orgId: { ...int32, minimum: 1, description: 'Cơ quan gặp sự cố (đội ứng cứu báo cáo thay)' },
          },
        },
        response: { 201: incidentDetail, ...withErrors },
      },
    },
    async (req, reply) => {
      const created = await reportIncident(ctx, requireActor(req), req.body);
      // The clients of this process learn of it now; other processes at their next poll.
      app.eventHub.wake();
      return reply.status(201).send(created);
    },
  );
  app.get(
    '/api/v1/security/incidents/stats',
    {
      schema: {
        ...op('incidentStats', TAG, 'Số sự cố theo tháng và mức độ (12 tháng); các năm báo cáo có sự cố'),
        response: { 200: { type: 'object', required: ['months', 'years'], properties: { years: { type: 'array', items: { type: 'integer' }, description: 'Năm báo cáo (15/12 năm trước – 14/12) có sự cố, và năm nay; mới nhất trước' }, months: { type: 'array', items: { type: 'object', required: ['month', ...SEVERITIES], properties: { month: str, ...Object.fromEntries(SEVERITIES.map((s) => [s, { type: 'integer' }])) } } } } }, ...errors },
      },
    },
    async (req) => incidentStats(ctx, requireActor(req)),
  );
  app.get(
    '/api/v1/security/incidents/summary.xlsx',
    {
      schema: {
        ...op('incidentSummary', TAG, 'Báo cáo định kỳ (mẫu 05): 6 tháng hoặc năm, theo cơ quan và toàn tỉnh (XLSX)', { produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] }),
        querystring: { type: 'object', additionalProperties: false, required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 }, period: { type: 'string', enum: ['half', 'year'], description: 'half: 6 tháng (15/12 năm trước – 14/6); year: năm (15/12 – 14/12)' } } },
        response: { 200: { type: 'string', format: 'binary', description: 'Tệp XLSX' }, ...errors },
      },
    },
    async (req, reply) => {
      const period: SummaryPeriod = req.query.period ?? 'year';
      const range = summaryRange(req.query.year, period);
      const items = await incidentsBetween(ctx, requireActor(req), range.from, range.to);
      const f = (d: string) => d.split('-').reverse().join('/');
      const bytes = await summaryXlsx(`TỔNG HỢP SỰ CỐ AN TOÀN THÔNG TIN MẠNG ${SUMMARY_PERIODS[period].vi.toUpperCase()} ${req.query.year} (từ ${f(range.from)} đến ${f(range.to)}; hạn gửi ${f(range.due)})`, items);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="su-co-attt-${period}-${req.query.year}.xlsx"`)
        .send(binary(bytes));
    },
  );
  app.get('/api/v1/security/incidents/:id', { schema: { ...op('getIncident', TAG, 'Một sự cố (lần xem được ghi nhật ký truy cập)'), params: idParams, response: { 200: incidentDetail, ...errors } } }, async (req) =>
    getIncident(ctx, incidentReader(req), req.params.id),
  );
  const step = (path: string, kind: 'acknowledge' | 'update' | 'resolve', summary: string) =>
    app.post(
      `/api/v1/security/incidents/:id/${path}`,
      {
        schema: {
          ...op(`incident_${kind}`, TAG, summary),
          params: idParams,
          body: stepBody,
          response: { 200: incidentDetail, ...withErrors },
        },
      },
      async (req) => incidentStep(ctx, requireActor(req), req.params.id, kind, req.body),
    );
  step('acknowledge', 'acknowledge', 'Đội ứng cứu (hoặc Công an) tiếp nhận sự cố');
  step('updates', 'update', 'Cập nhật quá trình xử lý: thời điểm, biện pháp, người thực hiện');
  step('resolve', 'resolve', 'Kết thúc xử lý sự cố');
  app.post(
    '/api/v1/security/incidents/:id/final-report',
    {
      schema: {
        ...op('incidentFinalReport', TAG, 'Báo cáo kết thúc ứng phó (mẫu 04): nguyên nhân, thiệt hại, bài học'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['cause', 'damage', 'lessons'], properties: { cause: text(5000, 'Nguyên nhân'), damage: text(5000, 'Thiệt hại'), lessons: text(5000, 'Bài học kinh nghiệm') } },
        response: { 200: incidentDetail, ...withErrors },
      },
    },
    async (req) => incidentStep(ctx, requireActor(req), req.params.id, 'final_report', req.body),
  );
  app.post(
    '/api/v1/security/incidents/:id/files',
    { schema: { ...op('addIncidentFile', TAG, 'Đính kèm nhật ký, ảnh chụp màn hình vào sự cố', incidentUpload), params: idParams, response: { 201: { type: 'object', required: ['id', 'fileName', 'size'], properties: { id: int32, fileName: str, size: { type: 'integer' }, mime: str, createdAt: str } }, ...fileErrors } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const added = await receiveUpload(ctx, req, reply, actor, 'tep-su-co', (file) => addIncidentFile(ctx, actor, req.params.id, file));
      return reply.status(201).send(added);
    },
  );
  app.get(
    '/api/v1/security/incidents/:id/files/:fileId',
    { schema: { ...op('downloadIncidentFile', TAG, 'Tải tệp của sự cố (lần tải được ghi nhật ký truy cập)'), params: fileParams, response: { 200: { type: 'string', format: 'binary' }, ...errors } } },
    async (req, reply) => {
      const f = await readIncidentFile(ctx, incidentReader(req), req.params.id, req.params.fileId);
      return reply.header('content-type', f.mime).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).header('cache-control', 'no-store').send(binary(f.bytes));
    },
  );
  app.get(
    '/api/v1/security/incidents/:id/report.pdf',
    { schema: { ...op('incidentReportPdf', TAG, 'Báo cáo sự cố theo mẫu (PDF): mẫu 03, kèm mẫu 04 khi đã báo cáo kết thúc', { produces: ['application/pdf'] }), params: idParams, response: { 200: { type: 'string', format: 'binary' }, ...errors } } },
    async (req, reply) => {
      const i = await incidentForExport(ctx, incidentReader(req), req.params.id);
      const bytes = await incidentPdf(i, ctx.now());
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="bao-cao-su-co-${i.id}.pdf"`).header('cache-control', 'no-store').send(binary(bytes));
    },
  );
  app.get(
    '/api/v1/security/incidents/:id/access-log',
    {
      schema: {
        ...op('incidentAccessLog', TAG, 'Nhật ký truy cập sự cố: ai đã xem, lúc nào (đội ứng cứu sự cố)'),
        params: idParams,
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['id', 'userId', 'userName', 'orgName', 'what', 'at'], properties: { id: int32, userId: { type: ['integer', 'null'] }, userName: str, orgName: str, what: str, at: str } } } } }, ...errors },
      },
    },
    async (req) => incidentAccessLog(ctx, incidentReader(req), req.params.id),
  );

  // ── Inspections ──
  app.get(
    '/api/v1/security/plans',
    { schema: { ...op('listInspectionPlans', TAG, 'Kế hoạch kiểm tra an toàn thông tin hằng năm'), querystring: { type: 'object', additionalProperties: false, properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } }, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: planSchema } } }, ...errors } } },
    async (req) => listPlans(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/v1/security/plans',
    { schema: { ...op('createInspectionPlan', TAG, 'Lập kế hoạch kiểm tra năm (cán bộ kiểm tra)'), body: { type: 'object', additionalProperties: false, required: ['year', 'title'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 }, title: text(500, 'Tên kế hoạch') } }, response: { 201: planSchema, ...withErrors } } },
    async (req, reply) => reply.status(201).send(await createPlan(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/security/plans/:id', { schema: { ...op('getInspectionPlan', TAG, 'Một kế hoạch kiểm tra với các cuộc kiểm tra'), params: idParams, response: { 200: planSchema, ...errors } } }, async (req) =>
    getPlan(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/v1/security/plans/:id/inspections',
    {
      schema: {
        ...op('addInspection', TAG, 'Thêm cuộc kiểm tra vào kế hoạch: cơ quan, tháng, nội dung'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['targetOrgId', 'plannedMonth', 'scope'], properties: { targetOrgId: { ...int32, minimum: 1 }, plannedMonth: { type: 'integer', minimum: 1, maximum: 12 }, scope: text(2000, 'Nội dung, phạm vi kiểm tra') } },
        response: { 201: inspectionSchema, ...withErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await addInspection(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.get('/api/v1/security/inspections/:id', { schema: { ...op('getInspection', TAG, 'Một cuộc kiểm tra: phát hiện, kết luận, kiến nghị'), params: idParams, response: { 200: inspectionSchema, ...errors } } }, async (req) =>
    getInspection(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/v1/security/inspections/:id/record',
    {
      schema: {
        ...op('recordInspection', TAG, 'Ghi kết quả kiểm tra: đoàn, ngày, phát hiện và mức độ'),
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['team', 'inspectedOn'],
          properties: { team: text(2000, 'Đoàn kiểm tra'), inspectedOn: text(10, 'Ngày kiểm tra (dd/mm/yyyy)'), findings: { type: 'array', maxItems: 50, items: { type: 'object', additionalProperties: false, required: ['text', 'severity'], properties: { text: text(2000, 'Phát hiện'), severity } } } },
        },
        response: { 200: inspectionSchema, ...withErrors },
      },
    },
    async (req) => recordInspection(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/security/inspections/:id/conclude',
    {
      schema: {
        ...op('concludeInspection', TAG, 'Kết luận kiểm tra: văn bản gửi cơ quan được kiểm tra qua hệ thống, các kiến nghị và hạn'),
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['summary', 'recommendations'],
          properties: {
            summary: text(10000, 'Nội dung kết luận'),
            signerName: text(200, 'Người ký'),
            signerPosition: text(200, 'Chức vụ người ký'),
            recommendations: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'object', additionalProperties: false, required: ['text', 'deadline'], properties: { text: text(2000, 'Kiến nghị'), deadline: text(10, 'Hạn thực hiện (dd/mm/yyyy)') } } },
          },
        },
        response: { 200: inspectionSchema, ...withErrors },
      },
    },
    async (req) => concludeInspection(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/security/recommendations/:id/report',
    { schema: { ...op('reportRecommendation', TAG, 'Cơ quan được kiểm tra báo cáo kết quả thực hiện kiến nghị'), params: idParams, body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: text(5000, 'Kết quả thực hiện') } }, response: { 200: inspectionSchema, ...withErrors } } },
    async (req) => reportRecommendation(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/security/recommendations/:id/decision',
    {
      schema: {
        ...op('decideRecommendation', TAG, 'Cán bộ kiểm tra đóng (close: true) hoặc mở lại kiến nghị (kèm lý do)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['close'], properties: { close: { type: 'boolean' }, text: { type: ['string', 'null'], maxLength: 2000, description: 'Ý kiến; bắt buộc khi mở lại' } } },
        response: { 200: inspectionSchema, ...withErrors },
      },
    },
    async (req) => decideRecommendation(ctx, requireActor(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/security/recommendations/by-agency',
    {
      schema: {
        ...op('recommendationsByAgency', TAG, 'Kiến nghị chưa đóng và quá hạn theo cơ quan'),
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['orgId', 'orgName', 'total', 'open', 'overdue', 'closed'], properties: { orgId: int32, orgName: str, total: { type: 'integer' }, open: { type: 'integer' }, overdue: { type: 'integer' }, closed: { type: 'integer' } } } } } }, ...errors },
      },
    },
    async (req) => recommendationsByAgency(ctx, requireActor(req)),
  );
}
