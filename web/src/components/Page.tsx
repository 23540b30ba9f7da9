import type { ReactNode } from 'react';
import { Alert, Button } from 'antd';
import { useI18n } from '../i18n';

export function Page({ title, extra, children, sub }: { title: ReactNode; sub?: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className="lt-page">
      <div className="lt-page-head">
        <div>
          <h1 className="lt-h1">{title}</h1>
          {sub && <div className="lt-page-sub">{sub}</div>}
        </div>
        {extra && <div className="lt-page-extra">{extra}</div>}
      </div>
      {children}
    </div>
  );
}

/** A failed load, in the user's language, with a retry. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t, err } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('Không tải được dữ liệu', 'Could not load the data')}
      description={err(error)}
      action={
        retry && (
          <Button size="small" onClick={retry}>
            {t('Thử lại', 'Retry')}
          </Button>
        )
      }
      style={{ marginBottom: 12 }}
    />
  );
}
