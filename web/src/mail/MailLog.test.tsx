// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { prepareDom, renderIn } from '../testing';
import { INBOUND_OUTCOME } from './labels';
import { MailLogScreen, useMailLog, type MailLogSpec } from './MailLog';
import type { InboundOutcome, InboundPage, InboundRow } from './types';

/** The filter of a mail log follows the address: what it shows on opening, and what a click leaves in the address. */

prepareDom();

const SPEC: MailLogSpec<InboundPage, InboundOutcome> = {
  name: { vi: 'Thư đến', en: 'Received mail' },
  key: 'mail-inbound',
  param: 'outcome',
  paramLabel: { vi: 'Lọc theo kết quả', en: 'Filter by outcome' },
  filters: ['', 'accepted', 'duplicate', 'refused'],
  labels: INBOUND_OUTCOME,
  load: () => Promise.reject(new Error('not loaded here')),
};

function Log() {
  // Not loading: the filter is what is looked at here.
  const log = useMailLog(SPEC, false);
  return <MailLogScreen<InboundRow> log={log} sub="" columns={[]} empty={log.value ? 'Không có thư nào với kết quả này.' : 'Chưa có thư nào đến hộp thư công vụ.'} />;
}

function open(url: string) {
  window.history.replaceState(null, '', url);
  renderIn(
    <QueryClientProvider client={new QueryClient()}>
      <Log />
    </QueryClientProvider>,
  );
}

const chosen = () => screen.getByRole('radiogroup', { name: 'Lọc theo kết quả' }).querySelector('input:checked')?.closest('label')?.textContent;

describe('a mail log’s filter', () => {
  it('opens on "Tất cả" without a filter in the address', () => {
    open('/app/mail/received');
    expect(chosen()).toBe('Tất cả');
    expect(screen.getByText('Chưa có thư nào đến hộp thư công vụ.')).toBeTruthy();
  });

  it('reads an unknown filter as all', () => {
    open('/app/mail/received?outcome=lost');
    expect(chosen()).toBe('Tất cả');
  });

  it('opens on the filter in the address, and a click puts the new one there ("Tất cả" leaves none)', () => {
    open('/app/mail/received?outcome=refused');
    expect(chosen()).toBe('Từ chối');
    expect(screen.getByText('Không có thư nào với kết quả này.')).toBeTruthy();
    fireEvent.click(screen.getByText('Trùng, bỏ qua'));
    expect(window.location.search).toBe('?outcome=duplicate');
    expect(chosen()).toBe('Trùng, bỏ qua');
    fireEvent.click(screen.getByText('Tất cả'));
    expect(window.location.search).toBe('');
    expect(chosen()).toBe('Tất cả');
  });
});
