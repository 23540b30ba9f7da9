import type { FastifyReply } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { addXmlBodyParser } from './xml-body.js';
import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { errorSchema } from '../../server/errors.js';
import { binary, errors, idParams, int32, op, rawUpload, type Api } from '../../server/schemas.js';
import { PACKAGE_STATES } from '../../domain/edxml/package-state.js';
import { DomainError } from '../../domain/errors.js';
import { packageTooLarge } from '../../domain/edxml/errors.js';
import { importEdxml } from './import.js';
import { exportDocumentPackage } from './export.js';
import { getPackage, listPackages, packageContent } from './log.js';
import { setSigningKey, signingKeyInfo } from './keys.js';

const XML_TYPES = ['application/xml', 'text/xml', 'application/edxml+xml'];

const nstr = { type: ['string', 'null'] } as const;
const nint = { type: ['integer', 'null'] } as const;
const signatureResult = { type: 'string', enum: ['none', 'valid', 'invalid'] } as const;
const signatureCheck = {
  type: 'object',
  additionalProperties: false,
  required: ['result'],
  properties: {
    result: signatureResult,
    reason: { type: 'string', description: 'Lý do (tiếng Anh) khi không có hoặc sai' },
    algorithm: { type: 'string' },
    subject: { type: 'string' },
    issuer: { type: 'string' },
    serialNumber: { type: 'string' },
    fingerprint256: { type: 'string' },
    validFrom: { type: 'string' },
    validTo: { type: 'string' },
  },
} as const;
const { result: _result, ...detailProps } = signatureCheck.properties;

const packageProps = {
  id: int32,
  consignmentId: { type: 'string' },
  direction: { type: 'string', enum: ['in', 'out'] },
  kind: { type: 'string', enum: ['document', 'status'] },
  state: { type: 'string', enum: [...PACKAGE_STATES], description: 'Nhận: imported, applied, refused; gửi: pending, sending, sent, failed' },
  orgId: int32,
  documentId: nint,
  itemId: nint,
  edxmlDocumentId: nstr,
  senderCode: nstr,
  receiverCodes: { type: 'array', items: { type: 'string' } },
  businessDocType: nint,
  status: { type: ['object', 'null'], required: ['code', 'vi', 'en'], properties: { code: { type: 'string' }, vi: { type: 'string' }, en: { type: 'string' } } },
  signature: {
    type: 'object',
    required: ['result', 'label', 'labelEn', 'detail'],
    properties: { result: signatureResult, label: { type: 'string' }, labelEn: { type: 'string' }, detail: { type: ['object', 'null'], properties: detailProps } },
  },
  sha256: { type: 'string' },
  size: { type: 'integer' },
  attempts: { type: 'integer' },
  lastError: nstr,
  createdAt: { type: 'string' },
  sentAt: nstr,
  peerId: nint,
  receipt: { type: ['object', 'null'], additionalProperties: true, description: 'Xác nhận của bên nhận (nút liên thông, trục quốc gia)' },
} as const;
const packageRequired = ['id', 'consignmentId', 'direction', 'kind', 'state', 'orgId', 'documentId', 'itemId', 'receiverCodes', 'signature', 'sha256', 'size', 'attempts', 'createdAt'] as const;
const packageList = {
  type: 'object',
  required: ['items', 'nextBeforeId'],
  properties: { items: { type: 'array', items: { type: 'object', required: packageRequired, properties: packageProps } }, nextBeforeId: nint },
} as const;
const packageDetail = { type: 'object', required: [...packageRequired, 'header'], properties: { ...packageProps, header: { description: 'Mọi trường đã đọc từ phần đầu gói (JSON)' } } } as const;
// No additionalProperties: false in the branches: validation that strips unknown fields would strip the signed key's fields while trying the first.
const keyInfo = {
  description: 'signing: false khi cơ quan chưa có khóa ký; true kèm chứng thư',
  oneOf: [
    { type: 'object', required: ['orgId', 'signing'], properties: { orgId: int32, signing: { type: 'boolean', enum: [false], description: 'Cơ quan chưa có khóa ký gói' } } },
    {
      type: 'object',
      required: ['orgId', 'signing', 'subject', 'issuer', 'fingerprint256', 'validTo', 'updatedAt', 'certificate'],
      properties: {
        orgId: int32,
        signing: { type: 'boolean', enum: [true], description: 'Cơ quan có khóa ký gói' },
        subject: { type: 'string' },
        issuer: { type: 'string' },
        fingerprint256: { type: 'string' },
        validTo: { type: 'string' },
        updatedAt: { type: 'string' },
        certificate: { type: 'string', format: 'pem' },
      },
    },
  ],
} as const;
const xmlFile = { 200: { type: 'string', format: 'binary', description: 'Gói edXML' }, ...errors } as const;

const importResult = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'duplicate', 'documentId', 'items', 'signature'],
  properties: {
    kind: { type: 'string', enum: ['document', 'status'] },
    duplicate: { type: 'boolean', description: 'Gói đã nhận trước đó: chỉ xác nhận, không nhập lại' },
    documentId: int32,
    statusCode: { type: 'string', description: 'Gói trạng thái: mã trạng thái' },
    items: { type: 'array', items: { type: 'object', required: ['itemId', 'orgId'], properties: { itemId: int32, orgId: int32 } } },
    signature: signatureCheck,
    business: { type: 'string', enum: ['revoke', 'update', 'replace'], description: 'BussinessDocType 1, 2, 3' },
    originals: { type: 'array', description: 'Văn bản gốc đang chờ văn thư trả lời (15/16)', items: { type: 'object', required: ['itemId', 'orgId', 'documentId'], properties: { itemId: int32, orgId: int32, documentId: int32 } } },
  },
} as const;

const sendXml = (reply: FastifyReply, p: { bytes: Buffer; fileName: string }) =>
  reply
    .header('content-type', 'application/xml; charset=utf-8')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(p.fileName)}`)
    .send(binary(p.bytes));

/**
 * /api/v1/edxml/… and GET /api/v1/documents/:id/edxml. In their own scope: the XML body
 * parser (a Buffer, limited to the package size) applies to these routes only.
 */
export function edxmlRoutes(app: Api, ctx: AppContext): void {
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<JsonSchemaToTsProvider>();
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
            ...rawUpload(XML_TYPES, `Gói edXML (QCVN 102:2016), tối đa EDXML_MAX_MB (${Math.round(ctx.config.edxml.maxPackageBytes / 1048576)} MB ở máy chủ này)`),
            description:
              'Thân yêu cầu là gói edXML (Content-Type: application/xml). Gói văn bản vào hộp đến của cơ quan (văn thư) ở trạng thái 01; gói trạng thái cập nhật quá trình xử lý. Chữ ký số sai: 422. Gói đã nhận: 200, duplicate = true.',
          }),
          response: { 200: importResult, 201: importResult, ...errors, 413: errorSchema, 415: errorSchema, 422: errorSchema },
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
        state: { type: 'string', enum: [...PACKAGE_STATES] },
        documentId: int32,
        orgId: int32,
        limit: { type: 'integer', minimum: 1, maximum: 200 },
        beforeId: int32,
      },
    } as const;
    scope.get('/api/v1/edxml/packages', { schema: { ...op('listEdxmlPackages', 'edxml', 'Nhật ký gói edXML của cơ quan (nhận, từ chối, chờ gửi)'), querystring: listQuery, response: { 200: packageList, ...errors } } }, async (req) =>
      listPackages(ctx, requireActor(req), req.query),
    );
    scope.get('/api/v1/edxml/packages/:id', { schema: { ...op('getEdxmlPackage', 'edxml', 'Một gói edXML và mọi trường đã đọc'), params: idParams, response: { 200: packageDetail, ...errors } } }, async (req) =>
      getPackage(ctx, requireActor(req), req.params.id),
    );
    scope.get('/api/v1/edxml/packages/:id/content', { schema: { ...op('downloadEdxmlPackage', 'edxml', 'Tải gói edXML đúng như đã nhận hoặc đã tạo', { produces: ['application/xml'] }), params: idParams, response: xmlFile } }, async (req, reply) =>
      sendXml(reply, await packageContent(ctx, requireActor(req), req.params.id)),
    );
    scope.get(
      '/api/v1/documents/:id/edxml',
      {
        schema: {
          ...op('exportDocumentEdxml', 'edxml', 'Xuất văn bản thành gói edXML (ký số khi cơ quan có khóa)', { produces: ['application/xml'] }),
          params: idParams,
          querystring: { type: 'object', properties: { original: { type: 'boolean', description: 'Văn bản nhận qua edXML: gói đúng như đã nhận' } } },
          response: xmlFile,
        },
      },
      async (req, reply) => {
        const p = await exportDocumentPackage(ctx, requireActor(req), req.params.id, { original: req.query.original });
        return sendXml(reply.header('x-edxml-signed', p.signed ? '1' : '0'), p);
      },
    );

    const keyBody = { type: 'object', required: ['privateKey', 'certificate'], properties: { privateKey: { type: 'string', maxLength: 20000 }, certificate: { type: 'string', maxLength: 50000 } } } as const;
    const keyQuery = { type: 'object', properties: { orgId: int32 } } as const;
    scope.get('/api/v1/edxml/key', { schema: { ...op('getEdxmlKey', 'edxml', 'Chứng thư số dùng ký gói edXML của cơ quan'), querystring: keyQuery, response: { 200: keyInfo, ...errors } } }, async (req) => {
      const actor = requireActor(req);
      return signingKeyInfo(ctx, actor, req.query.orgId ?? actor.agencyId);
    });
    scope.put('/api/v1/edxml/key', { schema: { ...op('setEdxmlKey', 'edxml', 'Đặt khóa và chứng thư số ký gói edXML (quản trị)'), querystring: keyQuery, body: keyBody, response: { 200: keyInfo, ...errors } } }, async (req) => {
      const actor = requireActor(req);
      return setSigningKey(ctx, actor, req.query.orgId ?? actor.agencyId, req.body);
    });
  });
}
