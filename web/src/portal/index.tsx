import { useI18n } from '../i18n';
import { Link } from '../router';
import './portal.css';
import { lazyScreen } from '../lazy-screen';

const ProcedureList = lazyScreen(() => import('./procedures/ProcedureList'));
const ProcedureEditor = lazyScreen(() => import('./procedures/ProcedureEditor'));
const Publications = lazyScreen(() => import('./publications/Publications'));
const Announcements = lazyScreen(() => import('./announcements/Announcements'));
const Profile = lazyScreen(() => import('./profile/Profile'));
const Freshness = lazyScreen(() => import('./freshness/Freshness'));

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
