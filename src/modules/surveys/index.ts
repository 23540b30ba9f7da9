import type { Executor } from '../../db/connect.js';
import { responseRate, type Audience } from '../../domain/surveys.js';
import { periodRates } from './repo.js';

export { surveyIndicators } from './indicators.js';

/** What other modules (the monthly monitoring: DN.PHANHOI) may use of the survey engine. */

export interface PeriodResponseRate {
  periodId: number;
  code: string;
  audience: Audience;
  status: 'open' | 'closed';
  opensOn: string;
  closesOn: string;
  /** Organisations asked in the period. */
  asked: number;
  /** Responses submitted (returned ones do not count until resubmitted). */
  submitted: number;
  /** submitted ÷ asked in percent, one decimal; null when nobody was asked. */
  rate: number | null;
}

/** The response rate of every survey period (or of one audience), oldest first. */
export async function surveyResponseRates(db: Executor, audience?: Audience): Promise<PeriodResponseRate[]> {
  return (await periodRates(db)).filter((p) => !audience || p.audience === audience).map((p) => ({ ...p, rate: responseRate(p.submitted, p.asked) }));
}
