// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { prepareDom, renderIn } from '../testing';
import { Chart } from './Chart';

/** The app's chart: echarts drawn with the app's theme, and the same figures as a table for screen readers. */
const drawn = vi.hoisted(() => ({ init: [] as { theme: string; renderer: string }[], options: [] as Record<string, unknown>[] }));
vi.mock('./echarts', () => ({
  THEME: 'lienthong',
  echarts: {
    init: (_el: HTMLElement, theme: string, opts: { renderer: string }) => {
      drawn.init.push({ theme, renderer: opts.renderer });
      return { setOption: (o: Record<string, unknown>) => drawn.options.push(o), resize() {}, dispose() {} };
    },
  },
}));
prepareDom();

const trend = {
  xAxis: { type: 'category', data: ['10/2026', '11/2026'] },
  yAxis: { type: 'value' },
  series: [
    { name: 'Văn bản đi điện tử', type: 'line', data: [82.5, null] },
    { name: 'Xử lý đúng hạn', type: 'line', data: [{ value: 90 }, 95] },
  ],
};

describe('Chart', () => {
  it('draws the option with the theme and reads out the same figures as a table', async () => {
    renderIn(<Chart option={trend} label="Xu hướng 12 tháng" description="Tỷ lệ văn bản điện tử tăng." categoryLabel="Tháng" renderer="svg" />);
    const img = screen.getByRole('img', { name: 'Xu hướng 12 tháng' });
    expect(img.getAttribute('aria-describedby') && document.getElementById(img.getAttribute('aria-describedby')!)?.textContent).toBe('Tỷ lệ văn bản điện tử tăng.');
    await waitFor(() => expect(drawn.options.length).toBe(1));
    expect(drawn.init).toEqual([{ theme: 'lienthong', renderer: 'svg' }]);
    expect(drawn.options[0]).toMatchObject({ aria: { enabled: true }, series: trend.series });

    const table = screen.getByRole('table', { name: 'Xu hướng 12 tháng' });
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Tháng', 'Văn bản đi điện tử', 'Xử lý đúng hạn']);
    const rows = within(table).getAllByRole('row').slice(1).map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['10/2026', '82,5', '90'],
      ['11/2026', '—', '95'],
    ]);
  });

  it('takes the table it is given, and a pie’s slices otherwise', () => {
    renderIn(<Chart option={{ series: [{ type: 'pie', name: 'Sự cố', data: [{ name: 'Cao', value: 3 }, { name: 'Thấp', value: 1 }] }] }} label="Sự cố theo mức độ" />);
    const rows = within(screen.getByRole('table', { name: 'Sự cố theo mức độ' })).getAllByRole('row').map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([['Mục', 'Sự cố'], ['Cao', '3'], ['Thấp', '1']]);
    renderIn(<Chart option={trend} label="Bảng riêng" table={{ columns: ['Cơ quan', 'Điểm'], rows: [['Sở Tài chính', 88]] }} />);
    expect(within(screen.getByRole('table', { name: 'Bảng riêng' })).getByRole('rowheader').textContent).toBe('Sở Tài chính');
  });
});
