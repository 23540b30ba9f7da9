/**
 * `.ci/run` runs the suite twice, on SQLite and then on PostgreSQL. What cannot depend on the
 * database — the web app's component tests, the parsers' fuzzing, axe over a page, the
 * screenshots — ran in the first run; SKIP_DB_INDEPENDENT=1 leaves it out of the second.
 */
export const dbIndependentDone = process.env.SKIP_DB_INDEPENDENT === '1';
