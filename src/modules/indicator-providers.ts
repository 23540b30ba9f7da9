import type { Executor } from '../db/connect.js';
import type { PeriodWindow } from '../domain/monitoring.js';

/**
 * What a module gives monthly monitoring: for an indicator code of the catalogue, its value
 * for every agency in a period, computed from the module's own tables (the SQL stays in the
 * module), and the records behind one agency's value. A module exports its providers from
 * its index.ts; the assembly (src/server/indicators.ts) registers them with one call, so
 * the registry grows as modules land and monitoring never reads another module's tables.
 */
export interface ProviderValue {
  orgId: number;
  /** The measured value: a count, or numerator ÷ denominator × 100 for a percentage. */
  value: number;
  numerator: number;
  /** Null for a count that has no denominator. */
  denominator: number | null;
  /** Further figures of the same measure (p90 of processing days…). */
  extra?: Record<string, number | null>;
}

export type DrillRecord = {
  /** What the record is, for the link. */
  kind: 'document' | 'inbox_item' | 'task' | 'procedure' | 'mail' | 'portal_section' | 'plan_item' | 'security_system' | 'incident' | 'survey_response' | 'project';
  id: number;
  label: string;
  /** The date that placed it in the period (arrival, issue, completion, deadline), ISO. */
  at: string | null;
  /** Counted in the numerator (for a ratio), or the record counted (for a count). */
  counted: boolean;
  /** A short reason: "giấy", "quá hạn 3 ngày", "thiếu 1 biểu mẫu". */
  note: string | null;
  /** Where the web app opens it. */
  link: string | null;
};

export interface IndicatorProvider {
  code: string;
  /** The module that computes it (documents, mail, portal, tasks…). */
  module: string;
  /** How it is computed, in Vietnamese: shown with every value. */
  method: string;
  /**
   * Values for the agencies given (all when absent) that have something to count in the
   * period. Monitoring calls it for small batches of agencies, so that on SQLite (one
   * synchronous connection) no single statement holds the server for long.
   */
  compute(db: Executor, w: PeriodWindow, orgIds?: readonly number[]): Promise<ProviderValue[]>;
  /** The records behind one agency's value, at most `limit`. */
  records(db: Executor, w: PeriodWindow, orgId: number, limit: number): Promise<DrillRecord[]>;
}

/** Percentage with two decimals; null without a denominator. */
export const percent = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 100 : 0);
