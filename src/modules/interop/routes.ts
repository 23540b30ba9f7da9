import type { FastifyInstance } from 'fastify';
import { addXmlBodyParser } from './xml-body.js';
import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { errorSchema } from '../../server/errors.js';
import { idParams, int32, op } from '../../server/schemas.js';
import { DomainError } from '../../domain/errors.js';
import { packageTooLarge } from '../../domain/edxml/errors.js';
import { importEdxml } from './import.js';
import { exportDocumentPackage } from './export.js';
import { getPackage, listPackages, packageContent, type PackageQuery } from './log.js';
import { setSigningKey, signingKeyInfo } from './keys.js';

const XML_TYPES = ['application/xml', 'text/xml', 'application/edxml+xml'];

const importResult = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['document', 'status'] },
    duplicate: { type: 'boolean', description: 'Gói đã nhận trước đó: chỉ xác nhận, không nhập lại' },
    documentId: { type: 'integer' },
    statusCode: { type: 'string' },
    items: { type: 'array', items: { type: 'object', properties: { itemId: { type: 'integer' }, orgId: { type: 'integer' } } } },
    signature: { type: 'object', additionalProperties: true, properties: { result: { type: 'string', enum: ['none', 'valid', 'invalid'] } } },
    business: { type: 'string', enum: ['revoke', 'update', 'replace'], description: 'BussinessDocType 1, 2, 3' },
    originals: { type: 'array', description: 'Văn bản gốc đang chờ văn thư trả lời (15/16)', items: { type: 'object', properties: { itemId: { type: 'integer' }, orgId: { type: 'integer' }, documentId: { type: 'integer' } } } },
  },
} as const;

const sendXml = (reply: import('fastify').FastifyReply, p: { bytes: Buffer; fileName: string }) =>
  reply
    .header('content-type', 'application/xml; charset=utf-8')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(p.fileName)}`)
    .send(p.bytes);

/**
 * /api/v1/edxml/… and GET /api/v1/documents/:id/edxml. In their own scope: the XML body
 * parser (a Buffer, limited to the package size) applies to these routes only.
 */
export function edxmlRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    addXmlBodyParser(scope, XML_TYPES, ctx.config.edxml.maxPackageBytes);
    // A package over the limit is refused while it streams in, with the limit named.
    scope.setErrorHandler((err: Error & { code?: string }) => {
      throw err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? packageTooLarge(ctx.config.edxml.maxPackageBytes) : err;
    });

    scope.post(
      '/api/v1/edxml/import',
      {
        bodyLimit: ctx.config.edxml.maxPackageBytes,
        schema: {
          ...op('importEdxml', 'edxml', 'Nhập gói edXML (văn bản hoặc trạng thái) vào hộp văn bản đến của cơ quan', {
            consumes: XML_TYPES,
            description:
              'Thân yêu cầu là gói edXML (Content-Type: application/xml). Gói văn bản vào hộp đến của cơ quan (văn thư) ở trạng thái 01; gói trạng thái cập nhật quá trình xử lý. Chữ ký số sai: 422. Gói đã nhận: 200, duplicate = true.',
          }),
          response: { 200: importResult, 201: importResult, 400: errorSchema, 413: errorSchema, 415: errorSchema, 422: errorSchema },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        if (!Buffer.isBuffer(req.body)) throw new DomainError('unsupported_media', 'edxml_content_type', 'Hãy gửi gói edXML với Content-Type: application/xml.', 'Send the edXML package with Content-Type: application/xml.', 'body');
        const r = await importEdxml(ctx, actor, req.body);
        return reply.status(r.duplicate ? 200 : 201).send(r);
      },
    );

    const listQuery = {
      type: 'object',
      properties: {
        direction: { type: 'string', enum: ['in', 'out'] },
        kind: { type: 'string', enum: ['document', 'status'] },
        state: { type: 'string', maxLength: 20 },
        documentId: int32,
        orgId: int32,
        limit: { type: 'integer', minimum: 1, maximum: 200 },
        beforeId: int32,
      },
    } as const;
    scope.get('/api/v1/edxml/packages', { schema: { ...op('listEdxmlPackages', 'edxml', 'Nhật ký gói edXML của cơ quan (nhận, từ chối, chờ gửi)'), querystring: listQuery } }, async (req) =>
      listPackages(ctx, requireActor(req), req.query as PackageQuery),
    );
    scope.get('/api/v1/edxml/packages/:id', { schema: { ...op('getEdxmlPackage', 'edxml', 'Một gói edXML và mọi trường đã đọc'), params: idParams } }, async (req) =>
      getPackage(ctx, requireActor(req), (req.params as { id: number }).id),
    );
    scope.get('/api/v1/edxml/packages/:id/content', { schema: { ...op('downloadEdxmlPackage', 'edxml', 'Tải gói edXML đúng như đã nhận hoặc đã tạo'), params: idParams } }, async (req, reply) =>
      sendXml(reply, await packageContent(ctx, requireActor(req), (req.params as { id: number }).id)),
    );
    scope.get(
      '/api/v1/documents/:id/edxml',
      {
        schema: {
          ...op('exportDocumentEdxml', 'edxml', 'Xuất văn bản thành gói edXML (ký số khi cơ quan có khóa)', { produces: ['application/xml'] }),
          params: idParams,
          querystring: { type: 'object', properties: { original: { type: 'boolean', description: 'Văn bản nhận qua edXML: gói đúng như đã nhận' } } },
        },
      },
      async (req, reply) => {
        const p = await exportDocumentPackage(ctx, requireActor(req), (req.params as { id: number }).id, { original: (req.query as { original?: boolean }).original });
        return sendXml(reply.header('x-edxml-signed', p.signed ? '1' : '0'), p);
      },
    );

    const keyBody = { type: 'object', required: ['privateKey', 'certificate'], properties: { privateKey: { type: 'string', maxLength: 20000 }, certificate: { type: 'string', maxLength: 50000 } } } as const;
    const keyQuery = { type: 'object', properties: { orgId: int32 } } as const;
    scope.get('/api/v1/edxml/key', { schema: { ...op('getEdxmlKey', 'edxml', 'Chứng thư số dùng ký gói edXML của cơ quan'), querystring: keyQuery } }, async (req) => {
      const actor = requireActor(req);
      return signingKeyInfo(ctx, actor, (req.query as { orgId?: number }).orgId ?? actor.agencyId);
    });
    scope.put('/api/v1/edxml/key', { schema: { ...op('setEdxmlKey', 'edxml', 'Đặt khóa và chứng thư số ký gói edXML (quản trị)'), querystring: keyQuery, body: keyBody } }, async (req) => {
      const actor = requireActor(req);
      return setSigningKey(ctx, actor, (req.query as { orgId?: number }).orgId ?? actor.agencyId, req.body as { privateKey: string; certificate: string });
    });
  });
}
