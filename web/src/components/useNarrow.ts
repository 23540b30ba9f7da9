import { useSyncExternalStore } from 'react';

/** The width below which tables turn into cards (styles.css, "Tables become cards"). */
export const CARDS_QUERY = '(max-width: 900px)';

const media = () => (typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(CARDS_QUERY) : null);

/** True on a phone-sized screen; follows the window as it is resized or turned. */
export function useNarrow(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = media();
      m?.addEventListener?.('change', cb);
      return () => m?.removeEventListener?.('change', cb);
    },
    () => media()?.matches ?? false,
    () => false,
  );
}
