import { useCallback, type ReactNode } from 'react';
import { App as AntApp } from 'antd';
import { AlertOutlined, AuditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';
import { navigate } from '../router';
import { useI18n } from '../i18n';
import { SEVERITY } from './labels';
import type { IncidentLiveEvent } from './types';

const IncidentList = lazyScreen(() => import('./IncidentList'));
const IncidentReport = lazyScreen(() => import('./IncidentReport'));
const IncidentView = lazyScreen(() => import('./IncidentView'));
const Systems = lazyScreen(() => import('./Systems'));
const Inspections = lazyScreen(() => import('./Inspections'));
const InspectionView = lazyScreen(() => import('./InspectionView'));

/** The screens of information security (their own chunks, loaded when opened). */
export const SECURITY_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/security/incidents', render: () => <IncidentList /> },
  { path: '/security/incidents/new', render: () => <IncidentReport /> },
  { path: '/security/incidents/:id', render: (p) => <IncidentView id={Number(p.id)} /> },
  { path: '/security/systems', render: () => <Systems /> },
  { path: '/security/inspections', render: () => <Inspections /> },
  { path: '/security/inspections/:id', render: (p) => <InspectionView id={Number(p.id)} /> },
];

type T = (vi: string, en: string) => string;
type Has = (...roles: Role[]) => boolean;

/** Roles that follow incidents live (the event stream is opened for them too). */
export const followsIncidents = (me: Me, has: Has) => me.isProvinceAdmin || has('security_officer', 'incident_responder', 'police_cyber');

export function securityNav(me: Me, has: Has, t: T): { to: string; icon: ReactNode; label: string }[] {
  const out: { to: string; icon: ReactNode; label: string }[] = [];
  if (followsIncidents(me, has)) out.push({ to: '/security/incidents', icon: <AlertOutlined />, label: t('Sự cố ATTT', 'Security incidents') });
  if (me.isProvinceAdmin || has('security_officer', 'incident_responder', 'police_cyber', 'it_officer', 'inspector', 'leader')) out.push({ to: '/security/systems', icon: <SafetyCertificateOutlined />, label: t('Hệ thống thông tin', 'Information systems') });
  if (me.isProvinceAdmin || has('security_officer', 'incident_responder', 'police_cyber', 'it_officer', 'inspector', 'leader')) out.push({ to: '/security/inspections', icon: <AuditOutlined />, label: t('Kiểm tra ATTT', 'Security inspections') });
  return out;
}

/** A notice when an incident is reported (only to whom need to know admits: the server decides). */
export function useIncidentNotice() {
  const { notification } = AntApp.useApp();
  const { t, lang } = useI18n();
  return useCallback(
    (raw: { id: number }) => {
      const e = raw as IncidentLiveEvent;
      notification.warning({
        key: `incident-${e.id}`,
        title: t('Sự cố an toàn thông tin mới', 'New security incident'),
        description: (
          <span data-testid="incident-notice">
            <b>{e.orgName}</b> — {SEVERITY[e.severity]?.[lang] ?? e.severity}
            <br />
            {e.title}
          </span>
        ),
        placement: 'bottomRight',
        duration: 10,
        onClick: () => navigate(`/security/incidents/${e.id}`),
      });
    },
    [notification, t, lang],
  );
}
