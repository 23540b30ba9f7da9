import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { errors, idParams, int32, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { SIGNATURE_VERDICTS } from '../../domain/signatures.js';
import { documentSignatures, keyStatus, listTrustAnchors } from './service.js';

const TAG = 'signatures';
const nullableString = { type: ['string', 'null'] } as const;
const verdict = { type: 'string', enum: [...SIGNATURE_VERDICTS], description: 'valid: toàn vẹn, tin cậy; untrusted: toàn vẹn nhưng chứng thư ngoài danh sách tin cậy; broken: bị sửa/hỏng; unsigned: không ký số' } as const;
const check = {
  type: 'object',
  required: ['verdict', 'signer', 'organization', 'signingTime', 'integrity', 'trusted', 'coversWholeFile', 'chain', 'revocation', 'problem'],
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
    problem: nullableString,
  },
} as const;
const keyView = { anyOf: [{ type: 'object', required: ['kind', 'subject', 'notAfter'], properties: { kind: { type: 'string', enum: ['pkcs12', 'pkcs11'] }, subject: { type: 'string' }, notAfter: { type: 'string' } } }, { type: 'null' }] } as const;

/** /api/v1/signatures: verification kept with documents, keys set up, trust anchors. */
export function signatureRoutes(app: Api, ctx: AppContext): void {
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
    '/api/v1/signatures/trust-anchors',
    { schema: { ...op('listTrustAnchors', TAG, 'Chứng thư CA tin cậy của tỉnh (lienthong trust add)'), response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', required: ['fingerprint', 'subject', 'notAfter', 'addedAt'], properties: { fingerprint: { type: 'string' }, subject: { type: 'string' }, notAfter: { type: 'string' }, addedAt: { type: 'string' } } } } } }, ...errors, 422: errorSchema } } },
    async (req) => {
      requireActor(req);
      return { items: await listTrustAnchors(ctx.db.kysely) };
    },
  );
}
