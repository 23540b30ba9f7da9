import { type ReactNode } from 'react';
import { BookOutlined, NotificationOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const LegalLibrary = lazyScreen(() => import('./LegalLibrary'));
const LegalTextView = lazyScreen(() => import('./LegalTextView'));
const Campaigns = lazyScreen(() => import('./Campaigns'));
const CampaignView = lazyScreen(() => import('./CampaignView'));
const Regulations = lazyScreen(() => import('./Regulations'));

/** The legal library, dissemination campaigns and internal regulations (their own chunks). */
export const LEGAL_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/legal', render: () => <LegalLibrary /> },
  { path: '/legal/texts/:id', render: (p) => <LegalTextView key={p.id} id={Number(p.id)} /> },
  { path: '/legal/campaigns', render: () => <Campaigns /> },
  { path: '/legal/campaigns/:id', render: (p) => <CampaignView id={Number(p.id)} /> },
  { path: '/legal/regulations', render: () => <Regulations /> },
];

type T = (vi: string, en: string) => string;

/** The library for everyone; campaigns and regulations for agency staff and the IT department. */
export function legalNav(me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  const out: { to: string; icon: ReactNode; label: string }[] = [{ to: '/legal', icon: <BookOutlined />, label: t('Văn bản pháp luật CNTT', 'IT legal library') }];
  if (me.isProvinceAdmin || has('clerk', 'leader', 'specialist', 'it_officer')) {
    out.push({ to: '/legal/campaigns', icon: <NotificationOutlined />, label: t('Phổ biến văn bản', 'Dissemination') });
    out.push({ to: '/legal/regulations', icon: <SafetyCertificateOutlined />, label: t('Quy chế nội bộ', 'Internal regulations') });
  }
  return out;
}

export const keepsLibrary = (me: Me, has: (...roles: Role[]) => boolean) => me.isProvinceAdmin || has('it_officer');
