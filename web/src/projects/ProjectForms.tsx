import { Button, Form, Input, InputNumber, Radio, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { client, type Body } from '../api/client';
import { useMe } from '../auth';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { ActionModal } from '../screens/document/ActionModal';
import { AgencySelect, DateInput, MoneyInput, dateRules, moneyField, moneyRules, orNull } from './fields';
import { DecisionPicker } from '../components/DecisionPicker';
import { DECISION_FITS, STAGE_DECISIONS } from '../../../src/domain/projects';
import { GROUP, KIND, SOURCE } from './labels';
import { PlanLinkFields } from './PlanLink';
import type { Appraisal, CapitalPlan, NewProject, ProjectDetail } from './types';

/**
 * The forms of a project's life: registering it, its approved schedule (first or a
 * re-baseline), the milestones' progress, the capital plan's adjustment, the appraisal asked
 * and answered. Each posts to its route and hands back the project the server answers.
 */

type Done = (p: ProjectDetail) => void;
const stripDate = (v: string | null | undefined) => (v ? fmtDate(v) : undefined);

/** Registers a project; the investing agency for itself, Finance for any agency. Opens it once made. */
export function CreateProjectModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const finance = me.roles.includes('finance_officer');
  const year = new Date().getFullYear();
  return (
    <ActionModal<Omit<NewProject, 'totalInvestment'> & { totalInvestment: string }>
      open={open}
      title={t('Đăng ký dự án CNTT', 'Register an IT project')}
      okText={t('Đăng ký', 'Register')}
      onClose={onClose}
      width={640}
      initialValues={{ investingOrgId: me.agencyId, group: 'C', kind: 'investment', sources: ['public_investment'], startYear: year, endYear: year + 1 }}
      onSubmit={async (v) => {
        const { data } = await client.POST('/api/v1/projects', { body: { ...v, managingOrgId: v.managingOrgId ?? null, objective: orNull(v.objective), policyDocumentId: v.policyDocumentId ?? null, planItemId: v.planItemId ?? null, targetId: v.targetId ?? null } });
        navigate(`/projects/${data!.id}`);
      }}
    >
      <div className="lt-form-grid">
        <Form.Item name="code" label={t('Mã dự án', 'Project code')} rules={[{ required: true, message: t('Nhập mã dự án.', 'Enter the project code.') }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, message: t('Chỉ gồm chữ, số và . _ / - (tối đa 40 ký tự).', 'Letters, digits and . _ / - only (40 at most).') }]}>
          <Input maxLength={40} placeholder="DA-2027-01" />
        </Form.Item>
        <Form.Item name="totalInvestment" label={t('Tổng mức đầu tư (đồng)', 'Total investment (đồng)')} rules={moneyRules(t)}>
          <MoneyInput />
        </Form.Item>
      </div>
      <Form.Item name="name" label={t('Tên dự án', 'Project name')} rules={[{ required: true, whitespace: true, message: t('Nhập tên dự án.', 'Enter the project name.') }]}>
        <Input maxLength={500} />
      </Form.Item>
      <div className="lt-form-grid">
        <Form.Item name="investingOrgId" label={t('Chủ đầu tư', 'Investing agency')} rules={[{ required: true, message: t('Chọn chủ đầu tư.', 'Pick the investing agency.') }]}>
          <AgencySelect disabled={!finance} />
        </Form.Item>
        <Form.Item name="managingOrgId" label={t('Cơ quan quản lý (không bắt buộc)', 'Managing agency (optional)')}>
          <AgencySelect allowClear />
        </Form.Item>
        <Form.Item name="group" label={t('Nhóm dự án', 'Group')} rules={[{ required: true, message: t('Chọn nhóm.', 'Pick the group.') }]}>
          <Select options={Object.entries(GROUP).map(([k, v]) => ({ value: k, label: v }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('Loại dự án', 'Kind')} rules={[{ required: true, message: t('Chọn loại dự án.', 'Pick the kind.') }]}>
          <Select options={Object.entries(KIND).map(([k, v]) => ({ value: k, label: v[lang] }))} />
        </Form.Item>
        <Form.Item name="startYear" label={t('Năm bắt đầu', 'Start year')} rules={[{ required: true, type: 'integer', min: 2000, max: 2100, message: t('Năm từ 2000 đến 2100.', 'A year from 2000 to 2100.') }]}>
          <InputNumber style={{ width: '100%' }} precision={0} />
        </Form.Item>
        <Form.Item
          name="endYear"
          label={t('Năm kết thúc', 'End year')}
          dependencies={['startYear']}
          rules={[
            { required: true, type: 'integer', min: 2000, max: 2100, message: t('Năm từ 2000 đến 2100.', 'A year from 2000 to 2100.') },
            ({ getFieldValue }) => ({ validator: (_, v: number) => (v && v < getFieldValue('startYear') ? Promise.reject(new Error(t('Năm kết thúc không trước năm bắt đầu.', 'The end year may not be before the start.'))) : Promise.resolve()) }),
          ]}
        >
          <InputNumber style={{ width: '100%' }} precision={0} />
        </Form.Item>
      </div>
      <Form.Item name="sources" label={t('Nguồn vốn', 'Capital sources')} rules={[{ required: true, type: 'array', min: 1, message: t('Chọn ít nhất một nguồn vốn.', 'Pick at least one source.') }]}>
        <Select mode="multiple" options={Object.entries(SOURCE).map(([k, v]) => ({ value: k, label: v[lang] }))} />
      </Form.Item>
      <Form.Item name="policyDocumentId" label={t('Quyết định chủ trương đầu tư (nếu đã có)', 'Investment policy decision (if any)')}>
        <DecisionPicker fit={STAGE_DECISIONS.policy} />
      </Form.Item>
      <PlanLinkFields />
      <Form.Item name="objective" label={t('Mục tiêu', 'Objective')}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </ActionModal>
  );
}

/** A milestone of the schedule, as the baseline route takes it (dates dd/mm/yyyy, money as typed). */
type MilestoneRow = Body<'/api/v1/projects/{id}/baselines', 'post'>['milestones'][number];

/** The approved schedule typed by hand: the first baseline, or a re-baseline with its reason. Starts from the current schedule. */
export function BaselineModal({ p, open, onClose, onDone }: { p: ProjectDetail; open: boolean; onClose(): void; onDone: Done }) {
  const { t } = useI18n();
  const rebaseline = p.baselineVersion > 0;
  const initial: MilestoneRow[] = p.milestones.length
    ? p.milestones.map((m) => ({ code: m.code, name: m.name, plannedStart: fmtDate(m.plannedStart), plannedEnd: fmtDate(m.plannedEnd), plannedCost: moneyField(m.plannedCost) ?? '' }))
    : [{ code: 'M1', name: '', plannedStart: '', plannedEnd: '', plannedCost: '' }];
  return (
    <ActionModal<{ documentId: number; reason?: string; milestones: MilestoneRow[] }>
      open={open}
      width={820}
      title={rebaseline ? t(`Điều chỉnh tiến độ (lần ${p.baselineVersion + 1})`, `Re-baseline (version ${p.baselineVersion + 1})`) : t('Lập tiến độ được duyệt', 'Enter the approved schedule')}
      okText={t('Ghi tiến độ', 'Save the schedule')}
      onClose={onClose}
      initialValues={{ milestones: initial }}
      onSubmit={async (v) => {
        const { data } = await client.POST('/api/v1/projects/{id}/baselines', { params: { path: { id: p.id } }, body: { documentId: v.documentId, reason: orNull(v.reason), milestones: v.milestones } });
        onDone(data!);
      }}
    >
      <Form.List name="milestones">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <fieldset key={f.key} className="lt-milestone-row" data-testid="milestone-row">
                <legend>
                  {t('Mốc', 'Milestone')} {i + 1}
                  {fields.length > 1 && <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t(`Bỏ mốc ${i + 1}`, `Remove milestone ${i + 1}`)} onClick={() => remove(f.name)} />}
                </legend>
                <div className="lt-form-grid">
                  <Form.Item name={[f.name, 'code']} label={t('Mã mốc', 'Code')} rules={[{ required: true, message: t('Nhập mã mốc.', 'Enter the code.') }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, message: t('Chỉ gồm chữ, số và . _ / -', 'Letters, digits and . _ / - only.') }]}>
                    <Input maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} label={t('Tên mốc', 'Name')} rules={[{ required: true, whitespace: true, message: t('Nhập tên mốc.', 'Enter the name.') }]}>
                    <Input maxLength={500} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'plannedStart']} label={t('Bắt đầu (dd/mm/yyyy)', 'Start (dd/mm/yyyy)')} rules={dateRules(t)}>
                    <DateInput />
                  </Form.Item>
                  <Form.Item name={[f.name, 'plannedEnd']} label={t('Kết thúc (dd/mm/yyyy)', 'End (dd/mm/yyyy)')} rules={dateRules(t)}>
                    <DateInput />
                  </Form.Item>
                  <Form.Item name={[f.name, 'plannedCost']} label={t('Chi phí (đồng)', 'Cost (đồng)')} rules={moneyRules(t)}>
                    <MoneyInput />
                  </Form.Item>
                </div>
              </fieldset>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ code: `M${fields.length + 1}`, name: '', plannedStart: '', plannedEnd: '', plannedCost: '' })} style={{ marginBottom: 16 }}>
              {t('Thêm mốc', 'Add a milestone')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="documentId" label={rebaseline ? t('Quyết định điều chỉnh tiến độ', 'Re-baseline decision') : t('Quyết định phê duyệt tiến độ (quyết định đầu tư)', 'Approving decision')} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Pick the document.') }]}>
        <DecisionPicker fit={rebaseline ? DECISION_FITS.rebaseline : DECISION_FITS.baseline} />
      </Form.Item>
      {rebaseline && (
        <Form.Item name="reason" label={t('Lý do điều chỉnh', 'Reason for the re-baseline')} rules={[{ required: true, whitespace: true, message: t('Nêu lý do điều chỉnh.', 'Give the reason.') }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      )}
    </ActionModal>
  );
}

interface ProgressRow {
  code: string;
  actualStart?: string;
  actualEnd?: string;
  forecastEnd?: string;
  actualCost?: string;
  forecastCost?: string;
  percent?: number;
  note?: string;
}

/** What happened on each milestone of the current schedule: actual dates and costs, forecasts, percent done. */
export function ProgressModal({ p, open, onClose, onDone }: { p: ProjectDetail; open: boolean; onClose(): void; onDone: Done }) {
  const { t } = useI18n();
  const initial: ProgressRow[] = p.milestones.map((m) => ({
    code: m.code,
    actualStart: stripDate(m.actualStart),
    actualEnd: stripDate(m.actualEnd),
    forecastEnd: stripDate(m.forecastEnd),
    actualCost: moneyField(m.actualCost),
    forecastCost: moneyField(m.forecastCost),
    percent: m.percent,
    note: m.note ?? undefined,
  }));
  return (
    <ActionModal<{ milestones: ProgressRow[] }>
      open={open}
      width={820}
      title={t('Cập nhật thực hiện các mốc', 'Report milestone progress')}
      okText={t('Ghi', 'Save')}
      onClose={onClose}
      initialValues={{ milestones: initial }}
      onSubmit={async (v) => {
        const milestones = v.milestones.map((m) => ({
          code: m.code,
          actualStart: orNull(m.actualStart),
          actualEnd: orNull(m.actualEnd),
          forecastEnd: orNull(m.forecastEnd),
          actualCost: orNull(m.actualCost),
          forecastCost: orNull(m.forecastCost),
          percent: m.percent ?? 0,
          note: orNull(m.note),
        }));
        const { data } = await client.POST('/api/v1/projects/{id}/progress', { params: { path: { id: p.id } }, body: { milestones } });
        onDone(data!);
      }}
    >
      <Form.List name="milestones">
        {(fields) =>
          fields.map((f, i) => {
            const m = p.milestones[i]!;
            return (
              <fieldset key={f.key} className="lt-milestone-row" data-testid="progress-row">
                <legend>
                  {m.code} · {m.name} <span className="lt-muted">({fmtDate(m.plannedStart)} – {fmtDate(m.plannedEnd)})</span>
                </legend>
                <Form.Item name={[f.name, 'code']} hidden>
                  <Input />
                </Form.Item>
                <div className="lt-form-grid">
                  <Form.Item name={[f.name, 'actualStart']} label={t('Bắt đầu thực tế', 'Actual start')} rules={dateRules(t, false)}>
                    <DateInput />
                  </Form.Item>
                  <Form.Item name={[f.name, 'actualEnd']} label={t('Hoàn thành thực tế', 'Actual end')} rules={dateRules(t, false)}>
                    <DateInput />
                  </Form.Item>
                  <Form.Item name={[f.name, 'forecastEnd']} label={t('Dự kiến hoàn thành', 'Forecast end')} rules={dateRules(t, false)}>
                    <DateInput />
                  </Form.Item>
                  <Form.Item name={[f.name, 'percent']} label={t('Hoàn thành (%)', 'Done (%)')} rules={[{ type: 'integer', min: 0, max: 100, message: t('Từ 0 đến 100.', 'From 0 to 100.') }]}>
                    <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'actualCost']} label={t('Chi phí thực tế (đồng)', 'Actual cost (đồng)')} rules={moneyRules(t, false)}>
                    <MoneyInput />
                  </Form.Item>
                  <Form.Item name={[f.name, 'forecastCost']} label={t('Chi phí dự kiến (đồng)', 'Forecast cost (đồng)')} rules={moneyRules(t, false)}>
                    <MoneyInput />
                  </Form.Item>
                </div>
                <Form.Item name={[f.name, 'note']} label={t('Ghi chú', 'Note')}>
                  <Input maxLength={2000} />
                </Form.Item>
              </fieldset>
            );
          })
        }
      </Form.List>
    </ActionModal>
  );
}

/** Finance adjusts this year's capital plan by a decision, with its reason; never below what is disbursed. */
export function CapitalAdjustModal({ p, plan, open, onClose, onDone }: { p: ProjectDetail; plan: CapitalPlan; open: boolean; onClose(): void; onDone: Done }) {
  const { t } = useI18n();
  return (
    <ActionModal<{ amount: string; documentId: number; reason: string }>
      open={open}
      title={t(`Điều chỉnh kế hoạch vốn năm ${plan.year}`, `Adjust the ${plan.year} capital plan`)}
      okText={t('Điều chỉnh', 'Adjust')}
      onClose={onClose}
      initialValues={{ amount: moneyField(plan.amount) }}
      onSubmit={async (v) => {
        const { data } = await client.POST('/api/v1/projects/{id}/capital-plans/{year}/adjust', { params: { path: { id: p.id, year: plan.year } }, body: { amount: v.amount, documentId: v.documentId, reason: v.reason } });
        onDone(data!);
      }}
    >
      <Form.Item name="amount" label={t('Kế hoạch vốn sau điều chỉnh (đồng)', 'Adjusted plan (đồng)')} rules={moneyRules(t)} extra={t(`Đã giải ngân: ${moneyField(plan.disbursed) ?? '0'} đồng`, `Disbursed: ${moneyField(plan.disbursed) ?? '0'} đồng`)}>
        <MoneyInput />
      </Form.Item>
      <Form.Item name="documentId" label={t('Quyết định điều chỉnh kế hoạch vốn', 'Adjustment decision')} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Pick the document.') }]}>
        <DecisionPicker fit={DECISION_FITS.capital} />
      </Form.Item>
      <Form.Item name="reason" label={t('Lý do điều chỉnh', 'Reason')} rules={[{ required: true, whitespace: true, message: t('Nêu lý do điều chỉnh.', 'Give the reason.') }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </ActionModal>
  );
}

/** The investing agency asks for an appraisal: a tờ trình issued from its register to the appraising agency. */
export function AppraisalRequestModal({ p, open, onClose, onDone }: { p: ProjectDetail; open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  return (
    <ActionModal<{ kind: 'technical' | 'capital'; appraisingOrgId: number; content: string; signerName: string; signerPosition?: string }>
      open={open}
      width={640}
      title={t('Đề nghị thẩm định (tờ trình gửi cơ quan thẩm định)', 'Ask for an appraisal (a letter to the appraising agency)')}
      okText={t('Phát hành tờ trình', 'Issue the letter')}
      onClose={onClose}
      initialValues={{ kind: 'technical', signerPosition: 'Giám đốc' }}
      onSubmit={async (v) => {
        await client.POST('/api/v1/projects/{id}/appraisals', { params: { path: { id: p.id } }, body: { ...v, signerPosition: orNull(v.signerPosition) } });
        onDone();
      }}
    >
      <Form.Item name="kind" label={t('Loại thẩm định', 'Kind of appraisal')} rules={[{ required: true, message: t('Chọn loại thẩm định.', 'Pick the kind.') }]}>
        <Radio.Group
          options={[
            { value: 'technical', label: t('Thiết kế, kỹ thuật (Sở KH&CN)', 'Technical (IT department)') },
            { value: 'capital', label: t('Nguồn vốn (Sở Tài chính)', 'Capital (Finance)') },
          ]}
        />
      </Form.Item>
      <Form.Item name="appraisingOrgId" label={t('Cơ quan thẩm định', 'Appraising agency')} rules={[{ required: true, message: t('Chọn cơ quan thẩm định.', 'Pick the appraising agency.') }]}>
        <AgencySelect />
      </Form.Item>
      <Form.Item name="content" label={t('Nội dung đề nghị', 'Request')} rules={[{ required: true, whitespace: true, message: t('Nhập nội dung đề nghị.', 'Write the request.') }]}>
        <Input.TextArea rows={4} maxLength={10000} />
      </Form.Item>
      <div className="lt-form-grid">
        <Form.Item name="signerName" label={t('Người ký', 'Signer')} rules={[{ required: true, whitespace: true, message: t('Nhập người ký.', 'Enter the signer.') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="signerPosition" label={t('Chức vụ', 'Position')}>
          <Input maxLength={200} />
        </Form.Item>
      </div>
    </ActionModal>
  );
}

/** The appraiser's answer closes the appraisal: its reply document and conclusion. */
export function AppraisalAnswerModal({ p, a, open, onClose, onDone }: { p: ProjectDetail; a: Appraisal | null; open: boolean; onClose(): void; onDone: Done }) {
  const { t } = useI18n();
  return (
    <ActionModal<{ documentId: number; conclusion: string }>
      open={open && a !== null}
      title={t(`Kết quả thẩm định của ${a?.appraisingOrgName ?? ''}`, `Appraisal answer of ${a?.appraisingOrgName ?? ''}`)}
      okText={t('Ghi kết quả', 'Record the answer')}
      onClose={onClose}
      onSubmit={async (v) => {
        const { data } = await client.POST('/api/v1/projects/{id}/appraisals/{appraisalId}/answer', { params: { path: { id: p.id, appraisalId: a!.id } }, body: v });
        onDone(data!);
      }}
    >
      <Form.Item name="documentId" label={t('Văn bản trả lời của cơ quan thẩm định', 'The appraising agency’s answer')} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Pick the document.') }]}>
        <DecisionPicker fit={DECISION_FITS.appraisalAnswer} senderOrgId={a?.appraisingOrgId} />
      </Form.Item>
      <Form.Item name="conclusion" label={t('Kết luận thẩm định', 'Conclusion')} rules={[{ required: true, whitespace: true, message: t('Nhập kết luận.', 'Write the conclusion.') }]}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
    </ActionModal>
  );
}
