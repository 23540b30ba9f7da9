import { Button, Form, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { foldedLabel } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ActionModal } from '../screens/document/ActionModal';
import type { PlanItemChoice, ProjectDetail } from './types';

/**
 * A project and the IT plan it carries out: an item of the investing agency's approved plan
 * (the plans module's) and, through it, the programme target it serves. Shown as links to the
 * plan and the programme; a project registered before the link keeps its free text.
 */

const itemLabel = (i: PlanItemChoice) => `${i.position}. ${i.content} — ${i.planTitle}`;

/** The approved plans' items of `orgId`, for the pickers. */
function usePlanItems(orgId: number | null | undefined) {
  return useQuery({
    queryKey: ['projects', 'plan-items', orgId ?? 0],
    queryFn: () => answer(client.GET('/api/v1/projects/plan-items', { params: { query: { orgId: orgId! } } })),
    enabled: !!orgId,
    staleTime: 60_000,
  });
}

/** The two fields (plan item, target) of a form whose investing agency is the field `investingOrgId`, or `orgId`. */
export function PlanLinkFields({ orgId }: { orgId?: number }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const watched = Form.useWatch('investingOrgId', form) as number | undefined;
  const itemId = Form.useWatch('planItemId', form) as number | null | undefined;
  const items = usePlanItems(orgId ?? watched);
  const item = items.data?.items.find((i) => i.id === itemId);
  return (
    <>
      <Form.Item
        name="planItemId"
        label={t('Nhiệm vụ của kế hoạch CNTT đã phê duyệt (không bắt buộc)', 'Item of the approved IT plan (optional)')}
        extra={items.data && !items.data.items.length ? t('Chủ đầu tư chưa có kế hoạch CNTT được phê duyệt.', 'The investing agency has no approved IT plan.') : undefined}
      >
        <Select
          allowClear
          showSearch={{ filterOption: foldedLabel }}
          loading={items.isLoading}
          placeholder={t('Chọn nhiệm vụ kế hoạch', 'Pick a plan item')}
          options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: itemLabel(i) }))}
          onChange={(v: number | undefined) => {
            const next = items.data?.items.find((i) => i.id === v);
            form.setFieldValue('targetId', next && next.targets.length === 1 ? next.targets[0]!.id : null);
          }}
          data-testid="plan-item-picker"
        />
      </Form.Item>
      <Form.Item name="targetId" label={t('Chỉ tiêu chương trình mà dự án phục vụ', 'Programme target the project serves')}>
        <Select
          allowClear
          disabled={!item}
          showSearch={{ filterOption: foldedLabel }}
          placeholder={item ? t('Chọn chỉ tiêu của nhiệm vụ', "Pick one of the item's targets") : t('Chọn nhiệm vụ kế hoạch trước', 'Pick the plan item first')}
          options={(item?.targets ?? []).map((x) => ({ value: x.id, label: `${x.indicatorCode} — ${x.title}` }))}
          data-testid="plan-target-picker"
        />
      </Form.Item>
    </>
  );
}

/** What the project page shows: links to the plan and the programme, else the older free text, else a dash. */
export function PlanLinkFacts({ p }: { p: ProjectDetail }) {
  const { t } = useI18n();
  return (
    <>
      <div>
        <dt>{t('Nhiệm vụ kế hoạch CNTT', 'IT plan item')}</dt>
        <dd data-testid="project-plan-item">
          {p.planItem ? (
            <Link to={`/plans/${p.planItem.planId}`}>
              {p.planItem.position}. {p.planItem.content}
              <span className="lt-muted"> — {p.planItem.planTitle}{p.planItem.inForce ? '' : t(' (đã điều chỉnh)', ' (since adjusted)')}</span>
            </Link>
          ) : (
            (p.planItemRef ?? t('Chưa gắn', 'Not linked'))
          )}
        </dd>
      </div>
      <div>
        <dt>{t('Chỉ tiêu chương trình', 'Programme target')}</dt>
        <dd data-testid="project-target">
          {p.target ? (
            <Link to={`/plans/programme/${p.target.programmeId}`}>
              {p.target.indicatorCode} — {p.target.title}
            </Link>
          ) : (
            (p.targetCode ?? t('Chưa gắn', 'Not linked'))
          )}
        </dd>
      </div>
    </>
  );
}

/** The investing agency points its project at a plan item (or clears the link). */
export function PlanLinkModal({ p, open, onClose, onDone }: { p: ProjectDetail; open: boolean; onClose(): void; onDone(r: ProjectDetail): void }) {
  const { t } = useI18n();
  return (
    <ActionModal<{ planItemId?: number | null; targetId?: number | null }>
      open={open}
      width={640}
      title={t('Gắn dự án với kế hoạch CNTT', 'Link the project to the IT plan')}
      okText={t('Lưu', 'Save')}
      onClose={onClose}
      initialValues={{ planItemId: p.planItem?.id ?? null, targetId: p.target?.id ?? null }}
      onSubmit={async (v) => onDone(await answer(client.PUT('/api/v1/projects/{id}/plan-item', { params: { path: { id: p.id } }, body: { planItemId: v.planItemId ?? null, targetId: v.targetId ?? null } })))}
    >
      <PlanLinkFields orgId={p.investingOrgId} />
    </ActionModal>
  );
}

export function PlanLinkButton({ onClick }: { onClick(): void }) {
  const { t } = useI18n();
  return <Button onClick={onClick}>{t('Gắn kế hoạch CNTT', 'Link to the IT plan')}</Button>;
}
