import { Form, Input, InputNumber, Radio } from 'antd';
import { client } from '../api/client';
import { useI18n } from '../i18n';
import { ActionModal } from '../screens/document/ActionModal';
import { AgencySelect, MoneyInput, moneyField, moneyRules, orNull } from './fields';
import { DecisionPicker } from '../components/DecisionPicker';
import { DECISION_FITS } from '../../../src/domain/projects';
import type { BudgetLine } from './types';

/**
 * The recurrent IT budget's forms: an agency's estimate (Finance may enter one for any
 * agency), Finance's allocation, adjustment and settlement by decision, and the agency's
 * quarterly spending.
 */

export function NewBudgetLineModal({ open, year, finance, onClose, onDone }: { open: boolean; year: number; finance: boolean; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  return (
    <ActionModal<{ orgId?: number | null; year: number; name: string; planItemRef?: string; estimate: string }>
      open={open}
      title={t('Lập dự toán chi CNTT', 'Submit an IT budget estimate')}
      okText={t('Gửi dự toán', 'Submit')}
      onClose={onClose}
      initialValues={{ year }}
      onSubmit={async (v) => {
        await client.POST('/api/v1/budget', { body: { ...(v.orgId ? { orgId: v.orgId } : {}), year: v.year, name: v.name, planItemRef: orNull(v.planItemRef), estimate: v.estimate } });
        onDone();
      }}
    >
      {finance && (
        <Form.Item name="orgId" label={t('Cơ quan (để trống: Sở Tài chính)', 'Agency (empty: Finance itself)')}>
          <AgencySelect allowClear />
        </Form.Item>
      )}
      <Form.Item name="year" label={t('Năm', 'Year')} rules={[{ required: true, type: 'integer', min: 2000, max: 2100, message: t('Năm từ 2000 đến 2100.', 'A year from 2000 to 2100.') }]}>
        <InputNumber precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="name" label={t('Nội dung chi', 'Budget line')} rules={[{ required: true, whitespace: true, message: t('Nhập nội dung chi.', 'Enter what the money is for.') }]}>
        <Input maxLength={500} placeholder={t('Duy trì hệ thống quản lý văn bản', 'Upkeep of the document system')} />
      </Form.Item>
      <Form.Item name="planItemRef" label={t('Nhiệm vụ kế hoạch (không bắt buộc)', 'Plan item (optional)')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="estimate" label={t('Dự toán đề nghị (đồng)', 'Estimate (đồng)')} rules={moneyRules(t)}>
        <MoneyInput />
      </Form.Item>
    </ActionModal>
  );
}

export type BudgetStep = 'allocate' | 'adjust' | 'settle';

/** Finance's decision on a line: the amount and the decision document it stands on. */
export function BudgetDecisionModal({ line, step, onClose, onDone }: { line: BudgetLine | null; step: BudgetStep; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const title = {
    allocate: t('Giao dự toán', 'Allocate'),
    adjust: t('Điều chỉnh dự toán', 'Adjust'),
    settle: t('Quyết toán', 'Settle'),
  }[step];
  const amountLabel = { allocate: t('Dự toán giao (đồng)', 'Allocated (đồng)'), adjust: t('Dự toán sau điều chỉnh (đồng)', 'Adjusted (đồng)'), settle: t('Số quyết toán (đồng)', 'Settled (đồng)') }[step];
  const path = ({ allocate: '/api/v1/budget/{id}/allocate', adjust: '/api/v1/budget/{id}/adjust', settle: '/api/v1/budget/{id}/settle' } as const)[step];
  return (
    <ActionModal<{ amount: string; documentId: number }>
      open={line !== null}
      title={`${title}: ${line?.orgName ?? ''} — ${line?.name ?? ''}`}
      okText={title}
      onClose={onClose}
      initialValues={{ amount: moneyField(step === 'settle' ? line?.spent : line?.current) }}
      onSubmit={async (v) => {
        await client.POST(path, { params: { path: { id: line!.id } }, body: v });
        onDone();
      }}
    >
      <Form.Item name="amount" label={amountLabel} rules={moneyRules(t)}>
        <MoneyInput />
      </Form.Item>
      <Form.Item name="documentId" label={t('Quyết định', 'Decision')} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Pick the document.') }]}>
        <DecisionPicker fit={step === 'settle' ? DECISION_FITS.budgetSettle : DECISION_FITS.budget} />
      </Form.Item>
    </ActionModal>
  );
}

/** The agency reports what it spent in a quarter (replacing its earlier figure for that quarter). */
export function BudgetSpendingModal({ line, onClose, onDone }: { line: BudgetLine | null; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const quarter = Math.floor(new Date().getMonth() / 3) + 1;
  return (
    <ActionModal<{ quarter: 1 | 2 | 3 | 4; amount: string }>
      open={line !== null}
      title={`${t('Báo cáo thực hiện', 'Report spending')}: ${line?.name ?? ''}`}
      okText={t('Ghi', 'Save')}
      onClose={onClose}
      initialValues={{ quarter: quarter as 1 | 2 | 3 | 4 }}
      onSubmit={async (v) => {
        await client.POST('/api/v1/budget/{id}/spending', { params: { path: { id: line!.id } }, body: v });
        onDone();
      }}
    >
      <Form.Item name="quarter" label={t('Quý', 'Quarter')} rules={[{ required: true, message: t('Chọn quý.', 'Pick the quarter.') }]}>
        <Radio.Group options={[1, 2, 3, 4].map((q) => ({ value: q, label: t(`Quý ${['I', 'II', 'III', 'IV'][q - 1]}`, `Q${q}`) }))} />
      </Form.Item>
      <Form.Item name="amount" label={t('Số đã chi trong quý (đồng)', 'Spent in the quarter (đồng)')} rules={moneyRules(t)}>
        <MoneyInput />
      </Form.Item>
    </ActionModal>
  );
}
