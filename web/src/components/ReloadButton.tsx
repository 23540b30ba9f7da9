import { Button } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/** "Tải lại" beside a list's filters: asks the server again. */
export function ReloadButton({ reload }: { reload(): Promise<unknown> }) {
  const { t } = useI18n();
  return (
    <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
      {t('Tải lại', 'Reload')}
    </Button>
  );
}
