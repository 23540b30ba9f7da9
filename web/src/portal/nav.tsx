import { type ReactNode } from 'react';
import { AppstoreOutlined, FieldTimeOutlined, FileDoneOutlined, IdcardOutlined, NotificationOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const PortalScreen = lazyScreen(() => import('./index'));

/** The screens of Cổng thông tin (their own chunks, loaded when opened). */
export const PORTAL_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/portal/:screen', render: (p) => <PortalScreen screen={p.screen!} /> },
  { path: '/portal/:screen/:id', render: (p) => <PortalScreen screen={p.screen!} id={p.id} /> },
];

type T = (vi: string, en: string) => string;

/**
 * The Cổng thông tin group: for who manages public pages (src/modules/portal/access.ts) —
 * clerks, leaders and administrators of an agency, and the province administrator.
 */
export function portalNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  if (!me.isProvinceAdmin && !has('clerk', 'leader', 'admin')) return [];
  return [
    { to: '/portal/procedures', icon: <AppstoreOutlined />, label: t('Thủ tục hành chính', 'Procedures') },
    { to: '/portal/publications', icon: <FileDoneOutlined />, label: t('Văn bản công bố', 'Published documents') },
    { to: '/portal/announcements', icon: <NotificationOutlined />, label: t('Thông báo', 'Announcements') },
    { to: '/portal/profile', icon: <IdcardOutlined />, label: t('Hồ sơ cơ quan', 'Agency profile') },
    { to: '/portal/freshness', icon: <FieldTimeOutlined />, label: t('Tình trạng cập nhật', 'Freshness') },
  ];
}
