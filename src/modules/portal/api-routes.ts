import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { idParams, int32, op } from '../../server/schemas.js';
import { invalid } from '../../domain/errors.js';
import type { UploadedFile } from '../documents/index.js';
import { createProcedure, getManagedProcedure, importProcedures, importProceduresCsv, listManagedProcedures, setImplementation, updateProcedure } from './procedures-service.js';
import { deleteForm, uploadForm } from './forms-service.js';
import { listPublications, publishDocument, unpublishDocument, updatePublication } from './publishing-service.js';
import { createAnnouncement, listManagedAnnouncements, updateAnnouncement } from './announcements-service.js';
import { getProfile, replaceContacts, updateProfile } from './profile-service.js';
import { freshnessReport } from './freshness-read.js';

const TAG = 'portal';
const onlineLevel = { description: 'toan_trinh | mot_phan | null (không trực tuyến); mức cũ 3 → mot_phan, 4 → toan_trinh' } as const;
const record = { type: 'object', additionalProperties: true, description: 'Bản ghi thủ tục theo cấu trúc JSON của Cổng Dịch vụ công quốc gia (code, name, executionMethods[], executionCases[] …)' } as const;
const orgParams = { type: 'object', required: ['orgId'], properties: { orgId: { ...int32, minimum: 1 } } } as const;
const procOrgParams = { type: 'object', required: ['id', 'orgId'], properties: { id: { ...int32, minimum: 1 }, orgId: { ...int32, minimum: 1 } } } as const;
const importQuery = { type: 'object', properties: { orgId: { ...int32, minimum: 1 }, onlineLevel: { type: 'string', maxLength: 20 } } } as const;

const contactSchema = {
  type: 'object',
  required: ['kind', 'fullName'],
  properties: {
    kind: { type: 'string', enum: ['leader', 'focal'] },
    fullName: { type: 'string', maxLength: 200 },
    position: { type: ['string', 'null'], maxLength: 200 },
    positionEn: { type: ['string', 'null'], maxLength: 200 },
    unit: { type: ['string', 'null'], maxLength: 300 },
    phone: { type: ['string', 'null'], maxLength: 50 },
    mobile: { type: ['string', 'null'], maxLength: 50 },
    email: { type: ['string', 'null'], maxLength: 200 },
    public: {
      type: 'object',
      additionalProperties: false,
      description: 'Trường nào được công khai trên cổng (mặc định: tất cả trừ số di động)',
      properties: { position: { type: 'boolean' }, unit: { type: 'boolean' }, phone: { type: 'boolean' }, mobile: { type: 'boolean' }, email: { type: 'boolean' } },
    },
  },
} as const;

async function uploadedFile(req: FastifyRequest): Promise<UploadedFile & { title?: string }> {
  if (!req.isMultipart()) throw invalid('file', 'Hãy gửi tệp dạng multipart/form-data (trường "file").', 'Send the file as multipart/form-data (field "file").');
  const part = await req.file();
  if (!part) throw invalid('file', 'Thiếu tệp biểu mẫu.', 'No file was sent.');
  const bytes = await part.toBuffer();
  const title = part.fields.title as { value?: unknown } | undefined;
  return { fileName: part.filename || 'bieu-mau', bytes, title: typeof title?.value === 'string' ? title.value : undefined };
}

/** /api/v1/portal/…: what agencies manage on the public portal (session + CSRF, or a token). */
export function portalApiRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/portal/procedures', { schema: { ...op('listPortalProcedures', TAG, 'Thủ tục cơ quan quản lý hoặc thực hiện (quản trị tỉnh: tất cả)') } }, async (req) =>
    listManagedProcedures(ctx, requireActor(req)),
  );
  app.post(
    '/api/v1/portal/procedures',
    { schema: { ...op('createPortalProcedure', TAG, 'Thêm thủ tục (bản ghi theo cấu trúc quốc gia)'), body: { type: 'object', required: ['record'], properties: { record, orgId: { ...int32, minimum: 1 }, onlineLevel } } } },
    async (req, reply) => reply.status(201).send(await createProcedure(ctx, requireActor(req), req.body as object)),
  );
  app.post(
    '/api/v1/portal/procedures/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        ...op('importPortalProcedures', TAG, 'Nhập thủ tục từ JSON của Cổng Dịch vụ công quốc gia: một bản ghi, một mảng, hoặc { data }', { description: 'Tất cả hoặc không: lỗi nêu rõ trường ([2].executionMethods[0].submissionMethod). Bản ghi đã có của cơ quan khác được giữ nguyên, cơ quan được ghi nhận là nơi thực hiện.' }),
        querystring: importQuery,
      },
    },
    async (req) => importProcedures(ctx, requireActor(req), req.body, req.query as object),
  );
  app.post(
    '/api/v1/portal/procedures/import-csv',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        ...op('importPortalProceduresCsv', TAG, 'Nhập thủ tục từ CSV (các cột như tệp dữ liệu mở /du-lieu-mo/thu-tuc.csv)', { consumes: ['text/csv'] }),
        querystring: importQuery,
      },
    },
    async (req) => {
      if (typeof req.body !== 'string' || !req.body.trim()) throw invalid('csv', 'Hãy gửi nội dung CSV (Content-Type: text/csv).', 'Send the CSV as the body (Content-Type: text/csv).');
      return importProceduresCsv(ctx, requireActor(req), req.body, req.query as object);
    },
  );
  app.get('/api/v1/portal/procedures/:id', { schema: { ...op('getPortalProcedure', TAG, 'Chi tiết thủ tục, nơi thực hiện, biểu mẫu'), params: idParams } }, async (req) =>
    getManagedProcedure(ctx, requireActor(req), (req.params as { id: number }).id),
  );
  app.patch(
    '/api/v1/portal/procedures/:id',
    { schema: { ...op('updatePortalProcedure', TAG, 'Sửa bản ghi thủ tục hoặc ngừng công bố (active: false)'), params: idParams, body: { type: 'object', properties: { record, active: { type: 'boolean' } } } } },
    async (req) => updateProcedure(ctx, requireActor(req), (req.params as { id: number }).id, req.body as object),
  );
  app.put(
    '/api/v1/portal/procedures/:id/agencies/:orgId',
    { schema: { ...op('setPortalProcedureAgency', TAG, 'Cơ quan đăng ký thực hiện thủ tục và mức độ trực tuyến'), params: procOrgParams, body: { type: 'object', properties: { onlineLevel } } } },
    async (req) => {
      const p = req.params as { id: number; orgId: number };
      return setImplementation(ctx, requireActor(req), p.id, p.orgId, { onlineLevel: (req.body as { onlineLevel?: unknown } | undefined)?.onlineLevel });
    },
  );
  app.delete('/api/v1/portal/procedures/:id/agencies/:orgId', { schema: { ...op('removePortalProcedureAgency', TAG, 'Cơ quan thôi thực hiện thủ tục'), params: procOrgParams } }, async (req) => {
    const p = req.params as { id: number; orgId: number };
    return setImplementation(ctx, requireActor(req), p.id, p.orgId, { implemented: false });
  });
  app.post(
    '/api/v1/portal/procedures/:id/forms',
    { schema: { ...op('uploadPortalForm', TAG, 'Tải lên biểu mẫu (kiểm tra theo nội dung tệp)', { consumes: ['multipart/form-data'], description: 'multipart/form-data: "file" (bắt buộc), "title" (tuỳ chọn). Tên tệp trùng với attachments[].fileName của thành phần hồ sơ thì biểu mẫu hiện ngay tại thành phần đó.' }), params: idParams } },
    async (req, reply) => {
      const actor = requireActor(req);
      const file = await uploadedFile(req);
      return reply.status(201).send(await uploadForm(ctx, actor, (req.params as { id: number }).id, file, file.title));
    },
  );
  app.delete('/api/v1/portal/forms/:id', { schema: { ...op('deletePortalForm', TAG, 'Gỡ biểu mẫu'), params: idParams } }, async (req) => deleteForm(ctx, requireActor(req), (req.params as { id: number }).id));

  app.get('/api/v1/portal/publications', { schema: op('listPortalPublications', TAG, 'Văn bản cơ quan đã công bố (kể cả đã gỡ)') }, async (req) => listPublications(ctx, requireActor(req)));
  app.post(
    '/api/v1/portal/publications',
    { schema: { ...op('publishDocument', TAG, 'Công bố văn bản đã phát hành (không mật) của cơ quan'), body: { type: 'object', required: ['documentId'], properties: { documentId: { ...int32, minimum: 1 }, effectiveDate: { type: ['string', 'null'], description: 'Ngày có hiệu lực, dd/mm/yyyy hoặc yyyy-mm-dd' } } } } },
    async (req, reply) => {
      const b = req.body as { documentId: number; effectiveDate?: unknown };
      return reply.status(201).send(await publishDocument(ctx, requireActor(req), b.documentId, b));
    },
  );
  app.patch(
    '/api/v1/portal/publications/:id',
    { schema: { ...op('updatePublication', TAG, 'Sửa ngày có hiệu lực của văn bản đã công bố'), params: idParams, body: { type: 'object', properties: { effectiveDate: { type: ['string', 'null'] } } } } },
    async (req) => updatePublication(ctx, requireActor(req), (req.params as { id: number }).id, req.body as object),
  );
  app.delete('/api/v1/portal/publications/:id', { schema: { ...op('unpublishDocument', TAG, 'Gỡ văn bản khỏi cổng (id là mã văn bản)'), params: idParams } }, async (req) =>
    unpublishDocument(ctx, requireActor(req), (req.params as { id: number }).id),
  );

  const announcementBody = { type: 'object', properties: { orgId: { ...int32, minimum: 1 }, title: { type: 'string', maxLength: 300 }, body: { type: 'string', maxLength: 100000, description: 'HTML đơn giản (được lọc) hoặc văn bản thường' }, published: { type: 'boolean' } } } as const;
  app.get('/api/v1/portal/announcements', { schema: op('listPortalAnnouncements', TAG, 'Thông báo của cơ quan') }, async (req) => listManagedAnnouncements(ctx, requireActor(req)));
  app.post('/api/v1/portal/announcements', { schema: { ...op('createPortalAnnouncement', TAG, 'Đăng thông báo'), body: { ...announcementBody, required: ['title', 'body'] } } }, async (req, reply) =>
    reply.status(201).send(await createAnnouncement(ctx, requireActor(req), req.body as object)),
  );
  app.patch('/api/v1/portal/announcements/:id', { schema: { ...op('updatePortalAnnouncement', TAG, 'Sửa, gỡ (published: false) hoặc đăng lại thông báo'), params: idParams, body: announcementBody } }, async (req) =>
    updateAnnouncement(ctx, requireActor(req), (req.params as { id: number }).id, req.body as object),
  );

  app.get('/api/v1/portal/profiles/:orgId', { schema: { ...op('getPortalProfile', TAG, 'Thông tin cơ quan trên cổng, kể cả trường không công khai'), params: orgParams } }, async (req) =>
    getProfile(ctx, requireActor(req), (req.params as { orgId: number }).orgId),
  );
  app.patch(
    '/api/v1/portal/profiles/:orgId',
    {
      schema: {
        ...op('updatePortalProfile', TAG, 'Sửa tên tiếng Anh, chức năng (Việt, Anh), fax'),
        params: orgParams,
        body: { type: 'object', properties: { nameEn: { type: ['string', 'null'] }, functionsVi: { type: ['string', 'null'] }, functionsEn: { type: ['string', 'null'] }, fax: { type: ['string', 'null'] } } },
      },
    },
    async (req) => updateProfile(ctx, requireActor(req), (req.params as { orgId: number }).orgId, req.body as object),
  );
  app.put(
    '/api/v1/portal/profiles/:orgId/contacts',
    { schema: { ...op('replacePortalContacts', TAG, 'Thay danh sách lãnh đạo và đầu mối (mỗi trường có cờ công khai)'), params: orgParams, body: { type: 'object', required: ['contacts'], properties: { contacts: { type: 'array', maxItems: 100, items: contactSchema } } } } },
    async (req) => replaceContacts(ctx, requireActor(req), (req.params as { orgId: number }).orgId, (req.body as { contacts: unknown }).contacts),
  );

  app.get(
    '/api/v1/portal/freshness',
    { schema: { ...op('getPortalFreshness', TAG, 'Ngày cập nhật trang của cơ quan; quản trị tỉnh: mọi cơ quan, cơ quan chậm cập nhật trước') } },
    async (req) => {
      const actor = requireActor(req);
      return freshnessReport(ctx.db.kysely, ctx.now(), actor.isProvinceAdmin ? undefined : actor.agencyId);
    },
  );
}
