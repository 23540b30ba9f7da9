import { conflict } from './errors.js';

/**
 * Processing status of a dispatched document at one recipient, as exchanged between
 * systems (edXML StatusCode): 01 arrived → 02 rejected | 03 registered → 04 assigned →
 * 05 being processed → 06 completed. Recall: the sender asks (13), the recipient agrees
 * (15, the item is withdrawn) or refuses (16).
 */
export const STATUS = {
  ARRIVED: '01',
  REJECTED: '02',
  REGISTERED: '03',
  ASSIGNED: '04',
  PROCESSING: '05',
  COMPLETED: '06',
  RECALL_REQUESTED: '13',
  RECALL_ACCEPTED: '15',
  RECALL_REFUSED: '16',
} as const;
export type ProcessingStatus = '01' | '02' | '03' | '04' | '05' | '06';
export type StatusCode = (typeof STATUS)[keyof typeof STATUS];
export const STATUS_CODES: readonly StatusCode[] = Object.values(STATUS);
export const PROCESSING_STATUSES = ['01', '02', '03', '04', '05', '06'] as const satisfies readonly ProcessingStatus[];
export const isStatusCode = (s: string): s is StatusCode => (STATUS_CODES as readonly string[]).includes(s);
export const isProcessingStatus = (s: string): s is ProcessingStatus => (PROCESSING_STATUSES as readonly string[]).includes(s);

export const STATUS_LABELS: Record<StatusCode, { vi: string; en: string }> = {
  '01': { vi: 'Đã đến', en: 'Arrived' },
  '02': { vi: 'Từ chối tiếp nhận', en: 'Rejected' },
  '03': { vi: 'Đã tiếp nhận', en: 'Registered' },
  '04': { vi: 'Đã phân công', en: 'Assigned' },
  '05': { vi: 'Đang xử lý', en: 'Being processed' },
  '06': { vi: 'Hoàn thành', en: 'Completed' },
  '13': { vi: 'Yêu cầu thu hồi', en: 'Recall requested' },
  '15': { vi: 'Đồng ý thu hồi', en: 'Recall accepted' },
  '16': { vi: 'Từ chối thu hồi', en: 'Recall refused' },
};

export type IncomingAction = 'register' | 'reject' | 'assign' | 'start' | 'complete';

/** Which processing statuses each action may start from. Re-assigning is allowed. */
const ALLOWED_FROM: Record<IncomingAction, readonly ProcessingStatus[]> = {
  register: ['01'],
  reject: ['01'],
  assign: ['03', '04', '05'],
  start: ['04'],
  complete: ['04', '05'],
};

const TARGET: Record<IncomingAction, ProcessingStatus> = {
  register: '03',
  reject: '02',
  assign: '04',
  start: '05',
  complete: '06',
};

const ACTION_VI: Record<IncomingAction, string> = {
  register: 'tiếp nhận',
  reject: 'từ chối',
  assign: 'phân công',
  start: 'bắt đầu xử lý',
  complete: 'hoàn thành',
};

/** The status an action leads to, or a 409 when the item's state does not allow it. */
export function nextStatus(current: ProcessingStatus, action: IncomingAction, withdrawn: boolean): ProcessingStatus {
  if (withdrawn) {
    throw conflict('withdrawn', 'Văn bản đã được thu hồi, không thể xử lý tiếp.', 'The document was recalled; it cannot be processed further.');
  }
  if (!ALLOWED_FROM[action].includes(current)) {
    const label = STATUS_LABELS[current];
    throw conflict(
      'invalid_transition',
      `Không thể ${ACTION_VI[action]} văn bản đang ở trạng thái "${label.vi}".`,
      `Cannot ${action} a document whose status is "${label.en}".`,
    );
  }
  return TARGET[action];
}

/**
 * A recall (thu hồi) can be asked of any recipient still holding the document — even one
 * that completed it, since a revoked document must be cancelled wherever it is — but not
 * of one that refused it, nor twice at once.
 */
export function canRequestRecall(current: ProcessingStatus, withdrawn: boolean, recallPending: boolean): boolean {
  return !withdrawn && !recallPending && current !== '02';
}
