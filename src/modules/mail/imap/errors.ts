/**
 * What went wrong with an IMAP account, in words an administrator acts on (Vietnamese, then
 * English, then the server's own words), for imap_accounts.last_error.
 */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const MAX_LENGTH = 500;

export function describeImapError(err: unknown): string {
  const e = (err ?? {}) as { code?: string; message?: string; authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string; mailboxMissing?: boolean };
  const detail = (e.responseText || e.message || String(err)).replace(/\s+/g, ' ').trim();
  let text: string;
  if (e.authenticationFailed) {
    text = `Máy chủ IMAP từ chối đăng nhập (sai tên hoặc mật khẩu). / IMAP login refused (wrong user name or password): ${detail}`;
  } else if (e.code && TLS_CODES.has(e.code)) {
    text = `Chứng chỉ TLS của máy chủ IMAP không được tin cậy. / The IMAP server's TLS certificate is not trusted (${e.code}): ${detail}`;
  } else if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EHOSTUNREACH' || e.code === 'EAI_AGAIN') {
    text = `Không kết nối được máy chủ IMAP. / Cannot reach the IMAP server (${e.code}): ${detail}`;
  } else if (e.code === 'GREETING_TIMEOUT') {
    text = `Máy chủ IMAP không chào: có thể cổng này cần TLS thay vì STARTTLS (hoặc ngược lại). / The IMAP server sent no greeting: this port may need TLS instead of STARTTLS (or the reverse).`;
  } else if (e.code === 'ETIMEDOUT' || e.code === 'ETIMEOUT' || e.code === 'CONNECT_TIMEOUT' || e.code === 'UPGRADE_TIMEOUT') {
    text = `Máy chủ IMAP không trả lời kịp. / The IMAP server did not answer in time (${e.code}).`;
  } else if (e.serverResponseCode === 'NONEXISTENT' || e.mailboxMissing) {
    text = `Không có thư mục này trên máy chủ IMAP. / No such mailbox on the IMAP server: ${detail}`;
  } else if (e.code === 'NoStartTLS' || /STARTTLS/i.test(detail)) {
    text = `Máy chủ IMAP không hỗ trợ STARTTLS; mật khẩu không được gửi khi chưa mã hóa. / The IMAP server offers no STARTTLS; the password is never sent unencrypted: ${detail}`;
  } else {
    text = `Lỗi IMAP. / IMAP error${e.code ? ` (${e.code})` : ''}: ${detail}`;
  }
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
