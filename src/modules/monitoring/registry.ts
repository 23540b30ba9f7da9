import type { IndicatorProvider } from '../indicator-providers.js';

/**
 * The providers of automatic indicators, by code. Modules export theirs; the assembly
 * (src/server/indicators.ts) registers them once per process. Registering a code twice keeps
 * the last provider (a module reloaded in tests registers the same objects again).
 */
const providers = new Map<string, IndicatorProvider>();

export function registerIndicatorProviders(...list: IndicatorProvider[]): void {
  for (const p of list) providers.set(p.code, p);
}

export const indicatorProviders = (): IndicatorProvider[] => [...providers.values()];
export const providerFor = (code: string): IndicatorProvider | undefined => providers.get(code);
