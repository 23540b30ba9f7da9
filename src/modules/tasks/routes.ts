import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, int32, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { PRIORITIES, RECURRENCES, TASK_EVENT_KINDS, TASK_STATUSES } from '../../domain/tasks.js';
import { localDate } from '../../domain/numbering.js';
import { getTask, listTasks, TASK_SORTS } from './queries.js';
import { addContribution, askExtension, createTask, decideCompletion, declareDone, decideExtension, reportProgress } from './service.js';
import { tasksToPdf, tasksToXlsx } from './export.js';
import { reportIssuerOf } from '../pdf/issuer.js';

const TAG = 'tasks';
const nullableString = { type: ['string', 'null'] } as const;
const date = { type: 'string', maxLength: 10, description: 'dd/mm/yyyy hoặc yyyy-mm-dd' } as const;
const evidenceIds = { type: 'array', maxItems: 10, items: { ...int32, minimum: 1 }, description: 'Văn bản kiểm chứng: mã văn bản trong sổ của cơ quan' } as const;
const withErrors = { ...errors, 422: errorSchema } as const;

const taskSchema = {
  type: 'object',
  required: ['id', 'document', 'assignedByOrgId', 'assignedByOrgName', 'pointRef', 'content', 'leadOrgId', 'leadOrgName', 'cooperating', 'expectedOutput', 'priority', 'recurrence', 'deadline', 'originalDeadline', 'dueDate', 'status', 'overdue', 'percent', 'lastReportAt', 'doneAt', 'acceptedAt', 'returnedAt', 'createdAt', 'myRole', 'can'],
  properties: {
    id: int32,
    document: {
      type: 'object',
      description: 'Văn bản giao nhiệm vụ: số, ký hiệu và ngày lấy từ văn bản, không nhập lại',
      required: ['id', 'symbol', 'docDate', 'summary', 'typeCode', 'orgName'],
      properties: { id: int32, symbol: nullableString, docDate: nullableString, summary: { type: 'string' }, typeCode: { type: 'string' }, orgName: nullableString },
    },
    assignedByOrgId: int32,
    assignedByOrgName: { type: 'string' },
    pointRef: nullableString,
    content: { type: 'string' },
    leadOrgId: int32,
    leadOrgName: { type: 'string' },
    cooperating: { type: 'array', items: { type: 'object', required: ['orgId', 'name'], properties: { orgId: int32, name: { type: 'string' } } } },
    expectedOutput: nullableString,
    priority: { type: 'string', enum: [...PRIORITIES] },
    recurrence: { type: 'string', enum: [...RECURRENCES] },
    deadline: nullableString,
    originalDeadline: nullableString,
    dueDate: { ...nullableString, description: 'Hạn hoặc ngày cuối kỳ hiện tại của nhiệm vụ định kỳ' },
    status: { type: 'string', enum: [...TASK_STATUSES], description: 'Tính từ hạn và các báo cáo (giờ Việt Nam)' },
    overdue: { type: 'boolean' },
    percent: { type: 'integer' },
    lastReportAt: nullableString,
    doneAt: nullableString,
    acceptedAt: nullableString,
    returnedAt: nullableString,
    createdAt: { type: 'string' },
    myRole: { type: ['string', 'null'], enum: ['lead', 'cooperate', null] },
    can: {
      type: 'object',
      description: 'Thao tác người gọi được làm',
      required: ['report', 'contribute', 'askExtension', 'decideExtension', 'declareDone', 'decideCompletion'],
      properties: { report: { type: 'boolean' }, contribute: { type: 'boolean' }, askExtension: { type: 'boolean' }, decideExtension: { type: 'boolean' }, declareDone: { type: 'boolean' }, decideCompletion: { type: 'boolean' } },
    },
  },
} as const;

const taskDetailSchema = {
  ...taskSchema,
  required: [...taskSchema.required, 'events'],
  properties: {
    ...taskSchema.properties,
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kind', 'orgId', 'orgName', 'userName', 'at', 'text', 'percent', 'deadlineFrom', 'deadlineTo', 'evidence'],
        properties: {
          id: int32,
          kind: { type: 'string', enum: [...TASK_EVENT_KINDS] },
          orgId: int32,
          orgName: { type: 'string' },
          userName: nullableString,
          at: { type: 'string' },
          text: nullableString,
          percent: { type: ['integer', 'null'] },
          deadlineFrom: nullableString,
          deadlineTo: nullableString,
          evidence: { type: 'array', items: { type: 'object', required: ['documentId', 'symbol', 'summary', 'docDate'], properties: { documentId: int32, symbol: nullableString, summary: { type: 'string' }, docDate: nullableString } } },
        },
      },
    },
  },
} as const;

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [...TASK_STATUSES] },
    orgId: { ...int32, minimum: 1, description: 'Cơ quan chủ trì hoặc phối hợp' },
    documentId: { ...int32, minimum: 1 },
    sort: { type: 'string', enum: [...TASK_SORTS], description: 'overdue: quá hạn trước (mặc định); deadline; agency; document' },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    offset: { type: 'integer', minimum: 0, maximum: 100000 },
  },
} as const;

const listSchema = {
  type: 'object',
  required: ['total', 'counts', 'overdue', 'items'],
  properties: {
    total: { type: 'integer' },
    counts: { type: 'object', required: [...TASK_STATUSES], properties: Object.fromEntries(TASK_STATUSES.map((s) => [s, { type: 'integer' }])) },
    overdue: { type: 'integer', description: 'Số nhiệm vụ quá hạn (kể cả đang đề nghị gia hạn, bị trả lại)' },
    items: { type: 'array', items: taskSchema },
  },
} as const;

const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['documentId', 'content', 'leadOrgId'],
  properties: {
    documentId: { ...int32, minimum: 1, description: 'Văn bản đã ban hành (của UBND) giao nhiệm vụ' },
    pointRef: { type: ['string', 'null'], maxLength: 100, description: 'Điểm, khoản của văn bản ("Điểm 2")' },
    content: { type: 'string', maxLength: 10000, description: 'Trích nội dung văn bản' },
    leadOrgId: { ...int32, minimum: 1 },
    cooperatingOrgIds: { type: 'array', maxItems: 50, items: { ...int32, minimum: 1 } },
    expectedOutput: { type: ['string', 'null'], maxLength: 2000 },
    priority: { type: 'string', enum: [...PRIORITIES] },
    recurrence: { type: 'string', enum: [...RECURRENCES], description: 'none: theo hạn (deadline); monthly, quarterly, yearly; ongoing: thường xuyên' },
    deadline: { type: ['string', 'null'], maxLength: 10, description: 'dd/mm/yyyy hoặc yyyy-mm-dd' },
  },
} as const;

const text = { type: 'string', maxLength: 10000 } as const;
const reason = { type: 'string', maxLength: 2000 } as const;

/** /api/v1/tasks: directive tasks (theo dõi nhiệm vụ). */
export function taskRoutes(app: Api, ctx: AppContext): void {
  app.get('/api/v1/tasks', { schema: { ...op('listTasks', TAG, 'Nhiệm vụ được giao: theo cơ quan, văn bản, hạn; quá hạn trước; số lượng theo trạng thái'), querystring: listQuery, response: { 200: listSchema, ...errors } } }, async (req) =>
    listTasks(ctx, requireActor(req), req.query),
  );
  app.get(
    '/api/v1/tasks/export.xlsx',
    {
      schema: {
        ...op('exportTasks', TAG, 'Danh sách nhiệm vụ (XLSX), cùng bộ lọc và thứ tự với danh sách', { produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] }),
        querystring: { ...listQuery, properties: { ...listQuery.properties, limit: { type: 'integer', minimum: 1, maximum: 20000 } } },
        response: { 200: { type: 'string', format: 'binary', description: 'Tệp XLSX' }, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const list = await listTasks(ctx, requireActor(req), { ...q, limit: q.limit ?? 20000, offset: 0 });
      const today = localDate(ctx.now());
      const bytes = await tasksToXlsx(list.items, `DANH SÁCH NHIỆM VỤ ĐƯỢC GIAO (đến ngày ${today.split('-').reverse().join('/')})`);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="nhiem-vu-${today}.xlsx"`)
        .send(binary(bytes));
    },
  );
  app.get(
    '/api/v1/tasks/export.pdf',
    {
      schema: {
        ...op('exportTasksPdf', TAG, 'Danh sách nhiệm vụ (PDF, thể thức văn bản hành chính), cùng bộ lọc và thứ tự với danh sách', { produces: ['application/pdf'] }),
        querystring: { ...listQuery, properties: { ...listQuery.properties, limit: { type: 'integer', minimum: 1, maximum: 5000 } } },
        response: { 200: { type: 'string', format: 'binary', description: 'Tệp PDF' }, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const list = await listTasks(ctx, actor, { ...req.query, limit: req.query.limit ?? 5000, offset: 0 });
      const issuer = await reportIssuerOf(ctx, actor);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="nhiem-vu-${issuer.today}.pdf"`)
        .send(binary(await tasksToPdf(list.items, issuer)));
    },
  );
  app.post('/api/v1/tasks', { schema: { ...op('createTask', TAG, 'Giao nhiệm vụ từ văn bản đã ban hành (cán bộ theo dõi nhiệm vụ của VP UBND)'), body: createBody, response: { 201: taskDetailSchema, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await createTask(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/tasks/:id', { schema: { ...op('getTask', TAG, 'Một nhiệm vụ với quá trình thực hiện và văn bản kiểm chứng'), params: idParams, response: { 200: taskDetailSchema, ...errors } } }, async (req) =>
    getTask(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/v1/tasks/:id/progress',
    {
      schema: {
        ...op('reportTaskProgress', TAG, 'Cơ quan chủ trì báo cáo tiến độ (nội dung, %, văn bản kiểm chứng)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['text', 'percent'], properties: { text, percent: { type: 'integer', minimum: 0, maximum: 100 }, evidenceDocumentIds: evidenceIds } },
        response: { 200: taskDetailSchema, ...withErrors },
      },
    },
    async (req) => reportProgress(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/tasks/:id/contributions',
    {
      schema: {
        ...op('addTaskContribution', TAG, 'Cơ quan phối hợp ghi phần phối hợp'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text, evidenceDocumentIds: evidenceIds } },
        response: { 200: taskDetailSchema, ...withErrors },
      },
    },
    async (req) => addContribution(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/tasks/:id/extension',
    {
      schema: {
        ...op('askTaskExtension', TAG, 'Cơ quan chủ trì đề nghị gia hạn'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['until', 'reason'], properties: { until: date, reason } },
        response: { 200: taskDetailSchema, ...withErrors },
      },
    },
    async (req) => askExtension(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/tasks/:id/extension/decision',
    {
      schema: {
        ...op('decideTaskExtension', TAG, 'Cơ quan giao nhiệm vụ đồng ý (grant: true, có thể nêu hạn khác) hoặc không đồng ý gia hạn (kèm lý do)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['grant'], properties: { grant: { type: 'boolean' }, reason, until: date } },
        response: { 200: taskDetailSchema, ...withErrors },
      },
    },
    async (req) => decideExtension(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/tasks/:id/done',
    {
      schema: {
        ...op('declareTaskDone', TAG, 'Cơ quan chủ trì báo cáo hoàn thành'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text, evidenceDocumentIds: evidenceIds } },
        response: { 200: taskDetailSchema, ...withErrors },
      },
    },
    async (req) => declareDone(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/tasks/:id/completion',
    {
      schema: {
        ...op('decideTaskCompletion', TAG, 'Cơ quan giao nhiệm vụ xác nhận hoàn thành (accept: true) hoặc trả lại (kèm lý do)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['accept'], properties: { accept: { type: 'boolean' }, reason } },
        response: { 200: taskDetailSchema, ...withErrors },
      },
    },
    async (req) => decideCompletion(ctx, requireActor(req), req.params.id, req.body),
  );
}
