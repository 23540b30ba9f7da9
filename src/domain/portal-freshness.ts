/**
 * Freshness of an agency's pages on the public portal. Decree 42/2022 asks agencies to keep
 * what they publish up to date; the province watches pages nobody touched for a season.
 */
export const STALE_AFTER_DAYS = 90;

export interface Freshness {
  /** Whole days since the last update, in calendar days of Vietnam. */
  days: number;
  stale: boolean;
}

const DAY = 86_400_000;

/** `lastUpdated`: ISO timestamp; `today`: YYYY-MM-DD in Asia/Ho_Chi_Minh; dates compare as calendar days. */
export function freshness(lastUpdatedLocalDate: string, today: string, staleAfterDays = STALE_AFTER_DAYS): Freshness {
  const days = Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastUpdatedLocalDate}T00:00:00Z`)) / DAY));
  return { days, stale: days > staleAfterDays };
}

/** The latest of several ISO timestamps (null when none). */
export function latest(...stamps: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const s of stamps) if (s && (best === null || s > best)) best = s;
  return best;
}
