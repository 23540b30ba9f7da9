import { useCallback, useState } from 'react';
import { App as AntApp } from 'antd';
import { useI18n } from '../i18n';

/**
 * One action at a time on a screen: which one is busy, its failure in the user's language
 * (shown by the screen, announced), a short success message otherwise. Answers whether it
 * worked, so the caller may refresh.
 */
export function useApiCall() {
  const { err } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (key: string, fn: () => Promise<unknown>, done?: string): Promise<boolean> => {
      setBusy(key);
      setError(null);
      try {
        await fn();
        if (done) void message.success(done);
        return true;
      } catch (e) {
        setError(err(e));
        return false;
      } finally {
        setBusy(null);
      }
    },
    [err, message],
  );
  return { busy, error, run, clear: () => setError(null) };
}
