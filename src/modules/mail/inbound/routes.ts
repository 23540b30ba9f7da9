import type { AppContext } from '../../context.js';
import { requireActor } from '../../../server/auth.js';
import { binary, errors, idParams, int32, op, type Api } from '../../../server/schemas.js';
import { ORG_KINDS, EXTERNAL_KIND } from '../../../domain/roles.js';
import { PROCESSING_STATUSES } from '../../../domain/statuses.js';
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

const nstr = { type: ['string', 'null'] } as const;
const nint = { type: ['integer', 'null'] } as const;
const str = { type: 'string' } as const;
const ruleSchema = {
  type: 'object',
  required: ['id', 'position', 'name', 'field', 'headerName', 'pattern', 'setTypeCode', 'setUrgency', 'setAssigneeUserId', 'setAssigneeName', 'setRegisterId', 'stop', 'active', 'createdAt'],
  properties: {
    id: int32,
    position: { type: 'integer', description: 'Thứ tự áp dụng' },
    name: str,
    field: { type: 'string', enum: [...RULE_FIELDS] },
    headerName: nstr,
    pattern: str,
    setTypeCode: nstr,
    setUrgency: { type: ['string', 'null'], enum: [...URGENCIES, null] },
    setAssigneeUserId: nint,
    setAssigneeName: nstr,
    setRegisterId: nint,
    stop: { type: 'boolean' },
    active: { type: 'boolean' },
    createdAt: str,
  },
} as const;
const inboundList = {
  type: 'object',
  required: ['items', 'nextBeforeId'],
  properties: {
    nextBeforeId: nint,
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'receivedAt', 'source', 'messageId', 'envelopeFrom', 'from', 'to', 'orgId', 'orgName', 'senderOrgId', 'senderOrgName', 'subject', 'outcome', 'reason', 'documentId', 'itemId', 'itemStatus', 'relatedDocumentId', 'rawAvailable', 'link'],
        properties: {
          id: int32,
          receivedAt: str,
          source: { type: 'string', enum: ['smtp', 'lmtp', 'imap'] },
          messageId: nstr,
          envelopeFrom: nstr,
          from: nstr,
          to: str,
          orgId: int32,
          orgName: str,
          senderOrgId: nint,
          senderOrgName: nstr,
          subject: nstr,
          outcome: { type: 'string', enum: ['accepted', 'duplicate', 'refused'] },
          reason: nstr,
          documentId: nint,
          itemId: nint,
          itemStatus: { type: ['string', 'null'], enum: [...PROCESSING_STATUSES, null] },
          relatedDocumentId: nint,
          rawAvailable: { type: 'boolean', description: 'Thư gốc (.eml) còn lưu' },
          link: { ...nstr, description: 'Đường dẫn tới văn bản trong ứng dụng' },
        },
      },
    },
  },
} as const;
const aliasSchema = {
  type: 'object',
  required: ['address', 'orgId', 'orgName', 'createdAt'],
  properties: { address: str, orgId: int32, orgName: str, orgCode: nstr, createdAt: str },
} as const;
const mailboxSchema = {
  type: 'object',
  required: ['orgId', 'code', 'name', 'shortName', 'kind', 'address', 'aliases'],
  properties: {
    orgId: int32,
    code: nstr,
    name: str,
    shortName: str,
    kind: { type: 'string', enum: [...ORG_KINDS, EXTERNAL_KIND] },
    address: { ...nstr, description: 'Địa chỉ chính thức' },
    aliases: { type: 'array', items: str },
  },
} as const;
const noContent = { 204: { type: 'null', description: 'Đã xóa' }, ...errors } as const;

/** /api/v1/mail: the inbound log and raw messages, routing rules, aliases, the published mailboxes. */
export function inboundRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/mail/inbound',
    {
      schema: {
        ...op('listInboundMail', 'mail', 'Nhật ký thư đến hộp thư công vụ của cơ quan (quản trị tỉnh: mọi cơ quan)'),
        querystring: { type: 'object', properties: { outcome: { type: 'string', enum: ['accepted', 'duplicate', 'refused'] }, limit: { type: 'integer', minimum: 1, maximum: 200 }, beforeId: int32 } },
        response: { 200: inboundList, ...errors },
      },
    },
    async (req) => listInbound(ctx, requireActor(req), req.query),
  );
  app.get('/api/v1/mail/inbound/:id/raw', { schema: { ...op('downloadInboundMail', 'mail', 'Tải thư gốc (.eml) đã nhận', { produces: ['message/rfc822'] }), params: idParams, response: { 200: { type: 'string', format: 'binary', description: 'Thư gốc (.eml)' }, ...errors } } }, async (req, reply) => {
    const f = await readRawMessage(ctx, requireActor(req), req.params.id);
    return reply.header('content-type', 'message/rfc822').header('content-disposition', `attachment; filename="${f.fileName}"`).send(binary(f.bytes));
  });

  app.get('/api/v1/mail/rules', { schema: { ...op('listMailRules', 'mail', 'Quy tắc xử lý thư đến của cơ quan, theo thứ tự áp dụng'), response: { 200: { type: 'array', items: ruleSchema }, ...errors } } }, async (req) => listRules(ctx, requireActor(req)));
  app.post('/api/v1/mail/rules', { schema: { ...op('createMailRule', 'mail', 'Thêm quy tắc thư đến (đặt cuối danh sách)'), body: { ...ruleBody, required: ['name', 'field', 'pattern'] }, response: { 201: ruleSchema, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await createRule(ctx, requireActor(req), req.body)),
  );
  app.patch('/api/v1/mail/rules/:id', { schema: { ...op('updateMailRule', 'mail', 'Sửa quy tắc thư đến'), params: idParams, body: ruleBody, response: { 200: ruleSchema, ...errors } } }, async (req) =>
    updateRule(ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete('/api/v1/mail/rules/:id', { schema: { ...op('deleteMailRule', 'mail', 'Xóa quy tắc thư đến'), params: idParams, response: noContent } }, async (req, reply) => {
    await deleteRule(ctx, requireActor(req), req.params.id);
    return reply.status(204).send(null);
  });
  app.put(
    '/api/v1/mail/rules/order',
    { schema: { ...op('reorderMailRules', 'mail', 'Sắp xếp lại thứ tự áp dụng quy tắc'), body: { type: 'object', required: ['ids'], properties: { ids: { type: 'array', items: int32, maxItems: 200 } } }, response: { 200: { type: 'array', items: ruleSchema }, ...errors } } },
    async (req) => reorderRules(ctx, requireActor(req), req.body.ids),
  );

  app.get('/api/v1/mail/aliases', { schema: { ...op('listMailAliases', 'mail', 'Địa chỉ thư bí danh của các cơ quan (quản trị tỉnh)'), response: { 200: { type: 'array', items: aliasSchema }, ...errors } } }, async (req) => listAliases(ctx, requireActor(req)));
  app.post(
    '/api/v1/mail/aliases',
    {
      schema: {
        ...op('createMailAlias', 'mail', 'Thêm địa chỉ bí danh cho một cơ quan, đơn vị (trong tên miền thư của tỉnh)'),
        body: { type: 'object', required: ['address', 'orgId'], additionalProperties: false, properties: { address: { type: 'string', maxLength: 254 }, orgId: int32 } },
        response: { 201: aliasSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createAlias(ctx, requireActor(req), req.body)),
  );
  app.delete(
    '/api/v1/mail/aliases/:address',
    { schema: { ...op('deleteMailAlias', 'mail', 'Xóa địa chỉ bí danh'), params: { type: 'object', required: ['address'], properties: { address: { type: 'string', maxLength: 254 } } }, response: noContent } },
    async (req, reply) => {
      await deleteAlias(ctx, requireActor(req), req.params.address);
      return reply.status(204).send(null);
    },
  );

  // Public: the directory publishes the official mailboxes for citizens and other agencies.
  app.get('/api/v1/mail/mailboxes', { schema: { ...op('listMailboxes', 'mail', 'Danh bạ hộp thư công vụ: địa chỉ chính thức và bí danh của mọi cơ quan đang hoạt động (công khai)'), security: [], response: { 200: { type: 'array', items: mailboxSchema }, ...errors } } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return listMailboxes(ctx.db.kysely);
  });
}
