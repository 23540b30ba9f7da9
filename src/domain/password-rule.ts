/**
 * The rule for a password a person chooses: long enough to resist guessing offline, not
 * made of the user's own name or a well-known password. Length matters more than symbols
 * (NIST SP 800-63B), so a long passphrase needs no digits, a shorter one mixes kinds of
 * characters. The web form runs the same rule as you type; the server has the last word.
 */
import { fold } from './fold.js';
import { DomainError } from './errors.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
/** From this length a passphrase of letters alone is accepted. */
export const PASSPHRASE_MIN = 16;

export interface PasswordProblem {
  code: 'required' | 'too_short' | 'too_long' | 'one_kind' | 'contains_username' | 'common' | 'repetitive';
  vi: string;
  en: string;
}

// Passwords that lead every leaked list, and the ones people here reach for first.
const COMMON = new Set([
  '1234567890', '12345678910', '0123456789', '0987654321', '1111111111', '1234512345', 'qwertyuiop', 'qwerty1234', 'qwerty123456',
  'password1', 'password12', 'password123', 'password1234', 'passw0rd123', 'matkhau123', 'matkhau1234', 'matkhau2024', 'matkhau2025', 'matkhau2026',
  'abc1234567', 'abcd123456', 'abc123456789', 'iloveyou123', 'admin12345', 'admin123456', 'administrator', 'vietnam123', 'vietnam1234', 'anhyeuem123',
  'demo123456', 'lienthong1', 'lienthong123', 'dongnai123', 'changeme123', 'welcome123', 'letmein123', '123456789a', 'a123456789', '1q2w3e4r5t',
]);

/** The kinds of characters used: letters, digits, anything else (spaces, symbols). */
function kinds(pw: string): number {
  let n = 0;
  if (/\p{L}/u.test(pw)) n++;
  if (/\p{N}/u.test(pw)) n++;
  if (/[^\p{L}\p{N}]/u.test(pw)) n++;
  return n;
}

/** One character or a run like "abcdef…" / "123456…" repeated: easy to guess whatever its length. */
function repetitive(pw: string): boolean {
  const chars = [...fold(pw)];
  if (new Set(chars).size <= 2) return true;
  const steps = chars.slice(1).map((c, i) => c.codePointAt(0)! - chars[i]!.codePointAt(0)!);
  return steps.every((d) => d === steps[0]) && Math.abs(steps[0]!) <= 1;
}

/** Every rule the password breaks, in the order a person fixes them; empty when it is good. */
export function passwordProblems(password: string, user: { username?: string | null } = {}): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  const length = [...password].length;
  if (length === 0) return [{ code: 'required', vi: 'Hãy nhập mật khẩu mới.', en: 'Enter the new password.' }];
  if (length < PASSWORD_MIN) out.push({ code: 'too_short', vi: `Mật khẩu cần ít nhất ${PASSWORD_MIN} ký tự (hiện có ${length}).`, en: `The password needs at least ${PASSWORD_MIN} characters (it has ${length}).` });
  if (length > PASSWORD_MAX) out.push({ code: 'too_long', vi: `Mật khẩu dài quá ${PASSWORD_MAX} ký tự.`, en: `The password is longer than ${PASSWORD_MAX} characters.` });
  if (length < PASSPHRASE_MIN && kinds(password) < 2) {
    out.push({
      code: 'one_kind',
      vi: `Kết hợp chữ với số hoặc ký tự đặc biệt, hoặc dùng một cụm từ dài từ ${PASSPHRASE_MIN} ký tự.`,
      en: `Mix letters with digits or symbols, or use a passphrase of ${PASSPHRASE_MIN} characters or more.`,
    });
  }
  const name = fold(user.username ?? '').trim();
  const folded = fold(password);
  if (name.length >= 3 && (folded.includes(name) || name.split(/[._\-@]/).some((part) => part.length >= 4 && folded.includes(part)))) {
    out.push({ code: 'contains_username', vi: 'Mật khẩu không được chứa tên đăng nhập.', en: 'The password must not contain the username.' });
  }
  if (COMMON.has(folded.replace(/\s+/g, ''))) out.push({ code: 'common', vi: 'Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.', en: 'This password is too common and easy to guess. Choose another.' });
  else if (length >= 3 && repetitive(password)) out.push({ code: 'repetitive', vi: 'Mật khẩu chỉ lặp lại ký tự hoặc một dãy liên tiếp, dễ bị đoán.', en: 'The password only repeats characters or a simple sequence.' });
  return out;
}

/**
 * The rule as the server applies it, to every way a password is set (self-service change,
 * an administrator's form, `lienthong user add` and `init`, the users CSV): the first
 * problem, as a validation error on `field` (code `password_<problem>`).
 */
export function assertPasswordRule(password: string, username: string | null | undefined, field = 'password'): void {
  const problem = passwordProblems(password, { username })[0];
  if (problem) throw new DomainError('validation', `password_${problem.code}`, problem.vi, problem.en, field);
}
