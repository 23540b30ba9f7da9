import { int32 } from '../../server/schemas.js';
import { URGENCIES } from '../../domain/classification.js';

/**
 * GET /api/v1/events as OpenAPI says it: a text/event-stream whose messages are
 * `event: <kind>` + `data: <JSON>`. OpenAPI 3.0 cannot describe the items of a stream, so
 * the stream's schema is one message, `{ event, data }`, one of the kinds below; the
 * generated web types take each payload from it (web/src/events.ts).
 */
const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const nint = { type: ['integer', 'null'] } as const;
const urgency = { type: 'string', enum: [...URGENCIES], description: 'Độ khẩn' } as const;

const message = <E extends string, D>(event: E, description: string, data: D) =>
  ({ type: 'object', title: event, description, required: ['event', 'data'], properties: { event: { type: 'string', enum: [event] }, data } }) as const;

const ready = message('ready', 'Luồng đã sẵn sàng (gửi một lần khi mở) — the stream is live', {
  type: 'object',
  required: ['orgId'],
  properties: { orgId: { ...int32, description: 'Cơ quan của người nghe' } },
} as const);

const arrival = message('arrival', 'Văn bản mới đến hộp văn bản đến của cơ quan — a document arrived in the agency’s inbox', {
  type: 'object',
  required: ['itemId', 'documentId', 'status', 'symbol', 'summary', 'urgency', 'senderName'],
  properties: { itemId: int32, documentId: int32, status: { ...str, description: 'Mã trạng thái (01)' }, symbol: nstr, summary: str, urgency, senderName: nstr },
} as const);

const status = message('status', 'Một văn bản đến của cơ quan, hoặc một nơi nhận văn bản của cơ quan, đổi trạng thái — an item changed status', {
  type: 'object',
  required: ['eventId', 'itemId', 'documentId', 'orgId', 'orgName', 'senderOrgId', 'status', 'by', 'at', 'symbol'],
  properties: {
    eventId: int32,
    itemId: int32,
    documentId: int32,
    orgId: { ...int32, description: 'Nơi nhận có văn bản đổi trạng thái' },
    orgName: nstr,
    senderOrgId: { ...nint, description: 'Cơ quan gửi (null: nơi gửi ngoài hệ thống)' },
    status: { ...str, description: 'Mã trạng thái mới (02–06, 13, 15, 16)' },
    by: nstr,
    at: str,
    symbol: nstr,
  },
} as const);

const incident = message('incident', 'Sự cố an toàn thông tin mới được báo (chỉ tới người được biết) — a security incident was reported', {
  type: 'object',
  required: ['id', 'orgId', 'orgName', 'title', 'severity', 'detectedAt', 'reportedAt'],
  properties: { id: int32, orgId: int32, orgName: str, title: str, severity: str, detectedAt: str, reportedAt: str },
} as const);

const signatureCheck = message('signature-check', 'Kết quả kiểm tra chữ ký số của văn bản đến được cập nhật (kiểm tra thu hồi OCSP/CRL sau khi đến) — the verification of a received document changed', {
  type: 'object',
  required: ['documentId', 'fileName', 'verdict'],
  properties: { documentId: int32, fileName: str, verdict: str },
} as const);

const signedOut = message('signed-out', 'Phiên hoặc khóa API đã hết: luồng đóng ngay sau đó — the session ended, the stream closes', {
  type: 'object',
  additionalProperties: false,
  properties: {},
} as const);

export const eventStream = {
  description: [
    'Luồng text/event-stream: mỗi tin nhắn là `event: <loại>` và `data: <JSON>` (một dòng), cách nhau một dòng trống.',
    'Loại: ready {orgId}; arrival {itemId, documentId, status, symbol, summary, urgency, senderName};',
    'status {eventId, itemId, documentId, orgId, orgName, senderOrgId, status, by, at, symbol};',
    'incident {id, orgId, orgName, title, severity, detectedAt, reportedAt}; signature-check {documentId, fileName, verdict}; signed-out {}.',
    'Dòng chú thích `: keep-alive` giữ kết nối; `retry: 3000` là thời gian chờ nối lại (ms). Ví dụ:',
  ].join(' ') + '\n\n```\nretry: 3000\n\nevent: ready\ndata: {"orgId":12}\n\nevent: arrival\ndata: {"itemId":901,"documentId":455,"status":"01","symbol":"125/UBND-VP","summary":"Về việc triển khai chữ ký số","urgency":"khan","senderName":"UBND tỉnh Đồng Nai"}\n\n: keep-alive\n```',
  content: {
    'text/event-stream': {
      schema: {
        description: 'Một tin nhắn của luồng: `event` là tên sự kiện, `data` là JSON của nó',
        oneOf: [ready, arrival, status, incident, signatureCheck, signedOut],
      },
      example: { event: 'arrival', data: { itemId: 901, documentId: 455, status: '01', symbol: '125/UBND-VP', summary: 'Về việc triển khai chữ ký số', urgency: 'khan', senderName: 'UBND tỉnh Đồng Nai' } },
    },
  },
} as const;
