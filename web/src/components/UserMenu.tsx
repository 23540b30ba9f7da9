import { useEffect, useId, useRef, useState } from 'react';
import { DownOutlined, LockOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { navigate } from '../router';

/**
 * The signed-in user's name opens a small menu (Đổi mật khẩu). Plain markup rather than a
 * dropdown component: the shell is on every first load. Escape or a click elsewhere closes
 * it and gives the focus back.
 */
export function UserMenu({ fullName, roleText, username }: { fullName: string; roleText: string; username: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const outside = (e: MouseEvent) => !box.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="lt-user-menu" ref={box} onKeyDown={(e) => e.key === 'Escape' && open && close()}>
      <button type="button" ref={button} className="lt-user" title={username} aria-haspopup="menu" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span className="lt-user-name">{fullName}</span>
        <span className="lt-user-role">{roleText}</span>
        <DownOutlined className="lt-user-caret" aria-hidden />
      </button>
      {open && (
        <ul className="lt-user-list" role="menu" id={id} aria-label={t('Tài khoản', 'Account')}>
          <li role="none">
            <a
              role="menuitem"
              ref={first}
              href="/app/account/password"
              onClick={(e) => {
                e.preventDefault();
                setOpen(false);
                navigate('/account/password');
              }}
            >
              <LockOutlined aria-hidden /> {t('Đổi mật khẩu', 'Change password')}
            </a>
          </li>
        </ul>
      )}
    </div>
  );
}
