import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, int32, op, type Api } from '../../server/schemas.js';
import { localDate, localYear } from '../../domain/numbering.js';
import { getProject, linkablePlanItems, listProjects, paymentDocuments, provinceDisbursement } from './queries.js';
import { addDisbursement, adjustCapital, allocateCapital, closeAppraisal, linkPlanItem, rateProject, recordStage, registerProject, reportMilestones, requestAppraisal, setBaseline } from './service.js';
import { createBudgetLine, decideBudget, listBudget, reportSpending } from './budget.js';
import { importCapitalPlans, importMilestones } from './import.js';
import { budgetToXlsx, projectPdf, projectsToXlsx, provinceToXlsx } from './export.js';
import {
  adjustBody,
  appraisalAnswer,
  appraisalBody,
  baselineBody,
  budgetCreate,
  budgetDecision,
  budgetLine,
  budgetList,
  budgetListQuery,
  budgetSpending,
  capitalBody,
  closeAppraisalBody,
  createBody,
  disburseBody,
  listQuery,
  listSchema,
  paymentDocumentsAnswer,
  paymentDocumentsQuery,
  planItemsAnswer,
  planItemsQuery,
  planLinkBody,
  progressBody,
  projectDetail,
  provinceQuery,
  provinceSchema,
  rateBody,
  stageBody,
  withErrors,
} from './schemas.js';

const TAG = 'projects';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const file = { type: 'string', format: 'binary', description: 'Tệp' } as const;
const yearParams = { type: 'object', required: ['id', 'year'], properties: { id: { ...int32, minimum: 1 }, year: { type: 'integer', minimum: 2000, maximum: 2100 } } } as const;
const appraisalParams = { type: 'object', required: ['id', 'appraisalId'], properties: { id: { ...int32, minimum: 1 }, appraisalId: { ...int32, minimum: 1 } } } as const;
const importAnswer = { type: 'object', required: ['rows'], properties: { rows: { type: 'integer', description: 'Số dòng đã nhập' } } } as const;
const importBody = {
  type: 'object',
  additionalProperties: false,
  required: ['file'],
  properties: {
    file: { type: 'string', maxLength: 7_000_000, description: 'Tệp XLSX mã hóa base64 (tối đa 5 MB)' },
    documentId: { ...int32, minimum: 1, description: 'Văn bản quyết định (tiến độ, kế hoạch vốn)' },
    reason: { type: ['string', 'null'], maxLength: 2000, description: 'Lý do điều chỉnh tiến độ' },
    year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Năm kế hoạch vốn' },
  },
} as const;

/** /api/v1/projects and /api/v1/budget: IT investment projects and the recurrent IT budget. */
export function projectRoutes(app: Api, ctx: AppContext): void {
  app.get('/api/v1/projects', { schema: { ...op('listProjects', TAG, 'Danh mục dự án CNTT: lọc theo chủ đầu tư, giai đoạn, mức rủi ro, nguồn vốn, năm; sắp theo chênh lệch'), querystring: listQuery, response: { 200: listSchema, ...errors } } }, async (req) =>
    listProjects(ctx, requireActor(req), req.query),
  );
  app.get(
    '/api/v1/projects/export.xlsx',
    { schema: { ...op('exportProjects', TAG, 'Danh mục dự án (XLSX), cùng bộ lọc và thứ tự', { produces: [XLSX] }), querystring: listQuery, response: { 200: file, ...errors } } },
    async (req, reply) => {
      const list = await listProjects(ctx, requireActor(req), { ...req.query, limit: 5000, offset: 0 });
      const today = localDate(ctx.now());
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="du-an-cntt-${today}.xlsx"`).send(binary(await projectsToXlsx(list.items, today)));
    },
  );
  app.get('/api/v1/projects/disbursement', { schema: { ...op('provinceDisbursement', TAG, 'Bảng giải ngân vốn các dự án CNTT toàn tỉnh trong năm'), querystring: provinceQuery, response: { 200: provinceSchema, ...errors } } }, async (req) =>
    provinceDisbursement(ctx, requireActor(req), req.query.year ?? localYear(ctx.now()), req.query.orgId),
  );
  app.get(
    '/api/v1/projects/disbursement.xlsx',
    { schema: { ...op('exportProvinceDisbursement', TAG, 'Bảng giải ngân toàn tỉnh (XLSX)', { produces: [XLSX] }), querystring: provinceQuery, response: { 200: file, ...errors } } },
    async (req, reply) => {
      const t = await provinceDisbursement(ctx, requireActor(req), req.query.year ?? localYear(ctx.now()), req.query.orgId);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="giai-ngan-${t.year}.xlsx"`).send(binary(await provinceToXlsx(t)));
    },
  );
  app.get('/api/v1/projects/plan-items', { schema: { ...op('listLinkablePlanItems', TAG, 'Nhiệm vụ của các kế hoạch CNTT đã phê duyệt của một chủ đầu tư, để gắn dự án (chính cơ quan đó hoặc Sở Tài chính)'), querystring: planItemsQuery, response: { 200: planItemsAnswer, ...errors } } }, async (req) =>
    linkablePlanItems(ctx, requireActor(req), req.query.orgId),
  );
  app.post('/api/v1/projects', { schema: { ...op('createProject', TAG, 'Đăng ký dự án (chủ đầu tư hoặc Sở Tài chính)'), body: createBody, response: { 201: projectDetail, ...withErrors } } }, async (req, reply) => {
    const actor = requireActor(req);
    const id = await registerProject(ctx, actor, req.body);
    return reply.status(201).send(await getProject(ctx, actor, id));
  });
  app.get('/api/v1/projects/:id', { schema: { ...op('getProject', TAG, 'Một dự án: giai đoạn và văn bản, tiến độ, chênh lệch, đánh giá, vốn, giải ngân'), params: idParams, response: { 200: projectDetail, ...errors } } }, async (req) =>
    getProject(ctx, requireActor(req), req.params.id),
  );
  app.get(
    '/api/v1/projects/:id/report.pdf',
    { schema: { ...op('projectReportPdf', TAG, 'Báo cáo tình hình dự án (PDF)', { produces: ['application/pdf'] }), params: idParams, response: { 200: file, ...errors } } },
    async (req, reply) => {
      const p = await getProject(ctx, requireActor(req), req.params.id);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="du-an-${p.id}.pdf"`).send(binary(await projectPdf(ctx, p)));
    },
  );
  const detail = { 200: projectDetail, ...withErrors } as const;
  app.put('/api/v1/projects/:id/plan-item', { schema: { ...op('linkProjectPlanItem', TAG, 'Gắn dự án với nhiệm vụ kế hoạch CNTT đã phê duyệt và chỉ tiêu chương trình (chủ đầu tư)'), params: idParams, body: planLinkBody, response: detail } }, async (req) => {
    const actor = requireActor(req);
    await linkPlanItem(ctx, actor, req.params.id, req.body);
    return getProject(ctx, actor, req.params.id);
  });
  app.post('/api/v1/projects/:id/stages', { schema: { ...op('recordProjectStage', TAG, 'Chuyển giai đoạn với văn bản quyết định (chủ đầu tư)'), params: idParams, body: stageBody, response: detail } }, async (req) => {
    const actor = requireActor(req);
    await recordStage(ctx, actor, req.params.id, req.body);
    return getProject(ctx, actor, req.params.id);
  });
  app.post('/api/v1/projects/:id/baselines', { schema: { ...op('setProjectBaseline', TAG, 'Tiến độ được duyệt (lần đầu) hoặc điều chỉnh tiến độ (lý do, quyết định)'), params: idParams, body: baselineBody, response: detail } }, async (req) => {
    const actor = requireActor(req);
    await setBaseline(ctx, actor, req.params.id, req.body);
    return getProject(ctx, actor, req.params.id);
  });
  app.post('/api/v1/projects/:id/progress', { schema: { ...op('reportProjectProgress', TAG, 'Cập nhật thực hiện các mốc (chủ đầu tư)'), params: idParams, body: progressBody, response: detail } }, async (req) => {
    const actor = requireActor(req);
    await reportMilestones(ctx, actor, req.params.id, req.body);
    return getProject(ctx, actor, req.params.id);
  });
  app.post('/api/v1/projects/:id/ratings', { schema: { ...op('rateProject', TAG, 'Đánh giá rủi ro 1–5 kèm nhận xét (Sở KH&CN)'), params: idParams, body: rateBody, response: detail } }, async (req) => {
    const actor = requireActor(req);
    await rateProject(ctx, actor, req.params.id, req.body);
    return getProject(ctx, actor, req.params.id);
  });
  app.post('/api/v1/projects/:id/appraisals', { schema: { ...op('requestProjectAppraisal', TAG, 'Gửi tờ trình đề nghị thẩm định tới cơ quan thẩm định (văn bản phát hành)'), params: idParams, body: appraisalBody, response: { 201: appraisalAnswer, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send({ ...(await requestAppraisal(ctx, requireActor(req), req.params.id, req.body)) }),
  );
  app.post(
    '/api/v1/projects/:id/appraisals/:appraisalId/answer',
    { schema: { ...op('closeProjectAppraisal', TAG, 'Ghi văn bản trả lời của cơ quan thẩm định, kết thúc thẩm định'), params: appraisalParams, body: closeAppraisalBody, response: detail } },
    async (req) => {
      const actor = requireActor(req);
      await closeAppraisal(ctx, actor, req.params.id, req.params.appraisalId, req.body);
      return getProject(ctx, actor, req.params.id);
    },
  );
  app.post('/api/v1/projects/:id/capital-plans', { schema: { ...op('allocateProjectCapital', TAG, 'Giao kế hoạch vốn năm theo quyết định (Sở Tài chính)'), params: idParams, body: capitalBody, response: detail } }, async (req) => {
    const actor = requireActor(req);
    await allocateCapital(ctx, actor, req.params.id, req.body);
    return getProject(ctx, actor, req.params.id);
  });
  app.post('/api/v1/projects/:id/capital-plans/:year/adjust', { schema: { ...op('adjustProjectCapital', TAG, 'Điều chỉnh kế hoạch vốn trong năm (Sở Tài chính)'), params: yearParams, body: adjustBody, response: detail } }, async (req) => {
    const actor = requireActor(req);
    await adjustCapital(ctx, actor, req.params.id, req.params.year, req.body);
    return getProject(ctx, actor, req.params.id);
  });
  app.get(
    '/api/v1/projects/:id/payment-documents',
    { schema: { ...op('listProjectPaymentDocuments', TAG, 'Văn bản đã ban hành của chủ đầu tư (do chủ đầu tư ban hành hoặc gửi đến), để gắn vào một lần giải ngân'), params: idParams, querystring: paymentDocumentsQuery, response: { 200: paymentDocumentsAnswer, ...errors } } },
    async (req) => paymentDocuments(ctx, requireActor(req), req.params.id, req.query.q),
  );
  app.post('/api/v1/projects/:id/disbursements', { schema: { ...op('addProjectDisbursement', TAG, 'Ghi giải ngân kèm số chứng từ'), params: idParams, body: disburseBody, response: detail } }, async (req) => {
    const actor = requireActor(req);
    await addDisbursement(ctx, actor, req.params.id, req.body);
    return getProject(ctx, actor, req.params.id);
  });
  app.post(
    '/api/v1/projects/:id/milestones/import',
    { bodyLimit: 8 * 1024 * 1024, schema: { ...op('importProjectMilestones', TAG, 'Nhập tiến độ (các mốc) từ XLSX: lỗi theo dòng, cột; không nhập một phần'), params: idParams, body: importBody, response: { 200: importAnswer, ...withErrors } } },
    async (req) => importMilestones(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/projects/capital-plans/import',
    { bodyLimit: 8 * 1024 * 1024, schema: { ...op('importCapitalPlans', TAG, 'Nhập kế hoạch vốn năm từ XLSX (Sở Tài chính): lỗi theo dòng, cột; không nhập một phần'), body: importBody, response: { 200: importAnswer, ...withErrors } } },
    async (req) => importCapitalPlans(ctx, requireActor(req), req.body),
  );

  app.get('/api/v1/budget', { schema: { ...op('listBudget', TAG, 'Dự toán chi thường xuyên CNTT theo cơ quan và năm'), querystring: budgetListQuery, response: { 200: budgetList, ...errors } } }, async (req) =>
    listBudget(ctx, requireActor(req), req.query.year ?? localYear(ctx.now()), req.query.orgId),
  );
  app.get(
    '/api/v1/budget/export.xlsx',
    { schema: { ...op('exportBudget', TAG, 'Bảng dự toán chi thường xuyên CNTT (XLSX)', { produces: [XLSX] }), querystring: budgetListQuery, response: { 200: file, ...errors } } },
    async (req, reply) => {
      const t = await listBudget(ctx, requireActor(req), req.query.year ?? localYear(ctx.now()), req.query.orgId);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="du-toan-cntt-${t.year}.xlsx"`).send(binary(await budgetToXlsx(t)));
    },
  );
  app.post('/api/v1/budget', { schema: { ...op('createBudgetLine', TAG, 'Lập dự toán (cơ quan)'), body: budgetCreate, response: { 201: budgetLine, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await createBudgetLine(ctx, requireActor(req), req.body)),
  );
  for (const step of ['allocate', 'adjust', 'settle'] as const) {
    const summary = { allocate: 'Giao dự toán theo quyết định (Sở Tài chính)', adjust: 'Điều chỉnh dự toán theo quyết định (Sở Tài chính)', settle: 'Quyết toán (Sở Tài chính)' }[step];
    app.post(`/api/v1/budget/:id/${step}`, { schema: { ...op(`budget_${step}`, TAG, summary), params: idParams, body: budgetDecision, response: { 200: budgetLine, ...withErrors } } }, async (req) =>
      decideBudget(ctx, requireActor(req), req.params.id, step, req.body),
    );
  }
  app.post('/api/v1/budget/:id/spending', { schema: { ...op('reportBudgetSpending', TAG, 'Báo cáo thực hiện theo quý (cơ quan)'), params: idParams, body: budgetSpending, response: { 200: budgetLine, ...withErrors } } }, async (req) =>
    reportSpending(ctx, requireActor(req), req.params.id, req.body),
  );
}
