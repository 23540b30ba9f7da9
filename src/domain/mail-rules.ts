import { fold } from './fold.js';
import type { Urgency } from './classification.js';

/**
 * Routing rules of an organisation's inbound mail. Each rule looks for its pattern in one
 * field of the message, ignoring case and Vietnamese marks; the rules run in position order,
 * a later match overriding what an earlier one set, until a matching rule says "stop here".
 */
export const RULE_FIELDS = ['from', 'to', 'subject', 'body', 'header'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export const RULE_FIELD_LABELS: Record<RuleField, string> = {
  from: 'Người gửi',
  to: 'Người nhận',
  subject: 'Tiêu đề',
  body: 'Nội dung',
  header: 'Trường tiêu đề thư',
};

export interface MailRule {
  id: number;
  name: string;
  field: RuleField;
  headerName: string | null;
  pattern: string;
  setTypeCode: string | null;
  setUrgency: Urgency | null;
  setAssigneeUserId: number | null;
  setRegisterId: number | null;
  stop: boolean;
}

/** The parts of a message rules look at; header names in lower case. */
export interface MessageFacts {
  from: string;
  to: string;
  subject: string;
  body: string;
  headers: Map<string, string[]>;
}

export interface RuleOutcome {
  typeCode: string | null;
  urgency: Urgency | null;
  assigneeUserId: number | null;
  registerId: number | null;
  /** Names of the rules that matched, in order. */
  matched: string[];
}

function fieldText(rule: MailRule, facts: MessageFacts): string {
  if (rule.field === 'header') return (facts.headers.get((rule.headerName ?? '').trim().toLowerCase()) ?? []).join('\n');
  return facts[rule.field];
}

export function ruleMatches(rule: MailRule, facts: MessageFacts): boolean {
  const pattern = fold(rule.pattern);
  if (!pattern) return false;
  return fold(fieldText(rule, facts)).includes(pattern);
}

export function applyRules(rules: readonly MailRule[], facts: MessageFacts): RuleOutcome {
  const out: RuleOutcome = { typeCode: null, urgency: null, assigneeUserId: null, registerId: null, matched: [] };
  for (const rule of rules) {
    if (!ruleMatches(rule, facts)) continue;
    out.matched.push(rule.name);
    if (rule.setTypeCode) out.typeCode = rule.setTypeCode;
    if (rule.setUrgency) out.urgency = rule.setUrgency;
    if (rule.setAssigneeUserId) out.assigneeUserId = rule.setAssigneeUserId;
    if (rule.setRegisterId) out.registerId = rule.setRegisterId;
    if (rule.stop) break;
  }
  return out;
}
