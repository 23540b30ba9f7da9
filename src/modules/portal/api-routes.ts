import { ACCEPTED_KINDS_TEXT } from '../../domain/file-kinds.js';
import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { errors, idParams, int32, multipartUpload, op, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { invalid } from '../../domain/errors.js';
import { receiveUpload } from '../../server/uploads.js';
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

const nstr = { type: ['string', 'null'] } as const;
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const level = { type: ['string', 'null'], enum: ['toan_trinh', 'mot_phan', null], description: 'Mức độ trực tuyến (null: không trực tuyến)' } as const;
const agencies = { type: 'array', items: { type: 'object', required: ['orgId', 'onlineLevel'], properties: { orgId: int32, onlineLevel: level } } } as const;
const saveResult = { type: 'object', additionalProperties: false, required: ['id', 'code', 'outcome'], properties: { id: int32, code: str, outcome: { type: 'string', enum: ['created', 'updated', 'linked'] } } } as const;
const importResult = {
  type: 'object',
  required: ['procedures', 'created', 'updated', 'linked'],
  properties: { procedures: { type: 'array', items: saveResult }, created: { type: 'integer' }, updated: { type: 'integer' }, linked: { type: 'integer', description: 'Bản ghi của cơ quan khác: chỉ ghi nhận nơi thực hiện' } },
} as const;
const procedureRow = {
  type: 'object',
  required: ['id', 'code', 'name', 'ownerOrgId', 'active', 'updatedAt', 'agencies'],
  properties: { id: int32, code: str, name: str, ownerOrgId: int32, active: bool, updatedAt: str, agencies },
} as const;
const formSchema = {
  type: 'object',
  required: ['id', 'fileName', 'title', 'size', 'mime', 'sha256', 'orgId', 'createdAt'],
  properties: { id: int32, fileName: str, title: str, size: { type: 'integer' }, mime: str, sha256: str, orgId: int32, createdAt: str },
} as const;
const procedureDetail = {
  type: 'object',
  required: ['id', 'code', 'ownerOrgId', 'active', 'updatedAt', 'mayEdit', 'record', 'agencies', 'forms'],
  properties: { id: int32, code: str, ownerOrgId: int32, active: bool, updatedAt: str, mayEdit: { type: 'boolean', description: 'Người gọi được sửa bản ghi' }, record, agencies, forms: { type: 'array', items: formSchema } },
} as const;
const implementation = {
  type: 'object',
  required: ['procedureId', 'orgId', 'implemented', 'onlineLevel'],
  properties: { procedureId: int32, orgId: int32, implemented: bool, onlineLevel: level },
} as const;
const publicationSchema = {
  type: 'object',
  required: ['documentId', 'orgId', 'symbol', 'summary', 'typeCode', 'docDate', 'effectiveDate', 'publishedAt', 'unpublishedAt', 'live'],
  properties: { documentId: int32, orgId: int32, symbol: nstr, summary: str, typeCode: str, docDate: nstr, effectiveDate: nstr, publishedAt: str, unpublishedAt: nstr, live: { type: 'boolean', description: 'Đang hiện trên cổng' } },
} as const;
const announcementSchema = {
  type: 'object',
  required: ['id', 'orgId', 'title', 'body', 'publishedAt', 'withdrawnAt', 'live', 'createdAt', 'updatedAt'],
  properties: { id: int32, orgId: int32, title: str, body: { type: 'string', description: 'HTML đã lọc' }, publishedAt: nstr, withdrawnAt: nstr, live: bool, createdAt: str, updatedAt: str },
} as const;
const profileSchema = {
  type: 'object',
  required: ['orgId', 'name', 'nameEn', 'functionsVi', 'functionsEn', 'fax', 'lastUpdated', 'freshness', 'contacts'],
  properties: {
    orgId: int32,
    name: str,
    nameEn: nstr,
    functionsVi: nstr,
    functionsEn: nstr,
    fax: nstr,
    lastUpdated: str,
    freshness: { type: 'object', additionalProperties: false, required: ['days', 'stale'], properties: { days: { type: 'integer' }, stale: bool } },
    contacts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kind', 'fullName', 'position', 'positionEn', 'unit', 'phone', 'mobile', 'email', 'public'],
        properties: {
          id: int32,
          kind: { type: 'string', enum: ['leader', 'focal'] },
          fullName: str,
          position: nstr,
          positionEn: nstr,
          unit: nstr,
          phone: nstr,
          mobile: nstr,
          email: nstr,
          public: { type: 'object', required: ['position', 'unit', 'phone', 'mobile', 'email'], properties: { position: bool, unit: bool, phone: bool, mobile: bool, email: bool } },
        },
      },
    },
  },
} as const;
const freshnessSchema = {
  type: 'object',
  required: ['staleAfterDays', 'agencies'],
  properties: {
    staleAfterDays: { type: 'integer' },
    agencies: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['orgId', 'name', 'lastUpdated', 'days', 'stale', 'procedures', 'documents', 'forms'],
        properties: { orgId: int32, name: str, lastUpdated: str, days: { type: 'integer' }, stale: bool, procedures: { type: 'integer' }, documents: { type: 'integer' }, forms: { type: 'integer' } },
      },
    },
  },
} as const;

/** /api/v1/portal/…: what agencies manage on the public portal (session + CSRF, or a token). */
export function portalApiRoutes(app: Api, ctx: AppContext) {
  app.get('/api/v1/portal/procedures', { schema: { ...op('listPortalProcedures', TAG, 'Thủ tục cơ quan quản lý hoặc thực hiện (quản trị tỉnh: tất cả)'), response: { 200: { type: 'array', items: procedureRow }, ...errors } } }, async (req) =>
    listManagedProcedures(ctx, requireActor(req)),
  );
  app.post(
    '/api/v1/portal/procedures',
    { schema: { ...op('createPortalProcedure', TAG, 'Thêm thủ tục (bản ghi theo cấu trúc quốc gia)'), body: { type: 'object', required: ['record'], properties: { record, orgId: { ...int32, minimum: 1 }, onlineLevel } }, response: { 201: saveResult, ...errors } } },
    async (req, reply) => reply.status(201).send(await createProcedure(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/v1/portal/procedures/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        ...op('importPortalProcedures', TAG, 'Nhập thủ tục từ JSON của Cổng Dịch vụ công quốc gia: một bản ghi, một mảng, hoặc { data }', { description: 'Tất cả hoặc không: lỗi nêu rõ trường ([2].executionMethods[0].submissionMethod). Bản ghi đã có của cơ quan khác được giữ nguyên, cơ quan được ghi nhận là nơi thực hiện.' }),
        querystring: importQuery,
        body: { description: 'Một bản ghi, một mảng bản ghi, hoặc { data: [...] }', anyOf: [record, { type: 'array', maxItems: 5000, items: record }] },
        response: { 200: importResult, ...errors, 413: errorSchema },
      },
    },
    async (req) => importProcedures(ctx, requireActor(req), req.body, req.query),
  );
  app.post(
    '/api/v1/portal/procedures/import-csv',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        ...op('importPortalProceduresCsv', TAG, 'Nhập thủ tục từ CSV (các cột như tệp dữ liệu mở /du-lieu-mo/thu-tuc.csv)', { consumes: ['text/csv'] }),
        querystring: importQuery,
        body: { type: 'string', description: 'Nội dung CSV' },
        response: { 200: importResult, ...errors, 413: errorSchema },
      },
    },
    async (req) => {
      if (typeof req.body !== 'string' || !req.body.trim()) throw invalid('csv', 'Hãy gửi nội dung CSV (Content-Type: text/csv).', 'Send the CSV as the body (Content-Type: text/csv).');
      return importProceduresCsv(ctx, requireActor(req), req.body, req.query);
    },
  );
  app.get('/api/v1/portal/procedures/:id', { schema: { ...op('getPortalProcedure', TAG, 'Chi tiết thủ tục, nơi thực hiện, biểu mẫu'), params: idParams, response: { 200: procedureDetail, ...errors } } }, async (req) =>
    getManagedProcedure(ctx, requireActor(req), req.params.id),
  );
  app.patch(
    '/api/v1/portal/procedures/:id',
    { schema: { ...op('updatePortalProcedure', TAG, 'Sửa bản ghi thủ tục hoặc ngừng công bố (active: false)'), params: idParams, body: { type: 'object', properties: { record, active: { type: 'boolean' } } }, response: { 200: { type: 'object', required: ['id', 'code'], properties: { id: int32, code: str } }, ...errors } } },
    async (req) => updateProcedure(ctx, requireActor(req), req.params.id, req.body),
  );
  app.put(
    '/api/v1/portal/procedures/:id/agencies/:orgId',
    { schema: { ...op('setPortalProcedureAgency', TAG, 'Cơ quan đăng ký thực hiện thủ tục và mức độ trực tuyến'), params: procOrgParams, body: { type: 'object', properties: { onlineLevel } }, response: { 200: implementation, ...errors } } },
    async (req) => {
      const p = req.params;
      return setImplementation(ctx, requireActor(req), p.id, p.orgId, { onlineLevel: req.body?.onlineLevel });
    },
  );
  app.delete('/api/v1/portal/procedures/:id/agencies/:orgId', { schema: { ...op('removePortalProcedureAgency', TAG, 'Cơ quan thôi thực hiện thủ tục'), params: procOrgParams, response: { 200: implementation, ...errors } } }, async (req) => {
    const p = req.params;
    return setImplementation(ctx, requireActor(req), p.id, p.orgId, { implemented: false });
  });
  app.post(
    '/api/v1/portal/procedures/:id/forms',
    { schema: { ...op('uploadPortalForm', TAG, 'Tải lên biểu mẫu (kiểm tra theo nội dung tệp)', {
          ...multipartUpload(`Biểu mẫu: ${ACCEPTED_KINDS_TEXT}`, { title: { type: 'string', maxLength: 500, description: 'Tên biểu mẫu (mặc định: tên tệp)' } }),
          description: 'Tên tệp trùng với attachments[].fileName của thành phần hồ sơ thì biểu mẫu hiện ngay tại thành phần đó.',
        }),
        params: idParams,
        response: {
          201: { type: 'object', required: ['id', 'procedureId', 'fileName', 'title', 'mime', 'size', 'sha256'], properties: { id: int32, procedureId: int32, fileName: str, title: str, mime: str, size: { type: 'integer' }, sha256: str } },
          ...errors,
          413: errorSchema,
          415: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = req.params.id;
      return reply.status(201).send(await receiveUpload(ctx, req, reply, actor, 'bieu-mau', (file) => uploadForm(ctx, actor, id, file, file.fields.title)));
    },
  );
  app.delete('/api/v1/portal/forms/:id', { schema: { ...op('deletePortalForm', TAG, 'Gỡ biểu mẫu'), params: idParams, response: { 200: { type: 'object', required: ['id', 'deleted'], properties: { id: int32, deleted: bool } }, ...errors } } }, async (req) =>
    deleteForm(ctx, requireActor(req), req.params.id),
  );

  app.get('/api/v1/portal/publications', { schema: { ...op('listPortalPublications', TAG, 'Văn bản cơ quan đã công bố (kể cả đã gỡ)'), response: { 200: { type: 'array', items: publicationSchema }, ...errors } } }, async (req) => listPublications(ctx, requireActor(req)));
  app.post(
    '/api/v1/portal/publications',
    { schema: { ...op('publishDocument', TAG, 'Công bố văn bản đã phát hành (không mật) của cơ quan'), body: { type: 'object', required: ['documentId'], properties: { documentId: { ...int32, minimum: 1 }, effectiveDate: { type: ['string', 'null'], maxLength: 10, description: 'Ngày có hiệu lực, dd/mm/yyyy hoặc yyyy-mm-dd' } } },
        response: { 201: { type: 'object', required: ['documentId', 'published', 'publishedAt', 'effectiveDate'], properties: { documentId: int32, published: bool, publishedAt: str, effectiveDate: nstr } }, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      return reply.status(201).send(await publishDocument(ctx, requireActor(req), b.documentId, b));
    },
  );
  app.patch(
    '/api/v1/portal/publications/:id',
    { schema: { ...op('updatePublication', TAG, 'Sửa ngày có hiệu lực của văn bản đã công bố'), params: idParams, body: { type: 'object', properties: { effectiveDate: { type: ['string', 'null'], maxLength: 10 } } }, response: { 200: { type: 'object', required: ['documentId', 'effectiveDate'], properties: { documentId: int32, effectiveDate: nstr } }, ...errors } } },
    async (req) => updatePublication(ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete('/api/v1/portal/publications/:id', { schema: { ...op('unpublishDocument', TAG, 'Gỡ văn bản khỏi cổng (id là mã văn bản)'), params: idParams, response: { 200: { type: 'object', required: ['documentId', 'published', 'unpublishedAt'], properties: { documentId: int32, published: bool, unpublishedAt: str } }, ...errors } } }, async (req) =>
    unpublishDocument(ctx, requireActor(req), req.params.id),
  );

  const announcementBody = { type: 'object', properties: { orgId: { ...int32, minimum: 1 }, title: { type: 'string', maxLength: 300 }, body: { type: 'string', maxLength: 100000, description: 'HTML đơn giản (được lọc) hoặc văn bản thường' }, published: { type: 'boolean' } } } as const;
  app.get('/api/v1/portal/announcements', { schema: { ...op('listPortalAnnouncements', TAG, 'Thông báo của cơ quan'), response: { 200: { type: 'array', items: announcementSchema }, ...errors } } }, async (req) => listManagedAnnouncements(ctx, requireActor(req)));
  app.post('/api/v1/portal/announcements', { schema: { ...op('createPortalAnnouncement', TAG, 'Đăng thông báo'), body: { ...announcementBody, required: ['title', 'body'] }, response: { 201: announcementSchema, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await createAnnouncement(ctx, requireActor(req), req.body)),
  );
  app.patch('/api/v1/portal/announcements/:id', { schema: { ...op('updatePortalAnnouncement', TAG, 'Sửa, gỡ (published: false) hoặc đăng lại thông báo'), params: idParams, body: announcementBody, response: { 200: announcementSchema, ...errors } } }, async (req) =>
    updateAnnouncement(ctx, requireActor(req), req.params.id, req.body),
  );

  app.get('/api/v1/portal/profiles/:orgId', { schema: { ...op('getPortalProfile', TAG, 'Thông tin cơ quan trên cổng, kể cả trường không công khai'), params: orgParams, response: { 200: profileSchema, ...errors } } }, async (req) =>
    getProfile(ctx, requireActor(req), req.params.orgId),
  );
  app.patch(
    '/api/v1/portal/profiles/:orgId',
    {
      schema: {
        ...op('updatePortalProfile', TAG, 'Sửa tên tiếng Anh, chức năng (Việt, Anh), fax'),
        params: orgParams,
        body: { type: 'object', properties: { nameEn: { type: ['string', 'null'], maxLength: 300 }, functionsVi: { type: ['string', 'null'], maxLength: 20000 }, functionsEn: { type: ['string', 'null'], maxLength: 20000 }, fax: { type: ['string', 'null'], maxLength: 50 } } },
        response: { 200: profileSchema, ...errors },
      },
    },
    async (req) => updateProfile(ctx, requireActor(req), req.params.orgId, req.body),
  );
  app.put(
    '/api/v1/portal/profiles/:orgId/contacts',
    { schema: { ...op('replacePortalContacts', TAG, 'Thay danh sách lãnh đạo và đầu mối (mỗi trường có cờ công khai)'), params: orgParams, body: { type: 'object', required: ['contacts'], properties: { contacts: { type: 'array', maxItems: 100, items: contactSchema } } }, response: { 200: profileSchema, ...errors } } },
    async (req) => replaceContacts(ctx, requireActor(req), req.params.orgId, req.body.contacts),
  );

  app.get(
    '/api/v1/portal/freshness',
    { schema: { ...op('getPortalFreshness', TAG, 'Ngày cập nhật trang của cơ quan; quản trị tỉnh: mọi cơ quan, cơ quan chậm cập nhật trước'), response: { 200: freshnessSchema, ...errors } } },
    async (req) => {
      const actor = requireActor(req);
      return freshnessReport(ctx.db.kysely, ctx.now(), actor.isProvinceAdmin ? undefined : actor.agencyId);
    },
  );
}
