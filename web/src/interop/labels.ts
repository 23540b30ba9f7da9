type Label = { vi: string; en: string; tone: string };

export const SIGNATURE: Record<string, Label> = {
  none: { vi: 'Không có chữ ký số', en: 'Not signed', tone: 'default' },
  valid: { vi: 'Chữ ký số hợp lệ', en: 'Valid signature', tone: 'green' },
  invalid: { vi: 'Chữ ký số không hợp lệ', en: 'Invalid signature', tone: 'red' },
};

export const DIRECTION: Record<string, { vi: string; en: string }> = {
  in: { vi: 'Nhận', en: 'In' },
  out: { vi: 'Gửi', en: 'Out' },
};

export const PACKAGE_KIND: Record<string, { vi: string; en: string }> = {
  document: { vi: 'Văn bản', en: 'Document' },
  status: { vi: 'Trạng thái', en: 'Status' },
};

export const PACKAGE_STATE: Record<string, Label> = {
  imported: { vi: 'Đã nhập', en: 'Imported', tone: 'green' },
  applied: { vi: 'Đã cập nhật', en: 'Applied', tone: 'green' },
  refused: { vi: 'Từ chối', en: 'Refused', tone: 'red' },
  pending: { vi: 'Chờ gửi', en: 'Waiting', tone: 'gold' },
  issued: { vi: 'Đã tạo', en: 'Issued', tone: 'blue' },
  sent: { vi: 'Đã gửi', en: 'Sent', tone: 'green' },
  failed: { vi: 'Gửi lỗi', en: 'Failed', tone: 'red' },
};

export const BUSINESS: Record<string, { vi: string; en: string }> = {
  '0': { vi: 'Văn bản mới', en: 'New' },
  '1': { vi: 'Thu hồi', en: 'Revoke' },
  '2': { vi: 'Cập nhật', en: 'Update' },
  '3': { vi: 'Thay thế', en: 'Replace' },
};
