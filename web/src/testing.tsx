// Helpers of the web app's component tests (jsdom): what antd needs from a browser, and the providers.
import type { ReactNode } from 'react';
import { beforeAll, afterEach } from 'vitest';
import { cleanup, configure, fireEvent, render, screen } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import viVN from 'antd/es/locale/vi_VN';
import { I18nProvider, type Lang } from './i18n';

export function prepareDom() {
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

export const renderIn = (ui: ReactNode, lang: Lang = 'vi') =>
  render(
    <I18nProvider lang={lang}>
      <ConfigProvider locale={viVN} theme={{ token: { motion: false } }}>
        {ui}
      </ConfigProvider>
    </I18nProvider>,
  );

export const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
export const invalidField = (label: string | RegExp) => screen.getByLabelText(label).getAttribute('aria-invalid') === 'true';

/** The message tied to a field for screen readers (aria-describedby), as antd renders it. */
export const describedError = (label: string | RegExp) =>
  (screen.getByLabelText(label).getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

/** Opens an antd Select by its label and picks the option showing this text. */
export async function choose(label: string | RegExp, option: string | RegExp) {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  const found = await screen.findAllByText(option, { selector: '.ant-select-item-option-content' });
  fireEvent.click(found[found.length - 1]!);
}
