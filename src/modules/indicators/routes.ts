import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { errors, idParams, int32, op, type Api } from '../../server/schemas.js';
import { DATA_SOURCES, INDICATOR_GROUPS, MAX_POINTS, MAX_STEPS, SCORING_RULES } from '../../domain/indicators.js';
import { createIndicator, getIndicator, listIndicators, updateIndicator } from './service.js';

const TAG = 'indicators';
const nullableString = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const step = { type: 'object', additionalProperties: false, required: ['points'], properties: { min: nullableNumber, max: nullableNumber, points: { type: 'number', minimum: 0, maximum: MAX_POINTS } } } as const;

export const indicatorSchema = {
  type: 'object',
  required: ['id', 'code', 'nameVi', 'nameEn', 'group', 'unit', 'numerator', 'scoringRule', 'steps', 'maxPoints', 'source', 'active'],
  properties: {
    id: int32,
    code: { type: 'string', description: 'VB.DI_DIENTU' },
    nameVi: { type: 'string' },
    nameEn: { type: 'string' },
    group: { type: 'string', enum: [...INDICATOR_GROUPS], description: 'Chỉ số chính của DTI' },
    unit: { type: 'string' },
    numerator: { type: 'string', description: 'Định nghĩa tử số' },
    denominator: { ...nullableString, description: 'Định nghĩa mẫu số (không có: chỉ tiêu là một giá trị)' },
    scoringRule: { type: 'string', enum: [...SCORING_RULES] },
    steps: { type: 'array', items: step, description: 'Bảng bậc: bậc đầu tiên chứa giá trị cho điểm của nó' },
    maxPoints: { type: 'number' },
    source: { type: 'string', enum: [...DATA_SOURCES] },
    verifyingOrgId: { type: ['integer', 'null'] },
    verifyingOrgName: nullableString,
    evidence: { ...nullableString, description: 'Tài liệu kiểm chứng' },
    active: { type: 'boolean' },
    updatedAt: { type: 'string' },
  },
} as const;

const body = {
  type: 'object',
  additionalProperties: false,
  properties: {
    code: { type: 'string', maxLength: 40 },
    nameVi: { type: 'string', maxLength: 300 },
    nameEn: { type: 'string', maxLength: 300 },
    group: { type: 'string', enum: [...INDICATOR_GROUPS] },
    unit: { type: 'string', maxLength: 40 },
    numerator: { type: 'string', maxLength: 1000 },
    denominator: { type: ['string', 'null'], maxLength: 1000 },
    scoringRule: { type: 'string', enum: [...SCORING_RULES] },
    steps: { type: 'array', maxItems: MAX_STEPS, items: step },
    maxPoints: { type: 'number', minimum: 0, maximum: MAX_POINTS, description: 'Lớn hơn 0' },
    source: { type: 'string', enum: [...DATA_SOURCES] },
    verifyingOrgId: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647 },
    evidence: { type: ['string', 'null'], maxLength: 1000 },
    active: { type: 'boolean' },
  },
} as const;

/** /api/v1/indicators: the indicator catalogue (read: any signed-in user; change: the provincial IT department). */
export function indicatorRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/indicators',
    {
      schema: {
        ...op('listIndicators', TAG, 'Danh mục chỉ tiêu (theo nhóm, mã)'),
        querystring: { type: 'object', additionalProperties: false, properties: { group: { type: 'string', enum: [...INDICATOR_GROUPS] }, active: { type: 'boolean' } } },
        response: { 200: { type: 'array', items: indicatorSchema }, ...errors },
      },
    },
    async (req) => listIndicators(ctx, requireActor(req), req.query),
  );
  app.get('/api/v1/indicators/:id', { schema: { ...op('getIndicator', TAG, 'Một chỉ tiêu'), params: idParams, response: { 200: indicatorSchema, ...errors } } }, async (req) =>
    getIndicator(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/v1/indicators',
    {
      schema: {
        ...op('createIndicator', TAG, 'Thêm chỉ tiêu (Sở KH&CN: vai trò it_officer, hoặc quản trị tỉnh)'),
        body: { ...body, required: ['code', 'nameVi', 'nameEn', 'group', 'unit', 'numerator', 'scoringRule', 'maxPoints', 'source'] },
        response: { 201: indicatorSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createIndicator(ctx, requireActor(req), req.body)),
  );
  app.patch(
    '/api/v1/indicators/:id',
    { schema: { ...op('updateIndicator', TAG, 'Sửa chỉ tiêu hoặc ngừng dùng (active: false)'), params: idParams, body, response: { 200: indicatorSchema, ...errors } } },
    async (req) => updateIndicator(ctx, requireActor(req), req.params.id, req.body),
  );
}
