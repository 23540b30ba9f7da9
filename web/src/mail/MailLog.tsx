import type { ComponentProps, ReactNode } from 'react';
import { Segmented, Space } from 'antd';
import { Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { ReloadButton } from '../components/ReloadButton';
import { PagedTable, useCursorList, type PagedQuery } from '../components/PagedTable';
import { useI18n } from '../i18n';
import { setQuery, useLocation } from '../router';

const LIMIT = 50;

/** One of the mail logs (Thư đến, Thư đi): how a page is read, and the filter it takes from the address (`?param=…`). */
export interface MailLogSpec<P, F extends string> {
  /** The screen's title, and the table's caption. */
  name: Label;
  key: string;
  param: string;
  paramLabel: Label;
  /** The values of the filter; '' (all) first. */
  filters: readonly ('' | F)[];
  labels: Record<string, Label>;
  /** One page, newest first: the messages before `beforeId` (the first page without it), with the filter if one is chosen. */
  load(page: { filter?: F; limit: number; beforeId?: number }, signal: AbortSignal): Promise<P>;
}

type Label = { vi: string; en: string };

/** A mail log, newest first, filtered by the address's `?param=` (anything unknown reads as all). */
export function useMailLog<P extends { items: unknown[]; nextBeforeId: number | null }, F extends string>(spec: MailLogSpec<P, F>, enabled?: boolean) {
  const { query } = useLocation();
  const asked = query.get(spec.param) ?? '';
  const value = spec.filters.find((f) => f !== '' && f === asked) ?? '';
  const { list, rows } = useCursorList<P, number>({
    queryKey: [spec.key, value],
    load: (beforeId, signal) => spec.load({ filter: value || undefined, limit: LIMIT, beforeId }, signal),
    next: (last) => last.nextBeforeId,
    enabled,
    // A log: fresh each time it is opened.
    staleTime: 0,
  });
  return { spec, value, list, rows };
}

type Log<T> = { spec: MailLogSpec<unknown, string>; value: string; list: PagedQuery; rows: T[] };
type TableProps<T> = Omit<ComponentProps<typeof PagedTable<T>>, 'list' | 'rows' | 'unit' | 'limit' | 'rowKey' | 'caption'>;

/** The screen of a mail log: `notice` on top, the filter (kept in the address) with a reload, then the messages 50 at a time. */
export function MailLogScreen<T extends { id: number }>({ log, sub, notice, ...table }: TableProps<T> & { log: Log<T>; sub: string; notice?: ReactNode }) {
  const { t, lang } = useI18n();
  const { spec, value, list, rows } = log;
  return (
    <Page title={spec.name[lang]} sub={sub}>
      {notice}
      <Panel className="lt-filters">
        <Space wrap>
          <Segmented aria-label={spec.paramLabel[lang]} value={value} onChange={(v) => setQuery({ [spec.param]: String(v) })} options={spec.filters.map((f) => ({ value: f, label: f ? spec.labels[f]![lang] : t('Tất cả', 'All') }))} />
          <ReloadButton reload={list.refetch} />
        </Space>
      </Panel>
      <PagedTable<T> {...table} list={list} rows={rows} unit="thư" limit={LIMIT} rowKey={(r) => r.id} caption={spec.name[lang]} />
    </Page>
  );
}
