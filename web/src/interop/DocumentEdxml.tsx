import { useState } from 'react';
import { App as AntApp, Button } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { saveFile } from '../api';
import { answer, client, fileOf } from '../api/client';
import { useAuth, useMe } from '../auth';
import { useI18n } from '../i18n';
import { SignatureBadge } from './SignatureBadge';
import type { DocumentDetail } from '../types';

/** "Xuất edXML" on an issued document of the agency (or one received by edXML): the package as a file. */
export function EdxmlExportButton({ doc }: { doc: DocumentDetail }) {
  const { t, err } = useI18n();
  const me = useMe();
  const { modal } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const own = doc.senderOrgId === me.agencyId || me.isProvinceAdmin;
  if (doc.state !== 'issued' || doc.confidentiality !== 'thuong' || !(own || doc.origin === 'edxml')) return null;
  const run = async () => {
    setBusy(true);
    try {
      saveFile(await fileOf(client.GET('/api/v1/documents/{id}/edxml', { params: { path: { id: doc.id } }, parseAs: 'blob' })));
    } catch (e) {
      modal.error({ title: t('Không xuất được gói edXML', 'The edXML package could not be made'), content: err(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<ExportOutlined />} loading={busy} onClick={() => void run()} data-testid="edxml-export">
      {t('Xuất edXML', 'Export edXML')}
    </Button>
  );
}

/** On an item that came by edXML: who sent the package and what its signature check found. */
export function EdxmlOrigin({ documentId }: { documentId: number }) {
  const { t } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const reader = me.isProvinceAdmin || has('clerk', 'leader', 'admin');
  const pkg = useQuery({
    queryKey: ['edxml-packages', 'document', documentId],
    queryFn: () => answer(client.GET('/api/v1/edxml/packages', { params: { query: { documentId, direction: 'in', kind: 'document', limit: 1 } } })),
    enabled: reader,
  });
  const p = pkg.data?.items[0];
  if (!p) return null;
  return (
    <p style={{ margin: "8px 0 0" }} data-testid="edxml-origin">
      {t('Nhận qua edXML từ mã', 'Received by edXML from')} <code>{p.senderCode}</code> ·{' '}
      <SignatureBadge result={p.signature.result} subject={p.signature.detail?.subject} reason={p.signature.detail?.reason} />
    </p>
  );
}
