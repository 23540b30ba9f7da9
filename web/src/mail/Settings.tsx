import { useMemo, useState } from 'react';
import { App as AntApp, Button, Modal, Popconfirm, Select, Skeleton, Space, Table, Tag } from 'antd';
import { CloudDownloadOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useAuth, useMe } from '../auth';
import { Panel } from '../components/Panel';
import { LoadError, Page } from '../components/Page';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../format';
import { useOrganizations } from '../data';
import { AliasForm } from './AliasForm';
import { ImapAccountForm } from './ImapAccountForm';
import { PolicyForm } from './PolicyForm';
import type { ImapAccount, ImapAccountInput, MailAlias } from './types';
import './mail.css';

/**
 * Cấu hình thư: the agency's attachment policy (its administrators change it); for the
 * province administrator also any agency's policy, the aliases of the official addresses
 * and the IMAP mailboxes fetched into the inboxes.
 */
export default function Settings() {
  const { t } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const orgs = useOrganizations();
  const [orgId, setOrgId] = useState<number | null>(null);
  const shownOrg = orgId ?? me.agencyId;
  const policy = useQuery({ queryKey: ['mail-policy', orgId], queryFn: () => answer(client.GET('/api/v1/mail/policy', { params: { query: { orgId: orgId ?? undefined } } })) });
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const mayEdit = me.isProvinceAdmin || has('admin');

  return (
    <Page title={t('Cấu hình thư điện tử', 'Mail settings')} sub={t('Chính sách gửi kèm tệp trong thư phát hành; với quản trị tỉnh: địa chỉ bí danh và hộp thư IMAP.', 'The attachment policy of dispatch mails; for the province administrator: aliases and IMAP mailboxes.')}>
      <Panel
        className="lt-card"
        title={t('Chính sách gửi kèm tệp', 'Attachment policy')}
        extra={
          me.isProvinceAdmin && (
            <Select
              aria-label={t('Cơ quan', 'Agency')}
              style={{ width: 320 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={shownOrg}
              onChange={(v: number) => setOrgId(v === me.agencyId ? null : v)}
              options={(orgs.data ?? []).filter((o) => o.kind === 'agency' || o.kind === 'province' || o.id === me.agencyId).map((o) => ({ value: o.id, label: o.name }))}
            />
          )
        }
      >
        {policy.error && <LoadError error={policy.error} retry={() => void policy.refetch()} />}
        {!policy.data ? (
          !policy.error && <Skeleton active paragraph={{ rows: 3 }} />
        ) : (
          <div className="lt-form-narrow" data-testid="mail-policy">
            <p>
              <b>{policy.data.orgName}</b>
            </p>
            <PolicyForm
              key={policy.data.orgId}
              policy={policy.data}
              mayEdit={mayEdit}
              onSubmit={async (v) => {
                const saved = await answer(client.PATCH('/api/v1/mail/policy', { body: { ...v, ...(orgId ? { orgId } : {}) } }));
                qc.setQueryData(['mail-policy', orgId], { ...policy.data, ...saved });
                message.success(t('Đã lưu chính sách thư.', 'Mail policy saved.'));
              }}
            />
          </div>
        )}
      </Panel>
      {me.isProvinceAdmin && <Aliases domains={policy.data?.domains} />}
      {me.isProvinceAdmin && <ImapAccounts />}
    </Page>
  );
}

/** The province's mail domains: from the server when it says, else those of the official addresses. */
function useDomains(fromServer: string[] | undefined) {
  const boxes = useQuery({ queryKey: ['mailboxes'], queryFn: () => answer(client.GET('/api/v1/mail/mailboxes')), enabled: !fromServer, staleTime: 5 * 60_000 });
  return useMemo(() => {
    if (fromServer) return fromServer;
    const count = new Map<string, number>();
    for (const b of boxes.data ?? []) for (const a of [b.address, ...b.aliases]) if (a) count.set(a.slice(a.lastIndexOf('@') + 1), (count.get(a.slice(a.lastIndexOf('@') + 1)) ?? 0) + 1);
    return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
  }, [fromServer, boxes.data]);
}

function Aliases({ domains: fromServer }: { domains?: string[] }) {
  const { t, err } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const orgs = useOrganizations();
  const domains = useDomains(fromServer);
  const aliases = useQuery({ queryKey: ['mail-aliases'], queryFn: () => answer(client.GET('/api/v1/mail/aliases')) });
  const [adding, setAdding] = useState(false);
  return (
    <Panel
      className="lt-card"
      title={t('Địa chỉ thư bí danh', 'Mail aliases')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('Thêm bí danh', 'Add an alias')}
        </Button>
      }
    >
      <p className="lt-muted">{t('Thư gửi tới bí danh vào hộp văn bản đến của cơ quan như thư gửi địa chỉ chính thức.', 'Mail to an alias reaches the agency’s inbox like mail to its official address.')}</p>
      {aliases.error && <LoadError error={aliases.error} retry={() => void aliases.refetch()} />}
      <Table<MailAlias>
        size="small"
        rowKey="address"
        loading={aliases.isLoading}
        dataSource={aliases.data ?? []}
        pagination={(aliases.data?.length ?? 0) > 20 ? { pageSize: 20, size: 'small' } : false}
        data-testid="alias-table"
        locale={{ emptyText: t('Chưa có bí danh nào.', 'No aliases yet.') }}
        columns={[
          { title: t('Địa chỉ', 'Address'), dataIndex: 'address', render: (v: string) => <code>{v}</code> },
          { title: t('Cơ quan, đơn vị', 'Organisation'), dataIndex: 'orgName', ellipsis: true },
          { title: t('Thêm lúc', 'Added'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtDateTime(v) },
          {
            title: '',
            key: 'x',
            width: 90,
            render: (_v, r) => (
              <Popconfirm
                title={t(`Xóa bí danh ${r.address}?`, `Remove ${r.address}?`)}
                description={t('Thư gửi tới địa chỉ này sẽ bị từ chối. Không hoàn tác được.', 'Mail to this address will be refused. This cannot be undone.')}
                okText={t('Xóa', 'Remove')}
                cancelText={t('Hủy', 'Cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={async () => {
                  try {
                    await client.DELETE('/api/v1/mail/aliases/{address}', { params: { path: { address: r.address } } });
                    message.success(t('Đã xóa bí danh.', 'Alias removed.'));
                    void qc.invalidateQueries({ queryKey: ['mail-aliases'] });
                  } catch (e) {
                    message.error(err(e));
                  }
                }}
              >
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t(`Xóa bí danh ${r.address}`, `Remove ${r.address}`)}>
                  {t('Xóa', 'Remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal open={adding} title={t('Thêm địa chỉ thư bí danh', 'Add a mail alias')} footer={null} destroyOnHidden mask={{ closable: false }} onCancel={() => setAdding(false)}>
        <AliasForm
          domains={domains}
          orgs={orgs.data ?? []}
          onCancel={() => setAdding(false)}
          onSubmit={async (v) => {
            await client.POST('/api/v1/mail/aliases', { body: v });
            message.success(t(`Đã thêm bí danh ${v.address}.`, `Alias ${v.address} added.`));
            setAdding(false);
            void qc.invalidateQueries({ queryKey: ['mail-aliases'] });
          }}
        />
      </Modal>
    </Panel>
  );
}

function ImapAccounts() {
  const { t, err } = useI18n();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const orgs = useOrganizations();
  const accounts = useQuery({ queryKey: ['imap-accounts'], queryFn: () => answer(client.GET('/api/v1/mail/imap-accounts')) });
  const [editing, setEditing] = useState<ImapAccount | 'new' | null>(null);
  const [polling, setPolling] = useState<number | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['imap-accounts'] });

  const poll = async (a: ImapAccount) => {
    setPolling(a.id);
    try {
      const r = await answer(client.POST('/api/v1/mail/imap-accounts/{id}/poll', { params: { path: { id: a.id } } }));
      const summary = t(
        `Đã xem ${r.examined} thư, tải ${r.fetched}: nhận ${r.accepted}, trùng ${r.duplicate}, từ chối ${r.refused + r.tooLarge}, lỗi ${r.failed}${r.more ? '; còn thư, sẽ tải tiếp' : ''}${r.uidvalidityChanged ? '; UIDVALIDITY đã đổi, đọc lại từ đầu' : ''}.`,
        `Examined ${r.examined}, fetched ${r.fetched}: accepted ${r.accepted}, duplicate ${r.duplicate}, refused ${r.refused + r.tooLarge}, failed ${r.failed}${r.more ? '; more to come' : ''}${r.uidvalidityChanged ? '; UIDVALIDITY changed, read again from the start' : ''}.`,
      );
      if (r.error) modal.error({ title: t(`Không tải được thư từ ${a.username}`, `Could not fetch ${a.username}`), content: r.error });
      else message.success(summary, 6);
      void refresh();
    } catch (e) {
      modal.error({ title: t(`Không tải được thư từ ${a.username}`, `Could not fetch ${a.username}`), content: err(e) });
    } finally {
      setPolling(null);
    }
  };

  const save = async (v: ImapAccountInput) => {
    if (editing === 'new') await client.POST('/api/v1/mail/imap-accounts', { body: { ...v, password: v.password ?? '' } });
    else if (editing) await client.PATCH('/api/v1/mail/imap-accounts/{id}', { params: { path: { id: editing.id } }, body: v });
    message.success(t('Đã lưu hộp thư IMAP.', 'IMAP account saved.'));
    setEditing(null);
    void refresh();
  };

  return (
    <Panel
      className="lt-card"
      title={t('Hộp thư IMAP', 'IMAP mailboxes')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('Thêm hộp thư', 'Add a mailbox')}
        </Button>
      }
    >
      <p className="lt-muted">{t('Hộp thư sẵn có của tỉnh được đọc (không xóa, không đánh dấu) mỗi phút; mỗi thư chỉ tải một lần, nhớ theo UIDVALIDITY và UID.', 'Existing mailboxes are read (nothing deleted or flagged) every minute; each message is fetched once, remembered by UIDVALIDITY and UID.')}</p>
      {accounts.error && <LoadError error={accounts.error} retry={() => void accounts.refetch()} />}
      <Table<ImapAccount>
        size="small"
        rowKey="id"
        loading={accounts.isLoading}
        dataSource={accounts.data ?? []}
        pagination={false}
        scroll={{ x: 1480 }}
        data-testid="imap-table"
        locale={{ emptyText: t('Chưa khai báo hộp thư IMAP nào.', 'No IMAP mailbox yet.') }}
        columns={[
          {
            title: t('Hộp thư', 'Mailbox'),
            key: 'box',
            width: 280,
            render: (_v, a) => (
              <span>
                <b>{a.username}</b>
                <br />
                <span className="lt-muted">
                  {a.host}:{a.port} · {a.security === 'tls' ? 'TLS' : 'STARTTLS'} · {a.mailbox}
                  {!a.tlsRejectUnauthorized && ` · ${t('chứng chỉ tự ký', 'self-signed')}`}
                </span>
              </span>
            ),
          },
          { title: t('Thư chuyển vào', 'Goes to'), key: 'org', width: 190, ellipsis: true, render: (_v, a) => a.orgName ?? <span className="lt-muted">{t('Theo người nhận', 'By recipient')}</span> },
          {
            title: t('Tình trạng', 'State'),
            key: 'state',
            width: 150,
            render: (_v, a) =>
              a.polling ? <Tag color="blue" className="lt-tag">{t('Đang tải thư', 'Polling')}</Tag> : a.active ? <Tag color="green" className="lt-tag">{t('Đang hoạt động', 'Active')}</Tag> : <Tag className="lt-tag">{t('Tạm dừng', 'Paused')}</Tag>,
          },
          { title: t('Lần tải cuối', 'Last poll'), dataIndex: 'lastPolledAt', width: 130, render: (v: string | null) => fmtDateTime(v) || '—' },
          { title: 'UIDVALIDITY', dataIndex: 'uidvalidity', width: 110, render: (v: string | null) => v ?? '—' },
          {
            title: t('Thư đã xem', 'Seen'),
            key: 'seen',
            width: 190,
            render: (_v, a) => (
              <span title={t(`nhận ${a.seen.accepted}, trùng ${a.seen.duplicate}, từ chối ${a.seen.refused}, lỗi ${a.seen.failed}`, `accepted ${a.seen.accepted}, duplicate ${a.seen.duplicate}, refused ${a.seen.refused}, failed ${a.seen.failed}`)}>
                <b>{a.seen.total}</b>{' '}
                <span className="lt-muted">
                  ({t('nhận', 'acc.')} {a.seen.accepted} · {t('trùng', 'dup.')} {a.seen.duplicate} · {t('từ chối', 'ref.')} {a.seen.refused} · {t('lỗi', 'fail')} {a.seen.failed})
                </span>
              </span>
            ),
          },
          { title: t('Lỗi gần nhất', 'Last error'), dataIndex: 'lastError', ellipsis: true, width: 200, render: (v: string | null) => (v ? <span className="lt-mail-error" title={v}>{v}</span> : '') },
          {
            title: '',
            key: 'x',
            width: 230,
            fixed: 'right',
            render: (_v, a) => (
              <Space size={4}>
                <Button size="small" icon={<CloudDownloadOutlined />} loading={polling === a.id} disabled={!a.active || a.polling} onClick={() => void poll(a)} aria-label={t(`Tải ngay thư từ ${a.username}`, `Poll now: ${a.username}`)}>
                  {t('Tải ngay', 'Poll now')}
                </Button>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a)} aria-label={t(`Sửa hộp thư ${a.username}`, `Edit ${a.username}`)}>
                  {t('Sửa', 'Edit')}
                </Button>
                <Popconfirm
                  title={t(`Xóa hộp thư ${a.username}?`, `Delete ${a.username}?`)}
                  description={t('Hệ thống thôi tải thư từ hộp thư này (thư trên máy chủ không bị động đến). Không hoàn tác được.', 'Fetching stops (the mail server is not touched). This cannot be undone.')}
                  okText={t('Xóa', 'Delete')}
                  cancelText={t('Hủy', 'Cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={async () => {
                    try {
                      await client.DELETE('/api/v1/mail/imap-accounts/{id}', { params: { path: { id: a.id } } });
                      message.success(t('Đã xóa hộp thư IMAP.', 'IMAP account deleted.'));
                      void refresh();
                    } catch (e) {
                      message.error(err(e));
                    }
                  }}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t(`Xóa hộp thư ${a.username}`, `Delete ${a.username}`)} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('Thêm hộp thư IMAP', 'Add an IMAP mailbox') : t('Sửa hộp thư IMAP', 'Edit the IMAP mailbox')}
        footer={null}
        width={720}
        destroyOnHidden
        mask={{ closable: false }}
        onCancel={() => setEditing(null)}
      >
        {editing !== null && <ImapAccountForm account={editing === 'new' ? undefined : editing} orgs={orgs.data ?? []} onSubmit={save} onCancel={() => setEditing(null)} />}
      </Modal>
    </Panel>
  );
}
