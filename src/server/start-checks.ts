import type { Config } from './config.js';

/** What is wrong with a configuration before the server starts: errors refuse the start, warnings are printed. */
export interface StartProblems {
  errors: string[];
  warnings: string[];
}

const LOCAL_HOSTS = /^(localhost|127(\.\d+){3}|\[::1\]|0\.0\.0\.0)$/i;

/**
 * With NODE_ENV=production the server refuses to start without a secrets key set for
 * every process (each would otherwise make its own, and none could open the others'
 * secrets) and without the public address mails link to; what is merely unusual for
 * production is said loudly. Each message is Vietnamese / English.
 */
export function startProblems(config: Config, env: NodeJS.ProcessEnv = process.env): StartProblems {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!config.isProduction) return { errors, warnings };
  if (!config.secrets.key && !config.secrets.keyFile) {
    errors.push(
      'Thiếu SECRETS_KEY (hoặc SECRETS_KEY_FILE): mỗi tiến trình sẽ tự tạo khóa riêng và không mở được mật khẩu, khóa đã lưu của tiến trình khác. Tạo khóa: openssl rand -base64 32 / ' +
        'SECRETS_KEY (or SECRETS_KEY_FILE) is not set: each process would make its own key and could not open the secrets the others stored. Make one: openssl rand -base64 32',
    );
  }
  let publicUrl: URL | null = null;
  try {
    publicUrl = new URL(config.publicUrl);
  } catch {
    /* reported below */
  }
  if (!env.PUBLIC_URL?.trim() || !publicUrl || LOCAL_HOSTS.test(publicUrl.hostname)) {
    errors.push(
      `PUBLIC_URL phải là địa chỉ người dùng truy cập hệ thống (ví dụ https://lienthong.dongnai.gov.vn), không phải "${config.publicUrl}": các liên kết trong thư dùng địa chỉ này / ` +
        `PUBLIC_URL must be the address people reach the system at (e.g. https://lienthong.dongnai.gov.vn), not "${config.publicUrl}": links in mails use it`,
    );
  } else if (publicUrl.protocol !== 'https:') {
    warnings.push(`PUBLIC_URL dùng http, không phải https: mật khẩu và cookie đi không mã hóa / PUBLIC_URL is http, not https: passwords and cookies travel in clear (put TLS in front, docs/operations.md)`);
  }
  if (!config.mail.smtpUrl) {
    warnings.push('Chưa đặt SMTP_URL: thư của hệ thống chỉ được giữ lại, không gửi đi / SMTP_URL is not set: the mails of the system are kept, never sent');
  }
  if (!env.MAIL_DOMAINS?.trim()) {
    warnings.push(`Chưa đặt MAIL_DOMAINS: dùng mặc định ${config.mail.domains.join(', ')} / MAIL_DOMAINS is not set: the default ${config.mail.domains.join(', ')} is used`);
  }
  if (config.mail.listenPort !== null && !config.mail.tlsCertFile) {
    warnings.push(
      `Cổng nhận thư ${config.mail.listenPort} chạy không có STARTTLS (thiếu MAIL_TLS_CERT/MAIL_TLS_KEY) / The inbound mail listener on port ${config.mail.listenPort} offers no STARTTLS (MAIL_TLS_CERT/MAIL_TLS_KEY not set)`,
    );
  }
  if (config.trustProxy === true) {
    warnings.push('TRUST_PROXY=true: mọi X-Forwarded-For đều được tin, ai cũng tự chọn được địa chỉ của mình / TRUST_PROXY=true: any X-Forwarded-For is believed, so clients choose their own address');
  }
  return { errors, warnings };
}
