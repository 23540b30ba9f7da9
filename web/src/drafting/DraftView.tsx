import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Grid, Input, Modal, Row, Select, Table, Tag, Timeline, Upload } from 'antd';
import { CheckOutlined, RollbackOutlined, SendOutlined, UploadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client, postFile } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { STAGE_COLORS } from './DraftList';
import type { DraftAction, DraftVersion } from './types';
import './drafting.css';

const ACTION_LABELS: Record<DraftAction, [string, string]> = {
  version: ['Tải phiên bản', 'Version uploaded'],
  submit: ['Trình', 'Submitted'],
  comment: ['Cho ý kiến', 'Commented'],
  return: ['Trả lại', 'Returned'],
  pass: ['Chuyển tiếp', 'Passed on'],
  sign: ['Duyệt và ký số', 'Approved and signed'],
  issue: ['Phát hành', 'Issued'],
};

/** One draft: its versions (name, date, author), the steps and comments, and what the holder may do. */
export default function DraftView({ id }: { id: number }) {
  const { t, lang, err } = useI18n();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const draft = useQuery({ queryKey: ['draft', id], queryFn: async () => (await client.GET('/api/v1/drafts/{id}', { params: { path: { id } } })).data! });
  const people = useQuery({ queryKey: ['draft-reviewers'], queryFn: async () => (await client.GET('/api/v1/drafts/reviewers')).data! });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<null | 'submit' | 'return' | 'comment' | 'sign'>(null);
  const [form] = Form.useForm<{ toUserId?: number; note?: string }>();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['draft', id] });
    void qc.invalidateQueries({ queryKey: ['drafts'] });
  };
  const act = async (what: string, run: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    try {
      await run();
      setDialog(null);
      form.resetFields();
      refresh();
    } catch (e) {
      setError(err(e));
    } finally {
      setBusy(null);
    }
  };
  if (draft.error) return <Page title={t('Dự thảo', 'Draft')}><LoadError error={draft.error} retry={() => void draft.refetch()} /></Page>;
  const d = draft.data;
  if (!d) return <Page title={t('Dự thảo', 'Draft')}><Card loading /></Page>;
  const onOk = () =>
    void form.validateFields().then((v) =>
      act(dialog!, () =>
        dialog === 'submit'
          ? answer(client.POST('/api/v1/drafts/{id}/submit', { params: { path: { id } }, body: { toUserId: v.toUserId!, ...(v.note ? { note: v.note } : {}) } }))
          : dialog === 'return'
            ? answer(client.POST('/api/v1/drafts/{id}/return', { params: { path: { id } }, body: { note: v.note ?? '' } }))
            : dialog === 'comment'
              ? answer(client.POST('/api/v1/drafts/{id}/comments', { params: { path: { id } }, body: { note: v.note ?? '' } }))
              : answer(client.POST('/api/v1/drafts/{id}/sign', { params: { path: { id } }, body: v.note ? { note: v.note } : {} })),
      ),
    );
  const versionColumns = [
    { key: 'v', title: t('Phiên bản', 'Version'), width: 90, render: (_: unknown, v: DraftVersion) => <b>{v.version}</b> },
    {
      key: 'f',
      title: t('Tệp', 'File'),
      render: (_: unknown, v: DraftVersion) => (
        <span>
          <a href={`/api/v1/drafts/${id}/versions/${v.version}`}>{v.fileName}</a> {v.signed && <Tag color="green" icon={<SafetyCertificateOutlined />}>{t('Đã ký số', 'Signed')}</Tag>}
        </span>
      ),
    },
    { key: 'a', title: t('Người tải lên', 'Author'), width: 170, dataIndex: 'author' },
    { key: 'd', title: t('Ngày', 'Date'), width: 150, render: (_: unknown, v: DraftVersion) => fmtDateTime(v.createdAt) },
  ];
  const holderChoices = (people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} — ${p.role === 'leader' ? t('Lãnh đạo (ký)', 'Leader (signs)') : t('Lãnh đạo phòng (cho ý kiến)', 'Head of unit (review)')}` }));
  return (
    <Page
      title={d.document.summary}
      sub={
        <span>
          <Tag color={STAGE_COLORS[d.stage]} data-testid="draft-stage">
            {lang === 'vi' ? d.stageLabel : d.stageLabelEn}
          </Tag>
          {d.holder && (
            <span>
              {t('Đang ở', 'With')}: <b>{d.holder.name}</b>
            </span>
          )}
        </span>
      }
      extra={<Button onClick={() => navigate('/drafts')}>{t('← Danh sách dự thảo', '← Drafts')}</Button>}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <div className="lt-draft-actions">
        {d.can.upload && (
          <Upload
            showUploadList={false}
            accept=".pdf,.docx,.doc,.odt"
            customRequest={({ file }) => void act('upload', () => postFile('/api/v1/drafts/{id}/versions', { params: { path: { id } }, body: { file: file as File } }))}
          >
            <Button icon={<UploadOutlined />} loading={busy === 'upload'}>
              {t('Tải phiên bản mới', 'Upload a new version')}
            </Button>
          </Upload>
        )}
        {d.can.submit && (
          <Button type="primary" icon={<SendOutlined />} onClick={() => setDialog('submit')}>
            {d.stage === 'review' ? t('Chuyển tiếp', 'Pass on') : t('Trình', 'Submit')}
          </Button>
        )}
        {d.can.return && (
          <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('return')}>
            {t('Trả lại', 'Return')}
          </Button>
        )}
        {d.can.sign && (
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('sign')}>
            {t('Duyệt và ký số', 'Approve and sign')}
          </Button>
        )}
        {d.can.issue && (
          <Button type="primary" onClick={() => navigate(`/documents/${d.documentId}`)}>
            {t('Cấp số và phát hành', 'Number and issue')}
          </Button>
        )}
        <Button onClick={() => setDialog('comment')}>{t('Cho ý kiến', 'Comment')}</Button>
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card className="lt-card" title={t('Văn bản', 'Document')} size="small">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'n', label: t('Người soạn', 'Drafter'), children: d.drafter.name },
                { key: 'r', label: t('Nơi nhận', 'Recipients'), children: d.document.recipients.length ? d.document.recipients.map((r) => r.name).join('; ') : <span className="lt-muted">{t('chưa chọn', 'not chosen yet')}</span> },
                ...(d.document.replyToId ? [{ key: 'rt', label: t('Trả lời văn bản', 'Replies to'), children: <DocLink id={d.document.replyToId} symbol={d.document.replyToSymbol} /> }] : []),
                { key: 'doc', label: t('Văn bản đi', 'Outgoing document'), children: <Link to={`/documents/${d.documentId}`}>{d.document.symbol ?? t('Dự thảo', 'Draft')}</Link> },
              ]}
            />
          </Card>
          <Card className="lt-card" title={t(`Các phiên bản (${d.versions.length})`, `Versions (${d.versions.length})`)} size="small">
            {screens.md ? (
              <Table<DraftVersion> data-testid="draft-versions" rowKey="version" size="small" columns={versionColumns} dataSource={d.versions} pagination={false} locale={{ emptyText: <Empty description={t('Chưa có tệp dự thảo.', 'No draft file yet.')} /> }} />
            ) : d.versions.length ? (
              <ul data-testid="draft-versions-list" className="lt-draft-versions">
                {d.versions.map((v) => (
                  <li key={v.version}>
                    <b>{v.version}.</b> <a href={`/api/v1/drafts/${id}/versions/${v.version}`}>{v.fileName}</a> {v.signed && <Tag color="green">{t('Đã ký số', 'Signed')}</Tag>}
                    <div className="lt-muted lt-small">
                      {v.author} · {fmtDateTime(v.createdAt)}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty description={t('Chưa có tệp dự thảo.', 'No draft file yet.')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card className="lt-card lt-draft-steps" title={t('Quá trình và ý kiến', 'Steps and comments')} size="small">
            <Timeline
              data-testid="draft-steps"
              items={d.steps.map((s) => ({
                color: s.action === 'return' ? 'red' : s.action === 'sign' || s.action === 'issue' ? 'green' : 'blue',
                content: (
                  <div>
                    <b>{t(...ACTION_LABELS[s.action])}</b>
                    {s.version ? ` (${t('phiên bản', 'version')} ${s.version})` : ''} — {s.by}
                    {s.to ? ` → ${s.to}` : ''}
                    <div className="lt-muted lt-small">{fmtDateTime(s.at)}</div>
                    {s.note && <div className="lt-pre">{s.note}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={dialog !== null}
        title={dialog === 'submit' ? t('Trình dự thảo', 'Submit the draft') : dialog === 'return' ? t('Trả lại dự thảo', 'Return the draft') : dialog === 'sign' ? t('Duyệt và ký số phiên bản PDF mới nhất', 'Approve and sign the latest PDF') : t('Cho ý kiến', 'Comment')}
        okText={dialog === 'sign' ? t('Ký số', 'Sign') : t('Gửi', 'Send')}
        cancelText={t('Hủy', 'Cancel')}
        confirmLoading={busy !== null}
        onOk={onOk}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {dialog === 'submit' && (
            <Form.Item name="toUserId" label={t('Trình cho', 'Submit to')} rules={[{ required: true, message: t('Hãy chọn người nhận.', 'Choose who receives it.') }]}>
              <Select options={holderChoices} loading={people.isLoading} />
            </Form.Item>
          )}
          <Form.Item name="note" label={dialog === 'return' ? t('Lý do trả lại', 'Why it is returned') : t('Ý kiến', 'Comment')} rules={dialog === 'return' || dialog === 'comment' ? [{ required: true, message: t('Hãy nhập ý kiến.', 'Enter a comment.') }] : []}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
