import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../../server/auth.js';
import { idParams, int32, op } from '../../../server/schemas.js';
import { RULE_FIELDS } from '../../../domain/mail-rules.js';
import { URGENCIES } from '../../../domain/classification.js';
import { listMailboxes } from '../addresses.js';
import { listInbound, readRawMessage } from './log.js';
import { createRule, deleteRule, listRules, reorderRules, updateRule } from './rules.js';
import { createAlias, deleteAlias, listAliases } from './aliases.js';

const nullableId = { type: ['integer', 'null'], minimum: 1, maximum: 2147483647 } as const;

const ruleBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 200, description: 'Tên quy tắc' },
    field: { type: 'string', enum: [...RULE_FIELDS], description: 'from | to | subject | body | header' },
    headerName: { type: ['string', 'null'], maxLength: 100, description: 'Tên trường tiêu đề thư khi field = header (ví dụ X-Priority)' },
    pattern: { type: 'string', maxLength: 500, description: 'Chuỗi cần có (không phân biệt hoa thường, có dấu hay không)' },
    setTypeCode: { type: ['string', 'null'], maxLength: 20, description: 'Đặt loại văn bản' },
    setUrgency: { type: ['string', 'null'], enum: [...URGENCIES, null], description: 'Đặt độ khẩn' },
    setAssigneeUserId: { ...nullableId, description: 'Giao chủ trì cho người này (thuộc cơ quan)' },
    setRegisterId: { ...nullableId, description: 'Sổ văn bản đến sẽ vào sổ' },
    stop: { type: 'boolean', description: 'Dừng tại đây: không xét các quy tắc sau' },
    active: { type: 'boolean' },
  },
} as const;

/** /api/v1/mail: the inbound log and raw messages, routing rules, aliases, the published mailboxes. */
export function inboundRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/v1/mail/inbound',
    {
      schema: {
        ...op('listInboundMail', 'mail', 'Nhật ký thư đến hộp thư công vụ của cơ quan (quản trị tỉnh: mọi cơ quan)'),
        querystring: { type: 'object', properties: { outcome: { type: 'string', enum: ['accepted', 'duplicate', 'refused'] }, limit: { type: 'integer', minimum: 1, maximum: 200 }, beforeId: int32 } },
      },
    },
    async (req) => listInbound(ctx, requireActor(req), req.query as object),
  );
  app.get('/api/v1/mail/inbound/:id/raw', { schema: { ...op('downloadInboundMail', 'mail', 'Tải thư gốc (.eml) đã nhận'), params: idParams } }, async (req, reply) => {
    const f = await readRawMessage(ctx, requireActor(req), (req.params as { id: number }).id);
    return reply.header('content-type', 'message/rfc822').header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.bytes);
  });

  app.get('/api/v1/mail/rules', { schema: op('listMailRules', 'mail', 'Quy tắc xử lý thư đến của cơ quan, theo thứ tự áp dụng') }, async (req) => listRules(ctx, requireActor(req)));
  app.post('/api/v1/mail/rules', { schema: { ...op('createMailRule', 'mail', 'Thêm quy tắc thư đến (đặt cuối danh sách)'), body: { ...ruleBody, required: ['name', 'field', 'pattern'] } } }, async (req, reply) =>
    reply.status(201).send(await createRule(ctx, requireActor(req), req.body as object)),
  );
  app.patch('/api/v1/mail/rules/:id', { schema: { ...op('updateMailRule', 'mail', 'Sửa quy tắc thư đến'), params: idParams, body: ruleBody } }, async (req) =>
    updateRule(ctx, requireActor(req), (req.params as { id: number }).id, req.body as object),
  );
  app.delete('/api/v1/mail/rules/:id', { schema: { ...op('deleteMailRule', 'mail', 'Xóa quy tắc thư đến'), params: idParams } }, async (req, reply) => {
    await deleteRule(ctx, requireActor(req), (req.params as { id: number }).id);
    return reply.status(204).send();
  });
  app.put(
    '/api/v1/mail/rules/order',
    { schema: { ...op('reorderMailRules', 'mail', 'Sắp xếp lại thứ tự áp dụng quy tắc'), body: { type: 'object', required: ['ids'], properties: { ids: { type: 'array', items: int32, maxItems: 200 } } } } },
    async (req) => reorderRules(ctx, requireActor(req), (req.body as { ids: unknown }).ids),
  );

  app.get('/api/v1/mail/aliases', { schema: op('listMailAliases', 'mail', 'Địa chỉ thư bí danh của các cơ quan (quản trị tỉnh)') }, async (req) => listAliases(ctx, requireActor(req)));
  app.post(
    '/api/v1/mail/aliases',
    {
      schema: {
        ...op('createMailAlias', 'mail', 'Thêm địa chỉ bí danh cho một cơ quan, đơn vị (trong tên miền thư của tỉnh)'),
        body: { type: 'object', required: ['address', 'orgId'], additionalProperties: false, properties: { address: { type: 'string', maxLength: 254 }, orgId: int32 } },
      },
    },
    async (req, reply) => reply.status(201).send(await createAlias(ctx, requireActor(req), req.body as object)),
  );
  app.delete(
    '/api/v1/mail/aliases/:address',
    { schema: { ...op('deleteMailAlias', 'mail', 'Xóa địa chỉ bí danh'), params: { type: 'object', required: ['address'], properties: { address: { type: 'string', maxLength: 254 } } } } },
    async (req, reply) => {
      await deleteAlias(ctx, requireActor(req), (req.params as { address: string }).address);
      return reply.status(204).send();
    },
  );

  // Public: the directory publishes the official mailboxes for citizens and other agencies.
  app.get('/api/v1/mail/mailboxes', { schema: { ...op('listMailboxes', 'mail', 'Danh bạ hộp thư công vụ: địa chỉ chính thức và bí danh của mọi cơ quan đang hoạt động (công khai)'), security: [] } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return listMailboxes(ctx.db.kysely);
  });
}
