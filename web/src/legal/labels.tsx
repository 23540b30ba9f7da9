import { Tag } from 'antd';
import { useI18n } from '../i18n';
import { CAMPAIGN_ORG_STATE_LABELS, DISSEMINATION_FORM_LABELS, LEGAL_STATUS_LABELS, LEGAL_TYPE_LABELS, REGULATION_KIND_LABELS, REGULATION_STATE_LABELS } from '../../../src/domain/legal';
import type { CampaignOrgState, LegalStatus, RegulationState } from './types';

/** The labels of src/domain/legal.ts, with a colour for each state. */
export { CAMPAIGN_ORG_STATE_LABELS, DISSEMINATION_FORM_LABELS, LEGAL_STATUS_LABELS, LEGAL_TYPE_LABELS, REGULATION_KIND_LABELS, REGULATION_STATE_LABELS };

const STATUS_TONE: Record<LegalStatus, string> = { in_force: 'green', amended: 'gold', replaced: 'default', expired: 'default' };
const CAMPAIGN_TONE: Record<CampaignOrgState, string> = { reported: 'green', reported_late: 'orange', pending: 'blue', overdue: 'red' };
const REG_TONE: Record<RegulationState, string> = { missing: 'red', issued: 'green', review_due: 'gold', review_overdue: 'volcano' };

export function LegalStatusTag({ status }: { status: LegalStatus }) {
  const { lang } = useI18n();
  return <Tag color={STATUS_TONE[status]} className="lt-tag">{LEGAL_STATUS_LABELS[status][lang]}</Tag>;
}
export function CampaignStateTag({ state }: { state: CampaignOrgState }) {
  const { lang } = useI18n();
  return <Tag color={CAMPAIGN_TONE[state]} className="lt-tag" data-state={state}>{CAMPAIGN_ORG_STATE_LABELS[state][lang]}</Tag>;
}
export function RegulationStateTag({ state }: { state: RegulationState }) {
  const { lang } = useI18n();
  return <Tag color={REG_TONE[state]} className="lt-tag" data-state={state}>{REGULATION_STATE_LABELS[state][lang]}</Tag>;
}
