import { useMemo, useState } from 'react';
import { App as AntApp, Alert, Input, Segmented, Space } from 'antd';
import { Panel } from '../components/Panel';
import { LoadError } from '../components/Page';
import { DenseTable } from '../components/DenseTable';
import { ReloadButton } from '../components/ReloadButton';
import { fold } from '../format';
import { useI18n } from '../i18n';

/** Where an item of the portal stands: on the portal (live), taken off or never put on, or either. */
export type LiveState = 'all' | 'live' | 'withdrawn';

/**
 * The rows of a portal list in the state chosen and holding the words typed (folded: no
 * diacritics needed). `words` says what a row is searched by; give a stable function.
 */
export function useLiveFilter<T extends { live: boolean }>(items: T[] | undefined, first: LiveState, words: (row: T) => string) {
  const [state, setState] = useState<LiveState>(first);
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const n = fold(q.trim());
    return (items ?? []).filter((r) => (state === 'all' || (state === 'live') === r.live) && (!n || fold(words(r)).includes(n)));
  }, [items, state, q, words]);
  return { state, setState, setQ, rows };
}

/** Asks before taking something off the portal: the button says what, in red; "Hủy" keeps it. */
export function useConfirmWithdraw() {
  const { t } = useI18n();
  const { modal } = AntApp.useApp();
  return (o: { title: string; content: string; okText: string; onOk(): Promise<unknown> }) => modal.confirm({ ...o, okButtonProps: { danger: true }, cancelText: t('Hủy', 'Cancel') });
}

type TableProps<T> = Omit<Parameters<typeof DenseTable<T>>[0], 'rows' | 'loading'>;

/**
 * A list of what the agency has on the portal: the state and the search above, the failure of
 * the load or of the last action (`call`), then the table.
 */
export function LiveList<T>({
  filter,
  states,
  search,
  list,
  call,
  reload,
  ...table
}: TableProps<T> & {
  filter: { state: LiveState; setState(s: LiveState): void; setQ(q: string): void; rows: T[] };
  /** The states offered, in the order shown. */
  states: { value: LiveState; label: string }[];
  search: { label: string; placeholder: string };
  list: { error: unknown; isLoading: boolean; refetch(): Promise<unknown> };
  call: { error: string | null };
  /** Offers "Tải lại" beside the filters. */
  reload?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <Panel className="lt-filters">
        <Space wrap>
          <Segmented aria-label={t('Tình trạng', 'State')} value={filter.state} onChange={(v) => filter.setState(v as LiveState)} options={states} />
          <Input.Search allowClear aria-label={search.label} placeholder={search.placeholder} onChange={(e) => filter.setQ(e.target.value)} style={{ width: 300 }} />
          {reload && <ReloadButton reload={list.refetch} />}
        </Space>
      </Panel>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {call.error && <Alert type="error" showIcon role="alert" title={call.error} style={{ marginBottom: 12 }} />}
      <Panel>
        <DenseTable<T> {...table} rows={filter.rows} loading={list.isLoading} />
      </Panel>
    </>
  );
}
