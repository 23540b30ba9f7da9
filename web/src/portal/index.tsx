import { lazy } from 'react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import './portal.css';

const ProcedureList = lazy(() => import('./procedures/ProcedureList'));
const ProcedureEditor = lazy(() => import('./procedures/ProcedureEditor'));
const Publications = lazy(() => import('./publications/Publications'));
const Announcements = lazy(() => import('./announcements/Announcements'));
const Profile = lazy(() => import('./profile/Profile'));
const Freshness = lazy(() => import('./freshness/Freshness'));

/** Cổng thông tin: the back office of the public portal, at /portal/<screen>[/<id>]. */
export default function PortalScreen({ screen, id }: { screen: string; id?: string }) {
  const { t } = useI18n();
  if (screen === 'procedures') return id ? <ProcedureEditor id={id} /> : <ProcedureList />;
  if (!id) {
    if (screen === 'publications') return <Publications />;
    if (screen === 'announcements') return <Announcements />;
    if (screen === 'profile') return <Profile />;
    if (screen === 'freshness') return <Freshness />;
  }
  return (
    <div className="lt-page">
      <h1 className="lt-h1">{t('Không tìm thấy trang', 'Page not found')}</h1>
      <p>
        <Link to="/portal/procedures">{t('Về Thủ tục hành chính', 'Back to procedures')}</Link>
      </p>
    </div>
  );
}
