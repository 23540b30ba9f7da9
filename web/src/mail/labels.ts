/** Vietnamese and English names of what the mail screens show. */

type Label = { vi: string; en: string; tone: string };

export const OUTBOX_STATUS: Record<string, Label> = {
  pending: { vi: 'Đang chờ gửi', en: 'Waiting', tone: 'gold' },
  sending: { vi: 'Đang gửi', en: 'Sending', tone: 'blue' },
  sent: { vi: 'Đã gửi', en: 'Sent', tone: 'green' },
  kept: { vi: 'Lưu giữ (chưa gửi)', en: 'Kept (not sent)', tone: 'geekblue' },
  failed: { vi: 'Gửi không thành công', en: 'Failed', tone: 'red' },
};

export const OUTBOX_KIND: Record<string, { vi: string; en: string }> = {
  dispatch: { vi: 'Phát hành văn bản', en: 'Document dispatched' },
  assignment: { vi: 'Phân công xử lý', en: 'Assignment' },
  status: { vi: 'Thay đổi trạng thái', en: 'Status change' },
  deadline: { vi: 'Sắp đến hạn', en: 'Deadline soon' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  recall: { vi: 'Yêu cầu thu hồi', en: 'Recall request' },
  'recall-answer': { vi: 'Trả lời thu hồi', en: 'Recall answer' },
  incident: { vi: 'Sự cố an toàn thông tin', en: 'Security incident' },
};

export const INBOUND_OUTCOME: Record<string, Label> = {
  accepted: { vi: 'Đã nhận', en: 'Accepted', tone: 'green' },
  duplicate: { vi: 'Trùng, bỏ qua', en: 'Duplicate', tone: 'default' },
  refused: { vi: 'Từ chối', en: 'Refused', tone: 'red' },
};

export const INBOUND_SOURCE: Record<string, { vi: string; en: string }> = {
  smtp: { vi: 'SMTP', en: 'SMTP' },
  lmtp: { vi: 'LMTP', en: 'LMTP' },
  imap: { vi: 'IMAP', en: 'IMAP' },
};

export const RULE_FIELD: Record<string, { vi: string; en: string }> = {
  from: { vi: 'Người gửi', en: 'Sender' },
  to: { vi: 'Người nhận', en: 'Recipient' },
  subject: { vi: 'Tiêu đề', en: 'Subject' },
  body: { vi: 'Nội dung', en: 'Body' },
  header: { vi: 'Trường tiêu đề thư', en: 'Header' },
};
