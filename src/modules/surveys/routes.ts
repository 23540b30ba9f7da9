import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, int32, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { AUDIENCES, ENTERPRISE_SIZES, PERIOD_STATUSES, QUESTION_KINDS, RESPONSE_STATUSES, VSIC_CODES } from '../../domain/surveys.js';
import { DIMENSIONS } from './aggregates.js';
import {
  aggregatesFile,
  closePeriod,
  reopenPeriod,
  updateEnterprise,
  createQuestionnaireVersion,
  getEnterprise,
  getPeriodView,
  getQuestionnaire,
  getResponseView,
  listEnterprises,
  listPeriods,
  myResponses,
  openPeriod,
  periodAggregates,
  periodResponses,
  questionnaires,
  registerEnterprise,
  returnResponse,
  saveAnswers,
  submitResponse,
} from './service.js';

const TAG = 'surveys';
const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const nnum = { type: ['number', 'null'] } as const;
const withErrors = { ...errors, 422: errorSchema } as const;

const choiceSchema = { type: 'object', required: ['code', 'vi', 'en'], properties: { code: str, vi: str, en: str } } as const;
const questionSchema = {
  type: 'object',
  required: ['ord', 'code', 'section', 'kind', 'textVi', 'textEn', 'helpVi', 'helpEn', 'required', 'unit', 'choices'],
  properties: {
    ord: int32,
    code: { type: 'string', description: 'Mã câu hỏi: tổng hợp theo phiên bản và mã câu' },
    section: str,
    kind: { type: 'string', enum: [...QUESTION_KINDS], description: 'yes_no: Có/Không; number: số ≥ 0; percent: 0–100; choice: một phương án; text: chữ' },
    textVi: str,
    textEn: str,
    helpVi: nstr,
    helpEn: nstr,
    required: { type: 'boolean' },
    unit: nstr,
    choices: { type: 'array', items: choiceSchema },
  },
} as const;
const questionnaireSchema = {
  type: 'object',
  required: ['id', 'code', 'version', 'audience', 'titleVi', 'titleEn', 'createdAt', 'questions'],
  properties: { id: int32, code: str, version: int32, audience: { type: 'string', enum: [...AUDIENCES] }, titleVi: str, titleEn: str, createdAt: str, questions: { type: 'array', items: questionSchema } },
} as const;
const questionnaireListSchema = {
  type: 'array',
  items: { type: 'object', required: ['id', 'code', 'version', 'audience', 'titleVi', 'titleEn', 'createdAt', 'questions'], properties: { id: int32, code: str, version: int32, audience: { type: 'string', enum: [...AUDIENCES] }, titleVi: str, titleEn: str, createdAt: str, questions: { type: 'integer', description: 'Số câu hỏi' } } },
} as const;

const enterpriseSchema = {
  type: 'object',
  required: ['orgId', 'name', 'shortName', 'active', 'email', 'phone', 'address', 'taxCode', 'sectorCode', 'commune', 'size', 'employees', 'complete', 'createdAt'],
  properties: {
    orgId: int32,
    name: str,
    shortName: str,
    active: { type: 'boolean' },
    email: nstr,
    phone: nstr,
    address: nstr,
    taxCode: str,
    sectorCode: { type: 'string', description: 'Ngành cấp 1 theo VSIC 2018 (A–U)' },
    commune: { type: 'string', description: 'Xã, phường nơi đặt trụ sở' },
    size: { type: 'string', enum: [...ENTERPRISE_SIZES] },
    employees: { type: ['integer', 'null'] },
    complete: { type: 'boolean', description: 'Hồ sơ đủ mã số thuế, ngành, xã/phường: doanh nghiệp được hỏi khi mở kỳ' },
    createdAt: str,
  },
} as const;

const countsSchema = { type: 'object', required: [...RESPONSE_STATUSES], properties: Object.fromEntries(RESPONSE_STATUSES.map((s) => [s, { type: 'integer' }])) } as const;
const periodSchema = {
  type: 'object',
  required: ['id', 'code', 'name', 'audience', 'questionnaire', 'opensOn', 'closesOn', 'status', 'createdAt', 'closedAt', 'asked', 'counts', 'responseRate'],
  properties: {
    id: int32,
    code: { type: 'string', description: '2026-H2, 2026, 2026-Q4 hoặc 2026-11' },
    name: str,
    audience: { type: 'string', enum: [...AUDIENCES] },
    questionnaire: { type: 'object', required: ['id', 'code', 'version', 'titleVi'], properties: { id: int32, code: str, version: int32, titleVi: str } },
    opensOn: str,
    closesOn: str,
    status: { type: 'string', enum: [...PERIOD_STATUSES] },
    createdAt: str,
    closedAt: nstr,
    asked: { type: 'integer', description: 'Số tổ chức được hỏi' },
    counts: countsSchema,
    responseRate: { ...nnum, description: 'Đã nộp ÷ được hỏi (%)' },
  },
} as const;

// Any JSON value: the service checks each against its question's kind (true/false, a number, a choice's code, text ≤ 2000).
const answerValue = { description: 'true/false, số, mã phương án, chữ hoặc null' } as const;
const answersSchema = { type: 'object', maxProperties: 200, additionalProperties: answerValue, description: 'Trả lời theo mã câu hỏi: true/false, số, mã phương án hoặc chữ' } as const;
const statusEnum = { type: 'string', enum: [...RESPONSE_STATUSES] } as const;

const responseSchema = {
  type: 'object',
  required: ['id', 'status', 'org', 'period', 'sectorCode', 'commune', 'questionnaire', 'answers', 'savedAt', 'submittedAt', 'returnedAt', 'returnComment', 'can'],
  properties: {
    id: int32,
    status: statusEnum,
    org: { type: 'object', required: ['id', 'name'], properties: { id: int32, name: str } },
    period: { type: 'object', required: ['id', 'code', 'name', 'status', 'closesOn'], properties: { id: int32, code: str, name: str, status: { type: 'string', enum: [...PERIOD_STATUSES] }, closesOn: str } },
    sectorCode: str,
    commune: str,
    questionnaire: questionnaireSchema,
    answers: { type: 'object', additionalProperties: { anyOf: [{ type: 'boolean' }, { type: 'number' }, { type: 'string' }, { type: 'null' }] } },
    savedAt: nstr,
    submittedAt: nstr,
    returnedAt: nstr,
    returnComment: { ...nstr, description: 'Ý kiến của Sở KH&CN khi trả lại' },
    can: { type: 'object', required: ['edit', 'submit', 'return'], properties: { edit: { type: 'boolean' }, submit: { type: 'boolean' }, return: { type: 'boolean' } } },
  },
} as const;

const responseRowSchema = {
  type: 'object',
  required: ['id', 'orgId', 'orgName', 'status', 'sectorCode', 'commune', 'savedAt', 'submittedAt', 'returnedAt', 'returnComment'],
  properties: { id: int32, orgId: int32, orgName: str, status: statusEnum, sectorCode: str, commune: str, savedAt: nstr, submittedAt: nstr, returnedAt: nstr, returnComment: nstr },
} as const;

const myResponseSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'status', 'period', 'savedAt', 'submittedAt', 'returnedAt', 'returnComment'],
    properties: { id: int32, status: statusEnum, savedAt: nstr, submittedAt: nstr, returnedAt: nstr, returnComment: nstr, period: { type: 'object', required: ['id', 'code', 'name', 'status', 'closesOn'], properties: { id: int32, code: str, name: str, status: { type: 'string', enum: [...PERIOD_STATUSES] }, closesOn: str } } },
  },
} as const;

export const questionAggregateSchema = {
  type: 'object',
  required: ['code', 'kind', 'answered', 'yes', 'yesShare', 'total', 'mean', 'suppressed', 'choices'],
  properties: {
    code: str,
    kind: { type: 'string', enum: [...QUESTION_KINDS] },
    answered: { type: 'integer' },
    yes: nnum,
    yesShare: { ...nnum, description: 'Có/Không: tỷ lệ trả lời Có (%)' },
    total: { ...nnum, description: 'Câu số: tổng' },
    mean: { ...nnum, description: 'Câu số: bình quân; câu tỷ lệ: bình quân (%)' },
    choices: { type: 'array', items: { type: 'object', required: ['code', 'count', 'share'], properties: { code: str, count: { type: 'integer' }, share: { type: 'number' } } } },
    suppressed: { type: 'boolean', description: 'Ít hơn 3 trả lời: không công bố' },
  },
} as const;
export const groupAggregateSchema = {
  type: 'object',
  required: ['dimension', 'key', 'label', 'asked', 'submitted', 'responseRate', 'small', 'suppressed', 'questions'],
  properties: {
    dimension: { type: 'string', enum: [...DIMENSIONS] },
    key: str,
    label: str,
    asked: { type: 'integer' },
    submitted: { type: 'integer' },
    responseRate: nnum,
    small: { type: 'boolean', description: 'Ít hơn 3 phiếu đã nộp' },
    suppressed: { type: 'boolean' },
    questions: { type: 'array', items: questionAggregateSchema },
  },
} as const;
const aggregatesSchema = {
  type: 'object',
  required: ['period', 'questionnaire', 'asked', 'submitted', 'responseRate', 'groups'],
  properties: {
    period: { type: 'object', required: ['id', 'code', 'name', 'audience', 'status', 'opensOn', 'closesOn'], properties: { id: int32, code: str, name: str, audience: str, status: str, opensOn: str, closesOn: str } },
    questionnaire: questionnaireSchema,
    asked: { type: 'integer' },
    submitted: { type: 'integer' },
    responseRate: nnum,
    groups: { type: 'array', items: groupAggregateSchema },
  },
} as const;

const registerBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'shortName', 'taxCode', 'sectorCode', 'commune', 'size'],
  properties: {
    name: { type: 'string', maxLength: 300 },
    shortName: { type: 'string', maxLength: 30 },
    taxCode: { type: 'string', maxLength: 14, description: 'Mã số thuế: 10 chữ số (chi nhánh thêm -3 chữ số)' },
    sectorCode: { type: 'string', enum: VSIC_CODES },
    commune: { type: 'string', maxLength: 120 },
    size: { type: 'string', enum: [...ENTERPRISE_SIZES] },
    employees: { type: ['integer', 'null'], minimum: 0, maximum: 10000000 },
    email: { type: ['string', 'null'], maxLength: 200 },
    phone: { type: ['string', 'null'], maxLength: 50 },
    address: { type: ['string', 'null'], maxLength: 500 },
    user: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['username', 'fullName', 'password'],
      description: 'Tài khoản đầu tiên của doanh nghiệp (người khai phiếu)',
      properties: { username: { type: 'string', maxLength: 64 }, fullName: { type: 'string', maxLength: 200 }, password: { type: 'string', maxLength: 128 }, email: { type: ['string', 'null'], maxLength: 200 } },
    },
  },
} as const;

const { user: _user, ...profileProps } = registerBody.properties;
const updateEnterpriseBody = {
  type: 'object',
  additionalProperties: false,
  description: 'Trường bỏ trống giữ nguyên; tên do quản trị tỉnh sửa, mã số thuế do Sở KH&CN',
  properties: profileProps,
} as const;

const questionnaireBody = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'audience', 'titleVi', 'questions'],
  properties: {
    code: { type: 'string', maxLength: 30, description: 'Mã phiếu; cùng mã là phiên bản mới' },
    audience: { type: 'string', enum: [...AUDIENCES] },
    titleVi: { type: 'string', maxLength: 300 },
    titleEn: { type: ['string', 'null'], maxLength: 300 },
    questions: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'kind', 'textVi'],
        properties: {
          code: { type: 'string', maxLength: 40 },
          section: { type: ['string', 'null'], maxLength: 200 },
          kind: { type: 'string', enum: [...QUESTION_KINDS] },
          textVi: { type: 'string', maxLength: 1000 },
          textEn: { type: ['string', 'null'], maxLength: 1000 },
          helpVi: { type: ['string', 'null'], maxLength: 2000 },
          helpEn: { type: ['string', 'null'], maxLength: 2000 },
          required: { type: 'boolean' },
          unit: { type: ['string', 'null'], maxLength: 40 },
          choices: { type: 'array', maxItems: 30, items: { type: 'object', additionalProperties: false, required: ['code', 'vi'], properties: { code: { type: 'string', maxLength: 40 }, vi: { type: 'string', maxLength: 300 }, en: { type: ['string', 'null'], maxLength: 300 } } } },
        },
      },
    },
  },
} as const;

const periodBody = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'questionnaireId', 'closesOn'],
  properties: {
    code: { type: 'string', maxLength: 10, description: '2026-H2, 2026, 2026-Q4, 2026-11' },
    name: { type: 'string', maxLength: 200 },
    questionnaireId: { ...int32, minimum: 1, description: 'Phiên bản phiếu dùng cho kỳ' },
    opensOn: { type: ['string', 'null'], maxLength: 10, description: 'dd/mm/yyyy hoặc yyyy-mm-dd; mặc định hôm nay' },
    closesOn: { type: 'string', maxLength: 10, description: 'Hạn nộp phiếu' },
  },
} as const;

/** /api/v1/surveys: enterprises' profiles, questionnaires, periods, responses and aggregates. */
export function surveyRoutes(app: Api, ctx: AppContext): void {
  app.get('/api/v1/surveys/enterprises', { schema: { ...op('listEnterprises', TAG, 'Doanh nghiệp đã đăng ký (mã số thuế, ngành, xã/phường, quy mô)'), response: { 200: { type: 'array', items: enterpriseSchema }, ...errors } } }, async (req) =>
    listEnterprises(ctx, requireActor(req)),
  );
  app.post('/api/v1/surveys/enterprises', { schema: { ...op('registerEnterprise', TAG, 'Quản trị tỉnh đăng ký doanh nghiệp và tài khoản đầu tiên'), body: registerBody, response: { 201: enterpriseSchema, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await registerEnterprise(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/surveys/enterprises/:id', { schema: { ...op('getEnterprise', TAG, 'Hồ sơ một doanh nghiệp (của mình, hoặc Sở KH&CN)'), params: idParams, response: { 200: enterpriseSchema, ...errors } } }, async (req) =>
    getEnterprise(ctx, requireActor(req), req.params.id),
  );

  app.patch('/api/v1/surveys/enterprises/:id', { schema: { ...op('updateEnterprise', TAG, 'Sửa hồ sơ doanh nghiệp (doanh nghiệp tự sửa, hoặc Sở KH&CN, quản trị tỉnh)'), params: idParams, body: updateEnterpriseBody, response: { 200: enterpriseSchema, ...withErrors } } }, async (req) =>
    updateEnterprise(ctx, requireActor(req), req.params.id, req.body),
  );

  app.get('/api/v1/surveys/questionnaires', { schema: { ...op('listQuestionnaires', TAG, 'Các phiếu khảo sát và phiên bản'), response: { 200: questionnaireListSchema, ...errors } } }, async (req) =>
    questionnaires(ctx, requireActor(req)),
  );
  app.post('/api/v1/surveys/questionnaires', { schema: { ...op('createQuestionnaireVersion', TAG, 'Tạo phiên bản mới của phiếu (phiên bản cũ và các câu trả lời giữ nguyên)'), body: questionnaireBody, response: { 201: questionnaireSchema, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await createQuestionnaireVersion(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/surveys/questionnaires/:id', { schema: { ...op('getQuestionnaire', TAG, 'Một phiên bản phiếu với các câu hỏi'), params: idParams, response: { 200: questionnaireSchema, ...errors } } }, async (req) =>
    getQuestionnaire(ctx, requireActor(req), req.params.id),
  );

  app.get('/api/v1/surveys/periods', { schema: { ...op('listSurveyPeriods', TAG, 'Các kỳ khảo sát với số phiếu theo trạng thái và tỷ lệ phản hồi'), response: { 200: { type: 'array', items: periodSchema }, ...errors } } }, async (req) =>
    listPeriods(ctx, requireActor(req)),
  );
  app.post('/api/v1/surveys/periods', { schema: { ...op('openSurveyPeriod', TAG, 'Mở kỳ khảo sát: mọi tổ chức thuộc đối tượng của phiếu được hỏi'), body: periodBody, response: { 201: periodSchema, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await openPeriod(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/surveys/periods/:id', { schema: { ...op('getSurveyPeriod', TAG, 'Một kỳ khảo sát'), params: idParams, response: { 200: periodSchema, ...errors } } }, async (req) =>
    getPeriodView(ctx, requireActor(req), req.params.id),
  );
  app.post('/api/v1/surveys/periods/:id/close', { schema: { ...op('closeSurveyPeriod', TAG, 'Đóng kỳ: phiếu không sửa được nữa; số liệu tổng hợp được công bố trên cổng'), params: idParams, response: { 200: periodSchema, ...withErrors } } }, async (req) =>
    closePeriod(ctx, requireActor(req), req.params.id),
  );
  app.get(
    '/api/v1/surveys/periods/:id/responses',
    {
      schema: {
        ...op('listSurveyResponses', TAG, 'Phiếu của một kỳ (Sở KH&CN)'),
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: statusEnum,
            sector: { type: 'string', maxLength: 2 },
            commune: { type: 'string', maxLength: 120 },
            offset: { type: 'integer', minimum: 0, maximum: 10000000, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total', 'offset', 'limit'],
            properties: { items: { type: 'array', items: responseRowSchema }, total: { type: 'integer', description: 'Số phiếu theo bộ lọc' }, offset: { type: 'integer' }, limit: { type: 'integer' } },
          },
          ...errors,
        },
      },
    },
    async (req) => periodResponses(ctx, requireActor(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/surveys/periods/:id/reopen',
    {
      schema: {
        ...op('reopenSurveyPeriod', TAG, 'Mở lại kỳ đã đóng (có thể nêu hạn nộp mới); cổng ngừng công bố đến khi đóng lại'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { closesOn: { type: ['string', 'null'], maxLength: 10, description: 'Hạn nộp mới, dd/mm/yyyy hoặc yyyy-mm-dd' } } },
        response: { 200: periodSchema, ...withErrors },
      },
    },
    async (req) => reopenPeriod(ctx, requireActor(req), req.params.id, req.body ?? {}),
  );
  app.get(
    '/api/v1/surveys/periods/:id/aggregates.:format',
    {
      schema: {
        ...op('surveyAggregatesFile', TAG, 'Tổng hợp của kỳ: XLSX (toàn tỉnh, theo ngành, theo xã/phường) hoặc báo cáo PDF', { produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] }),
        params: { type: 'object', additionalProperties: false, required: ['id', 'format'], properties: { id: idParams.properties.id, format: { type: 'string', enum: ['xlsx', 'pdf'] } } },
        response: { 200: { type: 'string', format: 'binary' }, ...errors },
      },
    },
    async (req, reply) => {
      const f = await aggregatesFile(ctx, requireActor(req), req.params.id, req.params.format);
      const type = req.params.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return reply.header('content-type', type).header('content-disposition', `attachment; filename="${f.name}"`).header('cache-control', 'no-store').send(binary(f.bytes));
    },
  );
  app.get('/api/v1/surveys/periods/:id/aggregates', { schema: { ...op('surveyAggregates', TAG, 'Tổng hợp toàn tỉnh, theo ngành và theo xã/phường, với tỷ lệ phản hồi'), params: idParams, response: { 200: aggregatesSchema, ...errors } } }, async (req) =>
    periodAggregates(ctx, requireActor(req), req.params.id),
  );

  app.get('/api/v1/surveys/my-responses', { schema: { ...op('mySurveyResponses', TAG, 'Phiếu khảo sát của tổ chức mình'), response: { 200: myResponseSchema, ...errors } } }, async (req) =>
    myResponses(ctx, requireActor(req)),
  );
  app.get('/api/v1/surveys/responses/:id', { schema: { ...op('getSurveyResponse', TAG, 'Một phiếu với câu hỏi của phiên bản và câu trả lời'), params: idParams, response: { 200: responseSchema, ...errors } } }, async (req) =>
    getResponseView(ctx, requireActor(req), req.params.id),
  );
  app.put(
    '/api/v1/surveys/responses/:id/answers',
    {
      schema: {
        ...op('saveSurveyAnswers', TAG, 'Lưu nháp (kiểm tra kiểu và giới hạn; câu bắt buộc có thể để trống)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['answers'], properties: { answers: answersSchema } },
        response: { 200: responseSchema, ...withErrors },
      },
    },
    async (req) => saveAnswers(ctx, requireActor(req), req.params.id, req.body.answers),
  );
  app.post(
    '/api/v1/surveys/responses/:id/submit',
    {
      schema: {
        ...op('submitSurveyResponse', TAG, 'Nộp phiếu (mọi câu bắt buộc phải trả lời)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { answers: answersSchema } },
        response: { 200: responseSchema, ...withErrors },
      },
    },
    async (req) => submitResponse(ctx, requireActor(req), req.params.id, req.body.answers),
  );
  app.post(
    '/api/v1/surveys/responses/:id/return',
    {
      schema: {
        ...op('returnSurveyResponse', TAG, 'Sở KH&CN trả lại phiếu để doanh nghiệp sửa (kèm ý kiến)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['comment'], properties: { comment: { type: 'string', maxLength: 2000 } } },
        response: { 200: responseSchema, ...withErrors },
      },
    },
    async (req) => returnResponse(ctx, requireActor(req), req.params.id, req.body.comment),
  );
}
