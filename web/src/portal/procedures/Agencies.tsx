import { useState } from 'react';
import { App as AntApp, Alert, Button, Select, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiCall } from '../api-extra';
import { client } from '../../api/client';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import { levelToApi, NO_ONLINE, OnlineLevelTag, useManagedOrgs, useOnlineLevelOptions, useRefreshPortal } from '../common';
import type { ProcedureDetail } from '../types';

/**
 * Who implements a procedure in the province and how far online (Decree 42/2022 art. 11):
 * each agency declares its own level; the province administrator for any agency.
 */
export function AgenciesPanel({ p }: { p: ProcedureDetail }) {
  const { t } = useI18n();
  const { modal } = AntApp.useApp();
  const levelOptions = useOnlineLevelOptions();
  const managed = useManagedOrgs(['province', 'agency']);
  const refresh = useRefreshPortal();
  const call = useApiCall();
  const [addOrg, setAddOrg] = useState<number | undefined>();
  const [addLevel, setAddLevel] = useState<string>(NO_ONLINE);
  const mayManage = (orgId: number) => managed.list.some((o) => o.id === orgId);
  const implemented = new Set(p.agencies.map((a) => a.orgId));
  const addable = managed.list.filter((o) => !implemented.has(o.id));
  const target = addOrg ?? (addable.length === 1 ? addable[0]!.id : undefined);

  const setLevel = (orgId: number, level: string) =>
    call.run(`level-${orgId}`, () => client.PUT('/api/v1/portal/procedures/{id}/agencies/{orgId}', { params: { path: { id: p.id, orgId } }, body: { onlineLevel: levelToApi(level) } }), t('Đã lưu mức độ trực tuyến.', 'Online level saved.')).then((ok) => ok && refresh());

  const remove = (orgId: number) =>
    modal.confirm({
      title: t('Cơ quan thôi thực hiện thủ tục này?', 'Stop implementing this procedure?'),
      content: t(`${managed.orgName(orgId)} sẽ không còn được ghi là nơi thực hiện trên cổng.`, `${managed.orgName(orgId)} will no longer be listed as implementing it.`),
      okText: t('Thôi thực hiện', 'Stop'),
      okButtonProps: { danger: true },
      cancelText: t('Hủy', 'Cancel'),
      onOk: () => call.run(`remove-${orgId}`, () => client.DELETE('/api/v1/portal/procedures/{id}/agencies/{orgId}', { params: { path: { id: p.id, orgId } } }), t('Đã cập nhật nơi thực hiện.', 'Updated.')).then((ok) => ok && refresh()),
    });

  return (
    <Panel className="lt-card" title={t('Nơi thực hiện và mức độ trực tuyến', 'Implemented by, online level')} data-testid="agencies-panel">
      {call.error && <Alert type="error" showIcon role="alert" title={call.error} style={{ marginBottom: 8 }} />}
      <ul className="lt-portal-agencies">
        {p.agencies.map((a) => (
          <li key={a.orgId} data-org={a.orgId}>
            <span className="lt-portal-grow">{managed.orgName(a.orgId)}</span>
            {mayManage(a.orgId) ? (
              <Space.Compact>
                <Select
                  size="small"
                  style={{ width: 190 }}
                  value={a.onlineLevel ?? NO_ONLINE}
                  options={levelOptions}
                  loading={call.busy === `level-${a.orgId}`}
                  onChange={(v) => void setLevel(a.orgId, v)}
                  aria-label={t(`Mức độ trực tuyến tại ${managed.orgName(a.orgId)}`, `Online level at ${managed.orgName(a.orgId)}`)}
                />
                <Button size="small" danger onClick={() => remove(a.orgId)}>
                  {t('Bỏ', 'Remove')}
                  <span className="lt-sr"> {managed.orgName(a.orgId)}</span>
                </Button>
              </Space.Compact>
            ) : (
              <OnlineLevelTag level={a.onlineLevel} />
            )}
          </li>
        ))}
        {p.agencies.length === 0 && <li className="lt-muted">{t('Chưa có cơ quan nào đăng ký thực hiện.', 'No agency implements it yet.')}</li>}
      </ul>
      {addable.length > 0 && (
        <div className="lt-portal-add">
          {addable.length > 1 && (
            <Select
              style={{ width: '100%' }}
              placeholder={t('Chọn cơ quan thực hiện', 'Choose the agency')}
              value={addOrg}
              onChange={setAddOrg}
              showSearch={{ optionFilterProp: 'label' }}
              options={addable.map((o) => ({ value: o.id, label: o.name }))}
              aria-label={t('Cơ quan đăng ký thực hiện', 'Agency to add')}
            />
          )}
          <Space wrap>
            <Select style={{ width: 190 }} value={addLevel} onChange={setAddLevel} options={levelOptions} aria-label={t('Mức độ trực tuyến', 'Online level')} />
            <Button
              icon={<PlusOutlined />}
              disabled={!target}
              loading={call.busy === 'add'}
              onClick={() => target && void call.run('add', () => client.PUT('/api/v1/portal/procedures/{id}/agencies/{orgId}', { params: { path: { id: p.id, orgId: target } }, body: { onlineLevel: levelToApi(addLevel) } }), t('Đã đăng ký thực hiện.', 'Added.')).then((ok) => ok && refresh())}
            >
              {addable.length === 1 ? t(`${addable[0]!.name} thực hiện`, `${addable[0]!.name} implements it`) : t('Đăng ký thực hiện', 'Add')}
            </Button>
          </Space>
        </div>
      )}
    </Panel>
  );
}
