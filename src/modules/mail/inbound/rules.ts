import type { Selectable } from 'kysely';
import type { AppContext, Actor } from '../../context.js';
import type { Executor } from '../../../db/connect.js';
import type { MailRuleTable } from '../../../db/schema.js';
import { conflict, invalid, notFound } from '../../../domain/errors.js';
import { RULE_FIELDS, type MailRule, type RuleField } from '../../../domain/mail-rules.js';
import { URGENCIES } from '../../../domain/classification.js';
import { oneOf, optionalText, requiredText } from '../../../domain/validate.js';
import { appendAudit } from '../../audit/service.js';
import { subtreeIds } from '../../directory/repo.js';
import { requireRole } from '../../documents/index.js';

/** Rules of an agency's inbound mail: kept by its clerks and administrators, applied in position order. */

const MAX_RULES = 200;

export interface RuleInput {
  name?: unknown;
  field?: unknown;
  headerName?: unknown;
  pattern?: unknown;
  setTypeCode?: unknown;
  setUrgency?: unknown;
  setAssigneeUserId?: unknown;
  setRegisterId?: unknown;
  stop?: unknown;
  active?: unknown;
}

type RuleRow = Selectable<MailRuleTable>;

export const toRule = (r: RuleRow): MailRule => ({
  id: r.id,
  name: r.name,
  field: r.field as RuleField,
  headerName: r.header_name,
  pattern: r.pattern,
  setTypeCode: r.set_type_code,
  setUrgency: r.set_urgency,
  setAssigneeUserId: r.set_assignee_user_id,
  setRegisterId: r.set_register_id,
  stop: Number(r.stop) === 1,
});

/** The active rules of an agency in the order they run. */
export async function activeRules(db: Executor, agencyId: number): Promise<MailRule[]> {
  const rows = await db.selectFrom('mail_rules').selectAll().where('org_id', '=', agencyId).where('active', '=', 1).orderBy('position').orderBy('id').execute();
  return rows.map(toRule);
}

const requireRuleKeeper = (actor: Actor) => requireRole(actor, 'clerk', 'admin');

const optionalId = (value: unknown, field: string, label: string): number | null => {
  if (value === undefined || value === null || value === '') return null;
  if (!Number.isInteger(value) || (value as number) <= 0) throw invalid(field, `${label} không hợp lệ.`, `${field} must be an id.`);
  return value as number;
};

const flag = (value: unknown, field: string, fallback: boolean): boolean => {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalid(field, `Trường ${field} phải là true hoặc false.`, `${field} must be true or false.`);
  return value;
};

/** Checks a rule as a whole: its field, pattern and what it sets, all inside the agency. */
async function validateRule(db: Executor, agencyId: number, input: RuleInput) {
  const field = oneOf(input.field, RULE_FIELDS, 'field', 'Trường so khớp');
  const headerName = field === 'header' ? requiredText(input.headerName, 'headerName', 'Tên trường tiêu đề thư', 100) : null;
  if (headerName !== null && !/^[A-Za-z0-9-]+$/.test(headerName)) {
    throw invalid('headerName', 'Tên trường tiêu đề thư chỉ gồm chữ không dấu, số và dấu gạch ngang (ví dụ X-Priority).', 'A header name has only letters, digits and hyphens (e.g. X-Priority).');
  }
  const setTypeCode = optionalText(input.setTypeCode, 'setTypeCode', 'Loại văn bản', 20);
  if (setTypeCode && !(await db.selectFrom('document_types').select('code').where('code', '=', setTypeCode).where('active', '=', 1).executeTakeFirst())) {
    throw invalid('setTypeCode', 'Loại văn bản không hợp lệ.', 'Unknown document type.');
  }
  const setUrgency = input.setUrgency === undefined || input.setUrgency === null || input.setUrgency === '' ? null : oneOf(input.setUrgency, URGENCIES, 'setUrgency', 'Độ khẩn');
  const setAssigneeUserId = optionalId(input.setAssigneeUserId, 'setAssigneeUserId', 'Người xử lý');
  if (setAssigneeUserId !== null) {
    const user = await db.selectFrom('users').select('org_id').where('id', '=', setAssigneeUserId).where('active', '=', 1).executeTakeFirst();
    if (!user || !(await subtreeIds(db, agencyId)).includes(user.org_id)) {
      throw invalid('setAssigneeUserId', 'Người được giao không thuộc cơ quan.', 'The assignee is not in your agency.');
    }
  }
  const setRegisterId = optionalId(input.setRegisterId, 'setRegisterId', 'Sổ văn bản đến');
  if (setRegisterId !== null) {
    const reg = await db.selectFrom('registers').select('id').where('id', '=', setRegisterId).where('org_id', '=', agencyId).where('kind', '=', 'incoming').where('secret', '=', 0).where('active', '=', 1).executeTakeFirst();
    if (!reg) throw invalid('setRegisterId', 'Sổ văn bản đến không hợp lệ (phải là sổ thường đang dùng của cơ quan).', 'Not an active ordinary incoming register of your agency.');
  }
  const stop = flag(input.stop, 'stop', false);
  if (!setTypeCode && !setUrgency && setAssigneeUserId === null && setRegisterId === null && !stop) {
    throw invalid('setTypeCode', 'Quy tắc phải đặt ít nhất một giá trị (loại, độ khẩn, người xử lý, sổ) hoặc dừng tại đây.', 'A rule must set something (type, urgency, assignee, register) or stop here.');
  }
  return {
    name: requiredText(input.name, 'name', 'Tên quy tắc', 200),
    field,
    header_name: headerName,
    pattern: requiredText(input.pattern, 'pattern', 'Mẫu so khớp', 500),
    set_type_code: setTypeCode,
    set_urgency: setUrgency,
    set_assignee_user_id: setAssigneeUserId,
    set_register_id: setRegisterId,
    stop: stop ? 1 : 0,
    active: flag(input.active, 'active', true) ? 1 : 0,
  };
}

function ruleView(r: RuleRow, assignee: string | null) {
  return { ...toRule(r), position: r.position, active: Number(r.active) === 1, setAssigneeName: assignee, createdAt: r.created_at };
}

export async function listRules(ctx: AppContext, actor: Actor) {
  requireRuleKeeper(actor);
  const rows = await ctx.db.kysely.selectFrom('mail_rules').selectAll().where('org_id', '=', actor.agencyId).orderBy('position').orderBy('id').execute();
  const ids = [...new Set(rows.map((r) => r.set_assignee_user_id).filter((id): id is number => id !== null))];
  const users = ids.length ? await ctx.db.kysely.selectFrom('users').select(['id', 'full_name']).where('id', 'in', ids).execute() : [];
  return rows.map((r) => ruleView(r, users.find((u) => u.id === r.set_assignee_user_id)?.full_name ?? null));
}

async function loadOwnRule(db: Executor, actor: Actor, id: number) {
  const row = await db.selectFrom('mail_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.org_id !== actor.agencyId) throw notFound('rule');
  return row;
}

export async function createRule(ctx: AppContext, actor: Actor, input: RuleInput) {
  requireRuleKeeper(actor);
  const values = await validateRule(ctx.db.kysely, actor.agencyId, input);
  const at = ctx.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('mail_rules').select(['position']).where('org_id', '=', actor.agencyId).execute();
    if (existing.length >= MAX_RULES) throw conflict('too_many_rules', `Mỗi cơ quan có tối đa ${MAX_RULES} quy tắc.`, `An agency has at most ${MAX_RULES} rules.`);
    const position = existing.reduce((max, r) => Math.max(max, Number(r.position)), 0) + 1;
    const row = await trx.insertInto('mail_rules').values({ ...values, org_id: actor.agencyId, position, created_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'mail.rule.create', entityType: 'mail_rule', entityId: row.id, data: { ...values, position } });
    return row.id;
  });
  return (await listRules(ctx, actor)).find((r) => r.id === id)!;
}

export async function updateRule(ctx: AppContext, actor: Actor, id: number, input: RuleInput) {
  requireRuleKeeper(actor);
  const row = await loadOwnRule(ctx.db.kysely, actor, id);
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const merged: RuleInput = { ...toRule(row), active: Number(row.active) === 1, ...defined };
  const values = await validateRule(ctx.db.kysely, actor.agencyId, merged);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await loadOwnRule(trx, actor, id);
    await trx.updateTable('mail_rules').set(values).where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'mail.rule.update', entityType: 'mail_rule', entityId: id, data: values });
  });
  return (await listRules(ctx, actor)).find((r) => r.id === id)!;
}

export async function deleteRule(ctx: AppContext, actor: Actor, id: number) {
  requireRuleKeeper(actor);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadOwnRule(trx, actor, id);
    await trx.deleteFrom('mail_rules').where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'mail.rule.delete', entityType: 'mail_rule', entityId: id, data: { name: row.name } });
  });
}

/** Puts the agency's rules in the order given: every rule once. */
export async function reorderRules(ctx: AppContext, actor: Actor, idsIn: unknown) {
  requireRuleKeeper(actor);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('mail_rules').select('id').where('org_id', '=', actor.agencyId).execute();
    const ids = Array.isArray(idsIn) ? (idsIn as unknown[]) : [];
    const own = new Set(rows.map((r) => r.id));
    if (ids.length !== own.size || new Set(ids).size !== ids.length || !ids.every((id) => own.has(id as number))) {
      throw invalid('ids', 'Danh sách phải gồm mỗi quy tắc của cơ quan đúng một lần.', 'List every rule of your agency exactly once.');
    }
    for (const [i, id] of (ids as number[]).entries()) await trx.updateTable('mail_rules').set({ position: i + 1 }).where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'mail.rule.reorder', entityType: 'organization', entityId: actor.agencyId, data: { ids } });
  });
  return listRules(ctx, actor);
}
