import { answer, client } from '../api/client';
import { useMe } from '../auth';
import { useI18n } from '../i18n';
import { Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { PasswordForm } from './account/PasswordForm';

/** Đổi mật khẩu (user menu): the signed-in user's own password. */
export default function ChangePassword() {
  const { t } = useI18n();
  const me = useMe();
  return (
    <Page
      title={t('Đổi mật khẩu', 'Change password')}
      sub={t('Sau khi đổi, các phiên đăng nhập khác của bạn (máy khác, trình duyệt khác) sẽ kết thúc; phiên này vẫn tiếp tục.', 'After the change your other sessions (other computers and browsers) end; this one continues.')}
    >
      <Panel className="lt-narrow">
        <PasswordForm username={me.username} onChange={(currentPassword, newPassword) => answer(client.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }))} />
      </Panel>
    </Page>
  );
}
