import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { Audience, Choice, EnterpriseSize, QuestionDef, QuestionnaireDef, ResponseStatus, StoredAnswer } from '../../domain/surveys.js';
import '../../db/schema-surveys.js';

/** The queries on the survey tables (migration 024). */

export type Questionnaire = {
  id: number;
  code: string;
  version: number;
  audience: Audience;
  titleVi: string;
  titleEn: string;
  createdAt: string;
  questions: (QuestionDef & { ord: number; choices: Choice[]; helpVi: string | null; helpEn: string | null; unit: string | null })[];
};

export async function loadQuestionnaire(db: Executor, id: number): Promise<Questionnaire | undefined> {
  const q = await db.selectFrom('survey_questionnaires').selectAll().where('id', '=', id).executeTakeFirst();
  if (!q) return undefined;
  const rows = await db.selectFrom('survey_questions').selectAll().where('questionnaire_id', '=', id).orderBy('ord').execute();
  return {
    id: q.id,
    code: q.code,
    version: Number(q.version),
    audience: q.audience,
    titleVi: q.title_vi,
    titleEn: q.title_en,
    createdAt: q.created_at,
    questions: rows.map((r) => ({
      ord: Number(r.ord),
      code: r.code,
      section: r.section,
      kind: r.kind,
      textVi: r.text_vi,
      textEn: r.text_en,
      helpVi: r.help_vi,
      helpEn: r.help_en,
      required: Number(r.required) === 1,
      unit: r.unit,
      choices: JSON.parse(r.choices) as Choice[],
    })),
  };
}

export async function listQuestionnaires(db: Executor) {
  const rows = await db
    .selectFrom('survey_questionnaires as q')
    .leftJoin('survey_questions as x', 'x.questionnaire_id', 'q.id')
    .select(['q.id', 'q.code', 'q.version', 'q.audience', 'q.title_vi', 'q.title_en', 'q.created_at', (eb) => eb.fn.count<number>('x.id').as('questions')])
    .groupBy(['q.id', 'q.code', 'q.version', 'q.audience', 'q.title_vi', 'q.title_en', 'q.created_at'])
    .orderBy('q.code')
    .orderBy('q.version', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, version: Number(r.version), audience: r.audience, titleVi: r.title_vi, titleEn: r.title_en, createdAt: r.created_at, questions: Number(r.questions) }));
}

/** A new version of a questionnaire: the next number for its code; earlier versions stay as they are. */
export async function insertQuestionnaireVersion(trx: Executor, def: QuestionnaireDef, userId: number | null, at: string): Promise<{ id: number; version: number }> {
  const last = await trx.selectFrom('survey_questionnaires').select((eb) => eb.fn.max('version').as('v')).where('code', '=', def.code).executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const row = await trx
    .insertInto('survey_questionnaires')
    .values({ code: def.code, version, audience: def.audience, title_vi: def.titleVi, title_en: def.titleEn, created_by: userId, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('survey_questions')
    .values(
      def.questions.map((x, i) => ({
        questionnaire_id: row.id, ord: i + 1, code: x.code, section: x.section, kind: x.kind, text_vi: x.textVi, text_en: x.textEn,
        help_vi: x.helpVi ?? null, help_en: x.helpEn ?? null, required: x.required ? 1 : 0, unit: x.unit ?? null, choices: JSON.stringify(x.choices ?? []),
      })),
    )
    .execute();
  return { id: row.id, version };
}

export async function getPeriod(db: Executor, id: number) {
  return db.selectFrom('survey_periods').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Periods with their counts of responses by status. */
export async function listPeriodsWithCounts(db: Executor, ids?: number[]) {
  let q = db.selectFrom('survey_periods as p').innerJoin('survey_questionnaires as q', 'q.id', 'p.questionnaire_id').select(['p.id', 'p.code', 'p.name', 'p.audience', 'p.questionnaire_id', 'p.opens_on', 'p.closes_on', 'p.status', 'p.created_at', 'p.closed_at', 'q.code as q_code', 'q.version as q_version', 'q.title_vi as q_title']);
  if (ids) {
    if (!ids.length) return [];
    q = q.where('p.id', 'in', ids);
  }
  const periods = await q.orderBy('p.opens_on', 'desc').orderBy('p.id', 'desc').execute();
  if (!periods.length) return [];
  const counts = await db
    .selectFrom('survey_responses')
    .select(['period_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('period_id', 'in', periods.map((p) => p.id))
    .groupBy(['period_id', 'status'])
    .execute();
  return periods.map((p) => {
    const by = Object.fromEntries(counts.filter((c) => c.period_id === p.id).map((c) => [c.status, Number(c.n)])) as Partial<Record<ResponseStatus, number>>;
    return { ...p, counts: by };
  });
}

/** Closed periods, newest first: what the portal publishes. */
/** The closed periods, newest first, with when each was (last) closed. */
export async function closedPeriods(db: Executor): Promise<{ id: number; closedAt: string | null }[]> {
  const rows = await db.selectFrom('survey_periods').select(['id', 'closed_at']).where('status', '=', 'closed').orderBy('closes_on', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, closedAt: r.closed_at }));
}

export async function getResponse(db: Executor, id: number) {
  return db.selectFrom('survey_responses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function answersOf(db: Executor, responseId: number) {
  return db.selectFrom('survey_answers').select(['question_code', 'num', 'choice', 'text']).where('response_id', '=', responseId).execute();
}

/** Replaces a response's answers (the groups copied from the response, not counted until submitted). */
export async function replaceAnswers(trx: Executor, r: { id: number; period_id: number; questionnaire_id: number; sector_code: string; commune: string }, stored: StoredAnswer[]) {
  await trx.deleteFrom('survey_answers').where('response_id', '=', r.id).execute();
  if (!stored.length) return;
  await trx
    .insertInto('survey_answers')
    .values(stored.map((a) => ({ response_id: r.id, period_id: r.period_id, questionnaire_id: r.questionnaire_id, question_code: a.code, sector_code: r.sector_code, commune: r.commune, counted: 0, num: a.num, choice: a.choice, text: a.text })))
    .execute();
}

/** Counts a submitted response's answers in the aggregates (free text never), or stops counting them. */
export async function setCounted(trx: Executor, responseId: number, counted: boolean) {
  await trx.updateTable('survey_answers').set({ counted: counted ? 1 : 0 }).where('response_id', '=', responseId).where('text', 'is', null).execute();
}

/** A page of a period's responses in the order they were asked, and how many the filters leave. */
export async function responsesOfPeriod(db: Executor, periodId: number, f: { status?: ResponseStatus; sector?: string; commune?: string }, page: { offset: number; limit: number }) {
  let q = db.selectFrom('survey_responses as r').where('r.period_id', '=', periodId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.sector) q = q.where('r.sector_code', '=', f.sector);
  if (f.commune) q = q.where('r.commune', '=', f.commune);
  const [rows, count] = await Promise.all([
    q
      .select(['r.id', 'r.org_id', 'r.status', 'r.sector_code', 'r.commune', 'r.saved_at', 'r.submitted_at', 'r.returned_at', 'r.return_comment'])
      .orderBy('r.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export async function reopenPeriodRow(trx: Executor, id: number, closesOn: string) {
  await trx.updateTable('survey_periods').set({ status: 'open', closed_at: null, closes_on: closesOn }).where('id', '=', id).execute();
}

export async function responsesOfOrg(db: Executor, orgId: number) {
  return db
    .selectFrom('survey_responses as r')
    .innerJoin('survey_periods as p', 'p.id', 'r.period_id')
    .select(['r.id', 'r.status', 'r.saved_at', 'r.submitted_at', 'r.returned_at', 'r.return_comment', 'p.id as period_id', 'p.code', 'p.name', 'p.status as period_status', 'p.closes_on'])
    .where('r.org_id', '=', orgId)
    .orderBy('p.opens_on', 'desc')
    .execute();
}

const DIMS = ['province', 'sector', 'commune'] as const;

/**
 * Adds a response's answers to the period's tallies (sign 1, on submit) or takes them out
 * (sign -1, on return), in the caller's transaction. Free text is never tallied.
 */
export async function addToTallies(trx: Executor, r: { period_id: number; questionnaire_id: number; sector_code: string; commune: string }, answers: { question_code: string; num: number | null; choice: string | null; text: string | null }[], sign: 1 | -1) {
  const rows = answers
    .filter((a) => a.text === null)
    .flatMap((a) =>
      DIMS.map((dimension) => ({
        period_id: r.period_id,
        questionnaire_id: r.questionnaire_id,
        question_code: a.question_code,
        dimension,
        group_key: dimension === 'province' ? '' : dimension === 'sector' ? r.sector_code : r.commune,
        choice: a.choice ?? '',
        n: sign,
        sum: sign * Number(a.num ?? 0),
      })),
    );
  if (!rows.length) return;
  await trx
    .insertInto('survey_tallies')
    .values(rows)
    .onConflict((oc) => oc.columns(['period_id', 'questionnaire_id', 'question_code', 'dimension', 'group_key', 'choice']).doUpdateSet({ n: sql`survey_tallies.n + excluded.n`, sum: sql`survey_tallies.sum + excluded.sum` }))
    .execute();
}

/** Tallies that count responses (asked, submitted) rather than answers: codes no question can have. */
export const ASKED = '#asked';
export const SUBMITTED = '#submitted';

/** Counts a response in (1) or out (-1) of its groups' submitted responses. */
export async function countSubmitted(trx: Executor, r: { period_id: number; questionnaire_id: number; sector_code: string; commune: string }, sign: 1 | -1) {
  await addToTallies(trx, r, [{ question_code: SUBMITTED, num: 0, choice: null, text: null }], sign);
}

/**
 * Recomputes a period's tallies from its responses and counted answers (on opening, after a
 * bulk load, or to check the kept ones).
 */
export async function rebuildTallies(trx: Executor, periodId: number) {
  await trx.deleteFrom('survey_tallies').where('period_id', '=', periodId).execute();
  // The province's key is '' written as an expression: PostgreSQL refuses a bare constant in GROUP BY.
  for (const [dimension, key] of [['province', sql<string>`substr(sector_code, 1, 0)`], ['sector', sql<string>`sector_code`], ['commune', sql<string>`commune`]] as const) {
    await trx
      .insertInto('survey_tallies')
      .columns(['period_id', 'questionnaire_id', 'question_code', 'dimension', 'group_key', 'choice', 'n', 'sum'])
      .expression(
        trx
          .selectFrom('survey_answers')
          .select(['period_id', 'questionnaire_id', 'question_code', sql<string>`${dimension}`.as('dimension'), key.as('group_key'), sql<string>`coalesce(choice, '')`.as('choice'), (eb) => eb.fn.countAll<number>().as('n'), sql<number>`coalesce(sum(num), 0)`.as('sum')])
          .where('period_id', '=', periodId)
          .where('counted', '=', 1)
          .groupBy(['period_id', 'questionnaire_id', 'question_code', key, sql`coalesce(choice, '')`]),
      )
      .execute();
    for (const code of [ASKED, SUBMITTED]) {
      let q = trx
        .selectFrom('survey_responses')
        .select(['period_id', 'questionnaire_id', sql<string>`${code}`.as('question_code'), sql<string>`${dimension}`.as('dimension'), key.as('group_key'), sql<string>`''`.as('choice'), (eb) => eb.fn.countAll<number>().as('n'), sql<number>`0`.as('sum')])
        .where('period_id', '=', periodId);
      if (code === SUBMITTED) q = q.where('status', '=', 'submitted');
      await trx
        .insertInto('survey_tallies')
        .columns(['period_id', 'questionnaire_id', 'question_code', 'dimension', 'group_key', 'choice', 'n', 'sum'])
        .expression(q.groupBy(['period_id', 'questionnaire_id', key]))
        .execute();
    }
  }
}

/** The period's tallies: a few thousand rows (questions × groups × choices), whatever the number of enterprises. */
export async function answerTallies(db: Executor, periodId: number) {
  const rows = await db.selectFrom('survey_tallies').selectAll().where('period_id', '=', periodId).execute();
  return rows.map((r) => ({ questionnaireId: Number(r.questionnaire_id), code: r.question_code, dimension: r.dimension, key: r.group_key, choice: r.choice === '' ? null : r.choice, n: Number(r.n), sum: Number(r.sum) }));
}

export async function getProfile(db: Executor, orgId: number) {
  return db.selectFrom('enterprise_profiles').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function profileByTaxCode(db: Executor, taxCode: string) {
  return db.selectFrom('enterprise_profiles').select('org_id').where('tax_code', '=', taxCode).executeTakeFirst();
}

type ProfileRow = { org_id: number; tax_code: string; sector_code: string; commune: string; size: EnterpriseSize; employees: number | null; created_at: string; updated_at: string };

/** Writes an enterprise's profile: a new one, or over the incomplete one its organisation got when it was created. */
export async function saveProfile(trx: Executor, row: ProfileRow) {
  const { org_id: _id, created_at: _c, ...patch } = row;
  await trx.insertInto('enterprise_profiles').values(row).onConflict((oc) => oc.column('org_id').doUpdateSet(patch)).execute();
}

/**
 * The profile an enterprise gets when it is added to the directory without one (as migration
 * 028 gave those registered before the surveys): no tax code (a placeholder the tax-code rule
 * refuses, unique per organisation), no sector, no commune, size "micro" — listed as
 * incomplete, asked by a period once the enterprise or the IT department completes it.
 */
export async function ensureIncompleteProfile(trx: Executor, orgId: number, at: string) {
  await trx
    .insertInto('enterprise_profiles')
    .values({ org_id: orgId, tax_code: `chua-khai-${orgId}`, sector_code: '', commune: '', size: 'micro', employees: null, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .execute();
}

export async function updateProfile(trx: Executor, orgId: number, patch: Omit<ProfileRow, 'org_id' | 'created_at'>) {
  await trx.updateTable('enterprise_profiles').set(patch).where('org_id', '=', orgId).execute();
}

export async function listProfiles(db: Executor) {
  return db
    .selectFrom('enterprise_profiles')
    .selectAll()
    .orderBy('org_id')
    .execute();
}

/** Closed and open periods' asked and submitted counts (for the monitoring indicator DN.PHANHOI). */
export async function periodRates(db: Executor) {
  const rows = await db
    .selectFrom('survey_periods as p')
    .leftJoin('survey_responses as r', 'r.period_id', 'p.id')
    .select(['p.id', 'p.code', 'p.audience', 'p.status', 'p.opens_on', 'p.closes_on', (eb) => eb.fn.count<number>('r.id').as('asked'), (eb) => eb.fn.sum<number>(eb.case().when('r.status', '=', 'submitted').then(1).else(0).end()).as('submitted')])
    .groupBy(['p.id', 'p.code', 'p.audience', 'p.status', 'p.opens_on', 'p.closes_on'])
    .orderBy('p.opens_on')
    .execute();
  return rows.map((r) => ({ periodId: r.id, code: r.code, audience: r.audience, status: r.status, opensOn: r.opens_on, closesOn: r.closes_on, asked: Number(r.asked), submitted: Number(r.submitted ?? 0) }));
}
