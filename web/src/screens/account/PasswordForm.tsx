import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { ApiError } from '../../api';
import { passwordProblems, PASSPHRASE_MIN, PASSWORD_MIN, type PasswordProblem } from '../../password-rules';

export interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export type ChangePassword = (currentPassword: string, newPassword: string) => Promise<{ endedSessions: number }>;

/** The rules shown under the new password, ticked off while it is typed. */
const CHECKS: { codes: PasswordProblem['code'][]; vi: string; en: string }[] = [
  { codes: ['required', 'too_short', 'too_long'], vi: `Ít nhất ${PASSWORD_MIN} ký tự`, en: `At least ${PASSWORD_MIN} characters` },
  { codes: ['one_kind'], vi: `Có cả chữ và số hoặc ký tự đặc biệt (hoặc là một cụm từ từ ${PASSPHRASE_MIN} ký tự)`, en: `Letters with digits or symbols (or a passphrase of ${PASSPHRASE_MIN}+ characters)` },
  { codes: ['contains_username'], vi: 'Không chứa tên đăng nhập', en: 'Does not contain the username' },
  { codes: ['common', 'repetitive'], vi: 'Không phải mật khẩu phổ biến hay dãy lặp lại', en: 'Not a common password or a repeated sequence' },
];

/**
 * Đổi mật khẩu: the current password, the new one checked against the server's rule as it is
 * typed, and the new one again. Errors sit under their field (announced to screen readers);
 * what the server refuses comes back to the same field, and what was typed stays.
 */
export function PasswordForm({ username, onChange }: { username: string; onChange: ChangePassword }) {
  const { t, lang, err } = useI18n();
  const [form] = Form.useForm<PasswordValues>();
  const next = Form.useWatch('newPassword', form) ?? '';
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // antd ties each message to its field (aria-describedby) but does not announce it: this does.
  const [spoken, setSpoken] = useState('');
  const problems = passwordProblems(next, { username });

  const submit = async () => {
    setFailure(null);
    setDone(null);
    let v: PasswordValues;
    try {
      v = await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.focusField(first.name);
      return;
    }
    setBusy(true);
    try {
      const r = await onChange(v.currentPassword, v.newPassword);
      form.resetFields();
      setDone(r.endedSessions);
    } catch (e) {
      const field = e instanceof ApiError && ['currentPassword', 'newPassword'].includes(e.field ?? '') ? (e.field as 'currentPassword' | 'newPassword') : null;
      if (field) {
        form.setFields([{ name: field, errors: [err(e)] }]);
        form.focusField(field);
      } else setFailure(err(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<PasswordValues>
      form={form}
      layout="vertical"
      className="lt-password-form"
      aria-label={t('Đổi mật khẩu', 'Change password')}
      onFinish={() => void submit()}
      onFinishFailed={(e) => e.errorFields[0] && form.focusField(e.errorFields[0].name)}
      onFieldsChange={(changed) => {
        const said = changed.flatMap((f) => f.errors ?? []).join(' ');
        if (said) setSpoken(said);
        else if (changed.some((f) => f.validated)) setSpoken('');
      }}
      requiredMark={false}
    >
      <div className="lt-sr" aria-live="polite" data-testid="password-live">
        {spoken}
      </div>
      <div aria-live="polite">
        {done !== null && (
          <Alert
            type="success"
            showIcon
            data-testid="password-done"
            title={t('Đã đổi mật khẩu.', 'The password was changed.')}
            description={done > 0 ? t(`${done} phiên đăng nhập khác của bạn đã kết thúc.`, `${done} other sessions of yours were ended.`) : t('Không có phiên đăng nhập nào khác cần kết thúc.', 'There was no other session to end.')}
            style={{ marginBottom: 12 }}
          />
        )}
      </div>
      {failure && <Alert type="error" showIcon role="alert" title={t('Chưa đổi được mật khẩu', 'The password was not changed')} description={failure} style={{ marginBottom: 12 }} data-testid="password-error" />}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <Form.Item name="currentPassword" label={t('Mật khẩu hiện tại', 'Current password')} rules={[{ required: true, message: t('Hãy nhập mật khẩu hiện tại.', 'Enter the current password.') }]}>
        <Input.Password autoComplete="current-password" maxLength={200} />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('Mật khẩu mới', 'New password')}
        dependencies={['currentPassword']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_r, value: string | undefined) => {
              const p = passwordProblems(value ?? '', { username })[0];
              if (p) throw new Error(p[lang]);
              if (value && value === getFieldValue('currentPassword')) throw new Error(t('Mật khẩu mới phải khác mật khẩu hiện tại.', 'The new password must differ from the current one.'));
            },
          }),
        ]}
        extra={
          <ul className="lt-password-checks" aria-label={t('Yêu cầu của mật khẩu', 'Password requirements')}>
            {CHECKS.map((c) => {
              const ok = next.length > 0 && !problems.some((p) => c.codes.includes(p.code));
              return (
                <li key={c.codes[0]} className={ok ? 'lt-check-ok' : undefined} data-ok={ok}>
                  {ok ? <CheckCircleFilled aria-hidden /> : <MinusCircleOutlined aria-hidden />} {c[lang]}
                  <span className="lt-sr">{ok ? t(' — đạt', ' — met') : t(' — chưa đạt', ' — not met')}</span>
                </li>
              );
            })}
          </ul>
        }
      >
        <Input.Password autoComplete="new-password" maxLength={200} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('Nhập lại mật khẩu mới', 'New password again')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('Hãy nhập lại mật khẩu mới.', 'Enter the new password again.') },
          ({ getFieldValue }) => ({
            validator: async (_r, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('Hai lần nhập mật khẩu mới không giống nhau.', 'The two new passwords differ.'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={200} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('Đổi mật khẩu', 'Change password')}
      </Button>
    </Form>
  );
}
