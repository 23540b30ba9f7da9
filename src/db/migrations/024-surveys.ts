import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { SURVEY_SEED } from './024-survey-seed.js';

/**
 * The IT-adoption survey (issue 17, point 8): enterprises' profiles (keyed by their
 * organisation), questionnaires as data in versions, survey periods, one response per
 * organisation asked and one row per answer, with the number SQL sums and the groups
 * (sector, commune/ward) copied onto it so the aggregates are one index scan.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  const id = pg ? 'serial' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const real = pg ? 'double precision' : 'real';

  await db.schema
    .createTable('enterprise_profiles')
    .addColumn('org_id', 'integer', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('tax_code', 'text', (c) => c.notNull().unique())
    .addColumn('sector_code', 'text', (c) => c.notNull()) // VSIC section letter
    .addColumn('commune', 'text', (c) => c.notNull()) // commune or ward, as written ("Phường Trấn Biên")
    .addColumn('size', 'text', (c) => c.notNull()) // micro | small | medium | large
    .addColumn('employees', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('survey_questionnaires')
    .addColumn('id', id, idCol)
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull()) // enterprise | public_unit
    .addColumn('title_vi', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('survey_questionnaires_version', ['code', 'version'])
    .execute();

  await db.schema
    .createTable('survey_questions')
    .addColumn('id', id, idCol)
    .addColumn('questionnaire_id', 'integer', (c) => c.notNull().references('survey_questionnaires.id'))
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text_vi', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('help_vi', 'text')
    .addColumn('help_en', 'text')
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('choices', 'text', (c) => c.notNull()) // JSON [{code, vi, en}], [] unless choice
    .addUniqueConstraint('survey_questions_code', ['questionnaire_id', 'code'])
    .execute();

  await db.schema
    .createTable('survey_periods')
    .addColumn('id', id, idCol)
    .addColumn('code', 'text', (c) => c.notNull()) // 2026-H2, 2026
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('questionnaire_id', 'integer', (c) => c.notNull().references('survey_questionnaires.id'))
    .addColumn('opens_on', 'text', (c) => c.notNull())
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | closed
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addUniqueConstraint('survey_periods_code', ['code', 'audience'])
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', id, idCol)
    .addColumn('period_id', 'integer', (c) => c.notNull().references('survey_periods.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('questionnaire_id', 'integer', (c) => c.notNull().references('survey_questionnaires.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // not_started | draft | submitted | returned
    .addColumn('sector_code', 'text', (c) => c.notNull()) // as the profile said when asked; '' for public units
    .addColumn('commune', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('return_comment', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('survey_responses_org', ['period_id', 'org_id'])
    .execute();
  await db.schema.createIndex('survey_responses_org_id').on('survey_responses').columns(['org_id', 'period_id']).execute();
  await db.schema.createIndex('survey_responses_status').on('survey_responses').columns(['period_id', 'status', 'sector_code', 'commune']).execute();

  await db.schema
    .createTable('survey_answers')
    .addColumn('response_id', 'integer', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    .addColumn('period_id', 'integer', (c) => c.notNull())
    .addColumn('questionnaire_id', 'integer', (c) => c.notNull()) // the version the answer was given to
    .addColumn('question_code', 'text', (c) => c.notNull())
    .addColumn('sector_code', 'text', (c) => c.notNull())
    .addColumn('commune', 'text', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull()) // 1: the response is submitted and the answer is not free text
    .addColumn('num', real) // yes/no as 1/0, numbers, percentages
    .addColumn('choice', 'text')
    .addColumn('text', 'text')
    .addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'question_code'])
    .execute();
  // Covers the aggregate query: its GROUP BY is the index's order, so no sort and no table read.
  await db.schema
    .createIndex('survey_answers_agg')
    .on('survey_answers')
    .columns(['period_id', 'counted', 'questionnaire_id', 'question_code', 'sector_code', 'commune', 'choice', 'num'])
    .execute();

  // Submitted answers summed per question and group, kept in the same transaction as each
  // submit and return: the aggregates read a few thousand rows whatever the number of
  // enterprises (survey_answers stays the record; rebuildTallies recomputes from it).
  await db.schema
    .createTable('survey_tallies')
    .addColumn('period_id', 'integer', (c) => c.notNull())
    .addColumn('questionnaire_id', 'integer', (c) => c.notNull())
    .addColumn('question_code', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull()) // province | sector | commune
    .addColumn('group_key', 'text', (c) => c.notNull()) // '' for the province
    .addColumn('choice', 'text', (c) => c.notNull()) // '' unless a choice question
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('sum', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_tallies_pk', ['period_id', 'questionnaire_id', 'question_code', 'dimension', 'group_key', 'choice'])
    .execute();

  const at = new Date().toISOString();
  for (const q of SURVEY_SEED) {
    const row = await db
      .insertInto('survey_questionnaires')
      .values({ code: q.code, version: 1, audience: q.audience, title_vi: q.titleVi, title_en: q.titleEn, created_by: null, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('survey_questions')
      .values(
        q.questions.map((x, i) => ({
          questionnaire_id: row.id, ord: i + 1, code: x.code, section: x.section, kind: x.kind, text_vi: x.textVi, text_en: x.textEn,
          help_vi: x.helpVi ?? null, help_en: x.helpEn ?? null, required: x.required ? 1 : 0, unit: x.unit ?? null, choices: JSON.stringify(x.choices ?? []),
        })),
      )
      .execute();
  }
}
