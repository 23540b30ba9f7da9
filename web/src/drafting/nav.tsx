import { type ReactNode } from 'react';
import { EditOutlined } from '@ant-design/icons';
import type { Me, Role } from '../types';
import { lazyScreen } from '../lazy-screen';

const DraftList = lazyScreen(() => import('./DraftList'));
const DraftView = lazyScreen(() => import('./DraftView'));
const DraftNew = lazyScreen(() => import('./DraftNew'));

/** Drafting and approval (trình ký), issue 19. */
export const DRAFTING_ROUTES: { path: string; render(p: Record<string, string>): ReactNode }[] = [
  { path: '/drafts', render: () => <DraftList /> },
  { path: '/drafts/new', render: () => <DraftNew /> },
  { path: '/drafts/:id', render: (p) => <DraftView id={Number(p.id)} /> },
];

type T = (vi: string, en: string) => string;

export function draftingNav(_me: Me, has: (...roles: Role[]) => boolean, t: T): { to: string; icon: ReactNode; label: string }[] {
  return has('clerk', 'leader', 'specialist', 'unit_head') ? [{ to: '/drafts', icon: <EditOutlined />, label: t('Dự thảo, trình ký', 'Drafts') }] : [];
}
