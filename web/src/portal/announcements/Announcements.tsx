import { useState } from 'react';
import { Button, Space } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../../api/client';
import { useMe } from '../../auth';
import { Page } from '../../components/Page';
import { type Column } from '../../components/DenseTable';
import { fmtDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Badge } from '../../labels';
import { ActionModal } from '../../screens/document/ActionModal';
import { PublicLink, useManagedOrgs, useRefreshPortal } from '../common';
import { LiveList, useConfirmWithdraw, useLiveFilter } from '../LiveList';
import { useApiCall } from '../api-extra';
import { keys } from '../keys';
import { AnnouncementFields, type AnnouncementValues } from './AnnouncementForm';
import type { Announcement } from '../types';

const words = (a: Announcement) => a.title;

/** Cổng thông tin › Thông báo: the agency's announcements on its pages and the home page. */
export default function Announcements() {
  const { t } = useI18n();
  const me = useMe();
  const confirmWithdraw = useConfirmWithdraw();
  const refresh = useRefreshPortal();
  const call = useApiCall();
  const managed = useManagedOrgs();
  const list = useQuery({ queryKey: keys.announcements, queryFn: () => answer(client.GET('/api/v1/portal/announcements')) });
  const filter = useLiveFilter(list.data, 'all', words);
  const [editing, setEditing] = useState<Announcement | 'new' | null>(null);

  const withdraw = (a: Announcement) =>
    confirmWithdraw({
      title: t('Gỡ thông báo khỏi cổng?', 'Withdraw this announcement?'),
      content: t(`"${a.title}" sẽ không còn hiện trên cổng thông tin. Có thể đăng lại sau.`, `"${a.title}" disappears from the portal. It can be published again later.`),
      okText: t('Gỡ thông báo', 'Withdraw'),
      onOk: () => call.run(`w-${a.id}`, () => client.PATCH('/api/v1/portal/announcements/{id}', { params: { path: { id: a.id } }, body: { published: false } }), t('Đã gỡ thông báo.', 'Withdrawn.')).then((ok) => ok && refresh()),
    });

  const columns: Column<Announcement>[] = [
    { key: 'title', title: t('Tiêu đề', 'Title'), className: 'lt-dt-clip', render: (a) => <span title={a.title}>{a.title}</span> },
    ...(me.isProvinceAdmin ? [{ key: 'org', title: t('Cơ quan', 'Agency'), width: 220, className: 'lt-dt-clip', render: (a: Announcement) => managed.orgName(a.orgId) }] : []),
    { key: 'created', title: t('Tạo lúc', 'Created'), width: 130, sorter: (a, b) => a.createdAt.localeCompare(b.createdAt), render: (a) => fmtDateTime(a.createdAt) },
    { key: 'updated', title: t('Sửa lúc', 'Updated'), width: 130, render: (a) => fmtDateTime(a.updatedAt) },
    {
      key: 'state',
      title: t('Trên cổng', 'On the portal'),
      width: 130,
      render: (a) => (a.live ? <Badge tone="green">{t('Đang đăng', 'Published')}</Badge> : a.withdrawnAt ? <Badge tone="default">{t('Đã gỡ', 'Withdrawn')}</Badge> : <Badge tone="gold">{t('Chưa đăng', 'Not published')}</Badge>),
    },
    {
      key: 'actions',
      title: <span className="lt-sr">{t('Thao tác', 'Actions')}</span>,
      width: 260,
      render: (a) => (
        <Space size={4}>
          {a.live && <PublicLink href={`/thong-bao/${a.id}`}>{t('Xem', 'View')}</PublicLink>}
          <Button size="small" onClick={() => setEditing(a)}>
            {t('Sửa', 'Edit')}
            <span className="lt-sr"> {a.title}</span>
          </Button>
          {a.live ? (
            <Button size="small" danger loading={call.busy === `w-${a.id}`} onClick={() => withdraw(a)}>
              {t('Gỡ', 'Withdraw')}
              <span className="lt-sr"> {a.title}</span>
            </Button>
          ) : (
            <Button
              size="small"
              loading={call.busy === `p-${a.id}`}
              onClick={() => void call.run(`p-${a.id}`, () => client.PATCH('/api/v1/portal/announcements/{id}', { params: { path: { id: a.id } }, body: { published: true } }), t('Đã đăng thông báo.', 'Published.')).then((ok) => ok && refresh())}
            >
              {t('Đăng', 'Publish')}
              <span className="lt-sr"> {a.title}</span>
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Page
      title={t('Thông báo', 'Announcements')}
      sub={t('Thông báo của cơ quan trên trang cơ quan và trang chủ cổng thông tin.', 'Your agency’s announcements on its page and the portal’s home page.')}
      extra={
        <Space wrap>
          <PublicLink href="/thong-bao">{t('Trang thông báo của cổng', 'The portal’s announcements')}</PublicLink>
          <Button type="primary" icon={<NotificationOutlined />} onClick={() => setEditing('new')}>
            {t('Đăng thông báo', 'New announcement')}
          </Button>
        </Space>
      }
    >
      <LiveList<Announcement>
        filter={filter}
        states={[
          { value: 'all', label: t('Tất cả', 'All') },
          { value: 'live', label: t('Đang đăng', 'Published') },
          { value: 'withdrawn', label: t('Đã gỡ, chưa đăng', 'Not on the portal') },
        ]}
        search={{ label: t('Tìm thông báo', 'Search announcements'), placeholder: t('Tiêu đề', 'Title') }}
        list={list}
        call={call}
        rowKey={(a) => a.id}
        columns={columns}
        minWidth={900}
        caption={t('Thông báo', 'Announcements')}
        rowProps={(a) => ({ 'data-announcement': a.id })}
        empty={t('Chưa có thông báo nào.', 'No announcements yet.')}
        data-testid="announcements-table"
      />
      {editing && (
        <ActionModal<AnnouncementValues>
          open
          width={720}
          title={editing === 'new' ? t('Đăng thông báo', 'New announcement') : t('Sửa thông báo', 'Edit the announcement')}
          okText={editing === 'new' ? t('Lưu', 'Save') : t('Lưu thay đổi', 'Save changes')}
          initialValues={editing === 'new' ? { published: true } : { title: editing.title, body: editing.body }}
          onClose={() => setEditing(null)}
          onSubmit={async (v) => {
            const body = { title: v.title?.trim(), body: v.body?.trim() };
            if (editing === 'new') await client.POST('/api/v1/portal/announcements', { body: { title: body.title ?? '', body: body.body ?? '', published: !!v.published } });
            else await client.PATCH('/api/v1/portal/announcements/{id}', { params: { path: { id: editing.id } }, body });
            refresh();
          }}
        >
          <AnnouncementFields creating={editing === 'new'} />
        </ActionModal>
      )}
    </Page>
  );
}
