import { int32 } from '../../server/schemas.js';
import { errorSchema } from '../../server/errors.js';
import { URGENCIES, CONFIDENTIALITIES, SIGNER_COMPETENCES } from '../../domain/classification.js';
import { INBOX_SORTS, SORT_DIRS } from './inbox-order.js';
import { DOCUMENT_ACTIONS } from './views.js';
import { PROCESSING_STATUSES } from '../../domain/statuses.js';

/** The JSON shapes of the documents module's answers (they make the OpenAPI document). */
const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const nint = { type: ['integer', 'null'] } as const;
const id = { ...int32, minimum: 1 } as const;
const count = { type: 'integer', minimum: 0 } as const;

export const uploadErrors = { 413: errorSchema, 415: errorSchema, 429: errorSchema } as const;

/** A processing status with its Vietnamese and English labels (01–06, 13, 15, 16). */
export const statusView = {
  type: 'object',
  required: ['code', 'vi', 'en'],
  properties: { code: { type: 'string', description: 'Mã trạng thái edXML: 01–06, 13, 15, 16' }, vi: str, en: str },
} as const;
const nStatusView = { ...statusView, type: ['object', 'null'] } as const;

export const urgency = { type: 'string', enum: [...URGENCIES], description: 'Độ khẩn' } as const;
export const confidentiality = { type: 'string', enum: [...CONFIDENTIALITIES], description: 'Độ mật' } as const;
const recallState = { type: ['string', 'null'], enum: ['13', '15', '16', null], description: '13 đang yêu cầu thu hồi, 15 đồng ý, 16 từ chối' } as const;

export const draftBody = {
  type: 'object',
  properties: {
    typeCode: { type: 'string', maxLength: 20, description: 'Mã loại văn bản (GET /api/v1/document-types)' },
    summary: { type: 'string', maxLength: 500, description: 'Trích yếu' },
    content: { type: 'string', maxLength: 5000 },
    signerName: { type: 'string', maxLength: 200 },
    signerPosition: { type: 'string', maxLength: 200 },
    signerCompetence: { type: 'string', enum: [...SIGNER_COMPETENCES], description: 'TM., KT., TL., TUQ., Q. hoặc rỗng' },
    urgency,
    confidentiality,
    dueDate: { type: 'string', maxLength: 10, description: 'Hạn trả lời, yyyy-mm-dd hoặc dd/mm/yyyy' },
    replyToId: int32,
    recipients: { type: 'array', items: int32, maxItems: 2000 },
    draftingUnit: { type: 'string', maxLength: 30 },
    registerId: int32,
    recordKeeper: { type: 'string', maxLength: 200 },
    copiesCount: int32,
    notes: { type: 'string', maxLength: 1000 },
  },
} as const;

export const documentSchema = {
  type: 'object',
  required: [
    'id', 'state', 'origin', 'typeCode', 'number', 'symbol', 'summary', 'signerName', 'urgency', 'urgencyLabel', 'confidentiality', 'confidentialityLabel', 'docDate', 'issuedAt', 'dueDate',
    'senderOrgId', 'senderName', 'copyKind', 'copyOfId', 'senderCode', 'content', 'signerPosition', 'signerCompetence', 'replyToId', 'registerId', 'draftingUnit', 'recordKeeper', 'copiesCount', 'notes',
    'recipients', 'attachments', 'incoming', 'actions',
  ],
  properties: {
    id,
    state: { type: 'string', enum: ['draft', 'issued'] },
    origin: { type: 'string', enum: ['internal', 'external', 'edxml', 'email'], description: 'internal: soạn tại hệ thống; external: văn bản giấy; edxml: nhận liên thông; email: nhận qua thư điện tử' },
    typeCode: str,
    number: nint,
    symbol: nstr,
    summary: str,
    signerName: nstr,
    urgency,
    urgencyLabel: str,
    confidentiality,
    confidentialityLabel: str,
    docDate: nstr,
    issuedAt: nstr,
    dueDate: nstr,
    senderOrgId: nint,
    senderName: nstr,
    copyKind: { type: ['string', 'null'], enum: ['SY', 'SL', 'TrS', null] },
    copyOfId: nint,
    senderCode: nstr,
    content: nstr,
    signerPosition: nstr,
    signerCompetence: nstr,
    replyToId: nint,
    registerId: nint,
    draftingUnit: nstr,
    recordKeeper: nstr,
    copiesCount: nint,
    notes: nstr,
    recipients: {
      type: 'array',
      items: {
        type: 'object',
        required: ['orgId', 'name', 'code', 'itemId', 'status', 'recallState', 'withdrawn', 'deadline', 'daysLeft', 'overdue'],
        properties: {
          orgId: int32,
          name: str,
          code: nstr,
          itemId: nint,
          status: nStatusView,
          recallState,
          withdrawn: { type: 'boolean' },
          deadline: nstr,
          daysLeft: nint,
          overdue: { type: 'boolean' },
        },
      },
    },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'fileName', 'role', 'size', 'mime', 'sha256', 'text'],
        properties: {
          id: int32,
          fileName: str,
          role: { type: 'string', enum: ['main', 'appendix', 'scan'] },
          size: { type: 'integer' },
          mime: str,
          sha256: str,
          text: {
            type: 'object',
            required: ['state', 'label', 'labelEn'],
            description: 'Nội dung chữ của tệp cho tìm kiếm',
            properties: { state: { type: 'string', enum: ['pending', 'text', 'none', 'unsupported', 'failed'] }, label: str, labelEn: str },
          },
        },
      },
    },
    incoming: {
      type: ['object', 'null'],
      description: 'Văn bản đến của cơ quan người gọi (null nếu không phải)',
      required: ['itemId', 'status', 'isPaper', 'arrivalNumber', 'arrivalYear', 'arrivedAt', 'registeredAt', 'deadline', 'recallState', 'withdrawn', 'resultNote', 'replyDocumentId', 'assignments'],
      properties: {
        itemId: int32,
        status: statusView,
        isPaper: { type: 'boolean' },
        arrivalNumber: nint,
        arrivalYear: nint,
        arrivedAt: str,
        registeredAt: nstr,
        deadline: nstr,
        recallState,
        withdrawn: { type: 'boolean' },
        resultNote: nstr,
        replyDocumentId: nint,
        assignments: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'role', 'userId', 'orgId', 'name', 'deadline', 'direction', 'assignedAt', 'doneAt'],
            properties: {
              id: int32,
              role: { type: 'string', enum: ['lead', 'cooperate', 'info'] },
              userId: nint,
              orgId: nint,
              name: nstr,
              deadline: nstr,
              direction: nstr,
              assignedAt: str,
              doneAt: nstr,
            },
          },
        },
      },
    },
    actions: {
      type: 'array',
      description: 'Thao tác người gọi được làm lúc này',
      items: { type: 'string', enum: [...DOCUMENT_ACTIONS] },
    },
  },
} as const;

export const attachmentAdded = {
  type: 'object',
  required: ['id', 'sha256', 'fileName', 'mime', 'size', 'role'],
  properties: { id: int32, sha256: str, fileName: str, mime: str, size: { type: 'integer' }, role: { type: 'string', enum: ['main', 'appendix', 'scan'] } },
} as const;

export const outgoingList = {
  type: 'object',
  required: ['state', 'items', 'nextCursor'],
  properties: {
    state: { type: 'string', enum: ['issued', 'draft'] },
    nextCursor: nstr,
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'state', 'symbol', 'summary', 'typeCode', 'docDate', 'issuedAt', 'updatedAt', 'urgency', 'confidentiality', 'transmitted', 'signerName', 'dueDate', 'copyKind', 'progress'],
        properties: {
          id: int32,
          state: { type: 'string', enum: ['draft', 'issued'] },
          symbol: nstr,
          summary: str,
          typeCode: str,
          docDate: nstr,
          issuedAt: nstr,
          updatedAt: str,
          urgency,
          confidentiality,
          transmitted: { type: 'boolean', description: 'Đã gửi điện tử tới nơi nhận' },
          signerName: nstr,
          dueDate: nstr,
          copyKind: { type: ['string', 'null'], enum: ['SY', 'SL', 'TrS', null] },
          progress: {
            type: 'object',
            required: ['planned', 'sent', 'byStatus', 'recalled', 'recallPending', 'overdue'],
            properties: {
              planned: { type: 'integer', description: 'Số nơi nhận ghi trên văn bản' },
              sent: { type: 'integer', description: 'Số nơi đã gửi' },
              byStatus: {
                type: 'object',
                description: 'Số nơi nhận theo trạng thái 01–06',
                required: [...PROCESSING_STATUSES],
                properties: { '01': count, '02': count, '03': count, '04': count, '05': count, '06': count },
              },
              recalled: { type: 'integer' },
              recallPending: { type: 'integer' },
              overdue: { type: 'integer' },
            },
          },
        },
      },
    },
  },
} as const;

const dispatched = { type: 'array', items: { type: 'object', required: ['itemId', 'orgId'], properties: { itemId: int32, orgId: int32 } } } as const;

export const issued = {
  type: 'object',
  required: ['id', 'number', 'symbol', 'year', 'registerId', 'issuedAt', 'dispatched', 'paperOnly'],
  properties: { id: int32, number: int32, symbol: str, year: int32, registerId: int32, issuedAt: str, dispatched, paperOnly: { type: 'boolean', description: 'Văn bản mật, hoặc đăng ký chỉ phát hành bản giấy: không gửi điện tử' } },
} as const;
export const dispatchResult = { type: 'object', required: ['id', 'dispatched'], properties: { id: int32, dispatched } } as const;
export const copyResult = {
  type: 'object',
  required: ['id', 'kind', 'number', 'symbol', 'copyOf', 'dispatched'],
  properties: { id: int32, kind: { type: 'string', enum: ['SY', 'SL', 'TrS'] }, number: int32, symbol: str, copyOf: int32, dispatched },
} as const;
export const recallResult = {
  type: 'object',
  required: ['documentId', 'requested'],
  properties: { documentId: int32, requested: { type: 'array', items: { type: 'object', required: ['itemId', 'orgId'], properties: { itemId: int32, orgId: int32 } } } },
} as const;

export const trailSchema = {
  type: 'object',
  required: ['documentId', 'symbol', 'recipients'],
  properties: {
    documentId: int32,
    symbol: nstr,
    recipients: {
      type: 'array',
      items: {
        type: 'object',
        required: ['orgId', 'name', 'itemId', 'current', 'events', 'answeredBy'],
        properties: {
          orgId: int32,
          name: str,
          itemId: int32,
          current: statusView,
          answeredBy: {
            description: 'Văn bản trả lời đã hoàn thành việc xử lý tại nơi nhận này ("Trả lời bởi 12/STC-KHTC")',
            anyOf: [
              {
                type: 'object',
                required: ['documentId', 'symbol', 'openable'],
                properties: { documentId: int32, symbol: nstr, openable: { type: 'boolean', description: 'Người xem mở được văn bản trả lời (cơ quan mình gửi hoặc nhận)' } },
              },
              { type: 'null' },
            ],
          },
          events: {
            type: 'array',
            items: {
              type: 'object',
              required: ['status', 'by', 'at', 'note', 'internalNote'],
              properties: { status: statusView, by: nstr, at: str, note: nstr, internalNote: { ...nstr, description: 'Ý kiến chỉ đạo: chỉ cơ quan giữ văn bản thấy' } },
            },
          },
        },
      },
    },
  },
} as const;

export const itemStatus = {
  type: 'object',
  required: ['itemId', 'status'],
  properties: {
    itemId: int32,
    status: { type: 'string', enum: [...PROCESSING_STATUSES] },
    arrivalNumber: { ...int32, description: 'Khi tiếp nhận: số đến' },
    arrivalYear: { ...int32, description: 'Khi tiếp nhận: năm của số đến' },
  },
} as const;

const inboxRowProps = {
  itemId: int32,
  documentId: int32,
  arrivalNumber: nint,
  arrivalYear: nint,
  arrivedAt: str,
  symbol: nstr,
  senderName: nstr,
  summary: str,
  urgency,
  typeCode: str,
  docDate: nstr,
  deadline: nstr,
  daysLeft: nint,
  status: statusView,
  recallState,
  isPaper: { type: 'boolean' },
  overdue: { type: 'boolean' },
  myRole: { type: ['string', 'null'], enum: ['lead', 'cooperate', 'info', null], description: 'Vai trò của người gọi trong phân công' },
} as const;
const inboxRowRequired = ['itemId', 'documentId', 'arrivalNumber', 'arrivalYear', 'arrivedAt', 'symbol', 'senderName', 'summary', 'urgency', 'typeCode', 'docDate', 'deadline', 'daysLeft', 'status', 'recallState', 'isPaper', 'overdue', 'myRole'] as const;

export const inboxList = {
  type: 'object',
  required: ['items', 'sort', 'dir', 'nextCursor', 'nextBeforeId'],
  properties: {
    items: { type: 'array', items: { type: 'object', required: inboxRowRequired, properties: inboxRowProps } },
    sort: { type: 'string', enum: [...INBOX_SORTS] },
    dir: { type: 'string', enum: [...SORT_DIRS] },
    nextCursor: nstr,
    nextBeforeId: nint,
  },
} as const;

export const searchResult = {
  type: 'object',
  required: ['items', 'hasMore'],
  properties: {
    hasMore: { type: 'boolean' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'direction', 'state', 'symbol', 'summary', 'signerName', 'urgency', 'typeCode', 'docDate', 'senderName', 'itemId', 'status', 'arrivalNumber', 'deadline', 'contentMatch'],
        properties: {
          id: int32,
          direction: { type: 'string', enum: ['incoming', 'outgoing'] },
          state: { type: 'string', enum: ['draft', 'issued'] },
          symbol: nstr,
          summary: str,
          signerName: nstr,
          urgency,
          typeCode: str,
          docDate: nstr,
          senderName: nstr,
          itemId: nint,
          status: nStatusView,
          arrivalNumber: nint,
          deadline: nstr,
          contentMatch: {
            type: ['object', 'null'],
            description: 'Đoạn trong tệp đính kèm khớp với từ tìm',
            required: ['attachmentId', 'fileName', 'parts'],
            properties: {
              attachmentId: int32,
              fileName: str,
              parts: { type: 'array', items: { type: 'object', required: ['text', 'match'], properties: { text: str, match: { type: 'boolean' } } } },
            },
          },
        },
      },
    },
  },
} as const;

export const overdueSchema = {
  type: 'object',
  required: ['today', 'organisation', 'people', 'directed'],
  properties: {
    today: str,
    organisation: {
      type: 'object',
      required: ['orgId', 'count', 'items'],
      properties: {
        orgId: int32,
        count: { type: 'integer' },
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['itemId', 'documentId', 'symbol', 'summary', 'deadline', 'status', 'daysLate'],
            properties: { itemId: int32, documentId: int32, symbol: nstr, summary: str, deadline: nstr, status: statusView, daysLate: { type: 'integer' } },
          },
        },
      },
    },
    people: {
      type: 'array',
      items: {
        type: 'object',
        required: ['userId', 'fullName', 'count', 'items'],
        properties: {
          userId: int32,
          fullName: str,
          count: { type: 'integer' },
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['itemId', 'documentId', 'symbol', 'summary', 'role', 'deadline', 'daysLate'],
              properties: { itemId: int32, documentId: int32, symbol: nstr, summary: str, role: { type: 'string', enum: ['lead', 'cooperate', 'info'] }, deadline: nstr, daysLate: { type: 'integer' } },
            },
          },
        },
      },
    },
    directed: {
      type: ['object', 'null'],
      description: 'Với lãnh đạo: văn bản quá hạn của những người mình chỉ đạo',
      required: ['orgId', 'name', 'wholeAgency', 'count', 'items'],
      properties: {
        orgId: int32,
        name: str,
        wholeAgency: { type: 'boolean' },
        count: { type: 'integer' },
        items: {
          type: 'array',
          items: { type: 'object', required: [...inboxRowRequired, 'handlers'], properties: { ...inboxRowProps, handlers: { type: 'array', items: str } } },
        },
      },
    },
  },
} as const;

export const registerSchema = {
  type: 'object',
  required: ['id', 'kind', 'name', 'secret', 'typeCodes', 'active'],
  properties: {
    id: int32,
    kind: { type: 'string', enum: ['outgoing', 'incoming'] },
    name: str,
    secret: { type: 'boolean' },
    typeCodes: { type: ['array', 'null'], items: str, description: 'Loại văn bản vào sổ này; null: mọi loại' },
    active: { type: 'boolean' },
  },
} as const;

export const nextNumberSchema = {
  type: 'object',
  required: ['registerId', 'registerName', 'year', 'number', 'symbol'],
  properties: { registerId: int32, registerName: str, year: int32, number: int32, symbol: str },
} as const;

export const bookSchema = {
  type: 'object',
  required: ['register', 'from', 'to', 'columns', 'rows', 'agency', 'parentAgency', 'kind'],
  properties: {
    register: { type: 'object', required: ['id', 'name', 'secret'], properties: { id: int32, name: str, secret: { type: 'boolean' } } },
    from: str,
    to: str,
    columns: { type: 'array', items: str, description: '10 cột của sổ' },
    rows: { type: 'array', items: { type: 'array', items: str } },
    agency: str,
    parentAgency: nstr,
    kind: { type: 'string', enum: ['outgoing', 'incoming'] },
  },
} as const;
