/**
 * The survey's figure (issue 17): the aggregates of one period over 50,000 enterprises'
 * submitted answers (province, each sector, each commune/ward, with suppression, as the
 * portal publishes them) in ≤ 200 ms. Seeds a fresh database directly (organisations,
 * responses, ~19 answers each), then times computeAggregates, the function both the back
 * office and the open data call. `BENCH_PARTS=surveys npm run bench`, or alone:
 * `node --import tsx bench/surveys.ts`; BENCH_SURVEY_ENTERPRISES changes the size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/app.js';
import { computeAggregates } from '../src/modules/surveys/aggregates.js';
import { loadQuestionnaire, rebuildTallies } from '../src/modules/surveys/repo.js';
import { checkAnswers, VSIC_CODES } from '../src/domain/surveys.js';
import { onEachDatabase } from './server.js';
import { runAlone, type Row } from './table.js';

const N = Number(process.env.BENCH_SURVEY_ENTERPRISES ?? 50_000);
const RUNS = 7;
const TARGET_MS = 200;
const COMMUNES = Array.from({ length: 95 }, (_, i) => `${i % 3 ? 'Xã' : 'Phường'} Số ${i + 1}`);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function measure(label: 'sqlite' | 'postgres', urls: (string | null)[]): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-surveys-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: urls[0] ?? '', LOG_LEVEL: 'silent' });
  const ctx = await createContext(config);
  const db = ctx.db.kysely;
  try {
    const t0 = performance.now();
    const at = new Date().toISOString();
    const q = (await loadQuestionnaire(db, 1))!;
    const province = await db.insertInto('organizations').values({ code: null, name: 'Tỉnh Bench', short_name: 'Bench', kind: 'province', parent_id: null, email: null, address: null, phone: null, website: null, active: 1, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    const period = await db.insertInto('survey_periods').values({ code: '2026-H2', name: 'Bench', audience: 'enterprise', questionnaire_id: q.id, opens_on: '2026-07-01', closes_on: '2026-12-31', status: 'closed', created_by: null, created_at: at, closed_at: at }).returning('id').executeTakeFirstOrThrow();
    const r = rng(42);
    const BATCH = 400;
    for (let start = 0; start < N; start += BATCH) {
      const size = Math.min(BATCH, N - start);
      await db.transaction().execute(async (trx) => {
        const orgs = await trx
          .insertInto('organizations')
          .values(Array.from({ length: size }, (_, i) => ({ code: null, name: `Doanh nghiệp ${start + i}`, short_name: `DN${start + i}`, kind: 'enterprise', parent_id: province.id, email: null, address: null, phone: null, website: null, active: 1, created_at: at, updated_at: at })))
          .returning('id')
          .execute();
        const rows = orgs.map((o) => ({ o: o.id, sector: VSIC_CODES[Math.floor(r() * 19)]!, commune: COMMUNES[Math.floor(r() * COMMUNES.length)]! }));
        const responses = await trx
          .insertInto('survey_responses')
          .values(rows.map((x) => ({ period_id: period.id, org_id: x.o, questionnaire_id: q.id, status: 'submitted' as const, sector_code: x.sector, commune: x.commune, saved_at: at, submitted_at: at, returned_at: null, return_comment: null, updated_by: null, created_at: at })))
          .returning('id')
          .execute();
        const answers = responses.flatMap((resp, i) => {
          const given: Record<string, unknown> = {};
          for (const x of q.questions) {
            if (x.kind === 'yes_no') given[x.code] = r() < 0.6;
            else if (x.kind === 'number') given[x.code] = Math.floor(r() * 200);
            else if (x.kind === 'percent') given[x.code] = Math.round(r() * 100);
            else if (x.kind === 'choice') given[x.code] = x.choices[Math.floor(r() * x.choices.length)]!.code;
          }
          return checkAnswers(q.questions, given, true).stored.map((a) => ({ response_id: resp.id, period_id: period.id, questionnaire_id: q.id, question_code: a.code, sector_code: rows[i]!.sector, commune: rows[i]!.commune, counted: 1, num: a.num, choice: a.choice, text: a.text }));
        });
        for (let k = 0; k < answers.length; k += 500) await trx.insertInto('survey_answers').values(answers.slice(k, k + 500)).execute();
      });
    }
    // Submitting one by one keeps the tallies; a bulk load rebuilds them from the answers once.
    await db.transaction().execute((trx) => rebuildTallies(trx, period.id));
    if (label === 'postgres') await import('kysely').then(({ sql }) => sql`VACUUM ANALYZE`.execute(db)); // as autovacuum would: the visibility map lets the counts be an index-only scan
    const seedS = (performance.now() - t0) / 1000;
    const answers = Number((await db.selectFrom('survey_answers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    console.log(`surveys ${label}: ${N.toLocaleString('en')} enterprises, ${answers.toLocaleString('en')} answers seeded in ${seedS.toFixed(1)} s`);

    await computeAggregates(db, period.id, true); // warm
    const times: number[] = [];
    let groups = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const a = await computeAggregates(db, period.id, true);
      times.push(performance.now() - t);
      groups = a!.groups.length;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const worst = times.at(-1)!;
    return [
      {
        figure: `survey aggregates, ${N.toLocaleString('en')} enterprises (${answers.toLocaleString('en')} answers, ${groups} groups)`,
        database: label,
        value: `median ${median.toFixed(0)} ms, worst of ${RUNS} ${worst.toFixed(0)} ms`,
        target: `≤ ${TARGET_MS} ms`,
        ok: median <= TARGET_MS ? 'yes' : 'NO',
      },
    ];
  } finally {
    await ctx.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function surveyFigures(): Promise<Row[]> {
  return onEachDatabase('surveys', measure);
}

runAlone(import.meta.url, surveyFigures);
