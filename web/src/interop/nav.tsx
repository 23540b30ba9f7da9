import { type ReactNode } from 'react';
import { GlobalOutlined, SwapOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const Edxml = lazyScreen(() => import('./Edxml'));
const Peers = lazyScreen(() => import('./peers/Peers'));

export const INTEROP_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/edxml', render: () => <Edxml /> },
  { path: '/federation/peers', render: () => <Peers /> },
];

/**
 * Liên thông edXML: the package log is for clerks, leaders and administrators (import: clerks);
 * the peer nodes (other provinces, the national axis) for the province administrator only.
 */
export function interopNav(me: Me, has: (...roles: Role[]) => boolean, t: (vi: string, en: string) => string): { to: string; icon: ReactNode; label: string }[] {
  const items: { to: string; icon: ReactNode; label: string }[] = [];
  if (me.isProvinceAdmin || has('clerk', 'leader', 'admin')) items.push({ to: '/edxml', icon: <SwapOutlined />, label: t('Liên thông edXML', 'edXML exchange') });
  if (me.isProvinceAdmin) items.push({ to: '/federation/peers', icon: <GlobalOutlined />, label: t('Nút liên thông', 'Peer nodes') });
  return items;
}
