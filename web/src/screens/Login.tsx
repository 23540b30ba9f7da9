import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Input, type InputRef } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { Emblem } from '../components/Emblem';

/** Sign-in. A plain form (no form library) keeps the first load small. */
export function Login() {
  const { login, expired } = useAuth();
  const { t, err, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<InputRef>(null);
  const passRef = useRef<InputRef>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = { username: !username.trim(), password: !password };
    setMissing(m);
    if (m.username) return userRef.current?.focus();
    if (m.password) return passRef.current?.focus();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (ex) {
      setError(err(ex));
      // Keep the user name; the password is typed again.
      setPassword('');
      passRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="lt-login">
      <header className="lt-login-band">
        <Emblem size={44} />
        <div>
          <div className="lt-login-kicker">{t('ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI', 'PEOPLE’S COMMITTEE OF ĐỒNG NAI PROVINCE')}</div>
          <div className="lt-login-title">{t('Hệ thống quản lý văn bản và điều hành — Liên Thông', 'Document management and exchange — Liên Thông')}</div>
        </div>
      </header>
      <main className="lt-login-main">
        <section className="lt-login-card" aria-labelledby="login-h">
          <h1 id="login-h">{t('Đăng nhập', 'Sign in')}</h1>
          <p className="lt-muted">{t('Dùng tài khoản được cơ quan cấp.', 'Use the account your agency gave you.')}</p>
          {expired && !error && <Alert type="warning" showIcon title={t('Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.', 'Your session has ended. Please sign in again.')} style={{ marginBottom: 12 }} />}
          <div aria-live="assertive">{error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="login-error" />}</div>
          <form onSubmit={submit} noValidate>
            <div className="lt-field">
              <label htmlFor="login-username">{t('Tên đăng nhập', 'User name')}</label>
              <Input
                id="login-username"
                ref={userRef}
                prefix={<UserOutlined aria-hidden />}
                autoComplete="username"
                autoFocus
                autoCapitalize="none"
                spellCheck={false}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                status={missing.username ? 'error' : undefined}
                aria-invalid={missing.username || undefined}
                aria-describedby={missing.username ? 'login-username-err' : undefined}
                size="middle"
              />
              {missing.username && <div id="login-username-err" className="lt-field-err">{t('Nhập tên đăng nhập.', 'Enter your user name.')}</div>}
            </div>
            <div className="lt-field">
              <label htmlFor="login-password">{t('Mật khẩu', 'Password')}</label>
              <Input.Password
                id="login-password"
                ref={passRef}
                prefix={<LockOutlined aria-hidden />}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                status={missing.password ? 'error' : undefined}
                aria-invalid={missing.password || undefined}
                aria-describedby={missing.password ? 'login-password-err' : undefined}
                size="middle"
              />
              {missing.password && <div id="login-password-err" className="lt-field-err">{t('Nhập mật khẩu.', 'Enter your password.')}</div>}
            </div>
            <Button type="primary" htmlType="submit" block loading={busy} size="middle">
              {t('Đăng nhập', 'Sign in')}
            </Button>
          </form>
          <div className="lt-login-foot">
            <div className="lt-lang lt-lang-light" role="group" aria-label={t('Ngôn ngữ', 'Language')}>
              <button type="button" aria-pressed={lang === 'vi'} onClick={() => setLang('vi')} lang="vi">
                Tiếng Việt
              </button>
              <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
                English
              </button>
            </div>
          </div>
        </section>
      </main>
      <footer className="lt-login-footer">{t('Trục liên thông văn bản tỉnh Đồng Nai · Nghị định 30/2020/NĐ-CP', 'Đồng Nai provincial document exchange · Decree 30/2020/NĐ-CP')}</footer>
    </div>
  );
}
