import type { AppContext, Actor } from '../context.js';
import { hasRole } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../domain/errors.js';
import { optionalDate, optionalText, requiredText, oneOf } from '../../domain/validate.js';
import { assertPasswordRule } from '../../domain/password-rule.js';
import { localDate } from '../../domain/numbering.js';
import {
  answerValue,
  assertPeriodCode,
  checkAnswers,
  ENTERPRISE_SIZES,
  validateQuestionnaire,
  VSIC_CODES,
  type AnswerValue,
  type AnswerProblem,
  type Audience,
  type EnterpriseSize,
  type ResponseStatus,
} from '../../domain/surveys.js';
import { appendAudit } from '../audit/service.js';
import { getOrg, orgNames } from '../directory/repo.js';
import { aggregatesPdf, aggregatesXlsx } from './export.js';
import { reportIssuerOf } from '../pdf/issuer.js';
import { createOrganization, createUser, listOrganizations, updateOrganization, updateOwnContacts } from '../directory/service.js';
import { hashPassword } from '../directory/passwords.js';
import { computeAggregates } from './aggregates.js';
import { forgetPublishedAggregates } from './public-export.js';
import {
  addToTallies,
  countSubmitted,
  rebuildTallies,
  answersOf,
  getPeriod,
  getProfile,
  getResponse,
  saveProfile,
  insertQuestionnaireVersion,
  listPeriodsWithCounts,
  listProfiles,
  listQuestionnaires,
  loadQuestionnaire,
  profileByTaxCode,
  reopenPeriodRow,
  replaceAnswers,
  responsesOfOrg,
  responsesOfPeriod,
  setCounted,
  updateProfile,
} from './repo.js';

/**
 * The survey engine's changes: who may do what, validation, one transaction each with its
 * audit event. The provincial IT department (it_officer) and the province administrators
 * manage questionnaires and periods, see every response and the aggregates; an organisation
 * asked answers for itself (any user of an enterprise; leaders and specialists of an agency);
 * anyone else gets 404 on a response.
 */

export const managesSurveys = (actor: Actor) => actor.isProvinceAdmin || hasRole(actor, 'it_officer');

function assertManager(actor: Actor) {
  if (!managesSurveys(actor)) throw forbidden('Chỉ Sở KH&CN (quản lý CNTT tỉnh) quản lý phiếu khảo sát, kỳ khảo sát.', 'Only the provincial IT department manages questionnaires and survey periods.');
}

const MAX_BATCH = 500;
const collator = new Intl.Collator('vi');

// ---------- enterprises ----------

const TAX_CODE = /^\d{10}(-\d{3})?$/;

/** A profile written by migration 027 for an enterprise registered before the surveys carries no tax code, sector or commune yet. */
const isComplete = (p: { tax_code: string; sector_code: string; commune: string }) => TAX_CODE.test(p.tax_code) && p.sector_code !== '' && p.commune !== '';

export interface EnterpriseInput {
  name?: unknown;
  shortName?: unknown;
  taxCode?: unknown;
  sectorCode?: unknown;
  commune?: unknown;
  size?: unknown;
  employees?: unknown;
  email?: unknown;
  phone?: unknown;
  address?: unknown;
  user?: { username?: unknown; fullName?: unknown; password?: unknown; email?: unknown } | null;
}

function profileFields(input: EnterpriseInput) {
  const taxCode = requiredText(input.taxCode, 'taxCode', 'Mã số thuế', 14);
  if (!TAX_CODE.test(taxCode)) throw invalid('taxCode', 'Mã số thuế gồm 10 chữ số (chi nhánh: 10 chữ số, gạch, 3 chữ số).', 'A tax code is 10 digits (a branch: 10 digits, a dash, 3 digits).');
  const sectorCode = oneOf(input.sectorCode, VSIC_CODES, 'sectorCode', 'Ngành kinh tế (VSIC)');
  const commune = requiredText(input.commune, 'commune', 'Xã, phường', 120);
  const size = oneOf(input.size, ENTERPRISE_SIZES, 'size', 'Quy mô doanh nghiệp');
  const e = input.employees;
  if (e !== undefined && e !== null && (typeof e !== 'number' || !Number.isInteger(e) || e < 0 || e > 10_000_000)) throw invalid('employees', 'Số lao động là số nguyên không âm.', 'employees must be a whole number ≥ 0.');
  return { tax_code: taxCode, sector_code: sectorCode, commune, size, employees: (e as number | null | undefined) ?? null };
}

/**
 * The province administrator registers an enterprise (an organisation of kind enterprise), its
 * profile and its first user: one transaction, so a refused user leaves no organisation behind.
 */
export async function registerEnterprise(ctx: AppContext, actor: Actor, input: EnterpriseInput, opts: { passwordHash?: string } = {}) {
  if (!actor.isProvinceAdmin) throw forbidden('Chỉ quản trị cấp tỉnh đăng ký doanh nghiệp.', 'Only a province administrator registers enterprises.');
  const db = ctx.db.kysely;
  const profile = profileFields(input);
  const user = input.user ?? null;
  let passwordHash = opts.passwordHash;
  if (user) {
    const username = requiredText(user.username, 'user.username', 'Tên đăng nhập', 64).toLowerCase();
    if (!/^[a-z0-9._-]+$/.test(username)) throw invalid('user.username', 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch.', 'The username may hold only a-z, 0-9, dot, dash and underscore.');
    requiredText(user.fullName, 'user.fullName', 'Họ và tên người dùng', 200);
    if (!passwordHash) {
      const pw = typeof user.password === 'string' ? user.password : '';
      assertPasswordRule(pw, username, 'user.password');
      // Hashed before the transaction opens: argon2 takes tens of milliseconds the database need not wait for.
      passwordHash = await hashPassword(pw);
    }
  }
  const name = requiredText(input.name, 'name', 'Tên doanh nghiệp', 300);
  const shortName = requiredText(input.shortName, 'shortName', 'Tên viết tắt', 30);
  const at = ctx.now().toISOString();
  const orgId = await db.transaction().execute(async (trx) => {
    if (await profileByTaxCode(trx, profile.tax_code)) throw conflict('duplicate_tax_code', `Mã số thuế ${profile.tax_code} đã được đăng ký.`, `Tax code ${profile.tax_code} is already registered.`);
    const home = await getOrg(trx, actor.agencyId);
    const org = await createOrganization(
      ctx,
      actor,
      {
        name,
        shortName,
        kind: 'enterprise',
        parentId: home?.kind === 'province' ? home.id : null,
        email: optionalText(input.email, 'email', 'Thư điện tử', 200),
        phone: optionalText(input.phone, 'phone', 'Điện thoại', 50),
        address: optionalText(input.address, 'address', 'Địa chỉ', 500),
      },
      trx,
    );
    // The directory's hook gave the new organisation an incomplete profile: this one replaces it.
    await saveProfile(trx, { org_id: org.id, ...profile, created_at: at, updated_at: at });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: org.id, action: 'enterprise.register', entityType: 'organization', entityId: org.id, data: { ...profile, name: org.name } });
    if (user) {
      await createUser(ctx, actor, { username: String(user.username), fullName: String(user.fullName), email: (user.email as string | null | undefined) ?? null, orgId: org.id, position: 'Người khai phiếu của doanh nghiệp', roles: [] }, passwordHash, trx);
    }
    return org.id;
  });
  return getEnterprise(ctx, actor, orgId);
}

/** Who edits an enterprise's profile: the enterprise itself (any of its users) and the survey managers. */
export async function updateEnterprise(ctx: AppContext, actor: Actor, orgId: number, input: EnterpriseInput) {
  const manager = managesSurveys(actor);
  if (!manager && actor.agencyId !== orgId) throw notFound('enterprise');
  const db = ctx.db.kysely;
  const current = await getProfile(db, orgId);
  if (!current) throw notFound('enterprise');
  if (!manager && isComplete(current) && input.taxCode !== undefined && input.taxCode !== current.tax_code) {
    throw forbidden('Mã số thuế do Sở KH&CN hoặc quản trị tỉnh sửa.', 'The tax code is changed by the IT department or a province administrator.');
  }
  if (!actor.isProvinceAdmin) {
    const names = (await orgNames(db, [orgId])).get(orgId);
    if ((input.name !== undefined && input.name !== names?.name) || (input.shortName !== undefined && input.shortName !== names?.shortName)) {
      throw forbidden('Tên doanh nghiệp do quản trị tỉnh sửa (theo đăng ký kinh doanh).', 'The enterprise name is changed by a province administrator (as registered).');
    }
  }
  const profile = profileFields({
    taxCode: input.taxCode ?? current.tax_code,
    sectorCode: input.sectorCode ?? current.sector_code,
    commune: input.commune ?? current.commune,
    size: input.size ?? current.size,
    employees: input.employees === undefined ? current.employees : input.employees,
  });
  // Contacts left out stay as they are; an empty one is cleared (the directory checks the e-mail).
  const contact = (v: unknown, field: string, label: string, max: number) => (v === undefined ? undefined : optionalText(v, field, label, max));
  const contacts = { email: contact(input.email, 'email', 'Thư điện tử', 200), phone: contact(input.phone, 'phone', 'Điện thoại', 50), address: contact(input.address, 'address', 'Địa chỉ', 500) };
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    if (profile.tax_code !== current.tax_code) {
      const other = await profileByTaxCode(trx, profile.tax_code);
      if (other && other.org_id !== orgId) throw conflict('duplicate_tax_code', `Mã số thuế ${profile.tax_code} đã được đăng ký.`, `Tax code ${profile.tax_code} is already registered.`);
    }
    if (actor.agencyId === orgId && !actor.isProvinceAdmin) await updateOwnContacts(ctx, actor, contacts, trx);
    else if (actor.isProvinceAdmin) await updateOrganization(ctx, actor, orgId, { ...contacts, name: input.name === undefined ? undefined : String(input.name), shortName: input.shortName === undefined ? undefined : String(input.shortName) }, trx);
    await updateProfile(trx, orgId, { ...profile, updated_at: at });
    const changed = Object.fromEntries(Object.entries(profile).filter(([k, v]) => (current as Record<string, unknown>)[k] !== v));
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'enterprise.update', entityType: 'organization', entityId: orgId, data: { changed, contacts } });
  });
  return getEnterprise(ctx, actor, orgId);
}

function publicProfile(p: { org_id: number; tax_code: string; sector_code: string; commune: string; size: EnterpriseSize; employees: number | null; created_at: string }, org: { name: string; shortName: string; active: boolean; email: string | null; phone: string | null; address: string | null } | undefined) {
  return {
    orgId: p.org_id,
    name: org?.name ?? '',
    shortName: org?.shortName ?? '',
    active: org?.active ?? false,
    email: org?.email ?? null,
    phone: org?.phone ?? null,
    address: org?.address ?? null,
    taxCode: TAX_CODE.test(p.tax_code) ? p.tax_code : '',
    sectorCode: p.sector_code,
    commune: p.commune,
    size: p.size,
    employees: p.employees === null ? null : Number(p.employees),
    complete: isComplete(p),
    createdAt: p.created_at,
  };
}

export async function getEnterprise(ctx: AppContext, actor: Actor, orgId: number) {
  if (!managesSurveys(actor) && actor.agencyId !== orgId) throw notFound('enterprise');
  const p = await getProfile(ctx.db.kysely, orgId);
  if (!p) throw notFound('enterprise');
  const names = await orgNames(ctx.db.kysely, [orgId]);
  return publicProfile(p, names.get(orgId));
}

export async function listEnterprises(ctx: AppContext, actor: Actor) {
  assertManager(actor);
  const rows = await listProfiles(ctx.db.kysely);
  const names = await orgNames(ctx.db.kysely, rows.map((r) => r.org_id));
  return rows.map((r) => publicProfile(r, names.get(r.org_id))).sort((a, b) => collator.compare(a.name, b.name));
}

// ---------- questionnaires ----------

export async function getQuestionnaire(ctx: AppContext, _actor: Actor, id: number) {
  const q = await loadQuestionnaire(ctx.db.kysely, id);
  if (!q) throw notFound('questionnaire');
  return q;
}

export async function questionnaires(ctx: AppContext, actor: Actor) {
  assertManager(actor);
  return listQuestionnaires(ctx.db.kysely);
}

/** A new version of a questionnaire (a new code starts at version 1); versions given answers never change. */
export async function createQuestionnaireVersion(ctx: AppContext, actor: Actor, input: Record<string, unknown>) {
  assertManager(actor);
  const def = validateQuestionnaire(input);
  const at = ctx.now().toISOString();
  const { id } = await ctx.db.kysely.transaction().execute(async (trx) => {
    const earlier = await trx.selectFrom('survey_questionnaires').select('audience').where('code', '=', def.code).executeTakeFirst();
    if (earlier && earlier.audience !== def.audience) throw invalid('audience', `Phiếu ${def.code} dành cho đối tượng khác; hãy dùng mã phiếu khác.`, `Questionnaire ${def.code} is for another audience; use another code.`);
    const made = await insertQuestionnaireVersion(trx, def, actor.userId, at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'survey.questionnaire.version', entityType: 'survey_questionnaire', entityId: made.id, data: { code: def.code, version: made.version, questions: def.questions.length } });
    return made;
  });
  return (await loadQuestionnaire(ctx.db.kysely, id))!;
}

// ---------- periods ----------

function periodView(p: Awaited<ReturnType<typeof listPeriodsWithCounts>>[number]) {
  const asked = Object.values(p.counts).reduce((a, b) => a + (b ?? 0), 0);
  const submitted = p.counts.submitted ?? 0;
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    audience: p.audience,
    questionnaire: { id: p.questionnaire_id, code: p.q_code, version: Number(p.q_version), titleVi: p.q_title },
    opensOn: p.opens_on,
    closesOn: p.closes_on,
    status: p.status,
    createdAt: p.created_at,
    closedAt: p.closed_at,
    asked,
    counts: { not_started: p.counts.not_started ?? 0, draft: p.counts.draft ?? 0, submitted, returned: p.counts.returned ?? 0 },
    responseRate: asked ? Math.round((submitted / asked) * 1000) / 10 : null,
  };
}

export async function listPeriods(ctx: AppContext, actor: Actor) {
  assertManager(actor);
  return (await listPeriodsWithCounts(ctx.db.kysely)).map(periodView);
}

async function periodOrThrow(db: Executor, id: number) {
  const p = (await listPeriodsWithCounts(db, [id]))[0];
  if (!p) throw notFound('survey period');
  return periodView(p);
}

export async function getPeriodView(ctx: AppContext, actor: Actor, id: number) {
  assertManager(actor);
  return periodOrThrow(ctx.db.kysely, id);
}

/**
 * Opens a survey period on a questionnaire version: every active organisation of the
 * questionnaire's audience is asked (enterprises with a profile; agencies for public units),
 * each with its sector and commune/ward as its profile says today.
 */
export async function openPeriod(ctx: AppContext, actor: Actor, input: { code?: unknown; name?: unknown; questionnaireId?: unknown; opensOn?: unknown; closesOn?: unknown }) {
  assertManager(actor);
  const db = ctx.db.kysely;
  const code = assertPeriodCode(input.code);
  const name = requiredText(input.name, 'name', 'Tên kỳ khảo sát', 200);
  const qid = Number(input.questionnaireId);
  const q = Number.isInteger(qid) && qid > 0 ? await loadQuestionnaire(db, qid) : undefined;
  if (!q) throw invalid('questionnaireId', 'Hãy chọn phiếu khảo sát (một phiên bản).', 'Choose a questionnaire version.');
  const opensOn = optionalDate(input.opensOn, 'opensOn', 'Ngày mở') ?? localDate(ctx.now());
  const closesOn = optionalDate(input.closesOn, 'closesOn', 'Hạn nộp phiếu');
  if (!closesOn) throw invalid('closesOn', 'Hãy nêu hạn nộp phiếu.', 'closesOn is required.');
  if (closesOn < opensOn) throw invalid('closesOn', 'Hạn nộp phiếu phải sau ngày mở.', 'The closing date must be after the opening date.');
  const targets = await askedOrgs(ctx, q.audience);
  if (!targets.length) throw invalid('questionnaireId', 'Chưa có tổ chức nào thuộc đối tượng của phiếu này.', 'No organisation of this audience is registered yet.');
  const at = ctx.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('survey_periods').select('id').where('code', '=', code).where('audience', '=', q.audience).executeTakeFirst()) {
      throw conflict('duplicate_period', `Kỳ ${code} đã có cho đối tượng này.`, `Period ${code} already exists for this audience.`);
    }
    const row = await trx
      .insertInto('survey_periods')
      .values({ code, name, audience: q.audience, questionnaire_id: q.id, opens_on: opensOn, closes_on: closesOn, status: 'open', created_by: actor.userId, created_at: at, closed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < targets.length; i += MAX_BATCH) {
      await trx
        .insertInto('survey_responses')
        .values(targets.slice(i, i + MAX_BATCH).map((t) => ({ period_id: row.id, org_id: t.orgId, questionnaire_id: q.id, status: 'not_started' as const, sector_code: t.sector, commune: t.commune, saved_at: null, submitted_at: null, returned_at: null, return_comment: null, updated_by: null, created_at: at })))
        .execute();
    }
    await rebuildTallies(trx, row.id);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'survey.period.open', entityType: 'survey_period', entityId: row.id, data: { code, questionnaire: `${q.code} v${q.version}`, asked: targets.length, closesOn } });
    return row.id;
  });
  return periodOrThrow(db, id);
}

async function askedOrgs(ctx: AppContext, audience: Audience): Promise<{ orgId: number; sector: string; commune: string }[]> {
  if (audience === 'public_unit') {
    return (await listOrganizations(ctx, { kind: 'agency' })).map((o) => ({ orgId: o.id, sector: '', commune: '' }));
  }
  const active = new Set((await listOrganizations(ctx, { kind: 'enterprise' })).map((o) => o.id));
  return (await listProfiles(ctx.db.kysely)).filter((p) => active.has(p.org_id) && isComplete(p)).map((p) => ({ orgId: p.org_id, sector: p.sector_code, commune: p.commune }));
}

export async function closePeriod(ctx: AppContext, actor: Actor, id: number) {
  assertManager(actor);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await getPeriod(trx, id);
    if (!p) throw notFound('survey period');
    if (p.status === 'closed') throw conflict('period_closed', 'Kỳ khảo sát đã đóng.', 'The survey period is already closed.');
    await trx.updateTable('survey_periods').set({ status: 'closed', closed_at: at }).where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'survey.period.close', entityType: 'survey_period', entityId: id, data: { code: p.code } });
  });
  return periodOrThrow(ctx.db.kysely, id);
}

export const RESPONSES_PAGE_MAX = 200;

/** A page of a period's responses (in the order they were asked), with the total the filters leave. */
export async function periodResponses(ctx: AppContext, actor: Actor, id: number, q: { status?: ResponseStatus; sector?: string; commune?: string; offset?: number; limit?: number } = {}) {
  assertManager(actor);
  const db = ctx.db.kysely;
  if (!(await getPeriod(db, id))) throw notFound('survey period');
  const offset = q.offset ?? 0;
  const limit = Math.min(q.limit ?? 50, RESPONSES_PAGE_MAX);
  const { rows, total } = await responsesOfPeriod(db, id, { status: q.status, sector: q.sector, commune: q.commune }, { offset, limit });
  const names = await orgNames(db, rows.map((r) => r.org_id));
  const items = rows.map((r) => ({ id: r.id, orgId: r.org_id, orgName: names.get(r.org_id)?.name ?? '', status: r.status, sectorCode: r.sector_code, commune: r.commune, savedAt: r.saved_at, submittedAt: r.submitted_at, returnedAt: r.returned_at, returnComment: r.return_comment }));
  return { items, total, offset, limit };
}

/** A closed period opened again (answers may change until it closes again; the portal stops publishing it meanwhile). */
export async function reopenPeriod(ctx: AppContext, actor: Actor, id: number, input: { closesOn?: unknown }) {
  assertManager(actor);
  const closesOn = optionalDate(input.closesOn, 'closesOn', 'Hạn nộp phiếu mới');
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await getPeriod(trx, id);
    if (!p) throw notFound('survey period');
    if (p.status === 'open') throw conflict('period_open', 'Kỳ khảo sát đang mở.', 'The survey period is already open.');
    const until = closesOn ?? p.closes_on;
    if (until < localDate(ctx.now())) throw invalid('closesOn', 'Hạn nộp phiếu đã qua: hãy nêu hạn mới.', 'The closing date has passed: give a new one.');
    await reopenPeriodRow(trx, id, until);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'survey.period.reopen', entityType: 'survey_period', entityId: id, data: { code: p.code, closesOn: until, closedAt: p.closed_at } });
  });
  forgetPublishedAggregates(ctx.db.kysely, id);
  return periodOrThrow(ctx.db.kysely, id);
}

export async function periodAggregates(ctx: AppContext, actor: Actor, id: number) {
  assertManager(actor);
  const a = await computeAggregates(ctx.db.kysely, id, false);
  if (!a) throw notFound('survey period');
  return a;
}

/** The aggregates of a period as a file for the IT department: XLSX (every breakdown) or the PDF report. */
export async function aggregatesFile(ctx: AppContext, actor: Actor, id: number, format: 'xlsx' | 'pdf') {
  const a = await periodAggregates(ctx, actor, id);
  const name = `khao-sat-${a.period.code}-tong-hop.${format}`;
  if (format === 'xlsx') return { name, bytes: await aggregatesXlsx(a) };
  return { name, bytes: await aggregatesPdf(a, await reportIssuerOf(ctx, actor)) };
}

// ---------- responses ----------

/** Who answers for an organisation: any user of an enterprise; leaders, specialists, administrators of an agency. */
async function mayAnswer(db: Executor, actor: Actor, orgId: number): Promise<boolean> {
  if (actor.agencyId !== orgId) return false;
  const org = await getOrg(db, orgId);
  return org?.kind === 'enterprise' || hasRole(actor, 'leader', 'specialist', 'admin');
}

async function loadVisibleResponse(db: Executor, actor: Actor, id: number) {
  const r = await getResponse(db, id);
  if (!r) throw notFound('survey response');
  if (!managesSurveys(actor) && actor.agencyId !== r.org_id) throw notFound('survey response');
  return r;
}

export async function myResponses(ctx: AppContext, actor: Actor) {
  const rows = await responsesOfOrg(ctx.db.kysely, actor.agencyId);
  return rows.map((r) => ({ id: r.id, status: r.status, savedAt: r.saved_at, submittedAt: r.submitted_at, returnedAt: r.returned_at, returnComment: r.return_comment, period: { id: r.period_id, code: r.code, name: r.name, status: r.period_status, closesOn: r.closes_on } }));
}

export async function getResponseView(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const r = await loadVisibleResponse(db, actor, id);
  const [period, q, rows, names, canAnswer] = [await getPeriod(db, r.period_id), await loadQuestionnaire(db, r.questionnaire_id), await answersOf(db, id), await orgNames(db, [r.org_id]), await mayAnswer(db, actor, r.org_id)];
  const kinds = new Map(q!.questions.map((x) => [x.code, x.kind]));
  const answers: Record<string, AnswerValue> = {};
  for (const a of rows) {
    const kind = kinds.get(a.question_code);
    if (kind) answers[a.question_code] = answerValue(kind, a);
  }
  const open = period!.status === 'open';
  const editable = open && r.status !== 'submitted';
  return {
    id: r.id,
    status: r.status,
    org: { id: r.org_id, name: names.get(r.org_id)?.name ?? '' },
    period: { id: period!.id, code: period!.code, name: period!.name, status: period!.status, closesOn: period!.closes_on },
    sectorCode: r.sector_code,
    commune: r.commune,
    questionnaire: q!,
    answers,
    savedAt: r.saved_at,
    submittedAt: r.submitted_at,
    returnedAt: r.returned_at,
    returnComment: r.return_comment,
    can: { edit: canAnswer && editable, submit: canAnswer && editable, return: managesSurveys(actor) && open && r.status === 'submitted' },
  };
}

function problemsError(problems: AnswerProblem[]): DomainError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (và ${problems.length - 1} lỗi khác)` : '';
  const moreEn = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new DomainError('validation', 'invalid_answers', `${first.vi}${more}`, `${first.en}${moreEn}`, `answers.${first.code}`);
}

async function changeResponse(ctx: AppContext, actor: Actor, id: number, action: string, apply: (trx: Executor, r: NonNullable<Awaited<ReturnType<typeof getResponse>>>, at: string) => Promise<Record<string, unknown>>) {
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await loadVisibleResponse(trx, actor, id);
    const period = (await getPeriod(trx, r.period_id))!;
    if (period.status !== 'open') throw conflict('period_closed', 'Kỳ khảo sát đã đóng, không sửa được phiếu.', 'The survey period is closed; answers can no longer change.');
    const data = await apply(trx, r, at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: r.org_id, action, entityType: 'survey_response', entityId: id, data });
  });
  return getResponseView(ctx, actor, id);
}

async function assertAnswering(trx: Executor, actor: Actor, r: { org_id: number; status: string }) {
  if (!(await mayAnswer(trx, actor, r.org_id))) throw forbidden('Chỉ người của tổ chức được hỏi khai phiếu này.', 'Only the organisation asked answers this questionnaire.');
  if (r.status === 'submitted') throw conflict('response_submitted', 'Phiếu đã nộp; chỉ sửa được khi Sở KH&CN trả lại.', 'The response was submitted; it can change only once returned.');
}

/** Saves a draft: answers checked for their kind and range, required ones may still be empty. */
export async function saveAnswers(ctx: AppContext, actor: Actor, id: number, answers: Record<string, unknown>) {
  return changeResponse(ctx, actor, id, 'survey.response.save', async (trx, r, at) => {
    await assertAnswering(trx, actor, r);
    const q = (await loadQuestionnaire(trx, r.questionnaire_id))!;
    const { stored, problems } = checkAnswers(q.questions, answers, false);
    if (problems.length) throw problemsError(problems);
    await replaceAnswers(trx, r, stored);
    await trx.updateTable('survey_responses').set({ status: r.status === 'returned' ? 'returned' : 'draft', saved_at: at, updated_by: actor.userId }).where('id', '=', r.id).execute();
    return { answered: stored.length };
  });
}

/** Submits (with the answers given, or those saved): every required question must be answered. */
export async function submitResponse(ctx: AppContext, actor: Actor, id: number, answers?: Record<string, unknown>) {
  return changeResponse(ctx, actor, id, 'survey.response.submit', async (trx, r, at) => {
    await assertAnswering(trx, actor, r);
    const q = (await loadQuestionnaire(trx, r.questionnaire_id))!;
    let given = answers;
    if (!given) {
      const kinds = new Map(q.questions.map((x) => [x.code, x.kind]));
      given = Object.fromEntries((await answersOf(trx, r.id)).filter((a) => kinds.has(a.question_code)).map((a) => [a.question_code, answerValue(kinds.get(a.question_code)!, a)]));
    }
    const { stored, problems } = checkAnswers(q.questions, given, true);
    if (problems.length) throw problemsError(problems);
    await replaceAnswers(trx, r, stored);
    await setCounted(trx, r.id, true);
    await addToTallies(trx, r, stored.map((a) => ({ question_code: a.code, num: a.num, choice: a.choice, text: a.text })), 1);
    await countSubmitted(trx, r, 1);
    await trx.updateTable('survey_responses').set({ status: 'submitted', saved_at: at, submitted_at: at, updated_by: actor.userId }).where('id', '=', r.id).execute();
    return { answered: stored.length, resubmitted: r.status === 'returned' };
  });
}

/** The IT department returns a submitted response with a comment; its answers leave the aggregates until resubmitted. */
export async function returnResponse(ctx: AppContext, actor: Actor, id: number, comment: unknown) {
  assertManager(actor);
  const text = requiredText(comment, 'comment', 'Ý kiến trả lại', 2000);
  return changeResponse(ctx, actor, id, 'survey.response.return', async (trx, r, at) => {
    if (r.status !== 'submitted') throw conflict('response_not_submitted', 'Chỉ trả lại phiếu đã nộp.', 'Only a submitted response can be returned.');
    await addToTallies(trx, r, await answersOf(trx, r.id), -1);
    await countSubmitted(trx, r, -1);
    await setCounted(trx, r.id, false);
    await trx.updateTable('survey_responses').set({ status: 'returned', returned_at: at, return_comment: text, updated_by: actor.userId }).where('id', '=', r.id).execute();
    return { comment: text };
  });
}
