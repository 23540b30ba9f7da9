import { useState } from 'react';
import { Checkbox, Col, Form, Input, Row, Select, Switch } from 'antd';
import { useI18n } from '../i18n';
import { URGENCY } from '../labels';
import { FormFrame } from './FormFrame';
import { RULE_FIELD } from './labels';
import { headerNameProblem, RULE_LIMITS, ruleActionProblem } from './form-rules';
import type { DocumentType, Register, User } from '../types';
import type { RuleField, RuleInput } from './types';

interface RuleValues {
  name?: string;
  field?: RuleField;
  headerName?: string | null;
  pattern?: string;
  setTypeCode?: string | null;
  setUrgency?: RuleInput['setUrgency'];
  setAssigneeUserId?: number | null;
  setRegisterId?: number | null;
  stop?: boolean;
  active?: boolean;
}

const ACTION_FIELDS = ['setTypeCode', 'setUrgency', 'setAssigneeUserId', 'setRegisterId', 'stop'] as const;

/** What the form sends: trimmed text, empty choices as null. */
export function toRuleInput(v: RuleValues): RuleInput {
  const field = v.field ?? 'subject';
  return {
    name: (v.name ?? '').trim(),
    field,
    headerName: field === 'header' ? (v.headerName ?? '').trim() : null,
    pattern: (v.pattern ?? '').trim(),
    setTypeCode: v.setTypeCode || null,
    setUrgency: v.setUrgency || null,
    setAssigneeUserId: v.setAssigneeUserId ?? null,
    setRegisterId: v.setRegisterId ?? null,
    stop: !!v.stop,
    active: v.active ?? true,
  };
}

/**
 * The editor of one routing rule of inbound mail: where to look (sender, recipient, subject,
 * body or a named header), the text to find, and what to set on the incoming item (type,
 * urgency, the person who leads it, the register), or "stop here".
 */
export function RuleForm({
  initial,
  types,
  users,
  registers,
  onSubmit,
  onCancel,
  submitText,
}: {
  initial?: Partial<RuleInput>;
  types: DocumentType[];
  /** The agency's active users, who may be made to lead an item. */
  users: Pick<User, 'id' | 'fullName' | 'position' | 'username'>[];
  /** The agency's ordinary incoming registers in use. */
  registers: Pick<Register, 'id' | 'name'>[];
  onSubmit(v: RuleInput): Promise<unknown>;
  onCancel?(): void;
  submitText?: string;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<RuleValues>();
  const field = Form.useWatch('field', form) ?? initial?.field ?? 'subject';
  const [actionError, setActionError] = useState<string | null>(null);
  const [actionsTouched, setActionsTouched] = useState(false);

  const checkActions = (all: RuleValues) => {
    const p = ruleActionProblem(all, lang);
    setActionError(p);
    return p;
  };

  return (
    <FormFrame<RuleValues>
      form={form}
      name="rule"
      submitText={submitText ?? t('Lưu quy tắc', 'Save the rule')}
      failureTitle={t('Chưa lưu được quy tắc', 'The rule was not saved')}
      initialValues={{ field: 'subject', active: true, stop: false, ...initial }}
      onCancel={onCancel}
      onValuesChange={(changed, all) => {
        if (ACTION_FIELDS.some((k) => k in changed)) {
          setActionsTouched(true);
          checkActions(all);
        }
      }}
      onSubmit={async (v) => {
        const all = { ...form.getFieldsValue(true), ...v } as RuleValues;
        setActionsTouched(true);
        if (checkActions(all)) {
          document.getElementById('rule-actions')?.querySelector<HTMLElement>('input, .ant-select-selector')?.focus();
          return;
        }
        await onSubmit(toRuleInput(all));
      }}
    >
      <Form.Item
        name="name"
        label={t('Tên quy tắc', 'Rule name')}
        rules={[
          { required: true, whitespace: true, message: t('Đặt tên cho quy tắc, ví dụ: Thư của Bộ Tài chính.', 'Name the rule, e.g. Mail from the Ministry of Finance.') },
          { max: RULE_LIMITS.name, message: t(`Tên quy tắc tối đa ${RULE_LIMITS.name} ký tự.`, `At most ${RULE_LIMITS.name} characters.`) },
        ]}
      >
        <Input autoComplete="off" placeholder={t('Ví dụ: Thư mời họp của UBND tỉnh', 'E.g. Meeting invitations from the province')} />
      </Form.Item>
      <fieldset className="lt-fieldset">
        <legend>{t('Khi thư có', 'When the message has')}</legend>
        <Row gutter={12}>
          <Col xs={24} md={field === 'header' ? 8 : 10}>
            <Form.Item name="field" label={t('Trường so khớp', 'Field')} rules={[{ required: true, message: t('Chọn trường so khớp.', 'Choose the field.') }]}>
              <Select options={Object.entries(RULE_FIELD).map(([value, l]) => ({ value, label: l[lang] }))} />
            </Form.Item>
          </Col>
          {field === 'header' && (
            <Col xs={24} md={6}>
              <Form.Item
                name="headerName"
                label={t('Tên trường tiêu đề thư', 'Header name')}
                rules={[{ validator: async (_r, v: string) => { const p = headerNameProblem(v, lang); if (p) throw new Error(p); } }]}
              >
                <Input autoComplete="off" placeholder="X-Priority" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={field === 'header' ? 10 : 14}>
            <Form.Item
              name="pattern"
              label={t('Chứa chuỗi', 'Contains')}
              extra={t('Không phân biệt chữ hoa, chữ thường, có dấu hay không dấu.', 'Case and Vietnamese marks are ignored.')}
              rules={[
                { required: true, whitespace: true, message: t('Nhập chuỗi cần tìm trong thư.', 'Enter the text to look for.') },
                { max: RULE_LIMITS.pattern, message: t(`Chuỗi so khớp tối đa ${RULE_LIMITS.pattern} ký tự.`, `At most ${RULE_LIMITS.pattern} characters.`) },
              ]}
            >
              <Input autoComplete="off" placeholder={t('Ví dụ: mof.gov.vn', 'E.g. mof.gov.vn')} />
            </Form.Item>
          </Col>
        </Row>
      </fieldset>
      <fieldset className="lt-fieldset" id="rule-actions" aria-describedby={actionsTouched && actionError ? 'rule-actions-error' : undefined}>
        <legend>{t('Thì đặt cho văn bản đến', 'Then set on the incoming item')}</legend>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="setTypeCode" label={t('Loại văn bản', 'Document type')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('Giữ nguyên', 'Unchanged')} options={types.map((x) => ({ value: x.code, label: x.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="setUrgency" label={t('Độ khẩn', 'Urgency')}>
              <Select allowClear placeholder={t('Giữ nguyên', 'Unchanged')} options={Object.entries(URGENCY).map(([value, u]) => ({ value, label: u[lang] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="setAssigneeUserId" label={t('Giao chủ trì cho', 'Lead by')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('Không giao', 'Nobody')}
                options={users.map((u) => ({ value: u.id, label: u.position ? `${u.fullName} — ${u.position}` : u.fullName }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="setRegisterId" label={t('Vào sổ văn bản đến', 'Incoming register')}>
              <Select allowClear placeholder={t('Sổ mặc định', 'Default register')} options={registers.map((r) => ({ value: r.id, label: r.name }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="stop" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox>{t('Dừng tại đây: không xét các quy tắc sau', 'Stop here: skip the rules after this one')}</Checkbox>
        </Form.Item>
        {actionsTouched && actionError && (
          <div className="lt-field-err" id="rule-actions-error" role="alert" data-testid="rule-actions-error">
            {actionError}
          </div>
        )}
      </fieldset>
      <Form.Item name="active" label={t('Đang áp dụng', 'Active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormFrame>
  );
}
