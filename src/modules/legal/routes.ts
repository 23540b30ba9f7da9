import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, int32, multipartUpload, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { receiveUpload } from '../../server/uploads.js';
import { notFound } from '../../domain/errors.js';
import { CAMPAIGN_ORG_STATE_LABELS, DISSEMINATION_FORMS, LEGAL_STATUSES, LEGAL_TYPES, REGULATION_KINDS, REGULATION_STATES } from '../../domain/legal.js';
import { localDate } from '../../domain/numbering.js';
import { attachLegalFile, createLegalText, getLegalText, legalTextFile, listLegalTexts, updateLegalText } from './library.js';
import { addCampaignReport, createCampaign, getCampaign, listCampaigns } from './campaigns.js';
import { listRegulations, setRegulation } from './regulations.js';
import { campaignToXlsx, regulationsToXlsx } from './export.js';
import { streamStoredFile } from './files.js';

const TAG = 'legal';
const str = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const date = { type: 'string', maxLength: 10, description: 'dd/mm/yyyy hoặc yyyy-mm-dd' } as const;
const withErrors = { ...errors, 413: errorSchema, 415: errorSchema, 422: errorSchema } as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const docRef = {
  type: ['object', 'null'],
  description: 'Văn bản của hệ thống: số, ký hiệu, ngày lấy từ văn bản, không nhập lại',
  required: ['documentId', 'symbol', 'docDate', 'summary'],
  properties: { documentId: int32, symbol: nullableString, docDate: nullableString, summary: str, signerName: nullableString },
} as const;

const textSchema = {
  type: 'object',
  required: ['id', 'number', 'type', 'issuer', 'title', 'summary', 'issuedOn', 'effectiveOn', 'status', 'linked', 'file', 'updatedAt'],
  properties: {
    id: int32,
    number: { type: 'string', description: 'Số ký hiệu (67/2006/QH11)' },
    type: { type: 'string', enum: [...LEGAL_TYPES] },
    issuer: { type: 'string', description: 'Cơ quan ban hành' },
    title: { type: 'string', description: 'Trích yếu' },
    summary: nullableString,
    issuedOn: { type: 'string', description: 'Ngày ban hành (yyyy-mm-dd)' },
    effectiveOn: nullableString,
    status: { type: 'string', enum: [...LEGAL_STATUSES], description: 'Tình trạng hiệu lực' },
    linked: { type: ['object', 'null'], description: 'Văn bản thay thế hoặc sửa đổi, bổ sung', required: ['id', 'number', 'title'], properties: { id: int32, number: str, title: str } },
    file: { type: ['object', 'null'], required: ['fileName', 'size'], properties: { fileName: str, size: { type: 'integer' } } },
    updatedAt: str,
  },
} as const;
const textDetailSchema = {
  ...textSchema,
  required: [...textSchema.required, 'successors', 'campaigns'],
  properties: {
    ...textSchema.properties,
    successors: { type: 'array', description: 'Văn bản mà văn bản này thay thế hoặc sửa đổi, bổ sung (chiều ngược của linked)', items: { type: 'object', required: ['id', 'number', 'title', 'status'], properties: { id: int32, number: str, title: str, status: { type: 'string', enum: [...LEGAL_STATUSES] } } } },
    campaigns: { type: 'array', description: 'Đợt phổ biến có văn bản này (người gọi thấy được)', items: { type: 'object', required: ['id', 'title', 'deadline'], properties: { id: int32, title: str, deadline: str } } },
  },
} as const;
const textBody = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'type', 'issuer', 'title', 'issuedOn'],
  properties: {
    number: { type: 'string', maxLength: 100 },
    type: { type: 'string', enum: [...LEGAL_TYPES] },
    issuer: { type: 'string', maxLength: 300 },
    title: { type: 'string', maxLength: 1000 },
    summary: { type: ['string', 'null'], maxLength: 10000 },
    issuedOn: date,
    effectiveOn: { type: ['string', 'null'], maxLength: 10 },
    status: { type: 'string', enum: [...LEGAL_STATUSES] },
    linkedId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Văn bản thay thế (khi hết hiệu lực do thay thế) hoặc sửa đổi (khi được sửa đổi)' },
  },
} as const;

const campaignSummary = {
  type: 'object',
  required: ['id', 'title', 'deadline', 'createdAt', 'letterSymbol', 'agencies', 'reported', 'myAgencyReported'],
  properties: { id: int32, title: str, deadline: str, createdAt: str, letterSymbol: nullableString, agencies: { type: 'integer' }, reported: { type: 'integer' }, myAgencyReported: { type: 'boolean' } },
} as const;
const campaignSchema = {
  type: 'object',
  required: ['id', 'title', 'note', 'deadline', 'createdAt', 'letter', 'texts', 'agencies', 'counts', 'canReport'],
  properties: {
    id: int32,
    title: str,
    note: nullableString,
    deadline: str,
    createdAt: str,
    letter: docRef,
    texts: { type: 'array', items: { type: 'object', required: ['id', 'number', 'title', 'status'], properties: { id: int32, number: str, title: str, status: { type: 'string', enum: [...LEGAL_STATUSES] } } } },
    counts: { type: 'object', required: Object.keys(CAMPAIGN_ORG_STATE_LABELS), properties: Object.fromEntries(Object.keys(CAMPAIGN_ORG_STATE_LABELS).map((k) => [k, { type: 'integer' }])) },
    agencies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['orgId', 'name', 'state', 'peopleReached', 'reports'],
        properties: {
          orgId: int32,
          name: str,
          state: { type: 'string', enum: Object.keys(CAMPAIGN_ORG_STATE_LABELS) },
          peopleReached: { type: 'integer' },
          reports: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'heldOn', 'form', 'peopleReached', 'note', 'evidence', 'createdAt'],
              properties: { id: int32, heldOn: str, form: { type: 'string', enum: [...DISSEMINATION_FORMS] }, peopleReached: { type: 'integer' }, note: nullableString, evidence: docRef, createdAt: str },
            },
          },
        },
      },
    },
    canReport: { type: 'boolean', description: 'Cơ quan của người gọi được đề nghị và người gọi được báo cáo' },
  },
} as const;
const campaignBody = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'deadline', 'textIds', 'orgIds'],
  properties: {
    title: { type: 'string', maxLength: 500 },
    note: { type: ['string', 'null'], maxLength: 4000 },
    deadline: date,
    textIds: { type: 'array', minItems: 1, maxItems: 50, items: { ...int32, minimum: 1 } },
    orgIds: { type: 'array', minItems: 1, maxItems: 400, items: { ...int32, minimum: 1 } },
    sendLetter: { type: 'boolean', description: 'Gửi công văn đề nghị tới các cơ quan qua hệ thống (mặc định: có)' },
    signerName: { type: 'string', maxLength: 200 },
    signerPosition: { type: 'string', maxLength: 200 },
  },
} as const;
const reportBody = {
  type: 'object',
  additionalProperties: false,
  required: ['heldOn', 'form', 'peopleReached'],
  properties: {
    heldOn: date,
    form: { type: 'string', enum: [...DISSEMINATION_FORMS], description: 'conference: hội nghị; training: tập huấn; internal_mail: thư công vụ; portal_post: đăng cổng' },
    peopleReached: { type: 'integer', minimum: 0, maximum: 1000000 },
    note: { type: ['string', 'null'], maxLength: 4000 },
    evidenceDocumentId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647, description: 'Văn bản kiểm chứng trong sổ của cơ quan' },
  },
} as const;

const regulationRow = {
  type: 'object',
  required: ['orgId', 'name', 'attention', 'regulations', 'canEdit'],
  properties: {
    orgId: int32,
    name: str,
    attention: { type: 'boolean', description: 'Thiếu quy chế hoặc quá hạn rà soát' },
    canEdit: { type: 'boolean' },
    regulations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'state', 'id', 'decision', 'nextReview', 'note'],
        properties: { kind: { type: 'string', enum: [...REGULATION_KINDS] }, state: { type: 'string', enum: [...REGULATION_STATES] }, id: { type: ['integer', 'null'] }, decision: docRef, nextReview: nullableString, note: nullableString },
      },
    },
  },
} as const;
const regulationQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { attention: { type: 'boolean', description: 'Chỉ cơ quan chưa có quy chế hoặc quá hạn rà soát' }, orgId: { ...int32, minimum: 1 } },
} as const;

/** /api/v1/legal: the IT legal library, dissemination campaigns, internal regulations. */
export function legalRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/legal/texts',
    {
      schema: {
        ...op('listLegalTexts', TAG, 'Thư viện văn bản pháp luật về CNTT: tìm không dấu, lọc theo loại và tình trạng hiệu lực'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { q: { type: 'string', maxLength: 200 }, type: { type: 'string', enum: [...LEGAL_TYPES] }, status: { type: 'string', enum: [...LEGAL_STATUSES] }, limit: { type: 'integer', minimum: 1, maximum: 200 }, offset: { type: 'integer', minimum: 0, maximum: 100000 } },
        },
        response: { 200: { type: 'object', required: ['total', 'items'], properties: { total: { type: 'integer' }, items: { type: 'array', items: textSchema } } }, ...errors },
      },
    },
    async (req) => {
      requireActor(req);
      return listLegalTexts(ctx.db.kysely, req.query);
    },
  );
  app.post('/api/v1/legal/texts', { schema: { ...op('createLegalText', TAG, 'Thêm văn bản vào thư viện (Sở KH&CN)'), body: textBody, response: { 201: textDetailSchema, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await createLegalText(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/legal/texts/:id', { schema: { ...op('getLegalText', TAG, 'Một văn bản: văn bản thay thế, sửa đổi nó và văn bản nó thay thế; các đợt phổ biến có nó'), params: idParams, response: { 200: textDetailSchema, ...errors } } }, async (req) => {
    const actor = requireActor(req);
    return getLegalText(ctx, actor, req.params.id);
  });
  app.put('/api/v1/legal/texts/:id', { schema: { ...op('updateLegalText', TAG, 'Sửa văn bản, cập nhật tình trạng hiệu lực'), params: idParams, body: textBody, response: { 200: textDetailSchema, ...withErrors } } }, async (req) =>
    updateLegalText(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/legal/texts/:id/file',
    { schema: { ...op('uploadLegalTextFile', TAG, 'Tải lên tệp PDF của văn bản (kiểm tra theo nội dung)', multipartUpload('Tệp PDF của văn bản')), params: idParams, response: { 200: textDetailSchema, ...withErrors } } },
    async (req, reply) => {
      const actor = requireActor(req);
      return receiveUpload(ctx, req, reply, actor, 'van-ban.pdf', (file) => attachLegalFile(ctx, actor, req.params.id, file));
    },
  );
  app.get('/api/v1/legal/texts/:id/file', { schema: { ...op('downloadLegalTextFile', TAG, 'Tải tệp của văn bản', { produces: ['application/pdf'] }), params: idParams, response: { 200: { type: 'string', format: 'binary' }, ...errors } } }, async (req, reply) => {
    requireActor(req);
    const f = await legalTextFile(ctx, req.params.id);
    if (!f) throw notFound('file');
    return streamStoredFile(reply, ctx, f);
  });

  app.get('/api/v1/legal/campaigns', { schema: { ...op('listLegalCampaigns', TAG, 'Đợt phổ biến văn bản'), response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: campaignSummary } } }, ...errors } } }, async (req) =>
    listCampaigns(ctx, requireActor(req)),
  );
  app.post('/api/v1/legal/campaigns', { schema: { ...op('createLegalCampaign', TAG, 'Đề nghị các cơ quan phổ biến văn bản trước một ngày; gửi công văn qua hệ thống'), body: campaignBody, response: { 201: campaignSchema, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await createCampaign(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/legal/campaigns/:id', { schema: { ...op('getLegalCampaign', TAG, 'Một đợt phổ biến: cơ quan đã, chưa báo cáo'), params: idParams, response: { 200: campaignSchema, ...errors } } }, async (req) =>
    getCampaign(ctx, requireActor(req), req.params.id),
  );
  app.post('/api/v1/legal/campaigns/:id/reports', { schema: { ...op('reportLegalCampaign', TAG, 'Cơ quan báo cáo kết quả phổ biến'), params: idParams, body: reportBody, response: { 200: campaignSchema, ...withErrors } } }, async (req) =>
    addCampaignReport(ctx, requireActor(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/legal/campaigns/:id/export.xlsx',
    { schema: { ...op('exportLegalCampaign', TAG, 'Kết quả đợt phổ biến (XLSX)', { produces: [XLSX] }), params: idParams, response: { 200: { type: 'string', format: 'binary' }, ...errors } } },
    async (req, reply) => {
      const c = await getCampaign(ctx, requireActor(req), req.params.id);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="pho-bien-${c.id}.xlsx"`).send(binary(await campaignToXlsx(c)));
    },
  );

  app.get('/api/v1/legal/regulations', { schema: { ...op('listInternalRegulations', TAG, 'Quy chế nội bộ của các cơ quan (mạng nội bộ, hộp thư công vụ, an toàn thông tin)'), querystring: regulationQuery, response: { 200: { type: 'object', required: ['total', 'attention', 'items'], properties: { total: { type: 'integer' }, attention: { type: 'integer' }, items: { type: 'array', items: regulationRow } } }, ...errors } } }, async (req) =>
    listRegulations(ctx, requireActor(req), req.query),
  );
  app.get(
    '/api/v1/legal/regulations/export.xlsx',
    { schema: { ...op('exportInternalRegulations', TAG, 'Quy chế nội bộ (XLSX), cùng bộ lọc', { produces: [XLSX] }), querystring: regulationQuery, response: { 200: { type: 'string', format: 'binary' }, ...errors } } },
    async (req, reply) => {
      const list = await listRegulations(ctx, requireActor(req), req.query);
      const today = localDate(ctx.now());
      const title = `${req.query.attention ? 'CƠ QUAN CHƯA CÓ QUY CHẾ HOẶC QUÁ HẠN RÀ SOÁT' : 'TÌNH HÌNH BAN HÀNH QUY CHẾ NỘI BỘ'} (đến ngày ${today.split('-').reverse().join('/')})`;
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="quy-che-noi-bo-${today}.xlsx"`).send(binary(await regulationsToXlsx(list.items, title)));
    },
  );
  app.put(
    '/api/v1/legal/regulations/:orgId/:kind',
    {
      schema: {
        ...op('setInternalRegulation', TAG, 'Ghi quy chế của cơ quan theo quyết định ban hành (văn bản của hệ thống)'),
        params: { type: 'object', required: ['orgId', 'kind'], properties: { orgId: { ...int32, minimum: 1 }, kind: { type: 'string', enum: [...REGULATION_KINDS] } } },
        body: { type: 'object', additionalProperties: false, required: ['decisionDocumentId'], properties: { decisionDocumentId: { ...int32, minimum: 1 }, nextReview: { type: ['string', 'null'], maxLength: 10 }, note: { type: ['string', 'null'], maxLength: 2000 } } },
        response: { 200: regulationRow, ...withErrors },
      },
    },
    async (req) => setRegulation(ctx, requireActor(req), req.params.orgId, req.params.kind, req.body),
  );
}
