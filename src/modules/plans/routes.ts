import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, int32, multipartUpload, op, rawUpload, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { invalid } from '../../domain/errors.js';
import { DIFF_FIELDS, FUND_SOURCES, PLAN_KINDS, PLAN_LIMITS, PLAN_PRIORITIES, PLAN_STATUSES, PROGRESS_REPORTED, PROGRESS_STATUSES, REVIEW_EVENT_KINDS } from '../../domain/plans.js';
import { addGoal, addTarget, createProgramme, deleteGoal, deleteTarget, getProgramme, listProgrammes, renameGoal, renameProgramme, updateTarget } from './programme.js';
import { diffPlans, getPlan, listPlans } from './queries.js';
import { receiveUpload } from '../../server/uploads.js';
import { addItem, addProgressFile, adjustPlan, answerReview, approvePlan, commentPlan, createPlan, deleteItem, itemProgressHistory, planFile, readProgressFile, reportItemProgress, submitPlan, updateItem } from './service.js';
import { importPlanItems } from './import.js';
import { importTemplate } from './export.js';

const TAG = 'plans';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const nullableString = { type: ['string', 'null'] } as const;
const withErrors = { ...errors, 422: errorSchema } as const;
const progressFileSchema = { type: 'object', required: ['id', 'fileName', 'size', 'mime'], properties: { id: int32, fileName: { type: 'string' }, size: { type: 'integer' }, mime: { type: 'string' } } } as const;
const date = { type: ['string', 'null'], maxLength: 10, description: 'dd/mm/yyyy hoặc yyyy-mm-dd' } as const;
const money = { type: 'string', pattern: '^\\d+$', description: 'Số nguyên đồng (chuỗi chữ số)' } as const;

const docRef = {
  type: ['object', 'null'],
  description: 'Văn bản của hệ thống: số, ký hiệu, ngày, người ký lấy từ văn bản',
  required: ['id', 'symbol', 'docDate', 'summary', 'signerName', 'signerPosition'],
  properties: { id: int32, symbol: nullableString, docDate: nullableString, summary: { type: 'string' }, signerName: nullableString, signerPosition: nullableString },
} as const;

const can = {
  type: 'object',
  description: 'Thao tác người gọi được làm',
  required: ['edit', 'submit', 'review', 'approve', 'adjust', 'report'],
  properties: { edit: { type: 'boolean' }, submit: { type: 'boolean' }, review: { type: 'boolean' }, approve: { type: 'boolean' }, adjust: { type: 'boolean' }, report: { type: 'boolean' } },
} as const;

const summaryProps = {
  id: int32,
  seriesId: int32,
  version: { type: 'integer' },
  agencyId: int32,
  agencyName: { type: 'string' },
  programmeId: int32,
  kind: { type: 'string', enum: [...PLAN_KINDS] },
  yearFrom: { type: 'integer' },
  yearTo: { type: 'integer' },
  title: { type: 'string' },
  status: { type: 'string', enum: [...PLAN_STATUSES], description: 'in_force: đã phê duyệt và đến ngày có hiệu lực' },
  reason: { ...nullableString, description: 'Lý do điều chỉnh (phiên bản 2 trở đi)' },
  letter: { ...docRef, description: 'Tờ trình gửi Sở KH&CN gần nhất' },
  answer: { ...docRef, description: 'Công văn trả lời của Sở KH&CN gần nhất' },
  decision: { ...docRef, description: 'Quyết định phê duyệt' },
  effectiveFrom: nullableString,
  approvedAt: nullableString,
  itemCount: { type: 'integer' },
  totalCost: money,
  totalCostText: { type: 'string', description: '1.250.000.000 ₫' },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  can,
} as const;
const summaryRequired = ['id', 'seriesId', 'version', 'agencyId', 'agencyName', 'programmeId', 'kind', 'yearFrom', 'yearTo', 'title', 'status', 'reason', 'letter', 'answer', 'decision', 'effectiveFrom', 'approvedAt', 'itemCount', 'totalCost', 'totalCostText', 'createdAt', 'updatedAt', 'can'] as const;

const itemSchema = {
  type: 'object',
  required: ['id', 'key', 'position', 'content', 'objective', 'targetIds', 'targets', 'leadUnit', 'cooperatingUnits', 'startDate', 'endDate', 'expectedOutput', 'cost', 'costText', 'fundSource', 'priority', 'progress'],
  properties: {
    id: int32,
    key: { type: 'string', description: 'Khóa của nhiệm vụ, giữ nguyên qua các phiên bản' },
    position: { type: 'integer' },
    content: { type: 'string' },
    objective: nullableString,
    targetIds: { type: 'array', items: int32 },
    targets: { type: 'array', items: { type: 'object', required: ['id', 'indicatorCode', 'title'], properties: { id: int32, indicatorCode: { type: 'string' }, title: { type: 'string' } } } },
    leadUnit: { type: 'string' },
    cooperatingUnits: nullableString,
    startDate: { type: 'string' },
    endDate: { type: 'string' },
    expectedOutput: nullableString,
    cost: money,
    costText: { type: 'string' },
    fundSource: { type: 'string', enum: [...FUND_SOURCES] },
    priority: { type: 'string', enum: [...PLAN_PRIORITIES] },
    progress: {
      type: 'object',
      required: ['percent', 'reported', 'status', 'note', 'at'],
      properties: {
        percent: { type: 'integer' },
        reported: { type: ['string', 'null'], enum: [...PROGRESS_REPORTED, null] },
        status: { type: 'string', enum: [...PROGRESS_STATUSES], description: 'Chậm tiến độ được tính: quá ngày kết thúc mà chưa hoàn thành (giờ Việt Nam)' },
        note: nullableString,
        at: nullableString,
      },
    },
  },
} as const;

const planSchema = {
  type: 'object',
  required: [...summaryRequired, 'items', 'events', 'versions'],
  properties: {
    ...summaryProps,
    items: { type: 'array', items: itemSchema },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'itemId', 'kind', 'orgId', 'orgName', 'userName', 'at', 'text', 'document'],
        properties: { id: int32, itemId: { type: ['integer', 'null'] }, kind: { type: 'string', enum: [...REVIEW_EVENT_KINDS] }, orgId: int32, orgName: { type: 'string' }, userName: nullableString, at: { type: 'string' }, text: nullableString, document: docRef },
      },
    },
    versions: { type: 'array', items: { type: 'object', required: ['id', 'version', 'status', 'reason', 'createdAt'], properties: { id: int32, version: { type: 'integer' }, status: { type: 'string', enum: [...PLAN_STATUSES] }, reason: nullableString, createdAt: { type: 'string' } } } },
  },
} as const;

const listSchema = {
  type: 'object',
  required: ['total', 'items'],
  properties: { total: { type: 'integer' }, items: { type: 'array', items: { type: 'object', required: summaryRequired, properties: summaryProps } } },
} as const;

const itemBody = {
  type: 'object',
  additionalProperties: false,
  required: ['content', 'leadUnit', 'startDate', 'endDate'],
  properties: {
    content: { type: 'string', maxLength: 2000, description: 'Nội dung nhiệm vụ / hoạt động' },
    objective: { type: ['string', 'null'], maxLength: 2000 },
    targetIds: { type: 'array', maxItems: 20, items: { ...int32, minimum: 1 }, description: 'Chỉ tiêu của chương trình mà nhiệm vụ phục vụ' },
    leadUnit: { type: 'string', maxLength: 300, description: 'Đơn vị chủ trì' },
    cooperatingUnits: { type: ['string', 'null'], maxLength: 1000, description: 'Đơn vị phối hợp' },
    startDate: { type: 'string', maxLength: 10 },
    endDate: { type: 'string', maxLength: 10 },
    expectedOutput: { type: ['string', 'null'], maxLength: 2000 },
    cost: { anyOf: [{ type: 'string', maxLength: 30 }, { type: 'integer', minimum: 0, maximum: 1e15 }], description: 'Kinh phí dự kiến, số nguyên đồng ("1.250.000.000" hoặc 1250000000)' },
    fundSource: { type: 'string', enum: [...FUND_SOURCES], description: 'investment: đầu tư công; recurrent: chi thường xuyên; socialized: xã hội hóa; other: khác' },
    priority: { type: 'string', enum: [...PLAN_PRIORITIES] },
  },
} as const;

const itemParams = { type: 'object', required: ['itemId'], properties: { itemId: { ...int32, minimum: 1 } } } as const;
const signer = { signerName: { type: 'string', maxLength: 200 }, signerPosition: { type: 'string', maxLength: 200 } } as const;

const targetProps = {
  indicatorCode: { type: 'string', maxLength: 60, description: 'Mã chỉ số của danh mục (VB.DI_DIENTU)' },
  title: { type: 'string', maxLength: 500 },
  unit: { type: 'string', maxLength: 50 },
  baseline: { type: ['number', 'null'] },
  baselineYear: { type: ['integer', 'null'], minimum: 2000, maximum: 2100 },
  yearly: { type: 'object', maxProperties: 11, additionalProperties: { type: 'number' }, description: 'Giá trị chỉ tiêu theo năm: {"2026": 80, "2027": 90}' },
} as const;

const programmeSchema = {
  type: 'object',
  required: ['id', 'title', 'yearFrom', 'yearTo', 'itOrgId', 'itOrgName', 'canEdit', 'goals'],
  properties: {
    id: int32,
    title: { type: 'string' },
    yearFrom: { type: 'integer' },
    yearTo: { type: 'integer' },
    itOrgId: int32,
    itOrgName: { type: 'string' },
    decision: { type: ['object', 'null'], properties: { id: int32, symbol: nullableString, docDate: nullableString, summary: { type: 'string' }, signerName: nullableString } },
    canEdit: { type: 'boolean' },
    goals: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'position', 'title', 'targets'],
        properties: {
          id: int32,
          position: { type: 'integer' },
          title: { type: 'string' },
          targets: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'goalId', 'indicatorCode', 'indicatorName', 'title', 'unit', 'baseline', 'baselineYear', 'yearly'],
              properties: {
                id: int32,
                goalId: int32,
                indicatorCode: { type: 'string' },
                indicatorName: nullableString,
                title: { type: 'string' },
                unit: { type: 'string' },
                baseline: { type: ['number', 'null'] },
                baselineYear: { type: ['integer', 'null'] },
                yearly: { type: 'object', additionalProperties: { type: 'number' } },
              },
            },
          },
        },
      },
    },
  },
} as const;

const importRefused = {
  type: 'object',
  required: ['error', 'problems'],
  description: 'Tệp bị từ chối toàn bộ: mọi lỗi với dòng và cột',
  properties: {
    error: errorSchema.properties.error,
    problems: { type: 'array', items: { type: 'object', properties: { row: { type: 'integer' }, column: { type: 'string' }, header: { type: 'string' }, message: { type: 'string' }, messageEn: { type: 'string' } } } },
  },
} as const;

/** /api/v1/programme, /api/v1/plans: the provincial IT programme and agencies' IT plans. */
export function planRoutes(app: Api, ctx: AppContext): void {
  app.get('/api/v1/programme', { schema: { ...op('getProgramme', TAG, 'Chương trình CNTT, chuyển đổi số của tỉnh đang thực hiện (giai đoạn có năm nay, nếu không: giai đoạn gần nhất): mục tiêu, chỉ tiêu theo năm'), response: { 200: programmeSchema, ...errors } } }, async (req) =>
    getProgramme(ctx, requireActor(req)),
  );
  app.get(
    '/api/v1/programmes',
    {
      schema: {
        ...op('listProgrammes', TAG, 'Các chương trình CNTT của tỉnh theo giai đoạn, mới nhất trước'),
        response: {
          200: {
            type: 'object',
            required: ['canEdit', 'items'],
            properties: {
              canEdit: { type: 'boolean', description: 'Người gọi được tạo, sửa chương trình (Sở KH&CN)' },
              items: { type: 'array', items: { type: 'object', required: ['id', 'title', 'yearFrom', 'yearTo', 'goals', 'targets'], properties: { id: int32, title: { type: 'string' }, yearFrom: { type: 'integer' }, yearTo: { type: 'integer' }, goals: { type: 'integer' }, targets: { type: 'integer' } } } },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => listProgrammes(ctx, requireActor(req)),
  );
  app.get('/api/v1/programmes/:id', { schema: { ...op('getProgrammeById', TAG, 'Một chương trình: mục tiêu, chỉ tiêu theo năm'), params: idParams, response: { 200: programmeSchema, ...errors } } }, async (req) =>
    getProgramme(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/v1/programmes',
    {
      schema: {
        ...op('createProgramme', TAG, 'Tạo chương trình cho một giai đoạn (Sở KH&CN)'),
        body: { type: 'object', additionalProperties: false, required: ['title', 'yearFrom', 'yearTo'], properties: { title: { type: 'string', maxLength: 500 }, yearFrom: { type: 'integer', minimum: 2000, maximum: 2100 }, yearTo: { type: 'integer', minimum: 2000, maximum: 2110 } } },
        response: { 201: programmeSchema, ...withErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await createProgramme(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/v1/programmes/:id/goals',
    { schema: { ...op('addProgrammeGoal', TAG, 'Thêm mục tiêu của chương trình (Sở KH&CN)'), params: idParams, body: { type: 'object', additionalProperties: false, required: ['title'], properties: { title: { type: 'string', maxLength: 1000 } } }, response: { 200: programmeSchema, ...withErrors } } },
    async (req) => addGoal(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/programmes/:id/targets',
    {
      schema: {
        ...op('addProgrammeTarget', TAG, 'Thêm chỉ tiêu gắn với mã chỉ số của danh mục (Sở KH&CN)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['goalId', 'indicatorCode'], properties: { goalId: { ...int32, minimum: 1 }, ...targetProps } },
        response: { 200: programmeSchema, ...withErrors },
      },
    },
    async (req) => addTarget(ctx, requireActor(req), req.params.id, req.body),
  );
  app.put(
    '/api/v1/programme-targets/:id',
    { schema: { ...op('updateProgrammeTarget', TAG, 'Sửa chỉ tiêu: giá trị cơ sở, chỉ tiêu theo năm, đơn vị (Sở KH&CN)'), params: idParams, body: { type: 'object', additionalProperties: false, properties: targetProps }, response: { 200: programmeSchema, ...withErrors } } },
    async (req) => updateTarget(ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/programme-targets/:id',
    { schema: { ...op('deleteProgrammeTarget', TAG, 'Xóa chỉ tiêu (Sở KH&CN); chỉ tiêu mà nhiệm vụ của kế hoạch phục vụ: 409'), params: idParams, response: { 200: programmeSchema, ...withErrors } } },
    async (req) => deleteTarget(ctx, requireActor(req), req.params.id),
  );
  app.put(
    '/api/v1/programmes/:id',
    { schema: { ...op('renameProgramme', TAG, 'Đổi tên chương trình (Sở KH&CN); giai đoạn không đổi'), params: idParams, body: { type: 'object', additionalProperties: false, required: ['title'], properties: { title: { type: 'string', maxLength: 500 } } }, response: { 200: programmeSchema, ...withErrors } } },
    async (req) => renameProgramme(ctx, requireActor(req), req.params.id, req.body),
  );
  app.put(
    '/api/v1/programme-goals/:id',
    { schema: { ...op('renameProgrammeGoal', TAG, 'Đổi tên mục tiêu của chương trình (Sở KH&CN)'), params: idParams, body: { type: 'object', additionalProperties: false, required: ['title'], properties: { title: { type: 'string', maxLength: 1000 } } }, response: { 200: programmeSchema, ...withErrors } } },
    async (req) => renameGoal(ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/programme-goals/:id',
    { schema: { ...op('deleteProgrammeGoal', TAG, 'Xóa mục tiêu cùng các chỉ tiêu của nó (Sở KH&CN); có chỉ tiêu mà nhiệm vụ của kế hoạch phục vụ: 409'), params: idParams, response: { 200: programmeSchema, ...withErrors } } },
    async (req) => deleteGoal(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/api/v1/plans',
    {
      schema: {
        ...op('listPlans', TAG, 'Kế hoạch CNTT: của cơ quan mình; Sở KH&CN, VP UBND xem tất cả; queue=review: chờ thẩm định'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            agencyId: { ...int32, minimum: 1 },
            status: { type: 'string', enum: [...PLAN_STATUSES] },
            year: { type: 'integer', minimum: 2000, maximum: 2100 },
            queue: { type: 'string', enum: ['review'] },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            offset: { type: 'integer', minimum: 0, maximum: 100000 },
          },
        },
        response: { 200: listSchema, ...errors },
      },
    },
    async (req) => listPlans(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/v1/plans',
    {
      schema: {
        ...op('createPlan', TAG, 'Lập kế hoạch (dự thảo, phiên bản 1) của cơ quan mình'),
        body: { type: 'object', additionalProperties: false, required: ['kind', 'yearFrom', 'title'], properties: { kind: { type: 'string', enum: [...PLAN_KINDS] }, yearFrom: { type: 'integer', minimum: 2000, maximum: 2100 }, title: { type: 'string', maxLength: 500 } } },
        response: { 201: planSchema, ...withErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await createPlan(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/plans/import-template.xlsx', { schema: { ...op('planImportTemplate', TAG, 'Mẫu XLSX nhập nhiệm vụ của kế hoạch', { produces: [XLSX] }), response: { 200: { type: 'string', format: 'binary' }, ...errors } } }, async (req, reply) => {
    requireActor(req);
    return reply.header('content-type', XLSX).header('content-disposition', 'attachment; filename="mau-ke-hoach.xlsx"').send(binary(await importTemplate()));
  });
  app.get('/api/v1/plans/:id', { schema: { ...op('getPlan', TAG, 'Một phiên bản kế hoạch: nhiệm vụ, ý kiến thẩm định, các phiên bản'), params: idParams, response: { 200: planSchema, ...errors } } }, async (req) =>
    getPlan(ctx, requireActor(req), req.params.id),
  );
  for (const kind of ['pdf', 'xlsx'] as const) {
    const type = kind === 'pdf' ? 'application/pdf' : XLSX;
    app.get(
      `/api/v1/plans/:id/export.${kind}`,
      { schema: { ...op(kind === 'pdf' ? 'exportPlanPdf' : 'exportPlanXlsx', TAG, `Kế hoạch (${kind.toUpperCase()})`, { produces: [type] }), params: idParams, response: { 200: { type: 'string', format: 'binary' }, ...errors } } },
      async (req, reply) => {
        const f = await planFile(ctx, requireActor(req), req.params.id, kind);
        return reply.header('content-type', type).header('content-disposition', `attachment; filename="${f.fileName}"`).send(binary(f.bytes));
      },
    );
  }
  app.get(
    '/api/v1/plans/:id/diff',
    {
      schema: {
        ...op('diffPlanVersions', TAG, 'So sánh hai phiên bản của kế hoạch theo từng nhiệm vụ (thêm, bỏ, thay đổi)'),
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, required: ['from'], properties: { from: { ...int32, minimum: 1, description: 'Mã phiên bản cũ hơn' } } },
        response: {
          200: {
            type: 'object',
            required: ['from', 'to', 'rows'],
            properties: {
              from: { type: 'object', required: ['id', 'version'], properties: { id: int32, version: { type: 'integer' } } },
              to: { type: 'object', required: ['id', 'version'], properties: { id: int32, version: { type: 'integer' } } },
              rows: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['key', 'change', 'content', 'fields'],
                  properties: {
                    key: { type: 'string' },
                    change: { type: 'string', enum: ['added', 'removed', 'changed'] },
                    content: { type: 'string' },
                    fields: { type: 'array', items: { type: 'object', required: ['field', 'from', 'to'], properties: { field: { type: 'string', enum: [...DIFF_FIELDS] }, from: nullableString, to: nullableString } } },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => diffPlans(ctx, requireActor(req), req.query.from, req.params.id),
  );
  app.post('/api/v1/plans/:id/items', { schema: { ...op('addPlanItem', TAG, 'Thêm nhiệm vụ vào kế hoạch dự thảo'), params: idParams, body: itemBody, response: { 201: planSchema, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await addItem(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.put('/api/v1/plan-items/:itemId', { schema: { ...op('updatePlanItem', TAG, 'Sửa nhiệm vụ (kế hoạch dự thảo hoặc được đề nghị chỉnh sửa; đã phê duyệt: 409)'), params: itemParams, body: itemBody, response: { 200: planSchema, ...withErrors } } }, async (req) =>
    updateItem(ctx, requireActor(req), req.params.itemId, req.body),
  );
  app.delete('/api/v1/plan-items/:itemId', { schema: { ...op('deletePlanItem', TAG, 'Bỏ nhiệm vụ khỏi kế hoạch dự thảo'), params: itemParams, response: { 200: planSchema, ...withErrors } } }, async (req) =>
    deleteItem(ctx, requireActor(req), req.params.itemId),
  );
  app.post(
    '/api/v1/plans/:id/submit',
    {
      schema: {
        ...op('submitPlan', TAG, 'Trình kế hoạch: phát hành tờ trình tới Sở KH&CN kèm kế hoạch PDF và XLSX'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { ...signer, note: { type: 'string', maxLength: 2000 } } },
        response: { 200: planSchema, ...withErrors },
      },
    },
    async (req) => submitPlan(ctx, requireActor(req), req.params.id, req.body ?? {}),
  );
  app.post(
    '/api/v1/plans/:id/comments',
    {
      schema: {
        ...op('commentPlan', TAG, 'Ý kiến thẩm định của Sở KH&CN về một nhiệm vụ (itemId) hoặc cả kế hoạch'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['text'], properties: { itemId: { ...int32, minimum: 1 }, text: { type: 'string', maxLength: 4000 } } },
        response: { 201: planSchema, ...withErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await commentPlan(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/plans/:id/review',
    {
      schema: {
        ...op('answerPlanReview', TAG, 'Sở KH&CN trả lời: thống nhất (agree: true) hoặc đề nghị chỉnh sửa; công văn gửi lại cơ quan'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['agree'], properties: { agree: { type: 'boolean' }, text: { type: 'string', maxLength: 4000 }, ...signer } },
        response: { 200: planSchema, ...withErrors },
      },
    },
    async (req) => answerReview(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/plans/:id/approve',
    {
      schema: {
        ...op('approvePlan', TAG, 'Lãnh đạo cơ quan phê duyệt kế hoạch bằng quyết định đã ban hành (chọn theo mã văn bản)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['decisionDocumentId'], properties: { decisionDocumentId: { ...int32, minimum: 1 }, effectiveFrom: date } },
        response: { 200: planSchema, ...withErrors },
      },
    },
    async (req) => approvePlan(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/plans/:id/adjust',
    {
      schema: {
        ...op('adjustPlan', TAG, 'Điều chỉnh kế hoạch đã phê duyệt: phiên bản mới (dự thảo) kèm lý do'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', maxLength: 2000 } } },
        response: { 201: planSchema, ...withErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await adjustPlan(ctx, requireActor(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/plan-items/:itemId/progress',
    {
      schema: {
        ...op('reportPlanItemProgress', TAG, 'Báo cáo tiến độ nhiệm vụ của kế hoạch đã phê duyệt (%, tình trạng, ghi chú, văn bản kiểm chứng)'),
        params: itemParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['percent', 'status'],
          properties: {
            percent: { type: 'integer', minimum: 0, maximum: 100 },
            status: { type: 'string', enum: [...PROGRESS_REPORTED] },
            note: { type: 'string', maxLength: 4000 },
            evidenceDocumentIds: { type: 'array', maxItems: 10, items: { ...int32, minimum: 1 }, description: 'Văn bản kiểm chứng trong sổ của cơ quan' },
          },
        },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['progressId', 'plan'],
            properties: { progressId: { ...int32, description: 'Lần báo cáo vừa lưu: tệp kiểm chứng đính kèm vào đúng lần này' }, plan: planSchema },
          },
          ...withErrors,
        },
      },
    },
    async (req) => reportItemProgress(ctx, requireActor(req), req.params.itemId, req.body),
  );
  app.get(
    '/api/v1/plan-items/:itemId/progress',
    {
      schema: {
        ...op('planItemProgress', TAG, 'Các lần báo cáo tiến độ của một nhiệm vụ'),
        params: itemParams,
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: int32,
                    at: { type: 'string' },
                    userName: nullableString,
                    percent: { type: 'integer' },
                    status: { type: 'string', enum: [...PROGRESS_REPORTED] },
                    note: nullableString,
                    evidence: { type: 'array', items: { type: 'object', properties: { documentId: int32, symbol: nullableString, summary: { type: 'string' }, docDate: nullableString } } },
                    files: { type: 'array', items: progressFileSchema },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => itemProgressHistory(ctx, requireActor(req), req.params.itemId),
  );

  app.post(
    '/api/v1/plan-items/:itemId/progress/:progressId/files',
    {
      schema: {
        ...op('addPlanProgressFile', TAG, 'Đính kèm tệp kiểm chứng (PDF, ảnh, Word/Excel) vào một lần báo cáo tiến độ', multipartUpload('Tệp kiểm chứng: PDF, ảnh, DOCX/XLSX (kiểm tra theo nội dung)')),
        params: { type: 'object', additionalProperties: false, required: ['itemId', 'progressId'], properties: { itemId: { ...int32, minimum: 1 }, progressId: { ...int32, minimum: 1 } } },
        response: { 201: progressFileSchema, ...withErrors, 413: errorSchema, 415: errorSchema, 429: errorSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const added = await receiveUpload(ctx, req, reply, actor, 'tep-kiem-chung', (file) => addProgressFile(ctx, actor, req.params.itemId, req.params.progressId, file));
      return reply.status(201).send(added);
    },
  );
  app.get(
    '/api/v1/plan-items/:itemId/progress-files/:fileId',
    {
      schema: {
        ...op('downloadPlanProgressFile', TAG, 'Tải tệp kiểm chứng tiến độ (người xem được kế hoạch)'),
        params: { type: 'object', additionalProperties: false, required: ['itemId', 'fileId'], properties: { itemId: { ...int32, minimum: 1 }, fileId: { ...int32, minimum: 1 } } },
        response: { 200: { type: 'string', format: 'binary' }, ...errors },
      },
    },
    async (req, reply) => {
      const f = await readProgressFile(ctx, requireActor(req), req.params.itemId, req.params.fileId);
      return reply
        .header('content-type', f.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(binary(await ctx.blobs.read(f.sha256)));
    },
  );

  // The import takes the XLSX as the request body (content type of XLSX), up to 5 MB.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<JsonSchemaToTsProvider>();
    scope.addContentTypeParser([XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: PLAN_LIMITS.importBytes }, (_req, body, done) => done(null, body));
    scope.post(
      '/api/v1/plans/:id/import',
      {
        schema: {
          ...op('importPlanItems', TAG, 'Nhập nhiệm vụ từ tệp XLSX theo mẫu (thân yêu cầu là tệp); có lỗi thì từ chối toàn bộ, liệt kê dòng và cột', rawUpload([XLSX, 'application/octet-stream'], `Tệp XLSX theo mẫu (GET /api/v1/plans/import-template.xlsx), tối đa ${PLAN_LIMITS.importBytes / 1048576} MB`)),
          params: idParams,
          querystring: { type: 'object', additionalProperties: false, properties: { replace: { type: 'boolean', description: 'Thay toàn bộ nhiệm vụ của dự thảo' } } },
          response: { 200: { type: 'object', required: ['imported'], properties: { imported: { type: 'integer' } } }, 422: importRefused, ...errors, 413: errorSchema, 415: errorSchema },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        if (!Buffer.isBuffer(req.body)) throw invalid('file', 'Hãy gửi tệp XLSX làm nội dung yêu cầu.', 'Send the XLSX file as the request body.');
        const r = await importPlanItems(ctx, actor, req.params.id, req.body, req.query.replace ?? false);
        if (r.ok) return reply.status(200).send({ imported: r.imported });
        return reply.status(422).send({
          error: {
            code: 'import_refused',
            message: `Tệp có ${r.problems.length} lỗi, chưa nhập nhiệm vụ nào: ${r.problems.slice(0, 20).map((p) => `dòng ${p.row}, cột ${p.column}: ${p.message}`).join('; ')}`,
            messageEn: `The file has ${r.problems.length} errors; nothing was imported: ${r.problems.slice(0, 20).map((p) => `row ${p.row}, column ${p.column}: ${p.messageEn}`).join('; ')}`,
          },
          problems: r.problems,
        });
      },
    );
  });
}
