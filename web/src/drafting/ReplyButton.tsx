import { Button } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import type { DocumentDetail } from '../types';

/** "Soạn văn bản trả lời" on an incoming item being handled: starts a reply draft. */
export function ReplyButton({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  const { has } = useAuth();
  const inc = doc.incoming;
  if (!inc || inc.withdrawn || !['03', '04', '05'].includes(inc.status.code) || !has('specialist', 'clerk', 'leader')) return null;
  return (
    <Button icon={<EditOutlined />} onClick={() => navigate(`/drafts/new?replyToItemId=${inc.itemId}`)}>
      {t('Soạn văn bản trả lời', 'Draft a reply')}
    </Button>
  );
}
