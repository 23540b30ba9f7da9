import { type ReactNode } from 'react';
import { ScheduleOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const PlanList = lazyScreen(() => import('./PlanList'));
const PlanView = lazyScreen(() => import('./PlanView'));
const ProgrammeView = lazyScreen(() => import('./ProgrammeView'));

/** The screens of agencies' IT plans and the provincial programme (their own chunks). */
export const PLAN_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/plans', render: () => <PlanList /> },
  { path: '/plans/programme', render: () => <ProgrammeView /> },
  { path: '/plans/programme/:id', render: (p) => <ProgrammeView key={p.id} id={Number(p.id)} /> },
  { path: '/plans/:id', render: (p) => <PlanView id={Number(p.id)} /> },
];

type T = (vi: string, en: string) => string;

/** Kế hoạch CNTT for the agency's planners and leaders, the IT department and the UBND Office. */
export function plansNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  if (me.isProvinceAdmin || has('leader', 'specialist', 'task_officer', 'it_officer')) return [{ to: '/plans', icon: <ScheduleOutlined />, label: t('Kế hoạch CNTT', 'IT plans') }];
  return [];
}
