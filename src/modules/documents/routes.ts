import { ACCEPTED_KINDS_TEXT } from '../../domain/file-kinds.js';
import type { AppContext } from '../context.js';
import { requireActor } from '../../server/auth.js';
import { binary, errors, idParams, itemParams, multipartUpload, op, int32, type Api } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { PROCESSING_STATUSES } from '../../domain/statuses.js';
import { attachmentAdded, bookSchema, confidentiality, copyResult, dispatchResult, documentSchema, draftBody, inboxList, issued, itemStatus, nextNumberSchema, outgoingList, overdueSchema, recallResult, registerSchema, searchResult, trailSchema, uploadErrors, urgency } from './schemas.js';
import { createDocument, updateDraft, addAttachment } from './drafts.js';
import { receiveUpload } from '../../server/uploads.js';
import { issueDocument, dispatchDocument, copyDocument } from './issue.js';
import { receiveIncoming, rejectIncoming, assignIncoming, startProcessing, completeIncoming, registerPaper, addScan } from './incoming.js';
import { recallDocument, answerRecall } from './recall.js';
import { getDocument, getDocumentTrail, listInbox, searchDocuments, listOverdue, readAttachment } from './queries.js';
import { INBOX_SORTS } from './inbox-order.js';
import { listOutgoing } from './outgoing.js';
import { registerBook, bookToCsv, bookToXlsx, bookToPdf } from './registers.js';
import { createRegister, updateRegister, previewNextNumber, listRegisters } from './register-config.js';

const attachmentUpload = multipartUpload(`Tệp đính kèm: ${ACCEPTED_KINDS_TEXT}`, {
  role: { type: 'string', enum: ['main', 'appendix', 'scan'], default: 'main', description: 'main: văn bản chính (mặc định); appendix: phụ lục; scan: bản quét' },
});
const scanUpload = multipartUpload(`Bản quét của văn bản giấy: ${ACCEPTED_KINDS_TEXT}`);

const doc = { 200: documentSchema, ...errors } as const;
const status = { 200: itemStatus, ...errors } as const;
const file = { type: 'string', format: 'binary' } as const;

export function documentRoutes(app: Api, ctx: AppContext) {
  app.post('/api/v1/documents', { schema: { ...op('createDocument', 'documents', 'Tạo dự thảo văn bản đi'), body: draftBody, response: { 201: documentSchema, ...errors } } }, async (req, reply) => {
    const id = await createDocument(ctx, requireActor(req), req.body);
    return reply.status(201).send(await getDocument(ctx, requireActor(req), id));
  });
  app.patch('/api/v1/documents/:id', { schema: { ...op('updateDocument', 'documents', 'Sửa dự thảo'), params: idParams, body: draftBody, response: doc } }, async (req) => {
    const { id } = req.params;
    await updateDraft(ctx, requireActor(req), id, req.body);
    return getDocument(ctx, requireActor(req), id);
  });
  app.get(
    '/api/v1/documents/outgoing',
    {
      schema: {
        ...op('listOutgoing', 'documents', 'Văn bản đi của cơ quan, mới nhất trước, với số nơi nhận theo từng trạng thái xử lý'),
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200, description: 'Tìm trong số, ký hiệu, trích yếu, người ký (không phân biệt dấu)' },
            state: { type: 'string', enum: ['issued', 'draft'], description: 'issued (mặc định) | draft' },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            cursor: { type: 'string', maxLength: 300, description: 'nextCursor của trang trước' },
          },
        },
        response: { 200: outgoingList, ...errors },
      },
    },
    async (req) => listOutgoing(ctx, requireActor(req), req.query),
  );
  app.get('/api/v1/documents/:id', { schema: { ...op('getDocument', 'documents', 'Chi tiết văn bản'), params: idParams, response: doc } }, async (req) => getDocument(ctx, requireActor(req), req.params.id));
  app.post(
    '/api/v1/documents/:id/attachments',
    { schema: { ...op('addAttachment', 'documents', 'Đính kèm tệp (PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, ZIP, ảnh)', attachmentUpload), params: idParams, response: { 201: attachmentAdded, ...errors, ...uploadErrors } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = req.params.id;
      const added = await receiveUpload(ctx, req, reply, actor, 'tep-dinh-kem', (file) => addAttachment(ctx, actor, id, { ...file, role: file.fields.role }));
      return reply.status(201).send(added);
    },
  );
  app.get(
    '/api/v1/documents/:id/attachments/:attachmentId',
    {
      schema: {
        ...op('downloadAttachment', 'documents', 'Tải tệp đính kèm'),
        params: { type: 'object', required: ['id', 'attachmentId'], properties: { id: { ...int32, minimum: 1 }, attachmentId: { ...int32, minimum: 1 } } },
        querystring: { type: 'object', properties: { inline: { type: 'string', enum: ['0', '1'], description: '1: mở trong trình duyệt thay vì tải về' } } },
        response: { 200: { ...file, description: 'Tệp như đã gửi lên' }, ...errors },
      },
    },
    async (req, reply) => {
      const { id, attachmentId } = req.params;
      const f = await readAttachment(ctx, requireActor(req), id, attachmentId);
      const inline = req.query.inline === '1';
      return reply
        .header('content-type', f.mime)
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(binary(f.bytes));
    },
  );
  const issueBody = { type: 'object', additionalProperties: false, properties: { paperOnly: { type: 'boolean', description: 'Chỉ phát hành bản giấy: cấp số, vào sổ, không gửi điện tử, không cần tệp PDF' } } } as const;
  app.post('/api/v1/documents/:id/issue', { schema: { ...op('issueDocument', 'documents', 'Cấp số, vào sổ và phát hành tới các nơi nhận (phát hành điện tử cần văn bản chính dạng PDF)'), params: idParams, body: issueBody, response: { 200: issued, ...errors, 422: errorSchema } } }, async (req) =>
    issueDocument(ctx, requireActor(req), req.params.id, { paperOnly: req.body?.paperOnly === true }),
  );
  app.post(
    '/api/v1/documents/:id/dispatch',
    {
      schema: {
        ...op('dispatchDocument', 'documents', 'Gửi bổ sung văn bản đã phát hành'),
        params: idParams,
        body: { type: 'object', required: ['recipients'], properties: { recipients: { type: 'array', items: int32, maxItems: 2000 } } },
        response: { 200: dispatchResult, ...errors },
      },
    },
    async (req) => dispatchDocument(ctx, requireActor(req), req.params.id, req.body.recipients),
  );
  app.get('/api/v1/documents/:id/trail', { schema: { ...op('getDocumentTrail', 'documents', 'Quá trình xử lý tại từng nơi nhận'), params: idParams, response: { 200: trailSchema, ...errors } } }, async (req) =>
    getDocumentTrail(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/v1/documents/:id/recall',
    {
      schema: {
        ...op('recallDocument', 'documents', 'Yêu cầu thu hồi văn bản (13)'),
        params: idParams,
        body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 1000 }, recipients: { type: 'array', items: int32, maxItems: 2000, description: 'Mặc định: mọi nơi nhận' } } },
        response: { 200: recallResult, ...errors },
      },
    },
    async (req) => recallDocument(ctx, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/documents/:id/copies',
    {
      schema: {
        ...op('copyDocument', 'documents', 'Sao y, sao lục, trích sao'),
        params: idParams,
        body: {
          type: 'object',
          required: ['kind'],
          properties: {
            kind: { type: 'string', enum: ['SY', 'SL', 'TrS'] },
            summary: { type: 'string', maxLength: 500 },
            signerName: { type: 'string', maxLength: 200 },
            signerPosition: { type: 'string', maxLength: 200 },
            signerCompetence: { type: 'string', maxLength: 10 },
            recipients: { type: 'array', items: int32, maxItems: 2000 },
            notes: { type: 'string', maxLength: 1000 },
          },
        },
        response: { 201: copyResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await copyDocument(ctx, requireActor(req), req.params.id, req.body)),
  );

  const inboxQuery = {
    type: 'object',
    properties: {
      q: { type: 'string', maxLength: 200, description: 'Tìm trong số, ký hiệu, trích yếu, người ký (không phân biệt dấu)' },
      recall: { type: 'string', enum: ['pending'], description: 'pending: chỉ văn bản nơi gửi đang yêu cầu thu hồi' },
      status: { type: 'string', maxLength: 2, description: 'Mã trạng thái 01–06' },
      urgency: { type: 'string', maxLength: 20 },
      overdue: { type: 'boolean' },
      mine: { type: 'boolean' },
      limit: { type: 'integer', minimum: 1, maximum: 200 },
      sort: { type: 'string', maxLength: 20, description: `Sắp xếp theo: ${INBOX_SORTS.join(' | ')} (mặc định arrived, mới nhất trước)` },
      dir: { type: 'string', maxLength: 4, description: 'asc | desc (mặc định: desc cho arrived, asc cho các thứ tự khác)' },
      cursor: { type: 'string', maxLength: 300, description: 'nextCursor của trang trước' },
      beforeId: { ...int32, description: 'Cách cũ, chỉ với thứ tự mặc định: nextBeforeId của trang trước' },
    },
  } as const;
  app.get('/api/v1/inbox', { schema: { ...op('listInbox', 'incoming', 'Văn bản đến của cơ quan: mới nhất trước, hoặc theo số đến, hạn xử lý, độ khẩn, trạng thái'), querystring: inboxQuery, response: { 200: inboxList, ...errors } } }, async (req) =>
    listInbox(ctx, requireActor(req), req.query),
  );
  app.post('/api/v1/inbox/:itemId/receive', { schema: { ...op('receiveIncoming', 'incoming', 'Tiếp nhận, vào sổ văn bản đến (03)'), params: itemParams, response: status } }, async (req) =>
    receiveIncoming(ctx, requireActor(req), req.params.itemId),
  );
  app.post(
    '/api/v1/inbox/:itemId/reject',
    { schema: { ...op('rejectIncoming', 'incoming', 'Từ chối tiếp nhận, trả lại nơi gửi (02)'), params: itemParams, body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 1000 } } }, response: status } },
    async (req) => rejectIncoming(ctx, requireActor(req), req.params.itemId, req.body.reason),
  );
  app.post(
    '/api/v1/inbox/:itemId/assign',
    {
      schema: {
        ...op('assignIncoming', 'incoming', 'Phân công xử lý (04): chủ trì, phối hợp, để biết'),
        params: itemParams,
        body: {
          type: 'object',
          required: ['assignees'],
          properties: {
            direction: { type: 'string', maxLength: 2000, description: 'Ý kiến chỉ đạo' },
            deadline: { type: 'string', maxLength: 10 },
            assignees: {
              type: 'array',
              maxItems: 200,
              items: { type: 'object', properties: { userId: int32, orgId: int32, role: { type: 'string', enum: ['lead', 'cooperate', 'info'] }, deadline: { type: 'string', maxLength: 10 } } },
            },
          },
        },
        response: status,
      },
    },
    async (req) => assignIncoming(ctx, requireActor(req), req.params.itemId, req.body),
  );
  app.post('/api/v1/inbox/:itemId/start', { schema: { ...op('startProcessing', 'incoming', 'Bắt đầu xử lý (05)'), params: itemParams, response: status } }, async (req) =>
    startProcessing(ctx, requireActor(req), req.params.itemId),
  );
  app.post(
    '/api/v1/inbox/:itemId/complete',
    {
      schema: {
        ...op('completeIncoming', 'incoming', 'Hoàn thành xử lý (06)'),
        params: itemParams,
        body: { type: 'object', properties: { resultNote: { type: 'string', maxLength: 4000 }, replyDocumentId: int32 } },
        response: status,
      },
    },
    async (req) => completeIncoming(ctx, requireActor(req), req.params.itemId, req.body ?? {}),
  );
  app.post(
    '/api/v1/inbox/:itemId/recall-answer',
    {
      schema: {
        ...op('answerRecall', 'incoming', 'Trả lời yêu cầu thu hồi: đồng ý (15) hoặc từ chối (16)'),
        params: itemParams,
        body: { type: 'object', required: ['agree'], properties: { agree: { type: 'boolean' }, reason: { type: 'string', maxLength: 1000 } } },
        response: {
          200: { type: 'object', required: ['itemId', 'recallState', 'withdrawn'], properties: { itemId: int32, recallState: { type: 'string', enum: ['15', '16'] }, withdrawn: { type: 'boolean' } } },
          ...errors,
        },
      },
    },
    async (req) => answerRecall(ctx, requireActor(req), req.params.itemId, req.body),
  );
  app.post(
    '/api/v1/inbox/paper',
    {
      schema: {
        ...op('registerPaper', 'incoming', 'Vào sổ văn bản đến bản giấy'),
        body: {
          type: 'object',
          required: ['sender', 'summary', 'typeCode'],
          properties: {
            sender: { type: 'string', maxLength: 300, description: 'Cơ quan ban hành' },
            symbol: { type: 'string', maxLength: 60 },
            docDate: { type: 'string', maxLength: 10 },
            typeCode: { type: 'string', maxLength: 20 },
            summary: { type: 'string', maxLength: 500 },
            signerName: { type: 'string', maxLength: 200 },
            urgency: { type: 'string', maxLength: 20, description: urgency.enum.join(' | ') },
            confidentiality: { type: 'string', maxLength: 20, description: confidentiality.enum.join(' | ') },
            deadline: { type: 'string', maxLength: 10 },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['itemId', 'documentId', 'status', 'arrivalNumber', 'arrivalYear'],
            properties: { itemId: int32, documentId: int32, status: { type: 'string', enum: ['03'] }, arrivalNumber: int32, arrivalYear: int32 },
          },
          ...errors,
        },
      },
    },
    async (req, reply) => reply.status(201).send(await registerPaper(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/v1/inbox/:itemId/scan',
    { schema: { ...op('addScan', 'incoming', 'Đính kèm bản quét của văn bản giấy', scanUpload), params: itemParams, response: { 201: attachmentAdded, ...errors, ...uploadErrors } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const itemId = req.params.itemId;
      return reply.status(201).send(await receiveUpload(ctx, req, reply, actor, 'tep-dinh-kem', (file) => addScan(ctx, actor, itemId, file)));
    },
  );

  app.get(
    '/api/v1/search',
    {
      schema: {
        ...op('searchDocuments', 'documents', 'Tìm kiếm văn bản (không phân biệt dấu, hoa thường)'),
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200 },
            direction: { type: 'string', enum: ['incoming', 'outgoing'] },
            state: { type: 'string', enum: ['draft', 'issued'] },
            registerId: int32,
            year: int32,
            typeCode: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*$', description: 'Mã loại văn bản; nhiều loại cách nhau bằng dấu phẩy (QD,NQ)' },
            urgency,
            status: { type: 'string', enum: [...PROCESSING_STATUSES] },
            from: { type: 'string', maxLength: 10 },
            to: { type: 'string', maxLength: 10 },
            senderOrgId: int32,
            recipientOrgId: int32,
            overdue: { type: 'boolean' },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            offset: { type: 'integer', minimum: 0, maximum: 10000 },
          },
        },
        response: { 200: searchResult, ...errors },
      },
    },
    async (req) => searchDocuments(ctx, requireActor(req), req.query),
  );
  app.get('/api/v1/overdue', { schema: { ...op('listOverdue', 'incoming', 'Văn bản quá hạn theo cơ quan và theo người'), response: { 200: overdueSchema, ...errors } } }, async (req) => listOverdue(ctx, requireActor(req)));
  const registerBody = {
    type: 'object',
    properties: {
      kind: { type: 'string', enum: ['outgoing', 'incoming'] },
      name: { type: 'string', maxLength: 200 },
      secret: { type: 'boolean' },
      typeCodes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 20 } },
      active: { type: 'boolean' },
    },
  } as const;
  app.get('/api/v1/registers', { schema: { ...op('listRegisters', 'registers', 'Các sổ văn bản của cơ quan'), response: { 200: { type: 'array', items: registerSchema }, ...errors } } }, async (req) =>
    listRegisters(ctx, requireActor(req)),
  );
  app.get(
    '/api/v1/registers/next-number',
    {
      schema: {
        ...op('previewNextNumber', 'registers', 'Số và ký hiệu dự kiến của văn bản sẽ phát hành (xem trước, không giữ số)'),
        querystring: {
          type: 'object',
          required: ['typeCode'],
          properties: { typeCode: { type: 'string', maxLength: 20 }, confidentiality: { type: 'string', maxLength: 20 }, registerId: int32, draftingUnit: { type: 'string', maxLength: 30 } },
        },
        response: { 200: nextNumberSchema, ...errors },
      },
    },
    async (req) => previewNextNumber(ctx, requireActor(req), req.query),
  );
  app.post('/api/v1/registers', { schema: { ...op('createRegister', 'registers', 'Lập sổ văn bản mới (đi/đến, thường/mật, theo loại văn bản)'), body: registerBody, response: { 201: registerSchema, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await createRegister(ctx, requireActor(req), req.body)),
  );
  app.patch('/api/v1/registers/:id', { schema: { ...op('updateRegister', 'registers', 'Sửa tên, loại văn bản, đóng/mở sổ'), params: idParams, body: registerBody, response: { 200: registerSchema, ...errors } } }, async (req) =>
    updateRegister(ctx, requireActor(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/registers/:kind',
    {
      schema: {
        ...op('exportRegister', 'registers', 'Sổ văn bản đi/đến của một kỳ hoặc một năm (10 cột), JSON, CSV, XLSX hoặc PDF (sổ in: bìa, A4 ngang, đánh số trang)', {
          produces: ['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'],
        }),
        params: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['outgoing', 'incoming'] } } },
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', maxLength: 10 },
            to: { type: 'string', maxLength: 10 },
            year: { type: 'integer', minimum: 1900, maximum: 9999, description: 'Cả năm (thay cho from/to)' },
            registerId: int32,
            format: { type: 'string', enum: ['json', 'csv', 'xlsx', 'pdf'] },
          },
        },
        response: {
          200: {
            description: 'Sổ (JSON), hoặc tệp CSV/XLSX/PDF theo format',
            content: { 'application/json': { schema: bookSchema }, 'text/csv': { schema: file }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: file }, 'application/pdf': { schema: file } },
          },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const book = await registerBook(ctx, requireActor(req), { ...q, kind: req.params.kind });
      const name = `so-van-ban-${book.kind === 'outgoing' ? 'di' : 'den'}-${book.from}-${book.to}`;
      if (q.format === 'csv') return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(binary(bookToCsv(book)));
      if (q.format === 'pdf') return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(binary(await bookToPdf(book)));
      if (q.format === 'xlsx') {
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(binary(await bookToXlsx(book)));
      }
      return book;
    },
  );
}
