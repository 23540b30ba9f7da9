import { useEffect, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { ApiError } from './api';
import { AuthProvider, useAuth } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { appTheme } from './theme';
import { LOCALES } from './locale';
import { Login } from './screens/Login';
import { Shell } from './Shell';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // A 4xx answer will not change by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

/** People who ask their system for less motion get no animations (WCAG 2.3.3). */
const reducedMotion = typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
const theme = reducedMotion ? { ...appTheme, token: { ...appTheme.token, motion: false } } : appTheme;

function Themed({ children }: { children: React.ReactNode }) {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'vi' ? 'vi' : 'en');
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider locale={LOCALES[lang]} theme={theme} componentSize="small">
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function Root() {
  const { state } = useAuth();
  const { t } = useI18n();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const h = setTimeout(() => setSlow(true), 400);
    return () => clearTimeout(h);
  }, []);
  if (state === 'loading')
    return (
      <div className="lt-boot" role="status" aria-live="polite">
        {slow && <Spin tip={t('Đang tải…', 'Loading…')} size="large"><div style={{ height: 80 }} /></Spin>}
      </div>
    );
  if (state === 'signedOut') return <Login />;
  return <Shell />;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed>
          <AuthProvider>
            <Root />
          </AuthProvider>
        </Themed>
      </I18nProvider>
    </QueryClientProvider>
  );
}
