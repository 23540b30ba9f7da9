// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ScreenError } from './ScreenError';

/** A screen that fails leaves the navigation in place and says what to do, in Vietnamese. */

beforeAll(() => {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({ matches: false, media: query, onchange: null, addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false }),
  });
});
afterEach(cleanup);

function Broken(): never {
  throw new Error('chunk failed');
}

const texts = { title: 'Không mở được màn hình này', detail: 'Dữ liệu đã lưu không bị ảnh hưởng.', retry: 'Tải lại trang' };

describe('ScreenError', () => {
  it('shows the failure with a reload button instead of a blank page, and clears it when the user goes elsewhere', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { rerender } = render(
      <ScreenError resetKey="/inbox" {...texts}>
        <Broken />
      </ScreenError>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Không mở được màn hình này');
    expect(screen.getByRole('button', { name: 'Tải lại trang' })).toBeTruthy();
    rerender(
      <ScreenError resetKey="/search" {...texts}>
        <p>Tìm kiếm</p>
      </ScreenError>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Tìm kiếm')).toBeTruthy();
  });
});
