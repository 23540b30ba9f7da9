import { type ReactNode } from 'react';
import { DashboardOutlined, FileDoneOutlined, SettingOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const Dashboard = lazyScreen(() => import('./Dashboard'));
const Report = lazyScreen(() => import('./Report'));
const MyReport = lazyScreen(() => import('./Report').then((m) => ({ default: m.MyReport })));
const Drill = lazyScreen(() => import('./Drill'));
const Consolidation = lazyScreen(() => import('./Consolidation'));
const Settings = lazyScreen(() => import('./Settings'));

/** Monthly monitoring: the leaders' dashboard, agency reports, drill-downs, the province report. */
export const MONITORING_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/monitoring', render: () => <Dashboard /> },
  { path: '/monitoring/report', render: () => <MyReport /> },
  { path: '/monitoring/reports/:month/:orgId', render: (p) => <Report month={p.month!} orgId={Number(p.orgId)} /> },
  { path: '/monitoring/drill/:month/:orgId/:code', render: (p) => <Drill month={p.month!} orgId={Number(p.orgId)} code={decodeURIComponent(p.code!)} /> },
  { path: '/monitoring/consolidation/:month', render: (p) => <Consolidation month={p.month!} /> },
  { path: '/monitoring/settings', render: () => <Settings /> },
];

type T = (vi: string, en: string) => string;

/**
 * The dashboard for the IT department, leaders and agencies' reporters (the server narrows an
 * agency's to its own figures); "Báo cáo tháng" for every agency's leaders and specialists;
 * the settings for the IT department.
 */
export function monitoringNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  const out: { to: string; icon: ReactNode; label: string }[] = [];
  if (me.isProvinceAdmin || has('it_officer', 'leader', 'task_officer', 'specialist')) out.push({ to: '/monitoring', icon: <DashboardOutlined />, label: t('Bảng điều hành', 'Dashboard') });
  if (has('leader', 'specialist')) out.push({ to: '/monitoring/report', icon: <FileDoneOutlined />, label: t('Báo cáo tháng', 'Monthly report') });
  if (me.isProvinceAdmin || has('it_officer')) out.push({ to: '/monitoring/settings', icon: <SettingOutlined />, label: t('Thiết lập theo dõi tháng', 'Monitoring settings') });
  return out;
}
