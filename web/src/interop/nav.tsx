import { type ReactNode } from 'react';
import { SwapOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const Edxml = lazyScreen(() => import('./Edxml'));

export const INTEROP_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [{ path: '/edxml', render: () => <Edxml /> }];

/** Liên thông edXML: the package log is for clerks, leaders and administrators (import: clerks). */
export function interopNav(me: Me, has: (...roles: Role[]) => boolean, t: (vi: string, en: string) => string): { to: string; icon: ReactNode; label: string }[] {
  return me.isProvinceAdmin || has('clerk', 'leader', 'admin') ? [{ to: '/edxml', icon: <SwapOutlined />, label: t('Liên thông edXML', 'edXML exchange') }] : [];
}
