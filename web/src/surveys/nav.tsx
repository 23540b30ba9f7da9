import { type ReactNode } from 'react';
import { FormOutlined, PieChartOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const MySurveys = lazyScreen(() => import('./MySurveys'));
const ResponseForm = lazyScreen(() => import('./ResponseForm'));
const Periods = lazyScreen(() => import('./Periods'));
const PeriodView = lazyScreen(() => import('./PeriodView'));
const Enterprises = lazyScreen(() => import('./Enterprises'));
const Questionnaires = lazyScreen(() => import('./Questionnaires'));

/** The survey screens: an organisation's questionnaires, and the IT department's periods and aggregates. */
export const SURVEY_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/my-surveys', render: () => <MySurveys /> },
  { path: '/surveys/responses/:id', render: (p) => <ResponseForm id={Number(p.id)} /> },
  { path: '/surveys', render: () => <Periods /> },
  { path: '/surveys/enterprises', render: () => <Enterprises /> },
  { path: '/surveys/questionnaires', render: () => <Questionnaires /> },
  { path: '/surveys/periods/:id', render: (p) => <PeriodView id={Number(p.id)} /> },
];

type T = (vi: string, en: string) => string;

/** "Phiếu khảo sát" for an enterprise's users and agencies' leaders/specialists; "Khảo sát CNTT" for the IT department. */
export function surveysNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  const out: { to: string; icon: ReactNode; label: string }[] = [];
  if (!me.isProvinceAdmin && (me.roles.length === 0 || has('leader', 'specialist'))) out.push({ to: '/my-surveys', icon: <FormOutlined />, label: t('Phiếu khảo sát', 'Surveys to answer') });
  if (me.isProvinceAdmin || has('it_officer')) out.push({ to: '/surveys', icon: <PieChartOutlined />, label: t('Khảo sát CNTT', 'IT surveys') });
  return out;
}
