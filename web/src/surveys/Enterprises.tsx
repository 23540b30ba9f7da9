import { useMemo, useState } from 'react';
import { Button, Card, Empty, Input, Space, Table, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { client } from '../api/client';
import { useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { useNarrow } from '../components/useNarrow';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { fold } from '../format';
import { ENTERPRISE_SIZE_LABELS, VSIC_SECTIONS } from '../../../src/domain/surveys';
import { EnterpriseForm } from './EnterpriseForm';
import type { Enterprise } from './types';
import './surveys.css';

/** Doanh nghiệp: the enterprises the surveys ask, their profiles; the province administrator registers new ones. */
export default function Enterprises() {
  const { t, lang } = useI18n();
  const me = useMe();
  const narrow = useNarrow();
  const list = useQuery({ queryKey: ['surveys', 'enterprises'], queryFn: async () => (await client.GET('/api/v1/surveys/enterprises')).data! });
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Enterprise | null | 'new'>(null);
  const rows = useMemo(() => {
    const needle = fold(q.trim());
    return (list.data ?? []).filter((e) => !needle || fold(`${e.name} ${e.shortName} ${e.taxCode} ${e.commune}`).includes(needle));
  }, [list.data, q]);
  const sector = (e: Enterprise) => (e.sectorCode ? `${e.sectorCode} — ${VSIC_SECTIONS[e.sectorCode]?.[lang] ?? ''}` : '—');
  const incomplete = <Tag color="orange" className="lt-tag">{t('Hồ sơ chưa đủ', 'Profile incomplete')}</Tag>;
  const edit = (e: Enterprise) => (
    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(e)} aria-label={t(`Sửa hồ sơ ${e.name}`, `Edit ${e.name}`)}>
      {t('Sửa', 'Edit')}
    </Button>
  );

  return (
    <Page
      title={t('Doanh nghiệp được khảo sát', 'Surveyed enterprises')}
      sub={t('Hồ sơ doanh nghiệp (mã số thuế, ngành, xã/phường, quy mô): căn cứ tổng hợp theo ngành và theo xã, phường.', 'Enterprise profiles (tax code, sector, commune, size): what the aggregates group by.')}
      extra={
        <Space wrap>
          <Link to="/surveys">{t('← Các kỳ khảo sát', '← Periods')}</Link>
          {me.isProvinceAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('Đăng ký doanh nghiệp', 'Register an enterprise')}
            </Button>
          )}
        </Space>
      }
    >
      <Input.Search allowClear placeholder={t('Tìm theo tên, mã số thuế, xã/phường', 'Search by name, tax code, commune')} aria-label={t('Tìm doanh nghiệp', 'Search enterprises')} value={q} onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 420, marginBottom: 12 }} />
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {narrow ? (
        <div className="lt-survey-cards">
          {list.data && rows.length === 0 && <Empty />}
          {rows.map((e) => (
            <Card key={e.orgId} size="small" data-enterprise={e.orgId}>
              <b>{e.name}</b>
              <div className="lt-muted">
                {e.taxCode || '—'} · {sector(e)}
              </div>
              <div className="lt-muted">{e.commune || '—'} · {ENTERPRISE_SIZE_LABELS[e.size][lang]}</div>
              <Space wrap style={{ marginTop: 4 }}>
                {!e.complete && incomplete}
                {!e.active && <Tag className="lt-tag">{t('Ngừng hoạt động', 'Inactive')}</Tag>}
                {edit(e)}
              </Space>
            </Card>
          ))}
        </div>
      ) : (
        <Table<Enterprise>
          size="small"
          rowKey="orgId"
          loading={list.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          onRow={(e) => ({ 'data-enterprise': e.orgId }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: t('Doanh nghiệp', 'Enterprise'), render: (_: unknown, e: Enterprise) => <span>{e.name} {!e.complete && incomplete}{!e.active && <Tag className="lt-tag">{t('Ngừng hoạt động', 'Inactive')}</Tag>}</span> },
            { key: 'tax', title: t('Mã số thuế', 'Tax code'), width: 130, render: (_: unknown, e: Enterprise) => e.taxCode || '—' },
            { key: 'sector', title: t('Ngành', 'Sector'), width: 240, render: (_: unknown, e: Enterprise) => sector(e) },
            { key: 'commune', title: t('Xã, phường', 'Commune/ward'), width: 170, render: (_: unknown, e: Enterprise) => e.commune || '—' },
            { key: 'size', title: t('Quy mô', 'Size'), width: 90, render: (_: unknown, e: Enterprise) => ENTERPRISE_SIZE_LABELS[e.size][lang] },
            { key: 'emp', title: t('Lao động', 'Employees'), width: 90, align: 'right' as const, render: (_: unknown, e: Enterprise) => e.employees?.toLocaleString('vi-VN') ?? '—' },
            { key: 'edit', title: <span className="lt-sr">{t('Sửa', 'Edit')}</span>, width: 80, render: (_: unknown, e: Enterprise) => edit(e) },
          ]}
        />
      )}
      <EnterpriseForm open={editing !== null} current={editing === 'new' ? null : editing} mayRename={me.isProvinceAdmin} mayChangeTaxCode onClose={() => setEditing(null)} />
    </Page>
  );
}
