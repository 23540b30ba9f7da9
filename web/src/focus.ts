import { useEffect, useRef } from 'react';

/**
 * Where the keyboard goes after something changed the page. Without this, focus fell back to
 * the top of the document and a keyboard user pressed Tab 25–32 times to get back.
 */

/** Focuses `el` without scrolling the page under the user, making it focusable if it is not. */
export function focusOn(el: HTMLElement | null | undefined): boolean {
  if (!el) return false;
  if (!el.matches('a[href],button,input,select,textarea,[tabindex]')) el.tabIndex = -1;
  el.focus({ preventScroll: true });
  el.scrollIntoView?.({ block: 'nearest' });
  return document.activeElement === el;
}

/**
 * Calls `find` on each frame until it answers an element (the screen may still be loading its
 * code or data) and focuses it, for `ms`. It keeps watching: a part of the screen that loads
 * later hides the screen for a moment and the focus drops to the page; it is put back then.
 * It stops as soon as the user has moved the focus elsewhere.
 */
export function focusWhenShown(find: () => HTMLElement | null | undefined, ms = 4000): () => void {
  const start = performance.now();
  const before = document.activeElement;
  let target: HTMLElement | null = null;
  let frame = 0;
  const step = () => {
    const active = document.activeElement;
    const lost = !active || active === document.body;
    if (!lost && active !== (target ?? before)) return; // the user went on
    if (lost || !target) {
      const el = find();
      if (el && focusOn(el)) target = el;
    }
    if (performance.now() - start < ms) frame = requestAnimationFrame(step);
  };
  frame = requestAnimationFrame(step);
  return () => cancelAnimationFrame(frame);
}

/** After a route change (not the first page load), focus goes to the new page's heading. */
export function useFocusHeadingOnRouteChange(path: string) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // The screen before may still be in the page, hidden while the next one loads: its heading is not the one.
    return focusWhenShown(() => [...document.querySelectorAll<HTMLElement>('#main h1')].find((h) => h.checkVisibility()));
  }, [path]);
}

const dialogOpen = () => [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].some((w) => w.offsetParent !== null || getComputedStyle(w).display !== 'none');

/**
 * After a dialog's action: waits until every dialog has closed (a closing dialog hands the focus
 * back to what opened it, often a button the action removed) and then focuses `find()`.
 */
export function focusAfterDialogs(find: () => HTMLElement | null | undefined, ms = 4000) {
  const start = performance.now();
  let quiet = 0;
  const step = () => {
    if (performance.now() - start > ms) return;
    // Two frames with no dialog: the closing one has given the focus back by then.
    quiet = dialogOpen() ? 0 : quiet + 1;
    if (!(quiet >= 2 && focusOn(find()))) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

// The element that last had the focus on the page itself (not in an embedded frame): where
// the focus goes back to when Chromium's PDF viewer takes it while loading.
let lastOnPage: HTMLElement | null = null;
if (typeof document !== 'undefined') {
  document.addEventListener('focusin', (e) => {
    if (e.target instanceof HTMLElement && !(e.target instanceof HTMLIFrameElement)) lastOnPage = e.target;
  });
}

/**
 * Chromium's PDF viewer takes the focus when its frame loads, and again a moment later as
 * its document opens (the frame reloads when the page re-renders after an action). For a
 * few seconds after a load, a focus the frame takes goes back to where it was on the page,
 * or to `fallback`; after that the frame is reached by Tab like anything else.
 */
export function takeFocusBackFrom(frame: HTMLIFrameElement, fallback: HTMLElement | null): void {
  const restore = () => {
    if (document.activeElement === frame) focusOn(lastOnPage?.isConnected ? lastOnPage : fallback);
  };
  restore();
  const onBlur = () => setTimeout(restore, 0);
  window.addEventListener('blur', onBlur);
  setTimeout(() => window.removeEventListener('blur', onBlur), 3000);
}
