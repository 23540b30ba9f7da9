import { type ReactNode } from 'react';
import { ExportOutlined, FilterOutlined, ImportOutlined, SettingOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const SentMail = lazyScreen(() => import('./SentMail'));
const ReceivedMail = lazyScreen(() => import('./ReceivedMail'));
const Rules = lazyScreen(() => import('./Rules'));
const Settings = lazyScreen(() => import('./Settings'));

/** The screens of Thư điện tử (each its own chunk, loaded when opened). */
export const MAIL_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/mail/sent', render: () => <SentMail /> },
  { path: '/mail/sent/:id', render: (p) => <SentMail id={Number(p.id)} /> },
  { path: '/mail/received', render: () => <ReceivedMail /> },
  { path: '/mail/rules', render: () => <Rules /> },
  { path: '/mail/settings', render: () => <Settings /> },
];

type T = (vi: string, en: string) => string;

/**
 * The Thư điện tử group as the server allows it: the outbox and the inbound log for clerks,
 * leaders and administrators; rules for clerks and administrators; the settings for clerks
 * (read), administrators and the province administrator (aliases, IMAP accounts).
 */
export function mailNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  const items: { to: string; icon: ReactNode; label: string }[] = [];
  const reader = me.isProvinceAdmin || has('clerk', 'leader', 'admin');
  if (reader) {
    items.push({ to: '/mail/sent', icon: <ExportOutlined />, label: t('Thư đi', 'Sent mail') });
    items.push({ to: '/mail/received', icon: <ImportOutlined />, label: t('Thư đến', 'Received mail') });
  }
  if (has('clerk', 'admin')) items.push({ to: '/mail/rules', icon: <FilterOutlined />, label: t('Quy tắc', 'Rules') });
  if (me.isProvinceAdmin || has('clerk', 'admin')) items.push({ to: '/mail/settings', icon: <SettingOutlined />, label: t('Cấu hình', 'Settings') });
  return items;
}
