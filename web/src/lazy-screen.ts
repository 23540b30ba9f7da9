import { lazy, type ComponentType } from 'react';

const RELOADED = 'lt-reloaded-for-chunk';

/**
 * React.lazy for a screen, surviving a new release: after a deployment the old page asks for
 * chunk files that no longer exist, and React.lazy would leave a blank screen. The first
 * failure reloads the page once (fetching the new index and chunks); a second failure in
 * the same tab is a real error and is shown by the error boundary.
 */
export function lazyScreen<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(async () => {
    try {
      const mod = await load();
      sessionStorage.removeItem(RELOADED);
      return mod;
    } catch (e) {
      if (!sessionStorage.getItem(RELOADED)) {
        sessionStorage.setItem(RELOADED, '1');
        window.location.reload();
        return new Promise<{ default: T }>(() => {}); // the reload replaces the page
      }
      throw e;
    }
  });
}
