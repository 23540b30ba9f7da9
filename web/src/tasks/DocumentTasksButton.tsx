import { Button } from 'antd';
import { ProfileOutlined } from '@ant-design/icons';
import { useAuth, useMe } from '../auth';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import type { DocumentDetail } from '../types';
import { mayAssignTasks } from './nav';

/** "Giao nhiệm vụ" on the page of an issued, unclassified document (the UBND Office's task officers). */
export function DocumentTasksButton({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  if (doc.state !== 'issued' || doc.confidentiality !== 'thuong' || !mayAssignTasks(me, has)) return null;
  return (
    <>
      <Button onClick={() => navigate(`/tasks?documentId=${doc.id}&sort=document`)}>{t('Nhiệm vụ của văn bản', 'Tasks of this document')}</Button>
      <Button type="primary" icon={<ProfileOutlined />} onClick={() => navigate(`/tasks/new?documentId=${doc.id}`)}>
        {t('Giao nhiệm vụ', 'Assign a task')}
      </Button>
    </>
  );
}
