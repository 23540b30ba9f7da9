import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { App as AntApp, Button, Spin } from 'antd';
import {
  AuditOutlined,
  BookOutlined,
  ClusterOutlined,
  EditOutlined,
  FileSearchOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SendOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useAuth, useMe } from './auth';
import { useI18n } from './i18n';
import { match, navigate, useLocation, Link } from './router';
import { useLiveEvents, type ArrivalEvent, type StatusChangeEvent } from './events';
import { answer, client } from './api/client';
import { useOrganizations } from './data';
import { Emblem } from './components/Emblem';
import { UserMenu } from './components/UserMenu';
import { ROLE_LABEL, STATUS } from './labels';
import { PORTAL_ROUTES, portalNav } from './portal/nav';
import { MAIL_ROUTES, mailNav } from './mail/nav';
import { INTEROP_ROUTES, interopNav } from './interop/nav';
import { TASK_ROUTES, tasksNav } from './tasks/nav';
import { PLAN_ROUTES, plansNav } from './plans/nav';
import { LEGAL_ROUTES, legalNav } from './legal/nav';
import { SECURITY_ROUTES, followsIncidents, securityNav, useIncidentNotice } from './security/nav';
import { SURVEY_ROUTES, surveysNav } from './surveys/nav';
import { MONITORING_ROUTES, monitoringNav } from './monitoring/nav';
import { PROJECT_ROUTES, projectsNav } from './projects/nav';
import { DRAFTING_ROUTES, draftingNav } from './drafting/nav';
import { lazyScreen } from './lazy-screen';
import { ScreenError } from './components/ScreenError';
import { useFocusHeadingOnRouteChange } from './focus';

const MyWork = lazyScreen(() => import('./screens/MyWork'));
const Inbox = lazyScreen(() => import('./screens/Inbox'));
const Outbox = lazyScreen(() => import('./screens/Outbox'));
const DocumentView = lazyScreen(() => import('./screens/DocumentView'));
const Compose = lazyScreen(() => import('./screens/Compose'));
const Registers = lazyScreen(() => import('./screens/Registers'));
const Search = lazyScreen(() => import('./screens/Search'));
const Organizations = lazyScreen(() => import('./admin/Organizations'));
const Users = lazyScreen(() => import('./admin/Users'));
const Tokens = lazyScreen(() => import('./admin/Tokens'));
const Audit = lazyScreen(() => import('./admin/Audit'));
const SigningKeys = lazyScreen(() => import('./signatures/SigningKeys'));
const ChangePassword = lazyScreen(() => import('./screens/ChangePassword'));

interface NavItem {
  to: string;
  icon: ReactNode;
  label: string;
  count?: number;
  countLabel?: string;
}

interface Route {
  path: string;
  render(params: Record<string, string>): ReactNode;
}

const ROUTES: Route[] = [
  { path: '/', render: () => <MyWork /> },
  { path: '/inbox', render: () => <Inbox /> },
  { path: '/outbox', render: () => <Outbox /> },
  { path: '/documents/:id', render: (p) => <DocumentView id={Number(p.id)} /> },
  { path: '/compose', render: () => <Compose /> },
  { path: '/registers', render: () => <Registers /> },
  { path: '/search', render: () => <Search /> },
  { path: '/admin/organizations', render: () => <Organizations /> },
  { path: '/admin/users', render: () => <Users /> },
  { path: '/admin/tokens', render: () => <Tokens /> },
  { path: '/admin/audit', render: () => <Audit /> },
  { path: '/admin/signing-keys', render: () => <SigningKeys /> },
  { path: '/account/password', render: () => <ChangePassword /> },
  ...PORTAL_ROUTES,
  ...MAIL_ROUTES,
  ...INTEROP_ROUTES,
  ...TASK_ROUTES,
  ...PLAN_ROUTES,
  ...LEGAL_ROUTES,
  ...SECURITY_ROUTES,
  ...SURVEY_ROUTES,
  ...MONITORING_ROUTES,
  ...PROJECT_ROUTES,
  ...DRAFTING_ROUTES,
];

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="lt-page">
      <h1 className="lt-h1">{t('Không tìm thấy trang', 'Page not found')}</h1>
      <p>
        <Link to="/">{t('Về trang Việc cần làm', 'Back to My work')}</Link>
      </p>
    </div>
  );
}

export function Shell() {
  const me = useMe();
  const { logout, has } = useAuth();
  const { t, lang, setLang } = useI18n();
  const { path } = useLocation();
  const { notification } = AntApp.useApp();
  const orgs = useOrganizations();
  const agency = orgs.data?.find((o) => o.id === me.agencyId);
  const unit = me.orgId !== me.agencyId ? orgs.data?.find((o) => o.id === me.orgId) : undefined;
  const isAgencyUser = has('clerk', 'leader', 'specialist');
  const isAdmin = me.isProvinceAdmin || has('admin');

  const onArrival = useCallback(
    (e: ArrivalEvent) => {
      notification.info({
        key: `arrival-${e.itemId}`,
        title: t('Văn bản mới đến', 'New document arrived'),
        description: (
          <span>
            <b>{e.symbol ?? ''}</b> {e.senderName ? `— ${e.senderName}` : ''}
            <br />
            {e.summary}
          </span>
        ),
        placement: 'bottomRight',
        duration: 6,
        onClick: () => navigate(`/documents/${e.documentId}`),
      });
    },
    [notification, t],
  );
  // One notice per document and status, however many recipients reach it: issuing to 13
  // agencies brings 13 "01" at once; the notice counts them instead of stacking 13 toasts.
  const statusGroups = useRef(new Map<string, string[]>());
  const onStatus = useCallback(
    (e: StatusChangeEvent) => {
      if (e.senderOrgId !== me.agencyId || e.orgId === me.agencyId) return;
      const s = STATUS[e.status];
      const key = `status-${e.documentId}-${e.status}`;
      const names = statusGroups.current.get(key) ?? [];
      const who = e.orgName ?? '';
      if (!names.includes(who)) names.push(who);
      statusGroups.current.set(key, names);
      const status = `${e.status} — ${s ? s[lang] : e.status}`;
      notification.open({
        key,
        title: names.length === 1 ? `${e.symbol ?? ''} · ${who}` : `${e.symbol ?? ''} · ${t(`${names.length} nơi nhận`, `${names.length} recipients`)}`,
        description: names.length === 1 ? `${status}${e.by ? ` (${e.by})` : ''}` : `${status}: ${names.join(', ')}`,
        placement: 'bottomRight',
        duration: 5,
        onClick: () => navigate(`/documents/${e.documentId}`),
        onClose: () => statusGroups.current.delete(key),
      });
    },
    [notification, lang, me.agencyId, t],
  );
  const onIncident = useIncidentNotice();
  const followsLive = isAgencyUser || followsIncidents(me, has);
  const live = useLiveEvents(followsLive, { onArrival, onStatus, onIncident });
  useFocusHeadingOnRouteChange(path);

  // Below 900 px the menu is a drawer behind the header's Menu button (styles.css).
  const [navOpen, setNavOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const navBox = useRef<HTMLElement>(null);
  useEffect(() => setNavOpen(false), [path]);
  useEffect(() => {
    if (!navOpen) return;
    navBox.current?.querySelector<HTMLElement>('a')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setNavOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navOpen]);

  const toRegister = useQuery({
    queryKey: ['inbox', 'count', '01'],
    queryFn: () => answer(client.GET('/api/v1/inbox', { params: { query: { status: '01', limit: 100 } } })),
    enabled: has('clerk'),
  });
  const newCount = toRegister.data?.items.length ?? 0;

  const nav = useMemo(() => {
    const main: NavItem[] = [{ to: '/', icon: <ScheduleOutlined />, label: t('Việc cần làm', 'My work') }];
    if (isAgencyUser) {
      main.push({ to: '/inbox', icon: <InboxOutlined />, label: t('Văn bản đến', 'Incoming'), count: newCount, countLabel: t(`${newCount} văn bản chờ vào sổ`, `${newCount} waiting to be registered`) });
      main.push({ to: '/outbox', icon: <SendOutlined />, label: t('Văn bản đi', 'Outgoing') });
      main.push({ to: '/compose', icon: <EditOutlined />, label: t('Soạn và phát hành', 'Compose and issue') });
    }
    if (has('clerk', 'leader') || (has('admin') && !me.isProvinceAdmin)) main.push({ to: '/registers', icon: <BookOutlined />, label: t('Sổ văn bản', 'Registers') });
    main.push({ to: '/search', icon: <FileSearchOutlined />, label: t('Tìm kiếm', 'Search') });
    main.push(...tasksNav(me, has, t));
    main.push(...plansNav(me, has, t));
    main.push(...legalNav(me, has, t));
    main.push(...securityNav(me, has, t));
    main.push(...surveysNav(me, has, t));
    main.push(...monitoringNav(me, has, t));
    main.push(...projectsNav(me, has, t));
    main.push(...draftingNav(me, has, t));
    const admin: NavItem[] = isAdmin
      ? [
          { to: '/admin/organizations', icon: <ClusterOutlined />, label: t('Tổ chức', 'Organisations') },
          { to: '/admin/users', icon: <TeamOutlined />, label: t('Người dùng', 'Users') },
          { to: '/admin/tokens', icon: <KeyOutlined />, label: t('Khóa API', 'API tokens') },
          { to: '/admin/signing-keys', icon: <SafetyCertificateOutlined />, label: t('Khóa ký số', 'Signing keys') },
          { to: '/admin/audit', icon: <AuditOutlined />, label: t('Nhật ký', 'Audit log') },
        ]
      : [{ to: '/admin/tokens', icon: <KeyOutlined />, label: t('Khóa API của tôi', 'My API tokens') }];
    main.push(...interopNav(me, has, t));
    return { main, admin, mail: mailNav(me, has, t), portal: portalNav(me, has, t) };
  }, [t, isAgencyUser, isAdmin, has, newCount, me]);

  let page: ReactNode = <NotFound />;
  for (const r of ROUTES) {
    const p = match(r.path, path);
    if (p) {
      page = r.render(p);
      break;
    }
  }

  const roleText = me.roles.map((r) => ROLE_LABEL[r]?.[lang] ?? r).join(', ');
  const isOn = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
  const navList = (items: NavItem[]) => (
    <ul className="lt-nav-list">
      {items.map((i) => (
        <li key={i.to}>
          <Link to={i.to} className={`lt-nav-link${isOn(i.to) ? ' lt-nav-on' : ''}`} aria-current={isOn(i.to) ? 'page' : undefined}>
            <span className="lt-nav-icon" aria-hidden>
              {i.icon}
            </span>
            <span className="lt-nav-label">{i.label}</span>
            {!!i.count && (
              <span className="lt-nav-count" aria-label={i.countLabel} title={i.countLabel}>
                {i.count > 99 ? '99+' : i.count}
              </span>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );

  return (
    <div className="lt-shell">
      <a className="lt-skip" href="#main">
        {t('Bỏ qua điều hướng', 'Skip to content')}
      </a>
      <header className="lt-header">
        <button
          type="button"
          ref={menuButton}
          className="lt-menu-button"
          aria-expanded={navOpen}
          aria-controls="lt-nav"
          onClick={() => setNavOpen(!navOpen)}
        >
          <MenuOutlined aria-hidden />
          <span className="lt-menu-button-text">{t('Trình đơn', 'Menu')}</span>
        </button>
        <Link to="/" className="lt-brand">
          <Emblem size={30} />
          <span className="lt-brand-text">
            <span className="lt-brand-name">LIÊN THÔNG</span>
            <span className="lt-brand-sub">{t('Quản lý văn bản và điều hành', 'Document management')}</span>
          </span>
        </Link>
        <div className="lt-header-agency" title={agency?.name}>
          {agency?.name ?? ''}
          {unit ? <span className="lt-header-unit"> · {unit.name}</span> : null}
        </div>
        <div className="lt-header-right">
          {followsLive && (
            <span
              className={`lt-live lt-live-${live}`}
              role="status"
              data-live={live}
              title={live === 'live' ? t('Đang nhận văn bản tức thời', 'Receiving updates live') : t('Đang kết nối lại…', 'Reconnecting…')}
            >
              <span className="lt-live-dot" aria-hidden />
              <span className="lt-live-text">{live === 'live' ? t('Trực tuyến', 'Live') : t('Đang kết nối', 'Connecting')}</span>
            </span>
          )}
          <div className="lt-lang" role="group" aria-label={t('Ngôn ngữ', 'Language')}>
            <button type="button" aria-pressed={lang === 'vi'} onClick={() => setLang('vi')} lang="vi" title="Tiếng Việt">
              VI
            </button>
            <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en" title="English">
              EN
            </button>
          </div>
          <UserMenu fullName={me.fullName} roleText={roleText} username={me.username} />
          <Button className="lt-logout" icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/', { replace: true }))}>
            <span className="lt-logout-text">{t('Đăng xuất', 'Sign out')}</span>
          </Button>
        </div>
      </header>
      <div className={`lt-body${navOpen ? ' lt-nav-is-open' : ''}`}>
        {navOpen && <div className="lt-nav-backdrop" aria-hidden onClick={() => setNavOpen(false)} />}
        <nav id="lt-nav" ref={navBox} className="lt-nav" aria-label={t('Điều hướng chính', 'Main navigation')}>
          <div className="lt-nav-agency">
            {agency?.name ?? ''}
            {unit ? <span className="lt-header-unit"> · {unit.name}</span> : null}
          </div>
          {navList(nav.main)}
          {nav.mail.length > 0 && (
            <>
              <div className="lt-nav-group">{t('Thư điện tử', 'Mail')}</div>
              {navList(nav.mail)}
            </>
          )}
          {nav.portal.length > 0 && (
            <>
              <div className="lt-nav-group">{t('Cổng thông tin', 'Public portal')}</div>
              {navList(nav.portal)}
            </>
          )}
          <div className="lt-nav-group" id="nav-admin">
            {isAdmin ? t('Quản trị', 'Administration') : t('Tích hợp', 'Integration')}
          </div>
          {navList(nav.admin)}
        </nav>
        <main id="main" className="lt-content" tabIndex={-1}>
          <Suspense
            fallback={
              <div className="lt-page-loading" role="status">
                <Spin />
                <span className="lt-sr">{t('Đang tải…', 'Loading…')}</span>
              </div>
            }
          >
            <ScreenError
              resetKey={path}
              title={t('Không mở được màn hình này', 'This screen could not be opened')}
              detail={t('Có thể phiên bản mới vừa được cài đặt hoặc kết nối bị gián đoạn. Dữ liệu đã lưu không bị ảnh hưởng.', 'A new version may have just been installed, or the connection dropped. Saved data is not affected.')}
              retry={t('Tải lại trang', 'Reload the page')}
            >
              <div key={path.split('/')[1]}>{page}</div>
            </ScreenError>
          </Suspense>
        </main>
      </div>
    </div>
  );
}
