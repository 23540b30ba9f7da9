import { useState } from 'react';
import { Button, Empty, Form, Grid, Input, InputNumber, Select, Skeleton, Space, Table } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { ActionModal } from '../screens/document/ActionModal';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import type { Programme, ProgrammeTarget } from './types';
import './plans.css';

type Goal = Programme['goals'][number];
interface TargetValues {
  indicatorCode?: string;
  title?: string;
  unit?: string;
  baseline?: number | null;
  baselineYear?: number | null;
  yearly?: Record<string, number | null | undefined>;
}
type Editing =
  | { kind: 'create' }
  | { kind: 'rename' }
  | { kind: 'goal' }
  | { kind: 'renameGoal'; goal: Goal }
  | { kind: 'deleteGoal'; goal: Goal }
  | { kind: 'add'; goal: Goal }
  | { kind: 'edit'; target: ProgrammeTarget }
  | { kind: 'deleteTarget'; target: ProgrammeTarget }
  | null;

const MAX_YEARS = 10;
const yearlyOf = (v: TargetValues['yearly'], years: string[]) => Object.fromEntries(years.filter((y) => typeof v?.[y] === 'number').map((y) => [y, v![y] as number]));

/**
 * The provincial IT programme of a period: goals and their targets (an indicator of the
 * catalogue, baseline, a value per year, unit). The IT department (Sở KH&CN) creates the
 * programme of a period, renames it, adds, renames and deletes goals and targets and edits a
 * target's yearly values (a target that a plan item serves cannot be deleted: the server says
 * which plans, inside the dialog); everyone else reads it. Every form submits with Enter and shows its fault next to the field.
 */
export default function ProgrammeView({ id }: { id?: number }) {
  const { t } = useI18n();
  const narrow = Grid.useBreakpoint().md === false;
  const qc = useQueryClient();
  const key = ['programme', id ?? 'current'];
  const p = useQuery({ queryKey: key, queryFn: () => (id ? answer(client.GET('/api/v1/programmes/{id}', { params: { path: { id } } })) : answer(client.GET('/api/v1/programme'))) });
  const periods = useQuery({ queryKey: ['programmes'], queryFn: () => answer(client.GET('/api/v1/programmes')) });
  const [editing, setEditing] = useState<Editing>(null);
  const title = t('Chương trình CNTT của tỉnh', 'Provincial IT programme');
  if (p.error) return <Page title={title}><LoadError error={p.error} retry={() => void p.refetch()} /></Page>;
  if (!p.data) return <Page title={title}><Skeleton active /></Page>;
  const prog = p.data;
  const years = Array.from({ length: prog.yearTo - prog.yearFrom + 1 }, (_, i) => String(prog.yearFrom + i));
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('vi-VN'));
  const saved = (next: Programme) => {
    qc.setQueryData(key, next);
    qc.setQueryData(['programme', next.id], next); // the plans of this period read it by id
    void qc.invalidateQueries({ queryKey: ['programmes'] });
  };
  const columns = [
    { key: 'code', title: t('Mã chỉ số', 'Indicator'), width: 170, render: (_: unknown, r: ProgrammeTarget) => <code>{r.indicatorCode}</code> },
    // On a phone the unit goes under the title, so that the table keeps to the screen's width.
    { key: 'title', title: t('Chỉ tiêu', 'Target'), render: (_: unknown, r: ProgrammeTarget) => (narrow ? <>{r.title}<div className="lt-muted">{t('Đơn vị', 'Unit')}: {r.unit}</div></> : r.title) },
    ...(narrow ? [] : [{ key: 'unit', title: t('Đơn vị', 'Unit'), width: 90, render: (_: unknown, r: ProgrammeTarget) => r.unit }]),
    { key: 'baseline', title: t('Cơ sở', 'Baseline'), width: 90, render: (_: unknown, r: ProgrammeTarget) => `${num(r.baseline)}${r.baselineYear ? ` (${r.baselineYear})` : ''}` },
    ...(prog.canEdit
      ? [
          {
            key: 'edit',
            title: narrow ? t('Sửa', 'Edit') : t('Thao tác', 'Actions'),
            width: narrow ? 48 : 150,
            render: (_: unknown, r: ProgrammeTarget) => (
              <Space size={4} orientation={narrow ? 'vertical' : 'horizontal'}>
                <Button size="small" icon={<EditOutlined />} aria-label={`${t('Sửa', 'Edit')} ${r.indicatorCode}`} onClick={() => setEditing({ kind: 'edit', target: r })}>{narrow ? null : t('Sửa', 'Edit')}</Button>
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('Xóa', 'Delete')} ${r.indicatorCode}`} onClick={() => setEditing({ kind: 'deleteTarget', target: r })}>{narrow ? null : t('Xóa', 'Delete')}</Button>
              </Space>
            ),
          },
        ]
      : []),
    ...(narrow ? [{ key: 'last', title: years.at(-1), width: 70, render: (_: unknown, r: ProgrammeTarget) => num(r.yearly[years.at(-1)!]) }] : years.map((y) => ({ key: y, title: y, width: 64, render: (_: unknown, r: ProgrammeTarget) => num(r.yearly[y]) }))),
  ];
  const others = (periods.data?.items ?? []).length > 1 ? periods.data!.items : [];

  return (
    <Page
      title={prog.title}
      sub={
        <>
          {t('Giai đoạn', 'Period')} {prog.yearFrom}–{prog.yearTo} · {t('Cơ quan chủ trì, thẩm định kế hoạch', 'Run by')}: {prog.itOrgName}
          {!prog.canEdit && <div className="lt-muted">{t('Sở KH&CN cập nhật chương trình; các cơ quan chọn chỉ tiêu mà nhiệm vụ của kế hoạch phục vụ.', 'The IT department keeps the programme; agencies pick the targets their plan items serve.')}</div>}
        </>
      }
      extra={
        <Space wrap>
          <Link to="/plans">{t('← Kế hoạch CNTT', '← IT plans')}</Link>
          {prog.canEdit && (
            <Button icon={<EditOutlined />} onClick={() => setEditing({ kind: 'rename' })}>
              {t('Đổi tên chương trình', 'Rename the programme')}
            </Button>
          )}
          {prog.canEdit && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'create' })}>
              {t('Chương trình giai đoạn mới', 'New programme')}
            </Button>
          )}
          {prog.canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'goal' })}>
              {t('Thêm mục tiêu', 'Add a goal')}
            </Button>
          )}
        </Space>
      }
    >
      {others.length > 0 && (
        <nav aria-label={t('Các giai đoạn', 'Periods')} className="lt-programme-periods">
          <span className="lt-muted">{t('Giai đoạn:', 'Periods:')}</span>
          {others.map((x) => (
            <Link key={x.id} to={`/plans/programme/${x.id}`} aria-current={x.id === prog.id ? 'page' : undefined}>
              {x.yearFrom}–{x.yearTo}
            </Link>
          ))}
        </nav>
      )}
      {prog.goals.length === 0 && (
        <Empty description={prog.canEdit ? t('Chương trình chưa có mục tiêu. Thêm mục tiêu, rồi thêm chỉ tiêu cho từng mục tiêu.', 'No goal yet. Add a goal, then its targets.') : t('Chương trình chưa có mục tiêu.', 'No goal yet.')} />
      )}
      {prog.goals.map((g) => (
        <Panel
          key={g.id}
          className="lt-card lt-programme-goal"
          title={`${g.position}. ${g.title}`}
          data-testid={`goal-${g.position}`}
          extra={
            prog.canEdit && (
              <Space size={4} wrap>
                <Button size="small" icon={<PlusOutlined />} aria-label={`${t('Thêm chỉ tiêu cho mục tiêu', 'Add a target to goal')} ${g.position}`} onClick={() => setEditing({ kind: 'add', goal: g })}>
                  {narrow ? null : t('Thêm chỉ tiêu', 'Add a target')}
                </Button>
                <Button size="small" icon={<EditOutlined />} aria-label={`${t('Đổi tên mục tiêu', 'Rename goal')} ${g.position}`} onClick={() => setEditing({ kind: 'renameGoal', goal: g })}>
                  {narrow ? null : t('Đổi tên', 'Rename')}
                </Button>
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('Xóa mục tiêu', 'Delete goal')} ${g.position}`} onClick={() => setEditing({ kind: 'deleteGoal', goal: g })}>
                  {narrow ? null : t('Xóa', 'Delete')}
                </Button>
              </Space>
            )
          }
        >
          <Table<ProgrammeTarget>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={g.targets}
            columns={columns}
            scroll={{ x: narrow ? undefined : 900 }}
            onRow={(r) => ({ 'data-target': r.indicatorCode }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <span className="lt-muted">{t('Chưa có chỉ tiêu.', 'No target yet.')}</span> }}
          />
        </Panel>
      ))}

      <ActionModal<{ title: string; yearFrom: number; yearTo: number }>
        open={editing?.kind === 'create'}
        title={t('Tạo chương trình cho một giai đoạn', 'New programme for a period')}
        okText={t('Tạo chương trình', 'Create')}
        submitOnEnter
        onClose={() => setEditing(null)}
        initialValues={{ yearFrom: (periods.data?.items[0]?.yearTo ?? prog.yearTo) + 1, yearTo: (periods.data?.items[0]?.yearTo ?? prog.yearTo) + 5 }}
        onSubmit={async (v) => {
          const created = await answer(client.POST('/api/v1/programmes', { body: { title: v.title.trim(), yearFrom: v.yearFrom, yearTo: v.yearTo } }));
          qc.setQueryData(['programme', created.id], created);
          void qc.invalidateQueries({ queryKey: ['programmes'] });
          navigate(`/plans/programme/${created.id}`);
        }}
      >
        <Form.Item name="title" label={t('Tên chương trình', 'Title')} rules={[{ required: true, whitespace: true, message: t('Hãy nhập tên chương trình.', 'Enter the title.') }]}>
          <Input maxLength={500} autoFocus />
        </Form.Item>
        <Space wrap>
          <Form.Item name="yearFrom" label={t('Từ năm', 'From')} rules={[{ required: true, message: t('Hãy nhập năm bắt đầu.', 'Enter the first year.') }]}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="yearTo"
            label={t('Đến năm', 'To')}
            dependencies={['yearFrom']}
            rules={[
              { required: true, message: t('Hãy nhập năm kết thúc.', 'Enter the last year.') },
              ({ getFieldValue }) => ({
                validator: async (_, v: number | null) => {
                  const from = getFieldValue('yearFrom') as number | null;
                  if (typeof v !== 'number' || typeof from !== 'number') return;
                  if (v < from) throw new Error(t('Năm kết thúc không thể trước năm bắt đầu.', 'The last year cannot be before the first.'));
                  if (v - from > MAX_YEARS) throw new Error(t(`Giai đoạn tối đa ${MAX_YEARS} năm.`, `At most ${MAX_YEARS} years.`));
                },
              }),
            ]}
          >
            <InputNumber min={2000} max={2110} precision={0} style={{ width: 120 }} />
          </Form.Item>
        </Space>
      </ActionModal>

      <ActionModal<{ title: string }>
        open={editing?.kind === 'goal'}
        title={t('Thêm mục tiêu của chương trình', 'Add a goal')}
        okText={t('Thêm mục tiêu', 'Add the goal')}
        submitOnEnter
        onClose={() => setEditing(null)}
        onSubmit={async (v) => saved(await answer(client.POST('/api/v1/programmes/{id}/goals', { params: { path: { id: prog.id } }, body: { title: v.title.trim() } })))}
      >
        <Form.Item name="title" label={t('Mục tiêu', 'Goal')} rules={[{ required: true, whitespace: true, message: t('Hãy nhập mục tiêu.', 'Enter the goal.') }]}>
          <Input maxLength={1000} autoFocus />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ title: string }>
        open={editing?.kind === 'rename'}
        title={t('Đổi tên chương trình', 'Rename the programme')}
        okText={t('Lưu', 'Save')}
        submitOnEnter
        onClose={() => setEditing(null)}
        initialValues={{ title: prog.title }}
        onSubmit={async (v) => saved(await answer(client.PUT('/api/v1/programmes/{id}', { params: { path: { id: prog.id } }, body: { title: v.title.trim() } })))}
      >
        <Form.Item name="title" label={t('Tên chương trình', 'Title')} extra={t(`Giai đoạn ${prog.yearFrom}–${prog.yearTo} không đổi.`, `The period ${prog.yearFrom}–${prog.yearTo} stays.`)} rules={[{ required: true, whitespace: true, message: t('Hãy nhập tên chương trình.', 'Enter the title.') }]}>
          <Input maxLength={500} autoFocus />
        </Form.Item>
      </ActionModal>

      {editing?.kind === 'renameGoal' && (
        <ActionModal<{ title: string }>
          open
          key={`rename-${editing.goal.id}`}
          title={`${t('Đổi tên mục tiêu', 'Rename goal')} ${editing.goal.position}`}
          okText={t('Lưu', 'Save')}
          submitOnEnter
          onClose={() => setEditing(null)}
          initialValues={{ title: editing.goal.title }}
          onSubmit={async (v) => saved(await answer(client.PUT('/api/v1/programme-goals/{id}', { params: { path: { id: editing.goal.id } }, body: { title: v.title.trim() } })))}
        >
          <Form.Item name="title" label={t('Mục tiêu', 'Goal')} rules={[{ required: true, whitespace: true, message: t('Hãy nhập mục tiêu.', 'Enter the goal.') }]}>
            <Input maxLength={1000} autoFocus />
          </Form.Item>
        </ActionModal>
      )}

      {editing?.kind === 'deleteGoal' && (
        <ActionModal<object>
          open
          danger
          key={`delete-goal-${editing.goal.id}`}
          title={`${t('Xóa mục tiêu', 'Delete goal')} ${editing.goal.position}`}
          okText={t('Xóa mục tiêu', 'Delete the goal')}
          onClose={() => setEditing(null)}
          onSubmit={async () => saved(await answer(client.DELETE('/api/v1/programme-goals/{id}', { params: { path: { id: editing.goal.id } } })))}
        >
          <p data-testid="delete-goal-text">
            <b>{editing.goal.title}</b>
            <br />
            {editing.goal.targets.length
              ? t(`Mục tiêu và ${editing.goal.targets.length} chỉ tiêu của nó (${editing.goal.targets.map((x) => x.indicatorCode).join(', ')}) sẽ bị xóa. Chỉ tiêu mà nhiệm vụ của kế hoạch đang phục vụ thì không xóa được.`, `The goal and its ${editing.goal.targets.length} target(s) (${editing.goal.targets.map((x) => x.indicatorCode).join(', ')}) will be deleted. A target that a plan item serves cannot be deleted.`)
              : t('Mục tiêu chưa có chỉ tiêu nào; các mục tiêu sau nó được đánh số lại.', 'The goal has no target; the goals after it are renumbered.')}
          </p>
        </ActionModal>
      )}

      {editing?.kind === 'deleteTarget' && (
        <ActionModal<object>
          open
          danger
          key={`delete-target-${editing.target.id}`}
          title={`${t('Xóa chỉ tiêu', 'Delete target')} ${editing.target.indicatorCode}`}
          okText={t('Xóa chỉ tiêu', 'Delete the target')}
          onClose={() => setEditing(null)}
          onSubmit={async () => saved(await answer(client.DELETE('/api/v1/programme-targets/{id}', { params: { path: { id: editing.target.id } } })))}
        >
          <p>
            <b>{editing.target.title}</b>
            <br />
            {t('Chỉ tiêu mà nhiệm vụ của kế hoạch đang phục vụ thì không xóa được.', 'A target that a plan item serves cannot be deleted.')}
          </p>
        </ActionModal>
      )}

      {editing?.kind === 'add' && <TargetModal key={`add-${editing.goal.id}`} programme={prog} goal={editing.goal} years={years} onClose={() => setEditing(null)} onSaved={saved} />}
      {editing?.kind === 'edit' && <TargetModal key={`edit-${editing.target.id}`} programme={prog} target={editing.target} years={years} onClose={() => setEditing(null)} onSaved={saved} />}
    </Page>
  );
}

/** Adds a target to a goal (an indicator of the catalogue) or edits one: baseline, unit, a value per year. */
function TargetModal({ programme, goal, target, years, onClose, onSaved }: { programme: Programme; goal?: Goal; target?: ProgrammeTarget; years: string[]; onClose(): void; onSaved(p: Programme): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<TargetValues>();
  const indicators = useQuery({ queryKey: ['indicators', 'active'], queryFn: () => answer(client.GET('/api/v1/indicators', { params: { query: { active: true } } })), enabled: !target });
  const code = Form.useWatch('indicatorCode', form);
  const chosen = indicators.data?.find((i) => i.code === code);
  return (
    <ActionModal<TargetValues>
      open
      form={form}
      width={620}
      submitOnEnter
      title={target ? `${target.indicatorCode} — ${target.title}` : `${t('Thêm chỉ tiêu cho mục tiêu', 'Add a target to goal')} ${goal!.position}`}
      okText={target ? t('Lưu', 'Save') : t('Thêm chỉ tiêu', 'Add the target')}
      onClose={onClose}
      initialValues={target ? { title: target.title, unit: target.unit, baseline: target.baseline, baselineYear: target.baselineYear, yearly: target.yearly } : {}}
      onSubmit={async (v) => {
        const body = { title: v.title?.trim() || undefined, unit: v.unit?.trim() || undefined, baseline: v.baseline ?? null, baselineYear: v.baselineYear ?? null, yearly: yearlyOf(v.yearly, years) };
        onSaved(
          target
            ? await answer(client.PUT('/api/v1/programme-targets/{id}', { params: { path: { id: target.id } }, body }))
            : await answer(client.POST('/api/v1/programmes/{id}/targets', { params: { path: { id: programme.id } }, body: { ...body, goalId: goal!.id, indicatorCode: v.indicatorCode! } })),
        );
      }}
    >
      {!target && (
        <Form.Item name="indicatorCode" label={t('Chỉ số của danh mục', 'Indicator of the catalogue')} rules={[{ required: true, message: t('Hãy chọn chỉ số.', 'Choose the indicator.') }]} extra={chosen ? <span data-testid="chosen-indicator" data-code={chosen.code}>{lang === 'vi' ? chosen.nameVi : chosen.nameEn}</span> : undefined}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={indicators.isLoading}
            placeholder={t('Gõ mã hoặc tên chỉ số', 'Type a code or a name')}
            options={(indicators.data ?? []).map((i) => ({ value: i.code, label: `${i.code} — ${lang === 'vi' ? i.nameVi : i.nameEn}` }))}
          />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('Tên chỉ tiêu', 'Title')} extra={target ? undefined : t('Để trống: lấy tên chỉ số.', 'Empty: the indicator’s name.')}>
        <Input maxLength={500} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="unit" label={t('Đơn vị tính', 'Unit')}>
          <Input maxLength={50} style={{ width: 120 }} placeholder={chosen?.unit} />
        </Form.Item>
        <Form.Item name="baseline" label={t('Giá trị cơ sở', 'Baseline')}>
          <InputNumber style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="baselineYear" label={t('Năm cơ sở', 'Baseline year')}>
          <InputNumber min={2000} max={programme.yearTo} precision={0} style={{ width: 120 }} />
        </Form.Item>
      </Space>
      <fieldset className="lt-programme-years">
        <legend>{t('Chỉ tiêu theo năm', 'Value per year')}</legend>
        <Space wrap>
          {years.map((y) => (
            <Form.Item key={y} name={['yearly', y]} label={`${t('Năm', 'Year')} ${y}`}>
              <InputNumber style={{ width: 110 }} />
            </Form.Item>
          ))}
        </Space>
      </fieldset>
    </ActionModal>
  );
}
