// Shared by the portal's component tests (jsdom): what antd needs from a browser, and a render in Vietnamese.
import type { ReactNode } from 'react';
import { afterEach, beforeAll } from 'vitest';
import { cleanup, configure, fireEvent, render, screen } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import viVN from 'antd/es/locale/vi_VN';
import { I18nProvider, type Lang } from '../i18n';

export function installDom() {
  // CI runs browser tests beside these on two cores: give the forms time to answer.
  configure({ asyncUtilTimeout: 15_000 });
  beforeAll(() => {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      value: (query: string) => ({ matches: false, media: query, onchange: null, addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false }),
    });
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    window.scrollTo = () => {};
    Element.prototype.scrollIntoView ??= () => {};
  });
  afterEach(cleanup);
}

export function renderIn(ui: ReactNode, lang: Lang = 'vi') {
  return render(
    <I18nProvider lang={lang}>
      <ConfigProvider locale={viVN} theme={{ token: { motion: false } }}>
        {ui}
      </ConfigProvider>
    </I18nProvider>,
  );
}

export const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
export const invalidField = (label: string | RegExp) => screen.getByLabelText(label).getAttribute('aria-invalid') === 'true';
