import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { addXmlBodyParser } from '../xml-body.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../../server/auth.js';
import { errorSchema } from '../../../server/errors.js';
import { errors, idParams, int32, op, rawUpload, type Api } from '../../../server/schemas.js';
import { DomainError, forbidden, refused } from '../../../domain/errors.js';
import { packageTooLarge } from '../../../domain/edxml/errors.js';
import { PUSH_HEADERS } from '../../../domain/federation.js';
import { receivePush } from './push.js';
import { addPeer, hostOrganizations, listPeers, removeRoute, updatePeer } from './peers.js';
import { getPeer } from './repo.js';
import { pollAxisNow } from '../axis/poller.js';
import { AxisError } from '../axis/client.js';
import { refreshAxisAgencies } from '../axis/agencies.js';

const XML_TYPES = ['application/xml', 'text/xml', 'application/edxml+xml'];

const peerBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 200 },
    transport: { type: 'string', enum: ['node', 'axis'] },
    baseUrl: { type: 'string', maxLength: 500 },
    auth: { type: 'string', enum: ['hmac', 'certificate'] },
    peerNodeId: { type: 'string', maxLength: 200 },
    ourNodeId: { type: 'string', maxLength: 200 },
    secret: { type: 'string', maxLength: 500 },
    inboundSecret: { type: 'string', maxLength: 500 },
    outboundSecret: { type: 'string', maxLength: 500 },
    peerCertificate: { type: 'string', maxLength: 50000 },
    ourPrivateKey: { type: 'string', maxLength: 20000 },
    active: { type: 'boolean' },
  },
} as const;

const nstr = { type: ['string', 'null'] } as const;
const str = { type: 'string' } as const;
const peerSchema = {
  type: 'object',
  required: ['id', 'name', 'transport', 'baseUrl', 'auth', 'peerNodeId', 'ourNodeId', 'hasInboundSecret', 'hasOutboundSecret', 'hasPrivateKey', 'peerCertificate', 'active', 'lastPolledAt', 'lastError', 'organizations', 'queue', 'createdAt', 'updatedAt'],
  properties: {
    id: int32,
    name: str,
    transport: { type: 'string', enum: ['node', 'axis'], description: 'node: nút liên thông khác; axis: trục liên thông quốc gia' },
    baseUrl: str,
    auth: { type: 'string', enum: ['hmac', 'certificate', 'secret'] },
    peerNodeId: str,
    ourNodeId: str,
    hasInboundSecret: { type: 'boolean' },
    hasOutboundSecret: { type: 'boolean' },
    hasPrivateKey: { type: 'boolean' },
    peerCertificate: { type: ['object', 'null'], required: ['subject', 'fingerprint256', 'validTo'], properties: { subject: str, fingerprint256: str, validTo: str } },
    active: { type: 'boolean' },
    lastPolledAt: nstr,
    lastError: nstr,
    organizations: {
      type: 'array',
      items: { type: 'object', required: ['code', 'orgId', 'name', 'active'], properties: { code: str, orgId: { type: ['integer', 'null'] }, name: nstr, active: { type: 'boolean' } } },
    },
    queue: {
      type: 'object',
      required: ['pending', 'sending', 'sent', 'failed'],
      description: 'Gói gửi tới nút theo trạng thái',
      properties: { pending: { type: 'integer' }, sending: { type: 'integer' }, sent: { type: 'integer' }, failed: { type: 'integer' } },
    },
    createdAt: str,
    updatedAt: str,
  },
} as const;

const receipt = {
  type: 'object',
  additionalProperties: false,
  required: ['consignmentId', 'received'],
  properties: {
    consignmentId: { type: 'string' },
    received: { description: 'true: nhận mới; "duplicate": lô đã nhận trước đó, chỉ xác nhận', anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['duplicate'] }] },
    kind: { type: 'string', enum: ['document', 'status'] },
    documentId: int32,
    statusCode: { type: 'string' },
    items: { type: 'array', items: { type: 'object', required: ['itemId', 'orgId'], properties: { itemId: int32, orgId: int32 } } },
  },
} as const;

/**
 * /api/v1/federation/…: the push endpoint peer nodes deliver to (no session: each request
 * is signed for its peer), and the province administrator's peers and routes.
 */
export function federationRoutes(app: Api, ctx: AppContext): void {
  const settings = ctx.config.federation;
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<JsonSchemaToTsProvider>();
    addXmlBodyParser(scope, XML_TYPES, ctx.config.edxml.maxPackageBytes);
    scope.setErrorHandler((err: Error & { code?: string }) => {
      throw err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? packageTooLarge(ctx.config.edxml.maxPackageBytes) : err;
    });
    scope.post(
      '/api/v1/federation/push',
      {
        bodyLimit: ctx.config.edxml.maxPackageBytes,
        schema: {
          ...op('federationPush', 'federation', 'Nhận gói edXML từ nút liên thông khác (không cần phiên đăng nhập: yêu cầu được ký)', {
            ...rawUpload(XML_TYPES, `Gói edXML đã ký của nút gửi, tối đa EDXML_MAX_MB (${Math.round(ctx.config.edxml.maxPackageBytes / 1048576)} MB ở máy chủ này)`),
            security: [],
            description: `Thân yêu cầu là gói edXML. Header: ${PUSH_HEADERS.node} (mã nút gửi), ${PUSH_HEADERS.timestamp} (mili giây từ 1970), ${PUSH_HEADERS.consignment} (mã lô, giữ nguyên khi gửi lại), ${PUSH_HEADERS.signature} (hmac-sha256=… hoặc rsa-sha256=… trên "timestamp\\nconsignment\\n" + thân). 200 {consignmentId, received: true | "duplicate"}.`,
          }),
          response: { 200: receipt, ...errors, 413: errorSchema, 415: errorSchema, 422: errorSchema },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new DomainError('unsupported_media', 'edxml_content_type', 'Hãy gửi gói edXML với Content-Type: application/xml.', 'Send the edXML package with Content-Type: application/xml.', 'body');
        return receivePush(ctx, req.headers, req.body, settings.replayWindowMs);
      },
    );
  });

  app.get('/api/v1/federation/peers', { schema: { ...op('listFederationPeers', 'federation', 'Các nút liên thông (tỉnh khác, trục quốc gia), mã định danh chúng quản lý và hàng đợi gửi'), response: { 200: { type: 'array', items: peerSchema }, ...errors } } }, async (req) => listPeers(ctx, requireActor(req)));
  app.post('/api/v1/federation/peers', { schema: { ...op('addFederationPeer', 'federation', 'Khai báo nút liên thông (quản trị tỉnh)'), body: peerBody, response: { 201: peerSchema, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await addPeer(ctx, requireActor(req), req.body)),
  );
  app.patch('/api/v1/federation/peers/:id', { schema: { ...op('updateFederationPeer', 'federation', 'Sửa, tạm ngừng nút liên thông hoặc đổi khóa'), params: idParams, body: peerBody, response: { 200: peerSchema, ...errors } } }, async (req) =>
    updatePeer(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/federation/peers/:id/organizations',
    {
      schema: {
        ...op('hostFederationOrganizations', 'federation', 'Gán mã định danh cho nút: tổ chức ngoài tỉnh thành nơi nhận (loại external), hoặc mã cấp 1 (H41) cho cả tỉnh'),
        params: idParams,
        body: {
          type: 'object',
          required: ['organizations'],
          properties: { organizations: { type: 'array', maxItems: 500, items: { type: 'object', additionalProperties: false, required: ['code'], properties: { code: { type: 'string', maxLength: 20 }, name: { type: 'string', maxLength: 300 }, shortName: { type: 'string', maxLength: 30 } } } } },
        },
        response: {
          200: {
            type: 'object',
            required: ['peerId', 'organizations'],
            properties: {
              peerId: int32,
              organizations: { type: 'array', items: { type: 'object', required: ['code', 'orgId', 'created'], properties: { code: str, orgId: { type: ['integer', 'null'] }, created: { type: 'boolean' } } } },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => hostOrganizations(ctx, requireActor(req), req.params.id, req.body.organizations),
  );
  app.delete(
    '/api/v1/federation/peers/:id/organizations/:code',
    { schema: { ...op('removeFederationRoute', 'federation', 'Bỏ mã định danh khỏi nút liên thông'), params: { type: 'object', required: ['id', 'code'], properties: { id: idParams.properties.id, code: { type: 'string', maxLength: 20 } } },
        response: { 200: { type: 'object', required: ['peerId', 'code', 'removed'], properties: { peerId: int32, code: str, removed: { type: 'boolean' } } }, ...errors },
      },
    },
    async (req) => {
      const p = req.params;
      return removeRoute(ctx, requireActor(req), p.id, p.code);
    },
  );
  app.post('/api/v1/federation/peers/:id/poll', { schema: { ...op('pollFederationAxis', 'federation', 'Nhận ngay các gói đang chờ trên trục liên thông quốc gia'),
        params: idParams,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['listed', 'imported', 'duplicates', 'refused'],
            properties: { listed: { type: 'integer' }, imported: { type: 'integer' }, duplicates: { type: 'integer' }, refused: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['docId', 'error'], properties: { docId: str, error: str } } } },
          },
          ...errors,
        },
      },
    }, async (req) => {
    const actor = requireActor(req);
    if (!actor.isProvinceAdmin) throw forbidden('Chỉ quản trị cấp tỉnh nhận gói từ trục liên thông.', 'Only the province administrator polls the axis.');
    const peer = await getPeer(ctx.db.kysely, req.params.id);
    if (!peer || peer.transport !== 'axis') throw refused('not_axis', 'Nút này không phải trục liên thông quốc gia.', 'This peer is not the national axis.');
    try {
      return await pollAxisNow(ctx, peer, settings.timeoutMs);
    } catch (e) {
      if (!(e instanceof AxisError)) throw e;
      throw refused('axis_unavailable', e.message, e.message);
    }
  });
  app.post('/api/v1/federation/peers/:id/agencies', { schema: { ...op('refreshFederationAxisAgencies', 'federation', 'Cập nhật tên, mã cơ quan từ danh sách của trục liên thông'),
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['listed', 'routed', 'updated', 'noLongerListed', 'listedNotRouted'],
            properties: { listed: { type: 'integer' }, routed: { type: 'integer' }, updated: { type: 'integer' }, noLongerListed: { type: 'array', items: str }, listedNotRouted: { type: 'integer' } },
          },
          ...errors,
        },
      },
    },
    async (req) => refreshAxisAgencies(ctx, requireActor(req), req.params.id),
  );
}
