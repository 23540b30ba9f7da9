import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, int32, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { PKCS12_MAX_BYTES, REVOCATION_STATES, REVOCATION_STATUSES, REVOCATION_WHYS, SIGNATURE_IMAGE_MAX_BYTES, SIGNATURE_VERDICTS } from '../../domain/signatures.js';
import { signatureCheckFeed } from './revocation-job.js';
import { documentSignatures, keyStatus, listTrustAnchors } from './service.js';
import { addAgencyKey, addAgencyTokenKey, disableSigningKey, keyImage, listAgencyKeys, listPkcs11Tokens, replaceKeyImage } from './key-admin.js';

const TAG = 'signatures';
const nullableString = { type: ['string', 'null'] } as const;
const verdict = { type: 'string', enum: [...SIGNATURE_VERDICTS], description: 'valid: toàn vẹn, tin cậy; untrusted: toàn vẹn nhưng chứng thư ngoài danh sách tin cậy; broken: bị sửa/hỏng; unsigned: không ký số' } as const;
const revocationStatus = { type: 'string', enum: [...REVOCATION_STATUSES], description: 'good: chưa bị thu hồi; revoked: đã bị thu hồi; unknown: máy chủ OCSP không biết chứng thư; not_checked: chưa kiểm tra được (xem why)' } as const;
const revocationWhy = { anyOf: [{ type: 'string', enum: [...REVOCATION_WHYS] }, { type: 'null' }], description: 'Lý do chưa kiểm tra: no_url, unreachable, timeout, bad_response, pending (đang chờ), untrusted_chain' } as const;
const revocationSource = { anyOf: [{ type: 'string', enum: ['ocsp', 'crl'] }, { type: 'null' }] } as const;
const revocationCheck = {
  anyOf: [
    {
      type: 'object',
      required: ['status', 'why', 'revokedBeforeSigning', 'revokedAt', 'reason', 'subject', 'checkedAt', 'certificates'],
      properties: {
        status: revocationStatus,
        why: revocationWhy,
        revokedBeforeSigning: { type: ['boolean', 'null'], description: 'Thu hồi trước thời điểm ký (chữ ký không có giá trị) hay sau (chữ ký vẫn có giá trị tại thời điểm ký)' },
        revokedAt: nullableString,
        reason: { ...nullableString, description: 'Lý do thu hồi (CRLReason: keyCompromise, superseded, …)' },
        subject: nullableString,
        checkedAt: nullableString,
        certificates: {
          type: 'array',
          maxItems: 16,
          items: {
            type: 'object',
            required: ['subject', 'status', 'source', 'why', 'revokedAt', 'reason', 'url', 'error', 'checkedAt'],
            properties: { subject: { type: 'string' }, status: revocationStatus, source: revocationSource, why: revocationWhy, revokedAt: nullableString, reason: nullableString, url: nullableString, error: nullableString, checkedAt: nullableString },
          },
        },
      },
    },
    { type: 'null' },
  ],
  description: 'Kiểm tra thu hồi chứng thư (OCSP/CRL) của chuỗi người ký; null: kết quả cũ trước khi có kiểm tra này',
} as const;
const revocationSummary = {
  type: 'object',
  required: ['state', 'source', 'checkedAt', 'revokedAt', 'revokedBeforeSigning', 'why', 'nextRetryAt', 'attempts', 'text', 'textEn'],
  description: 'Kiểm tra thu hồi như bảng chữ ký số nói: đã kiểm tra (OCSP/CRL, lúc nào), hoặc chưa kết nối được — sẽ kiểm tra lại lúc nào, hoặc đã thử N lần',
  properties: {
    state: { type: 'string', enum: [...REVOCATION_STATES], description: 'good, revoked, unknown: đã kiểm tra; pending: đang chờ kiểm tra sau khi đến; will_retry: không kết nối được, sẽ kiểm tra lại lúc nextRetryAt; gave_up: đã thử attempts lần, không kiểm tra được; not_checked: không kiểm tra được (xem why) hoặc kết quả cũ' },
    source: revocationSource,
    checkedAt: { ...nullableString, description: 'Lần kiểm tra gần nhất (ISO 8601)' },
    revokedAt: nullableString,
    revokedBeforeSigning: { type: ['boolean', 'null'] },
    why: revocationWhy,
    nextRetryAt: { ...nullableString, description: 'Lúc sẽ kiểm tra lại (REVOCATION_RETRY_MINUTES), khi state = will_retry' },
    attempts: { ...int32, minimum: 0, description: 'Số lần đã thử (lần đầu sau khi đến và các lần kiểm tra lại)' },
    text: { type: 'string', description: 'Bằng lời (tiếng Việt), giờ Việt Nam dd/mm/yyyy HH:mm' },
    textEn: { type: 'string' },
  },
} as const;
const check = {
  type: 'object',
  required: ['verdict', 'signer', 'organization', 'signingTime', 'integrity', 'trusted', 'coversWholeFile', 'chain', 'revocation', 'revocationCheck', 'revocationSummary', 'problem'],
  properties: {
    verdict,
    signer: nullableString,
    organization: nullableString,
    signingTime: nullableString,
    integrity: { type: 'boolean', description: 'Toàn vẹn trên vùng byte đã ký' },
    trusted: { type: 'boolean', description: 'Chuỗi chứng thư tới CA tin cậy của tỉnh' },
    coversWholeFile: { type: 'boolean' },
    chain: { type: 'array', items: { type: 'string' } },
    revocation: { ...nullableString, description: 'Kiểm tra thu hồi (OCSP/CRL): kết quả, hoặc lý do chưa kiểm tra được' },
    revocationCheck,
    revocationSummary,
    problem: { ...nullableString, description: 'no_chain_to_trust_anchor, certificate_not_valid_at_signing_time, certificate_revoked, hoặc lý do chữ ký hỏng' },
  },
} as const;
const keyView = { anyOf: [{ type: 'object', required: ['kind', 'subject', 'notAfter'], properties: { kind: { type: 'string', enum: ['pkcs12', 'pkcs11'] }, subject: { type: 'string' }, notAfter: { type: 'string' } } }, { type: 'null' }] } as const;

/** Base64 of at most `bytes` bytes. */
const base64 = (bytes: number, description: string) => ({ type: 'string', minLength: 1, maxLength: Math.ceil(bytes / 3) * 4, pattern: '^[A-Za-z0-9+/]+={0,2}$', contentEncoding: 'base64', description }) as const;
const imageField = base64(SIGNATURE_IMAGE_MAX_BYTES, `Ảnh chữ ký (khóa cá nhân) hoặc con dấu (khóa cơ quan): PNG nền trong suốt, tối đa ${SIGNATURE_IMAGE_MAX_BYTES / 1024} KB, base64`);
const managedKey = {
  type: 'object',
  required: ['id', 'userId', 'owner', 'kind', 'subject', 'issuer', 'notBefore', 'notAfter', 'expired', 'active', 'hasImage', 'createdAt'],
  properties: {
    id: int32,
    userId: { anyOf: [int32, { type: 'null' }], description: 'null: khóa của cơ quan (ký phát hành)' },
    owner: { ...nullableString, description: 'Họ tên người được cấp; null: cơ quan' },
    kind: { type: 'string', enum: ['pkcs12', 'pkcs11'] },
    subject: { type: 'string', description: 'Chủ thể của chứng thư số' },
    issuer: { type: 'string', description: 'Tổ chức cấp chứng thư số (CA)' },
    notBefore: { type: 'string' },
    notAfter: { type: 'string' },
    expired: { type: 'boolean' },
    active: { type: 'boolean', description: 'false: đã vô hiệu hóa hoặc đã được thay bằng khóa mới' },
    hasImage: { type: 'boolean' },
    createdAt: { type: 'string' },
  },
} as const;
const agencyParams = { type: 'object', required: ['orgId'], properties: { orgId: { ...int32, minimum: 1 } } } as const;

/** /api/v1/signatures: verification kept with documents, keys set up, trust anchors. */
export function signatureRoutes(app: Api, ctx: AppContext): void {
  // A revocation check done after arrival, told live to the agencies holding the document.
  app.eventHub.addFeed(signatureCheckFeed(ctx));
  app.get(
    '/api/v1/signatures/documents/:id',
    {
      schema: {
        ...op('getDocumentSignatures', TAG, 'Kết quả kiểm tra chữ ký số các tệp PDF của văn bản (khi đến, khi phát hành)'),
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['verdict', 'label', 'labelEn', 'files', 'returnReason'],
            properties: {
              verdict,
              label: { type: 'string' },
              labelEn: { type: 'string' },
              returnReason: { ...nullableString, description: 'Lý do trả lại (02) điền sẵn khi chữ ký hỏng hoặc không tin cậy' },
              files: { type: 'array', items: { type: 'object', required: ['attachmentId', 'fileName', 'verdict', 'direction', 'checkedAt', 'signatures'], properties: { attachmentId: int32, fileName: { type: 'string' }, verdict, direction: { type: 'string', enum: ['issued', 'received'] }, checkedAt: { type: 'string' }, signatures: { type: 'array', items: check } } } },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => documentSignatures(ctx, requireActor(req), req.params.id),
  );
  app.get('/api/v1/signatures/keys', { schema: { ...op('getSigningKeys', TAG, 'Khóa ký số của cơ quan và của tôi'), response: { 200: { type: 'object', required: ['agency', 'mine'], properties: { agency: keyView, mine: keyView } }, ...errors } } }, async (req) =>
    keyStatus(ctx, requireActor(req)),
  );
  app.get(
    '/api/v1/signatures/agencies/:orgId/keys',
    {
      schema: {
        ...op('listAgencySigningKeys', TAG, 'Khóa ký số của cơ quan và của người trong cơ quan (quản trị cơ quan, quản trị tỉnh)'),
        params: agencyParams,
        response: {
          200: {
            type: 'object',
            required: ['agency', 'people', 'pkcs11Modules', 'items'],
            properties: {
              agency: { type: 'object', required: ['id', 'name'], properties: { id: int32, name: { type: 'string' } } },
              pkcs11Modules: { type: 'array', items: { type: 'string' }, description: 'Thư viện PKCS#11 máy chủ cho phép dùng (PKCS11_MODULES); rỗng: khóa trên thiết bị chỉ cấp bằng lệnh lienthong key add' },
              people: { type: 'array', items: { type: 'object', required: ['id', 'fullName', 'username', 'position'], properties: { id: int32, fullName: { type: 'string' }, username: { type: 'string' }, position: nullableString } } },
              items: { type: 'array', items: managedKey },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => listAgencyKeys(ctx, requireActor(req), req.params.orgId),
  );
  app.get(
    '/api/v1/signatures/agencies/:orgId/pkcs11-tokens',
    {
      schema: {
        ...op('listPkcs11Tokens', TAG, 'Thiết bị ký số (token, HSM) mà các thư viện PKCS#11 của máy chủ (PKCS11_MODULES) nhìn thấy, để chọn khi khai báo khóa (quản trị cơ quan, quản trị tỉnh); không nhận đường dẫn thư viện từ người dùng'),
        params: agencyParams,
        response: {
          200: {
            type: 'object',
            required: ['modules'],
            properties: {
              modules: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['module', 'tokens', 'error', 'errorEn'],
                  properties: {
                    module: { type: 'string', description: 'Thư viện PKCS#11 (một mục của PKCS11_MODULES)' },
                    error: { ...nullableString, description: 'Không nạp hoặc không đọc được thư viện này' },
                    errorEn: nullableString,
                    tokens: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['label', 'serial', 'manufacturer', 'model', 'keyLabels', 'certificateLabels', 'hasKey', 'hasCertificate'],
                        properties: {
                          label: { type: 'string', description: 'Nhãn thiết bị (token label)' },
                          serial: { type: 'string', description: 'Số sê-ri' },
                          manufacturer: { type: 'string' },
                          model: { type: 'string' },
                          keyLabels: { type: 'array', maxItems: 64, items: { type: 'string' }, description: 'Nhãn các khóa thấy được khi chưa nhập PIN' },
                          certificateLabels: { type: 'array', maxItems: 32, items: { type: 'string' } },
                          hasKey: { type: 'boolean' },
                          hasCertificate: { type: 'boolean' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => listPkcs11Tokens(ctx, requireActor(req), req.params.orgId),
  );
  app.post(
    '/api/v1/signatures/agencies/:orgId/keys',
    {
      schema: {
        ...op('addAgencySigningKey', TAG, 'Thêm khóa PKCS#12 cho cơ quan hoặc một người (thay khóa đang dùng); tệp được kiểm tra bằng cách mở, lưu niêm phong'),
        params: agencyParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['p12', 'password'],
          properties: {
            userId: { anyOf: [{ ...int32, minimum: 1 }, { type: 'null' }], description: 'Người được cấp; bỏ trống: khóa của cơ quan' },
            p12: base64(PKCS12_MAX_BYTES, `Tệp .p12/.pfx (PKCS#12), tối đa ${PKCS12_MAX_BYTES / 1024} KB, base64`),
            password: { type: 'string', maxLength: 200, description: 'Mật khẩu của tệp PKCS#12' },
            image: { anyOf: [imageField, { type: 'null' }] },
          },
        },
        response: { 201: managedKey, ...errors, 422: errorSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await addAgencyKey(ctx, requireActor(req), req.params.orgId, req.body)),
  );
  app.post(
    '/api/v1/signatures/agencies/:orgId/keys/pkcs11',
    {
      schema: {
        ...op('addAgencyTokenKey', TAG, 'Khai báo khóa trên thiết bị ký số / HSM (PKCS#11) cho cơ quan hoặc một người (thay khóa đang dùng): thiết bị được mở và ký thử để kiểm tra PIN và chứng thư; mã PIN lưu niêm phong'),
        params: agencyParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['module', 'tokenLabel', 'keyLabel', 'pin', 'certificate'],
          properties: {
            userId: { anyOf: [{ ...int32, minimum: 1 }, { type: 'null' }], description: 'Người được cấp; bỏ trống: khóa của cơ quan' },
            module: { type: 'string', minLength: 1, maxLength: 500, description: 'Thư viện PKCS#11, một trong pkcs11Modules của danh sách khóa' },
            tokenLabel: { type: 'string', minLength: 1, maxLength: 32, description: 'Nhãn của thiết bị ký số (token label)' },
            keyLabel: { type: 'string', minLength: 1, maxLength: 200, description: 'Nhãn của khóa bí mật trên thiết bị (CKA_LABEL)' },
            pin: { type: 'string', minLength: 1, maxLength: 100, description: 'Mã PIN người dùng của thiết bị' },
            certificate: { type: 'string', minLength: 1, maxLength: 20000, description: 'Chứng thư số của khóa: PEM, hoặc DER dạng base64' },
            image: { anyOf: [imageField, { type: 'null' }] },
          },
        },
        response: { 201: managedKey, ...errors, 422: errorSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await addAgencyTokenKey(ctx, requireActor(req), req.params.orgId, req.body)),
  );
  app.put(
    '/api/v1/signatures/keys/:id/image',
    {
      schema: {
        ...op('replaceSigningKeyImage', TAG, 'Tải lên hoặc thay ảnh chữ ký / con dấu của khóa (PNG, kiểm tra theo nội dung)'),
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['image'], properties: { image: imageField } },
        response: { 200: managedKey, ...errors, 422: errorSchema },
      },
    },
    async (req) => replaceKeyImage(ctx, requireActor(req), req.params.id, req.body.image),
  );
  app.get(
    '/api/v1/signatures/keys/:id/image',
    { schema: { ...op('getSigningKeyImage', TAG, 'Ảnh chữ ký / con dấu của khóa', { produces: ['image/png'] }), params: idParams, querystring: { type: 'object', additionalProperties: false, properties: { v: { type: 'string', maxLength: 40, description: 'Phiên bản ảnh (để trình duyệt tải lại khi ảnh được thay)' } } }, response: { 200: { type: 'string', format: 'binary', description: 'PNG' }, ...errors } } },
    async (req, reply) => {
      const png = await keyImage(ctx, requireActor(req), req.params.id);
      return reply.header('content-type', 'image/png').header('cache-control', 'private, no-cache').send(binary(png));
    },
  );
  app.post(
    '/api/v1/signatures/keys/:id/disable',
    { schema: { ...op('disableSigningKey', TAG, 'Vô hiệu hóa khóa ký số (không ký được nữa)'), params: idParams, response: { 200: managedKey, ...errors, 422: errorSchema } } },
    async (req) => disableSigningKey(ctx, requireActor(req), req.params.id),
  );
  app.get(
    '/api/v1/signatures/trust-anchors',
    { schema: { ...op('listTrustAnchors', TAG, 'Chứng thư CA tin cậy của tỉnh (lienthong trust add)'), response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['fingerprint', 'subject', 'notAfter', 'addedAt'], properties: { fingerprint: { type: 'string' }, subject: { type: 'string' }, notAfter: { type: 'string' }, addedAt: { type: 'string' } } } } } }, ...errors, 422: errorSchema } } },
    async (req) => {
      requireActor(req);
      return { items: await listTrustAnchors(ctx.db.kysely) };
    },
  );
}
