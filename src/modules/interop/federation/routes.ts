import type { FastifyInstance } from 'fastify';
import { addXmlBodyParser } from '../xml-body.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../../server/auth.js';
import { errorSchema } from '../../../server/errors.js';
import { idParams, op } from '../../../server/schemas.js';
import { DomainError, forbidden, refused } from '../../../domain/errors.js';
import { packageTooLarge } from '../../../domain/edxml/errors.js';
import { PUSH_HEADERS } from '../../../domain/federation.js';
import { receivePush } from './push.js';
import { addPeer, hostOrganizations, listPeers, removeRoute, updatePeer, type PeerInput } from './peers.js';
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

const receipt = {
  type: 'object',
  properties: {
    consignmentId: { type: 'string' },
    received: { description: 'true: nhận mới; "duplicate": lô đã nhận trước đó, chỉ xác nhận', anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['duplicate'] }] },
    kind: { type: 'string' },
    documentId: { type: 'integer' },
    statusCode: { type: 'string' },
    items: { type: 'array', items: { type: 'object', properties: { itemId: { type: 'integer' }, orgId: { type: 'integer' } } } },
  },
} as const;

/**
 * /api/v1/federation/…: the push endpoint peer nodes deliver to (no session: each request
 * is signed for its peer), and the province administrator's peers and routes.
 */
export function federationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const settings = ctx.config.federation;
  void app.register(async (scope) => {
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
            consumes: XML_TYPES,
            security: [],
            description: `Thân yêu cầu là gói edXML. Header: ${PUSH_HEADERS.node} (mã nút gửi), ${PUSH_HEADERS.timestamp} (mili giây từ 1970), ${PUSH_HEADERS.consignment} (mã lô, giữ nguyên khi gửi lại), ${PUSH_HEADERS.signature} (hmac-sha256=… hoặc rsa-sha256=… trên "timestamp\\nconsignment\\n" + thân). 200 {consignmentId, received: true | "duplicate"}.`,
          }),
          response: { 200: receipt, 400: errorSchema, 401: errorSchema, 403: errorSchema, 413: errorSchema, 415: errorSchema, 422: errorSchema },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new DomainError('unsupported_media', 'edxml_content_type', 'Hãy gửi gói edXML với Content-Type: application/xml.', 'Send the edXML package with Content-Type: application/xml.', 'body');
        return receivePush(ctx, req.headers, req.body, settings.replayWindowMs);
      },
    );
  });

  app.get('/api/v1/federation/peers', { schema: op('listFederationPeers', 'federation', 'Các nút liên thông (tỉnh khác, trục quốc gia), mã định danh chúng quản lý và hàng đợi gửi') }, async (req) => listPeers(ctx, requireActor(req)));
  app.post('/api/v1/federation/peers', { schema: { ...op('addFederationPeer', 'federation', 'Khai báo nút liên thông (quản trị tỉnh)'), body: peerBody } }, async (req, reply) =>
    reply.status(201).send(await addPeer(ctx, requireActor(req), req.body as PeerInput)),
  );
  app.patch('/api/v1/federation/peers/:id', { schema: { ...op('updateFederationPeer', 'federation', 'Sửa, tạm ngừng nút liên thông hoặc đổi khóa'), params: idParams, body: peerBody } }, async (req) =>
    updatePeer(ctx, requireActor(req), (req.params as { id: number }).id, req.body as PeerInput),
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
      },
    },
    async (req) => hostOrganizations(ctx, requireActor(req), (req.params as { id: number }).id, (req.body as { organizations: unknown }).organizations),
  );
  app.delete(
    '/api/v1/federation/peers/:id/organizations/:code',
    { schema: { ...op('removeFederationRoute', 'federation', 'Bỏ mã định danh khỏi nút liên thông'), params: { type: 'object', required: ['id', 'code'], properties: { id: idParams.properties.id, code: { type: 'string', maxLength: 20 } } } } },
    async (req) => {
      const p = req.params as { id: number; code: string };
      return removeRoute(ctx, requireActor(req), p.id, p.code);
    },
  );
  app.post('/api/v1/federation/peers/:id/poll', { schema: { ...op('pollFederationAxis', 'federation', 'Nhận ngay các gói đang chờ trên trục liên thông quốc gia'), params: idParams } }, async (req) => {
    const actor = requireActor(req);
    if (!actor.isProvinceAdmin) throw forbidden('Chỉ quản trị cấp tỉnh nhận gói từ trục liên thông.', 'Only the province administrator polls the axis.');
    const peer = await getPeer(ctx.db.kysely, (req.params as { id: number }).id);
    if (!peer || peer.transport !== 'axis') throw refused('not_axis', 'Nút này không phải trục liên thông quốc gia.', 'This peer is not the national axis.');
    try {
      return await pollAxisNow(ctx, peer, settings.timeoutMs);
    } catch (e) {
      if (!(e instanceof AxisError)) throw e;
      throw refused('axis_unavailable', e.message, e.message);
    }
  });
  app.post('/api/v1/federation/peers/:id/agencies', { schema: { ...op('refreshFederationAxisAgencies', 'federation', 'Cập nhật tên, mã cơ quan từ danh sách của trục liên thông'), params: idParams } }, async (req) =>
    refreshAxisAgencies(ctx, requireActor(req), (req.params as { id: number }).id),
  );
}
