import { type ReactNode } from 'react';
import { DashboardOutlined, FileDoneOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const Dashboard = lazyScreen(() => import('./Dashboard'));
const Report = lazyScreen(() => import('./Report'));
const MyReport = lazyScreen(() => import('./Report').then((m) => ({ default: m.MyReport })));
const Drill = lazyScreen(() => import('./Drill'));
const Consolidation = lazyScreen(() => import('./Consolidation'));

/** Monthly monitoring: the leaders' dashboard, agency reports, drill-downs, the province report. */
export const MONITORING_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/monitoring', render: () => <Dashboard /> },
  { path: '/monitoring/report', render: () => <MyReport /> },
  { path: '/monitoring/reports/:month/:orgId', render: (p) => <Report month={p.month!} orgId={Number(p.orgId)} /> },
  { path: '/monitoring/drill/:month/:orgId/:code', render: (p) => <Drill month={p.month!} orgId={Number(p.orgId)} code={decodeURIComponent(p.code!)} /> },
  { path: '/monitoring/consolidation/:month', render: (p) => <Consolidation month={p.month!} /> },
];

type T = (vi: string, en: string) => string;

/** The dashboard for the IT department and leaders (the server decides which leaders); "Báo cáo tháng" for every agency's leaders and specialists. */
export function monitoringNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  const out: { to: string; icon: ReactNode; label: string }[] = [];
  if (me.isProvinceAdmin || has('it_officer', 'leader', 'task_officer')) out.push({ to: '/monitoring', icon: <DashboardOutlined />, label: t('Bảng điều hành', 'Dashboard') });
  if (has('leader', 'specialist')) out.push({ to: '/monitoring/report', icon: <FileDoneOutlined />, label: t('Báo cáo tháng', 'Monthly report') });
  return out;
}
