import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { heldKey, type SecretsKey } from './key.js';

/**
 * Secrets stored in the database are sealed with AES-256-GCM:
 *   sealed:v1:<key id>:<base64url of IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes)>
 * The prefix (with the key id) is authenticated too, so a value cannot be passed off as
 * sealed by another key. A value without the prefix was written in clear by an older
 * version: it is used as it is, and sealed at the next start.
 */
const VERSION = 'sealed:v1';
const SEALED = /^sealed:v1:([0-9a-f]{12}):([A-Za-z0-9_-]+)$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a secret is, for the messages: "the IMAP password" / "mật khẩu IMAP". */
export interface SecretLabel {
  vi: string;
  en: string;
}

/** A stored secret this process cannot open. Its message carries both languages, for last_error columns. */
export class SecretUnavailable extends DomainError {
  constructor(code: string, vi: string, en: string) {
    super('unavailable', code, vi, en);
    this.message = `${vi} / ${en}`;
  }
}

export const isSealed = (value: string): boolean => value.startsWith('sealed:');

/** The key id a sealed value names, or null for a value in clear. */
export const sealedKeyId = (value: string): string | null => SEALED.exec(value)?.[1] ?? null;

export function sealSecret(key: SecretsKey, clear: string): string {
  const header = `${VERSION}:${key.id}`;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(header));
  const body = Buffer.concat([iv, cipher.update(clear, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${header}:${body.toString('base64url')}`;
}

const unreadable = (what: SecretLabel) =>
  new SecretUnavailable(
    'secret_tampered',
    `Không mở được ${what.vi} đã lưu: giá trị niêm phong đã bị sửa hoặc hỏng (AES-GCM không xác thực được). Hãy nhập lại ${what.vi}.`,
    `Cannot open the stored ${what.en}: the sealed value was altered or damaged (AES-GCM authentication failed). Enter the ${what.en} again.`,
  );

/** The clear value of a stored secret (null stays null); never an empty or wrong one. */
export function openSecret(value: string, what: SecretLabel): string;
export function openSecret(value: string | null, what: SecretLabel): string | null;
export function openSecret(value: string | null, what: SecretLabel): string | null {
  if (value === null || !isSealed(value)) return value;
  const m = SEALED.exec(value);
  if (!m) throw unreadable(what);
  const key = heldKey(m[1]!);
  if (!key) {
    throw new SecretUnavailable(
      'secrets_key_mismatch',
      `Không mở được ${what.vi} đã lưu: SECRETS_KEY của máy chủ này khác với khóa đã niêm phong nó (khóa ${m[1]}). Hãy đặt cùng SECRETS_KEY (hoặc SECRETS_KEY_FILE) cho mọi tiến trình máy chủ, hoặc nhập lại ${what.vi}.`,
      `Cannot open the stored ${what.en}: SECRETS_KEY differs from the key it was sealed with (key ${m[1]}). Give every server process the same SECRETS_KEY (or SECRETS_KEY_FILE), or enter the ${what.en} again.`,
    );
  }
  const body = Buffer.from(m[2]!, 'base64url');
  if (body.length < IV_BYTES + TAG_BYTES) throw unreadable(what);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${VERSION}:${m[1]}`));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw unreadable(what);
  }
}
