import { useMemo, useState } from 'react';
import { Button, DatePicker, Empty, Select, Segmented, Space, Spin } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, FileTextOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { answer, client, href as hrefOf } from '../api/client';
import type { RegisterBook } from '../types';
import { useMe } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { useOrganizations, useRegisters } from '../data';
import { fmtDate } from '../format';
import { LoadError, Page } from '../components/Page';

/** The outgoing and incoming registers of a period, in the ten-column book of Decree 30/2020. */
export default function Registers() {
  const { t } = useI18n();
  const me = useMe();
  const orgs = useOrganizations();
  const registers = useRegisters();
  const [kind, setKind] = useState<'incoming' | 'outgoing'>('incoming');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const [registerId, setRegisterId] = useState<number | undefined>();
  const ofKind = useMemo(() => (registers.data ?? []).filter((r) => r.kind === kind), [registers.data, kind]);
  const params = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), registerId };
  // The book answers JSON, CSV, XLSX or PDF by `format`: asked without one it is JSON (the links below ask for the files).
  const book = useQuery({
    queryKey: ['register', kind, params],
    queryFn: async (): Promise<RegisterBook> => {
      const b = await answer(client.GET('/api/v1/registers/{kind}', { params: { path: { kind }, query: params } }));
      if (typeof b === 'string') throw new Error('register book: not JSON');
      return b;
    },
  });
  const agency = orgs.data?.find((o) => o.id === me.agencyId);
  const href = (format: 'csv' | 'xlsx' | 'pdf') => hrefOf('/api/v1/registers/{kind}', { path: { kind }, query: { ...params, format } });

  return (
    <Page
      title={t('Sổ văn bản', 'Registers')}
      sub={t('Sổ đăng ký văn bản đi, văn bản đến theo mẫu Phụ lục IV Nghị định 30/2020/NĐ-CP.', 'The outgoing and incoming registers (Decree 30/2020, appendix IV).')}
      extra={
        <Space className="lt-noprint">
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('In sổ', 'Print')}
          </Button>
          <Button icon={<FilePdfOutlined />} href={href('pdf')} download data-testid="register-pdf" title={t('Sổ in: bìa, 10 cột, khổ A4 ngang, đánh số trang', 'The book to print: cover, ten columns, landscape A4, numbered pages')}>
            {t('Sổ in (PDF)', 'Book (PDF)')}
          </Button>
          <Button icon={<FileTextOutlined />} href={href('csv')} download>
            CSV
          </Button>
          <Button icon={<FileExcelOutlined />} href={href('xlsx')} download>
            XLSX
          </Button>
        </Space>
      }
    >
      <Panel className="lt-card lt-filters lt-noprint">
        <Space wrap>
          <Segmented
            aria-label={t('Loại sổ', 'Register')}
            value={kind}
            onChange={(v) => {
              setKind(v as typeof kind);
              setRegisterId(undefined);
            }}
            options={[
              { value: 'incoming', label: t('Sổ văn bản đến', 'Incoming register') },
              { value: 'outgoing', label: t('Sổ văn bản đi', 'Outgoing register') },
            ]}
          />
          <DatePicker.RangePicker
            format="DD/MM/YYYY"
            value={range}
            allowClear={false}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
            aria-label={t('Kỳ', 'Period')}
            presets={[
              { label: t('Năm nay', 'This year'), value: [dayjs().startOf('year'), dayjs()] },
              { label: t('Tháng này', 'This month'), value: [dayjs().startOf('month'), dayjs()] },
              { label: t('Quý này', 'This quarter'), value: [dayjs().startOf('month').subtract(dayjs().month() % 3, 'month'), dayjs()] },
            ]}
          />
          {ofKind.length > 1 && (
            <Select
              aria-label={t('Sổ', 'Register')}
              style={{ width: 260 }}
              placeholder={t('Sổ mặc định', 'Default register')}
              allowClear
              value={registerId}
              onChange={setRegisterId}
              options={ofKind.map((r) => ({ value: r.id, label: r.name + (r.secret ? t(' (mật)', ' (secret)') : '') }))}
            />
          )}
        </Space>
      </Panel>
      {book.error && <LoadError error={book.error} retry={() => void book.refetch()} />}
      <Panel className="lt-card lt-book-card">
        {!book.data ? (
          <Spin />
        ) : (
          <div className="lt-book" data-testid="register-book">
            <div className="lt-book-head">
              <div className="lt-book-agency">{(agency?.name ?? '').toUpperCase()}</div>
              <h2 className="lt-book-title">{book.data.register.name.toUpperCase()}</h2>
              <div className="lt-book-period">
                {t('Từ ngày', 'From')} {fmtDate(book.data.from)} {t('đến ngày', 'to')} {fmtDate(book.data.to)}
              </div>
            </div>
            <div className="lt-book-scroll">
              <table className={`lt-book-table lt-book-${book.data.kind}`}>
                <caption className="lt-sr">{book.data.register.name}</caption>
                <thead>
                  <tr>
                    {book.data.columns.map((c) => (
                      <th key={c} scope="col">{c}</th>
                    ))}
                  </tr>
                  <tr className="lt-book-nums">
                    {book.data.columns.map((_c, i) => (
                      <th key={i} scope="col">({i + 1})</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {book.data.rows.length === 0 ? (
                    <tr>
                      <td colSpan={book.data.columns.length}>
                        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('Không có văn bản nào trong kỳ.', 'Nothing in this period.')} />
                      </td>
                    </tr>
                  ) : (
                    book.data.rows.map((r, i) => (
                      <tr key={i}>
                        {r.map((c, j) => (
                          <td key={j} className={`lt-bc-${j + 1}`}>{c}</td>
                        ))}
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
            <div className="lt-muted lt-small lt-noprint">{t(`${book.data.rows.length} dòng`, `${book.data.rows.length} rows`)}</div>
          </div>
        )}
      </Panel>
    </Page>
  );
}
