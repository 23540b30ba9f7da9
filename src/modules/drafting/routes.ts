import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, int32, multipartUpload, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { receiveUpload } from '../../server/uploads.js';
import { DRAFT_ACTIONS, DRAFT_STAGES } from '../../domain/signatures.js';
import { URGENCIES, CONFIDENTIALITIES } from '../../domain/classification.js';
import { draftStepFeed } from './feed.js';
import { addVersion, approveAndSign, commentDraft, DRAFT_BOXES, getDraft, listDrafts, readVersion, returnDraft, reviewers, startDraft, submitDraft } from './service.js';

const TAG = 'drafting';
const withErrors = { ...errors, 413: errorSchema, 415: errorSchema, 422: errorSchema } as const;
const nullableString = { type: ['string', 'null'] } as const;
const note = { type: 'string', maxLength: 2000, description: 'Ý kiến' } as const;
const stage = { type: 'string', enum: [...DRAFT_STAGES], description: 'drafting: đang soạn; review: chờ lãnh đạo phòng; signing: chờ lãnh đạo ký; signed: chờ văn thư phát hành; issued: đã phát hành' } as const;
const person = { type: 'object', required: ['id', 'name'], properties: { id: int32, name: { type: 'string' } } } as const;

const draftSchema = {
  type: 'object',
  required: ['documentId', 'stage', 'stageLabel', 'stageLabelEn', 'drafter', 'holder', 'replyToItemId', 'updatedAt', 'versions', 'steps', 'can', 'document'],
  properties: {
    documentId: int32,
    stage,
    stageLabel: { type: 'string' },
    stageLabelEn: { type: 'string' },
    drafter: person,
    holder: { anyOf: [person, { type: 'null' }], description: 'Người đang giữ dự thảo (phải xử lý bước tiếp theo)' },
    replyToItemId: { type: ['integer', 'null'], description: 'Văn bản đến được trả lời (mục trong sổ đến)' },
    updatedAt: { type: 'string' },
    document: {
      type: 'object',
      required: ['id', 'summary', 'typeCode', 'state', 'symbol', 'replyToId', 'replyToSymbol', 'recipients'],
      properties: {
        id: int32,
        summary: { type: 'string' },
        typeCode: { type: 'string' },
        state: { type: 'string' },
        symbol: nullableString,
        replyToId: { type: ['integer', 'null'] },
        replyToSymbol: { ...nullableString, description: 'Số, ký hiệu của văn bản được trả lời' },
        recipients: { type: 'array', items: { type: 'object', required: ['orgId', 'name'], properties: { orgId: int32, name: { type: 'string' } } } },
      },
    },
    versions: {
      type: 'array',
      description: 'Các phiên bản dự thảo: tên tệp, ngày, người tải lên',
      items: { type: 'object', required: ['version', 'fileName', 'mime', 'size', 'author', 'createdAt', 'signed'], properties: { version: int32, fileName: { type: 'string' }, mime: { type: 'string' }, size: { type: 'integer' }, author: { type: 'string' }, createdAt: { type: 'string' }, signed: { type: 'boolean' } } },
    },
    steps: {
      type: 'array',
      items: { type: 'object', required: ['action', 'by', 'to', 'version', 'note', 'at'], properties: { action: { type: 'string', enum: [...DRAFT_ACTIONS] }, by: { type: 'string' }, to: nullableString, version: { type: ['integer', 'null'] }, note: nullableString, at: { type: 'string' } } },
    },
    can: { type: 'object', required: ['upload', 'submit', 'return', 'sign', 'issue'], properties: { upload: { type: 'boolean' }, submit: { type: 'boolean' }, return: { type: 'boolean' }, sign: { type: 'boolean' }, issue: { type: 'boolean' } } },
  },
} as const;

const startBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    replyToItemId: { ...int32, minimum: 1, description: 'Soạn văn bản trả lời văn bản đến này: nơi nhận, liên kết, trích yếu được điền sẵn' },
    typeCode: { type: 'string', maxLength: 20, description: 'Mã loại văn bản' },
    summary: { type: 'string', maxLength: 500, description: 'Trích yếu' },
    content: { type: 'string', maxLength: 5000 },
    signerName: { type: 'string', maxLength: 200 },
    signerPosition: { type: 'string', maxLength: 200 },
    signerCompetence: { type: 'string', maxLength: 10 },
    urgency: { type: 'string', enum: [...URGENCIES] },
    confidentiality: { type: 'string', enum: [...CONFIDENTIALITIES] },
    dueDate: { type: 'string', maxLength: 10 },
    recipients: { type: 'array', maxItems: 2000, items: { ...int32, minimum: 1 }, description: 'Nơi nhận (có thể để trống khi mới soạn)' },
    draftingUnit: { type: 'string', maxLength: 30 },
  },
} as const;

const stepAnswer = { type: 'object', required: ['stage'], properties: { stage, holderId: { type: ['integer', 'null'] }, holderName: { type: 'string' }, version: int32 } } as const;

/** /api/v1/drafts: drafting and approval (trình ký). */
export function draftingRoutes(app: Api, ctx: AppContext): void {
  app.eventHub.addFeed(draftStepFeed(ctx));
  app.get(
    '/api/v1/drafts',
    {
      schema: {
        ...op('listDrafts', TAG, 'Dự thảo: chờ tôi xử lý (waiting), tôi soạn (mine), đã ký chờ phát hành (to_issue), tất cả của cơ quan (all)'),
        querystring: { type: 'object', additionalProperties: false, properties: { box: { type: 'string', enum: [...DRAFT_BOXES] } } },
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['documentId', 'summary', 'stage', 'stageLabel', 'drafter', 'holder', 'updatedAt'], properties: { documentId: int32, summary: { type: 'string' }, stage, stageLabel: { type: 'string' }, drafter: { type: 'string' }, holder: nullableString, updatedAt: { type: 'string' } } } } } },
          ...errors,
        },
      },
    },
    async (req) => listDrafts(ctx, requireActor(req), req.query.box ?? 'waiting'),
  );
  app.get('/api/v1/drafts/reviewers', { schema: { ...op('listDraftReviewers', TAG, 'Người nhận trình: lãnh đạo phòng (cho ý kiến), lãnh đạo cơ quan (ký)'), response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['id', 'name', 'role'], properties: { id: int32, name: { type: 'string' }, role: { type: 'string', enum: ['leader', 'unit_head'] } } } } } }, ...errors } } }, async (req) =>
    reviewers(ctx, requireActor(req)),
  );
  app.post('/api/v1/drafts', { schema: { ...op('startDraft', TAG, 'Bắt đầu dự thảo (có thể chưa có nơi nhận), hoặc soạn văn bản trả lời một văn bản đến'), body: startBody, response: { 201: draftSchema, ...withErrors } } }, async (req, reply) =>
    reply.status(201).send(await startDraft(ctx, requireActor(req), req.body)),
  );
  app.get('/api/v1/drafts/:id', { schema: { ...op('getDraft', TAG, 'Dự thảo: bước, người giữ, các phiên bản, ý kiến'), params: idParams, response: { 200: draftSchema, ...errors } } }, async (req) => getDraft(ctx, requireActor(req), req.params.id));
  app.post(
    '/api/v1/drafts/:id/versions',
    {
      schema: {
        ...op('addDraftVersion', TAG, 'Tải lên phiên bản mới của dự thảo (PDF hoặc DOCX)', multipartUpload('Dự thảo: PDF, DOCX, DOC hoặc ODT')),
        params: idParams,
        response: { 201: { type: 'object', required: ['version', 'fileName'], properties: { version: int32, fileName: { type: 'string' }, size: { type: 'integer' }, mime: { type: 'string' } } }, ...withErrors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const added = await receiveUpload(ctx, req, reply, actor, 'du-thao', (file) => addVersion(ctx, actor, req.params.id, file));
      return reply.status(201).send(added);
    },
  );
  app.get(
    '/api/v1/drafts/:id/versions/:version',
    { schema: { ...op('downloadDraftVersion', TAG, 'Tải một phiên bản dự thảo'), params: { type: 'object', required: ['id', 'version'], properties: { id: { ...int32, minimum: 1 }, version: { ...int32, minimum: 1 } } }, response: { 200: { type: 'string', format: 'binary' }, ...errors } } },
    async (req, reply) => {
      const f = await readVersion(ctx, requireActor(req), req.params.id, req.params.version);
      return reply.header('content-type', f.mime).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).header('x-content-type-options', 'nosniff').send(binary(f.bytes));
    },
  );
  app.post(
    '/api/v1/drafts/:id/submit',
    { schema: { ...op('submitDraft', TAG, 'Trình dự thảo: cho lãnh đạo phòng cho ý kiến, hoặc lãnh đạo cơ quan ký; lãnh đạo phòng chuyển tiếp'), params: idParams, body: { type: 'object', additionalProperties: false, required: ['toUserId'], properties: { toUserId: { ...int32, minimum: 1 }, note } }, response: { 200: stepAnswer, ...withErrors } } },
    async (req) => submitDraft(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/drafts/:id/comments',
    { schema: { ...op('commentDraft', TAG, 'Cho ý kiến vào dự thảo'), params: idParams, body: { type: 'object', additionalProperties: false, required: ['note'], properties: { note } }, response: { 200: draftSchema, ...withErrors } } },
    async (req) => {
      await commentDraft(ctx, requireActor(req), req.params.id, req.body.note);
      return getDraft(ctx, requireActor(req), req.params.id);
    },
  );
  app.post(
    '/api/v1/drafts/:id/return',
    { schema: { ...op('returnDraft', TAG, 'Trả lại dự thảo cho người soạn thảo kèm ý kiến'), params: idParams, body: { type: 'object', additionalProperties: false, required: ['note'], properties: { note } }, response: { 200: stepAnswer, ...withErrors } } },
    async (req) => returnDraft(ctx, requireActor(req), req.params.id, req.body.note),
  );
  app.post(
    '/api/v1/drafts/:id/sign',
    { schema: { ...op('signDraft', TAG, 'Lãnh đạo duyệt và ký số (PAdES) phiên bản PDF mới nhất; chuyển văn thư phát hành'), params: idParams, body: { type: 'object', additionalProperties: false, properties: { note } }, response: { 200: stepAnswer, ...withErrors, 503: errorSchema } } },
    async (req) => approveAndSign(ctx, requireActor(req), req.params.id, req.body?.note),
  );
}
