import { useState } from 'react';
import { App as AntApp, Alert, Button, Col, Row, Select, Skeleton, Space, Switch } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api';
import { answer, client } from '../../api/client';
import { useMe } from '../../auth';
import { Panel } from '../../components/Panel';
import { LoadError, Page } from '../../components/Page';
import { fmtDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Badge } from '../../labels';
import { navigate } from '../../router';
import { levelToApi, NO_ONLINE, PublicLink, useManagedOrgs, useOnlineLevelOptions, useRefreshPortal } from '../common';
import { useApiCall } from '../api-extra';
import { keys } from '../keys';
import { ProcedureForm } from './ProcedureForm';
import { AgenciesPanel } from './Agencies';
import { FormsPanel } from './Forms';
import type { NationalProcedure, ProcedureDetail } from '../types';

/** A duplicate code is the code field's problem. */
function onCode(e: unknown): never {
  if (e instanceof ApiError && e.code === 'duplicate_procedure') throw new ApiError(e.status, e.code, e.messageVi, e.messageEn, 'code');
  throw e;
}

function NewProcedure() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = AntApp.useApp();
  const refresh = useRefreshPortal();
  const managed = useManagedOrgs(['province', 'agency']);
  const levelOptions = useOnlineLevelOptions();
  const [orgId, setOrgId] = useState<number>(me.agencyId);
  const [level, setLevel] = useState<string>(NO_ONLINE);

  const create = async (record: NationalProcedure) => {
    const r = await answer(client.POST('/api/v1/portal/procedures', { body: { record, orgId, onlineLevel: levelToApi(level) } })).catch(onCode);
    refresh();
    void message.success(t(`Đã thêm thủ tục ${r.code}.`, `Procedure ${r.code} added.`));
    navigate(`/portal/procedures/${r.id}`, { replace: true });
  };

  return (
    <Page
      title={t('Thêm thủ tục hành chính', 'New administrative procedure')}
      sub={t('Các trường có dấu * là bắt buộc; lỗi hiện ngay khi nhập. Có thể dán cả bản ghi JSON của Cổng Dịch vụ công quốc gia ở chế độ JSON.', 'Fields marked * are required; mistakes show as you type. A national-portal JSON record can be pasted in the JSON view.')}
      extra={<Button onClick={() => navigate('/portal/procedures')}>{t('← Danh sách thủ tục', '← Procedures')}</Button>}
    >
      <ProcedureForm
        mode="create"
        onSubmit={create}
        before={
          <Panel className="lt-card" title={t('Nơi thực hiện', 'Implemented by')}>
            <Space wrap>
              {managed.list.length > 1 && (
                <label className="lt-portal-inline">
                  <span>{t('Cơ quan thực hiện', 'Implementing agency')}</span>
                  <Select style={{ width: 340 }} value={orgId} onChange={setOrgId} showSearch={{ optionFilterProp: 'label' }} options={managed.list.map((o) => ({ value: o.id, label: o.name }))} aria-label={t('Cơ quan thực hiện', 'Implementing agency')} />
                </label>
              )}
              <label className="lt-portal-inline">
                <span>{t('Mức độ trực tuyến', 'Online level')}</span>
                <Select style={{ width: 220 }} value={level} onChange={setLevel} options={levelOptions} aria-label={t('Mức độ trực tuyến', 'Online level')} />
              </label>
            </Space>
          </Panel>
        }
      />
    </Page>
  );
}

function EditProcedure({ id }: { id: number }) {
  const { t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const refresh = useRefreshPortal();
  const call = useApiCall();
  const managed = useManagedOrgs();
  const q = useQuery({
    queryKey: keys.procedure(id),
    // The schema leaves the national record open; the service checked it against that structure.
    queryFn: () => answer(client.GET('/api/v1/portal/procedures/{id}', { params: { path: { id } } })) as Promise<ProcedureDetail>,
  });
  const p = q.data;

  if (q.error)
    return (
      <Page title={t('Thủ tục hành chính', 'Procedure')}>
        <LoadError error={q.error} retry={() => void q.refetch()} />
        <Button onClick={() => navigate('/portal/procedures')}>{t('← Danh sách thủ tục', '← Procedures')}</Button>
      </Page>
    );
  if (!p)
    return (
      <Page title={t('Thủ tục hành chính', 'Procedure')}>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Page>
    );

  const save = async (record: NationalProcedure) => {
    await client.PATCH('/api/v1/portal/procedures/{id}', { params: { path: { id } }, body: { record } });
    refresh();
    void message.success(t('Đã lưu thủ tục; trang trên cổng được cập nhật ngay.', 'Saved; the portal page is updated at once.'));
  };

  const setActive = (active: boolean) => {
    const go = () => call.run('active', () => client.PATCH('/api/v1/portal/procedures/{id}', { params: { path: { id } }, body: { active } }), active ? t('Thủ tục đã công bố lại trên cổng.', 'Published again.') : t('Đã ngừng công bố thủ tục.', 'Withdrawn from the portal.')).then((ok) => ok && refresh());
    if (active) return void go();
    modal.confirm({
      title: t('Ngừng công bố thủ tục này?', 'Withdraw this procedure?'),
      content: t('Thủ tục và biểu mẫu của nó sẽ không còn hiện trên cổng thông tin cho đến khi công bố lại.', 'The procedure and its forms disappear from the portal until published again.'),
      okText: t('Ngừng công bố', 'Withdraw'),
      okButtonProps: { danger: true },
      cancelText: t('Hủy', 'Cancel'),
      onOk: go,
    });
  };

  return (
    <Page
      title={p.record.name}
      sub={
        <span>
          <code>{p.code}</code> · {t('Cơ quan quản lý', 'Owner')}: {managed.orgName(p.ownerOrgId)} · {t('cập nhật', 'updated')} {fmtDateTime(p.updatedAt)}
        </span>
      }
      extra={
        <Space wrap>
          {p.active ? <PublicLink href={`/thu-tuc/${encodeURIComponent(p.code)}`} testId="procedure-public">{t('Xem trên cổng', 'See on the portal')}</PublicLink> : <Badge tone="default">{t('Ngừng công bố', 'Withdrawn')}</Badge>}
          {p.mayEdit && (
            <label className="lt-portal-inline">
              <Switch checked={p.active} loading={call.busy === 'active'} onChange={setActive} aria-label={t('Công bố trên cổng', 'Published on the portal')} />
              <span>{t('Công bố trên cổng', 'Published')}</span>
            </label>
          )}
          <Button onClick={() => navigate('/portal/procedures')}>{t('← Danh sách', '← List')}</Button>
        </Space>
      }
    >
      {call.error && <Alert type="error" showIcon role="alert" title={call.error} style={{ marginBottom: 12 }} />}
      {!p.mayEdit && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(`Thủ tục do ${managed.orgName(p.ownerOrgId)} quản lý: cơ quan bạn khai báo mức độ trực tuyến và biểu mẫu của mình.`, `${managed.orgName(p.ownerOrgId)} owns this procedure: your agency declares its online level and forms.`)}
        />
      )}
      <Row gutter={12}>
        <Col xs={24} xxl={17} xl={16}>
          <ProcedureForm key={p.id} mode="edit" initial={p.record} readOnly={!p.mayEdit} formFiles={p.forms.map((f) => f.fileName)} onSubmit={save} />
        </Col>
        <Col xs={24} xxl={7} xl={8}>
          <AgenciesPanel p={p} />
          <FormsPanel p={p} />
        </Col>
      </Row>
    </Page>
  );
}

export default function ProcedureEditor({ id }: { id: string }) {
  return id === 'new' ? <NewProcedure /> : <EditProcedure id={Number(id)} />;
}
