/**
 * The password rule of the server (src/domain/password-rule.ts), run in the browser as the
 * user types: one rule, one place.
 */
export { passwordProblems, PASSWORD_MIN, PASSWORD_MAX, PASSPHRASE_MIN, type PasswordProblem } from '../../src/domain/password-rule';
