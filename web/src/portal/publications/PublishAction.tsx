import { useState } from 'react';
import { Button } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { useAuth, useMe } from '../../auth';
import { fmtDate } from '../../format';
import { useI18n } from '../../i18n';
import { Badge } from '../../labels';
import { PublicLink } from '../common';
import { PublishModal } from './PublishModal';
import { usePublications } from './queries';
import type { DocumentDetail } from '../../types';

/** Who may put this document on the portal: its agency's clerks, leaders, administrators; the province. */
export function mayPublish(doc: DocumentDetail, me: { agencyId: number; isProvinceAdmin: boolean }, has: (...r: ('clerk' | 'leader' | 'admin')[]) => boolean) {
  if (doc.state !== 'issued' || doc.confidentiality !== 'thuong' || doc.origin !== 'internal') return false;
  return me.isProvinceAdmin || (doc.senderOrgId === me.agencyId && has('clerk', 'leader', 'admin'));
}

/**
 * "Công bố trên cổng" on a document's page: for an issued, unclassified document of the
 * agency; once published, where it is on the portal.
 */
export function PublishAction({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const allowed = mayPublish(doc, me, has);
  const pubs = usePublications(allowed);
  const [open, setOpen] = useState(false);
  if (!allowed || !pubs.data) return null;
  const live = pubs.data.find((p) => p.documentId === doc.id && p.live);
  if (live)
    return (
      <span className="lt-portal-published" data-testid="portal-published">
        <Badge tone="green">{t(`Đã công bố trên cổng ${fmtDate(live.publishedAt)}`, `On the portal since ${fmtDate(live.publishedAt)}`)}</Badge>{' '}
        <PublicLink href={`/van-ban/${doc.id}`}>{t('Xem trên cổng', 'See on the portal')}</PublicLink>
      </span>
    );
  return (
    <>
      <Button icon={<CloudUploadOutlined />} onClick={() => setOpen(true)} data-testid="portal-publish">
        {t('Công bố trên cổng', 'Publish on the portal')}
      </Button>
      {open && <PublishModal document={{ id: doc.id, symbol: doc.symbol, summary: doc.summary }} onClose={() => setOpen(false)} />}
    </>
  );
}
