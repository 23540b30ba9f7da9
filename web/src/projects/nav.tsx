import { type ReactNode } from 'react';
import { AccountBookOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const ProjectList = lazyScreen(() => import('./ProjectList'));
const ProjectView = lazyScreen(() => import('./ProjectView'));
const Disbursement = lazyScreen(() => import('./Disbursement'));
const Budget = lazyScreen(() => import('./Budget'));

/** IT projects and the recurrent IT budget (their own chunks, echarts with them). */
export const PROJECT_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/projects', render: () => <ProjectList /> },
  { path: '/projects/disbursement', render: () => <Disbursement /> },
  { path: '/projects/:id', render: (p) => <ProjectView id={Number(p.id)} /> },
  { path: '/budget', render: () => <Budget /> },
];

type T = (vi: string, en: string) => string;

/** Dự án CNTT and Dự toán CNTT for agency officers, Finance and the IT department. */
export function projectsNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  if (!me.isProvinceAdmin && !has('leader', 'specialist', 'finance_officer', 'it_officer')) return [];
  return [
    { to: '/projects', icon: <FundProjectionScreenOutlined />, label: t('Dự án CNTT', 'IT projects') },
    { to: '/budget', icon: <AccountBookOutlined />, label: t('Dự toán CNTT', 'IT budget') },
  ];
}
