import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Spin } from 'antd';
import { answer, client, type Body } from '../api/client';
import { Page } from '../components/Page';
import { useDocumentTypes } from '../data';
import { useI18n } from '../i18n';
import { navigate, useLocation } from '../router';

/**
 * A new draft: from scratch (type, summary; recipients may come later), or as the reply to an
 * incoming item (?replyToItemId=…: recipient, link and subject are filled in by the server).
 */
export default function DraftNew() {
  const { t, err } = useI18n();
  const { query } = useLocation();
  const types = useDocumentTypes();
  const replyTo = Number(query.get('replyToItemId')) || null;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);
  const start = async (body: Body<'/api/v1/drafts', 'post'>) => {
    setBusy(true);
    setError(null);
    try {
      const d = await answer(client.POST('/api/v1/drafts', { body }));
      navigate(`/drafts/${d.documentId}`, { replace: true });
    } catch (e) {
      setError(err(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (replyTo && !started.current) {
      started.current = true;
      void start({ replyToItemId: replyTo });
    }
  });
  return (
    <Page title={replyTo ? t('Soạn văn bản trả lời', 'Draft a reply') : t('Dự thảo mới', 'New draft')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {replyTo ? (
        <Spin spinning={busy}>
          <p>{t('Đang tạo dự thảo trả lời…', 'Creating the reply draft…')}</p>
        </Spin>
      ) : (
        <Card className="lt-card">
          <Form layout="vertical" onFinish={(v: { typeCode: string; summary: string; draftingUnit?: string }) => void start({ typeCode: v.typeCode, summary: v.summary, ...(v.draftingUnit ? { draftingUnit: v.draftingUnit } : {}) })} initialValues={{ typeCode: 'CV' }} style={{ maxWidth: 640 }}>
            <Form.Item name="typeCode" label={t('Loại văn bản', 'Document type')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" loading={types.isLoading} options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))} />
            </Form.Item>
            <Form.Item name="summary" label={t('Trích yếu', 'Summary')} rules={[{ required: true, message: t('Hãy nhập trích yếu.', 'Enter the summary.') }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount />
            </Form.Item>
            <Form.Item name="draftingUnit" label={t('Đơn vị soạn thảo (viết tắt)', 'Drafting unit (abbreviation)')}>
              <Input maxLength={30} placeholder="KHTC" />
            </Form.Item>
            <p className="lt-muted lt-small">{t('Nơi nhận có thể chọn sau; dự thảo được lưu ở mọi bước.', 'Recipients can be chosen later; the draft is saved at every step.')}</p>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('Tạo dự thảo', 'Create draft')}
            </Button>
          </Form>
        </Card>
      )}
    </Page>
  );
}
