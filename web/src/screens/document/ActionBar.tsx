import { useMemo, useRef, useState } from 'react';
import { App as AntApp, Button, Checkbox, DatePicker, Form, Input, Radio, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { answer, client, type Body } from '../../api/client';
import { useMe } from '../../auth';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import { navigate } from '../../router';
import { subtree, useDocumentTypes, useOrganizations, useUsers } from '../../data';
import { previewSymbol } from '../../compose-rules';
import { StatusTag } from '../../labels';
import { RecipientPicker } from '../../components/RecipientPicker';
import { ActionModal } from './ActionModal';
import { ReturnDialog } from './ReturnDialog';
import { focusAfterDialogs } from '../../focus';
import { PublishAction } from '../../portal/publications/PublishAction';
import type { DocumentDetail } from '../../types';

type CopyKind = Body<'/api/v1/documents/{id}/copies', 'post'>['kind'];
type Open = null | 'reject' | 'assign' | 'complete' | 'recall' | 'answerRecall' | 'copy' | 'dispatch';

const iso = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);
const DATE = 'DD/MM/YYYY';

export function ActionBar({ doc }: { doc: DocumentDetail }) {
  const { t, err } = useI18n();
  const { modal, message } = AntApp.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const types = useDocumentTypes();
  const orgs = useOrganizations();
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const itemId = doc.incoming?.itemId;
  const acts = new Set(doc.actions);
  // A broken or untrusted signature: the return (02) opens with its reason written, editable.
  const signatures = useQuery({ queryKey: ['signatures', doc.id], queryFn: () => answer(client.GET('/api/v1/signatures/documents/{id}', { params: { path: { id: doc.id } } })), enabled: acts.has('reject') });
  const returnReason = signatures.data?.returnReason ?? undefined;

  // What the last action did, said above the actions that follow: the keyboard lands here after
  // an action, so the next Tab reaches the next action (not the top of the page).
  const [result, setResult] = useState<string | null>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const refresh = () => Promise.all([['document', doc.id], ['trail', doc.id], ['inbox'], ['work'], ['outbox']].map((k) => qc.invalidateQueries({ queryKey: k })));
  const run = async (key: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await fn();
      message.success(done);
      setResult(done);
      await refresh().catch(() => undefined);
      focusAfterDialogs(() => resultRef.current);
    } finally {
      setBusy(null);
    }
  };
  /** A confirmation for what cannot be undone; a failure is shown in the dialog's place. */
  const confirm = (key: string, title: string, content: React.ReactNode, okText: string, fn: () => Promise<unknown>, done: string) =>
    modal.confirm({
      title,
      content,
      okText,
      cancelText: t('Hủy', 'Cancel'),
      onOk: () =>
        run(key, fn, done).catch((e) => {
          modal.error({ title: t('Không thực hiện được', 'It could not be done'), content: err(e) });
        }),
    });

  const agency = orgs.data?.find((o) => o.id === me.agencyId);
  const abbr = types.data?.find((x) => x.code === doc.typeCode)?.abbr;
  // Any recipient may be asked, even one that completed it (06) — not one that rejected it (02), already withdrew it or is already asked.
  const recallable = doc.recipients.filter((r) => r.itemId && !r.withdrawn && r.recallState !== '13' && r.status?.code !== '02');

  const buttons: React.ReactNode[] = [];
  if (acts.has('register'))
    buttons.push(
      <Button key="register" type="primary" loading={busy === 'register'} onClick={() => confirm('register', t('Vào sổ văn bản đến?', 'Register this document?'), t('Văn bản sẽ được cấp số đến trong sổ văn bản đến năm nay. Thao tác này không hoàn tác được.', 'It gets the next arrival number in this year’s incoming register. This cannot be undone.'), t('Vào sổ', 'Register'), () => client.POST('/api/v1/inbox/{itemId}/receive', { params: { path: { itemId: itemId! } } }), t('Đã vào sổ văn bản đến.', 'Registered.'))}>
        {t('Vào sổ (tiếp nhận)', 'Register (receive)')}
      </Button>,
    );
  if (acts.has('reject'))
    buttons.push(
      <Button key="reject" danger onClick={() => setOpen('reject')}>
        {t('Từ chối tiếp nhận', 'Reject')}
      </Button>,
    );
  if (acts.has('assign'))
    buttons.push(
      <Button key="assign" type={doc.incoming?.status.code === '03' ? 'primary' : 'default'} onClick={() => setOpen('assign')}>
        {doc.incoming?.status.code === '03' ? t('Phân công xử lý', 'Assign') : t('Phân công lại', 'Re-assign')}
      </Button>,
    );
  if (acts.has('start'))
    buttons.push(
      <Button key="start" type="primary" loading={busy === 'start'} onClick={() => confirm('start', t('Bắt đầu xử lý văn bản?', 'Start processing?'), t('Trạng thái chuyển sang 05 — Đang xử lý, nơi gửi sẽ thấy ngay.', 'The status becomes 05 — in progress; the sender sees it at once.'), t('Bắt đầu', 'Start'), () => client.POST('/api/v1/inbox/{itemId}/start', { params: { path: { itemId: itemId! } } }), t('Đã chuyển sang đang xử lý.', 'Processing started.'))}>
        {t('Bắt đầu xử lý', 'Start processing')}
      </Button>,
    );
  if (acts.has('complete'))
    buttons.push(
      <Button key="complete" type={doc.incoming?.status.code === '05' ? 'primary' : 'default'} onClick={() => setOpen('complete')}>
        {t('Hoàn thành xử lý', 'Complete')}
      </Button>,
    );
  if (acts.has('answerRecall'))
    buttons.push(
      <Button key="answerRecall" type="primary" danger onClick={() => setOpen('answerRecall')}>
        {t('Trả lời yêu cầu thu hồi', 'Answer the recall')}
      </Button>,
    );
  if (acts.has('issue'))
    buttons.push(
      <Button
        key="issue"
        type="primary"
        loading={busy === 'issue'}
        onClick={() =>
          confirm(
            'issue',
            t('Cấp số và phát hành văn bản?', 'Number and issue this document?'),
            <div>
              <p>
                {t('Số, ký hiệu dự kiến', 'Number and symbol')}: <b className="lt-symbol-big">{previewSymbol(abbr, agency?.shortName, doc.draftingUnit)}</b>
              </p>
              <p>{doc.confidentiality === 'thuong' ? t(`Văn bản sẽ được gửi ngay tới ${doc.recipients.length} nơi nhận. Không hoàn tác được.`, `It is sent at once to ${doc.recipients.length} recipients. This cannot be undone.`) : t('Văn bản mật: chỉ cấp số và vào sổ, phát hành bản giấy.', 'Secret: numbered and registered only; deliver on paper.')}</p>
            </div>,
            t('Phát hành', 'Issue'),
            () => client.POST('/api/v1/documents/{id}/issue', { params: { path: { id: doc.id } }, body: {} }),
            t('Đã phát hành văn bản.', 'Issued.'),
          )
        }
      >
        {t('Cấp số và phát hành', 'Number and issue')}
      </Button>,
    );
  if (acts.has('edit'))
    buttons.push(
      <Button key="edit" onClick={() => navigate(`/compose?id=${doc.id}`)}>
        {t('Sửa dự thảo, đính kèm', 'Edit draft, attach')}
      </Button>,
    );
  if (acts.has('dispatch'))
    buttons.push(
      <Button key="dispatch" onClick={() => setOpen('dispatch')}>
        {t('Gửi bổ sung', 'Send to more')}
      </Button>,
    );
  if (acts.has('recall'))
    buttons.push(
      <Button key="recall" danger onClick={() => setOpen('recall')}>
        {t('Thu hồi văn bản', 'Recall')}
      </Button>,
    );
  if (acts.has('copy'))
    buttons.push(
      <Button key="copy" onClick={() => setOpen('copy')}>
        {t('Sao văn bản', 'Copy')}
      </Button>,
    );
  // Publishing on the public portal (issue 6): the component shows itself only to who may.
  if (doc.state === 'issued' && doc.confidentiality === 'thuong' && (doc.senderOrgId === me.agencyId || me.isProvinceAdmin)) buttons.push(<PublishAction key="portal" doc={doc} />);

  if (!buttons.length && !result) return null;
  return (
    <Panel className="lt-card lt-actions" title={t('Thao tác', 'Actions')}>
      {result && (
        <p className="lt-action-result" role="status" tabIndex={-1} ref={resultRef} data-testid="action-result">
          {result}
        </p>
      )}
      <Space wrap data-testid="actions">{buttons}</Space>

      <ReturnDialog
        open={open === 'reject'}
        reason={returnReason}
        onClose={() => setOpen(null)}
        onSubmit={(reason) => run('reject', () => client.POST('/api/v1/inbox/{itemId}/reject', { params: { path: { itemId: itemId! } }, body: { reason } }), t('Đã từ chối, nơi gửi đã được báo.', 'Rejected; the sender is told.'))}
      />

      {open === 'assign' && itemId && <AssignModal itemId={itemId} onClose={() => setOpen(null)} run={run} />}

      <ActionModal<{ resultNote: string }>
        open={open === 'complete'}
        title={t('Hoàn thành xử lý', 'Complete')}
        okText={t('Hoàn thành', 'Complete')}
        onClose={() => setOpen(null)}
        onSubmit={(v) => run('complete', () => client.POST('/api/v1/inbox/{itemId}/complete', { params: { path: { itemId: itemId! } }, body: { resultNote: v.resultNote } }), t('Đã hoàn thành (06).', 'Completed (06).'))}
      >
        <Form.Item name="resultNote" label={t('Kết quả xử lý', 'Result')} rules={[{ required: true, whitespace: true, message: t('Ghi kết quả xử lý.', 'Write the result.') }, { max: 2000 }]}>
          <Input.TextArea rows={4} placeholder={t('Ví dụ: Đã tham mưu văn bản trả lời số …; đã báo cáo lãnh đạo…', 'E.g. reply drafted as no. …')} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ reason: string; recipients: number[] }>
        open={open === 'recall'}
        title={t('Thu hồi văn bản', 'Recall the document')}
        okText={t('Gửi yêu cầu thu hồi', 'Ask to recall')}
        danger
        initialValues={{ recipients: recallable.map((r) => r.orgId) }}
        onClose={() => setOpen(null)}
        onSubmit={(v) => run('recall', () => client.POST('/api/v1/documents/{id}/recall', { params: { path: { id: doc.id } }, body: { reason: v.reason, recipients: v.recipients } }), t('Đã gửi yêu cầu thu hồi (13).', 'Recall requested (13).'))}
      >
        <Form.Item name="recipients" label={t('Thu hồi tại', 'Recall from')} rules={[{ required: true, type: 'array', min: 1, message: t('Chọn ít nhất một nơi nhận.', 'Choose at least one recipient.') }]}>
          <Checkbox.Group className="lt-checklist" options={recallable.map((r) => ({ value: r.orgId, label: <span>{r.name} <StatusTag status={r.status} /></span> }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('Lý do thu hồi', 'Reason')} rules={[{ required: true, whitespace: true, message: t('Nhập lý do thu hồi.', 'Give the reason.') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ agree: boolean; reason?: string }>
        open={open === 'answerRecall'}
        title={t('Trả lời yêu cầu thu hồi', 'Answer the recall request')}
        okText={t('Gửi trả lời', 'Send answer')}
        initialValues={{ agree: true }}
        onClose={() => setOpen(null)}
        onSubmit={(v) =>
          run('answerRecall', () => client.POST('/api/v1/inbox/{itemId}/recall-answer', { params: { path: { itemId: itemId! } }, body: { agree: v.agree, reason: v.reason || undefined } }), v.agree ? t('Đã đồng ý thu hồi (15).', 'Recall accepted (15).') : t('Đã từ chối thu hồi (16).', 'Recall refused (16).')).then(() => {
            if (v.agree) navigate('/inbox');
          })
        }
      >
        <Form.Item name="agree" label={t('Ý kiến', 'Answer')}>
          <Radio.Group
            options={[
              { value: true, label: t('Đồng ý thu hồi (văn bản rút khỏi hệ thống của cơ quan)', 'Agree (the document is withdrawn)') },
              { value: false, label: t('Từ chối thu hồi', 'Refuse') },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.agree !== b.agree}>
          {({ getFieldValue }) => (
            <Form.Item name="reason" label={t('Lý do', 'Reason')} rules={[{ required: getFieldValue('agree') === false, whitespace: true, message: t('Nhập lý do từ chối thu hồi.', 'Give the reason for refusing.') }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form.Item>
      </ActionModal>

      <ActionModal<{ kind: CopyKind; summary?: string; signerName?: string; signerPosition?: string }>
        open={open === 'copy'}
        title={t('Sao văn bản', 'Copy the document')}
        okText={t('Tạo bản sao', 'Make the copy')}
        initialValues={{ kind: doc.copyKind === 'SY' ? 'SL' : 'SY' }}
        onClose={() => setOpen(null)}
        onSubmit={async (v) => {
          const r = await answer(
            client.POST('/api/v1/documents/{id}/copies', { params: { path: { id: doc.id } }, body: { kind: v.kind, summary: v.summary || undefined, signerName: v.signerName || undefined, signerPosition: v.signerPosition || undefined } }),
          );
          message.success(t(`Đã tạo bản sao số ${r.symbol}.`, `Copy ${r.symbol} made.`));
          void refresh();
          navigate(`/documents/${r.id}`);
        }}
      >
        <Form.Item name="kind" label={t('Hình thức sao', 'Kind of copy')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'SY', label: t('Sao y (SY)', 'Sao y (SY)') },
              { value: 'SL', label: t('Sao lục (SL)', 'Sao lục (SL)'), disabled: doc.copyKind !== 'SY' },
              { value: 'TrS', label: t('Trích sao (TrS)', 'Extract (TrS)') },
            ]}
          />
        </Form.Item>
        <Form.Item name="summary" label={t('Trích yếu (để trống: như bản gốc)', 'Summary (empty: as the original)')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="signerName" label={t('Người ký bản sao', 'Signed by')} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="signerPosition" label={t('Chức vụ', 'Position')} style={{ flex: 1, marginLeft: 8 }}>
            <Input />
          </Form.Item>
        </Space.Compact>
      </ActionModal>

      <ActionModal<{ recipients: number[] }>
        open={open === 'dispatch'}
        title={t('Gửi bổ sung tới nơi nhận khác', 'Send to more recipients')}
        okText={t('Gửi', 'Send')}
        width={720}
        onClose={() => setOpen(null)}
        onSubmit={(v) => run('dispatch', () => client.POST('/api/v1/documents/{id}/dispatch', { params: { path: { id: doc.id } }, body: { recipients: v.recipients } }), t('Đã gửi bổ sung.', 'Sent.'))}
      >
        <Form.Item name="recipients" label={t('Nơi nhận', 'Recipients')} rules={[{ required: true, type: 'array', min: 1, message: t('Chọn ít nhất một nơi nhận.', 'Choose at least one recipient.') }]}>
          <RecipientPicker orgs={(orgs.data ?? []).filter((o) => !doc.recipients.some((r) => r.orgId === o.id))} ownAgencyId={me.agencyId} />
        </Form.Item>
      </ActionModal>
    </Panel>
  );
}

interface AssignForm {
  assignees: { who?: string; role: 'lead' | 'cooperate' | 'info'; deadline?: Dayjs | null }[];
  direction?: string;
  deadline?: Dayjs | null;
}

function AssignModal({ itemId, onClose, run }: { itemId: number; onClose(): void; run(key: string, fn: () => Promise<unknown>, done: string): Promise<void> }) {
  const { t } = useI18n();
  const me = useMe();
  const users = useUsers();
  const orgs = useOrganizations();
  const options = useMemo(() => {
    const scope = orgs.data ? subtree(orgs.data, me.agencyId) : new Set<number>();
    const units = (orgs.data ?? []).filter((o) => o.kind === 'unit' && scope.has(o.id));
    const unitName = (id: number) => orgs.data?.find((o) => o.id === id)?.name;
    return [
      {
        label: t('Cá nhân', 'People'),
        title: 'people',
        options: (users.data ?? [])
          .filter((u) => u.active && u.id !== me.userId)
          .map((u) => ({ value: `u:${u.id}`, label: `${u.fullName} — ${u.position ?? ''}${u.orgId !== me.agencyId ? ` (${unitName(u.orgId) ?? ''})` : ''}`, search: `${u.fullName} ${u.username}` })),
      },
      { label: t('Phòng, đơn vị', 'Units'), title: 'units', options: units.map((o) => ({ value: `o:${o.id}`, label: o.name, search: o.name })) },
    ];
  }, [users.data, orgs.data, me, t]);

  return (
    <ActionModal<AssignForm>
      open
      width={760}
      title={t('Phân công xử lý', 'Assign')}
      okText={t('Phân công', 'Assign')}
      initialValues={{ assignees: [{ role: 'lead' }] }}
      onClose={onClose}
      onSubmit={(v) =>
        run(
          'assign',
          () =>
            client.POST('/api/v1/inbox/{itemId}/assign', {
              params: { path: { itemId } },
              body: {
                direction: v.direction?.trim() || undefined,
                deadline: iso(v.deadline),
                assignees: v.assignees.map((a) => {
                  const [kind, id] = (a.who ?? '').split(':');
                  return { ...(kind === 'u' ? { userId: Number(id) } : { orgId: Number(id) }), role: a.role, deadline: iso(a.deadline) };
                }),
              },
            }),
          t('Đã phân công (04).', 'Assigned (04).'),
        )
      }
    >
      <Form.List
        name="assignees"
        rules={[
          {
            validator: async (_r, list: AssignForm['assignees']) => {
              if (!list?.length) throw new Error(t('Chọn người hoặc đơn vị xử lý.', 'Choose someone.'));
              if (list.filter((a) => a?.role === 'lead').length !== 1) throw new Error(t('Phải có đúng một người hoặc đơn vị chủ trì.', 'Exactly one lead is needed.'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <fieldset className="lt-fieldset">
            <legend>{t('Người, đơn vị xử lý', 'People and units')}</legend>
            {fields.map((f, i) => (
              <div key={f.key} className="lt-assign-row">
                <Form.Item name={[f.name, 'who']} label={i === 0 ? t('Giao cho', 'Assign to') : undefined} rules={[{ required: true, message: t('Chọn người hoặc đơn vị.', 'Choose someone.') }]} style={{ flex: 3 }}>
                  <Select
                    showSearch={{ filterOption: (input, o) => !!o && 'search' in o && String((o as { search: string }).search).toLowerCase().includes(input.toLowerCase()) }}
                    options={options}
                    placeholder={t('Chọn người hoặc phòng', 'Choose a person or unit')}
                    aria-label={t(`Người xử lý ${i + 1}`, `Assignee ${i + 1}`)}
                    loading={users.isLoading}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'role']} label={i === 0 ? t('Vai trò', 'Role') : undefined} style={{ flex: 1.4 }}>
                  <Select
                    aria-label={t(`Vai trò ${i + 1}`, `Role ${i + 1}`)}
                    options={[
                      { value: 'lead', label: t('Chủ trì', 'Lead') },
                      { value: 'cooperate', label: t('Phối hợp', 'Co-operate') },
                      { value: 'info', label: t('Để biết', 'For information') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'deadline']} label={i === 0 ? t('Hạn', 'Deadline') : undefined} style={{ flex: 1.4 }}>
                  <DatePicker format={DATE} aria-label={t(`Hạn xử lý ${i + 1}`, `Deadline ${i + 1}`)} style={{ width: '100%' }} />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(f.name)} aria-label={t('Bỏ dòng này', 'Remove this row')} className="lt-assign-del" />
              </div>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'cooperate' })}>
              {t('Thêm người phối hợp / để biết', 'Add someone')}
            </Button>
            <Form.ErrorList errors={errors} />
          </fieldset>
        )}
      </Form.List>
      <Form.Item name="deadline" label={t('Hạn xử lý chung', 'Overall deadline')} style={{ marginTop: 12 }}>
        <DatePicker format={DATE} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="direction" label={t('Ý kiến chỉ đạo', 'Direction')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} placeholder={t('Ví dụ: Giao Phòng Quản lý ngân sách chủ trì, tham mưu văn bản trả lời trước ngày…', 'E.g. Budget unit to lead and draft the reply by…')} />
      </Form.Item>
    </ActionModal>
  );
}
