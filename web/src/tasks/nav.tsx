import { type ReactNode } from 'react';
import { FundOutlined, ProfileOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const TaskList = lazyScreen(() => import('./TaskList'));
const TaskView = lazyScreen(() => import('./TaskView'));
const TaskCreate = lazyScreen(() => import('./TaskCreate'));
const Indicators = lazyScreen(() => import('./Indicators'));

/** The screens of directive tasks and the indicator catalogue (their own chunks, loaded when opened). */
export const TASK_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/tasks', render: () => <TaskList /> },
  { path: '/tasks/new', render: () => <TaskCreate /> },
  { path: '/tasks/:id', render: (p) => <TaskView id={Number(p.id)} /> },
  { path: '/indicators', render: () => <Indicators /> },
];

type T = (vi: string, en: string) => string;

/** Nhiệm vụ for every agency user and the offices that follow tasks; the catalogue for the IT department. */
export function tasksNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  const out: { to: string; icon: ReactNode; label: string }[] = [];
  if (me.isProvinceAdmin || has('clerk', 'leader', 'specialist', 'task_officer', 'it_officer')) out.push({ to: '/tasks', icon: <ProfileOutlined />, label: t('Nhiệm vụ', 'Tasks') });
  if (me.isProvinceAdmin || has('it_officer')) out.push({ to: '/indicators', icon: <FundOutlined />, label: t('Danh mục chỉ tiêu', 'Indicators') });
  return out;
}

/** On an issued, unclassified document: "Giao nhiệm vụ" for the UBND Office's task officers. */
export const mayAssignTasks = (me: Me, has: (...roles: Role[]) => boolean) => me.isProvinceAdmin || has('task_officer');
